"""Documents as the API returns them: frozen snapshots with their lines and totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .kinds import DocKind
from .pricing import VatLine


@dataclass(frozen=True)
class Line:
    line_no: int
    type: str
    no: str
    description: str
    location: str | None
    quantity: Decimal
    uom: str
    unit_price: Decimal
    unit_cost: Decimal
    line_discount_pct: Decimal
    line_discount_amount: Decimal
    line_amount: Decimal
    vat_prod_group: str
    vat_pct: Decimal
    qty_to_ship: Decimal
    quantity_shipped: Decimal
    qty_to_invoice: Decimal
    quantity_invoiced: Decimal
    return_qty_to_receive: Decimal
    return_qty_received: Decimal
    shipment_no: str = ""  # invoice lines made from a posted shipment line
    shipment_line_no: int = 0
    appl_from_kind: str = ""  # the posted line this one reverses
    appl_from_no: str = ""
    appl_from_line_no: int = 0
    return_reason_code: str | None = None
    shipment_date: dt.date | None = None
    blanket_order_no: str = ""  # the blanket order line this line draws on
    blanket_order_line_no: int = 0
    purchasing_code: str | None = None  # supplied by a vendor: drop shipment or special order
    drop_shipment: bool = False
    special_order: bool = False
    purchase_order_no: str = ""  # the purchase order line that supplies it
    purchase_line_no: int = 0
    inv_discount_amount: Decimal = Decimal("0.00")
    amount: Decimal = Decimal("0.00")
    vat_amount: Decimal = Decimal("0.00")
    amount_incl_vat: Decimal = Decimal("0.00")
    kind: DocKind | None = None  # the kind of the document the line is on
    # the whole document as it was when this line was read or changed (for its totals)
    document: "Document | None" = field(default=None, repr=False, compare=False)

    @property
    def is_receiving(self) -> bool:
        return self.kind in (DocKind.RETURN_ORDER, DocKind.CREDIT_MEMO)

    @property
    def outstanding_quantity(self) -> Decimal:
        """What is still to ship (orders, invoices) or to receive (return orders, credit memos)."""
        if self.is_receiving:
            return self.quantity - self.return_qty_received
        return self.quantity - self.quantity_shipped

    @property
    def qty_shipped_not_invoiced(self) -> Decimal:
        """Shipped and not yet invoiced; nothing on a line that receives."""
        if self.is_receiving:
            return Decimal(0)
        return self.quantity_shipped - self.quantity_invoiced

    @property
    def return_qty_received_not_invoiced(self) -> Decimal:
        """Received and not yet credited; nothing on a line that ships."""
        if not self.is_receiving:
            return Decimal(0)
        return self.return_qty_received - self.quantity_invoiced


@dataclass(frozen=True)
class Document:
    kind: DocKind
    no: str
    customer_no: str
    customer_name: str
    status: str
    bill_to_customer_no: str | None
    ship_to_name: str
    ship_to_address: str
    ship_to_post_code: str
    ship_to_city: str
    ship_to_country: str
    order_date: dt.date | None
    document_date: dt.date | None
    posting_date: dt.date | None
    due_date: dt.date | None
    requested_delivery_date: dt.date | None
    promised_delivery_date: dt.date | None
    quote_valid_until: dt.date | None
    external_document_no: str
    your_reference: str
    payment_terms: str | None
    shipment_method: str | None
    location: str | None
    currency_code: str
    prices_incl_vat: bool
    vat_bus_group: str
    invoice_disc_pct: Decimal
    shipping_advice: str
    combine_shipments: bool
    quote_no: str
    applies_to_doc_no: str = ""
    prepayment_pct: Decimal = Decimal(0)
    lines: tuple[Line, ...] = ()
    vat_lines: tuple[VatLine, ...] = field(default=())
    amount: Decimal = Decimal("0.00")
    inv_discount_amount: Decimal = Decimal("0.00")
    vat_amount: Decimal = Decimal("0.00")
    amount_incl_vat: Decimal = Decimal("0.00")
    notes: tuple[str, ...] = ()  # what went wrong on the way, that did not stop it (a new document)

    def line(self, line_no: int) -> Line:
        """One line, carrying this document (``line.document``) for its totals."""
        for line in self.lines:
            if line.line_no == line_no:
                return replace(line, document=self)
        raise KeyError(line_no)
