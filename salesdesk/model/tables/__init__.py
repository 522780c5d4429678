"""SQLModel tables, grouped by area. Importing this package registers every table."""

from .customers import Customer
from .documents import SalesHeader, SalesLine
from .items import Item, ItemLedgerEntry
from .ledgers import CustLedgerEntry, GenPostingSetup, GLAccount, GLEntry, GLRegister, VatEntry
from .posted import PostedHeader, PostedLine, ShipmentInvoicing
from .setup import (
    Company,
    Location,
    NoSeries,
    PaymentTerms,
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
    "ItemLedgerEntry", "SalesHeader", "SalesLine", "CustLedgerEntry", "GenPostingSetup", "GLAccount", "GLEntry", "GLRegister", "VatEntry",
    "PostedHeader", "PostedLine", "ShipmentInvoicing",
]
