"""Stock on hand per item and location (item_stock) always equals the item ledger's sums."""

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salesdesk.model import Desk, DocKind, PostingError
from salesdesk.model.migrations import SCHEMA_VERSION
from salesdesk.model.tables import ItemLedgerEntry, ItemStock


def ledger_sums(desk) -> dict:
    with desk.db.read() as s:
        rows = s.execute(select(ItemLedgerEntry.item_no, ItemLedgerEntry.location, func.sum(ItemLedgerEntry.quantity))
                         .group_by(ItemLedgerEntry.item_no, ItemLedgerEntry.location)).all()
    return {(i, loc): q for i, loc, q in rows}


def stock_rows(desk) -> dict:
    with desk.db.read() as s:
        rows = s.execute(select(ItemStock.item_no, ItemStock.location, ItemStock.quantity)).all()
    return {(i, loc): q for i, loc, q in rows if q}


def test_adjustments_shipments_and_returns_keep_stock_equal_to_the_ledger(shop):
    shop.setup.add_location("YARD")
    shop.items.adjust("A", Decimal("5"), location="YARD")
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("30"))
    shop.sales.update_line(order, 10000, qty_to_ship=Decimal("12"))
    shop.sales.post(order, ship=True)
    shop.sales.post(order, ship=True, invoice=True)
    returned = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(returned, "A", Decimal("4"))
    shop.sales.post(returned, receive=True)
    shop.items.adjust("A", Decimal("-3"))
    assert stock_rows(shop) == ledger_sums(shop)
    assert stock_rows(shop)[("A", "MAIN")] == Decimal("100") - 30 + 4 - 3
    assert stock_rows(shop)[("A", "YARD")] == Decimal("5")


def test_a_refused_posting_moves_no_stock(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("150"))
    with pytest.raises(PostingError) as err:
        shop.sales.post(order, ship=True)
    assert any("only 100" in p for p in err.value.problems)
    assert stock_rows(shop) == {("A", "MAIN"): Decimal("100")}


def test_upgrading_a_version_4_database_builds_the_stock_from_the_ledger(tmp_path):
    path = tmp_path / "v4.db"
    with Desk.open(path) as d:
        d.setup.set_vat("STD", 20)
        d.items.create("Lamp", no="A", unit_price="10", vat_prod_group="STD")
        d.items.adjust("A", 7)
        d.items.adjust("A", -2)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE item_stock")
    con.execute("UPDATE schema_version SET version = 4")
    con.commit()
    con.close()
    with Desk.open(path) as d:
        assert d.db.schema_version() == SCHEMA_VERSION
        assert stock_rows(d) == {("A", "MAIN"): Decimal("5")}
