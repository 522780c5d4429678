"""A clerk enters sales documents with the keyboard only."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.sales.document_card import DocumentScreen

from .conftest import open_card, settle, type_text


def _setup_items(shop):
    shop.items.create("Bench", no="B", unit_price=Decimal("40.00"), unit_cost=Decimal("20"), vat_prod_group="STD")
    shop.items.create("Seeds", no="S", unit_price=Decimal("2.50"), vat_prod_group="ZERO")


async def test_enter_a_three_line_order_with_a_discount_then_release_and_reopen(shop, make_app):
    _setup_items(shop)
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("f4")  # customer lookup
        await settle(pilot)
        await pilot.press("enter")  # the only customer, C
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot, rounds=6)
        card = app.screen
        assert card.doc is not None and card.doc.customer_no == "C"
        await pilot.press("A", "enter", "5", "enter")
        await pilot.press("B", "enter", "2", "tab", "tab", "1", "0", "enter")  # qty, unit price, disc. 10 %
        await pilot.press("S", "enter", "4", "enter")
        await settle(pilot, rounds=8)
        totals = str(card.query_one("#totals").render())
        # 5 x 10 = 50.00; 2 x 40 - 10 % = 72.00; 4 x 2.50 = 10.00 (0 %): 132.00 / 24.40 / 156.40
        assert "132.00" in totals and "24.40" in totals and "156.40" in totals
        await pilot.press("ctrl+f9")
        await settle(pilot)
        assert shop.sales.get(DocKind.ORDER, card.doc.no).status == "released"
        assert "Released" in str(card.query_one("#card-title").render())
        await pilot.press("alt+o")
        await settle(pilot)
        assert shop.sales.get(DocKind.ORDER, card.doc.no).status == "open"
    order = shop.sales.get(DocKind.ORDER, card.doc.no)
    assert [(line.no, line.quantity, line.line_discount_pct, line.line_amount) for line in order.lines] == [
        ("A", Decimal("5"), Decimal("0"), Decimal("50.00")),
        ("B", Decimal("2"), Decimal("10"), Decimal("72.00")),
        ("S", Decimal("4"), Decimal("0"), Decimal("10.00")),
    ]
    assert (order.amount, order.vat_amount, order.amount_incl_vat) == (
        Decimal("132.00"), Decimal("24.40"), Decimal("156.40"))


async def test_five_line_order_needs_only_item_numbers_quantities_and_moves(shop, make_app):
    """Keystroke count: per line, the item number, Enter, the quantity, Enter."""
    _setup_items(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    lines = [("A", "5"), ("B", "12"), ("S", "3"), ("A", "1"), ("B", "7")]
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot, rounds=6)
        keys = []
        for item, qty in lines:
            keys += [*item, "enter", *qty, "enter"]
        await pilot.press(*keys)  # typed in one go: type-ahead must keep up
        await settle(pilot, rounds=10)
    assert len(keys) == sum(len(i) + len(q) + 2 for i, q in lines) == 21
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.no, line.quantity) for line in saved.lines] == [(i, Decimal(q)) for i, q in lines]


async def test_bad_input_in_a_cell_is_shown_there_and_the_line_keeps_its_values(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot, rounds=6)
        card = app.screen
        card.grid.go_to("10000", "quantity")
        await pilot.press("x", "y", "z", "enter")
        await settle(pilot)
        assert "not a number" in str(card.query_one("#editor-error").render())
        assert card.query_one("#cell-editor").value == "xyz"  # what was typed is kept
        assert card.grid.problem_cell == ("10000", "quantity")
        await pilot.press("escape")
        await settle(pilot)
        card.grid.go_to("new", "no")
        await pilot.press("N", "O", "P", "E", "enter")
        await settle(pilot)
        assert "does not exist" in str(card.query_one("#editor-error").render())
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.no, line.quantity) for line in saved.lines] == [("A", Decimal("3"))]


async def test_quote_with_a_comment_line_made_into_an_order(shop, make_app):
    quote = shop.sales.create(DocKind.QUOTE, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("quote", quote.no)
        await settle(pilot, rounds=6)
        await pilot.press("A", "enter", "2", "enter")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Deliver to back door")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("A", "enter", "3", "enter")
        await settle(pilot, rounds=6)
        await pilot.press("f7")
        await settle(pilot)
        assert "60.00" in str(app.screen.query_one("#statistics").render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("alt+m")
        await settle(pilot, rounds=6)
        card = app.screen
        assert isinstance(card, DocumentScreen) and card.kind == "order"
        order_no = card.doc.no
    order = shop.sales.get(DocKind.ORDER, order_no)
    assert order.quote_no == quote.no
    assert [(line.type, line.no, line.quantity) for line in order.lines] == [
        ("item", "A", Decimal("2")), ("comment", "", Decimal("0")), ("item", "A", Decimal("3"))]
    assert order.lines[1].description == "Deliver to back door"
    assert (order.amount, order.vat_amount, order.amount_incl_vat) == (Decimal("50.00"), Decimal("10.00"),
                                                                       Decimal("60.00"))


async def test_a_blocked_customer_cannot_get_a_new_order_and_the_clerk_sees_why(shop, make_app):
    shop.customers.update("C", blocked="ship")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", None)
        await settle(pilot)
        await type_text(pilot, "C")
        await pilot.press("tab")
        await settle(pilot, rounds=6)
        card = app.screen
        assert card.doc is None
        assert "blocked for shipping" in str(card.form.row("customer_no").query_one(".field-error").render())
    assert shop.sales.count("order") == 0


async def test_show_more_reveals_every_header_field_and_saves_them(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot, rounds=6)
        card = app.screen
        assert "your_reference" not in card.form.field_names()
        await pilot.press("alt+h")
        await settle(pilot)
        assert "your_reference" in card.form.field_names()
        card.form.row("your_reference").editor.focus()
        await type_text(pilot, "PO 4711")
        await pilot.press("tab")
        await settle(pilot)
        await pilot.press("alt+h")
        await settle(pilot)
        assert "your_reference" not in card.form.field_names()
    assert shop.sales.get(DocKind.ORDER, order.no).your_reference == "PO 4711"


async def test_a_negative_price_and_an_impossible_date_are_refused_where_they_were_typed(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("2"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot, rounds=6)
        card = app.screen
        card.grid.go_to("10000", "unit_price")
        await pilot.press("minus", "5", "enter")
        await settle(pilot)
        assert "Unit Price must be at least 0" in str(card.query_one("#editor-error").render())
        assert card.query_one("#cell-editor").value == "-5"
        await pilot.press("escape")
        await settle(pilot)
        row = card.form.row("order_date")
        row.editor.focus()
        row.editor.value = "31/02/2026"
        await pilot.press("tab")
        await settle(pilot)
        assert "'31/02/2026' is not a valid date" in str(row.query_one(".field-error").render())
        assert row.editor.value == "31/02/2026"
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert saved.lines[0].unit_price == Decimal("10") and saved.order_date is not None


async def test_tab_and_shift_tab_from_a_column_nobody_edits_go_to_the_nearest_editable_cell(shop, make_app):
    """Found by the monkey walk from the orders list: End put the cursor on Invoiced, and
    Shift+Tab raised ValueError."""
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        grid = (await open_card(pilot, "order", order.no)).grid
        grid.go_to("10000", "quantity_invoiced")
        await pilot.press("shift+tab")
        await settle(pilot)
        assert grid.current_field == "qty_to_invoice"
        grid.go_to("10000", "quantity_shipped")
        await pilot.press("tab")
        await settle(pilot)
        assert grid.current_field == "qty_to_invoice"
