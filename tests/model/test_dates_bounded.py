"""Dates given to the API: a date or ISO text alike, bounded so that no derived date (a due
date, an aging period) overflows; anything else is refused with a clear message."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, SalesDeskError


def test_a_document_date_at_the_end_of_time_is_refused_before_its_due_date_overflows(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    with pytest.raises(SalesDeskError, match="out of range"):
        shop.sales.update(invoice, document_date=dt.date(9999, 12, 31))
    with pytest.raises(SalesDeskError, match="out of range"):
        shop.sales.update(invoice, posting_date="9999-12-31")


def test_an_aged_balance_on_year_one_is_refused(shop):
    with pytest.raises(SalesDeskError, match="out of range"):
        shop.receivables.aged_balance(dt.date(1, 1, 1))
    assert shop.receivables.aged_balance("2026-11-24") is not None


def test_posting_takes_its_date_as_text_too(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("1"))
    result = shop.sales.post(invoice, posting_date="2026-11-20")
    assert shop.posted.invoice(result.invoice_no).posting_date == dt.date(2026, 11, 20)
    payment = shop.payments.register("C", Decimal("12"), posting_date="2026-11-21")
    assert payment.posting_date == dt.date(2026, 11, 21)


@pytest.mark.parametrize("bad", ["next week", 20261124, "2026-13-01"])
def test_a_posting_date_that_is_no_date_is_refused(shop, bad):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("1"))
    with pytest.raises(SalesDeskError):
        shop.sales.post(invoice, posting_date=bad)
    with pytest.raises(SalesDeskError):
        shop.payments.register("C", Decimal("1"), posting_date=bad)
