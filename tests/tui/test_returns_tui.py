"""Returns from the keyboard: Get Posted Document Lines to Reverse (Alt+L) on a return order,
a return reason looked up with F4, Receive then Invoice; a credit memo applied with F4 on
Applies-to Doc. No. to an open invoice, which posting closes."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.sales.document_card import DocumentScreen
from salesdesk.screens.common.lookup import LookupScreen
from salesdesk.screens.sales.post_dialogs import PostOptionsScreen
from salesdesk.screens.sales.reverse_lines_dialog import ReverseLinesScreen
from salesdesk.widgets.paged_table import PagedTable

from .conftest import settle, type_text


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def _posted_invoice(desk, lines) -> str:
    """Post an invoice for customer C through the API: [(item, quantity, unit price)]."""
    invoice = desk.sales.create(DocKind.INVOICE, "C")
    for item, quantity, price in lines:
        line = desk.sales.add_line(invoice, item, Decimal(quantity))
        desk.sales.update_line(invoice, line.line_no, unit_price=Decimal(price))
    return desk.sales.post(desk.sales.get("invoice", invoice.no)).invoice_no


async def _open(app, pilot, kind: str, no: str) -> DocumentScreen:
    app.open_document(kind, no)
    await settle(pilot, rounds=6)
    assert isinstance(app.screen, DocumentScreen)
    return app.screen


async def test_return_order_gets_posted_invoice_lines_then_receives_and_credits(shop, make_app):
    shop.items.create("B", no="B", unit_price=Decimal("5.00"), vat_prod_group="STD")
    shop.items.adjust("B", Decimal("50"), unit_cost=Decimal("2.00"))
    shop.setup.save("return_reason", {"code": "DAMAGED", "description": "Damaged in transit"})
    shop.setup.save("return_reason", {"code": "WRONG", "description": "Wrong item"})
    invoice_no = _posted_invoice(shop, [("A", 5, "12.00"), ("B", 2, "5.00")])  # 72 + 12 incl. VAT
    assert shop.customers.balance("C") == Decimal("84.00")
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "return_order", ret.no)
        assert card.check_action("get_lines_to_reverse", ()) is True
        assert card.check_action("get_shipment_lines", ()) is False

        await pilot.press("alt+l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReverseLinesScreen)
        assert dialog.source == "invoice"
        shown = [(r.document_no, r.no, r.returnable, r.unit_price) for r in dialog.shown]
        assert shown == [(invoice_no, "A", Decimal(5), Decimal("12.00")),
                         (invoice_no, "B", Decimal(2), Decimal("5.00"))]
        assert "Posted Invoice Lines" in str(dialog.query_one("#reverse-title").render())
        await pilot.press("tab")  # the posted shipment lines, and back
        await settle(pilot)
        assert dialog.source == "shipment"
        assert "Posted Shipment Lines" in str(dialog.query_one("#reverse-title").render())
        await pilot.press("tab")
        await settle(pilot)
        assert dialog.source == "invoice"

        await pilot.press("space")  # tick the first line (item A) only
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert app.screen is card
        assert any("1 line added from " + invoice_no in m for m in _messages(app))
        doc = shop.sales.get("return_order", ret.no)
        assert [(ln.no, ln.quantity, ln.unit_price, ln.appl_from_no) for ln in doc.lines] == [
            ("A", Decimal("5"), Decimal("12.00"), invoice_no)]
        line = card.grid.lines[str(doc.lines[0].line_no)]
        assert line.quantity == Decimal("5") and line.return_qty_to_receive == Decimal("5")

        # Return Reason: F4 on the Reason cell (the last column) picks from the return reasons
        await pilot.press("up", "end")
        await settle(pilot)
        assert card.grid.current_field == "return_reason_code"
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen) and app.screen.table == "return_reason"
        await type_text(pilot, "wrong")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert app.screen is card
        assert shop.sales.get("return_order", ret.no).lines[0].return_reason_code == "WRONG"
        assert card.grid.lines[str(doc.lines[0].line_no)].return_reason_code == "WRONG"

        # picking again offers only what is not on this return order yet
        await pilot.press("alt+l")
        await settle(pilot)
        assert [r.no for r in app.screen.shown] == ["B"]
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        await pilot.press("r")  # Receive
        await settle(pilot, rounds=6)
        assert app.screen is card
        receipts = shop.posted.return_receipts("C")
        assert len(receipts) == 1 and receipts[0].lines[0].quantity == Decimal("5")
        assert receipts[0].lines[0].return_reason_code == "WRONG"
        assert shop.posted.credit_memos("C") == []
        assert shop.customers.balance("C") == Decimal("84.00")

        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        await pilot.press("i")  # Invoice: the credit memo
        await settle(pilot, rounds=6)
        assert app.screen is not card  # fully posted: the return order is gone
    memos = shop.posted.credit_memos("C")
    assert len(memos) == 1 and memos[0].amount_incl_vat == Decimal("72.00")
    assert shop.customers.balance("C") == Decimal("12.00")
    assert shop.sales.count("return_order") == 0


async def test_nothing_to_reverse_says_so_and_the_key_is_only_on_credit_memos_and_return_orders(shop, make_app):
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "credit_memo", memo.no)
        await pilot.press("alt+shift+g")
        await settle(pilot)
        assert app.screen is card
        assert any("no posted invoice or shipment lines left to return" in m for m in _messages(app))
        await pilot.press("escape")
        await settle(pilot)
        card = await _open(app, pilot, "invoice", invoice.no)
        assert card.check_action("get_lines_to_reverse", ()) is False


async def test_credit_memo_applied_to_an_open_invoice_with_f4_closes_it(shop, make_app):
    first = _posted_invoice(shop, [("A", 1, "10.00")])  # 12.00
    second = _posted_invoice(shop, [("A", 3, "10.00")])  # 36.00
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    shop.sales.get_posted_lines_to_reverse(memo, "invoice", second)
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "credit_memo", memo.no)
        assert "applies_to_doc_no" in card.form.field_names()  # in the compact header
        await pilot.press("home", "shift+tab")  # from the grid's first cell back to the header
        await settle(pilot)
        assert card.form.focused_field() == "applies_to_doc_no"
        await pilot.press("f4")
        await settle(pilot)
        lookup = app.screen
        assert isinstance(lookup, LookupScreen) and lookup.table == "open_invoices:C"
        assert lookup.query_one(PagedTable).row_count == 2  # both invoices are open
        await type_text(pilot, second)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert app.screen is card
        assert shop.sales.get("credit_memo", memo.no).applies_to_doc_no == second

        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, rounds=6)
    entries = {e.document_no: e for e in shop.ledger.customer_entries("C") if e.document_type == "invoice"}
    assert entries[second].open is False and entries[second].remaining_amount == Decimal("0")
    assert entries[first].open is True and entries[first].remaining_amount == Decimal("12.00")
    assert shop.customers.balance("C") == Decimal("12.00")


async def test_applies_to_refuses_a_number_that_is_no_open_invoice_of_the_customer(shop, make_app):
    invoice_no = _posted_invoice(shop, [("A", 1, "10.00")])
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        card = await _open(app, pilot, "credit_memo", memo.no)
        row = card.form.row("applies_to_doc_no")
        row.editor.focus()
        await type_text(pilot, "PSI-99999")
        await pilot.press("tab")
        await settle(pilot)
        assert "not a posted invoice of customer C" in str(row.query_one(".field-error").render())
        assert shop.sales.get("credit_memo", memo.no).applies_to_doc_no == ""
        assert invoice_no
