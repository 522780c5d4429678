"""Schema migrations: an older database is upgraded in place, a newer one is refused."""

import sqlite3
from decimal import Decimal

import pytest

from salesdesk.model import Desk, SalesDeskError
from salesdesk.model.migrations import SCHEMA_VERSION

from .rows import TODAY, add_cust_entry


def make_version_1(path):
    """Turn a current database into what version 1 looked like: no search keys."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("DROP INDEX ix_customer_search_key")
        con.execute("DROP INDEX ix_item_search_key")
        con.execute("ALTER TABLE customer DROP COLUMN search_key")
        con.execute("ALTER TABLE item DROP COLUMN search_key")
        con.execute("UPDATE schema_version SET version = 1")
        # A marker only survives if the table is altered in place, not dropped and rebuilt.
        con.execute("CREATE INDEX ix_test_marker ON customer (city)")
    finally:
        con.close()


def columns(path, table):
    con = sqlite3.connect(path)
    try:
        return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    finally:
        con.close()


def query(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def v1_path(tmp_path):
    path = tmp_path / "old.db"
    with Desk.open(path, clock=lambda: TODAY) as d:
        d.setup.set_vat("STD", Decimal("20"))
        d.customers.create("Éric Dupré", no="C1", city="Dijon", email="eric@example.fr")
        d.customers.create("Zoé Noël", no="C2", city="Genève")
        d.items.create("Sécateur professionnel", no="I1", unit_price=Decimal("39"), vat_prod_group="STD")
        add_cust_entry(d, "C1", Decimal("12.34"))
    make_version_1(path)
    assert "search_key" not in columns(path, "customer")
    assert query(path, "SELECT version FROM schema_version") == [(1,)]
    return path


def test_a_new_database_starts_at_the_latest_version(desk):
    assert desk.db.schema_version() == SCHEMA_VERSION


def test_opening_a_version_1_database_upgrades_it_in_place(v1_path):
    before = query(v1_path, "SELECT rowid, no, name, city, email FROM customer ORDER BY no")
    with Desk.open(v1_path, clock=lambda: TODAY) as d:
        assert d.db.schema_version() == SCHEMA_VERSION
        assert d.customers.count() == 2
        assert d.customers.balance("C1") == Decimal("12.34")
    assert query(v1_path, "SELECT rowid, no, name, city, email FROM customer ORDER BY no") == before
    assert query(v1_path, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert "search_key" in columns(v1_path, "customer")
    assert "search_key" in columns(v1_path, "item")
    indexes = {r[0] for r in query(v1_path, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_customer_search_key", "ix_item_search_key", "ix_test_marker"} <= indexes


def test_the_upgrade_backfills_the_search_keys(v1_path):
    with Desk.open(v1_path, clock=lambda: TODAY) as d:
        assert d.customers.count("eric dupre") == 1
        assert d.customers.count("DUPRE dijon") == 1
        assert d.customers.count("geneve") == 1
        assert d.items.count("secateur") == 1
        assert d.customers.page("eric dupre")[0][:2] == ("C1", "Éric Dupré")
    keys = dict(query(v1_path, "SELECT no, search_key FROM customer"))
    assert "eric dupre" in keys["C1"] and "dijon" in keys["C1"]


def test_search_finds_a_customer_written_before_the_upgrade(v1_path):
    with Desk.open(v1_path, clock=lambda: TODAY) as d:
        assert [c.no for c in d.customers.search("eric dupre")] == ["C1"]


def test_the_upgraded_database_keeps_working(v1_path):
    with Desk.open(v1_path, clock=lambda: TODAY) as d:
        d.customers.update("C2", city="Lyon")
        assert d.customers.count("zoe lyon") == 1
        assert d.customers.create("Hélène").no == "C00001"
    with Desk.open(v1_path) as d:  # and reopening runs no step twice
        assert d.db.schema_version() == SCHEMA_VERSION
        assert d.customers.count() == 3


def test_a_database_without_a_version_row_counts_as_version_1(v1_path):
    con = sqlite3.connect(v1_path, isolation_level=None)
    con.execute("DELETE FROM schema_version")
    con.close()
    with Desk.open(v1_path) as d:
        assert d.db.schema_version() == SCHEMA_VERSION
        assert d.customers.count("dupre") == 1


def test_a_database_from_a_newer_salesdesk_is_refused(tmp_path):
    path = tmp_path / "future.db"
    with Desk.open(path) as d:
        d.customers.create("Kept", no="K")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute(f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(SalesDeskError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Desk.open(path)
    # refused without touching it
    assert query(path, "SELECT version FROM schema_version") == [(SCHEMA_VERSION + 1,)]
    assert query(path, "SELECT no FROM customer") == [("K",)]


def test_a_version_2_database_gets_the_full_document_header(tmp_path):
    """Version 3 adds the document header's columns to a sales_header that had five."""
    path = tmp_path / "v2.db"
    Desk.open(path).close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE sales_line")
    con.execute("DROP TABLE sales_header")
    con.execute("CREATE TABLE sales_header (kind VARCHAR(20) NOT NULL, no VARCHAR(20) NOT NULL, "
                "customer_no VARCHAR NOT NULL, status VARCHAR NOT NULL, order_date DATE, PRIMARY KEY (kind, no))")
    con.execute("UPDATE schema_version SET version = 2")
    con.commit()
    con.close()
    with Desk.open(path) as d:
        assert d.db.schema_version() == SCHEMA_VERSION
        d.setup.set_vat("STD", 20)
        d.customers.create("Adatum", no="C")
        d.items.create("Lamp", no="A", unit_price="10", vat_prod_group="STD")
        order = d.sales.create("order", "C")
        d.sales.add_line(order, "A", 2)
        assert d.sales.get("order", order.no).amount_incl_vat == Decimal("24.00")


def test_a_version_3_database_is_upgraded_for_posting(tmp_path):
    """Version 4 adds the posting columns to existing tables in place, keeps their rows,
    creates the posted-document and ledger tables, and seeds the chart of accounts."""
    path = tmp_path / "v3.db"
    with Desk.open(path) as d:
        d.setup.set_vat("STD", 20)
        d.customers.create("Adatum", no="C", payment_terms=None)
        d.items.create("Lamp", no="A", unit_price="10", unit_cost="6", vat_prod_group="STD")
        d.items.create("Fitting", no="S", unit_price="30", vat_prod_group="STD", type="service")
    con = sqlite3.connect(path)
    for table in ("posted_line", "posted_header", "shipment_invoicing", "gl_entry", "gl_register", "vat_entry",
                  "gen_posting_setup", "gl_account"):
        con.execute(f"DROP TABLE {table}")
    for table, column in (("item", "gen_prod_group"), ("company", "receivables_account"),
                          ("company", "allow_posting_from"), ("vat_posting_setup", "sales_vat_account"),
                          ("sales_line", "shipment_no"), ("cust_ledger_entry", "transaction_no")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("UPDATE schema_version SET version = 3")
    con.commit()
    con.close()
    with Desk.open(path) as d:
        assert d.db.schema_version() == SCHEMA_VERSION
        assert d.items.get("A").gen_prod_group == "GOODS"
        assert d.items.get("S").gen_prod_group == "SERVICES"
        assert d.setup.company().receivables_account == "411000"
        d.items.adjust("A", 10)
        order = d.sales.create("order", "C")
        d.sales.add_line(order, "A", 2)
        result = d.sales.post(order, ship=True, invoice=True)
        assert d.posted.invoice(result.invoice_no).amount_incl_vat == Decimal("24.00")
        assert sum(e.amount for e in d.ledger.gl_entries()) == 0


def test_a_version_7_database_keeps_the_bill_to_address_of_its_posted_documents(tmp_path):
    """Version 8 adds the documents-out columns in place and copies each posted document's
    bill-to address from its customer (later documents keep the address as it was posted)."""
    path = tmp_path / "v7.db"
    with Desk.open(path) as d:
        d.setup.set_vat("STD", 20)
        d.customers.create("Société Étienne", no="C", address="3 rue Haute", post_code="44000", city="Nantes",
                           vat_reg_no="FR12345678901")
        d.items.create("Lamp", no="A", unit_price="10", unit_cost="6", vat_prod_group="STD")
        d.items.adjust("A", 10)
        order = d.sales.create("order", "C")
        d.sales.add_line(order, "A", 2)
        invoice_no = d.sales.post(order, ship=True, invoice=True).invoice_no
    con = sqlite3.connect(path)
    for table, column in (("posted_header", "bill_to_name"), ("posted_header", "bill_to_address"),
                          ("posted_header", "bill_to_address2"), ("posted_header", "bill_to_post_code"),
                          ("posted_header", "bill_to_city"), ("posted_header", "bill_to_country"),
                          ("posted_header", "bill_to_vat_reg_no"), ("customer", "language"),
                          ("company", "smtp_host"), ("company", "legal_mentions")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("DROP TABLE outbox")
    con.execute("DROP TABLE document_output")
    con.execute("UPDATE schema_version SET version = 7")
    con.commit()
    con.close()
    with Desk.open(path) as d:
        assert d.db.schema_version() == SCHEMA_VERSION
        invoice = d.posted.invoice(invoice_no)
        assert (invoice.bill_to_name, invoice.bill_to_address, invoice.bill_to_city, invoice.bill_to_vat_reg_no) == (
            "Société Étienne", "3 rue Haute", "Nantes", "FR12345678901")
        assert d.customers.get("C").language == ""
        assert d.setup.company().smtp_host == ""
        d.customers.update("C", address="9 quai Neuf")
        assert d.posted.invoice(invoice_no).bill_to_address == "3 rue Haute"  # as posted
        assert d.mail.outbox_count() == 0
