"""Filters for the paged lists: every word typed must appear in the row's search key."""

from __future__ import annotations

from sqlalchemy import and_, case, true
from sqlalchemy.sql.elements import ColumnElement

from .text import fold


def escape_like(word: str) -> str:
    """``word`` for a LIKE pattern with ``escape="\\"``: its %, _ and \\ match themselves."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_clause(column, text: str | None) -> ColumnElement:
    """``column`` holds a folded search key; match every folded word of ``text`` in it."""
    words = fold(text).split()
    if not words:
        return true()
    return and_(*(column.like(f"%{escape_like(w)}%", escape="\\") for w in words))


def number_first(number, text: str | None) -> list[ColumnElement]:
    """ORDER BY terms that put first the row whose number is what was typed, then the rows
    whose number ends with it (``00006`` finds SO-00006 before the orders of customer C00006);
    nothing when nothing is typed, so that an unfiltered list keeps its index order."""
    typed = (text or "").strip().upper()
    if not typed or " " in typed:
        return []
    return [case((number == typed, 0),
                 (number.like(f"%{escape_like(typed)}", escape="\\"), 1), else_=2)]
