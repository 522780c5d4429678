"""Costing: which inbound entries an outbound entry took its goods (and cost) from, and the
cost changes made after posting (Business Central's Item Application Entry and Value Entry).
Both are append-only."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ..core.money import Amount, Quantity


class ItemApplicationEntry(SQLModel, table=True):
    """``quantity`` (> 0) of the outbound entry came from the inbound entry, at ``cost_amount``
    (> 0, the cost at the time of the application)."""

    __tablename__ = "item_application_entry"
    __table_args__ = (
        # what an inbound entry has given so far: a sum read from the index alone
        Index("ix_item_application_inbound", "inbound_entry_no", "cost_amount"),
        {"info": {"label": "item application entries"}},
    )
    entry_no: int | None = Field(default=None, primary_key=True)
    outbound_entry_no: int = Field(index=True)
    inbound_entry_no: int
    posting_date: dt.date
    quantity: Decimal = Field(sa_type=Quantity)
    cost_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)


class ValueEntry(SQLModel, table=True):
    """A change of an item ledger entry's cost after it was posted: ``revaluation`` (an inbound
    entry's cost corrected, e.g. by the purchase invoice) or ``cost_adjustment`` (an outbound
    entry's share of such a change, or of the cost of the stock that closed a negative
    inventory). ``source_entry_no`` is the inbound entry whose cost the change carries."""

    __tablename__ = "value_entry"
    __table_args__ = {"info": {"label": "value entries"}}
    entry_no: int | None = Field(default=None, primary_key=True)
    item_ledger_entry_no: int = Field(index=True)
    item_no: str = Field(index=True)
    location: str = "MAIN"
    posting_date: dt.date
    document_no: str = ""
    kind: str  # "revaluation", "cost_adjustment"
    cost_amount: Decimal = Field(default=Decimal(0), sa_type=Amount)
    source_entry_no: int | None = Field(default=None, index=True)
    posted_to_gl: bool = Field(default=False, index=True)  # what is left to post is found at once
