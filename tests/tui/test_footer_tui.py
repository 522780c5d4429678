"""The Footer shows every key of a busy card: it wraps onto more lines, and on a terminal too
narrow for them all it says how many more the command palette has."""

from decimal import Decimal

from textual.widgets import Label
from textual.widgets._footer import FooterKey

from salesdesk.model import DocKind
from salesdesk.screens.sales.document_card import DocumentScreen

from .conftest import settle


def _footer(app) -> tuple[list[str], str]:
    footer = app.screen.query_one("DeskFooter")
    keys = [key.description for key in footer.query(FooterKey) if key.description]
    more = " ".join(str(label.render()) for label in footer.query(Label) if label.has_class("footer-more"))
    return keys, more


async def _open_order(shop, app, pilot) -> None:
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("1"))
    await settle(pilot)
    app.open_document("order", order.no)
    await settle(pilot, rounds=6)
    assert isinstance(app.screen, DocumentScreen)


async def test_a_wide_terminal_shows_every_key_of_the_order_card(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_order(shop, app, pilot)
        keys, more = _footer(app)
        shown = {b.description for (_n, b, _e, _t) in app.screen.active_bindings.values() if b.show}
        assert shown - {"palette"} <= set(keys) and not more
        assert {"Print", "Send by E-mail", "Post and Send", "Post"} <= set(keys)
        assert app.screen.query_one("DeskFooter").size.height >= 2


async def test_a_narrow_terminal_says_how_many_more_the_palette_has(shop, make_app):
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await _open_order(shop, app, pilot)
        keys, more = _footer(app)
        shown = [b.description for (_n, b, _e, _t) in app.screen.active_bindings.values() if b.show]
        missing = len(set(shown) - set(keys) - {"palette"})
        assert missing and f"… {missing} more: ^p" == more
        assert app.screen.query_one("DeskFooter").size.height == 4
