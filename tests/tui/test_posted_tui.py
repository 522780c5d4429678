"""A clerk reads history: posted documents, ledger entries and Navigate, keyboard only."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.customers.customer_card import CustomerCardScreen
from salesdesk.screens.history.entries_list import EntriesListScreen
from salesdesk.screens.inventory.item_card import ItemCardScreen
from salesdesk.screens.history.navigate import NavigateScreen
from salesdesk.screens.history.posted_card import PostedDocumentScreen
from salesdesk.screens.history.posted_list import PostedListScreen
from salesdesk.widgets.paged_table import PagedTable

from .conftest import settle, type_text


def post_order(shop, *, invoice: bool = True):
    """Order for C: 3 x A at 10.00, 2 x A at 10.00 less 10 %: 48.00 + 9.60 VAT = 57.60."""
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    line = shop.sales.add_line(order, "A", Decimal("2"))
    shop.sales.update_line(order, line.line_no, line_discount_pct=Decimal("10"))
    order = shop.sales.get(DocKind.ORDER, order.no)
    return shop.sales.post(order, ship=True, invoice=invoice)


def shown(table: PagedTable) -> str:
    """The table's text as painted."""
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def test_posted_invoice_list_card_totals_and_navigate_to_gl_entries(shop, make_app):
    result = post_order(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PostedListScreen) and app.screen.kind == "invoice"
        rows = shown(app.screen.table)
        assert result.invoice_no in rows and result.no in rows and "57.60" in rows
        assert "1 document" in str(app.screen.query_one("#count").render())

        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, PostedDocumentScreen) and card.no == result.invoice_no
        assert f"Posted Sales Invoice {result.invoice_no}" in str(card.query_one("#card-title").render())
        header = str(card.query_one("#header-right").render())
        assert result.no in header and "2026-12-24" in header  # order no., due date (30 days)
        lines = shown(card.lines)
        assert lines.count("10.00") == 2 and "30.00" in lines and "18.00" in lines and "10" in lines
        totals = str(card.query_one("#totals").render())
        assert "48.00" in totals and "9.60" in totals and "57.60" in totals
        assert not card.query("Input")  # nothing to type into: posted documents are read-only
        commands = {c.title for c in app.get_system_commands(card)}
        assert "Navigate" in commands

        await pilot.press("alt+g")
        await settle(pilot)
        nav = app.screen
        assert isinstance(nav, NavigateScreen) and nav.document_no == result.invoice_no
        hits = shown(nav.table)
        assert "Posted Invoice" in hits and "Customer Ledger Entries" in hits and "G/L Entries" in hits
        while nav.table.current_row[2] != "entries:gl":
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        entries = app.screen
        assert isinstance(entries, EntriesListScreen)
        assert (entries.ledger, entries.document_no) == ("gl", result.invoice_no)
        text = shown(entries.table)
        assert "411000" in text and "57.60" in text
        assert "707000" in text and "-48.00" in text
        assert "445710" in text and "-9.60" in text
        assert entries.table.row_count == 5

        await pilot.press("escape")  # back to Navigate, the card, the list
        await settle(pilot)
        assert app.screen is nav
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        await pilot.press("ctrl+g")  # the terminal-safe Navigate key
        await settle(pilot)
        assert isinstance(app.screen, NavigateScreen)


async def test_customer_ledger_entries_from_the_customer_card_open_the_invoice(shop, make_app):
    result = post_order(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, CustomerCardScreen)
        assert "57.60" in str(card.query_one("#stats").render())  # balance from the ledger

        await pilot.press("ctrl+f7")
        await settle(pilot)
        entries = app.screen
        assert isinstance(entries, EntriesListScreen)
        assert (entries.ledger, entries.key) == ("customer", "C")
        text = shown(entries.table)
        assert result.invoice_no in text and "Invoice" in text and "57.60" in text and "Yes" in text

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostedDocumentScreen) and app.screen.no == result.invoice_no
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        await pilot.press("alt+l")  # the terminal-safe key for Ledger Entries
        await settle(pilot)
        assert isinstance(app.screen, EntriesListScreen)


async def test_balance_on_the_customer_card_follows_a_posting(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot)
        card = app.screen
        assert "0.00" in str(card.query_one("#stats").render())
        await pilot.press("ctrl+f7")
        await settle(pilot)
        post_order(shop)  # posted meanwhile (another clerk, another area)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        assert "57.60" in str(card.query_one("#stats").render())


async def test_shipment_card_shows_quantity_invoiced_and_not_invoiced(shop, make_app):
    result = post_order(shop, invoice=False)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, PostedListScreen) and app.screen.kind == "shipment"
        assert result.shipment_no in shown(app.screen.table)
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, PostedDocumentScreen) and card.kind == "shipment"
        lines = shown(card.lines)
        assert "Qty. Invoiced" in lines and "Qty. Not Invoiced" in lines
        first = card.lines.current_row
        assert first[0] == "A" and first[3] == Decimal("3") and first[5] == 0 and first[6] == Decimal("3")
        assert not card.query_one("#totals").display  # shipments carry no amounts


async def test_item_card_ledger_entries_and_adjust_still_work(shop, make_app):
    result = post_order(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_item("A")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, ItemCardScreen)
        await pilot.press("ctrl+f7")
        await settle(pilot, rounds=8)
        entries = app.screen
        assert isinstance(entries, EntriesListScreen) and (entries.ledger, entries.key) == ("item", "A")
        text = shown(entries.table)
        assert result.shipment_no in text and "Sale" in text and "Positive Adjmt." in text
        assert "-3" in text and "-2" in text and "-18.00" in text  # one entry per shipped line
        await pilot.press("enter")  # the newest entry is the shipment's
        await settle(pilot)
        assert isinstance(app.screen, PostedDocumentScreen) and app.screen.no == result.shipment_no
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        await pilot.press("f6")
        await settle(pilot)
        from salesdesk.screens.inventory.adjust_dialog import AdjustInventoryScreen

        assert isinstance(app.screen, AdjustInventoryScreen)


async def test_navigate_from_the_desk_by_typing_a_number(shop, make_app):
    result = post_order(shop)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        nav = app.screen
        assert isinstance(nav, NavigateScreen)
        await type_text(pilot, result.shipment_no)
        await pilot.press("enter")
        await settle(pilot)
        hits = shown(nav.table)
        assert "Posted Shipment" in hits and "Item Ledger Entries" in hits
        await pilot.press("enter")  # the first hit: the posted shipment itself
        await settle(pilot)
        assert isinstance(app.screen, PostedDocumentScreen) and app.screen.no == result.shipment_no


async def test_every_posted_list_and_ledger_opens_from_the_desk(shop, make_app):
    post_order(shop)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, screen_type, what in (("p", PostedListScreen, "invoice"), ("h", PostedListScreen, "shipment"),
                                       ("d", PostedListScreen, "credit_memo"),
                                       ("t", PostedListScreen, "return_receipt"),
                                       ("l", EntriesListScreen, "customer"), ("e", EntriesListScreen, "item"),
                                       ("g", EntriesListScreen, "gl"), ("a", EntriesListScreen, "vat")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            assert getattr(app.screen, "kind", getattr(app.screen, "ledger", None)) == what
            await pilot.press("escape")
            await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Go to posted sales invoices", "Go to general ledger entries", "Navigate (find entries)"} <= titles
