"""Unposted sales documents: one header table and one line table for every kind."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKeyConstraint, Index
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Percent, Price, Quantity


class SalesHeader(SQLModel, table=True):
    __tablename__ = "sales_header"
    __table_args__ = (
        Index("ix_sales_header_kind_status", "kind", "status"),
        {"info": {"label": "sales documents"}},
    )
    kind: str = Field(primary_key=True, max_length=20)
    no: str = Field(primary_key=True, max_length=20)
    customer_no: str = Field(foreign_key="customer.no", index=True)
    status: str = "open"
    order_date: dt.date | None = None
    customer_name: str = ""
    bill_to_customer_no: str | None = Field(default=None, foreign_key="customer.no")
    ship_to_name: str = ""
    ship_to_address: str = ""
    ship_to_post_code: str = ""
    ship_to_city: str = ""
    ship_to_country: str = ""
    document_date: dt.date | None = None
    posting_date: dt.date | None = None
    due_date: dt.date | None = None
    requested_delivery_date: dt.date | None = None
    promised_delivery_date: dt.date | None = None
    quote_valid_until: dt.date | None = None
    external_document_no: str = ""
    your_reference: str = ""
    payment_terms: str | None = Field(default=None, foreign_key="payment_terms.code")
    shipment_method: str | None = Field(default=None, foreign_key="shipment_method.code")
    location: str | None = Field(default=None, foreign_key="location.code")
    currency_code: str = ""
    prices_incl_vat: bool = False
    vat_bus_group: str = Field(default="DOMESTIC", foreign_key="vat_bus_group.code")
    invoice_disc_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    shipping_advice: str = "partial"
    combine_shipments: bool = False
    quote_no: str = ""
    applies_to_doc_no: str = ""  # credit memos and return orders: the posted invoice they settle
    prepayment_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)  # orders: paid before shipping
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)  # kept with the lines, for lists
    amount_incl_vat: Decimal = Field(default=Decimal(0), sa_type=Amount)
    search_key: str = ""


class SalesLine(SQLModel, table=True):
    __tablename__ = "sales_line"
    __table_args__ = (
        ForeignKeyConstraint(["kind", "document_no"], ["sales_header.kind", "sales_header.no"],
                             ondelete="CASCADE"),
        Index("ix_sales_line_item", "no", "kind"),
        Index("ix_sales_line_blanket", "blanket_order_no", "blanket_order_line_no"),
        {"info": {"label": "sales lines"}},
    )
    kind: str = Field(primary_key=True, max_length=20)
    document_no: str = Field(primary_key=True, max_length=20)
    line_no: int = Field(primary_key=True)
    type: str = "item"  # "item", "comment", "gl_account"
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
    vat_prod_group: str = ""
    vat_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    qty_to_ship: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    quantity_shipped: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    qty_to_invoice: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    quantity_invoiced: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    return_qty_to_receive: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    return_qty_received: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    shipment_no: str = ""  # an invoice line made from a posted shipment line (Get Shipment Lines)
    shipment_line_no: int = 0
    # a line that reverses a posted line (Get Posted Document Lines to Reverse, Cancel)
    appl_from_kind: str = ""  # "invoice", "shipment", "credit_memo", "return_receipt"
    appl_from_no: str = ""
    appl_from_line_no: int = 0
    return_reason_code: str | None = None
    shipment_date: dt.date | None = None  # blanket orders: when this part is to ship
    blanket_order_no: str = ""  # an order (invoice, credit memo) line drawn on a blanket order line
    blanket_order_line_no: int = 0
    # supplied by a vendor: straight to the customer (drop shipment) or through our warehouse
    # for this line only (special order), by purchase order line purchase_order_no / line no
    purchasing_code: str | None = Field(default=None, foreign_key="purchasing_code.code")
    drop_shipment: bool = False
    special_order: bool = False
    purchase_order_no: str = ""
    purchase_line_no: int = 0
