"""Quantity on hand per item and location (table ``item_stock``), moved by the same unit of
work that writes each item ledger entry, and rebuilt from the ledger when rows were loaded
in bulk (the demo generator, a migration)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import bindparam, func, insert, select, text
from sqlalchemy import delete as sql_delete
from sqlmodel import Session

from ..core.db import FastQuery
from ..tables import ItemLedgerEntry, ItemStock

_stock = ItemStock.__table__
# INSERT … ON CONFLICT DO UPDATE: the same text in SQLite (3.24+) and PostgreSQL.
_MOVE = text("INSERT INTO item_stock (item_no, location, quantity) VALUES (:item_no, :location, :quantity) "
             "ON CONFLICT (item_no, location) DO UPDATE SET quantity = item_stock.quantity + excluded.quantity")
ON_HAND = FastQuery(select(_stock.c.quantity).where(_stock.c.item_no == bindparam("item_no"),
                                                    _stock.c.location == bindparam("location")))


def move_stock(s: Session, moves: Iterable[tuple[str, str, Decimal]]) -> None:
    """Add each (item no., location, quantity) to the stock on hand."""
    totals: dict[tuple[str, str], Decimal] = {}
    for item_no, location, quantity in moves:
        totals[(item_no, location)] = totals.get((item_no, location), Decimal(0)) + quantity
    params = [{"item_no": i, "location": loc, "quantity": ItemStock.__table__.c.quantity.type.process_bind_param(
        q, None)} for (i, loc), q in totals.items() if q]
    if params:
        s.execute(_MOVE, params)


def next_item_entry_no(s: Session) -> int:
    """The next item ledger entry number. Entry numbers are always given, never left to the
    database: postings number their entries in bulk, and a sequence (PostgreSQL) would not
    know of them. The write lock makes MAX + 1 safe."""
    return (s.execute(select(func.max(ItemLedgerEntry.entry_no))).scalar() or 0) + 1


def on_hand(s: Session, item_no: str, location: str) -> Decimal:
    rows = ON_HAND.run(s, item_no=item_no, location=location)
    return rows[0][0] if rows else Decimal(0)


def rebuild_stock(conn) -> None:
    """Recompute every item's stock from its ledger (after bulk loads and migrations)."""
    conn.execute(sql_delete(_stock))
    ile = ItemLedgerEntry.__table__
    conn.execute(insert(_stock).from_select(
        ["item_no", "location", "quantity"],
        select(ile.c.item_no, ile.c.location, func.sum(ile.c.quantity)).group_by(ile.c.item_no, ile.c.location)))
