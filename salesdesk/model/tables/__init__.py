"""SQLModel tables, grouped by area. Importing this package registers every table."""

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
from .customers import Customer
from .items import Item, ItemLedgerEntry
from .documents import SalesHeader
from .ledgers import CustLedgerEntry

__all__ = [
    "Company", "Location", "NoSeries", "PaymentTerms", "SchemaVersion", "ShipmentMethod",
    "UnitOfMeasure", "VatBusGroup", "VatPostingSetup", "VatProdGroup", "Customer", "Item",
    "ItemLedgerEntry", "SalesHeader", "CustLedgerEntry",
]
