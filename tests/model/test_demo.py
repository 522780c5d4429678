"""The demo company and the large generated company for benchmarks."""

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salesdesk.model import Desk, SalesDeskError
from salesdesk.model.demo import generate
from salesdesk.model.inventory.items import LIST_COLUMNS as ITEM_COLUMNS
from salesdesk.model.tables import CustLedgerEntry, ItemLedgerEntry, PaymentTerms, VatPostingSetup

from .rows import TODAY


def count(desk, model):
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Loading the demo goes through the public API (about 150 units of work): load it once."""
    d = Desk.open(tmp_path_factory.mktemp("demo") / "demo.db", clock=lambda: TODAY)
    d.load_demo()
    yield d
    d.close()


def test_the_demo_has_about_50_customers_and_40_items(demo):
    assert demo.counts()["customers"] == 50
    assert demo.customers.count() == 50
    assert demo.items.count() == 40
    assert not demo.is_empty()


def test_every_demo_inventory_item_has_stock(demo):
    items = [dict(zip(ITEM_COLUMNS, r)) for r in demo.items.page(limit=1000)]
    inventory = [i for i in items if i["type"] == "inventory"]
    assert len(inventory) >= 30
    assert all(i["inventory"] > 0 for i in inventory)
    assert all(i["inventory"] == 0 for i in items if i["type"] != "inventory")
    assert {i["type"] for i in items} == {"inventory", "service", "non_inventory"}


def test_the_demo_has_french_vat_rates_and_payment_terms(demo):
    with demo.db.read() as s:
        rates = set(s.execute(select(VatPostingSetup.vat_pct)).scalars())
        terms = s.execute(select(func.count()).select_from(PaymentTerms)).scalar_one()
        with_discount = s.execute(
            select(func.count()).select_from(PaymentTerms).where(PaymentTerms.discount_pct > 0)).scalar_one()
    assert {Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("0")} <= rates
    assert terms >= 2
    assert with_discount >= 1
    assert demo.setup.vat_pct("STD") == Decimal("20")
    assert demo.setup.vat_pct("FOOD") == Decimal("5.5")


def test_the_demo_customers_are_searchable_without_accents(demo):
    assert demo.customers.page("eric dupre")[0][:2] == ("C00001", "Éric Dupré")


def test_the_demo_cannot_be_loaded_twice(demo):
    with pytest.raises(SalesDeskError, match="empty"):
        demo.load_demo()
    assert demo.customers.count() == 50


def test_generate_builds_a_large_company_of_the_requested_size(tmp_path):
    stages = []
    with Desk.open(tmp_path / "big.db", clock=lambda: TODAY) as d:
        generate(d, customers=300, items=50, entries=1000,
                 progress=lambda stage, done, total: stages.append((stage, done, total)))
        assert d.customers.count() == 300
        assert d.items.count() == 50
        assert count(d, CustLedgerEntry) == 1000
        assert count(d, ItemLedgerEntry) == 1000
        balance = d.customers.balance("C0000001")
        assert d.customers.count("c0000300") == 1
        with pytest.raises(SalesDeskError):
            generate(d, customers=1, items=1, entries=1)
    assert stages[-1][1:] == (1000, 1000)

    con = sqlite3.connect(tmp_path / "big.db")
    try:
        (cents,) = con.execute(
            "SELECT SUM(amount) FROM cust_ledger_entry WHERE customer_no = 'C0000001'").fetchone()
        (entries,) = con.execute(
            "SELECT COUNT(*) FROM cust_ledger_entry WHERE customer_no = 'C0000001'").fetchone()
    finally:
        con.close()
    assert entries >= 100  # a tenth of all entries, on purpose
    assert balance == Decimal(cents).scaleb(-2)
    assert balance > 0


def test_the_demo_has_recurring_sales_lines_for_two_customers(demo):
    code = demo.sales.standard_codes.get("MONTHLY")
    assert [line.type for line in code.lines] == ["item", "gl_account", "comment"]
    users = [c for c in demo.customers.search("", limit=100) if demo.customers.standard_codes(c.no)]
    assert len(users) == 2


def test_the_demo_has_one_open_drop_shipment_order(demo):
    orders = [demo.sales.get("order", row[0]) for row in demo.sales.page("order")]
    drop = [o for o in orders if any(line.drop_shipment for line in o.lines)]
    assert len(drop) == 1
    (line,) = drop[0].lines
    assert (line.purchasing_code, line.purchase_order_no) == ("DROP", "")
