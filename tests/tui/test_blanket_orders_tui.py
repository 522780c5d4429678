"""Blanket orders driven by keys: Make Order (Alt+M, confirmed) from a blanket card, a Qty. to
Ship beyond what orders leave refused in its cell with what was typed kept, a line linked by
hand through the Blanket Order Line lookup (Alt+B), and Delete Invoiced Blanket Orders (Alt+D)
in the blanket list."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ConfirmScreen
from salesdesk.screens.common.lookup import LookupScreen
from salesdesk.screens.sales.document_card import DocumentScreen

from .conftest import open_card, settle, type_text

D = Decimal


def make_blanket(shop):
    shop.items.adjust("A", D("900"), unit_cost=D("6.00"))
    blanket = shop.sales.create(DocKind.BLANKET_ORDER, "C")
    for _week in range(4):
        shop.sales.add_line(blanket, "A", D("250"), unit_price=D("9.00"))
    for line_no in (20000, 30000, 40000):
        shop.sales.update_line(blanket, line_no, qty_to_ship=D(0))
    return blanket


async def test_make_order_from_a_blanket_card_then_a_qty_to_ship_beyond_the_cap_is_refused(shop, make_app):
    blanket = make_blanket(shop)
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await open_card(pilot, "blanket_order", blanket.no)
        await pilot.press("alt+m")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, rounds=8)
        card = app.screen
        assert isinstance(card, DocumentScreen) and card.kind == "order"
        order_no = card.doc.no
        card.grid.go_to("10000", "no")
        await settle(pilot)
        assert "Blanket Order: SB-00001 / 10000" in str(card.query_one("#item-facts").render())
        await pilot.press("escape")
        await settle(pilot)
        card = await open_card(pilot, "blanket_order", blanket.no)
        card.grid.go_to("10000", "qty_to_ship")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot, rounds=6)
        error = str(card.query_one("#editor-error").render())
        assert "Possible Quantity 0" in error
        assert card.query_one("#cell-editor").value == "1"
    order = shop.sales.get(DocKind.ORDER, order_no)
    assert [(line.no, line.quantity, line.line_amount, line.blanket_order_no, line.blanket_order_line_no)
            for line in order.lines] == [("A", D("250"), D("2250.00"), "SB-00001", 10000)]
    kept = shop.sales.get(DocKind.BLANKET_ORDER, blanket.no)
    assert [line.qty_to_ship for line in kept.lines] == [D(0)] * 4


async def test_a_new_order_line_is_linked_to_a_blanket_line_through_the_lookup(shop, make_app):
    make_blanket(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        await pilot.press("alt+shift+b")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "30000")
        await settle(pilot, rounds=6)
        await pilot.press("enter")
        await settle(pilot, rounds=8)
        card = app.screen
        assert isinstance(card, DocumentScreen)
        card.grid.go_to("10000", "quantity")
        await settle(pilot)
        await pilot.press("4", "0", "enter")
        await settle(pilot, rounds=6)
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.no, line.quantity, line.unit_price, line.line_amount, line.blanket_order_no,
             line.blanket_order_line_no) for line in saved.lines] == [
        ("A", D("40"), D("9.00"), D("360.00"), "SB-00001", 30000)]


async def test_blanket_statistics_then_delete_invoiced_blanket_orders_from_the_list(shop, make_app):
    blanket = make_blanket(shop)
    order = shop.sales.make_order(blanket)
    shop.sales.post(order, ship=True, invoice=True)
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await open_card(pilot, "blanket_order", blanket.no)
        await pilot.press("f7")
        await settle(pilot)
        shown = str(app.screen.query_one("#statistics").render())
        assert "9,000.00" in shown and "1,000" in shown
        assert [line.split()[-1] for line in shown.splitlines() if line.startswith("Quantity")] == [
            "1,000", "250", "250"]
        await pilot.press("escape", "escape")
        await settle(pilot)
        for line_no in (20000, 30000, 40000):
            shop.sales.update_line(blanket, line_no, qty_to_ship=D(250))
        order = shop.sales.make_order(blanket)
        shop.sales.post(order, ship=True, invoice=True)
        await app.switch_mode("blanket_orders")
        await settle(pilot, rounds=6)
        await pilot.press("alt+d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, rounds=6)
    assert shop.sales.count(DocKind.BLANKET_ORDER) == 0
