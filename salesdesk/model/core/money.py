"""Exact numbers: Decimal helpers and scaled-integer column types.

Amounts, quantities and prices never pass through a float. In the database they are stored
as integers of minor units (amounts: cents; quantities and prices: 1/100000), so that SQL
``SUM`` is exact; the column type converts to and from ``Decimal``.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy.types import BigInteger, TypeDecorator

from .errors import SalesDeskError

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
    return result


def _normalise_separators(text: str, field: str) -> str:
    """Accept "1234.5", "1,234.5" and the decimal comma "1,5"; refuse "1,000", which
    reads as a thousand to some clerks and as one to others."""
    if "," not in text:
        return text
    if "." in text:
        return text.replace(",", "")
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
        return int(exact.scaleb(self.scale))

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
