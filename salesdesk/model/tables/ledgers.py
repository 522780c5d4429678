"""Customer ledger: one append-only entry per invoice, credit memo or payment."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ..money import Amount


class CustLedgerEntry(SQLModel, table=True):
    __tablename__ = "cust_ledger_entry"
    __table_args__ = (
        # covering index: a customer's balance is a range scan of (customer_no, amount)
        Index("ix_cle_customer_amount", "customer_no", "amount"),
        Index("ix_cle_open_due", "open", "due_date"),
        {"info": {"label": "customer ledger entries"}},
    )
    entry_no: int | None = Field(default=None, primary_key=True)
    customer_no: str = Field(foreign_key="customer.no")
    posting_date: dt.date
    document_type: str  # "invoice", "credit_memo", "payment", "refund"
    document_no: str = Field(index=True)
    description: str = ""
    amount: Decimal = Field(sa_type=Amount)
    remaining_amount: Decimal = Field(sa_type=Amount)
    due_date: dt.date | None = None
    open: bool = True
