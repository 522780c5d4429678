"""The purchase document card (order, invoice, credit memo): the sales document card's
machinery (header form saved field by field, line grid with its typeahead-safe cell editor,
lookups, release / reopen / new / delete / statistics) over ``desk.purchases``, with the
vendor in the customer's place and Receive / Invoice posting."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from ...i18n import _
from ...model.sales.doc_states import STATUS_LABELS
from ...widgets import format as fmt
from ..sales.document_card import DocumentScreen
from .purchase_posting import PurchasePosting

PURCHASE_TITLES = {"order": _("Purchase Order"), "invoice": _("Purchase Invoice"),
                   "credit_memo": _("Purchase Credit Memo")}

# all header fields (Alt+H) and the compact card, in two columns
PURCHASE_HEADER = {
    "order": [["vendor_no", "vendor_invoice_no", "vendor_order_no", "location"],
              ["order_date", "posting_date", "expected_receipt_date", "payment_terms", "due_date"]],
    "invoice": [["vendor_no", "vendor_invoice_no", "location"],
                ["posting_date", "document_date", "payment_terms", "due_date"]],
    "credit_memo": [["vendor_no", "vendor_cr_memo_no", "location"],
                    ["posting_date", "document_date", "applies_to_doc_no"]],
}
PURCHASE_COMPACT = {
    "order": [["vendor_no", "vendor_invoice_no"], ["order_date", "expected_receipt_date"]],
    "invoice": [["vendor_no", "vendor_invoice_no"], ["posting_date", "due_date"]],
    "credit_memo": [["vendor_no", "vendor_cr_memo_no"], ["posting_date", "applies_to_doc_no"]],
}

# the actions of the sales card a purchase document has (the others are hidden and refused)
PURCHASE_ACTIONS = frozenset({
    "close", "lookup", "post", "preview_post", "release", "reopen", "statistics", "new", "delete_document",
    "toggle_header", "insert_line", "delete_line", "comment_line"})
# a purchase order prints and is e-mailed to its vendor (Alt+W / Alt+Shift+E); the others do not
OUTPUT_ACTIONS = frozenset({"print_document", "send_document"})
PRINTED_KINDS = frozenset({"order"})
NEEDS = {"post": "post", "preview_post": "post", "release": "release", "reopen": "reopen",
         "delete_document": "delete", "insert_line": "edit_lines", "delete_line": "edit_lines",
         "comment_line": "edit_lines"}


class PurchaseDocumentScreen(PurchasePosting, DocumentScreen):
    """A purchase order, invoice or credit memo."""

    PARTY_FIELD = "vendor_no"
    PARTY_TABLE = "vendor"
    HEADER_LAYOUTS = (PURCHASE_HEADER, PURCHASE_COMPACT)
    CHOOSE_PARTY_FIRST = _("Choose the vendor first.")
    PARTY_CHANGE_QUESTION = _("Change the vendor to {no}? The header takes the new vendor's terms.")

    @property
    def documents(self):
        return self.app.desk.purchases

    def find_party(self, text: str) -> list[str]:
        return self.app.desk.vendors.find(text)

    def title_of_kind(self) -> str:
        return PURCHASE_TITLES[self.kind]

    FACTBOX_TITLES = (_("Vendor"), _("Item Availability"))

    @property
    def grid_kind(self) -> str:
        return f"purchase_{self.kind}"

    def card_title(self, doc) -> str:
        status = STATUS_LABELS.get(doc.status, doc.status)
        return f"{PURCHASE_TITLES[self.kind]} {escape(doc.no)} · {escape(doc.vendor_name)} · [b]{status}[/b]"

    def _show_totals(self, doc) -> None:
        totals = self.query_one("#totals", Static)
        if doc is None:
            totals.update("")
            return
        totals.update(f"{_('Total Excl. VAT')} {fmt.amount(doc.amount)}   {_('VAT')} {fmt.amount(doc.vat_amount)}"
                      f"   {_('Total Incl. VAT')} {fmt.amount(doc.amount_incl_vat)}")

    async def _show_warnings(self) -> None:
        return  # purchase documents have no credit-limit or stock warnings

    async def _customer_facts(self) -> None:
        """The FactBox: the vendor, what we owe it, and whether it is blocked."""
        desk = self.app.desk
        vendor = await self.app.db(desk.vendors.get, self.doc.vendor_no)
        owed = await self.app.db(desk.vendors.balance, vendor.no)
        lines = [f"{vendor.no} {vendor.name}", f"{_('Balance (LCY)'):<19}{fmt.amount(owed):>13}",
                 f"{_('Lead Time (days)'):<19}{vendor.lead_time_days:>13}"]
        if vendor.blocked:
            lines.append(_("Blocked: {what}").format(what=vendor.blocked))
        if self.kind in PRINTED_KINDS:
            printed = await self.app.db(desk.reports.printed_count, self.doc)
            lines.append(f"{_('No. Printed'):<19}{printed:>13}")
        for facts in self.query("#customer-facts").results(Static):
            facts.update("\n".join(lines))

    def _header_lookup(self, name: str) -> str | None:
        if name == "applies_to_doc_no":
            return None if self.doc is None else "open_vendor_invoices:" + self.doc.vendor_no
        return self.form.rules[name].lookup or None

    async def after_created(self, created) -> None:
        """Purchase documents have no recurring sales lines to offer."""

    async def action_release(self) -> None:
        await self._status_action(self.documents.release, _("Released."))

    def check_action(self, action: str, parameters) -> bool | None:
        if action in OUTPUT_ACTIONS:
            return self.kind in PRINTED_KINDS and self.doc is not None
        if action not in PURCHASE_ACTIONS:
            return False
        if action in NEEDS:
            return self.doc is not None and NEEDS[action] in self.allowed
        return True

    # Print / Send by E-mail (OutputActions): the purchase order, to its vendor
    def output_doc(self):
        return self.doc if self.kind in PRINTED_KINDS else None

    def output_reports(self) -> tuple[str, ...]:
        return ()
