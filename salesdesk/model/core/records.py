"""What customers and items share as master records: a number from a series or typed by
hand, field rules, a search key, and deletion only while nothing refers to them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from ...i18n import _
from .errors import NotFound, ValidationError
from .fields import FieldRule, check_field, clean
from .lists import filter_clause
from .numbering import allow_manual, next_no
from .references import refuse_delete_if_referred
from .text import search_key


class RecordService:
    """Subclasses set the table, its rules, its number series and its searchable fields."""

    model: type[SQLModel]
    rules: dict[str, FieldRule]
    series: str
    noun: str
    search_fields: tuple[str, ...]

    def __init__(self, desk):
        self._desk = desk

    # -- hooks -----------------------------------------------------------------------------

    def _check_update(self, s: Session, record, data: dict, errors: dict[str, str]) -> None:
        """Extra rules for a change (add to ``errors``; may adjust ``data``)."""

    def _refresh_search_key(self, record) -> None:
        record.search_key = search_key(*(getattr(record, f) for f in self.search_fields))

    # -- the shared verbs ------------------------------------------------------------------

    def check(self, field: str, value) -> str | None:
        """The message for one field's value, or None when it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, self.rules, field, value)

    def _create(self, values: dict):
        with self._desk.db.write() as s:
            data, errors = clean(s, self.rules, values)
            if errors:
                raise ValidationError(errors)
            data = {k: v for k, v in data.items() if v is not None}
            if data.get("no"):
                allow_manual(s, self.series)
                if s.get(self.model, data["no"]) is not None:
                    raise ValidationError({"no": _("{noun} {no} already exists.").format(noun=self.noun, no=data["no"])})
            else:
                data["no"] = next_no(s, self.series, is_free=lambda n: s.get(self.model, n) is None)
            record = self.model(**data)
            self._refresh_search_key(record)
            s.add(record)
            s.flush()
            return record

    def get(self, no: str):
        with self._desk.db.read() as s:
            return self._get(s, no)

    def _get(self, s: Session, no: str):
        record = s.get(self.model, no)
        if record is None:
            raise NotFound(_("{noun} {no} does not exist.").format(noun=self.noun, no=no))
        return record

    def update(self, no: str, /, **fields):
        """Change fields; the number itself cannot change. Refuses values that break the
        field rules and codes that do not exist, reporting every field at once."""
        with self._desk.db.write() as s:
            record = self._get(s, no)
            data, errors = clean(s, self.rules, fields)
            if "no" in data and data["no"] != no:
                errors["no"] = _("The number of an existing {noun} cannot be changed.").format(noun=self.noun.lower())
            self._check_update(s, record, data, errors)
            if errors:
                raise ValidationError(errors)
            for field, value in data.items():
                setattr(record, field, value)
            self._refresh_search_key(record)
            s.add(record)
            s.flush()
            return record

    def delete(self, no: str) -> None:
        """Delete the record; refused once any entry or document refers to it."""
        with self._desk.db.write() as s:
            record = self._get(s, no)
            refuse_delete_if_referred(s, self.model.__tablename__, no,
                                      _("{noun} {no}").format(noun=self.noun, no=no))
            s.delete(record)

    def search(self, text: str, limit: int = 50) -> list:
        """Records whose searchable fields contain every word of ``text``, ignoring case
        and accents."""
        with self._desk.db.read() as s:
            query = (select(self.model).where(filter_clause(self.model.search_key, text))
                     .order_by(self.model.no).limit(limit))
            return list(s.scalars(query).all())

    def count(self, text: str = "") -> int:
        with self._desk.db.read() as s:
            return s.execute(
                select(func.count()).select_from(self.model).where(filter_clause(self.model.search_key, text))
            ).scalar_one()
