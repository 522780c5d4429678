"""How numbers, dates and flags are shown (money formatting by Babel, never by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

LOCALE = "en_US"


@lru_cache(maxsize=1)
def _babel():
    from babel import numbers

    return numbers


def amount(value) -> str:
    if value is None or value == "":
        return ""
    return _babel().format_decimal(Decimal(value), format="#,##0.00", locale=LOCALE)


def quantity(value) -> str:
    if value is None or value == "":
        return ""
    return _babel().format_decimal(Decimal(value), format="#,##0.#####", locale=LOCALE)


def price(value) -> str:
    if value is None or value == "":
        return ""
    return _babel().format_decimal(Decimal(value), format="#,##0.00###", locale=LOCALE)


def flag(value) -> str:
    return "✓" if value else ""


def date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return "" if value is None else str(value)


def text(value) -> str:
    return "" if value is None else str(value)


def words(value) -> str:
    """An internal code shown as words: "non_inventory" -> "non-inventory"."""
    return "" if value is None else str(value).replace("_", "-")
