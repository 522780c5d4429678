"""Merge Duplicate (BC's page of that name): two cards for one customer become one.

``merge(duplicate_no, into_no, take=...)`` moves every row that names the duplicate to the kept
customer, in one transaction, then deletes the duplicate and logs the merge (who, when, which
fields were taken from the duplicate). Which rows name a customer comes from the registry
``naming_columns("customer")`` (foreign keys and columns marked ``refers_to``), so a table added
later is merged without changing this module.

Posted documents keep what they were issued with: their bill-to snapshot stays, and the number
they were issued to is kept in ``issued_customer_no`` so that a reprint is the same document.

A conflict is BC's: a table whose primary key holds the customer no. has a row for both
customers with the same other key values (both have recurring code MONTHLY). The merge is
refused while one exists; ``resolve_conflict`` settles one, as BC's Merge Duplicate Conflicts:
Remove Duplicate deletes the duplicate's row; Rename Duplicate gives it another key value. When
that key names a record of another table (a standard sales code), the row is reassigned to the
record of the new name if it exists, or else to a copy of the old record (with its own lines,
the rows deleted with it) made under the new name: MONTHLY2, same description and lines.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlmodel import Session, SQLModel

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.references import naming_columns
from ..core.text import fold
from ..tables import Customer, CustomerMerge, PostedHeader

TARGET = "customer"
SEPARATOR = "\x1f"  # between the parts of a search key (core.text.search_key)


@dataclass(frozen=True)
class FieldDifference:
    """A field whose value differs: the kept customer's and the duplicate's."""
    field: str
    label: str
    current: Any
    duplicate: Any


@dataclass(frozen=True)
class RelatedCount:
    """How many rows of one table name each customer (BC's Related Tables)."""
    table: str
    label: str
    current: int
    duplicate: int


@dataclass(frozen=True)
class MergeConflict:
    """A row of the duplicate whose key the kept customer has too. ``keys``: the row's other
    key columns and values; ``field``: the key a Rename Duplicate changes; ``value``: its value."""
    table: str
    label: str
    keys: tuple[tuple[str, Any], ...]
    field: str
    value: Any

    def __str__(self) -> str:
        return _("{table} {value}: both customers have it").format(table=self.label, value=self.value)


@dataclass(frozen=True)
class MergePreview:
    current_no: str
    current_name: str
    duplicate_no: str
    duplicate_name: str
    fields: tuple[FieldDifference, ...]
    related: tuple[RelatedCount, ...]
    conflicts: tuple[MergeConflict, ...]


class MergeConflicts(SalesDeskError):
    """The merge is refused: ``conflicts`` lists every conflict, ``problems`` their sentences."""

    def __init__(self, duplicate_no: str, into_no: str, conflicts: list[MergeConflict]):
        self.conflicts = list(conflicts)
        self.problems = [str(c) for c in conflicts]
        count = (_("1 conflict") if len(conflicts) == 1
                 else _("{n} conflicts").format(n=len(conflicts)))
        super().__init__(_("Customer {dup} cannot be merged into {into}: {count}. {problems}. Resolve them "
                           "(Remove Duplicate or Rename Duplicate) first.").format(
            dup=duplicate_no, into=into_no, count=count, problems="; ".join(self.problems)))


# -- reading ----------------------------------------------------------------------------------


def _target():
    return SQLModel.metadata.tables[TARGET]


def _names(column, extra, no: str):
    """The condition "this column names customer ``no``" (a customer's own row left out)."""
    condition = column == no
    if extra is not None:
        condition = and_(condition, extra)
    if column.table is _target():  # another customer billed to it, say
        (key,) = _target().primary_key.columns
        condition = and_(condition, key != no)
    return condition


def _by_table() -> dict:
    """{table: [(column, extra condition)]} in the registry's order."""
    tables: dict = {}
    for column, extra in naming_columns(TARGET):
        tables.setdefault(column.table, []).append((column, extra))
    return tables


def related_counts(s: Session, current_no: str, duplicate_no: str) -> list[RelatedCount]:
    """Per table naming customers: its rows naming each (a row naming one twice counts once)."""
    counts = []
    for table, columns in _by_table().items():
        def count(no: str) -> int:
            condition = or_(*(_names(c, extra, no) for c, extra in columns))
            return s.execute(select(func.count()).select_from(table).where(condition)).scalar_one()

        label = _("other customers") if table is _target() else table.info.get("label", table.name)
        counts.append(RelatedCount(table.name, label, count(current_no), count(duplicate_no)))
    return counts


def find_conflicts(s: Session, duplicate_no: str, into_no: str) -> list[MergeConflict]:
    """The duplicate's rows whose primary key, with the kept customer's no. in it, exists."""
    found = []
    for column, _extra in naming_columns(TARGET):
        table = column.table
        others = [c for c in table.primary_key.columns if c is not column]
        if table is _target() or not column.primary_key or not others:
            continue
        kept = table.alias("kept")
        same_key = and_(kept.c[column.name] == into_no, *(kept.c[o.name] == o for o in others))
        rows = s.execute(select(*others).where(column == duplicate_no, exists().where(same_key))
                         .order_by(*others)).all()
        for row in rows:
            keys = tuple((o.name, row[i]) for i, o in enumerate(others))
            found.append(MergeConflict(table.name, table.info.get("label", table.name), keys,
                                       keys[-1][0], keys[-1][1]))
    return found


def field_differences(current, duplicate, rules) -> list[FieldDifference]:
    return [FieldDifference(name, rule.label, getattr(current, name), getattr(duplicate, name))
            for name, rule in rules.items()
            if name != "no" and getattr(current, name) != getattr(duplicate, name)]


# -- writing ----------------------------------------------------------------------------------


def _take_fields(kept, duplicate, take: tuple[str, ...]) -> None:
    for name in take:
        value = getattr(duplicate, name)
        if name == "bill_to_customer_no" and value in (duplicate.no, kept.no):
            value = None  # billing the merged customer is billing oneself: the default
        setattr(kept, name, value)


def _keep_issued_numbers(s: Session, duplicate_no: str) -> None:
    """Posted documents print the number they were issued to, whatever customer they move to."""
    s.execute(update(PostedHeader).where(PostedHeader.customer_no == duplicate_no,
                                         PostedHeader.issued_customer_no == "")
              .values(issued_customer_no=PostedHeader.customer_no))


def _add_to_search_keys(s: Session, table, condition, duplicate_no: str, into_no: str) -> None:
    """Rows found by the duplicate's no. in their search key are found by the kept one's too."""
    if "search_key" not in table.c or table is _target():
        return
    pk = list(table.primary_key.columns)
    old, new = fold(duplicate_no), fold(into_no)
    for row in s.execute(select(*pk, table.c.search_key).where(condition)).all():
        parts = row[-1].split(SEPARATOR)
        if old in parts and new not in parts:
            s.execute(update(table).where(*(c == row[i] for i, c in enumerate(pk)))
                      .values(search_key=SEPARATOR.join([*parts, new])))


def move_references(s: Session, duplicate_no: str, into_no: str) -> None:
    """Every column naming the duplicate names the kept customer instead."""
    _keep_issued_numbers(s, duplicate_no)
    for table, columns in _by_table().items():
        _add_to_search_keys(s, table, or_(*(_names(c, extra, duplicate_no) for c, extra in columns)),
                            duplicate_no, into_no)
        for column, extra in columns:
            s.execute(update(table).where(_names(column, extra, duplicate_no)).values({column.name: into_no}))
    target = _target()
    s.execute(update(target).where(target.c.no == into_no, target.c.bill_to_customer_no == into_no)
              .values(bill_to_customer_no=None))


def delete_duplicate(s: Session, duplicate_no: str) -> None:
    s.execute(delete(_target()).where(_target().c.no == duplicate_no))


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without one)
        return ""


def _conflict_row(conflict: MergeConflict, duplicate_no: str):
    table = SQLModel.metadata.tables[conflict.table]
    (column,) = [c for c, _extra in naming_columns(TARGET) if c.table is table and c.primary_key]
    return table, column, and_(column == duplicate_no, *(table.c[k] == v for k, v in conflict.keys))


def _copy_record(s: Session, table, old, new) -> None:
    """A copy of ``table``'s row ``old`` under key ``new``, with the rows it owns (those whose
    foreign key to it deletes them with it: a standard code's lines)."""
    (pk,) = table.primary_key.columns
    row = s.execute(select(table).where(pk == old)).mappings().one()
    s.execute(insert(table).values({**row, pk.name: new}))
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column is pk and fk.ondelete and fk.ondelete.upper() == "CASCADE":
                for owned in s.execute(select(child).where(fk.parent == old)).mappings().all():
                    s.execute(insert(child).values({**owned, fk.parent.name: new}))


def rename_conflict(s: Session, conflict: MergeConflict, duplicate_no: str, into_no: str, new_value: str) -> None:
    table, column, where = _conflict_row(conflict, duplicate_no)
    field = table.c[conflict.field]
    new_value = str(new_value or "").strip()
    if field.foreign_keys:  # a code: codes are upper case
        new_value = new_value.upper()
    length = getattr(field.type, "length", None)
    if not new_value:
        raise SalesDeskError(_("Type the new {field} for the duplicate's row.").format(field=conflict.field))
    if length and len(new_value) > length:
        raise SalesDeskError(_("{value} is too long: at most {n} characters.").format(value=new_value, n=length))
    keys = {**dict(conflict.keys), conflict.field: new_value}
    for no in (duplicate_no, into_no):
        if s.execute(select(1).select_from(table).where(
                column == no, *(table.c[k] == v for k, v in keys.items()))).first():
            raise SalesDeskError(_("Customer {no} already has {table} {value}.").format(
                no=no, table=conflict.label, value=new_value))
    for fk in field.foreign_keys:  # the key names a record: reassign to it, or to a copy of the old one
        (pk,) = fk.column.table.primary_key.columns
        if s.execute(select(1).where(pk == new_value)).first() is None:
            _copy_record(s, fk.column.table, conflict.value, new_value)
    s.execute(update(table).where(where).values({conflict.field: new_value}))


def remove_conflict(s: Session, conflict: MergeConflict, duplicate_no: str) -> None:
    table, _column, where = _conflict_row(conflict, duplicate_no)
    s.execute(delete(table).where(where))


# -- the service's verbs ----------------------------------------------------------------------


class MergeActions:
    """``desk.customers.merge`` and what the Merge Duplicate screen reads before it."""

    def _pair(self, s: Session, duplicate_no: str, into_no: str) -> tuple[Customer, Customer]:
        if str(duplicate_no).strip() == str(into_no).strip():
            raise SalesDeskError(_("Customer {no} cannot be merged with itself.").format(no=into_no))
        return self._get(s, into_no), self._get(s, duplicate_no)

    def merge_preview(self, duplicate_no: str, into_no: str) -> MergePreview:
        """What Merge Duplicate shows: the fields that differ, the related rows of each
        customer per table, and the conflicts to resolve first."""
        with self._desk.db.read() as s:
            kept, duplicate = self._pair(s, duplicate_no, into_no)
            return MergePreview(kept.no, kept.name, duplicate.no, duplicate.name,
                                tuple(field_differences(kept, duplicate, self.rules)),
                                tuple(related_counts(s, kept.no, duplicate.no)),
                                tuple(find_conflicts(s, duplicate.no, kept.no)))

    def merge(self, duplicate_no: str, into_no: str, *, take=()) -> Customer:
        """Move all history and open documents of ``duplicate_no`` to ``into_no`` and delete
        the duplicate, in one transaction; ``take`` names the fields whose value comes from the
        duplicate. Refused (nothing written) for the same customer, an unknown one, an unknown
        field, or while conflicts exist (``MergeConflicts`` lists each)."""
        take = tuple(dict.fromkeys(take))
        unknown = [f for f in take if f not in self.rules or f == "no"]
        if unknown:
            raise SalesDeskError(_("A merge cannot take these fields from the duplicate: {fields}.").format(
                fields=", ".join(map(str, unknown))))
        with self._desk.db.write() as s:
            kept, duplicate = self._pair(s, duplicate_no, into_no)
            conflicts = find_conflicts(s, duplicate.no, kept.no)
            if conflicts:
                raise MergeConflicts(duplicate.no, kept.no, conflicts)
            _take_fields(kept, duplicate, take)
            self._refresh_search_key(kept)
            s.add(kept)
            s.flush()
            move_references(s, duplicate.no, kept.no)
            s.expunge(duplicate)
            delete_duplicate(s, duplicate.no)
            s.add(CustomerMerge(merged_at=self._desk.now().astimezone(dt.UTC), user=os_user(), duplicate_no=duplicate.no,
                                into_no=kept.no, taken_fields=",".join(take)))
            s.flush()
            s.refresh(kept)
            return kept

    def resolve_conflict(self, duplicate_no: str, into_no: str, conflict: MergeConflict, action: str,
                         new_value: str | None = None) -> None:
        """Settle one conflict: ``action`` "remove" deletes the duplicate's row, "rename" gives
        it the key ``new_value`` (see the module's doc for a key naming another record)."""
        with self._desk.db.write() as s:
            kept, duplicate = self._pair(s, duplicate_no, into_no)
            if conflict not in find_conflicts(s, duplicate.no, kept.no):
                raise NotFound(_("That conflict no longer exists: {what}.").format(what=conflict))
            if action == "remove":
                remove_conflict(s, conflict, duplicate.no)
            elif action == "rename":
                rename_conflict(s, conflict, duplicate.no, kept.no, new_value or "")
            else:
                raise SalesDeskError(_("Unknown way to resolve a conflict: {action}.").format(action=action))

    def merges(self) -> list[CustomerMerge]:
        """The merge log, oldest first."""
        with self._desk.db.read() as s:
            return list(s.scalars(select(CustomerMerge).order_by(CustomerMerge.id)).all())
