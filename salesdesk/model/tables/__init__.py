"""SQLModel tables, grouped by area. Importing this package registers every table."""

from .agreements import CustomerStandardCode, StandardSalesCode, StandardSalesLine
from .costing import ItemApplicationEntry, ValueEntry
from .customers import Customer, CustomerMerge
from .documents import SalesHeader, SalesLine
from .items import Item, ItemLedgerEntry, ItemStock
from .ledgers import (
    CustApplication,
    CustLedgerEntry,
    GenPostingSetup,
    GLAccount,
    GLEntry,
    GLRegister,
    VatEntry,
)
from .output import DocumentOutput, OutboxEntry
from .payments import (
    BankStatement,
    BankStatementLine,
    PaymentJournalLine,
    PaymentMethod,
)
from .purchases import (
    PostedPurchaseHeader,
    PostedPurchaseLine,
    PurchaseHeader,
    PurchaseLine,
    PurchasingCode,
    Vendor,
    VendorApplication,
    VendorLedgerEntry,
)
from .posted import CancelledDocument, PostedHeader, PostedLine, ShipmentInvoicing
from .setup import (
    Company,
    Location,
    NoSeries,
    PaymentTerms,
    ReturnReason,
    SchemaVersion,
    ShipmentMethod,
    UnitOfMeasure,
    VatBusGroup,
    VatPostingSetup,
    VatProdGroup,
)

__all__ = [
    "Company", "Location", "NoSeries", "PaymentTerms", "SchemaVersion", "ShipmentMethod",
    "UnitOfMeasure", "VatBusGroup", "VatPostingSetup", "VatProdGroup", "Customer", "Item",
    "ItemLedgerEntry", "ItemStock", "SalesHeader", "SalesLine", "CustLedgerEntry", "GenPostingSetup", "GLAccount", "GLEntry", "GLRegister", "VatEntry",
    "PostedHeader", "PostedLine", "ShipmentInvoicing",
    "CancelledDocument", "CustApplication", "ReturnReason",
    "BankStatement", "BankStatementLine", "PaymentJournalLine", "PaymentMethod",
    "DocumentOutput", "OutboxEntry",
    "StandardSalesCode", "StandardSalesLine", "CustomerStandardCode", "CustomerMerge",
    "Vendor", "PurchasingCode", "PurchaseHeader", "PurchaseLine", "PostedPurchaseHeader", "PostedPurchaseLine",
    "VendorLedgerEntry", "VendorApplication", "ItemApplicationEntry", "ValueEntry",
]
