"""Schema revisions with Alembic, on SQLite and (SALESDESK_TEST_PG) PostgreSQL: a new
database starts at the head revision; one at an older revision is upgraded when a desk opens
it, keeping and backfilling its data; one from a newer salesdesk is refused."""

import pytest
from alembic import command
from sqlalchemy import text

from salesdesk.model import Desk, SalesDeskError
from salesdesk.model.revisions import _config, current, head

from .rows import TODAY
from .test_bank_import_bounds import CSV


def test_a_new_database_is_at_the_head_revision(desk):
    with desk.db.engine.connect() as conn:
        assert current(conn) == head() == "0002"


def test_a_database_at_the_baseline_is_upgraded_and_its_bank_lines_searchable(desk, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(CSV, encoding="utf-8")
    desk.payments.bank.import_file(path)
    with desk.db.engine.begin() as conn:  # back to the baseline: bank lines without search keys
        command.downgrade(_config(conn), "0001")
        assert current(conn) == "0001"
        columns = {r[0] for r in conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'bank_statement_line'"
            if not desk.db.is_sqlite else "SELECT name FROM pragma_table_info('bank_statement_line')"))}
        assert "search_key" not in columns
    url = desk.db.url
    desk.close()
    with Desk.open(url, clock=lambda: TODAY) as again:
        with again.db.engine.connect() as conn:
            assert current(conn) == "0002"
        assert again.payments.bank.count("COTISATION") == 1  # backfilled: case and accents folded
        assert again.payments.bank.count("facture psi") == 1


def test_a_database_from_a_newer_salesdesk_is_refused(desk):
    with desk.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    url = desk.db.url
    desk.close()
    with pytest.raises(SalesDeskError, match="revision 9999"):
        Desk.open(url)
