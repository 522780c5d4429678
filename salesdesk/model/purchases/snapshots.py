"""Purchase documents as the API returns them: frozen snapshots with lines and totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..sales.pricing import VatLine
from .kinds import PurchaseKind


@dataclass(frozen=True)
class PurchaseLineSnapshot:
    line_no: int
    type: str
    no: str
    description: str
    location: str | None
    quantity: Decimal
    uom: str
    direct_unit_cost: Decimal
    line_discount_pct: Decimal
    line_discount_amount: Decimal
    line_amount: Decimal
    vat_prod_group: str
    vat_pct: Decimal
    qty_to_receive: Decimal
    quantity_received: Decimal
    qty_to_invoice: Decimal
    quantity_invoiced: Decimal
    expected_receipt_date: dt.date | None = None
    sales_order_no: str = ""
    sales_order_line_no: int = 0
    drop_shipment: bool = False
    special_order: bool = False
    amount: Decimal = Decimal("0.00")
    vat_amount: Decimal = Decimal("0.00")
    amount_incl_vat: Decimal = Decimal("0.00")
    kind: PurchaseKind | None = None
    document: "PurchaseDocument | None" = field(default=None, repr=False, compare=False)

    @property
    def outstanding_quantity(self) -> Decimal:
        """What is still to receive (on a credit memo: to send back)."""
        return self.quantity - self.quantity_received

    @property
    def qty_rcd_not_invoiced(self) -> Decimal:
        return self.quantity_received - self.quantity_invoiced


@dataclass(frozen=True)
class PurchaseDocument:
    kind: PurchaseKind
    no: str
    vendor_no: str
    vendor_name: str
    status: str
    order_date: dt.date | None
    document_date: dt.date | None
    posting_date: dt.date | None
    due_date: dt.date | None
    expected_receipt_date: dt.date | None
    vendor_invoice_no: str
    vendor_cr_memo_no: str
    vendor_order_no: str
    payment_terms: str | None
    location: str | None
    prices_incl_vat: bool
    vat_bus_group: str
    applies_to_doc_no: str
    sell_to_customer_no: str | None
    ship_to_name: str = ""  # a drop shipment's delivery address (the customer's)
    ship_to_address: str = ""
    ship_to_post_code: str = ""
    ship_to_city: str = ""
    ship_to_country: str = ""
    lines: tuple[PurchaseLineSnapshot, ...] = ()
    vat_lines: tuple[VatLine, ...] = ()
    amount: Decimal = Decimal("0.00")
    vat_amount: Decimal = Decimal("0.00")
    amount_incl_vat: Decimal = Decimal("0.00")

    def line(self, line_no: int) -> PurchaseLineSnapshot:
        """One line, carrying this document (``line.document``) for its totals."""
        for line in self.lines:
            if line.line_no == line_no:
                return replace(line, document=self)
        raise KeyError(line_no)


HEADER_FIELDS = tuple(f for f in PurchaseDocument.__dataclass_fields__ if f not in (
    "kind", "lines", "vat_lines", "amount", "vat_amount", "amount_incl_vat"))
LINE_FIELDS = tuple(f for f in PurchaseLineSnapshot.__dataclass_fields__ if f not in (
    "amount", "vat_amount", "amount_incl_vat", "kind", "document"))
