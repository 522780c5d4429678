"""Ledgers: customer, G/L and VAT entries, the G/L register, the chart of accounts and the
posting setup that says which account each kind of amount goes to. Entries are append-only."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Percent
from ..core.references import refers_to


class CustLedgerEntry(SQLModel, table=True):
    __tablename__ = "cust_ledger_entry"
    __table_args__ = (
        # covering index: a customer's balance is a range scan of (customer_no, amount)
        Index("ix_cle_customer_amount", "customer_no", "amount"),
        Index("ix_cle_open_due", "open", "due_date"),
        # covering index: the aged balance reads open entries customer by customer
        Index("ix_cle_open_customer", "open", "customer_no", "due_date", "remaining_amount", "posting_date"),
        # bank matching looks open entries up by the amount left on them
        Index("ix_cle_remaining", "remaining_amount"),
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
    sales_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)  # excl. VAT
    external_document_no: str = ""
    transaction_no: int = 0
    # payment discount (BC: Pmt. Discount Date, Original Pmt. Disc. Possible), on invoices
    pmt_discount_date: dt.date | None = None
    pmt_disc_possible: Decimal = Field(default=Decimal(0), sa_type=Amount)
    payment_method: str = ""
    source_entry_no: int | None = None  # a payment discount entry: the payment that earned it


class GLAccount(SQLModel, table=True):
    __tablename__ = "gl_account"
    __table_args__ = {"info": {"label": "G/L accounts"}}
    no: str = Field(primary_key=True, max_length=20)
    name: str = ""
    income_balance: str = "income"  # "income" (income statement) or "balance" (balance sheet)
    blocked: bool = False


class GenPostingSetup(SQLModel, table=True):
    """Accounts per general product posting group (BC's General Posting Setup, one row per
    product group: this desk has a single business group)."""

    __tablename__ = "gen_posting_setup"
    __table_args__ = {"info": {"label": "general posting setup"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
    sales_account: str = Field(foreign_key="gl_account.no")
    sales_credit_memo_account: str = Field(foreign_key="gl_account.no")
    sales_line_disc_account: str = Field(foreign_key="gl_account.no")
    sales_inv_disc_account: str = Field(foreign_key="gl_account.no")
    cogs_account: str = Field(foreign_key="gl_account.no")
    inventory_account: str = Field(foreign_key="gl_account.no")
    inventory_adjmt_account: str = Field(foreign_key="gl_account.no")
    purchase_account: str = Field(default="607000", foreign_key="gl_account.no")
    purch_credit_memo_account: str = Field(default="607000", foreign_key="gl_account.no")
    # stock bought goes through the change-in-stock account, as stock sold does (BC)
    direct_cost_applied_account: str = Field(default="603700", foreign_key="gl_account.no")


class GLRegister(SQLModel, table=True):
    """One row per posting: the range of G/L entries it wrote (BC's G/L Register)."""

    __tablename__ = "gl_register"
    __table_args__ = {"info": {"label": "G/L registers"}}
    no: int = Field(primary_key=True)
    posting_date: dt.date
    source: str = ""  # "sales", "item_journal", "payment"
    document_no: str = ""
    from_entry_no: int = 0
    to_entry_no: int = 0


class GLEntry(SQLModel, table=True):
    __tablename__ = "gl_entry"
    __table_args__ = (
        Index("ix_gl_entry_account", "account_no", "posting_date"),
        {"info": {"label": "G/L entries"}},
    )
    entry_no: int = Field(primary_key=True)
    transaction_no: int = Field(index=True)
    posting_date: dt.date
    document_type: str = ""
    document_no: str = Field(default="", index=True)
    account_no: str = Field(foreign_key="gl_account.no")
    description: str = ""
    amount: Decimal = Field(sa_type=Amount)  # debit positive, credit negative
    source_type: str = ""  # "customer", "item"
    source_no: str = Field(default="", sa_column_kwargs=refers_to("customer", source_type="customer"))


class VatEntry(SQLModel, table=True):
    __tablename__ = "vat_entry"
    __table_args__ = {"info": {"label": "VAT entries"}}
    entry_no: int = Field(primary_key=True)
    transaction_no: int = 0
    posting_date: dt.date
    document_type: str = ""
    document_no: str = Field(default="", index=True)
    type: str = "sale"
    bus_group: str = ""
    prod_group: str = ""
    vat_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    base: Decimal = Field(sa_type=Amount)  # positive for an invoice, negative for a credit memo
    amount: Decimal = Field(sa_type=Amount)
    bill_to_customer_no: str = Field(default="", sa_column_kwargs=refers_to("customer"))
    vendor_no: str = Field(default="", sa_column_kwargs=refers_to("vendor"))  # purchase VAT: the pay-to vendor


class CustApplication(SQLModel, table=True):
    """One application between two customer ledger entries (a credit memo or payment closing
    an invoice, BC's detailed entries of type Application): append-only; the entries'
    remaining amounts move by ``amount``. A payment discount is an application of the
    discount's own (closed) entry to the invoice."""

    __tablename__ = "cust_application"
    __table_args__ = {"info": {"label": "customer applications"}}
    id: int | None = Field(default=None, primary_key=True)
    entry_no: int = Field(index=True)  # the entry applied (e.g. the credit memo)
    applied_to_entry_no: int = Field(index=True)  # the entry it settles (e.g. the invoice)
    amount: Decimal = Field(sa_type=Amount)  # taken off the settled entry's remaining amount
    posting_date: dt.date
    transaction_no: int = 0
