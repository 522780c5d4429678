"""Ctrl+Q asks before it throws away what was typed and not saved; F2 goes to the desk from
anywhere, a line grid included."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ConfirmScreen
from salesdesk.screens.common.home import HomeScreen

from .conftest import open_card, settle, type_text


async def test_ctrl_q_asks_when_a_customer_card_has_unsaved_changes(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot, rounds=6)
        card = app.screen
        await type_text(pilot, " Ltd")  # into the first field, not saved
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit without saving" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is card and app.is_running
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shop.customers.get("C").name.endswith("Ltd") and card.unsaved_changes() is None
        await pilot.press("ctrl+q")  # saved: quits without a question
        await settle(pilot)
        assert app._exit


async def test_ctrl_q_asks_when_a_line_cell_holds_typing(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        await pilot.press("A")  # a new line's item No., not saved
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app._exit


async def test_ctrl_q_quits_at_once_when_nothing_is_unsaved(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app._exit


async def test_f2_goes_to_the_desk_from_a_line_grid_and_the_cash_receipt_journal(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        assert app.screen.focused is app.screen.grid
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("j")
        await settle(pilot, rounds=4)
        assert not isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
