"""Exact numbers: Decimal helpers and scaled-integer column types.

Amounts, quantities and prices never pass through a float. In the database they are stored
as integers of minor units (amounts: cents; quantities and prices: 1/100000), so that SQL
``SUM`` is exact; the column type converts to and from ``Decimal``.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy.types import BigInteger, TypeDecorator

from ...i18n import _
from .errors import SalesDeskError

_BIGINT_LIMIT = 2**63  # an SQLite integer is a signed 64-bit one
# What a clerk may type in any number field: 12 digits before the point (a trillion), far
# beyond any real quantity or price, and far inside what the columns hold (9.2 x 10^13 at
# 5 decimals).
MAX_DIGITS = 12
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class NumberTooLarge(SalesDeskError):
    """A number beyond what a field or column holds."""


ZERO = Decimal("0")
CENT = Decimal("0.01")
AMOUNT_SCALE = 2
QTY_SCALE = 5  # BC's precision for quantities and unit prices
PRICE_SCALE = 5
PCT_SCALE = 5


def to_decimal(value, *, field: str = "value") -> Decimal:
    """Parse ``value`` (Decimal, int or text) into a Decimal; floats are refused."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise SalesDeskError(f"{field}: not a number")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = _normalise_separators(value.strip().replace("\u00a0", "").replace(" ", ""), field)
        if text == "":
            return ZERO
        if not _PLAIN_NUMBER.fullmatch(text):  # no 1e30, NaN, Infinity, 0x10: digits only
            raise SalesDeskError(f"{field}: '{value}' is not a number")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise SalesDeskError(f"{field}: '{value}' is not a number") from None
    elif value is None:
        return ZERO
    else:
        raise SalesDeskError(f"{field}: numbers must be exact (got {type(value).__name__})")
    if not result.is_finite():
        raise SalesDeskError(f"{field}: '{value}' is not a number")
    if result.adjusted() >= MAX_DIGITS:
        raise NumberTooLarge(_("{field} is too large: at most {n} digits before the decimal point.").format(
            field=field, n=MAX_DIGITS))
    return result


def _normalise_separators(text: str, field: str) -> str:
    """Accept "1234.5", "1,234.5", the decimal comma "1,5" and "1.234,50"; refuse "1,000",
    which reads as a thousand to some clerks and as one to others, and a mix whose groups are
    not thousands ("1.23,4")."""
    if "," not in text:
        return text
    if "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _mark, fraction = text.rpartition(decimal_mark)
        groups = whole.lstrip("+-").split(group_mark)
        if decimal_mark in whole or not groups[0] or any(len(g) != 3 for g in groups[1:]):
            raise SalesDeskError(f"{field}: '{text}' is not a number")
        return whole.replace(group_mark, "") + "." + fraction
    head, _sep, tail = text.rpartition(",")
    if text.count(",") > 1 or len(tail) == 3:
        raise SalesDeskError(
            f"{field}: '{text}' is ambiguous; write it without thousands separators "
            f"(e.g. 1000 or 1000.5)"
        )
    return f"{head}.{tail}"


def plain(value: Decimal) -> str:
    """A number for a message: no exponent, no trailing zeros ("100", not "1E+2")."""
    return format(value.normalize(), "f")


def round_amount(value: Decimal, quantum: Decimal = CENT) -> Decimal:
    """Round half-up to the currency precision."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def round_scale(value: Decimal, scale: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)


class Scaled(TypeDecorator):
    """A Decimal stored as an integer number of 10**-scale units."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int):
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not accepted for exact columns")
        exact = round_scale(Decimal(value), self.scale)
        units = int(exact.scaleb(self.scale))
        if not -_BIGINT_LIMIT < units < _BIGINT_LIMIT:  # SQLite would raise OverflowError
            raise NumberTooLarge(_("The number {n} is too large to be stored.").format(n=plain(exact)))
        return units

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale)

    def process_literal_param(self, value, dialect):
        return str(self.process_bind_param(value, dialect))

    @property
    def python_type(self):
        return Decimal


Amount = Scaled(AMOUNT_SCALE)
Quantity = Scaled(QTY_SCALE)
Price = Scaled(PRICE_SCALE)
Percent = Scaled(PCT_SCALE)
