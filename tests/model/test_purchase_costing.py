"""Purchases reach the cost of goods sold (issue 20, numbers to the cent, VAT 20 %): stock
received at a purchase order's cost is sold FIFO or at the average, and a purchase invoice at
another cost than the receipt carries the difference to the units already sold."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PurchaseKind
from tests.model.test_posting_support import assert_gl_balanced, gl_by_account

D = Decimal


@pytest.fixture
def supply(shop):
    """Vendor V1 (30 days); item FA (FIFO) and AV (Average), 10 on hand each at 6.00."""
    shop.vendors.create("Vendor One", no="V1", payment_terms="30D")
    for no, method in (("FA", "fifo"), ("AV", "average")):
        shop.items.create(f"Item {no}", no=no, unit_price=D("10.00"), unit_cost=D("6.00"), vat_prod_group="STD",
                          costing_method=method)
        shop.items.adjust(no, D(10), unit_cost=D("6.00"))
    return shop


def buy(desk, item_no: str, quantity, cost, *, vendor_invoice_no: str = "F-1001"):
    order = desk.purchases.create(PurchaseKind.ORDER, "V1", vendor_invoice_no=vendor_invoice_no)
    desk.purchases.add_line(order, item_no, D(quantity), direct_unit_cost=D(cost))
    return order


def sell(desk, item_no: str, quantity):
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, item_no, D(quantity))
    return desk.sales.post(order, ship=True, invoice=True)


def inventory_gl(desk) -> Decimal:
    return sum((e.amount for e in desk.ledger.gl_entries() if e.account_no == "370000"), D(0))


def test_a_fifo_item_bought_at_8_after_stock_at_6_sells_12_for_76(supply):
    order = buy(supply, "FA", 10, "8.00")
    received = supply.purchases.post(order, receive=True)
    assert supply.items.inventory("FA") == D(20)
    (entry,) = [e for e in supply.ledger.item_entries("FA") if e.document_no == received.receipt_no]
    assert (entry.quantity, entry.cost_amount, entry.remaining_quantity) == (D(10), D("80.00"), D(10))
    invoiced = supply.purchases.post(order, invoice=True)
    (owed,) = supply.ledger.vendor_entries("V1")
    assert (owed.amount, owed.due_date) == (D("-96.00"), supply.today() + dt.timedelta(days=30))
    assert gl_by_account(supply, invoiced.invoice_no) == {
        "607000": D("80.00"), "445660": D("16.00"), "401000": D("-96.00"), "370000": D("80.00"),
        "603700": D("-80.00")}
    sale = sell(supply, "FA", 12)
    assert gl_by_account(supply, sale.invoice_no)["603700"] == D("76.00")  # 10 x 6.00 + 2 x 8.00
    assert supply.items.inventory_value("FA") == D("64.00")  # 8 left at 8.00
    assert_gl_balanced(supply)


def test_an_average_item_in_the_same_story_costs_7_each(supply):
    order = buy(supply, "AV", 10, "8.00")
    supply.purchases.post(order, receive=True, invoice=True)
    assert supply.items.average_cost("AV") == D("7.00000")
    sale = sell(supply, "AV", 12)
    assert gl_by_account(supply, sale.invoice_no)["603700"] == D("84.00")
    assert supply.items.inventory_value("AV") == D("56.00")


def test_an_invoice_at_8_50_after_a_receipt_at_8_moves_the_cogs_of_the_units_sold(supply):
    supply.items.adjust("FA", D(-10))  # the 6.00 stock gone: the sale takes the received units
    order = buy(supply, "FA", 10, "8.00")
    supply.purchases.post(order, receive=True)
    sale = sell(supply, "FA", 2)
    assert gl_by_account(supply, sale.invoice_no)["603700"] == D("16.00")
    supply.purchases.reopen(order)  # receiving released it
    supply.purchases.update_line(order, 10000, direct_unit_cost=D("8.50"))
    invoiced = supply.purchases.post(order, invoice=True)
    gl = gl_by_account(supply, invoiced.invoice_no)
    # the invoice: purchases 85.00, VAT 17.00, payables -102.00, inventory 85.00 less the 1.00 of
    # the 2 units sold, which goes to cost of goods sold (603700 is also Direct Cost Applied -85.00)
    assert gl == {"607000": D("85.00"), "445660": D("17.00"), "401000": D("-102.00"),
                  "370000": D("84.00"), "603700": D("-84.00")}
    assert supply.items.inventory_value("FA") == D("68.00")  # 8 left at 8.50
    sold = [e for e in supply.ledger.item_entries("FA") if e.document_no == sale.shipment_no]
    assert sum(e.cost_amount for e in sold) == D("-17.00")  # 2 x 8.50
    # G/L consistent with the item entries: the inventory account holds what the stock is worth
    assert inventory_gl(supply) == sum(supply.items.inventory_value(no) for no in ("FA", "AV", "A"))
    assert_gl_balanced(supply)


def test_goods_sent_back_and_an_undone_receipt_keep_the_stock_and_its_entries_in_step(supply):
    order = buy(supply, "FA", 10, "8.00")
    received = supply.purchases.post(order, receive=True)
    supply.posted.undo_receipt(received.receipt_no)
    assert supply.items.inventory("FA") == D(10)
    assert supply.items.inventory_value("FA") == D("60.00")
    entries = supply.ledger.item_entries("FA")
    assert sum(e.remaining_quantity for e in entries if e.remaining_quantity > 0) == D(10)
    supply.purchases.update_line(order, 10000, qty_to_receive=D(10))
    invoiced = supply.purchases.post(order, receive=True, invoice=True)
    memo = supply.purchases.create(PurchaseKind.CREDIT_MEMO, "V1", vendor_cr_memo_no="AV-1",
                                   applies_to_doc_no=invoiced.invoice_no)
    supply.purchases.add_line(memo, "FA", D(2), direct_unit_cost=D("8.00"))
    supply.purchases.post(memo, receive=True, invoice=True)
    assert supply.items.inventory_value("FA") == D("124.00")  # 10 x 6.00 + 8 x 8.00
    assert supply.items.inventory("FA") == D(18)
    assert sum(e.remaining_quantity for e in supply.ledger.item_entries("FA") if e.open) == D(18)
    assert_gl_balanced(supply)
