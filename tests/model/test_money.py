"""Exact numbers: amounts are Decimals, stored as integers so that SQL SUM is exact."""

from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import StatementError

from salesdesk.model import SalesDeskError
from salesdesk.model.core.money import Amount, Percent, Price, Quantity, round_amount, to_decimal
from salesdesk.model.tables import CustLedgerEntry


def test_a_thousand_ten_cent_entries_sum_to_exactly_one_hundred(shop, tmp_path):
    # 0.10 has no exact binary float: summed as REAL a thousand times it drifts.
    assert sum([0.10] * 1000) != 100.0
    with shop.db.write() as s:
        s.execute(insert(CustLedgerEntry), [
            {"customer_no": "C", "posting_date": shop.today(), "document_type": "invoice",
             "document_no": f"T-{k}", "amount": Decimal("0.10"), "remaining_amount": Decimal("0.10")}
            for k in range(1000)
        ])
    with shop.db.read() as s:
        total = s.execute(select(func.sum(CustLedgerEntry.amount))).scalar_one()
    assert isinstance(total, Decimal)
    assert total == Decimal("100.00")
    assert str(total) == "100.00"
    assert shop.customers.balance("C") == Decimal("100.00")

    with shop.db.engine.connect() as raw:  # the stored values, past the column types
        stored = raw.exec_driver_sql("SELECT amount FROM cust_ledger_entry LIMIT 1").scalar()
        raw_sum = raw.exec_driver_sql("SELECT SUM(amount) FROM cust_ledger_entry").scalar()
        if shop.db.is_sqlite:
            storage = raw.exec_driver_sql("SELECT typeof(amount) FROM cust_ledger_entry LIMIT 1").scalar()
        else:
            storage = raw.exec_driver_sql("SELECT data_type FROM information_schema.columns "
                                          "WHERE table_name = 'cust_ledger_entry' AND column_name = 'amount'").scalar()
    assert stored == 10 and type(stored) is int
    assert storage in ("integer", "bigint")
    assert raw_sum == 10000


def test_quantities_and_prices_keep_five_decimals_as_integers(shop, tmp_path):
    shop.items.create("Fine", no="F", unit_price=Decimal("0.12345"), unit_cost=Decimal("0.00001"),
                      vat_prod_group="STD")
    with shop.db.engine.connect() as raw:
        row = tuple(raw.exec_driver_sql("SELECT unit_price, unit_cost FROM item WHERE no = 'F'").one())
    assert row == (12345, 1)
    (row,) = shop.items.page("F", limit=1)
    assert row[0] == "F"
    assert row[4] == Decimal("0.12345")  # unit_price, read back through the column type
    assert str(row[4]) == "0.12345"


@pytest.mark.parametrize("column, value, stored", [
    (Amount, Decimal("12.34"), 1234),
    (Amount, Decimal("-12.34"), -1234),
    (Amount, Decimal("0.005"), 1),          # half-up at the column's scale
    (Amount, Decimal("-0.005"), -1),
    (Amount, 7, 700),
    (Quantity, Decimal("1.5"), 150000),
    (Price, Decimal("0.00001"), 1),
    (Percent, Decimal("5.5"), 550000),
])
def test_scaled_columns_convert_decimals_to_integers_and_back(column, value, stored):
    assert column.process_bind_param(value, None) == stored
    back = column.process_result_value(stored, None)
    assert isinstance(back, Decimal)
    assert back == round_amount(Decimal(value), Decimal(1).scaleb(-column.scale))


def test_scaled_columns_read_back_at_their_scale():
    assert str(Amount.process_result_value(10, None)) == "0.10"
    assert str(Quantity.process_result_value(100000, None)) == "1.00000"
    assert Amount.process_bind_param(None, None) is None
    assert Amount.process_result_value(None, None) is None


def test_the_column_type_refuses_floats():
    with pytest.raises(TypeError):
        Amount.process_bind_param(0.1, None)


def test_a_float_never_reaches_the_database(shop):
    with pytest.raises((TypeError, StatementError)):
        with shop.db.write() as s:
            s.execute(insert(CustLedgerEntry), [{
                "customer_no": "C", "posting_date": shop.today(), "document_type": "invoice",
                "document_no": "FLOAT", "amount": 0.1, "remaining_amount": 0.1}])
    assert shop.customers.balance("C") == Decimal("0.00")


@pytest.mark.parametrize("value, expected", [
    (Decimal("1.25"), Decimal("1.25")),
    (3, Decimal("3")),
    ("12.50", Decimal("12.50")),
    (" 1 234.50 ", Decimal("1234.50")),
    ("1\u00a0000", Decimal("1000")),
    ("-4", Decimal("-4")),
    ("", Decimal("0")),
    (None, Decimal("0")),
])
def test_to_decimal_parses_exact_values(value, expected):
    result = to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize("value", [0.1, 1.0, float("nan"), True, "abc", "NaN", "Infinity", [1]])
def test_to_decimal_refuses_floats_and_non_numbers(value):
    with pytest.raises(SalesDeskError):
        to_decimal(value, field="Amount")


def test_to_decimal_names_the_field_and_says_why_floats_are_refused():
    with pytest.raises(SalesDeskError, match="Amount.*exact.*float"):
        to_decimal(0.1, field="Amount")


@pytest.mark.parametrize("value, expected", [
    (Decimal("0.125"), Decimal("0.13")),    # banker's rounding would give 0.12
    (Decimal("0.135"), Decimal("0.14")),
    (Decimal("0.124"), Decimal("0.12")),
    (Decimal("2.5"), Decimal("2.50")),
    (Decimal("-0.125"), Decimal("-0.13")),  # half away from zero, symmetric
    (Decimal("1.005"), Decimal("1.01")),
    (Decimal("7"), Decimal("7.00")),
])
def test_amounts_round_half_up_to_the_cent(value, expected):
    result = round_amount(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_a_decimal_comma_is_read_as_a_decimal_point():
    assert to_decimal("1,5") == Decimal("1.5")
    assert to_decimal("12,75") == Decimal("12.75")
    assert to_decimal("1,234.5") == Decimal("1234.5")


def test_a_comma_that_could_be_a_thousands_separator_is_refused():
    for text in ("1,000", "1,000,000"):
        with pytest.raises(SalesDeskError, match="ambiguous"):
            to_decimal(text)
