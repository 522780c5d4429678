"""A list of sales documents of one kind: number, customer, status, amounts."""

from __future__ import annotations

from textual import work
from textual.binding import Binding

from ...i18n import _
from ...model.output.report_data import DocumentKey
from ...model.sales.doc_states import STATUS_LABELS
from ...model.sales.kinds import DocRef
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen
from ..output.output_actions import OUTPUT_BINDINGS, OutputActions
from .document_card import KIND_TITLES

PLURAL = {"quote": _("Sales Quotes"), "order": _("Sales Orders"), "invoice": _("Sales Invoices"),
          "credit_memo": _("Sales Credit Memos"), "return_order": _("Sales Return Orders"),
          "blanket_order": _("Blanket Sales Orders")}
STATUS = STATUS_LABELS


class DocumentListScreen(OutputActions, ListScreen):
    FILTER_HINT = _("Type to filter by number, customer, external document no. or reference")
    NOUN = _("documents")
    NOUN_ONE = _("document")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="doclist.new"),
        Binding("ctrl+o", "open", _("Open card"), id="doclist.open"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="doclist.delete", priority=True),
        # Alt+B arrives from terminals as Ctrl+Left (word back): Alt+Shift+B is what they send
        Binding("alt+shift+b,alt+b", "combine_shipments", _("Combine Shipments"), id="doclist.combine"),
        Binding("alt+d", "delete_invoiced", _("Delete Invoiced Orders"), id="doclist.delete_invoiced"),
        Binding("alt+d", "delete_invoiced_blankets", _("Delete Invoiced Blanket Orders"),
                id="doclist.delete_invoiced_blankets"),
        Binding("alt+r", "recurring_invoices", _("Create Recurring Invoices"), id="doclist.recurring_invoices",
                priority=True),
        *OUTPUT_BINDINGS,
    ]

    ORDER_ONLY = {"combine_shipments", "delete_invoiced"}

    def __init__(self, kind: str):
        self.kind = kind
        self.TITLE_TEXT = PLURAL[kind]
        super().__init__()

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 12),
            Column(_("Customer No."), 12),
            Column(_("Customer Name"), 0),
            Column(_("Status"), 9, format=lambda s: STATUS.get(s, s)),
            Column(_("Order Date"), 10, format=fmt.date),
            Column(_("Amount"), 13, "right", fmt.amount),
            Column(_("Amount Incl. VAT"), 16, "right", fmt.amount),
        ]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.sales.page(self.kind, text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.sales.count(self.kind, text)

    def open_row(self, key) -> None:
        self.app.open_document(self.kind, str(key))

    def action_new(self) -> None:
        self.app.open_document(self.kind, None)

    # Print / Send by E-mail the document under the cursor (OutputActions)
    def output_doc(self):
        key = self.table.current_key
        return DocumentKey(False, self.kind, str(key)) if key is not None else None

    def output_reports(self) -> tuple[str, ...]:
        return ("order_confirmation", "picking_list") if self.kind == "order" else ()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in self.ORDER_ONLY:
            return self.kind == "order"
        if action == "delete_invoiced_blankets":
            return self.kind == "blanket_order"
        if action == "recurring_invoices":
            return self.kind == "invoice"
        return True

    def action_recurring_invoices(self) -> None:
        from .recurring_invoices_dialog import RecurringInvoicesScreen

        self.app.push_screen(RecurringInvoicesScreen(), lambda _created: self.table.reload())

    def action_combine_shipments(self) -> None:
        from .combine_dialog import CombineShipmentsScreen

        self.app.push_screen(CombineShipmentsScreen(), lambda _result: self.table.reload())

    def action_delete_invoiced(self) -> None:
        self._confirm_delete_invoiced(_(
            "Delete every order that is fully shipped and invoiced (its history stays in the posted "
            "documents and ledgers)?"), self.app.desk.sales.delete_invoiced_orders,
            _("Deleted {n} invoiced orders: {nos}"), _("There were no fully invoiced orders to delete."))

    def action_delete_invoiced_blankets(self) -> None:
        self._confirm_delete_invoiced(_(
            "Delete every blanket order whose lines are all invoiced and that no open document draws on?"),
            self.app.desk.sales.delete_invoiced_blankets, _("Deleted {n} invoiced blanket orders: {nos}"),
            _("There were no fully invoiced blanket orders to delete."))

    def _confirm_delete_invoiced(self, question: str, call, done: str, none: str) -> None:
        from ..common.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete_invoiced(call, done, none)

        self.app.push_screen(ConfirmScreen(question), answered)

    @work(exclusive=True, group="delete-invoiced")
    async def _delete_invoiced(self, call, done: str, none: str) -> None:
        try:
            deleted = await self.app.db(call)
        except Exception as err:  # noqa: BLE001 - reported to the clerk
            self.app.report(err)
            return
        if deleted:
            self.notify(done.format(n=len(deleted), nos=" ".join(deleted)))
        else:
            self.notify(none)
        self.table.reload()

    def delete_row(self, row):
        no = row[0]
        return (_("Delete {title} {no} ({name}) and all its lines?").format(
                    title=KIND_TITLES[self.kind], no=no, name=row[2]),
                lambda: self.app.desk.sales.delete(DocRef(self.kind, no)))
