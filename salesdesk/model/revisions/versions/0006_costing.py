"""Costing: item ledger entries gain Remaining Quantity and Open; new append-only tables of
item applications (which inbound entry an outbound one took its goods from) and value entries
(cost changes after posting).

Existing data: the stock of each item and location becomes the remaining quantity of its most
recent inbound entries (newest first, each at most its own quantity; older ones closed), at
their existing cost; a negative stock stays open on the most recent outbound entries. History
before this revision has no applications.

Revision ID: 0006
Revises: 0005
"""

from decimal import Decimal

import sqlalchemy as sa
from alembic import op
from sqlmodel import SQLModel

from salesdesk.model import tables  # noqa: F401 - registers the tables
from salesdesk.model.core.money import Quantity
from salesdesk.model.revisions.columns import add_missing_columns

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_TABLES = ("item_application_entry", "value_entry")
ZERO = Decimal(0)


def upgrade() -> None:
    conn = op.get_bind()
    present = set(sa.inspect(conn).get_table_names())
    for name in NEW_TABLES:
        if name not in present:
            SQLModel.metadata.tables[name].create(conn)
    add_missing_columns("item_ledger_entry", [
        sa.Column("remaining_quantity", Quantity, nullable=False, server_default="0"),
        sa.Column("open", sa.Boolean(), nullable=False, server_default=sa.false()),
    ])
    indexes = {i["name"] for i in sa.inspect(conn).get_indexes("item_ledger_entry")}
    if "ix_ile_open" not in indexes:
        op.create_index("ix_ile_open", "item_ledger_entry", ["item_no", "location", "posting_date", "entry_no"],
                        sqlite_where=sa.text("open IS 1"), postgresql_where=sa.text("open IS true"))
    open_existing_stock(conn)


def open_existing_stock(conn) -> None:
    """Remaining quantity from the stock per item and location: newest inbound entries first."""
    ile = SQLModel.metadata.tables["item_ledger_entry"]
    stock = conn.execute(sa.select(ile.c.item_no, ile.c.location, sa.func.sum(ile.c.quantity))
                         .group_by(ile.c.item_no, ile.c.location)).all()
    updates = []
    for item_no, location, quantity in stock:
        if not quantity:
            continue
        inbound = quantity > 0
        entries = conn.execute(
            sa.select(ile.c.entry_no, ile.c.quantity)
            .where(ile.c.item_no == item_no, ile.c.location == location,
                   ile.c.quantity > 0 if inbound else ile.c.quantity < 0)
            .order_by(ile.c.posting_date.desc(), ile.c.entry_no.desc())).all()
        left = abs(quantity)
        for entry_no, entry_quantity in entries:
            if not left:
                break
            take = min(abs(entry_quantity), left)
            left -= take
            updates.append({"no": entry_no, "remaining": take if inbound else -take})
    if updates:
        conn.execute(sa.update(ile).where(ile.c.entry_no == sa.bindparam("no"))
                     .values(remaining_quantity=sa.bindparam("remaining", type_=Quantity), open=True), updates)


def downgrade() -> None:
    op.drop_index("ix_ile_open", table_name="item_ledger_entry")
    with op.batch_alter_table("item_ledger_entry") as batch:
        for column in ("remaining_quantity", "open"):
            batch.drop_column(column)
    for name in reversed(NEW_TABLES):
        op.drop_table(name)
