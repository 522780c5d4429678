"""The desk's Find: a number opens the record numbered so; a name shows the list filtered on
it; words typed on the desk do not hop through screens."""

from salesdesk.model import DocKind
from salesdesk.screens.common.home import HomeScreen
from salesdesk.screens.customers.customer_card import CustomerCardScreen
from salesdesk.screens.sales.document_card import DocumentScreen

from .conftest import settle, type_text


async def test_a_document_number_typed_on_the_desk_opens_that_document(shop, make_app):
    docs = [shop.sales.create(DocKind.ORDER, "C") for _ in range(3)]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, docs[1].no.lower())
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, DocumentScreen) and app.screen.doc.no == docs[1].no


async def test_a_capitalised_name_goes_to_find_not_to_shortcuts(shop, make_app):
    shop.customers.create("Maison Verte", no="C7")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Maison")  # M is no shortcut: the rest follows it into Find
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.find_box.value == "Maison"
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert app.current_mode == "customers"
        assert app.screen.query_one("#filter").value == "Maison"
        assert app.screen.table.row_count == 1


async def test_a_customer_number_typed_with_digits_first_opens_its_card(shop, make_app):
    shop.customers.create("Numbered", no="10000")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "10000")
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.key == "10000"


async def test_nothing_found_says_so_and_keeps_the_text(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzqq")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen.find_box.value == "zzqq"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.find_box.value == "" and app.screen.focused is None
        await pilot.press("c")  # a shortcut again
        await settle(pilot, rounds=4)
        assert app.current_mode == "customers"
