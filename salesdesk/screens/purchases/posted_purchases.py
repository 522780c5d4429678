"""Posted purchase documents: a list per kind (receipts, invoices, credit memos), newest first,
and a read-only card; on a receipt, Undo Receipt takes a line (Alt+U) or every line not yet
invoiced (Alt+Shift+U) back by a correction line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen
from ..output.output_actions import OUTPUT_BINDINGS, OutputActions

POSTED_PURCHASE_PLURAL = {"receipt": _("Posted Purchase Receipts"), "invoice": _("Posted Purchase Invoices"),
                          "credit_memo": _("Posted Purchase Credit Memos")}
POSTED_PURCHASE_TITLES = {"receipt": _("Posted Purchase Receipt"), "invoice": _("Posted Purchase Invoice"),
                          "credit_memo": _("Posted Purchase Credit Memo"),
                          "return_shipment": _("Posted Return Shipment")}
NAVIGATE = Binding("alt+g,ctrl+g", "navigate", _("Navigate"), id="navigate")
PRINTED_POSTED_KINDS = ("receipt", "invoice")  # Alt+W prints them (report_data.POSTED_PURCHASE_REPORTS)


class PostedPurchaseListScreen(ListScreen):
    FILTER_HINT = _("Type to filter by number, vendor or vendor invoice no.")
    NOUN = _("documents")
    NOUN_ONE = _("document")

    BINDINGS = [
        Binding("ctrl+o", "open", _("Open card"), id="postedpurch.open"),
        NAVIGATE,
    ]

    def __init__(self, kind: str):
        self.kind = kind
        self.TITLE_TEXT = POSTED_PURCHASE_PLURAL[kind]
        super().__init__()

    def columns(self) -> list[Column]:
        return [Column(_("No."), 10), Column(_("Vendor No."), 10), Column(_("Vendor Name"), 0),
                Column(_("Posting Date"), 12, format=fmt.date), Column(_("Vendor Doc. No."), 16),
                Column(_("Source Doc. No."), 15), Column(_("Amount"), 12, "right", fmt.amount),
                Column(_("Amount Incl. VAT"), 16, "right", fmt.amount)]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.posted.purchase_page(self.kind, text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.posted.purchase_count(self.kind, text)

    def open_row(self, key) -> None:
        self.app.open_posted_purchase(self.kind, str(key))

    def action_navigate(self) -> None:
        key = self.table.current_key
        if key is not None:
            self.app.open_navigate(str(key))


class PostedPurchaseScreen(OutputActions, Screen):
    """Read-only: what was posted. A receipt's lines not yet invoiced can be undone; a receipt
    or an invoice prints (Alt+W)."""

    CSS_PATH = styles.CARD
    BINDINGS = [
        Binding("escape", "close", _("Close"), id="postedpurch.close"),
        NAVIGATE,
        Binding("alt+u", "undo_receipt_line", _("Undo Receipt Line"), id="postedpurch.undo_line", priority=True),
        Binding("alt+shift+u", "undo_receipt_all", _("Undo Receipt (all lines)"), id="postedpurch.undo_all",
                priority=True),
        OUTPUT_BINDINGS[0],  # Print
    ]

    def __init__(self, kind: str, no: str):
        super().__init__()
        self.kind = kind
        self.no = no
        self.doc = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="card-title", classes="title", markup=False)
        yield Static("", id="posted-fields", markup=False)
        yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="totals", markup=False)
        yield DeskFooter()

    async def on_mount(self) -> None:
        table = self.query_one("#lines", DataTable)
        for label, key in ((_("Line"), "line"), (_("Type"), "type"), (_("No."), "no"),
                           (_("Description"), "description"), (_("Quantity"), "quantity"),
                           (_("Direct Unit Cost"), "cost"), (_("Line Amount"), "amount"), (_("Order No."), "order"),
                           (_("Correction"), "correction")):
            table.add_column(label, key=key)
        await self.reload()
        table.focus()

    async def reload(self) -> None:
        try:
            self.doc = await self.app.db(self.app.desk.posted.purchase_document, self.kind, self.no)
        except Exception as err:
            self.app.report(err)
            self.app.pop_screen()
            return
        doc = self.doc
        self.query_one("#card-title", Static).update(
            f"{POSTED_PURCHASE_TITLES[self.kind]} {doc.no} · {doc.vendor_no} {doc.vendor_name}")
        fields = [f"{_('Posting Date')}: {fmt.date(doc.posting_date)}"]
        if doc.vendor_invoice_no or doc.vendor_cr_memo_no:
            fields.append(f"{_('Vendor Doc. No.')}: {doc.vendor_invoice_no or doc.vendor_cr_memo_no}")
        if doc.order_no:
            fields.append(f"{_('Order No.')}: {doc.order_no}")
        if doc.due_date:
            fields.append(f"{_('Due Date')}: {fmt.date(doc.due_date)}")
        self.query_one("#posted-fields", Static).update("   ".join(fields))
        table = self.query_one("#lines", DataTable)
        table.clear()
        for line in doc.lines:
            table.add_row(str(line.line_no), fmt.words(line.type), line.no, line.description,
                          fmt.quantity(line.quantity), fmt.price(line.direct_unit_cost),
                          fmt.amount(line.line_amount or line.cost_amount), line.order_no,
                          _("Yes") if line.correction else "", key=str(line.line_no))
        self.query_one("#totals", Static).update(
            f"{_('Total Excl. VAT')} {fmt.amount(doc.amount)}   {_('VAT')} {fmt.amount(doc.vat_amount)}"
            f"   {_('Total Incl. VAT')} {fmt.amount(doc.amount_incl_vat)}" if self.kind != "receipt" else "")
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("undo_receipt_line", "undo_receipt_all"):
            return self.kind == "receipt"
        if action == "print_document":
            return self.kind in PRINTED_POSTED_KINDS and self.doc is not None
        return True

    def output_doc(self):
        return self.doc if self.kind in PRINTED_POSTED_KINDS else None

    def action_undo_receipt_line(self) -> None:
        table = self.query_one("#lines", DataTable)
        if self.doc is None or not self.doc.lines:
            return
        line = self.doc.lines[table.cursor_row]
        self._undo([line.line_no], _("Undo receipt line {n} ({no} {text})?").format(
            n=line.line_no, no=line.no, text=line.description))

    def action_undo_receipt_all(self) -> None:
        if self.doc is not None:
            self._undo(None, _("Undo every line of receipt {no} that is not invoiced yet?").format(no=self.no))

    def _undo(self, line_nos, question: str) -> None:
        from ..common.dialogs import ConfirmScreen, ProblemsScreen

        async def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                await self.app.db(self.app.desk.posted.undo_receipt, self.no, line_nos)
            except Exception as err:
                problems = getattr(err, "problems", None)
                if problems:
                    self.app.push_screen(ProblemsScreen(_("Receipt {no} not undone").format(no=self.no), problems))
                else:
                    self.app.report(err, title=_("Not undone"))
                return
            self.notify(_("Undone: the stock and the order are back."))
            await self.reload()

        self.app.push_screen(ConfirmScreen(question, yes=_("Undo Receipt")), answer)

    def action_navigate(self) -> None:
        self.app.open_navigate(self.no)

    def action_close(self) -> None:
        self.app.pop_screen()
