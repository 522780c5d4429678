"""A clerk posts from the document card with the keyboard: F9 (Ship / Invoice / Ship and
Invoice on orders, a confirmation on invoices), Post and New, Preview Posting, and refusals
listed all at once with nothing changed."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ConfirmScreen, ProblemsScreen
from salesdesk.screens.sales.document_card import DocumentScreen
from salesdesk.screens.sales.post_dialogs import PostOptionsScreen
from salesdesk.screens.sales.posting_preview import PostingPreviewScreen

from .conftest import settle

TO_SHIP = ["ctrl+home", "home"] + ["right"] * 9  # first line, the To Ship column


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def _new_messages(app, before: int) -> str:
    return "\n".join(_messages(app)[before:])


def _grid_text(card, row_key: str, field: str) -> str:
    grid = card.grid
    column = next(c for c in grid.grid_columns if c.field == field)
    return column.format(getattr(grid.lines[row_key], field))


async def _open(app, pilot, kind: str, no: str) -> DocumentScreen:
    app.open_document(kind, no)
    await settle(pilot, rounds=6)
    assert isinstance(app.screen, DocumentScreen)
    return app.screen


async def test_ship_4_then_6_then_invoice_from_the_order_card(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("10"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        card = await _open(app, pilot, "order", order.no)
        await pilot.press(*TO_SHIP, "4", "enter")
        await settle(pilot)
        assert _grid_text(card, "10000", "qty_to_ship") == "4"

        seen = len(_messages(app))
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        options = app.screen.query_one("#post-choices")
        assert [str(options.get_option_at_index(i).prompt) for i in range(3)] == [
            "Ship  (S)", "Invoice  (I)", "Ship and Invoice  (A)"]
        await pilot.press("s")
        await settle(pilot, rounds=6)
        assert app.screen is card
        text = _new_messages(app, seen)
        assert "Posted shipment PSS-00001." in text and "balance: 0.00" in text
        # the card shows the order as it is now: 4 shipped, 6 left to ship, released by posting
        assert _grid_text(card, "10000", "quantity_shipped") == "4"
        assert _grid_text(card, "10000", "qty_to_ship") == "6"
        assert "Released" in str(card.query_one("#card-title").render())

        # 6 typed into To Ship and F9 at once, without Enter: saved first, then posted
        seen = len(_messages(app))
        await pilot.press(*TO_SHIP, "backspace", "6", "f9")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        await pilot.press("1")  # 1 = Ship, like S
        await settle(pilot, rounds=6)
        assert "Posted shipment PSS-00002." in _new_messages(app, seen)
        assert _grid_text(card, "10000", "quantity_shipped") == "10"
        assert _grid_text(card, "10000", "quantity_invoiced") == "0"

        seen = len(_messages(app))
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot, rounds=6)
        text = _new_messages(app, seen)
        assert "Posted invoice PSI-00001." in text
        assert "fully posted and was deleted" in text
        assert "Customer C balance: 120.00" in text
        # fully shipped and invoiced: the order is gone and the card closed back to the list
        assert type(app.screen).__name__ == "DocumentListScreen"

    assert [s.no for s in shop.posted.shipments("C")] == ["PSS-00001", "PSS-00002"]
    assert [sum(line.quantity for line in s.lines) for s in shop.posted.shipments("C")] == [4, 6]
    invoice = shop.posted.invoice("PSI-00001")
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (
        Decimal("100.00"), Decimal("20.00"), Decimal("120.00"))
    assert [e.amount for e in shop.ledger.customer_entries("C")] == [Decimal("120.00")]
    assert sum(e.quantity for e in shop.ledger.item_entries("A")) == Decimal("90")
    assert shop.customers.balance("C") == Decimal("120.00")
    assert shop.sales.count("order") == 0


async def test_a_refused_post_lists_every_problem_and_changes_nothing(shop, make_app):
    shop.items.create("Blocked lamp", no="BL", unit_price=Decimal("5"), vat_prod_group="STD")
    shop.items.adjust("BL", Decimal("10"))
    order = shop.sales.create(DocKind.ORDER, "C", shipping_advice="complete")
    shop.sales.add_line(order, "A", Decimal("10"))
    shop.sales.add_line(order, "BL", Decimal("1"))
    shop.items.update("BL", blocked=True)
    gl_before = shop.ledger.gl_entries()  # the stock adjustments'
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "order", order.no)
        await pilot.press(*TO_SHIP, "4", "enter")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ProblemsScreen)
        problems = str(app.screen.query_one("#problems").render())
        assert "Line 10000" in problems and "Shipping Advice is Complete" in problems
        assert "Line 20000" in problems and "BL" in problems and "blocked" in problems
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        # what was typed stays, on screen and in the database
        assert _grid_text(card, "10000", "qty_to_ship") == "4"
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert saved.status == "open"
    assert [(line.qty_to_ship, line.quantity_shipped) for line in saved.lines] == [
        (Decimal("4"), Decimal("0")), (Decimal("1"), Decimal("0"))]
    assert shop.posted.shipments("C") == [] and shop.posted.invoices("C") == []
    assert shop.ledger.customer_entries("C") == []
    assert shop.ledger.gl_entries() == gl_before


async def test_preview_posting_shows_the_entries_and_posts_nothing(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("10"))
    gl_before = shop.ledger.gl_entries()
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "order", order.no)
        await pilot.press("alt+shift+p")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        assert app.screen.title_text == "Preview Posting"
        await pilot.press("a")
        await settle(pilot, rounds=6)
        preview = app.screen
        assert isinstance(preview, PostingPreviewScreen)
        assert "Preview: nothing has been posted." in str(preview.query_one("#preview-banner").render())
        summary = preview.query_one("#preview-tables")
        counts = {str(summary.get_row(key)[0]): int(str(summary.get_row(key)[1])) for key in summary.rows}
        assert counts["G/L Entry"] == 5 and counts["VAT Entry"] == 1 and counts["Cust. Ledger Entry"] == 1
        assert counts["Item Ledger Entry"] == 1 and counts["Posted Documents"] == 2
        entries = preview.query_one("#preview-entries")
        gl_rows = [[str(cell) for cell in entries.get_row_at(i)] for i in range(entries.row_count)]
        assert any("120.00" in row and "411000" in row for row in gl_rows)
        assert "Balance of these G/L entries: 0.00" in str(preview.query_one("#preview-note").render())
        await pilot.press("down")  # VAT Entry
        await settle(pilot)
        vat_row = [str(cell) for cell in entries.get_row_at(0)]
        assert "100.00" in vat_row and "20.00" in vat_row
        await pilot.press("down")  # Cust. Ledger Entry
        await settle(pilot)
        assert "120.00" in [str(cell) for cell in entries.get_row_at(0)]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
    saved = shop.sales.get(DocKind.ORDER, order.no)
    assert [(line.qty_to_ship, line.quantity_shipped, line.quantity_invoiced) for line in saved.lines] == [
        (Decimal("10"), Decimal("0"), Decimal("0"))]
    assert saved.status == "open"
    assert shop.posted.shipments("C") == [] and shop.posted.invoices("C") == []
    assert shop.ledger.customer_entries("C") == [] and shop.ledger.gl_entries() == gl_before
    assert sum(e.quantity for e in shop.ledger.item_entries("A")) == Decimal("100")


async def test_an_invoice_posts_with_f9_and_a_confirmation_saving_the_header_first(shop, make_app):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("2"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        card = await _open(app, pilot, "invoice", invoice.no)
        card.form.row("external_document_no").editor.focus()
        await pilot.press("P", "O", "7", "f9")  # typed, not left: saved before posting
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Post invoice {invoice.no}?" in str(app.screen.query_one("#question").render())
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert app.screen is card and shop.posted.invoices("C") == []
        seen = len(_messages(app))
        await pilot.press("alt+p", "y")
        await settle(pilot, rounds=6)
        text = _new_messages(app, seen)
        assert "Posted shipment PSS-00001 and invoice PSI-00001." in text and "Customer C balance: 24.00" in text
        assert type(app.screen).__name__ == "DocumentListScreen"
    posted = shop.posted.invoice("PSI-00001")
    assert posted.external_document_no == "PO7"
    assert posted.amount_incl_vat == Decimal("24.00")
    assert shop.sales.count("invoice") == 0


async def test_return_order_asks_receive_or_invoice_and_post_and_new_opens_a_blank_one(shop, make_app):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", Decimal("2"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "return_order", ret.no)
        seen = len(_messages(app))
        await pilot.press("shift+f9")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PostOptionsScreen)
        assert [label for _c, label, _k in dialog.choices] == ["Receive", "Invoice", "Receive and Invoice"]
        await pilot.press("enter")  # the default: Receive and Invoice
        await settle(pilot, rounds=6)
        text = _new_messages(app, seen)
        receipt, memo = shop.posted.return_receipts("C")[0].no, shop.posted.credit_memos("C")[0].no
        assert f"Posted return receipt {receipt} and credit memo {memo}." in text
        assert "fully posted and was deleted" in text
        assert "Customer C balance: -24.00" in text
        new = app.screen
        assert isinstance(new, DocumentScreen) and new is not card
        assert new.kind == "return_order" and new.no is None
    assert len(shop.posted.return_receipts("C")) == 1
    assert shop.posted.credit_memos("C")[0].amount_incl_vat == Decimal("24.00")
    assert shop.customers.balance("C") == Decimal("-24.00")


async def test_post_is_not_offered_on_a_quote(shop, make_app):
    quote = shop.sales.create(DocKind.QUOTE, "C")
    shop.sales.add_line(quote, "A", Decimal("1"))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "quote", quote.no)
        for action in ("post", "post_new", "preview_post"):
            assert card.check_action(action, ()) is False
        await pilot.press("f9", "alt+shift+p")
        await settle(pilot)
        assert app.screen is card
    assert shop.sales.count("quote") == 1
