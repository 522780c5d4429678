"""The database: pragmas, BEGIN IMMEDIATE units of work, rollback, file mode, reopening."""

import sqlite3
import stat
import threading
import time

import pytest
from sqlalchemy import func, select

from salesdesk.model import Desk, ValidationError
from salesdesk.model.migrations import SCHEMA_VERSION
from salesdesk.model.core.numbering import next_no
from salesdesk.model.tables import Customer, NoSeries

from .rows import TODAY


def raw(path):
    return sqlite3.connect(path, timeout=0, isolation_level=None)


def last_no(desk, code):
    with desk.db.read() as s:
        return s.execute(select(NoSeries.last_no).where(NoSeries.code == code)).scalar_one()


def customer_count(desk):
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(Customer)).scalar_one()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("pragma, expected", [
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 10000),
    ("synchronous", 1),  # NORMAL
])
def test_every_connection_has_the_real_pragmas(desk, pragma, expected):
    with desk.db.engine.connect() as conn:
        assert conn.exec_driver_sql(f"PRAGMA {pragma}").scalar() == expected


@pytest.mark.sqlite_only
def test_pragmas_hold_on_a_second_pooled_connection(desk):
    with desk.db.engine.connect() as one, desk.db.engine.connect() as two:
        for conn in (one, two):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


@pytest.mark.sqlite_only
def test_a_write_unit_takes_the_write_lock_at_begin(desk, tmp_path):
    other = raw(tmp_path / "test.db")
    try:
        with desk.db.write():
            # Nothing written yet: only BEGIN IMMEDIATE can be holding the lock.
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
            # WAL: readers are never blocked by the writer.
            assert other.execute("SELECT count(*) FROM customer").fetchone() == (0,)
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_a_read_unit_does_not_take_the_write_lock(desk, tmp_path):
    other = raw(tmp_path / "test.db")
    try:
        with desk.db.read() as s:
            s.execute(select(Customer.no)).all()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_second_writer_waits_for_the_first_instead_of_failing(desk):
    second = Desk.open(desk.db.url, clock=lambda: TODAY)
    holding = threading.Event()

    def hold_the_lock():
        with desk.db.write() as s:
            s.add(Customer(no="FIRST", name="First", search_key="first"))
            s.flush()
            holding.set()
            time.sleep(0.3)

    worker = threading.Thread(target=hold_the_lock)
    worker.start()
    try:
        assert holding.wait(5)
        started = time.monotonic()
        second.customers.create("Second", no="SECOND")  # queues on busy_timeout
        waited = time.monotonic() - started
    finally:
        worker.join()
        second.close()
    assert waited > 0.1
    assert customer_count(desk) == 2


def test_a_write_unit_that_raises_writes_nothing(desk):
    with pytest.raises(RuntimeError, match="boom"):
        with desk.db.write() as s:
            no = next_no(s, "CUST")
            assert no == "C00001"
            s.add(Customer(no=no, name="Ghost"))
            s.flush()
            raise RuntimeError("boom")
    assert customer_count(desk) == 0
    assert last_no(desk, "CUST") == 0
    assert desk.customers.create("Real").no == "C00001"  # the number was not used up


def test_a_refused_api_call_writes_nothing(desk):
    with pytest.raises(ValidationError):
        desk.customers.create("Bad", email="not an e-mail")
    assert customer_count(desk) == 0
    assert last_no(desk, "CUST") == 0


@pytest.mark.sqlite_only
def test_the_database_file_is_private_to_its_owner(desk, tmp_path):
    path = tmp_path / "test.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    desk.customers.create("Someone")  # the -wal file now exists and follows the database's mode
    wal = tmp_path / "test.db-wal"
    assert wal.exists()
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600


def test_a_database_in_a_new_folder_is_created(tmp_path):
    target = tmp_path / "deep" / "er" / "shop.db"
    with Desk.open(target) as d:
        d.customers.create("Someone")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_reopening_keeps_the_data_and_the_number_series(database):
    path = database
    with Desk.open(path, clock=lambda: TODAY) as d:
        d.setup.add_payment_terms("30D", due_days=30)
        d.customers.create("Adatum", payment_terms="30D")
        d.setup.update_company(name="Adatum Shop")
    with Desk.open(path, clock=lambda: TODAY) as d:
        assert customer_count(d) == 1
        assert d.customers.page()[0][:2] == ("C00001", "Adatum")
        assert d.customers.create("Second").no == "C00002"  # seeding did not reset the series
        assert d.db.schema_version() == SCHEMA_VERSION
    with Desk.open(path) as d:
        assert d.customers.count() == 2


def test_two_desks_on_one_database_see_each_others_writes(desk):
    with Desk.open(desk.db.url) as other:
        other.customers.create("From the other terminal", no="OTHER")
        assert desk.customers.count("other terminal") == 1
        desk.customers.create("From this terminal", no="THIS")
        assert other.customers.count() == 2


def test_on_postgresql_a_write_unit_takes_the_writers_lock_and_readers_go_on(desk):
    """PostgreSQL's counterpart of BEGIN IMMEDIATE: the advisory lock is held from the start of
    a write unit to its end; a read meanwhile is not blocked."""
    if desk.db.is_sqlite:
        pytest.skip("PostgreSQL only (SALESDESK_TEST_PG); SQLite's lock is tested above")
    from sqlalchemy import create_engine

    from salesdesk.model.core.db import WRITE_LOCK_KEY

    engine = create_engine(desk.db.url)
    try:
        with engine.connect() as other:
            def can_lock():
                with other.begin():
                    return other.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITE_LOCK_KEY})").scalar()

            with desk.db.write():
                assert can_lock() is False  # nothing written yet: the unit holds the lock
                assert other.exec_driver_sql("SELECT count(*) FROM customer").scalar() == 0
                other.rollback()
            assert can_lock() is True  # released at commit
    finally:
        engine.dispose()


def test_a_read_unit_is_one_snapshot(desk):
    """A read unit sees the database as it was at its first statement, not another clerk's
    commit in between (SQLite: a WAL read transaction; PostgreSQL: REPEATABLE READ), so a
    list and its count agree."""
    with desk.db.read() as s:
        before = customer_count_in(s)
        desk.customers.create("Meanwhile", no="M")
        assert customer_count_in(s) == before
    assert customer_count(desk) == before + 1


def customer_count_in(s):
    return s.execute(select(func.count()).select_from(Customer)).scalar_one()


def test_a_sqlalchemy_url_is_accepted(tmp_path):
    with Desk.open(f"sqlite:///{tmp_path / 'url.db'}") as d:
        d.customers.create("Via URL", no="U")
        assert d.customers.count() == 1
    assert (tmp_path / "url.db").exists()
