"""A clerk corrects posted documents from their cards, keyboard only: Cancel, Correct and
Create Corrective Credit Memo on a posted invoice, Cancel on the credit memo that cancelled it,
the way between the two, refusals listed in one dialog with nothing changed, and Undo Shipment."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ConfirmScreen, ProblemsScreen
from salesdesk.screens.sales.document_card import DocumentScreen
from salesdesk.screens.history.posted_card import PostedDocumentScreen
from salesdesk.screens.history.posted_list import PostedListScreen
from tests.model.corrections_support import assert_unchanged, full_state, pay, post_invoice

from .conftest import settle
from .test_posted_tui import post_order, shown

D = Decimal


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _footer_and_palette(app, screen) -> set[str]:
    return {c.title for c in app.get_system_commands(screen)}


async def _open_posted_from_the_desk(app, pilot, key: str, no: str) -> PostedDocumentScreen:
    """Desk -> a posted list (its key) -> the document typed into the filter -> Enter."""
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, PostedListScreen)
    await pilot.press(*no)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    card = app.screen
    assert isinstance(card, PostedDocumentScreen) and card.no == no
    return card


async def _confirm(pilot, app, *expected: str) -> str:
    """The confirmation is up and says what will happen; Y answers it. Its question."""
    assert isinstance(app.screen, ConfirmScreen)
    question = app.screen.question
    for words in expected:
        assert words in question, question
    await pilot.press("y")
    await settle(pilot, rounds=8)
    return question


async def test_cancel_an_invoice_from_its_card_then_cancel_the_credit_memo(shop, make_app):
    result = post_order(shop)  # 57.60, from an order
    invoice_no = result.invoice_no
    assert shop.customers.balance("C") == D("57.60")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _open_posted_from_the_desk(app, pilot, "p", invoice_no)
        commands = _footer_and_palette(app, card)
        assert {"Cancel Invoice", "Correct", "Corrective Credit Memo"} <= commands
        assert "Cancel Credit Memo" not in commands and "Show Corrective Credit Memo" not in commands
        assert not card.query_one("#correction-link").display

        await pilot.press("alt+shift+c")
        await settle(pilot)
        seen = len(_messages(app))
        await _confirm(pilot, app, "credit memo", "applied to it", "57.60", "back into stock", "cancelled")
        assert app.screen is card
        memo_no = shop.posted.get("invoice", invoice_no).cancelled_by
        assert memo_no
        text = "\n".join(_messages(app)[seen:])
        assert f"Invoice {invoice_no} is cancelled by posted credit memo {memo_no}." in text
        assert "Customer C balance: 0.00" in text
        assert shop.customers.balance("C") == D("0")
        assert shop.items.inventory("A") == D("100")  # the goods came back

        # the card shows what happened, and what no longer applies is gone
        assert "Cancelled" in _text(card, "#card-title")
        assert card.query_one("#correction-link").display
        assert f"Cancelled by credit memo {memo_no}" in _text(card, "#correction-link")
        commands = _footer_and_palette(app, card)
        assert "Cancel Invoice" not in commands and "Correct" not in commands
        assert "Show Corrective Credit Memo" in commands
        await pilot.press("alt+shift+c")  # hidden: nothing happens
        await settle(pilot)
        assert app.screen is card

        # to the credit memo and its link back
        await pilot.press("alt+shift+s")
        await settle(pilot)
        memo_card = app.screen
        assert isinstance(memo_card, PostedDocumentScreen) and (memo_card.kind, memo_card.no) == (
            "credit_memo", memo_no)
        assert f"Cancels invoice {invoice_no}" in _text(memo_card, "#correction-link")
        assert "57.60" in _text(memo_card, "#totals")
        commands = _footer_and_palette(app, memo_card)
        assert {"Cancel Credit Memo", "Show Cancelled Invoice"} <= commands
        assert "Cancel Invoice" not in commands

        # cancelling the credit memo bills the customer again; the invoice is no longer cancelled
        await pilot.press("alt+shift+c")
        await settle(pilot)
        seen = len(_messages(app))
        await _confirm(pilot, app, f"cancelled invoice {invoice_no}", "new invoice")
        text = "\n".join(_messages(app)[seen:])
        assert f"Credit memo {memo_no} is cancelled by posted invoice" in text
        assert "Customer C balance: 57.60" in text
        assert shop.customers.balance("C") == D("57.60")
        assert not shop.posted.get("invoice", invoice_no).cancelled
        assert "Cancelled by invoice" in _text(memo_card, "#correction-link")
        assert "Cancel Credit Memo" not in _footer_and_palette(app, memo_card)

        await pilot.press("alt+shift+d")  # back to the invoice it cancelled
        await settle(pilot)
        assert isinstance(app.screen, PostedDocumentScreen) and app.screen.no == invoice_no
        assert "Cancelled" not in _text(app.screen, "#card-title")


async def test_correct_a_direct_invoice_opens_a_new_draft_invoice(shop, make_app):
    invoice_no = post_invoice(shop, ("A", "2"))  # 20.00 + 4.00 VAT
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _open_posted_from_the_desk(app, pilot, "p", invoice_no)
        await pilot.press("alt+e")
        await settle(pilot)
        seen = len(_messages(app))
        await _confirm(pilot, app, "cancels it", "new draft sales invoice")
        draft = app.screen
        assert isinstance(draft, DocumentScreen) and draft.kind == "invoice"
        assert draft.doc.no != invoice_no
        assert [(line.no, line.quantity) for line in draft.doc.lines] == [("A", D("2"))]
        posted = shop.posted.get("invoice", invoice_no)
        assert posted.cancelled and posted.cancelled_by
        text = "\n".join(_messages(app)[seen:])
        assert f"cancelled by posted credit memo {posted.cancelled_by}" in text
        assert f"New sales invoice {draft.doc.no}" in text and "balance: 0.00" in text
        assert shop.customers.balance("C") == D("0")
        assert "Cancelled" in _text(card, "#card-title")  # the card behind was brought up to date


async def test_correct_an_invoice_from_an_order_reopens_the_order(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("10"))
    order = shop.sales.get(DocKind.ORDER, order.no)
    shop.sales.update_line(order, order.lines[0].line_no, qty_to_ship=D("4"))
    result = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_posted_from_the_desk(app, pilot, "p", result.invoice_no)
        await pilot.press("alt+e")
        await settle(pilot)
        await _confirm(pilot, app, f"reopens sales order {order.no}")
        reopened = app.screen
        assert isinstance(reopened, DocumentScreen) and (reopened.kind, reopened.doc.no) == ("order", order.no)
        line = reopened.doc.lines[0]
        assert (line.quantity_shipped, line.quantity_invoiced) == (D("0"), D("0"))


async def test_create_corrective_credit_memo_opens_it(shop, make_app):
    invoice_no = post_invoice(shop, ("A", "3"))
    pay(shop, invoice_no, D("10"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_posted_from_the_desk(app, pilot, "p", invoice_no)
        await pilot.press("alt+shift+m")
        await settle(pilot)
        await _confirm(pilot, app, "Nothing is posted", "partly paid: 26.00 of 36.00 is still open")
        memo = app.screen
        assert isinstance(memo, DocumentScreen) and memo.kind == "credit_memo"
        assert memo.doc.applies_to_doc_no == invoice_no
        assert [(line.no, line.quantity) for line in memo.doc.lines] == [("A", D("3"))]
        assert shop.customers.balance("C") == D("26.00")  # nothing posted


async def test_a_refused_cancel_lists_every_problem_and_changes_nothing(shop, make_app):
    invoice_no = post_invoice(shop, ("A", "3"))  # 36.00
    pay(shop, invoice_no, D("10"))
    shop.customers.update("C", blocked="invoice")
    before = full_state(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _open_posted_from_the_desk(app, pilot, "p", invoice_no)
        await pilot.press("alt+shift+c")
        await settle(pilot)
        await _confirm(pilot, app)
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        assert f"Invoice {invoice_no} cannot be cancelled" in problems.title_text
        text = "\n".join(problems.problems)
        assert "paid or partly paid" in text and "blocked" in text
        assert len(problems.problems) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
        assert "Cancelled" not in _text(card, "#card-title")
        assert_unchanged(shop, before)

        # No on the question changes nothing either
        await pilot.press("alt+e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is card
        assert_unchanged(shop, before)


async def test_undo_shipment_line_then_the_rest(shop, make_app):
    result = post_order(shop, invoice=False)  # lines 3 x A and 2 x A shipped
    assert shop.items.inventory("A") == D("95")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _open_posted_from_the_desk(app, pilot, "h", result.shipment_no)
        assert {"Undo Shipment Line", "Undo All Lines"} <= _footer_and_palette(app, card)
        assert "Cancel Invoice" not in _footer_and_palette(app, card)
        await pilot.press("down")  # the second line: 2 x A
        await pilot.press("alt+u")
        await settle(pilot)
        seen = len(_messages(app))
        await _confirm(pilot, app, f"Undo line 20000 of shipment {result.shipment_no}", "2 PCS A",
                       "correction line", result.no)
        assert app.screen is card
        assert "undone" in "\n".join(_messages(app)[seen:])
        assert shop.items.inventory("A") == D("97")
        rows = [card.lines._row(i) for i in range(card.lines.row_count)]
        assert [(r[0], r[3], r[7]) for r in rows] == [("A", D("3"), ""), ("A", D("2"), "Undone"),
                                                       ("A", D("-2"), "Yes")]
        assert rows[2][5] is None and rows[2][6] is None  # a correction line is never invoiced
        painted = shown(card.lines)
        assert "-2" in painted and "Undone" in painted

        # a correction line cannot be undone: the reason, no question
        await pilot.press("end", "alt+u")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        assert "correction line" in app.screen.problems[0]
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("alt+shift+u")  # what is left: line 1
        await settle(pilot)
        await _confirm(pilot, app, "3 PCS A", "Undo line 10000 of shipment")
        assert shop.items.inventory("A") == D("100")
        assert card.lines.row_count == 4
        commands = _footer_and_palette(app, card)
        assert "Undo Shipment Line" not in commands and "Undo All Lines" not in commands
        order = shop.sales.get(DocKind.ORDER, result.no)
        assert [line.quantity_shipped for line in order.lines] == [D("0"), D("0")]


async def test_apply_a_posted_credit_memo_to_an_invoice_from_the_customer_ledger(desk, make_app):
    from decimal import Decimal as D

    from salesdesk.model import DocKind as Kind

    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.customers.create("Applied", no="AP", payment_terms="30D")
    desk.items.create("Lamp", no="LP", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD")
    desk.items.adjust("LP", D("10"))
    invoice = desk.sales.create(Kind.INVOICE, "AP")
    desk.sales.add_line(invoice, "LP", D("5"))
    invoice_no = desk.sales.post(invoice).invoice_no
    memo = desk.sales.create(Kind.CREDIT_MEMO, "AP")
    desk.sales.get_posted_lines_to_reverse(memo, "invoice", invoice_no)
    memo_no = desk.sales.post(memo).credit_memo_no
    entries = {e.document_no: e for e in desk.ledger.customer_entries("AP")}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_entries("customer", key="AP")
        await settle(pilot)
        # newest first: the credit memo's entry is on the first row
        assert app.screen.table.current_row is not None
        await pilot.press("alt+a")
        await settle(pilot)
        assert type(app.screen).__name__ == "ApplyEntriesScreen"
        await pilot.press("space", "enter")
        await settle(pilot, 6)
        after = {e.document_no: e for e in desk.ledger.customer_entries("AP")}
        assert (after[memo_no].remaining_amount, after[invoice_no].remaining_amount) == (D("0.00"), D("0.00"))
        assert not after[invoice_no].open
        await pilot.press("alt+shift+a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 6)
        again = {e.document_no: e for e in desk.ledger.customer_entries("AP")}
        assert again[invoice_no].remaining_amount == entries[invoice_no].amount
        assert again[memo_no].remaining_amount == entries[memo_no].amount
