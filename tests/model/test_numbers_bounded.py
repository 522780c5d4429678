"""One Decimal parser for every number the desk takes: digits only (no 1e30, NaN, Infinity),
at most 12 digits before the point, both European and English grouping read right; numbers
beyond a column's range refused, never an OverflowError."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound, SalesDeskError, ValidationError
from salesdesk.model.core.money import to_decimal

from .test_posting_support import db_state


@pytest.mark.parametrize("text, value", [
    ("1.234,50", Decimal("1234.50")), ("1,234.5", Decimal("1234.5")), ("1,5", Decimal("1.5")),
    ("-1.234,5", Decimal("-1234.5")), (".5", Decimal("0.5")), ("999999999999", Decimal("999999999999")),
])
def test_numbers_as_clerks_write_them(text, value):
    assert to_decimal(text, field="Amount") == value


@pytest.mark.parametrize("text", ["1e30", "1E3", "NaN", "sNaN", "Infinity", "-inf", "0x10", "1.23,4",
                                  "12345678901234", "abc", "1,000"])
def test_what_is_no_plain_number_is_refused(text):
    with pytest.raises(SalesDeskError):
        to_decimal(text, field="Amount")


@pytest.mark.parametrize("value", ["1e30", "12345678901234", Decimal("1e30"), 10**14, "NaN"])
@pytest.mark.parametrize("field", ["quantity", "unit_price"])
def test_a_line_refuses_a_huge_or_odd_number_and_keeps_its_values(shop, field, value):
    order = shop.sales.create(DocKind.ORDER, "C")
    line = shop.sales.add_line(order, "A", Decimal("3"))
    before = db_state(shop)
    with pytest.raises(ValidationError) as refused:
        shop.sales.update_line(order, line.line_no, **{field: value})
    assert refused.value.errors.get(field)
    assert db_state(shop) == before


def test_a_quantity_times_a_price_beyond_any_column_is_refused_cleanly(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    line = shop.sales.add_line(order, "A", Decimal("3"))
    shop.sales.update_line(order, line.line_no, unit_price=Decimal("999999999999"))
    with pytest.raises(SalesDeskError):
        shop.sales.update_line(order, line.line_no, quantity=Decimal("999999999999"))
    assert shop.sales.get(DocKind.ORDER, order.no).lines[0].quantity == Decimal("3")


@pytest.mark.parametrize("amount", ["abc", "Infinity", "1e30", "NaN", 10**20])
def test_a_payment_of_no_sensible_amount_is_refused(shop, amount):
    before = db_state(shop)
    with pytest.raises(SalesDeskError):
        shop.payments.register("C", amount)
    assert db_state(shop) == before


@pytest.mark.parametrize("entry_no", [10**20, -1, "abc", True])
def test_unapplying_an_entry_that_cannot_exist_says_so(shop, entry_no):
    with pytest.raises(NotFound):
        shop.payments.unapply(entry_no)


@pytest.mark.parametrize("line_no", ["abc", 10**20, None, -5, "1.5"])
def test_a_line_number_that_cannot_exist_is_refused_clearly(shop, line_no):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    with pytest.raises(SalesDeskError, match="has no line"):
        shop.sales.update_line(order, line_no, quantity=Decimal("2"))


def test_the_digit_bound_is_exactly_twelve():
    assert to_decimal("9" * 12, field="Amount") == Decimal("9" * 12)
    with pytest.raises(SalesDeskError, match="at most 12 digits"):
        to_decimal("1" + "0" * 12, field="Amount")  # 13 digits


def test_the_column_guard_stops_at_the_first_value_sqlite_cannot_hold():
    from salesdesk.model.core.money import NumberTooLarge, Scaled

    amount = Scaled(2)
    assert amount.process_bind_param(Decimal(2**63 - 1) / 100, None) == 2**63 - 1
    with pytest.raises(NumberTooLarge):
        amount.process_bind_param(Decimal(2**63) / 100, None)
    with pytest.raises(NumberTooLarge):
        amount.process_bind_param(-Decimal(2**63) / 100, None)
