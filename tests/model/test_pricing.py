"""pricing.py: line amounts, unit prices incl. VAT, spreading a total exactly, and the
per-rate VAT calculation of a whole document (pure functions, no database)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.model.sales.pricing import LineInput, VatLine, calculate, line_amounts, price_for, spread

D = Decimal


# -- line amounts --------------------------------------------------------------------------

@pytest.mark.parametrize(("qty", "price", "pct", "discount", "amount"), [
    ("5", "10", "10", "5.00", "45.00"),          # S3
    ("2", "10", "0", "0.00", "20.00"),
    ("3", "3.333", "0", "0.00", "10.00"),        # 9.999 -> 10.00 before the discount
    ("3", "3.333", "15", "1.50", "8.50"),        # discount on the rounded amount
    ("1", "0.99", "50", "0.50", "0.49"),         # 0.495 -> 0.50 half up
    ("0.5", "0.99", "0", "0.00", "0.50"),        # 0.495 -> 0.50 half up
    ("1", "0.01", "50", "0.01", "0.00"),
    ("0", "10", "10", "0.00", "0.00"),
    ("4", "2.5", "100", "10.00", "0.00"),
])
def test_line_amounts(qty, price, pct, discount, amount):
    assert line_amounts(D(qty), D(price), D(pct)) == (D(discount), D(amount))


def test_line_amounts_are_rounded_to_cents():
    discount, amount = line_amounts(D("7"), D("1.11111"), D("0"))
    assert amount == D("7.78")
    assert amount.as_tuple().exponent == -2
    assert discount.as_tuple().exponent == -2


# -- unit prices ---------------------------------------------------------------------------

@pytest.mark.parametrize(("price", "pct", "incl", "expected"), [
    ("10", "20", False, "10"),
    ("10", "20", True, "12.00"),
    ("10", "0", True, "10"),
    ("0.99", "20", True, "1.188"),
    ("1.23457", "20", True, "1.48148"),          # 1.481484 -> 5 decimals
    ("8.33333", "20", True, "10.00000"),         # 9.999996 -> 10.00000
])
def test_price_for(price, pct, incl, expected):
    assert price_for(D(price), D(pct), incl) == D(expected)


# -- spread --------------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "weights", "shares"), [
    ("0.59", ["0.99", "0.99", "0.99"], ["0.20", "0.19", "0.20"]),    # S11's VAT
    ("1.00", ["1", "1", "1"], ["0.33", "0.34", "0.33"]),
    ("6.00", ["50", "10"], ["5.00", "1.00"]),
    ("0.01", ["1", "1", "1"], ["0.00", "0.01", "0.00"]),
    ("10.00", ["0", "5", "0", "5"], ["0.00", "5.00", "0.00", "5.00"]),
    ("-0.59", ["0.99", "0.99", "0.99"], ["-0.20", "-0.19", "-0.20"]),
    ("0.00", ["3", "4"], ["0.00", "0.00"]),
    ("7.77", ["1"], ["7.77"]),
])
def test_spread_gives_running_total_shares(total, weights, shares):
    result = spread(D(total), [D(w) for w in weights])
    assert result == [D(s) for s in shares]
    assert sum(result, D(0)) == D(total)


def test_spread_over_nothing_or_zero_weights_gives_zeros():
    assert spread(D("5.00"), []) == []
    assert spread(D("0.00"), [D(0), D(0)]) == [D(0), D(0)]


@settings(max_examples=200, deadline=None)
@given(
    total=st.decimals(min_value=D("-100000"), max_value=D("100000"), places=2),
    weights=st.lists(st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2), min_size=1, max_size=12),
)
def test_spread_always_adds_up_exactly_and_stays_close_to_proportional(total, weights):
    shares = spread(total, weights)
    assert len(shares) == len(weights)
    assert sum(shares, D(0)) == total
    whole = sum(weights, D(0))
    for share, weight in zip(shares, weights):
        assert share.as_tuple().exponent >= -2
        assert abs(share - total * weight / whole) <= D("0.01")


# -- calculate -----------------------------------------------------------------------------

def lines(*specs):
    return [LineInput(D(amount), D(pct), key) for amount, pct, key in specs]


def totals(results):
    return (sum((r.amount for r in results), D(0)), sum((r.vat_amount for r in results), D(0)),
            sum((r.amount_incl_vat for r in results), D(0)))


def test_s11_vat_is_computed_on_the_total_and_spread_over_the_lines():
    results, vat_lines = calculate(lines(("0.99", "20", "STD"), ("0.99", "20", "STD"), ("0.99", "20", "STD")),
                                   invoice_disc_pct=D(0), prices_incl_vat=False)
    assert totals(results) == (D("2.97"), D("0.59"), D("3.56"))
    assert [r.vat_amount for r in results] == [D("0.20"), D("0.19"), D("0.20")]
    assert [r.amount_incl_vat for r in results] == [D("1.19"), D("1.18"), D("1.19")]
    assert vat_lines == [VatLine("STD", D("20"), D("2.97"), D("0.59"))]
    assert vat_lines[0].amount_incl_vat == D("3.56")


def test_vat_per_line_would_have_given_0_60_but_the_document_says_0_59():
    per_line = 3 * (D("0.99") * D("0.2")).quantize(D("0.01"))
    assert per_line == D("0.60")
    results, _ = calculate(lines(*[("0.99", "20", "STD")] * 3), invoice_disc_pct=D(0), prices_incl_vat=False)
    assert totals(results)[1] == D("0.59")


def test_the_invoice_discount_is_taken_on_the_total_and_spread_over_the_lines():
    results, vat_lines = calculate(lines(("50.00", "20", "STD"), ("10.00", "20", "STD")),
                                   invoice_disc_pct=D("10"), prices_incl_vat=False)
    assert [r.inv_discount_amount for r in results] == [D("5.00"), D("1.00")]
    assert [r.amount for r in results] == [D("45.00"), D("9.00")]
    assert totals(results) == (D("54.00"), D("10.80"), D("64.80"))
    assert vat_lines == [VatLine("STD", D("20"), D("54.00"), D("10.80"))]


def test_an_invoice_discount_that_rounds_is_spread_exactly():
    results, _ = calculate(lines(*[("0.99", "20", "STD")] * 3), invoice_disc_pct=D("10"), prices_incl_vat=False)
    # 10 % of 2.97 = 0.297 -> 0.30, spread 0.10 / 0.10 / 0.10
    assert [r.inv_discount_amount for r in results] == [D("0.10"), D("0.10"), D("0.10")]
    assert totals(results) == (D("2.67"), D("0.53"), D("3.20"))  # VAT 20 % of 2.67 = 0.534


def test_prices_including_vat_take_the_vat_out_of_the_total():
    # one line of 9.99 incl. VAT: VAT = 9.99 x 20 / 120 = 1.665 -> 1.67 (half up)
    results, vat_lines = calculate(lines(("9.99", "20", "STD")), invoice_disc_pct=D(0), prices_incl_vat=True)
    assert totals(results) == (D("8.32"), D("1.67"), D("9.99"))
    assert vat_lines == [VatLine("STD", D("20"), D("8.32"), D("1.67"))]


def test_prices_including_vat_over_several_lines_add_up_to_the_document():
    results, _ = calculate(lines(*[("1.19", "20", "STD")] * 3), invoice_disc_pct=D(0), prices_incl_vat=True)
    # 3.57 x 20 / 120 = 0.595 -> 0.60
    assert totals(results) == (D("2.97"), D("0.60"), D("3.57"))
    assert [r.amount_incl_vat for r in results] == [D("1.19")] * 3
    assert sum((r.vat_amount for r in results), D(0)) == D("0.60")


def test_mixed_rates_give_one_vat_line_per_rate_lowest_first():
    results, vat_lines = calculate(
        lines(("200.00", "20", "STD"), ("20.00", "0", "ZERO"), ("0.99", "20", "STD")),
        invoice_disc_pct=D(0), prices_incl_vat=False)
    assert vat_lines == [VatLine("ZERO", D("0"), D("20.00"), D("0.00")),
                         VatLine("STD", D("20"), D("200.99"), D("40.20"))]  # 40.198
    assert [r.vat_amount for r in results] == [D("40.00"), D("0.00"), D("0.20")]
    assert totals(results) == (D("220.99"), D("40.20"), D("261.19"))


def test_a_comment_line_takes_no_part_in_the_vat_lines():
    results, vat_lines = calculate(lines(("20.00", "20", "STD"), ("0", "0", ""), ("30.00", "20", "STD")),
                                   invoice_disc_pct=D("10"), prices_incl_vat=False)
    assert vat_lines == [VatLine("STD", D("20"), D("45.00"), D("9.00"))]
    assert results[1].inv_discount_amount == results[1].vat_amount == results[1].amount_incl_vat == D(0)
    assert totals(results) == (D("45.00"), D("9.00"), D("54.00"))


def test_an_empty_document_has_no_amounts():
    assert calculate([], invoice_disc_pct=D("10"), prices_incl_vat=False) == ([], [])


@settings(max_examples=100, deadline=None)
@given(
    specs=st.lists(st.tuples(st.decimals(min_value=D("0"), max_value=D("10000"), places=2),
                             st.sampled_from([("STD", D("20")), ("RED", D("5.5")), ("ZERO", D("0"))])),
                   min_size=1, max_size=8),
    disc=st.sampled_from([D("0"), D("2.5"), D("10"), D("33.33333")]),
    incl=st.booleans(),
)
def test_lines_always_add_up_to_the_vat_lines(specs, disc, incl):
    inputs = [LineInput(amount, pct, key) for amount, (key, pct) in specs]
    results, vat_lines = calculate(inputs, invoice_disc_pct=disc, prices_incl_vat=incl)
    amount, vat, incl_vat = totals(results)
    assert amount == sum((v.base for v in vat_lines), D(0))
    assert vat == sum((v.vat_amount for v in vat_lines), D(0))
    assert incl_vat == amount + vat
    for v in vat_lines:
        keyed = [r for r, line in zip(results, inputs) if line.vat_key == v.vat_key]
        assert sum((r.vat_amount for r in keyed), D(0)) == v.vat_amount
    gross = sum((line.line_amount for line in inputs), D(0))
    discount = sum((r.inv_discount_amount for r in results), D(0))
    assert (incl_vat if incl else amount) == gross - discount
