"""Field rules and defaults for sales document headers and lines, and who may have what."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.fields import FieldRule
from .kinds import DocKind

KIND_LABELS = {
    DocKind.QUOTE: _("Quote"),
    DocKind.ORDER: _("Order"),
    DocKind.INVOICE: _("Invoice"),
    DocKind.CREDIT_MEMO: _("Credit Memo"),
    DocKind.RETURN_ORDER: _("Return Order"),
    DocKind.BLANKET_ORDER: _("Blanket Order"),
}


def kind_of(value) -> DocKind:
    """The DocKind a value names; refused with a clerk's message when it names none."""
    try:
        return DocKind(value)
    except ValueError:
        raise SalesDeskError(_("'{kind}' is not a kind of sales document.").format(kind=value)) from None


def describe(kind: DocKind, no: str) -> str:
    """How messages name a document: "Order SO-00001"."""
    return f"{KIND_LABELS[kind]} {no}"


LINE_TYPES = ("item", "comment", "gl_account")
QUOTE_VALIDITY_DAYS = 30

HEADER_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("customer_no", _("Customer No."), "code", required=True, lookup="customer"),
    FieldRule("bill_to_customer_no", _("Bill-to Customer No."), "code", lookup="customer"),
    FieldRule("ship_to_name", _("Ship-to Name"), max_length=100),
    FieldRule("ship_to_address", _("Ship-to Address"), max_length=100),
    FieldRule("ship_to_post_code", _("Ship-to Post Code"), max_length=20),
    FieldRule("ship_to_city", _("Ship-to City"), max_length=50),
    FieldRule("ship_to_country", _("Ship-to Country/Region"), max_length=50),
    FieldRule("order_date", _("Order Date"), "date"),
    FieldRule("document_date", _("Document Date"), "date"),
    FieldRule("posting_date", _("Posting Date"), "date"),
    FieldRule("due_date", _("Due Date"), "date"),
    FieldRule("requested_delivery_date", _("Requested Delivery Date"), "date"),
    FieldRule("promised_delivery_date", _("Promised Delivery Date"), "date"),
    FieldRule("quote_valid_until", _("Quote Valid Until"), "date"),
    FieldRule("external_document_no", _("External Document No."), max_length=35),
    FieldRule("your_reference", _("Your Reference"), max_length=35),
    FieldRule("payment_terms", _("Payment Terms Code"), "code", lookup="payment_terms"),
    FieldRule("shipment_method", _("Shipment Method Code"), "code", lookup="shipment_method"),
    FieldRule("location", _("Location Code"), "code", lookup="location"),
    FieldRule("currency_code", _("Currency Code"), "code", max_length=3),
    FieldRule("prices_incl_vat", _("Prices Including VAT"), "bool"),
    FieldRule("invoice_disc_pct", _("Invoice Discount %"), "decimal", minimum=Decimal(0),
              maximum=Decimal(100), scale=5),
    FieldRule("shipping_advice", _("Shipping Advice"), "choice", choices=("partial", "complete")),
    FieldRule("combine_shipments", _("Combine Shipments"), "bool"),
    FieldRule("applies_to_doc_no", _("Applies-to Doc. No."), "code", max_length=20),
    FieldRule("prepayment_pct", _("Prepayment %"), "decimal", minimum=Decimal(0), maximum=Decimal(100), scale=5),
)}

LINE_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("type", _("Type"), "choice", choices=LINE_TYPES),
    FieldRule("no", _("No."), "code", max_length=20),
    FieldRule("description", _("Description"), max_length=100),
    FieldRule("location", _("Location Code"), "code", lookup="location"),
    FieldRule("quantity", _("Quantity"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("uom", _("Unit of Measure"), "code", lookup="unit_of_measure"),
    FieldRule("unit_price", _("Unit Price"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("line_discount_pct", _("Line Discount %"), "decimal", minimum=Decimal(0),
              maximum=Decimal(100), scale=5),
    FieldRule("vat_prod_group", _("VAT Prod. Posting Group"), "code", lookup="vat_prod_group"),
    FieldRule("qty_to_ship", _("Qty. to Ship"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("qty_to_invoice", _("Qty. to Invoice"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("return_qty_to_receive", _("Return Qty. to Receive"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("return_reason_code", _("Return Reason Code"), "code", lookup="return_reason"),
    FieldRule("shipment_date", _("Shipment Date"), "date"),
    FieldRule("blanket_order_no", _("Blanket Order No."), "code", max_length=20),
    FieldRule("blanket_order_line_no", _("Blanket Order Line No."), "int", minimum=Decimal(0)),
)}

# Orders and invoices may carry negative lines: goods taken back on the same document (BC),
# so their quantities have no lower bound; the posting refuses a negative invoice total.
NEGATIVE_LINE_KINDS = (DocKind.ORDER, DocKind.INVOICE)
_SIGNED_LINE_RULES = {**LINE_RULES, **{name: replace(LINE_RULES[name], minimum=None)
                                      for name in ("quantity", "qty_to_ship", "qty_to_invoice")}}


def line_rules(kind: DocKind) -> dict[str, FieldRule]:
    """The line rules of a document kind: signed quantities on orders and invoices."""
    return _SIGNED_LINE_RULES if kind in NEGATIVE_LINE_KINDS else LINE_RULES


def beyond(value, limit) -> bool:
    """Whether a quantity to handle goes past ``limit`` (both signed like the line's
    quantity): further from zero, or on the other side of it."""
    return abs(value) > abs(limit) or value * limit < 0


def capped(value, limit):
    """``value`` brought back within ``limit`` (zero when the limit has the other sign)."""
    if value * limit < 0 or not limit:
        return value * 0
    return limit if abs(value) > abs(limit) else value

# Which blocked values refuse a new document of each kind (S5).
BLOCKS = {
    DocKind.QUOTE: ("ship", "invoice", "all"),
    DocKind.ORDER: ("ship", "invoice", "all"),
    DocKind.BLANKET_ORDER: ("ship", "invoice", "all"),
    DocKind.INVOICE: ("invoice", "all"),
    DocKind.CREDIT_MEMO: ("all",),
    DocKind.RETURN_ORDER: ("all",),
}

BLOCK_REASONS = {
    "ship": _("blocked for shipping"),
    "invoice": _("blocked for invoicing"),
    "all": _("blocked for all transactions"),
}


def refuse_blocked(customer, kind: DocKind) -> None:
    """Refuse a document of ``kind`` for a blocked customer, saying which and why."""
    if customer.blocked and customer.blocked in BLOCKS[kind]:
        raise SalesDeskError(
            _("Customer {no} {name} is {why}: no new {kind} can be made for it.").format(
                no=customer.no, name=customer.name, why=BLOCK_REASONS[customer.blocked],
                kind=KIND_LABELS[kind].lower())
        )


def refuse_blocked_item(item) -> None:
    if item.blocked:
        raise SalesDeskError(_("Item {no} {name} is blocked.").format(no=item.no, name=item.description))
    if item.sales_blocked:
        raise SalesDeskError(_("Item {no} {name} is blocked for sales.").format(no=item.no, name=item.description))


def is_shipping(kind: DocKind) -> bool:
    return kind in (DocKind.ORDER, DocKind.INVOICE, DocKind.BLANKET_ORDER)


def is_receiving(kind: DocKind) -> bool:
    return kind in (DocKind.RETURN_ORDER, DocKind.CREDIT_MEMO)
