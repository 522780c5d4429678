"""Alt chords as a real terminal delivers them (ESC + letter: key "alt+h" with character
"h") run the binding; they are never typed into the focused grid or text box."""

from decimal import Decimal

from textual import events

from salesdesk.model import DocKind
from tests.tui.conftest import settle


async def test_alt_h_from_a_terminal_toggles_the_header_instead_of_typing_h(desk, make_app):
    desk.setup.set_vat("STD", Decimal("20"))
    desk.customers.create("Adatum", no="C")
    order = desk.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot)
        assert type(app.focused).__name__ == "LineGrid"
        assert app.screen.full_header is False
        app.post_message(events.Key("alt+h", "h"))
        await settle(pilot)
        assert app.screen.full_header is True
        assert desk.sales.get("order", order.no).lines == ()  # nothing was typed into the grid
