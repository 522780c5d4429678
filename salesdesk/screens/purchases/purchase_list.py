"""A list of purchase documents of one kind: number, vendor, vendor invoice no., status,
expected receipt date, amounts (paged from SQL, type to filter); on purchase orders, Alt+W
prints and Alt+Shift+E e-mails the order under the cursor to its vendor."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...model.purchases.kinds import PurchaseKind, PurchaseRef
from ...model.sales.doc_states import STATUS_LABELS
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen
from ..output.output_actions import OUTPUT_BINDINGS, OutputActions
from .purchase_card import OUTPUT_ACTIONS, PRINTED_KINDS, PURCHASE_TITLES

PURCHASE_PLURAL = {"order": _("Purchase Orders"), "invoice": _("Purchase Invoices"),
                   "credit_memo": _("Purchase Credit Memos")}


class PurchaseListScreen(OutputActions, ListScreen):
    FILTER_HINT = _("Type to filter by number, vendor, vendor invoice no. or vendor order no.")
    NOUN = _("documents")
    NOUN_ONE = _("document")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="purchlist.new"),
        Binding("ctrl+o", "open", _("Open card"), id="purchlist.open"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="purchlist.delete", priority=True),
        *OUTPUT_BINDINGS,
    ]

    def __init__(self, kind: str):
        self.kind = kind
        self.TITLE_TEXT = PURCHASE_PLURAL[kind]
        super().__init__()

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 12),
            Column(_("Vendor No."), 10),
            Column(_("Vendor Name"), 0),
            Column(_("Vendor Invoice No."), 18),
            Column(_("Status"), 9, format=lambda s: STATUS_LABELS.get(s, s)),
            Column(_("Expected Receipt"), 16, format=fmt.date),
            Column(_("Amount"), 13, "right", fmt.amount),
            Column(_("Amount Incl. VAT"), 16, "right", fmt.amount),
        ]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.purchases.page(self.kind, text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.purchases.count(self.kind, text)

    def open_row(self, key) -> None:
        self.app.open_purchase(self.kind, str(key))

    def action_new(self) -> None:
        self.app.open_purchase(self.kind, None)

    def delete_row(self, row):
        no = row[0]
        return (_("Delete {title} {no} ({name}) and all its lines?").format(
                    title=PURCHASE_TITLES[self.kind], no=no, name=row[2]),
                lambda: self.app.desk.purchases.delete(PurchaseRef(PurchaseKind(self.kind), no)))

    # Print / Send by E-mail the purchase order under the cursor (OutputActions)
    def output_doc(self):
        key = self.table.current_key
        return PurchaseRef(PurchaseKind(self.kind), str(key)) if key is not None else None

    def check_action(self, action: str, parameters) -> bool | None:
        if action in OUTPUT_ACTIONS:
            return self.kind in PRINTED_KINDS
        return True
