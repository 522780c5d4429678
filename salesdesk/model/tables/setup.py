"""Setup tables: company, number series, VAT, payment terms, shipment methods, locations."""

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from ..core.db import SchemaVersion  # noqa: F401  (owned by core: the database's version)
from ..core.money import Percent
from ..core.numbering import NoSeries  # noqa: F401  (owned by core: number series)


class Company(SQLModel, table=True):
    __tablename__ = "company"
    __table_args__ = {"info": {"label": "company"}}
    id: int = Field(default=1, primary_key=True)
    name: str = ""
    address: str = ""
    post_code: str = ""
    city: str = ""
    country: str = ""
    vat_reg_no: str = ""
    phone: str = ""
    email: str = ""
    currency: str = "EUR"
    allow_negative_inventory: bool = False
    # posting (BC's G/L Setup and Sales & Receivables Setup)
    allow_posting_from: dt.date | None = None
    allow_posting_to: dt.date | None = None
    receivables_account: str = "411000"
    discount_posting: str = "none"  # "none", "invoice", "line", "all"
    ext_doc_no_mandatory: bool = False
    # receivables (BC's Customer Posting Group and G/L Setup)
    bank_account: str = "512000"
    pmt_disc_account: str = "665000"
    prepayment_account: str = "419100"
    # payables (BC's Vendor Posting Group and Purchases & Payables Setup)
    payables_account: str = "401000"
    vendor_invoice_no_mandatory: bool = True  # BC's Ext. Doc. No. Mandatory, on by default
    # documents out (BC's Company Information and Report Selection): what printed documents say
    registration_no: str = ""  # SIREN / SIRET
    legal_form: str = ""  # e.g. "SAS au capital de 50 000 EUR - RCS Lyon"
    legal_mentions: str = ""  # late-payment penalties, recovery fee: printed at the foot of invoices
    iban: str = ""
    bic: str = ""
    website: str = ""
    logo_path: str = ""  # a PNG or JPEG printed in the header of every document
    payment_link: str = ""  # e.g. "https://pay.example.com/{no}?amount={amount}", put in invoice e-mails
    language: str = "en"  # documents for customers without a language of their own: "en" or "fr"
    print_folder: str = ""  # Print writes PDFs here (empty: the user's documents folder) ...
    open_printed: bool = True  # ... and opens them with the desktop's viewer when there is one
    # e-mail (SMTP); the password is never stored here: SALESDESK_SMTP_PASSWORD or the OS keyring
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"  # "starttls", "ssl", "none"
    smtp_user: str = ""
    smtp_sender: str = ""  # the From address (empty: the company e-mail)
    smtp_timeout: int = 20


class VatBusGroup(SQLModel, table=True):
    __tablename__ = "vat_bus_group"
    __table_args__ = {"info": {"label": "VAT business groups"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""


class VatProdGroup(SQLModel, table=True):
    __tablename__ = "vat_prod_group"
    __table_args__ = {"info": {"label": "VAT product groups"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""


class VatPostingSetup(SQLModel, table=True):
    __tablename__ = "vat_posting_setup"
    __table_args__ = {"info": {"label": "VAT posting setup"}}
    bus_group: str = Field(primary_key=True, foreign_key="vat_bus_group.code")
    prod_group: str = Field(primary_key=True, foreign_key="vat_prod_group.code")
    vat_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)
    description: str = ""
    sales_vat_account: str = "445710"
    purchase_vat_account: str = "445660"  # deductible VAT


class PaymentTerms(SQLModel, table=True):
    __tablename__ = "payment_terms"
    __table_args__ = {"info": {"label": "payment terms"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
    due_days: int = 0
    discount_days: int = 0
    discount_pct: Decimal = Field(default=Decimal(0), sa_type=Percent)


class ShipmentMethod(SQLModel, table=True):
    __tablename__ = "shipment_method"
    __table_args__ = {"info": {"label": "shipment methods"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""


class Location(SQLModel, table=True):
    __tablename__ = "location"
    __table_args__ = {"info": {"label": "locations"}}
    code: str = Field(primary_key=True, max_length=20)
    name: str = ""
    address: str = ""
    city: str = ""


class UnitOfMeasure(SQLModel, table=True):
    __tablename__ = "unit_of_measure"
    __table_args__ = {"info": {"label": "units of measure"}}
    code: str = Field(primary_key=True, max_length=10)
    description: str = ""


class ReturnReason(SQLModel, table=True):
    __tablename__ = "return_reason"
    __table_args__ = {"info": {"label": "return reasons"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
