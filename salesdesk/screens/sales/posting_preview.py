"""Preview Posting: what a posting would write, per table, with nothing saved (BC's Posting
Preview page: the entries per table on top, the highlighted table's entries below)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter

# table -> (label, [columns]); the order is BC's: ledgers first, then the posted documents
TABLES = {
    "gl_entry": (_("G/L Entry"), ["document_no", "account_no", "account_name", "amount", "description",
                                  "entry_no"]),
    "vat_entry": (_("VAT Entry"), ["document_no", "prod_group", "vat_pct", "base", "amount", "type", "bus_group",
                                   "entry_no"]),
    "cust_ledger_entry": (_("Cust. Ledger Entry"), ["document_type", "document_no", "customer_no", "amount",
                                                    "due_date", "remaining_amount", "description", "entry_no"]),
    "item_ledger_entry": (_("Item Ledger Entry"), ["document_type", "document_no", "item_no", "quantity",
                                                   "cost_amount", "location", "entry_type", "entry_no"]),
    "posted_header": (_("Posted Documents"), ["kind", "no", "customer_no", "amount", "vat_amount",
                                              "amount_incl_vat", "due_date", "customer_name"]),
    "posted_line": (_("Posted Document Lines"), ["kind", "document_no", "line_no", "no", "quantity",
                                                 "line_amount", "amount_incl_vat", "description", "unit_price"]),
    "shipment_invoicing": (_("Shipment Invoicing Links"), ["shipment_no", "shipment_line_no", "invoice_no",
                                                           "invoice_line_no", "quantity"]),
    "gl_register": (_("G/L Register"), ["no", "document_no", "from_entry_no", "to_entry_no"]),
    # a drop shipment's purchase receipt, posted by the same shipment
    "posted_purchase_header": (_("Posted Purchase Documents"), ["kind", "no", "vendor_no", "order_no",
                                                                "sell_to_customer_no", "vendor_name"]),
    "posted_purchase_line": (_("Posted Purchase Lines"), ["kind", "document_no", "line_no", "no", "quantity",
                                                          "direct_unit_cost", "cost_amount", "sales_order_no"]),
}
TEXT_WIDTH = 24  # names and descriptions are cut here, so that the amounts stay in view

COLUMN_LABELS = {
    "entry_no": _("Entry No."), "posting_date": _("Posting Date"), "document_type": _("Document Type"),
    "document_no": _("Document No."), "account_no": _("Account No."), "account_name": _("Account Name"),
    "description": _("Description"), "amount": _("Amount"), "type": _("Type"), "bus_group": _("VAT Bus. Group"),
    "prod_group": _("VAT Prod. Group"), "vat_pct": _("VAT %"), "base": _("Base"), "customer_no": _("Customer No."),
    "customer_name": _("Customer Name"), "remaining_amount": _("Remaining Amount"), "due_date": _("Due Date"),
    "entry_type": _("Entry Type"), "item_no": _("Item No."), "location": _("Location"), "quantity": _("Quantity"),
    "cost_amount": _("Cost Amount"), "kind": _("Document"), "no": _("No."), "vat_amount": _("VAT Amount"),
    "amount_incl_vat": _("Amount Incl. VAT"), "line_no": _("Line No."), "unit_price": _("Unit Price"),
    "line_amount": _("Line Amount"), "shipment_no": _("Shipment No."), "shipment_line_no": _("Shipment Line"),
    "invoice_no": _("Invoice No."), "invoice_line_no": _("Invoice Line"), "from_entry_no": _("From Entry No."),
    "to_entry_no": _("To Entry No."), "vendor_no": _("Vendor No."), "vendor_name": _("Vendor Name"),
    "order_no": _("Order No."), "sell_to_customer_no": _("Sell-to Customer No."),
    "direct_unit_cost": _("Direct Unit Cost"), "sales_order_no": _("Sales Order No."),
}

QUANTITY_FIELDS = {"quantity", "vat_pct"}
PRICE_FIELDS = {"unit_price", "direct_unit_cost"}


def _cell(field: str, value):
    if isinstance(value, bool):
        return fmt.flag(value)
    if isinstance(value, Decimal):
        if field in QUANTITY_FIELDS:
            shown = fmt.quantity(value)
        elif field in PRICE_FIELDS:
            shown = fmt.price(value)
        else:
            shown = fmt.amount(value)
        return Text(shown, justify="right")
    if isinstance(value, int):
        return Text(str(value), justify="right")
    if isinstance(value, (dt.date, dt.datetime)):
        return fmt.date(value)
    return fmt.words(value) if field in ("kind", "document_type", "entry_type", "type") else fmt.text(value)


class PostingPreviewScreen(Screen[None]):
    """Read-only. ``result`` is the PostingResult of ``desk.sales.preview_post``;
    ``account_names`` maps G/L account numbers to names."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("escape", "close", _("Close"), id="preview.close"),
        Binding("tab", "switch", _("Entries / tables"), id="preview.switch"),
    ]

    def __init__(self, what: str, result, *, account_names: dict[str, str] | None = None, choice: str = ""):
        super().__init__()
        self.what = what
        self.result = result
        self.choice = choice
        self.account_names = account_names or {}
        entries = result.entries
        self.tables = [name for name in TABLES if entries.get(name)]
        self.tables += [name for name, rows in entries.items() if rows and name not in TABLES]

    def compose(self) -> ComposeResult:
        yield Header()
        how = f" · {self.choice}" if self.choice else ""
        yield Static(_("Posting Preview · {what}{how}").format(what=self.what, how=how), classes="title",
                     markup=False)
        nos = ", ".join([*self.result.posted_nos, *getattr(self.result, "purchase_receipt_nos", ())])
        yield Static(_("Preview: nothing has been posted.") + " " + _("Would post {nos} on {date}.").format(
            nos=nos or "-", date=fmt.date(self.result.posting_date)), id="preview-banner", markup=False)
        yield DataTable(id="preview-tables", cursor_type="row", zebra_stripes=False)
        yield Static("", id="preview-entries-title", classes="title", markup=False)
        yield DataTable(id="preview-entries", cursor_type="row", zebra_stripes=True)
        yield Static("", id="preview-note", classes="status-line", markup=False)
        yield DeskFooter()

    def on_mount(self) -> None:
        summary = self.query_one("#preview-tables", DataTable)
        summary.add_column(_("Table Name"), key="table", width=28)
        summary.add_column(_("No. of Entries"), key="count", width=14)
        for name in self.tables:
            summary.add_row(TABLES.get(name, (name,))[0], Text(str(len(self.result.entries[name])), justify="right"),
                            key=name)
        summary.styles.height = len(self.tables) + 1
        summary.focus()
        if self.tables:
            self._show_entries(self.tables[0])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "preview-tables" and event.row_key.value:
            self._show_entries(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "preview-tables":
            self.query_one("#preview-entries", DataTable).focus()

    def _show_entries(self, name: str) -> None:
        rows = list(self.result.entries.get(name, ()))
        if name == "gl_entry":
            rows = [{**row, "account_name": self.account_names.get(row.get("account_no"), "")} for row in rows]
        title, fields = TABLES.get(name, (name, list(rows[0]) if rows else []))
        fields = [f for f in fields if not rows or f in rows[0]]
        cells = [[_cell(field, row.get(field)) for field in fields] for row in rows]
        table = self.query_one("#preview-entries", DataTable)
        table.clear(columns=True)
        for index, field in enumerate(fields):
            label = COLUMN_LABELS.get(field, field)
            width = max([len(label), *(len(str(row[index])) for row in cells)])
            if not cells or not isinstance(cells[0][index], Text):
                width = min(width, max(len(label), TEXT_WIDTH))
            table.add_column(label, key=field, width=width)
        for row in cells:
            table.add_row(*row)
        self.query_one("#preview-entries-title", Static).update(f"{title} ({len(rows)})")
        note = ""
        if name == "gl_entry":
            total = sum((row["amount"] for row in rows), Decimal(0))
            note = _("Balance of these G/L entries: {total}").format(total=fmt.amount(total))
        self.query_one("#preview-note", Static).update(note)

    def action_switch(self) -> None:
        summary = self.query_one("#preview-tables", DataTable)
        entries = self.query_one("#preview-entries", DataTable)
        (summary if entries.has_focus else entries).focus()

    def action_close(self) -> None:
        self.dismiss(None)
