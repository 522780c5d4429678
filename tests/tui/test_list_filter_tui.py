"""Back on a list, the filter is kept but what is typed replaces it; a typed number opens
that record, not one whose other fields hold the same digits."""

from salesdesk.model import DocKind
from salesdesk.screens.sales.document_card import DocumentScreen

from .conftest import settle, type_text


async def test_typing_after_coming_back_replaces_the_filter(shop, make_app):
    docs = [shop.sales.create(DocKind.ORDER, "C") for _ in range(6)]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot, rounds=4)
        await type_text(pilot, docs[5].no.lower())
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, DocumentScreen) and app.screen.doc.no == docs[5].no
        await pilot.press("escape")
        await settle(pilot, rounds=4)
        assert app.screen.query_one("#filter").value == docs[5].no.lower()  # kept
        await type_text(pilot, docs[4].no.lower())  # replaces it
        await settle(pilot, rounds=4)
        assert app.screen.query_one("#filter").value == docs[4].no.lower()
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, DocumentScreen) and app.screen.doc.no == docs[4].no


async def test_a_typed_number_opens_that_document_before_a_customers_with_the_same_digits(shop, make_app):
    shop.customers.create("Seven", no="C00007", vat_bus_group="DOMESTIC")
    for _ in range(6):
        shop.sales.create(DocKind.ORDER, "C00007")
    seventh = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot, rounds=4)
        await type_text(pilot, seventh.no[-5:])  # "00007"
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, DocumentScreen) and app.screen.doc.no == seventh.no
