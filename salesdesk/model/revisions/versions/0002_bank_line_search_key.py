"""Bank statement lines get a folded search key (text, counterparty, reference),
so that searching them ignores case and accents on PostgreSQL as on SQLite; backfilled.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from salesdesk.model.core.text import search_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    if "bank_statement_line" not in inspector.get_table_names():
        return
    if "search_key" not in {c["name"] for c in inspector.get_columns("bank_statement_line")}:
        with op.batch_alter_table("bank_statement_line") as batch:
            batch.add_column(sa.Column("search_key", sa.String(), nullable=False, server_default=""))
    rows = conn.execute(sa.text("SELECT id, text, counterparty, reference FROM bank_statement_line")).all()
    if rows:
        conn.execute(sa.text("UPDATE bank_statement_line SET search_key = :key WHERE id = :id"),
                     [{"id": r.id, "key": search_key(r.text, r.counterparty, r.reference)} for r in rows])
    indexes = {i["name"] for i in sa.inspect(conn).get_indexes("bank_statement_line")}
    if "ix_bank_statement_line_search_key" not in indexes:
        op.create_index("ix_bank_statement_line_search_key", "bank_statement_line", ["search_key"])


def downgrade() -> None:
    with op.batch_alter_table("bank_statement_line") as batch:
        batch.drop_index("ix_bank_statement_line_search_key")
        batch.drop_column("search_key")
