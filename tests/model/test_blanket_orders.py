"""Blanket sales orders (BC, bc-supply-and-agreements (d)): Make Order from the lines with a
Qty. to Ship, the link of order lines to blanket lines, the cap, the roll-up of shipped and
invoiced quantities by posting (and back by Undo Shipment and cancelling), the locks on linked
blanket lines, and Delete Invoiced Blanket Sales Orders."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError, SalesDeskError, ValidationError
from salesdesk.model.tables import SalesLine
from tests.model.test_posting_support import assert_gl_balanced, db_state

D = Decimal
DATES = [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16), dt.date(2026, 3, 23)]


@pytest.fixture
def blanket(shop):
    """SB-00001 for C: four lines of A, 250 each at 9.00 (the item's price is 10.00), one per week."""
    shop.items.adjust("A", D("900"), unit_cost=D("6.00"))
    shop.items.create("B", no="B", unit_price=D("5.00"), unit_cost=D("2.00"), vat_prod_group="STD")
    doc = shop.sales.create(DocKind.BLANKET_ORDER, "C")
    for date in DATES:
        shop.sales.add_line(doc, "A", D("250"), unit_price=D("9.00"), shipment_date=date)
    return shop.sales.get(DocKind.BLANKET_ORDER, doc.no)


def only_first_line(desk, blanket):
    for line in blanket.lines[1:]:
        desk.sales.update_line(blanket, line.line_no, qty_to_ship=D(0))


def blanket_line(desk, blanket, line_no=10000):
    return desk.sales.get(DocKind.BLANKET_ORDER, blanket.no).line(line_no)


def test_make_order_takes_only_the_lines_with_a_qty_to_ship_and_keeps_the_blanket(shop, blanket):
    assert blanket.no == "SB-00001"
    only_first_line(shop, blanket)
    order = shop.sales.make_order(blanket)
    assert order.kind is DocKind.ORDER and order.order_date == shop.today()
    assert [(line.line_no, line.no, line.quantity, line.unit_price, line.line_amount, line.shipment_date,
             line.blanket_order_no, line.blanket_order_line_no) for line in order.lines] == [
        (10000, "A", D("250"), D("9.00"), D("2250.00"), DATES[0], "SB-00001", 10000)]
    assert (order.amount, order.vat_amount, order.amount_incl_vat) == (D("2250.00"), D("450.00"), D("2700.00"))
    kept = shop.sales.get(DocKind.BLANKET_ORDER, blanket.no)
    assert len(kept.lines) == 4
    assert [line.qty_to_ship for line in kept.lines] == [D(0)] * 4
    assert [line.quantity for line in kept.lines] == [D("250")] * 4


def test_make_order_with_nothing_to_ship_is_refused_and_writes_nothing(shop, blanket):
    for line in blanket.lines:
        shop.sales.update_line(blanket, line.line_no, qty_to_ship=D(0))
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match="There is nothing to create."):
        shop.sales.make_order(blanket)
    assert db_state(shop) == before


def test_qty_to_ship_beyond_what_orders_leave_is_refused_with_the_arithmetic(shop, blanket):
    only_first_line(shop, blanket)
    shop.sales.make_order(blanket)
    with pytest.raises(ValidationError) as refused:
        shop.sales.update_line(blanket, 10000, qty_to_ship=D(1))
    message = refused.value.errors["qty_to_ship"]
    assert "cannot be more than 0" in message and "250 - Unposted Quantity 250 = Possible Quantity 0" in message
    assert blanket_line(shop, blanket).qty_to_ship == 0
    shop.sales.update_line(blanket, 20000, qty_to_ship=D(100))  # another line is free
    order2 = shop.sales.make_order(blanket)
    assert [(line.line_no, line.quantity) for line in order2.lines] == [(20000, D("100"))]
    with pytest.raises(ValidationError, match="Possible Quantity 150"):  # 250 - 100 on order = 150 left
        shop.sales.update_line(blanket, 20000, qty_to_ship=D(151))
    shop.sales.update_line(blanket, 20000, qty_to_ship=D(150))


def test_posting_rolls_shipped_and_invoiced_up_and_undo_takes_it_back(shop, blanket):
    only_first_line(shop, blanket)
    order = shop.sales.make_order(blanket)
    shop.sales.update_line(order, 10000, qty_to_ship=D(100))
    shipped = shop.sales.post(order, ship=True)
    line = blanket_line(shop, blanket)
    assert (line.quantity_shipped, line.quantity_invoiced) == (D(100), D(0))
    assert shop.posted.shipment(shipped.shipment_no).lines[0].blanket_order_no == "SB-00001"
    shop.posted.undo_shipment(shipped.shipment_no)
    assert blanket_line(shop, blanket).quantity_shipped == 0
    shop.sales.update_line(order, 10000, qty_to_ship=D(100))
    result = shop.sales.post(order, ship=True, invoice=True)
    line = blanket_line(shop, blanket)
    assert (line.quantity_shipped, line.quantity_invoiced) == (D(100), D(100))
    assert shop.posted.invoice(result.invoice_no).amount == D("900.00")
    rest = shop.sales.post(order, ship=True, invoice=True)
    assert rest.document_deleted
    line = blanket_line(shop, blanket)
    assert (line.quantity_shipped, line.quantity_invoiced) == (D(250), D(250))
    assert_gl_balanced(shop)


def test_an_order_line_cannot_take_more_than_the_blanket_line_and_posting_checks_it_again(shop, blanket):
    only_first_line(shop, blanket)
    order = shop.sales.make_order(blanket)
    with pytest.raises(ValidationError, match="Possible Quantity 250"):
        shop.sales.update_line(order, 10000, quantity=D(260))
    assert shop.sales.get(DocKind.ORDER, order.no).line(10000).quantity == D(250)
    with shop.db.write() as s:  # as if raised before the rule existed: the posting refuses it
        row = s.get(SalesLine, ("order", order.no, 10000))
        row.quantity = row.qty_to_ship = row.qty_to_invoice = D(260)
    before = db_state(shop)
    with pytest.raises(PostingError, match="blanket order SB-00001 line 10000 would be 260; it must not be greater "
                                           "than its Quantity 250"):
        shop.sales.post(order, ship=True)
    assert db_state(shop) == before


def test_a_line_linked_by_hand_takes_the_blanket_price_and_must_be_the_same_item(shop, blanket):
    order = shop.sales.create(DocKind.ORDER, "C")
    line = shop.sales.add_line(order, "A", D(10))
    assert line.unit_price == D("10.00")
    linked = shop.sales.update_line(order, line.line_no, blanket_order_no="SB-00001", blanket_order_line_no=20000)
    assert (linked.unit_price, linked.line_amount, linked.shipment_date) == (D("9.00"), D("90.00"), DATES[1])
    other = shop.sales.add_line(order, "B", D(1))
    before = db_state(shop)
    with pytest.raises(ValidationError, match="blanket order SB-00001 line 20000 is for A"):
        shop.sales.update_line(order, other.line_no, blanket_order_no="SB-00001", blanket_order_line_no=20000)
    with pytest.raises(ValidationError, match="has no line 50000"):
        shop.sales.update_line(order, other.line_no, blanket_order_no="SB-00001", blanket_order_line_no=50000)
    with pytest.raises(ValidationError, match="clear its Blanket Order No."):
        shop.sales.update_line(order, line.line_no, no="B")
    assert db_state(shop) == before
    # a line typed with the link and no item takes the blanket line's item and price
    typed = shop.sales.add_line(order, None, D(5), blanket_order_no="SB-00001", blanket_order_line_no=30000)
    assert (typed.no, typed.unit_price, typed.line_amount) == ("A", D("9.00"), D("45.00"))
    assert [b.possible for b in shop.sales.blanket_lines_for(order, "A")] == [D(250), D(240), D(245), D(250)]


def test_a_blanket_of_another_customer_cannot_be_linked(shop, blanket):
    shop.customers.create("Other", no="C2")
    order = shop.sales.create(DocKind.ORDER, "C2")
    line = shop.sales.add_line(order, "A", D(1))
    with pytest.raises(ValidationError, match="is for customer C, not C2"):
        shop.sales.update_line(order, line.line_no, blanket_order_no="SB-00001", blanket_order_line_no=10000)
    assert shop.sales.blanket_lines_for(order) == []


def test_linked_blanket_lines_cannot_be_deleted_or_change_item_nor_the_blanket_deleted(shop, blanket):
    only_first_line(shop, blanket)
    order = shop.sales.make_order(blanket)
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match="Line 10000 of Blanket Order SB-00001 is used by Order"):
        shop.sales.delete_line(blanket, 10000)
    with pytest.raises(SalesDeskError, match="cannot be changed to another item"):
        shop.sales.update_line(blanket, 10000, no="B")
    with pytest.raises(SalesDeskError, match="cannot be deleted: Order .* draw on it"):
        shop.sales.delete(blanket)
    assert db_state(shop) == before
    shop.sales.update_line(blanket, 20000, no="B")  # a line nothing draws on can change
    shop.sales.delete(order)
    shop.sales.delete_line(blanket, 10000)


def test_a_credit_memo_line_linked_to_the_blanket_lowers_what_is_on_orders(shop, blanket):
    only_first_line(shop, blanket)
    shop.sales.make_order(blanket)
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    shop.sales.add_line(memo, "A", D(50), blanket_order_no="SB-00001", blanket_order_line_no=10000)
    (first, *_rest) = shop.sales.blanket_lines_for(memo, "A")
    assert (first.on_orders, first.possible) == (D(200), D(50))
    shop.sales.update_line(blanket, 10000, qty_to_ship=D(50))


def test_blanket_totals_after_one_line_is_delivered(shop, blanket):
    only_first_line(shop, blanket)
    order = shop.sales.make_order(blanket)
    shop.sales.post(order, ship=True, invoice=True)
    kept = shop.sales.get(DocKind.BLANKET_ORDER, blanket.no)
    assert sum(line.quantity for line in kept.lines) == D(1000)
    assert kept.amount == D("9000.00")
    assert sum(line.quantity_shipped for line in kept.lines) == D(250)
    assert sum(line.quantity_invoiced for line in kept.lines) == D(250)


def test_cancelling_the_invoice_takes_the_quantities_back_off_the_blanket(shop, blanket):
    only_first_line(shop, blanket)
    order = shop.sales.make_order(blanket)
    shop.sales.update_line(order, 10000, qty_to_ship=D(100))
    result = shop.sales.post(order, ship=True, invoice=True)
    shop.posted.cancel_invoice(result.invoice_no)
    line = blanket_line(shop, blanket)
    assert (line.quantity_shipped, line.quantity_invoiced) == (D(0), D(0))
    assert_gl_balanced(shop)


def test_delete_invoiced_blankets_waits_until_every_line_is_invoiced_and_no_document_draws_on_it(shop, blanket):
    assert shop.sales.delete_invoiced_blankets() == []
    order = shop.sales.make_order(blanket)  # every line's Qty. to Ship is its Quantity: all 1,000
    shop.sales.post(order, ship=True)
    assert shop.sales.delete_invoiced_blankets() == []  # shipped, not invoiced
    shop.sales.post(order, invoice=True)
    assert shop.sales.delete_invoiced_blankets() == ["SB-00001"]
    with pytest.raises(SalesDeskError):
        shop.sales.get(DocKind.BLANKET_ORDER, "SB-00001")


def test_make_order_is_refused_for_a_customer_blocked_for_shipping(shop, blanket):
    shop.customers.update("C", blocked="ship")
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match="blocked for shipping"):
        shop.sales.make_order(blanket)
    assert db_state(shop) == before


def test_stock_out_warnings_ignore_blanket_quantities(shop, blanket):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D(1000))  # 1,000 on hand; the blanket's 1,000 are not demand
    assert not [w for w in shop.sales.warnings(order) if "stock" in w.lower() or "available" in w.lower()]
    shop.sales.add_line(order, "A", D(1))
    assert [w for w in shop.sales.warnings(order) if "A" in w]
