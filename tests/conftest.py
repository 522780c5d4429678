"""Shared fixtures: a fresh Desk on a database file in tmp_path, with the real pragmas."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI and here), so a failure is always
# reproducible and never comes and goes; HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("fixed", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))

from salesdesk.model import Desk

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def desk(tmp_path):
    d = Desk.open(tmp_path / "test.db", clock=lambda: TODAY)
    yield d
    d.close()


@pytest.fixture
def shop(desk):
    """The scenarios' common setup: VAT STD 20 % / ZERO 0 %, customer C, item A with 100 in stock."""
    desk.setup.set_vat("STD", Decimal("20"))
    desk.setup.set_vat("ZERO", Decimal("0"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.customers.create("C", no="C", vat_bus_group="DOMESTIC", payment_terms="30D")
    desk.items.create("A", no="A", unit_price=Decimal("10.00"), unit_cost=Decimal("6.00"), vat_prod_group="STD")
    desk.items.adjust("A", Decimal("100"), unit_cost=Decimal("6.00"))
    return desk
