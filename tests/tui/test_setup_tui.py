"""The setup area: every setup table has a list and a card."""

from decimal import Decimal

from salesdesk.screens.setup.setup_list import SetupCardScreen, SetupListScreen

from .conftest import settle, type_text


async def test_create_payment_terms_from_the_setup_area(desk, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*["down"] * 7, "enter")  # Payment Terms
        await settle(pilot)
        assert isinstance(app.screen, SetupListScreen)
        assert app.screen.table_name == "payment_terms"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, SetupCardScreen)
        await type_text(pilot, "14d3")
        await pilot.press("tab")
        await type_text(pilot, "3 % 14 days")
        await pilot.press("tab")
        await type_text(pilot, "30")
        await pilot.press("tab")
        await type_text(pilot, "14")
        await pilot.press("tab")
        await type_text(pilot, "3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.table.row_count == 1
    terms = desk.setup.get("payment_terms", "14D3")
    assert (terms.due_days, terms.discount_days, terms.discount_pct) == (30, 14, Decimal("3"))


async def test_every_setup_table_opens_its_list_and_a_card(desk, make_app):
    desk.setup.set_vat("STD", Decimal("20"))
    app = make_app(start="setup")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from salesdesk.screens.setup.setup_menu import ENTRIES

        for index, (key, _label) in enumerate(ENTRIES):
            menu = app.screen.query_one("#setup-menu")
            menu.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            if key == "company":
                assert "Company Information" in str(app.screen.query_one("#card-title").render())
            else:
                assert app.screen.table_name == key
                if app.screen.table.row_count:
                    await pilot.press("enter")
                    await settle(pilot)
                    assert isinstance(app.screen, SetupCardScreen)
                    await pilot.press("escape")
                    await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)


async def test_company_card_saves_and_validates(desk, make_app):
    app = make_app(start="setup")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen.form
        form.row("name").editor.value = "Quincaillerie Noël"
        form.row("email").editor.value = "nope"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a valid e-mail" in str(form.row("email").query_one(".field-error").render())
        form.row("email").editor.value = "compta@noel.fr"
        await pilot.press("ctrl+s")
        await settle(pilot)
    company = desk.setup.company()
    assert (company.name, company.email) == ("Quincaillerie Noël", "compta@noel.fr")
