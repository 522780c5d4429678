"""What revisions share: adding columns that are not there yet (a revision may meet a
database that already has some of them, e.g. one made new at a later revision)."""

import sqlalchemy as sa
from alembic import op


def add_missing_columns(table: str, columns: list[sa.Column]) -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    missing = [c for c in columns if c.name not in present]
    if missing:
        with op.batch_alter_table(table) as batch:
            for column in missing:
                batch.add_column(column)
