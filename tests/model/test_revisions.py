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
        assert current(conn) == head() == "0007"


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
            assert current(conn) == head()
        assert again.payments.bank.count("COTISATION") == 1  # backfilled: case and accents folded
        assert again.payments.bank.count("facture psi") == 1


def test_a_database_from_a_newer_salesdesk_is_refused(desk):
    with desk.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    url = desk.db.url
    desk.close()
    with pytest.raises(SalesDeskError, match="revision 9999"):
        Desk.open(url)


def _columns(db) -> dict[str, set[str]]:
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        found = inspect(conn)
        return {table: {c["name"] for c in found.get_columns(table)} for table in found.get_table_names()}


def test_a_database_before_sales_agreements_is_upgraded_to_the_same_schema_as_a_new_one(desk):
    fresh = _columns(desk.db)
    customer = desk.customers.create("Before agreements")
    order = desk.sales.create("order", customer.no)
    with desk.db.engine.begin() as conn:
        command.downgrade(_config(conn), "0002")
    older = _columns(desk.db)
    assert "standard_sales_code" not in older and "blanket_order_no" not in older["sales_line"]
    url = desk.db.url
    desk.close()
    with Desk.open(url, clock=lambda: TODAY) as again:
        assert _columns(again.db) == fresh
        line = again.sales.add_line(order, type="comment", description="kept")
        assert line.blanket_order_no == "" and line.blanket_order_line_no == 0
        assert again.sales.get("order", order.no).lines[0].description == "kept"
