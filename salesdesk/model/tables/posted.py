"""Posted documents: shipments, invoices, credit memos and return receipts.

Append-only history. One header and one line table hold every posted kind (as the unposted
tables do); which shipment lines an invoice line billed is kept in its own append-only link
table, so that nothing posted is ever updated to track what was invoiced later.
"""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKeyConstraint, Index
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Percent, Price, Quantity


class PostedHeader(SQLModel, table=True):
    __tablename__ = "posted_header"
    __table_args__ = (
        Index("ix_posted_header_kind_customer", "kind", "customer_no"),
        Index("ix_posted_header_order", "order_no"),
        Index("ix_posted_header_kind_search", "kind", "search_key"),
        {"info": {"label": "posted documents"}},
    )
    kind: str = Field(primary_key=True, max_length=20)  # shipment, invoice, credit_memo, return_receipt
    no: str = Field(primary_key=True, max_length=20)
    customer_no: str = Field(foreign_key="customer.no")
    customer_name: str = ""
    bill_to_customer_no: str = Field(foreign_key="customer.no")
    # the customer no. printed on it when a merge moved it to another customer ("": customer_no)
    issued_customer_no: str = ""
    # the bill-to address as it was when posted (the printed document never changes)
    bill_to_name: str = ""
    bill_to_address: str = ""
    bill_to_address2: str = ""
    bill_to_post_code: str = ""
    bill_to_city: str = ""
    bill_to_country: str = ""
    bill_to_vat_reg_no: str = ""
    ship_to_name: str = ""
    ship_to_address: str = ""
    ship_to_post_code: str = ""
    ship_to_city: str = ""
    ship_to_country: str = ""
    posting_date: dt.date
    document_date: dt.date | None = None
    due_date: dt.date | None = None
    external_document_no: str = ""
    your_reference: str = ""
    payment_terms: str | None = None
    shipment_method: str | None = None
    location: str | None = None
    currency_code: str = ""
    prices_incl_vat: bool = False
    vat_bus_group: str = ""
    invoice_disc_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    source_kind: str = ""  # the unposted document's kind (order, invoice, return_order, credit_memo)
    order_no: str = ""  # the order / return order it came from
    pre_assigned_no: str = ""  # the unposted invoice's / credit memo's own number
    quote_no: str = ""
    applies_to_doc_no: str = ""
    prepayment: bool = False  # a prepayment invoice (or its credit memo) of order ``order_no``
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    inv_discount_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount_incl_vat: Decimal = Field(default=Decimal(0), sa_type=Amount)
    search_key: str = ""


class PostedLine(SQLModel, table=True):
    __tablename__ = "posted_line"
    __table_args__ = (
        ForeignKeyConstraint(["kind", "document_no"], ["posted_header.kind", "posted_header.no"]),
        Index("ix_posted_line_order", "order_no", "order_line_no"),
        Index("ix_posted_line_appl_from", "appl_from_no", "appl_from_line_no"),
        {"info": {"label": "posted lines"}},
    )
    kind: str = Field(primary_key=True, max_length=20)
    document_no: str = Field(primary_key=True, max_length=20)
    line_no: int = Field(primary_key=True)
    type: str = "item"
    no: str = ""
    description: str = ""
    location: str | None = None
    quantity: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    uom: str = ""
    unit_price: Decimal = Field(default=Decimal(0), sa_type=Price)
    unit_cost: Decimal = Field(default=Decimal(0), sa_type=Price)
    line_discount_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    line_discount_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    line_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    inv_discount_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount_incl_vat: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_prod_group: str = ""
    vat_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    order_no: str = ""  # the order / return order line it came from
    order_line_no: int = 0
    shipment_no: str = ""  # invoice lines made from one shipment line (Get Shipment Lines)
    shipment_line_no: int = 0
    item_entry_no: int | None = None  # shipment / receipt lines: the item ledger entry written
    cost_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)  # the cost posted for this line
    appl_from_kind: str = ""  # the posted line this one reverses
    appl_from_no: str = ""
    appl_from_line_no: int = 0
    return_reason_code: str | None = None
    correction: bool = False  # an Undo Shipment line (opposite quantity)
    blanket_order_no: str = ""  # the blanket order line the order line was drawn on
    blanket_order_line_no: int = 0
    drop_shipment: bool = False  # shipped by the vendor: the purchase order line that did it
    purchase_order_no: str = ""
    purchase_line_no: int = 0


class ShipmentInvoicing(SQLModel, table=True):
    """Which quantity of a shipment (or return receipt) line an invoice (or credit memo) line
    billed. A shipment line's quantity not yet invoiced is its quantity minus these."""

    __tablename__ = "shipment_invoicing"
    __table_args__ = (
        Index("ix_shipment_invoicing_shipment", "shipment_no", "shipment_line_no"),
        Index("ix_shipment_invoicing_invoice", "invoice_no"),
        {"info": {"label": "shipment invoicing links"}},
    )
    id: int | None = Field(default=None, primary_key=True)
    shipment_kind: str  # shipment, return_receipt
    shipment_no: str
    shipment_line_no: int
    invoice_kind: str  # invoice, credit_memo
    invoice_no: str
    invoice_line_no: int
    quantity: Decimal = Field(sa_type=Quantity)


class CancelledDocument(SQLModel, table=True):
    """A posted invoice (or credit memo) and the posted document that cancelled it. The first
    reads as cancelled while the second is not itself cancelled."""

    __tablename__ = "cancelled_document"
    __table_args__ = (Index("ix_cancelled_document", "kind", "no"), {"info": {"label": "cancelled documents"}})
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    no: str
    cancelled_by_kind: str
    cancelled_by_no: str = Field(index=True)
    posting_date: dt.date


def bill_to_address(customer) -> dict:
    """The bill-to columns of a posted header, from a customer row (as it is at posting)."""
    return dict(bill_to_name=customer.name, bill_to_address=customer.address, bill_to_address2=customer.address2,
                bill_to_post_code=customer.post_code, bill_to_city=customer.city, bill_to_country=customer.country,
                bill_to_vat_reg_no=customer.vat_reg_no)
