"""Field rules for purchase headers and lines, and what a blocked vendor may not do."""

from __future__ import annotations

from decimal import Decimal

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.fields import FieldRule
from ..sales.doc_rules import LINE_RULES as SALES_LINE_RULES

HEADER_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("vendor_no", _("Buy-from Vendor No."), "code", required=True, lookup="vendor"),
    FieldRule("vendor_invoice_no", _("Vendor Invoice No."), max_length=35),
    FieldRule("vendor_cr_memo_no", _("Vendor Cr. Memo No."), max_length=35),
    FieldRule("vendor_order_no", _("Vendor Order No."), max_length=35),
    FieldRule("order_date", _("Order Date"), "date"),
    FieldRule("document_date", _("Document Date"), "date"),
    FieldRule("posting_date", _("Posting Date"), "date"),
    FieldRule("due_date", _("Due Date"), "date"),
    FieldRule("expected_receipt_date", _("Expected Receipt Date"), "date"),
    FieldRule("payment_terms", _("Payment Terms Code"), "code", lookup="payment_terms"),
    FieldRule("location", _("Location Code"), "code", lookup="location"),
    FieldRule("prices_incl_vat", _("Prices Including VAT"), "bool"),
    FieldRule("applies_to_doc_no", _("Applies-to Doc. No."), "code", max_length=20),
    FieldRule("sell_to_customer_no", _("Sell-to Customer No."), "code", lookup="customer"),
)}

# the line fields a purchase line shares with a sales line take the sales line's rules
LINE_RULES: dict[str, FieldRule] = {
    **{name: SALES_LINE_RULES[name] for name in ("type", "no", "description", "location", "quantity", "uom")},
    "direct_unit_cost": FieldRule("direct_unit_cost", _("Direct Unit Cost"), "decimal", minimum=Decimal(0), scale=5),
    **{name: SALES_LINE_RULES[name] for name in ("line_discount_pct", "vat_prod_group")},
    "qty_to_receive": FieldRule("qty_to_receive", _("Qty. to Receive"), "decimal", minimum=Decimal(0), scale=5),
    "qty_to_invoice": SALES_LINE_RULES["qty_to_invoice"],
    "expected_receipt_date": FieldRule("expected_receipt_date", _("Expected Receipt Date"), "date"),
}

HANDLING_FIELDS = frozenset({"qty_to_receive", "qty_to_invoice"})
# header fields a released document still takes (BC: the vendor's invoice arrives after the
# goods, and is typed on the released order before invoicing it)
RELEASED_HEADER_FIELDS = frozenset({"vendor_invoice_no", "vendor_cr_memo_no", "posting_date", "document_date"})


def vendor_blocked_message(vendor, *, posting: bool) -> str | None:
    """BC's refusal for a vendor blocked for all transactions (Payment blocks payments only)."""
    if vendor.blocked != "all":
        return None
    if posting:
        return _("You cannot post this type of document when Vendor {no} {name} is blocked with type All.") \
            .format(no=vendor.no, name=vendor.name)
    return _("You cannot create this type of document when Vendor {no} {name} is blocked with type All.") \
        .format(no=vendor.no, name=vendor.name)


def refuse_blocked_vendor(vendor) -> None:
    message = vendor_blocked_message(vendor, posting=False)
    if message:
        raise SalesDeskError(message)
