"""Ordered schema migrations. A new database is created at the latest version directly;
an older one runs every step above its version, in order, inside one transaction.

Each step must leave the data in place (ALTER, backfill), never rebuild a table from scratch.
"""

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .db import column_names
from .text import search_key

SCHEMA_VERSION = 2


def _v2_search_keys(conn: Connection) -> None:
    """Version 2: accent-insensitive search keys on customers and items, backfilled."""
    if "search_key" not in column_names(conn, "customer"):
        conn.execute(text("ALTER TABLE customer ADD COLUMN search_key VARCHAR NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT no, name, city, email, phone FROM customer")).all()
    if rows:
        conn.execute(
            text("UPDATE customer SET search_key = :key WHERE no = :no"),
            [{"no": r.no, "key": search_key(r.no, r.name, r.city, r.email, r.phone)} for r in rows],
        )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_customer_search_key ON customer (search_key)"))
    if "search_key" not in column_names(conn, "item"):
        conn.execute(text("ALTER TABLE item ADD COLUMN search_key VARCHAR NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT no, description FROM item")).all()
    if rows:
        conn.execute(
            text("UPDATE item SET search_key = :key WHERE no = :no"),
            [{"no": r.no, "key": search_key(r.no, r.description)} for r in rows],
        )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_item_search_key ON item (search_key)"))


MIGRATIONS = [
    (2, _v2_search_keys),
]
