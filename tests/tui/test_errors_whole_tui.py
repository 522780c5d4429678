"""A refusal in a line cell is shown whole, at 80x24 as at 120x40."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind

from .conftest import open_card, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_an_over_shipment_refusal_is_readable_whole(shop, make_app, size):
    order = shop.sales.create(DocKind.ORDER, "C")
    line = shop.sales.add_line(order, "A", Decimal("3"))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        card = await open_card(pilot, "order", order.no)
        card.grid.go_to(str(line.line_no), "qty_to_ship")
        card.grid.focus()
        await settle(pilot)
        await pilot.press("5", "enter")
        await settle(pilot, rounds=6)
        error = card.query_one("#editor-error")
        message = str(error.render())
        assert message.startswith(f"Qty. to Ship on line {line.line_no} cannot be more than")
        # every word of it is painted inside the bar, which grows to show it
        shown = "".join(line.text for line in error.render_lines(error.region.reset_offset))
        bar = card.query_one("#editor-bar")
        assert bar.region.contains_region(error.region)  # not clipped by the bar
        assert error.region.width >= size[0] - 40  # across the card, not a 20-column slot
        assert " ".join(shown.split()) == " ".join(message.split())
        assert card.query_one("#cell-editor").value == "5"  # what was typed is kept
    assert shop.sales.get(DocKind.ORDER, order.no).lines[0].qty_to_ship == Decimal("3")
