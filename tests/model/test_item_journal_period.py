"""The item journal posts only inside the company's posting period (Allow Posting From/To),
and takes its posting date as a date or as text."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import SalesDeskError


def test_an_adjustment_outside_the_posting_period_is_refused_and_writes_nothing(shop):
    shop.setup.update_company(allow_posting_from=dt.date(2026, 11, 1), allow_posting_to=dt.date(2026, 11, 30))
    before = shop.items.entry_count("A")
    with pytest.raises(SalesDeskError, match="not within the range allowed"):
        shop.items.adjust("A", Decimal("5"), posting_date=dt.date(2026, 10, 31))
    with pytest.raises(SalesDeskError, match="not within the range allowed"):
        shop.items.adjust("A", Decimal("5"), posting_date="2026-12-01")
    assert shop.items.entry_count("A") == before
    entry = shop.items.adjust("A", Decimal("5"), posting_date="2026-11-15")
    assert entry.posting_date == dt.date(2026, 11, 15)


def test_a_posting_date_that_is_no_date_is_refused_clearly(shop):
    with pytest.raises(SalesDeskError):
        shop.items.adjust("A", Decimal("5"), posting_date="next tuesday")
