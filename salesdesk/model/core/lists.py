"""Filters for the paged lists: every word typed must appear in the row's search key."""

from __future__ import annotations

from sqlalchemy import and_, true
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
