"""Bad and hostile input typed or pasted into cells and fields: a clear message where it was
typed, what was typed kept, nothing saved, never "Unexpected error" (the app is built with
crash_on_error, so a raw exception fails the test)."""

from decimal import Decimal

import pytest
from textual import events

from salesdesk.model import DocKind

from .conftest import open_card, settle, type_text

BAD_NUMBERS = ["1e30", "12345678901234", "NaN", "inf", "abc", "9" * 30, "1.2.3"]


def _unexpected(app) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Unexpected error"]


@pytest.mark.parametrize("field", ["quantity", "unit_price", "line_discount_pct"])
@pytest.mark.parametrize("typed", BAD_NUMBERS)
async def test_a_bad_number_in_a_cell_is_refused_there(shop, make_app, field, typed):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        card = await open_card(pilot, "order", order.no)
        card.grid.go_to("10000", field)
        card.grid.focus()
        await type_text(pilot, typed)
        await pilot.press("enter")
        await settle(pilot)
        assert str(card.query_one("#editor-error").render()).strip()
        assert card.grid.problem_cell == ("10000", field)
        assert card.query_one("#cell-editor").value == typed
        assert not _unexpected(app)
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity, line.unit_price, line.line_discount_pct) == (Decimal("3"), Decimal("10"), Decimal("0"))


async def test_a_name_pasted_with_an_escape_sequence_is_refused_on_the_card(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot, rounds=6)
        card = app.screen
        name = card.form.row("name").editor
        name.focus()
        await settle(pilot)
        name.post_message(events.Paste(" \x1b]0;pwned\x07Corp"))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "control character" in str(card.query_one("#error-name").render())
        assert not _unexpected(app)
    assert shop.customers.get("C").name == "C"


async def test_a_description_pasted_with_control_characters_is_refused_in_its_cell(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        card = await open_card(pilot, "order", order.no)
        card.grid.go_to("10000", "description")
        card.grid.focus()
        await pilot.press("x")  # starts editing the cell
        await settle(pilot)
        card.query_one("#cell-editor").post_message(events.Paste("\x1b[2Jcleared"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "control character" in str(card.query_one("#editor-error").render())
        assert not _unexpected(app)
    assert shop.sales.get(DocKind.ORDER, order.no).lines[0].description != "x\x1b[2Jcleared"
