"""Example tests at the bounds the mutation run found untested (issue 17): each one fails on
the surviving mutant it names (benchmarks/mutation.py, benchmarks/RESULTS.md)."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, SalesDeskError
from salesdesk.model.core.money import to_decimal
from salesdesk.model.sales.pricing import LineInput, VatLine, calculate
from tests.model.corrections_support import post_invoice
from tests.model.test_payments import discount_shop

D = Decimal
__all__ = ["discount_shop"]  # the fixture, imported for the tests below
TODAY = dt.date(2026, 11, 24)


# -- money.py: the separators of typed numbers ------------------------------------------------

@pytest.mark.parametrize("text", ["1.23,4", "1,23.4", "12.345.6,7"])
def test_groups_that_are_not_thousands_are_refused(text):
    """`or` -> `and` and groups[1:] -> groups[2:] in _normalise_separators."""
    with pytest.raises(SalesDeskError, match="is not a number"):
        to_decimal(text)


@pytest.mark.parametrize("text", [",234.5", ".234,5"])
def test_a_number_cannot_start_with_a_group_mark(text):
    """groups[0] -> groups[1]: the empty first group is what gives it away."""
    with pytest.raises(SalesDeskError, match="is not a number"):
        to_decimal(text)


def test_two_commas_are_ambiguous_whatever_follows():
    """count(",") > 1 -> > 2: "1,2,3" is called ambiguous, not merely "not a number"."""
    with pytest.raises(SalesDeskError, match="ambiguous"):
        to_decimal("1,2,3")


# -- pricing.py: a VAT line for every VAT identifier on the lines -------------------------------

def test_a_line_of_zero_amount_still_has_its_vat_line():
    """`line.vat_key or line.line_amount` -> `and`: a free line (100 % discount) keeps its
    VAT breakdown row, which EN 16931 wants for every category used on a line (BR-S-08)."""
    results, vat_lines = calculate([LineInput(D("0.00"), D("20"), "STD"), LineInput(D("10.00"), D("0"), "ZERO")],
                                   invoice_disc_pct=D("0"), prices_incl_vat=False)
    assert vat_lines == [VatLine("ZERO", D("0"), D("10.00"), D("0.00")), VatLine("STD", D("20"), D("0.00"), D("0.00"))]
    assert [r.amount_incl_vat for r in results] == [D("0.00"), D("10.00")]


# -- applications.py: discounts and signs at their bounds --------------------------------------

def _entry(shop, document_no):
    (found,) = [e for e in shop.ledger.customer_entries("C") if e.document_no == document_no
                and e.document_type != "payment_discount"]
    return found


def test_a_discount_of_less_than_one_unit_is_granted(discount_shop):
    """pmt_disc_possible <= 0 -> <= 1: 2 % of 4.80 is 0.10, still a discount."""
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "0.4"))  # 4.00 + 0.80 VAT
    assert _entry(shop, invoice).pmt_disc_possible == D("0.10")
    payment = shop.payments.register("C", D("4.70"), apply_to=[invoice], posting_date=TODAY)
    assert payment.discount == D("0.10")
    assert not _entry(shop, invoice).open


def test_a_payment_that_would_pay_nothing_earns_no_discount(discount_shop):
    """remaining <= discount -> <: with exactly the discount left (a credit memo took the
    rest) a cent paid in time is a cent paid, not a discount closing the invoice."""
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "10"))  # 120.00, 2.40 discount
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C", applies_to_doc_no=invoice)
    shop.sales.add_line(memo, "A", D("9.8"))  # 98.00 + 19.60 = 117.60
    shop.sales.post(shop.sales.get(DocKind.CREDIT_MEMO, memo.no))
    assert _entry(shop, invoice).remaining_amount == D("2.40")
    payment = shop.payments.register("C", D("0.01"), apply_to=[invoice], posting_date=TODAY)
    assert payment.discount == D("0")
    assert _entry(shop, invoice).remaining_amount == D("2.39")


def test_amounts_under_one_unit_settle_both_ways(shop):
    """remaining > 0 -> > 1 on either side: 0.48 is a debit, -0.48 a credit."""
    invoice = post_invoice(shop, ("A", "0.04"))  # 0.40 + 0.08 VAT
    payment = shop.payments.register("C", D("0.48"), apply_to=[invoice])
    assert payment.remaining_amount == D("0.00") and not _entry(shop, invoice).open
    second = post_invoice(shop, ("A", "0.04"))
    credit = shop.payments.register("C", D("0.48"))
    shop.payments.apply(_entry(shop, second).entry_no, [credit.entry_no])  # from the invoice's side
    assert not _entry(shop, second).open and not _entry(shop, credit.no).open
