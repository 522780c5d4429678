"""Which rows refer to a record: the generic check behind "delete refused once it has history".

It reads the foreign keys declared on the tables, so every table added later that refers to a
customer, an item or a setup code joins the check without changing it.
"""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlmodel import Session, SQLModel

from ...i18n import _
from .errors import HasHistory


def referring_tables(session: Session, table_name: str, key: str) -> list[str]:
    """Labels of the tables that have at least one row referring to ``key``."""
    target = SQLModel.metadata.tables[table_name]
    (target_pk,) = target.primary_key.columns
    found: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not target:
                continue
            condition = fk.parent == key
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
