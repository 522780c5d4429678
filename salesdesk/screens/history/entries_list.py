"""Ledger entries (customer, vendor, item, G/L, VAT), newest first, read-only; optionally narrowed to
one customer / item / account, or to one document. Enter shows the posted document an entry
came from; Navigate (Alt+G) finds everything else that document posted.

Customer and vendor entries show Days Overdue (open entries with something left to pay, past
their due date on the work date); overdue rows stand out in the error colour, as BC shows them
in red. Alt+O keeps only the open entries; Alt+A applies the entry under the cursor, Alt+Shift+A
unapplies it; on vendor entries Alt+P pays the vendor (a vendor payment)."""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Static

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column, PagedTable
from ..common.list_base import ListScreen
from .posted_card import NAVIGATE, POSTED_KINDS

LEDGER_TITLES = {"customer": _("Customer Ledger Entries"), "vendor": _("Vendor Ledger Entries"), "item": _("Item Ledger Entries"),
                 "gl": _("General Ledger Entries"), "vat": _("VAT Entries")}
# the column each ledger can be narrowed to (desk.ledger.page's ``key``)
LEDGER_KEYS = {"customer": "customer_no", "vendor": "vendor_no", "item": "item_no", "gl": "account_no", "vat": "bill_to_customer_no"}

DOCUMENT_TYPES = {"invoice": _("Invoice"), "credit_memo": _("Cr. Memo"), "payment": _("Payment"),
                  "refund": _("Refund"), "payment_discount": _("Pmt. Disc."), "shipment": _("Shipment"),
                  "return_receipt": _("Ret. Rcpt"), "item_journal": _("Item Jnl.")}
ENTRY_TYPES = {"sale": _("Sale"), "positive_adjmt": _("Positive Adjmt."),
               "negative_adjmt": _("Negative Adjmt."), "purchase": _("Purchase")}


def _document_type(value) -> str:
    return DOCUMENT_TYPES.get(value, fmt.words(value).capitalize())


def _entry_type(value) -> str:
    return ENTRY_TYPES.get(value, fmt.words(value).capitalize())


def _open(value) -> str:
    return _("Yes") if value else _("No")


def _days(value) -> str:
    return str(value) if value else ""


# ledgers whose entries are applied to each other, with the sign of what is owed on them
APPLIED_LEDGERS = {"customer": 1, "vendor": -1}


def days_overdue(due_date, remaining_amount, is_open, today: dt.date, owed_sign: int = 1) -> int:
    """Days past the due date on ``today`` of an open entry with something left to pay (else
    0); ``owed_sign`` -1 for vendor entries, where what we owe is negative."""
    if not is_open or due_date is None or remaining_amount is None or remaining_amount * owed_sign <= 0:
        return 0
    return max((today - due_date).days, 0)


# Every column a ledger list can show, by the model's column name.
COLUMNS = {
    "entry_no": Column(_("Entry No."), 9, "right"),
    "posting_date": Column(_("Posting Date"), 12, format=fmt.date),
    "document_type": Column(_("Doc. Type"), 10, format=_document_type),
    "entry_type": Column(_("Entry Type"), 15, format=_entry_type),
    "document_no": Column(_("Document No."), 12),
    "customer_no": Column(_("Customer No."), 12),
    "vendor_no": Column(_("Vendor No."), 10),
    "external_document_no": Column(_("External Doc. No."), 14),
    "item_no": Column(_("Item No."), 10),
    "account_no": Column(_("Acc. No."), 8),
    "account_name": Column(_("Account Name"), 0),
    "bill_to_customer_no": Column(_("Bill-to Cust. No."), 17),
    "description": Column(_("Description"), 0),
    "location": Column(_("Location"), 8),
    "due_date": Column(_("Due Date"), 10, format=fmt.date),
    "days_overdue": Column(_("Days Overdue"), 12, "right", _days),
    "amount": Column(_("Amount"), 12, "right", fmt.amount),
    "remaining_amount": Column(_("Remaining Amt."), 14, "right", fmt.amount),
    "open": Column(_("Open"), 4, format=_open),
    "quantity": Column(_("Quantity"), 10, "right", fmt.quantity),
    "remaining_quantity": Column(_("Remaining Qty."), 14, "right", fmt.quantity),
    "cost_amount": Column(_("Cost Amount"), 12, "right", fmt.amount),
    "prod_group": Column(_("Prod. Group"), 11),
    "vat_pct": Column(_("VAT %"), 5, "right", fmt.quantity),
    "base": Column(_("Base"), 11, "right", fmt.amount),
}

# What each list shows, in BC's order (Entry No. last) with the amounts early enough to be seen
# at 80 columns; the model's rows are reordered to it.
LAYOUTS = {
    "customer": ("posting_date", "document_type", "document_no", "customer_no", "description", "amount",
                 "remaining_amount", "due_date", "days_overdue", "open", "entry_no"),
    # the vendor's own document number instead of a description (what the clerk pays against)
    "vendor": ("posting_date", "document_type", "document_no", "external_document_no", "vendor_no", "amount",
               "remaining_amount", "due_date", "days_overdue", "open", "entry_no"),
    "item": ("posting_date", "entry_type", "document_type", "document_no", "item_no", "quantity",
             "remaining_quantity", "cost_amount", "location", "entry_no"),
    "gl": ("posting_date", "document_type", "document_no", "account_no", "account_name", "description", "amount",
           "entry_no"),
    "vat": ("posting_date", "document_type", "document_no", "prod_group", "vat_pct", "base", "amount",
            "bill_to_customer_no", "entry_no"),
}
# lists without a Description: the first of these shown takes the spare width
FLEX = {"item": ("item_no", "location"), "vat": ("bill_to_customer_no", "prod_group"),
        "vendor": ("external_document_no",)}
# shown columns that are not ledger columns: computed for each row after it is read
COMPUTED = ("account_name", "days_overdue")


class LedgerTable(PagedTable):
    """A ledger's rows; ``overdue(row)`` rows are shown in the error colour (not under the cursor)."""

    COMPONENT_CLASSES = PagedTable.COMPONENT_CLASSES | {"ledger-table--overdue"}

    DEFAULT_CSS = """
    LedgerTable > .ledger-table--overdue { color: $text-error; }
    """

    def __init__(self, *args, overdue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._overdue = overdue

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y - 1
        if self._overdue is None or y == 0 or index == self.cursor or not 0 <= index < self.row_count:
            return strip
        row = self._row(index)
        if row is None or not self._overdue(row):
            return strip
        style = self.get_component_rich_style("ledger-table--overdue", partial=True)
        return Strip([Segment(seg.text, seg.style + style if seg.style else style, seg.control) for seg in strip],
                     strip.cell_length)


class EntriesListScreen(ListScreen):
    FILTER_HINTS = {"customer": _("Type the start of a document no. or customer no. to filter"),
                    "vendor": _("Type the start of a document no. or vendor no. to filter"),
                    "item": _("Type the start of a document no. or item no. to filter"),
                    "gl": _("Type the start of a document no. or G/L account no. to filter"),
                    "vat": _("Type the start of a document no. or bill-to customer no. to filter")}
    NOUN = _("entries")
    NOUN_ONE = _("entry")

    BINDINGS = [
        Binding("ctrl+o", "open", _("Show document"), id="entries.show"),
        NAVIGATE,
        Binding("alt+a", "apply_entries", _("Apply Entries"), id="entries.apply", priority=True),
        Binding("alt+shift+a", "unapply", _("Unapply"), id="entries.unapply", priority=True),
        Binding("alt+o", "open_only", _("Open only"), id="entries.open_only", priority=True),
        Binding("alt+p", "pay_vendor", _("Pay vendor"), id="entries.pay_vendor", priority=True),
    ]

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("apply_entries", "unapply", "open_only"):
            return self.ledger in APPLIED_LEDGERS
        if action == "pay_vendor":
            return self.ledger == "vendor"
        return True

    def __init__(self, name: str, *, key: str | None = None, document_no: str | None = None,
                 open_only: bool = False):
        self.ledger = name
        self.key = key or None
        self.document_no = document_no or None
        self.open_only = bool(open_only) and name in APPLIED_LEDGERS  # only these entries are open or not
        names = [n for n in LAYOUTS[name] if not (self.key and n == LEDGER_KEYS[name])]
        self.names = names
        self._order: list[int] | None = None  # model column index for each shown column
        self._model: list[str] = []  # the ledger's columns as the model returns them
        self._account_names: dict[str, str] = {}
        title = LEDGER_TITLES[name]
        for narrowed in (self.key, self.document_no):
            if narrowed:
                title += f" · {narrowed}"
        self._base_title = title
        self.TITLE_TEXT = self._title()
        self.FILTER_HINT = self.FILTER_HINTS[name]
        super().__init__()

    def _title(self) -> str:
        return self._base_title + (" · " + _("open entries only") if self.open_only else "")

    def compose(self) -> ComposeResult:
        # the ledger's own table: it shows overdue customer (vendor) entries in the error colour
        overdue_col = self.names.index("days_overdue") if "days_overdue" in self.names else None
        for widget in super().compose():
            if isinstance(widget, PagedTable) and overdue_col is not None:
                widget = LedgerTable(self.columns(), self.fetch_page, self.fetch_count, id="rows",
                                     empty_text=_("No {noun} match.").format(noun=self.NOUN),
                                     overdue=lambda row: bool(row[overdue_col]))
            yield widget

    def columns(self) -> list[Column]:
        columns = [COLUMNS[n] for n in self.names]
        if all(c.width for c in columns):
            flex = next((n for n in FLEX.get(self.ledger, ()) if n in self.names), None)
            columns = [Column(c.label, 0, c.align, c.format) if n == flex else c
                       for n, c in zip(self.names, columns)]
        return columns

    # -- rows, off the UI thread -------------------------------------------------------------

    def _reorder(self, rows: list[tuple]) -> list[tuple]:
        desk = self.app.desk
        computed = [n for n in COMPUTED if n in self.names]  # appended to each row, in this order
        if self._order is None:
            self._model = list(desk.ledger.entry_list(self.ledger).columns)
            if "account_name" in computed:  # not a ledger column: read from the chart of accounts
                self._account_names = {a.no: a.name for a in desk.setup.records("gl_account")}
            model = self._model + computed
            self._order = [model.index(n) for n in self.names]
        if computed:
            model = self._model
            today = desk.today()
            names = self._account_names
            col = {n: model.index(n) for n in ("account_no", "due_date", "remaining_amount", "open") if n in model}
            owed_sign = APPLIED_LEDGERS.get(self.ledger, 1)

            def extra(row: tuple) -> tuple:
                return tuple(names.get(row[col["account_no"]], "") if n == "account_name" else
                             days_overdue(row[col["due_date"]], row[col["remaining_amount"]], row[col["open"]],
                                          today, owed_sign) for n in computed)

            rows = [row + extra(row) for row in rows]
        order = self._order
        return [tuple(row[i] for i in order) for row in rows]

    def fetch_page(self, text, offset, limit):
        rows = self.app.desk.ledger.page(self.ledger, text, offset, limit, key=self.key,
                                         document_no=self.document_no, open_only=self.open_only)
        return self._reorder(rows)

    def fetch_count(self, text):
        return self.app.desk.ledger.count(self.ledger, text, key=self.key, document_no=self.document_no,
                                          open_only=self.open_only)

    def action_open_only(self) -> None:
        if self.ledger not in APPLIED_LEDGERS:
            return
        self.open_only = not self.open_only
        self.TITLE_TEXT = self._title()
        self.sub_title = self.TITLE_TEXT
        self.query_one(".title", Static).update(self.TITLE_TEXT)
        self.notify(_("Open entries only.") if self.open_only else _("Every entry, open and closed."), timeout=2)
        self.table.reload()

    # -- actions -------------------------------------------------------------------------------

    def _value(self, row: tuple, name: str):
        return row[self.names.index(name)] if name in self.names else None

    def open_row(self, key) -> None:
        row = self.table.current_row
        if row is None:
            return
        kind = self._value(row, "document_type")
        document_no = self._value(row, "document_no")
        if kind in POSTED_KINDS and document_no and self.ledger != "vendor":  # posted sales documents
            self.app.open_posted(kind, document_no)
        else:
            self.notify(_("Entry {no} has no posted document; Navigate shows what else {doc} posted.").format(
                no=self._value(row, "entry_no"), doc=document_no or "—"), timeout=4)

    def action_navigate(self) -> None:
        row = self.table.current_row
        if row is not None and self._value(row, "document_no"):
            self.app.open_navigate(str(self._value(row, "document_no")))

    # -- applying customer (vendor) entries (a credit memo to an invoice, after posting) ------

    def _current_entry_no(self) -> int | None:
        row = self.table.current_row
        return None if row is None else self._value(row, "entry_no")

    async def action_apply_entries(self) -> None:
        from ..receivables.apply_entries_dialog import ApplyEntriesScreen

        entry_no = self._current_entry_no()
        if entry_no is None:
            return
        desk = self.app.desk
        vendor = self.ledger == "vendor"
        read = desk.ledger.vendor_entries if vendor else desk.ledger.customer_entries
        try:
            entries = await self.app.db(read, self._party_of(entry_no), True)
        except Exception as err:
            self.app.report(err)
            return
        entry = next((e for e in entries if e.entry_no == entry_no), None)
        if entry is None:
            self.notify(_("Entry {no} is closed: nothing is left to apply.").format(no=entry_no), severity="warning")
            return
        candidates = [e for e in entries if (e.remaining_amount > 0) != (entry.remaining_amount > 0)]
        if not candidates:
            message = (_("Vendor {no} has no open entry that {doc} can settle.") if vendor
                       else _("Customer {no} has no open entry that {doc} can settle."))
            self.notify(message.format(no=self._party_of(entry_no), doc=entry.document_no), severity="warning")
            return

        async def chosen(entry_nos) -> None:
            if not entry_nos:
                return
            apply = desk.payments.apply_vendor if vendor else desk.ledger.apply
            try:
                after = await self.app.db(apply, entry_no, entry_nos)
            except Exception as err:
                self.app.report(err, title=_("Not applied"))
                return
            self.notify(_("Entry {no} applied; {left} remains open on it.").format(
                no=entry_no, left=after.remaining_amount))
            self.table.reload()

        self.app.push_screen(ApplyEntriesScreen(entry, candidates), chosen)

    def _party_of(self, entry_no: int) -> str:
        """The customer (vendor) of an entry (the list may show several)."""
        if self.key:
            return self.key
        row = self.table.current_row
        return str(self._value(row, LEDGER_KEYS[self.ledger]))

    async def action_unapply(self) -> None:
        from ..common.dialogs import ConfirmScreen

        entry_no = self._current_entry_no()
        if entry_no is None:
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                desk = self.app.desk
                unapply = desk.payments.unapply_vendor if self.ledger == "vendor" else desk.ledger.unapply
                after = await self.app.db(unapply, entry_no)
            except Exception as err:
                self.app.report(err, title=_("Not unapplied"))
                return
            self.notify(_("Entry {no} unapplied; {left} is open on it again.").format(
                no=entry_no, left=after.remaining_amount))
            self.table.reload()

        self.app.push_screen(ConfirmScreen(_("Undo every application entry {no} made? The remaining amounts come "
                                             "back as they were.").format(no=entry_no)), answered)

    # -- paying a vendor ---------------------------------------------------------------------

    def action_pay_vendor(self) -> None:
        """Alt+P: the vendor payment dialog, for this list's vendor (or the entry's), ready to
        apply to the invoice under the cursor when it is open."""
        from ..purchases.vendor_payment_dialog import VendorPaymentDialog

        row = self.table.current_row
        vendor_no = self.key or (str(self._value(row, "vendor_no")) if row is not None else "")
        apply_to = ""
        if row is not None and self._value(row, "open") and (self._value(row, "remaining_amount") or 0) < 0:
            apply_to = str(self._value(row, "document_no"))

        def paid(payment) -> None:
            if payment is not None:
                self.table.reload()

        self.app.push_screen(VendorPaymentDialog(vendor_no, apply_to=apply_to), paid)
