"""PostgreSQL for the tests (SALESDESK_TEST_PG): one template database per worker with the
schema and the seeded company, and a copy of it for each test, dropped afterwards."""

from __future__ import annotations

import itertools
import os
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


class PgServer:
    def __init__(self, server_url: str, worker: str):
        self.url = make_url(server_url)
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:8]  # shared by this run's workers
        self.run_prefix = f"sd_test_{run}_"
        self.prefix = f"{self.run_prefix}{worker}"
        self.template = f"{self.prefix}_template"
        self.engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.numbers = itertools.count(1)
        self.made: set[str] = set()

    def _run(self, sql: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(sql))

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def make_template(self, build) -> None:
        self._drop_earlier_runs()
        self._run(f"DROP DATABASE IF EXISTS {self.template}")
        self._run(f"CREATE DATABASE {self.template}")
        build(self.url_of(self.template))

    def new_database(self, template: str | None = None) -> str:
        """A new database, copied from the worker's template (or from ``template``)."""
        name = f"{self.prefix}_{next(self.numbers)}"
        self._run(f"CREATE DATABASE {name} TEMPLATE {template or self.template}")
        self.made.add(name)
        return self.url_of(name)

    def _drop_earlier_runs(self) -> None:
        """Databases an earlier run could not drop (still held when it ended): dropped now."""
        with self.engine.connect() as conn:
            names = [r[0] for r in conn.execute(text(
                "SELECT datname FROM pg_database WHERE datname LIKE 'sd\\_test\\_%' "
                "AND pg_get_userbyid(datdba) = current_user"))]
        for name in names:
            if not name.startswith(self.run_prefix):
                self._dropped(name)

    def drop(self, url: str) -> None:
        """Drop a test's database; if something still holds it (an autovacuum worker, which
        this role may not end), leave it for the end of the session."""
        name = make_url(url).database
        if self._dropped(name):
            self.made.discard(name)

    def _dropped(self, name: str) -> bool:
        from sqlalchemy.exc import DBAPIError

        for attempt in range(3):
            try:  # not WITH (FORCE): that would need to end autovacuum, which only a superuser may
                self._run(f"DROP DATABASE IF EXISTS {name}")
                return True
            except DBAPIError:
                time.sleep(0.2 * (attempt + 1))
        return False

    def drop_all(self) -> None:
        for name in [*self.made, self.template]:
            self._dropped(name)
        self.engine.dispose()
