"""Moving a shop's database: every row of every table copied from one database to a new,
empty one (SQLite to PostgreSQL, or back), in one transaction on the target, then checked
table by table (row counts and the total of every amount and quantity column)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Integer, func, insert, select
from sqlmodel import SQLModel

from ..i18n import _
from .core.db import Database
from .core.errors import SalesDeskError
from .core.money import Scaled

CHUNK = 5_000


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    same: bool  # the same row count and totals in both databases


def _tables():
    from . import tables  # noqa: F401  (registers every table)

    return [t for t in SQLModel.metadata.sorted_tables if t.name != "schema_version"]


def copy_database(source: Database, target: str | os.PathLike,
                  progress: Callable[[str, int, int], None] | None = None) -> list[TableCheck]:
    """Copy every row of ``source`` into the database at ``target`` (a path or a SQLAlchemy
    URL), which must be new or empty; all or nothing. Returns the check of every table."""
    from .migrations import MIGRATIONS, SCHEMA_VERSION
    from .revisions import bring_up_to_date

    report = progress or (lambda table, done, total: None)
    destination = Database(target)
    try:
        destination.migrate(MIGRATIONS, SCHEMA_VERSION,
                            then=lambda conn, created: bring_up_to_date(conn, created=created))
        with source.read() as reading, destination.write() as writing:
            conn = writing.connection()
            for table in _tables():
                if conn.execute(select(func.count()).select_from(table)).scalar():
                    raise SalesDeskError(_("The target database is not empty (table {table} has rows): copy only "
                                           "into a new database.").format(table=table.name))
            for table in _tables():
                total = reading.execute(select(func.count()).select_from(table)).scalar()
                done = 0
                order = list(table.primary_key.columns) or list(table.columns)
                result = reading.execute(select(table).order_by(*order).execution_options(yield_per=CHUNK))
                for rows in result.partitions():
                    conn.execute(insert(table), [dict(row._mapping) for row in rows])
                    done += len(rows)
                    report(table.name, done, total)
            if not destination.is_sqlite:
                _advance_sequences(conn)
        return check_copy(source, destination)
    finally:
        destination.close()


def _advance_sequences(conn) -> None:
    """PostgreSQL: the sequences behind integer keys continue after the rows copied."""
    for table in _tables():
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].autoincrement in (True, "auto") and isinstance(keys[0].type, Integer):
            column = keys[0].name
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                f"COALESCE((SELECT MAX({column}) FROM {table.name}), 1), "
                f"(SELECT MAX({column}) FROM {table.name}) IS NOT NULL)")


def _figures(db: Database) -> dict[str, tuple]:
    figures = {}
    with db.read() as s:
        for table in _tables():
            amounts = [c for c in table.columns if isinstance(c.type, Scaled)]
            row = s.execute(select(func.count(), *(func.coalesce(func.sum(c), 0) for c in amounts))
                            .select_from(table)).one()
            figures[table.name] = tuple(row)
    return figures


def check_copy(source: Database, target: Database) -> list[TableCheck]:
    """Each table's row count and column totals, compared between the two databases."""
    before, after = _figures(source), _figures(target)
    return [TableCheck(name, before[name][0], before[name] == after.get(name)) for name in before]
