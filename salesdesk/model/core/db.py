"""Engine, SQLite pragmas, units of work and schema migrations.

This is the only module that knows which database it talks to. Every write is one unit of
work, one transaction, and writers take turns, on either database:
- SQLite: opened with ``BEGIN IMMEDIATE``, so that two terminals on one file queue for the
  write lock instead of deadlocking on an upgrade from a read lock;
- PostgreSQL: the transaction first takes one advisory lock (``pg_advisory_xact_lock``), held
  to its commit. Numbering (``next_no``, entry numbers as MAX + 1) and stock checks then see
  every earlier write and no later one, exactly as on SQLite, with no retry loop; readers never
  wait (MVCC), and each read unit of work is one REPEATABLE READ snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Field, Session, SQLModel, create_engine

from .errors import (
    DatabaseBusy,
    DatabaseFault,
    DatabaseReadOnly,
    DiskFull,
    NotADatabase,
    SalesDeskError,
)

BUSY_TIMEOUT_MS = 10_000
# The advisory lock key of salesdesk's writers on a PostgreSQL database ("SDSK").
WRITE_LOCK_KEY = 0x5344534B


class SchemaVersion(SQLModel, table=True):
    """The schema version of the database (one row), read and advanced by ``migrate``."""
    __tablename__ = "schema_version"
    id: int = Field(default=1, primary_key=True)
    version: int


def _to_url(target: str | os.PathLike) -> str:
    text_target = os.fspath(target)
    if "://" in text_target:
        return text_target
    return f"sqlite:///{Path(text_target).expanduser().resolve()}"


def _prepare_sqlite_file(url: str) -> None:
    """Create the database file with mode 0600 before SQLite does (it would use the umask)."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    _refuse_foreign_file(path)
    if not path.parent.exists():  # a new folder for it is the clerk's alone (0700)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_foreign_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not a salesdesk database: not SQLite at
    all, or another application's SQLite database (tables, but none of ours). Opening it
    would switch it to WAL and add our 30-odd tables."""
    import sqlite3

    if not path.exists() or path.stat().st_size == 0:
        return  # new: ours to create
    if not path.is_file():
        raise NotADatabase(f"{path} is not a file; nothing was changed.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabase(f"{path} is not a salesdesk database (not even an SQLite file); nothing was changed.")
    try:  # immutable: reads without taking a lock or writing a journal
        with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as err:
        raise NotADatabase(f"{path} cannot be read as a database ({err}); nothing was changed.") from err
    if tables and not tables & {"schema_version", "customer"}:
        raise NotADatabase(f"{path} is another application's database, not a salesdesk one; "
                           "nothing was changed. Choose another file for salesdesk.")


def fault_of(err: DBAPIError) -> DatabaseFault | None:
    """The clerk's error for a database fault (busy, read-only, full, corrupt), or None for
    errors the model reports itself (constraints)."""
    text = str(err.orig).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text or "could not serialize" in text:
        return DatabaseBusy("Another clerk is saving at this moment and did not finish in time; nothing "
                            "was changed. Try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly("The database can only be read (its file or folder is read-only); nothing "
                                "was changed. Ask for write access to it.")
    if "disk is full" in text or "disk full" in text:
        return DiskFull("The disk holding the database is full; nothing was changed. Free some space, "
                        "then try again.")
    if "connection" in text and ("refused" in text or "failed" in text or "closed" in text):
        return DatabaseFault("The database server cannot be reached; nothing was changed. Check that it is "
                             "running and that this computer can reach it, then try again.")
    if "not a database" in text or "malformed" in text or "disk i/o error" in text:
        return NotADatabase("The database file is damaged or is not a salesdesk database; nothing was "
                            "changed. Restore it from a backup.")
    return None


def _install_sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is not IMMEDIATE).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One engine per desk; hands out read and write units of work."""

    def __init__(self, target: str | os.PathLike):
        self.url = _to_url(target)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            _prepare_sqlite_file(self.url)
            self.engine = create_engine(self.url, connect_args={"check_same_thread": False})
            _install_sqlite_events(self.engine)
            self.read_engine = self.engine
        else:  # a server: connections checked before use (a desk stays open all day)
            self.engine = create_engine(self.url, pool_pre_ping=True)
            self.read_engine = self.engine.execution_options(isolation_level="REPEATABLE READ")

    def _begin_write(self, session: Session) -> None:
        """Take the writers' turn: SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock (waiting
        at most BUSY_TIMEOUT_MS for it, as SQLite's busy timeout)."""
        conn = session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        if not self.is_sqlite:
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls everything back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                self._begin_write(session)
                yield session
                session.commit()
            except StatementError as err:
                _rollback(session)
                if isinstance(err.orig, SalesDeskError):  # refused by a column type (a number too large)
                    raise err.orig from err
                fault = fault_of(err) if isinstance(err, DBAPIError) else None
                if fault is not None:
                    raise fault from err
                raise
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def trial(self) -> Iterator[Session]:
        """A unit of work that is always rolled back: it sees and checks everything a write
        would, holds the write lock meanwhile, and leaves the database as it was (Preview)."""
        with Session(self.engine, expire_on_commit=False) as session:
            self._begin_write(session)
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a consistent snapshot for its duration). Closing it ends the
        transaction and detaches the objects read, with their values still loaded."""
        session = Session(self.read_engine, expire_on_commit=False)
        try:
            yield session
        except DBAPIError as err:
            fault = fault_of(err)
            if fault is not None:
                raise fault from err
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------

    def migrate(self, steps: list[tuple[int, MigrationStep]], latest: int,
                then: Callable[[Connection, bool], None] | None = None) -> int:
        """Create a new schema (every table registered on ``SQLModel.metadata``), or upgrade an
        older one in place by running ``steps`` (version, step) above its version, in order;
        then ``then(connection, created)`` in the same transaction (the Alembic revisions).
        Returns the version, ``latest``."""
        with self.write() as session:
            conn = session.connection()
            existing = set(inspect(conn).get_table_names())
            if "schema_version" not in existing and "customer" not in existing:
                SQLModel.metadata.create_all(conn)
                session.add(SchemaVersion(id=1, version=latest))
                if then is not None:
                    then(conn, True)
                return latest
            row = session.get(SchemaVersion, 1)
            current = row.version if row else 1
            if current > latest:
                raise SalesDeskError(
                    f"This database has schema version {current}; this salesdesk knows "
                    f"only up to {latest}. Upgrade salesdesk to open it."
                )
            for version, step in steps:
                if version > current:
                    step(conn)
            SQLModel.metadata.create_all(conn)  # tables added since: created, others left
            if row is None:
                session.add(SchemaVersion(id=1, version=latest))
            else:
                row.version = latest
            if then is not None:
                session.flush()
                then(conn, False)
            return latest

    def schema_version(self) -> int:
        with self.read() as session:
            row = session.get(SchemaVersion, 1)
            return row.version if row else 0


class BulkInsert:
    """An INSERT of many rows at driver level: the statement compiled once for the dialect,
    each value converted by its column type's own bind processor (so scaled integers, dates
    and booleans are stored exactly as the ORM stores them), then one ``executemany``.
    Ledger rows are written this way: Core's per-statement overhead dominates posting."""

    _cache: dict[tuple[str, tuple[str, ...], str], BulkInsert] = {}

    def __init__(self, table, columns: tuple[str, ...], dialect):
        from sqlalchemy import insert

        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        self.sql = str(compiled)
        # qmark drivers (sqlite3) take tuples in placeholder order; named ones (psycopg) dicts
        self.names = None if compiled.positiontup is not None else list(compiled.binds)
        order = compiled.positiontup or list(compiled.binds)
        self.keys = [compiled.binds[name].key if name in compiled.binds else name for name in order]
        self.processors = [table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in self.keys]
        # columns the rows leave out take the column's own default, as an ORM insert would
        self.defaults = {c.key: c.default.arg for c in table.columns
                         if c.default is not None and c.default.is_scalar}

    @classmethod
    def for_rows(cls, table, rows: list[dict], dialect) -> BulkInsert:
        columns = tuple(rows[0])
        key = (table.name, columns, dialect.name)
        found = cls._cache.get(key)
        if found is None:
            found = cls._cache[key] = cls(table, columns, dialect)
        return found

    def params(self, rows: list[dict]) -> list[tuple] | list[dict]:
        defaults = self.defaults
        pairs = [(k, proc, defaults.get(k)) for k, proc in zip(self.keys, self.processors)]
        values = [tuple(proc(row.get(k, d)) if proc else row.get(k, d) for k, proc, d in pairs) for row in rows]
        if self.names is None:
            return values
        return [dict(zip(self.names, row)) for row in values]


def bulk_insert(session: Session, table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one driver call."""
    if not rows:
        return
    conn = session.connection()
    bulk = BulkInsert.for_rows(table, rows, conn.dialect)
    _driver_cursor(conn).executemany(bulk.sql, bulk.params(rows))


def _driver_cursor(conn: Connection):
    """A cursor of the DBAPI connection under ``conn``, inside the transaction the unit of
    work opened: about 1 µs a statement instead of SQLAlchemy's 16 to 70."""
    return conn.connection.driver_connection.cursor()


class FastQuery:
    """A Core statement compiled once and run at driver level with named parameters:
    results come back as tuples converted by the selected columns' own result processors.
    For the few statements a posting runs every time; everything else uses the ORM or Core."""

    def __init__(self, statement):
        self.statement = statement
        self._compiled: dict[str, tuple] = {}
        self._row_type = None

    def _for(self, dialect):
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            order = compiled.positiontup or list(compiled.binds)
            binds = [(name, compiled.binds[name].value, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
                     for name in order]
            columns = list(self.statement.exported_columns)  # a SELECT's columns, or RETURNING's
            processors = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns] if columns else None
            found = self._compiled[dialect.name] = (str(compiled), binds, processors,
                                                    compiled.positiontup is not None)
        return found

    @staticmethod
    def _args(binds, positional: bool, params: dict):
        values = [(name, proc(params.get(name, default)) if proc else params.get(name, default))
                  for name, default, proc in binds]
        return tuple(v for _n, v in values) if positional else dict(values)

    def run(self, session: Session, **params) -> list[tuple]:
        conn = session.connection()
        sql, binds, processors, positional = self._for(conn.dialect)
        cursor = _driver_cursor(conn)
        cursor.execute(sql, self._args(binds, positional, params))
        if processors is None:
            return []
        pairs = list(enumerate(processors))
        return [tuple(proc(row[i]) if proc else row[i] for i, proc in pairs) for row in cursor.fetchall()]

    def rows(self, session: Session, **params) -> list:
        """``run`` with named tuples (``row.no``), named after the selected columns."""
        if self._row_type is None:
            from collections import namedtuple

            self._row_type = namedtuple("FastRow", [c.key for c in self.statement.exported_columns])
        make = self._row_type._make
        return [make(row) for row in self.run(session, **params)]

    def run_many(self, session: Session, param_sets: list[dict]) -> None:
        """Execute a statement without results once per parameter set (``executemany``)."""
        if not param_sets:
            return
        conn = session.connection()
        sql, binds, _processors, positional = self._for(conn.dialect)
        _driver_cursor(conn).executemany(sql, [self._args(binds, positional, params) for params in param_sets])


MigrationStep = Callable[[Connection], None]


def column_names(conn: Connection, table: str) -> set[str]:
    return {c["name"] for c in inspect(conn).get_columns(table)}


def execute(conn: Connection, sql: str, **params) -> None:
    conn.execute(text(sql), params)


def _rollback(session: Session) -> None:
    try:
        session.rollback()
    except DBAPIError:  # the connection is gone (disk, file): nothing was committed anyway
        pass
