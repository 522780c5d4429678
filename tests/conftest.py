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


# SALESDESK_TEST_PG=postgresql+psycopg://user:password@host/postgres runs the tests that use the
# ``database`` fixture (``desk``, ``shop`` and all built on them) on PostgreSQL: a database of
# their own for each test, copied from a template made once per worker. Tests of SQLite itself
# are marked ``sqlite_only`` and skipped there.
PG_SERVER = os.environ.get("SALESDESK_TEST_PG", "")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: tests SQLite itself (its file, pragmas or locking)")


def pytest_collection_modifyitems(config, items):
    if PG_SERVER:
        skip = pytest.mark.skip(reason="tests SQLite itself; SALESDESK_TEST_PG runs PostgreSQL")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_template():
    """A database with the schema and the seeded company, copied for each test (PostgreSQL)."""
    from tests.pg_support import PgServer

    server = PgServer(PG_SERVER, os.environ.get("PYTEST_XDIST_WORKER", "main"))
    server.make_template(lambda url: Desk.open(url).close())
    yield server
    server.drop_all()


def _a_database(tmp_path, request, file_name: str, template: str | None):
    if not PG_SERVER:
        yield tmp_path / file_name
        return
    server = request.getfixturevalue("pg_template")
    url = server.new_database(template=template)
    yield url
    server.drop(url)


@pytest.fixture
def database(tmp_path, request):
    """Where a test's desk lives: a SQLite file in tmp_path, or a fresh PostgreSQL database
    (copied from the worker's template: schema and seeded company)."""
    yield from _a_database(tmp_path, request, "test.db", None)


@pytest.fixture
def empty_database(tmp_path, request):
    """A database with nothing in it, not even a schema: a new file, or a new PostgreSQL database."""
    yield from _a_database(tmp_path, request, "empty.db", "template0")


@pytest.fixture
def desk(database):
    d = Desk.open(database, clock=lambda: TODAY)
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
