"""A negative line typed in the line editor (goods taken back on an order), and the same
typed on a quote, where it is refused in the cell with what was typed kept."""

from decimal import Decimal

from salesdesk.model import DocKind

from .conftest import open_card, settle, type_text


async def test_a_negative_quantity_is_typed_on_an_order_line(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        await type_text(pilot, "A")
        await pilot.press("enter", "5", "enter")
        await settle(pilot, rounds=6)
        await type_text(pilot, "A")
        await pilot.press("enter", "minus", "2", "enter")
        await settle(pilot, rounds=6)
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.no, line.quantity, line.line_amount) for line in saved.lines] == [
        ("A", Decimal("5"), Decimal("50.00")), ("A", Decimal("-2"), Decimal("-20.00"))]
    assert saved.amount_incl_vat == Decimal("36.00")


async def test_a_negative_quantity_on_a_quote_is_refused_in_the_cell(shop, make_app):
    quote = shop.sales.create(DocKind.QUOTE, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        card = await open_card(pilot, "quote", quote.no)
        await type_text(pilot, "A")
        await pilot.press("enter", "minus", "2", "enter")
        await settle(pilot, rounds=6)
        assert "Quantity must be at least 0." in str(card.query_one("#editor-error").render())
        assert card.query_one("#cell-editor").value == "-2"
    saved = shop.sales.get(DocKind.QUOTE, quote.no)
    assert [line.quantity for line in saved.lines] in ([], [Decimal("0")])
