"""Type to find (Business Central's): a code cell or field takes a number, or a part of a
number, name or description; the only match is taken, several open the lookup filtered on
what was typed, and F4 starts on what was typed."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.lookup import LookupScreen
from salesdesk.widgets.paged_table import PagedTable

from .conftest import open_card, settle, type_text


def _garden(shop):
    shop.items.create("Bêche forgée", no="I1", unit_price=Decimal("32.50"), vat_prod_group="STD")
    shop.items.create("Arrosoir galvanisé", no="I2", unit_price=Decimal("24.90"), vat_prod_group="STD")
    shop.items.create("Arrosoir plastique", no="I3", unit_price=Decimal("9.90"), vat_prod_group="STD")


async def test_a_part_of_a_description_finds_the_only_item(shop, make_app):
    _garden(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        await type_text(pilot, "beche")  # no accent typed: found all the same
        await pilot.press("enter", "4", "enter")
        await settle(pilot, rounds=6)
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.no, line.quantity) for line in saved.lines] == [("I1", Decimal("4"))]


async def test_several_matches_open_the_lookup_filtered_and_enter_takes_the_one_chosen(shop, make_app):
    _garden(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        card = await open_card(pilot, "order", order.no)
        await type_text(pilot, "arrosoir")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        table = app.screen.query_one(PagedTable)
        assert table.filter_text == "arrosoir" and table.row_count == 2
        await pilot.press("down", "enter")  # the second: Arrosoir plastique
        await settle(pilot, rounds=6)
        assert app.screen is card
        await pilot.press("2", "enter")
        await settle(pilot, rounds=6)
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.no, line.quantity) for line in saved.lines] == [("I3", Decimal("2"))]


async def test_nothing_found_is_refused_where_it_was_typed(shop, make_app):
    _garden(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        card = await open_card(pilot, "order", order.no)
        await type_text(pilot, "zzz")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is card
        assert "does not exist" in str(card.query_one("#editor-error").render())
        assert card.query_one("#cell-editor").value == "zzz"
    assert not shop.sales.get(DocKind.ORDER, order.no).lines


async def test_f4_starts_on_what_was_typed(shop, make_app):
    _garden(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_card(pilot, "order", order.no)
        await type_text(pilot, "arro")
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one("#lookup-filter").value == "arro"
        assert app.screen.query_one(PagedTable).row_count == 2


async def test_a_customer_is_found_by_name_in_a_new_document(shop, make_app):
    shop.customers.create("Pépinière Moreau", no="C2")
    shop.customers.create("Jardins Moreau", no="C3")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", None)
        await settle(pilot, rounds=4)
        await type_text(pilot, "pepiniere")
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        card = app.screen
        assert card.doc is not None and card.doc.customer_no == "C2"


async def test_a_customer_name_shared_by_two_opens_the_lookup(shop, make_app):
    shop.customers.create("Pépinière Moreau", no="C2")
    shop.customers.create("Jardins Moreau", no="C3")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", None)
        await settle(pilot, rounds=4)
        await type_text(pilot, "moreau")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one(PagedTable).row_count == 2
        await pilot.press("down", "enter")
        await settle(pilot, rounds=6)
        assert app.screen.doc is not None and app.screen.doc.customer_no == "C3"
