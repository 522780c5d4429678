"""The customer table."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from ..core.money import Amount, Percent


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    __table_args__ = {"info": {"label": "customers"}}
    no: str = Field(primary_key=True, max_length=20)
    name: str = Field(index=True)
    address: str = ""
    address2: str = ""
    post_code: str = ""
    city: str = ""
    country: str = ""
    contact: str = ""
    email: str = ""
    phone: str = ""
    vat_reg_no: str = ""
    vat_bus_group: str = Field(default="DOMESTIC", foreign_key="vat_bus_group.code")
    payment_terms: str | None = Field(default=None, foreign_key="payment_terms.code")
    shipment_method: str | None = Field(default=None, foreign_key="shipment_method.code")
    location: str | None = Field(default=None, foreign_key="location.code")
    credit_limit: Decimal = Field(default=Decimal(0), sa_type=Amount)
    blocked: str = ""  # "", "ship", "invoice", "all"
    combine_shipments: bool = False
    prices_incl_vat: bool = False
    invoice_disc_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    shipping_advice: str = "partial"  # "partial", "complete"
    bill_to_customer_no: str | None = Field(default=None, foreign_key="customer.no")
    prepayment_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)  # ship only once this much is paid
    language: str = ""  # the language of documents sent to this customer ("" = the company's)
    send_by: str = "email"  # Post and Send (BC's Document Sending Profile): "email", "print" or "both"
    search_key: str = Field(default="", index=True)


class CustomerMerge(SQLModel, table=True):
    """Append-only log of Merge Duplicate: who merged which customer into which, when, and
    which fields were taken from the duplicate."""

    __tablename__ = "customer_merge"
    __table_args__ = {"info": {"label": "customer merges"}}
    id: int | None = Field(default=None, primary_key=True)
    merged_at: dt.datetime
    user: str = ""
    duplicate_no: str = Field(max_length=20)  # no foreign key: the duplicate no longer exists
    into_no: str = Field(max_length=20)  # kept as text too: a log row never blocks a later delete
    taken_fields: str = ""  # comma-separated fields whose value came from the duplicate
