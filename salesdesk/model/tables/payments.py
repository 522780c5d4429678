"""Payments: payment methods, the cash receipt journal, and imported bank statements."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ..core.money import Amount
from ..core.references import refers_to


class PaymentMethod(SQLModel, table=True):
    """How a customer pays (bank transfer, cheque, cash, card) and the G/L account the money
    lands on (BC's Payment Method with its Bal. Account No.)."""

    __tablename__ = "payment_method"
    __table_args__ = {"info": {"label": "payment methods"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
    bal_account_no: str = Field(default="512000", foreign_key="gl_account.no")


class PaymentJournalLine(SQLModel, table=True):
    """One line of the cash receipt journal, kept until it is posted (so nothing typed is lost)."""

    __tablename__ = "payment_journal_line"
    __table_args__ = {"info": {"label": "cash receipt journal lines"}}
    id: int | None = Field(default=None, primary_key=True)
    posting_date: dt.date | None = None
    customer_no: str = Field(default="", sa_column_kwargs=refers_to("customer"))
    description: str = ""
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)  # received: positive
    payment_method: str = ""
    external_document_no: str = ""  # the payer's reference (cheque no., transfer reference)
    apply_to: str = ""  # "" stays open, "oldest", or posted document numbers separated by spaces


class BankStatement(SQLModel, table=True):
    """One imported bank statement file."""

    __tablename__ = "bank_statement"
    __table_args__ = {"info": {"label": "bank statements"}}
    id: int | None = Field(default=None, primary_key=True)
    format: str = ""  # "camt.053", "csv"
    statement_id: str = ""
    account: str = ""
    file_name: str = ""
    imported_on: dt.date
    line_count: int = 0


class BankStatementLine(SQLModel, table=True):
    """One line of an imported statement, its proposed match and, once posted, its payment."""

    __tablename__ = "bank_statement_line"
    __table_args__ = (
        Index("ix_bank_line_status", "status", "id"),
        {"info": {"label": "bank statement lines"}},
    )
    id: int | None = Field(default=None, primary_key=True)
    statement: int = Field(foreign_key="bank_statement.id", index=True)
    import_key: str = Field(unique=True)  # a line already imported is refused by this key
    booking_date: dt.date
    amount: Decimal = Field(sa_type=Amount)  # received: positive
    text: str = ""
    reference: str = ""
    counterparty: str = ""
    search_key: str = Field(default="", index=True)  # text, counterparty and reference folded (revision 0002)
    status: str = "open"  # "open", "posted", "ignored"
    customer_no: str = Field(default="", sa_column_kwargs=refers_to("customer"))  # the match's customer
    apply_to: str = ""
    confidence: int = 0  # 0..100
    match_reason: str = ""
    accepted: bool = False
    payment_no: str = ""  # the posted payment
