"""PostgreSQL for the tests (SALESDESK_TEST_PG): one template database per worker with the
schema and the seeded company, and a copy of it for each test, dropped afterwards."""

from __future__ import annotations

import itertools

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


class PgServer:
    def __init__(self, server_url: str, worker: str):
        self.url = make_url(server_url)
        self.prefix = f"sd_test_{worker}"
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
        self._run(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self._run(f"CREATE DATABASE {self.template}")
        build(self.url_of(self.template))

    def new_database(self, template: str | None = None) -> str:
        """A new database, copied from the worker's template (or from ``template``)."""
        name = f"{self.prefix}_{next(self.numbers)}"
        self._run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self._run(f"CREATE DATABASE {name} TEMPLATE {template or self.template}")
        self.made.add(name)
        return self.url_of(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.made.discard(name)

    def drop_all(self) -> None:
        for name in [*self.made, self.template]:
            self._run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.engine.dispose()
