"""A clerk creates an item, adjusts its stock and sees it, with the keyboard."""

from decimal import Decimal

from salesdesk.screens.inventory.item_card import ItemCardScreen
from salesdesk.widgets.paged_table import PagedTable

from .conftest import settle, type_text


async def test_create_an_item_with_keystrokes_only(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ItemCardScreen)
        await type_text(pilot, "LAMP")  # No. typed by hand
        await pilot.press("tab")
        await type_text(pilot, "Lampe de bureau")
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # type, uom, blocked, sales blocked
        await type_text(pilot, "10.50")  # unit price
        await pilot.press("tab")
        await type_text(pilot, "6")  # unit cost
        await pilot.press("tab")
        await type_text(pilot, "STD")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.key == "LAMP"
    item = shop.items.get("LAMP")
    assert (item.description, item.unit_price, item.unit_cost, item.vat_prod_group, item.type) == (
        "Lampe de bureau", Decimal("10.5"), Decimal("6"), "STD", "inventory")


async def test_adjust_inventory_from_the_item_card(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_item("A")
        await settle(pilot)
        card = app.screen
        assert "100" in str(card.query_one("#inventory").render())
        await pilot.press("f6")
        await settle(pilot)
        await type_text(pilot, "-150")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "negative" in str(app.screen.query_one("#adjust-error").render())  # refused, dialog stays
        app.screen.query_one("#qty").value = ""
        await type_text(pilot, "-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is card
        assert "70" in str(card.query_one("#inventory").render())
        assert card.query_one("#entries", PagedTable).row_count == 2
    assert shop.items.inventory("A") == Decimal("70")


async def test_item_list_shows_inventory(shop, make_app):
    app = make_app(start="items")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 1
        assert table.current_row[0] == "A"
        assert table.current_row[5] == Decimal("100")


async def test_costing_method_on_the_card_and_remaining_quantity_in_the_entries(shop, make_app):
    """Costing Method shows on the card and is refused once the item has entries (BC's
    message); the item ledger entries show each entry's Remaining Quantity."""
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.open_item("A")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, ItemCardScreen)
        assert card.form.row("costing_method").get_value() == "fifo"
        assert "600.00" in str(card.query_one("#inventory").render())  # the inventory value: 100 x 6.00
        card.form.row("costing_method").set_value("average")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "You cannot change Costing Method" in str(card.query_one("#error-costing_method").render())
        assert shop.items.get("A").costing_method == "fifo"
        card.form.row("costing_method").set_value("fifo")
        await pilot.press("ctrl+f7")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        labels = [c.label for c in table.columns]
        assert "Remaining Qty." in labels
        assert table.current_row[labels.index("Remaining Qty.")] == Decimal("100")
