"""Purchases and payables: vendors, purchasing codes, unposted purchase documents, posted
purchase documents (append-only), vendor ledger entries and their applications.

The mirror of the sales tables, smaller: one header and one line table for every unposted
kind (order, invoice, credit memo) and for every posted kind (receipt, invoice, credit memo,
return shipment). Vendor ledger amounts are signed as BC signs them: what we owe is negative.
"""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKeyConstraint, Index
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Percent, Price, Quantity


class Vendor(SQLModel, table=True):
    __tablename__ = "vendor"
    __table_args__ = {"info": {"label": "vendors"}}
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
    payment_method: str | None = Field(default=None, foreign_key="payment_method.code")
    blocked: str = ""  # "", "payment", "all"
    prices_incl_vat: bool = False
    lead_time_days: int = 0  # BC's Lead Time Calculation, in days
    language: str = ""
    search_key: str = Field(default="", index=True)


class PurchasingCode(SQLModel, table=True):
    """BC's Purchasing table: a code on a sales line saying how it is supplied."""

    __tablename__ = "purchasing_code"
    __table_args__ = {"info": {"label": "purchasing codes"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
    drop_shipment: bool = False
    special_order: bool = False


class PurchaseHeader(SQLModel, table=True):
    __tablename__ = "purchase_header"
    __table_args__ = (
        Index("ix_purchase_header_kind_status", "kind", "status"),
        {"info": {"label": "purchase documents"}},
    )
    kind: str = Field(primary_key=True, max_length=20)  # order, invoice, credit_memo
    no: str = Field(primary_key=True, max_length=20)
    vendor_no: str = Field(foreign_key="vendor.no", index=True)
    vendor_name: str = ""
    status: str = "open"
    order_date: dt.date | None = None
    document_date: dt.date | None = None
    posting_date: dt.date | None = None
    due_date: dt.date | None = None
    expected_receipt_date: dt.date | None = None
    vendor_invoice_no: str = ""
    vendor_cr_memo_no: str = ""
    vendor_order_no: str = ""
    payment_terms: str | None = Field(default=None, foreign_key="payment_terms.code")
    location: str | None = Field(default=None, foreign_key="location.code")
    currency_code: str = ""
    prices_incl_vat: bool = False
    vat_bus_group: str = Field(default="DOMESTIC", foreign_key="vat_bus_group.code")
    applies_to_doc_no: str = ""  # credit memos: the posted purchase invoice they settle
    # a drop shipment goes from the vendor straight to this customer, at this address
    sell_to_customer_no: str | None = Field(default=None, foreign_key="customer.no")
    ship_to_name: str = ""
    ship_to_address: str = ""
    ship_to_post_code: str = ""
    ship_to_city: str = ""
    ship_to_country: str = ""
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount_incl_vat: Decimal = Field(default=Decimal(0), sa_type=Amount)
    search_key: str = ""


class PurchaseLine(SQLModel, table=True):
    __tablename__ = "purchase_line"
    __table_args__ = (
        ForeignKeyConstraint(["kind", "document_no"], ["purchase_header.kind", "purchase_header.no"],
                             ondelete="CASCADE"),
        Index("ix_purchase_line_item", "no", "kind"),
        Index("ix_purchase_line_sales", "sales_order_no", "sales_order_line_no"),
        {"info": {"label": "purchase lines"}},
    )
    kind: str = Field(primary_key=True, max_length=20)
    document_no: str = Field(primary_key=True, max_length=20)
    line_no: int = Field(primary_key=True)
    type: str = "item"  # "item", "gl_account", "comment"
    no: str = ""
    description: str = ""
    location: str | None = None
    quantity: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    uom: str = ""
    direct_unit_cost: Decimal = Field(default=Decimal(0), sa_type=Price)
    line_discount_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    line_discount_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    line_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_prod_group: str = ""
    vat_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    qty_to_receive: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    quantity_received: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    qty_to_invoice: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    quantity_invoiced: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    return_qty_to_ship: Decimal = Field(default=Decimal(0), sa_type=Quantity)  # credit memos: back to the vendor
    return_qty_shipped: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    expected_receipt_date: dt.date | None = None
    receipt_no: str = ""  # an invoice line made from a posted receipt line
    receipt_line_no: int = 0
    appl_from_kind: str = ""  # a credit memo line that reverses a posted purchase line
    appl_from_no: str = ""
    appl_from_line_no: int = 0
    # drop shipment / special order: the sales order line this line supplies
    drop_shipment: bool = False
    special_order: bool = False
    sales_order_no: str = ""
    sales_order_line_no: int = 0


class PostedPurchaseHeader(SQLModel, table=True):
    __tablename__ = "posted_purchase_header"
    __table_args__ = (
        Index("ix_posted_purchase_header_vendor", "kind", "vendor_no"),
        Index("ix_posted_purchase_header_order", "order_no"),
        Index("ix_posted_purchase_header_vendor_doc", "vendor_no", "vendor_invoice_no"),
        {"info": {"label": "posted purchase documents"}},
    )
    kind: str = Field(primary_key=True, max_length=20)  # receipt, invoice, credit_memo, return_shipment
    no: str = Field(primary_key=True, max_length=20)
    vendor_no: str = Field(foreign_key="vendor.no")
    # the pay-to address as it was when posted (a printed document never changes)
    vendor_name: str = ""
    vendor_address: str = ""
    vendor_post_code: str = ""
    vendor_city: str = ""
    vendor_country: str = ""
    vendor_vat_reg_no: str = ""
    posting_date: dt.date
    document_date: dt.date | None = None
    due_date: dt.date | None = None
    vendor_invoice_no: str = ""
    vendor_cr_memo_no: str = ""
    vendor_order_no: str = ""
    payment_terms: str | None = None
    location: str | None = None
    currency_code: str = ""
    prices_incl_vat: bool = False
    vat_bus_group: str = ""
    source_kind: str = ""  # the unposted document's kind
    order_no: str = ""
    pre_assigned_no: str = ""
    applies_to_doc_no: str = ""
    sell_to_customer_no: str | None = Field(default=None, foreign_key="customer.no")
    ship_to_name: str = ""
    ship_to_address: str = ""
    ship_to_post_code: str = ""
    ship_to_city: str = ""
    ship_to_country: str = ""
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount_incl_vat: Decimal = Field(default=Decimal(0), sa_type=Amount)
    search_key: str = ""


class PostedPurchaseLine(SQLModel, table=True):
    __tablename__ = "posted_purchase_line"
    __table_args__ = (
        ForeignKeyConstraint(["kind", "document_no"], ["posted_purchase_header.kind", "posted_purchase_header.no"]),
        Index("ix_posted_purchase_line_order", "order_no", "order_line_no"),
        {"info": {"label": "posted purchase lines"}},
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
    direct_unit_cost: Decimal = Field(default=Decimal(0), sa_type=Price)
    line_discount_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    line_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    amount_incl_vat: Decimal = Field(default=Decimal(0), sa_type=Amount)
    vat_prod_group: str = ""
    vat_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    order_no: str = ""
    order_line_no: int = 0
    receipt_no: str = ""  # invoice lines: the receipt line they bill
    receipt_line_no: int = 0
    item_entry_no: int | None = None  # receipt / return shipment lines: the item ledger entry written
    cost_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    appl_from_kind: str = ""
    appl_from_no: str = ""
    appl_from_line_no: int = 0
    correction: bool = False  # an Undo Receipt line (opposite quantity)
    drop_shipment: bool = False
    sales_order_no: str = ""
    sales_order_line_no: int = 0


class VendorLedgerEntry(SQLModel, table=True):
    __tablename__ = "vendor_ledger_entry"
    __table_args__ = (
        Index("ix_vle_vendor_amount", "vendor_no", "amount"),
        Index("ix_vle_open_vendor", "open", "vendor_no", "due_date", "remaining_amount", "posting_date"),
        {"info": {"label": "vendor ledger entries"}},
    )
    entry_no: int | None = Field(default=None, primary_key=True)
    vendor_no: str = Field(foreign_key="vendor.no")
    posting_date: dt.date
    document_type: str  # "invoice", "credit_memo", "payment", "refund"
    document_no: str = Field(index=True)
    external_document_no: str = ""  # the vendor's invoice (credit memo) number
    description: str = ""
    amount: Decimal = Field(sa_type=Amount)  # an invoice is negative: what we owe
    remaining_amount: Decimal = Field(sa_type=Amount)
    due_date: dt.date | None = None
    open: bool = True
    purchase_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)  # excl. VAT
    transaction_no: int = 0
    pmt_discount_date: dt.date | None = None
    pmt_disc_possible: Decimal = Field(default=Decimal(0), sa_type=Amount)
    payment_method: str = ""


class VendorApplication(SQLModel, table=True):
    """One application between two vendor ledger entries (as CustApplication): append-only."""

    __tablename__ = "vendor_application"
    __table_args__ = {"info": {"label": "vendor applications"}}
    id: int | None = Field(default=None, primary_key=True)
    entry_no: int = Field(index=True)
    applied_to_entry_no: int = Field(index=True)
    amount: Decimal = Field(sa_type=Amount)
    posting_date: dt.date
    transaction_no: int = 0
