"""Which rows refer to a record: the generic check behind "delete refused once it has history".

It reads the foreign keys declared on the tables, and the columns that name a record without
one (marked ``refers_to``), so every table added later that refers to a customer, an item or a
setup code joins the check without changing it.
"""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlmodel import Session, SQLModel

from ...i18n import _
from .errors import HasHistory


def refers_to(table_name: str, **when: str) -> dict:
    """``sa_column_kwargs`` for a column that names a row of ``table_name`` by its key without
    a foreign key (kept as text: entries, the outbox, journals, bank lines), so that delete
    checks and merges know of it; ``when``: only on rows where those columns hold those values
    (a G/L entry's source no. names a customer when its source type is "customer")."""
    return {"info": {"refers_to": table_name, "when": when}}


def naming_columns(table_name: str) -> list:
    """Every column that names a row of ``table_name``: its foreign keys and the columns
    marked with ``refers_to``, as (column, extra condition or None) pairs."""
    target = SQLModel.metadata.tables[table_name]
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table is target for fk in column.foreign_keys):
                found.append((column, None))
            elif column.info.get("refers_to") == table_name:
                when = column.info.get("when") or {}
                found.append((column, and_(*(table.c[k] == v for k, v in when.items())) if when else None))
    return found


def referring_tables(session: Session, table_name: str, key: str) -> list[str]:
    """Labels of the tables that have at least one row referring to ``key``."""
    target = SQLModel.metadata.tables[table_name]
    (target_pk,) = target.primary_key.columns
    found: list[str] = []
    for column, extra in naming_columns(table_name):
        table = column.table
        condition = column == key
        if extra is not None:
            condition = and_(condition, extra)
        if table is target:  # a self-reference (bill-to customer) other than the row itself
            condition = and_(condition, target_pk != key)
        if session.execute(select(1).select_from(table).where(condition).limit(1)).first():
            label = table.info.get("label", table.name)
            if label not in found:
                found.append(label)
    return found


def refuse_delete_if_referred(session: Session, table_name: str, key: str, what: str) -> None:
    """Raise HasHistory naming what refers to ``key``."""
    found = referring_tables(session, table_name, key)
    if found:
        raise HasHistory(
            _("{what} cannot be deleted: it is used by {tables}.").format(what=what, tables=", ".join(found))
        )
