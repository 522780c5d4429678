"""A clerk works with customers using only the keyboard."""

from decimal import Decimal

from salesdesk.screens.customers.customer_card import CustomerCardScreen
from salesdesk.screens.customers.customer_list import CustomerListScreen
from salesdesk.widgets.paged_table import PagedTable

from .conftest import settle, type_text


async def test_create_a_customer_with_keystrokes_only(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CustomerListScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        await pilot.press("tab")  # No. left blank: the series gives it
        await type_text(pilot, "Hélène Girard")
        await pilot.press("tab", "tab")  # Blocked
        await type_text(pilot, "3 rue Pasteur")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Dijon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.key == "C00001"
    found = shop.customers.search("helene girard")
    assert [(c.no, c.name, c.city, c.address) for c in found] == [("C00001", "Hélène Girard", "Dijon", "3 rue Pasteur")]


async def test_wrong_values_are_shown_beside_their_fields_and_nothing_is_lost(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer(None)
        await settle(pilot)
        card = app.screen
        form = card.form
        form.row("name").editor.value = "Adatum"
        form.row("email").editor.value = "not-an-address"
        form.row("credit_limit").editor.value = "-5"
        form.row("payment_terms").editor.value = "NOPE"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert card.key is None
        errors = {n: str(form.row(n).query_one(".field-error").render()) for n in ("email", "credit_limit", "payment_terms")}
        assert "not a valid e-mail" in errors["email"]
        assert "at least 0" in errors["credit_limit"]
        assert "'NOPE' does not exist" in errors["payment_terms"]
        assert form.row("name").editor.value == "Adatum"  # what was typed is kept
        assert form.row("email").editor.value == "not-an-address"
    assert shop.customers.search("adatum") == []


async def test_leaving_a_field_checks_it(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot)
        form = app.screen.form
        form.row("email").editor.focus()
        await type_text(pilot, "bad@")
        await pilot.press("tab")
        await settle(pilot)
        assert "not a valid e-mail" in str(form.row("email").query_one(".field-error").render())


async def test_lookup_fills_payment_terms(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot)
        card = app.screen
        card.form.row("payment_terms").editor.value = ""
        card.form.row("payment_terms").editor.focus()
        await pilot.press("f4")
        await settle(pilot)
        await type_text(pilot, "30")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is card
        assert card.form.row("payment_terms").editor.value == "30D"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert shop.customers.get("C").payment_terms == "30D"


async def test_list_filters_as_you_type_ignoring_accents(shop, make_app):
    shop.customers.create("Éric Dupré", city="Nantes")
    shop.customers.create("Zoé Martin", city="Lyon")
    app = make_app(start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert table.row_count == 3
        await type_text(pilot, "eric dupre")
        await settle(pilot)
        assert table.row_count == 1
        assert table.current_row[1] == "Éric Dupré"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.key == table.current_row[0]


async def test_deleting_a_customer_with_history_is_refused_with_a_message(shop, make_app):
    shop.customers.create("Nouveau", no="NEW")
    import datetime as dt

    from salesdesk.model.tables import CustLedgerEntry
    with shop.db.write() as s:
        s.add(CustLedgerEntry(customer_no="C", posting_date=dt.date(2026, 11, 1), document_type="invoice",
                              document_no="X1", amount=Decimal("12.00"), remaining_amount=Decimal("12.00")))
    app = make_app(start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "C")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert table.current_row[0] == "C"
        await pilot.press("ctrl+delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("cannot be deleted" in m and "customer ledger entries" in m for m in messages)
    assert shop.customers.get("C").name == "C"


async def test_palette_opens_a_customer_card_from_part_of_a_name(shop, make_app):
    shop.customers.create("Boulangerie Lefèvre", city="Dijon")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "boulang")
        await settle(pilot, rounds=8)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.key == "C00001"
        assert "Boulangerie Lefèvre" in str(app.screen.query_one("#card-title").render())


async def test_names_that_look_like_markup_are_shown_as_typed(shop, make_app):
    """A clerk's text is never read as Rich markup ("[/b]" once crashed the app)."""
    shop.customers.create("Smith [/b] Co", no="SMITH", city="[UK]")
    shop.setup.update_company(name="Quincaillerie [/]")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Quincaillerie [/]" in str(app.screen.query_one("#company").render())
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("left_square_bracket", "slash", "b", "right_square_bracket")
        await settle(pilot)
        assert "matching '[/b]'" in str(app.screen.query_one("#count").render())
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, CustomerCardScreen)
        assert "Smith [/b] Co" in str(card.query_one("#card-title").render())
        card.form.row("email").editor.value = "x[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "'x[/b]' is not a valid e-mail" in str(card.form.row("email").query_one(".field-error").render())
        await pilot.press("escape", "y")
        await settle(pilot)
        await pilot.press("ctrl+delete")
        await settle(pilot)
        assert "Smith [/b] Co" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
