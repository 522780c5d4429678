"""Database faults reach the clerk as a sentence, never SQL: a database busy past the wait,
read-only, full or damaged; and another application's file is refused untouched."""

import hashlib
import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from salesdesk.model import Desk
from salesdesk.model.core import db as db_module
from salesdesk.model.core.errors import (
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFull,
    NotADatabase,
)

from .test_posting_support import every_row


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@contextmanager
def another_clerk_writing(desk):
    """Another clerk holds the write lock: SQLite's BEGIN IMMEDIATE on the file, or the
    writers' advisory lock on PostgreSQL, from a connection of its own."""
    if desk.db.is_sqlite:
        blocker = sqlite3.connect(make_url(desk.db.url).database, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        return
    engine = create_engine(desk.db.url)
    try:
        with engine.connect() as blocker, blocker.begin():
            blocker.exec_driver_sql(f"SELECT pg_advisory_xact_lock({db_module.WRITE_LOCK_KEY})")
            yield
    finally:
        engine.dispose()


def test_a_busy_database_says_so_and_writes_nothing(desk, monkeypatch):
    desk.customers.create("Before", no="B1")
    before = every_row(desk)
    with another_clerk_writing(desk):
        monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)  # a short wait, for the test
        desk.db.engine.dispose()  # new connections take it
        with pytest.raises(DatabaseBusy) as busy:
            desk.customers.create("During", no="B2")
    message = str(busy.value)
    assert "Another clerk" in message and "SQL" not in message and "sqlalche" not in message
    assert every_row(desk) == before


@pytest.mark.parametrize("reply, fault", [
    ("attempt to write a readonly database", DatabaseReadOnly),
    ("database or disk is full", DiskFull),
    ("database disk image is malformed", NotADatabase),
])
def test_other_faults_read_as_sentences(desk, monkeypatch, reply, fault):
    from sqlalchemy.exc import OperationalError

    real_commit = db_module.Session.commit

    def commit_raising(self):
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError(reply))

    monkeypatch.setattr(db_module.Session, "commit", commit_raising)
    with pytest.raises(fault) as refused:
        desk.customers.create("Never", no="N1")
    monkeypatch.setattr(db_module.Session, "commit", real_commit)
    assert "nothing was changed" in str(refused.value) and "COMMIT" not in str(refused.value)
    assert desk.customers.search("Never") == []


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 100)
    before = _digest(path)
    with pytest.raises(NotADatabase, match="not a salesdesk database"):
        Desk.open(path)
    assert _digest(path) == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.close()
    before = _digest(path)
    with pytest.raises(NotADatabase, match="another application's database"):
        Desk.open(path)
    assert _digest(path) == before
    assert not (tmp_path / "other.db-wal").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["invoices"]
    conn.close()


def test_a_new_file_and_a_salesdesk_file_still_open(tmp_path):
    path = tmp_path / "desk.db"
    with Desk.open(path) as desk:
        desk.customers.create("Kept", no="K1")
    with Desk.open(path) as desk:
        assert desk.customers.get("K1").name == "Kept"
