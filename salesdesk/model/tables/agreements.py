"""Sales agreements: standard (recurring) sales codes with their lines, and which customers
use them (BC's Standard Sales Code, Standard Sales Line, Standard Customer Sales Code)."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKeyConstraint
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Quantity


class StandardSalesCode(SQLModel, table=True):
    __tablename__ = "standard_sales_code"
    __table_args__ = {"info": {"label": "standard sales codes"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
    currency_code: str = ""


class StandardSalesLine(SQLModel, table=True):
    """A line of a standard code: no prices (the document prices items for its customer);
    a G/L account line carries its amount excl. VAT and its VAT product group."""

    __tablename__ = "standard_sales_line"
    __table_args__ = (
        ForeignKeyConstraint(["code"], ["standard_sales_code.code"], ondelete="CASCADE"),
        {"info": {"label": "standard sales lines"}},
    )
    code: str = Field(primary_key=True, max_length=20)
    line_no: int = Field(primary_key=True)
    type: str = "item"  # "item", "gl_account", "comment"
    no: str = ""
    description: str = ""
    quantity: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)  # G/L account lines: amount excl. VAT
    vat_prod_group: str = ""


class CustomerStandardCode(SQLModel, table=True):
    """A standard code assigned to a customer: when it is valid and, per document kind,
    whether its lines are inserted by hand ("manual"), at once ("automatic") or on asking
    ("always_ask")."""

    __tablename__ = "customer_standard_code"
    __table_args__ = {"info": {"label": "customer standard codes"}}
    customer_no: str = Field(primary_key=True, max_length=20, foreign_key="customer.no")
    code: str = Field(primary_key=True, max_length=20, foreign_key="standard_sales_code.code")
    description: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    blocked: bool = False
    insert_on_quotes: str = "manual"
    insert_on_orders: str = "manual"
    insert_on_invoices: str = "manual"
    insert_on_credit_memos: str = "manual"
    payment_terms: str | None = Field(default=None, foreign_key="payment_terms.code")
