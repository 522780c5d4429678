"""Schema revisions with Alembic, on SQLite and PostgreSQL alike (batch mode on SQLite).

``Database.migrate`` creates a new schema whole from the tables, or brings an old SQLite file
up to legacy version 8 with the steps of ``migrations.py``; then ``bring_up_to_date`` runs here,
in the same transaction: a new database is stamped at the head revision, an existing one is
upgraded from its revision (a file from before Alembic counts as the baseline, 0001). Every
schema change from now on is a revision in ``versions/`` (``alembic revision`` with
``script_location`` pointing here); it must run on both databases and keep the data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from ...i18n import _
from ..core.errors import SalesDeskError

BASELINE = "0001"  # the schema of legacy version 8, when salesdesk moved to Alembic
_HERE = Path(__file__).parent


def _config(conn: Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.attributes["connection"] = conn
    return config


@lru_cache(maxsize=1)
def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this salesdesk knows."""
    return _scripts().get_current_head()


def current(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def bring_up_to_date(conn: Connection, *, created: bool) -> None:
    """Stamp a database just created at the head revision; upgrade an existing one to it."""
    from alembic import command

    found = current(conn)
    if found == head():
        return
    config = _config(conn)
    if created:
        command.stamp(config, "head")
        return
    if found is not None and found not in {script.revision for script in _scripts().walk_revisions()}:
        raise SalesDeskError(_("This database has schema revision {found}; this salesdesk knows only up to {head}. "
                               "Upgrade salesdesk to open it.").format(found=found, head=head()))
    if found is None:
        command.stamp(config, BASELINE)  # made before Alembic: legacy version 8 is the baseline
    command.upgrade(config, "head")
