"""Prepayment on the order card by keys: Release makes the order Pending Prepayment, Alt+Shift+I
posts the prepayment invoice, shipping is refused until it is paid, then it ships."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ConfirmScreen, ProblemsScreen
from salesdesk.screens.sales.document_card import DocumentScreen
from salesdesk.screens.sales.post_dialogs import PostOptionsScreen

from .conftest import settle

D = Decimal


def _messages(app, since: int = 0) -> str:
    return "\n".join(n.message for n in list(app._notifications)[since:])


async def test_an_order_waits_for_its_prepayment_then_ships(shop, make_app):
    shop.customers.create("Retail", no="R", vat_bus_group="DOMESTIC", payment_terms="30D", prepayment_pct=D("100"))
    order = shop.sales.create(DocKind.ORDER, "R")
    shop.sales.add_line(order, "A", D("2"))  # 24.00 incl. VAT
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot, rounds=6)
        card = app.screen
        assert isinstance(card, DocumentScreen)

        seen = len(app._notifications)
        await pilot.press("alt+r")
        await settle(pilot)
        assert "Pending Prepayment" in str(card.query_one("#card-title").render())
        assert "waits for its prepayment of 24.00" in _messages(app, seen)

        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        await pilot.press("s")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ProblemsScreen)
        assert "waits for its prepayment of 24.00" in " ".join(app.screen.problems)
        await pilot.press("escape")
        await settle(pilot)

        seen = len(app._notifications)
        await pilot.press("alt+shift+i")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert "Prepayment invoice PSI-00001 posted: 24.00" in _messages(app, seen)
        assert shop.posted.invoice("PSI-00001").amount_incl_vat == D("24.00")

        shop.payments.register("R", D("24.00"), apply_to=["PSI-00001"])
        seen = len(app._notifications)
        await pilot.press("alt+r")
        await settle(pilot)
        assert "Released" in str(card.query_one("#card-title").render())
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("a")  # Ship and Invoice
        await settle(pilot, rounds=6)
        assert "PSS-00001" in _messages(app, seen)
    assert shop.posted.invoice("PSI-00002").amount_incl_vat == D("0.00")
    assert shop.customers.balance("R") == D("0.00")
