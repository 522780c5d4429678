"""Items and the item ledger."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Price, Quantity


class Item(SQLModel, table=True):
    __tablename__ = "item"
    __table_args__ = {"info": {"label": "items"}}
    no: str = Field(primary_key=True, max_length=20)
    description: str = Field(index=True)
    type: str = "inventory"  # "inventory", "service", "non_inventory"
    base_uom: str = Field(default="PCS", foreign_key="unit_of_measure.code")
    unit_price: Decimal = Field(default=Decimal(0), sa_type=Price)
    unit_cost: Decimal = Field(default=Decimal(0), sa_type=Price)
    vat_prod_group: str = Field(foreign_key="vat_prod_group.code")
    gen_prod_group: str = "GOODS"  # the general posting setup row that gives its G/L accounts
    blocked: bool = False
    sales_blocked: bool = False
    # supply (purchases): who the item is bought from, how long it takes, how it is costed
    vendor_no: str | None = Field(default=None, foreign_key="vendor.no")
    vendor_item_no: str = ""
    last_direct_cost: Decimal = Field(default=Decimal(0), sa_type=Price)
    lead_time_days: int = 0
    purchasing_code: str | None = Field(default=None, foreign_key="purchasing_code.code")
    costing_method: str = "fifo"  # "fifo", "average", "standard"
    search_key: str = Field(default="", index=True)


class ItemLedgerEntry(SQLModel, table=True):
    """Append-only: one row per stock movement; inventory is the sum of quantities."""

    __tablename__ = "item_ledger_entry"
    __table_args__ = (
        Index("ix_ile_item_location", "item_no", "location", "quantity"),
        # the open entries only (costing looks them up oldest first): closed entries cost no index
        Index("ix_ile_open", "item_no", "location", "posting_date", "entry_no",
              sqlite_where=text("open IS 1"), postgresql_where=text("open IS true")),
        {"info": {"label": "item ledger entries"}},
    )
    entry_no: int | None = Field(default=None, primary_key=True)
    item_no: str = Field(foreign_key="item.no")
    posting_date: dt.date
    entry_type: str  # "positive_adjmt", "negative_adjmt", "sale", ...
    document_type: str = ""
    document_no: str = Field(default="", index=True)
    location: str = Field(default="MAIN", foreign_key="location.code")
    description: str = ""
    quantity: Decimal = Field(sa_type=Quantity)
    cost_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    customer_no: str | None = Field(default=None, foreign_key="customer.no", index=True)
    vendor_no: str | None = Field(default=None, foreign_key="vendor.no")
    # costing bookkeeping (BC keeps these on the entry too): an inbound entry's quantity not yet
    # taken out; an outbound entry's quantity not yet applied to stock (negative inventory), < 0
    remaining_quantity: Decimal = Field(default=Decimal(0), sa_type=Quantity)
    open: bool = False


class ItemStock(SQLModel, table=True):
    """Quantity on hand per item and location, kept in step with every item ledger entry in
    the same unit of work (BC keeps such sums as SIFT indexes): posting checks stock without
    adding up an item's whole history."""

    __tablename__ = "item_stock"
    __table_args__ = {"info": {"label": "item stock"}}
    item_no: str = Field(primary_key=True, foreign_key="item.no")
    location: str = Field(primary_key=True, foreign_key="location.code")
    quantity: Decimal = Field(default=Decimal(0), sa_type=Quantity)
