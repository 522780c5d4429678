"""A clerk enters payments received in the Cash Receipt Journal with the keyboard: a new line,
the customer and the amount, Apply Entries with its running total, F9 to post; refusals are
listed at once with nothing posted, and a bad cell value is shown without losing the line."""

from decimal import Decimal as D

from salesdesk.screens.receivables.apply_entries_dialog import ApplyEntriesScreen
from salesdesk.screens.common.dialogs import ConfirmScreen, ProblemsScreen
from salesdesk.screens.common.lookup import LookupScreen
from salesdesk.screens.receivables.payment_journal import PaymentJournalScreen
from tests.model.corrections_support import post_invoice

from .conftest import settle, type_text

TO_AMOUNT = ["right"] * 5  # from Customer No. to Amount


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _grid_lines(screen) -> list[str]:
    """The grid as painted: header and every row."""
    grid = screen.grid
    return [grid.render_line(y).text for y in range(grid.row_count + 1)]


def _messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def _open_journal(app, pilot) -> PaymentJournalScreen:
    await settle(pilot)
    app.push_screen(PaymentJournalScreen())
    await settle(pilot)
    assert isinstance(app.screen, PaymentJournalScreen)
    return app.screen


async def test_a_payment_is_typed_applied_to_two_invoices_and_posted(shop, make_app):
    first = post_invoice(shop, ("A", "10"))  # 120.00 incl. VAT
    second = post_invoice(shop, ("A", "10"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        journal = await _open_journal(app, pilot)
        assert "Ctrl+N adds a payment line" in _text(journal, "#journal-hint")

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert journal.grid.current_field == "customer_no"
        await type_text(pilot, "C")
        await pilot.press("enter")
        await settle(pilot)
        assert journal.grid.current_field == "amount"
        await type_text(pilot, "200")
        await pilot.press("enter")
        await settle(pilot)
        assert journal.grid.current_field == "apply_to"
        row = _grid_lines(journal)[1]
        assert "2026-11-24" in row and "Payment from C" in row and "200.00" in row
        assert "1 line · Total Amount 200.00" in _text(journal, "#totals")
        assert not journal.query_one("#journal-hint").display

        await pilot.press("alt+a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ApplyEntriesScreen)
        assert "Amount to apply 200.00 · Marked 0.00 · Left 200.00" in _text(picker, "#apply-total")
        await pilot.press("space")
        await settle(pilot)
        assert "Amount to apply 200.00 · Marked 120.00 · Left 80.00" in _text(picker, "#apply-total")
        await pilot.press("down", "space")
        await settle(pilot)
        total = _text(picker, "#apply-total")
        assert "Marked 240.00 · Left -40.00" in total
        assert f"the last marked entry, {second}, will be partly paid" in total
        assert picker.query_one("#apply-total").has_class("-over")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is journal
        assert shop.payments.journal()[0].apply_to == f"{first} {second}"
        assert first in _grid_lines(journal)[1]

        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Post the journal line, total 200.00?" in _text(app.screen, "#question")
        await pilot.press("y")
        await settle(pilot, rounds=6)
        assert app.screen is journal
        shown = _messages(app)
        assert "Posted PAY-00001." in shown and "C C: new balance 40.00" in shown

    entries = {(e.document_type, e.document_no): e for e in shop.ledger.customer_entries("C")}
    payment = entries["payment", "PAY-00001"]
    assert payment.amount == D("-200.00") and payment.remaining_amount == D("0.00")
    assert not entries["invoice", first].open
    assert entries["invoice", second].remaining_amount == D("40.00")
    assert shop.payments.journal() == []


async def test_refused_lines_are_listed_together_and_nothing_is_posted(shop, make_app):
    shop.customers.create("Dormant", no="D")
    shop.payments.add_line(customer_no="D", amount=D(50))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        journal = await _open_journal(app, pilot)
        # a second line for C, with no amount
        await pilot.press("insert")
        await settle(pilot)
        await type_text(pilot, "C")
        await pilot.press("enter")
        await settle(pilot)
        assert "2 lines · Total Amount 50.00" in _text(journal, "#totals")
        # D gets blocked from another terminal meanwhile
        shop.customers.update("D", blocked="all")
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ProblemsScreen)
        problems = _text(app.screen, "#problems")
        assert "Line 1: Customer D Dormant is blocked" in problems
        assert "Line 2: Amount must not be 0." in problems
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is journal
        assert journal.grid.row_count == 3  # both lines kept, and the empty line

    assert [e for e in shop.ledger.customer_entries("D")] == []
    assert [e for e in shop.ledger.customer_entries("C")] == []
    assert len(shop.payments.journal()) == 2


async def test_an_invalid_amount_is_shown_and_the_line_keeps_its_value(shop, make_app):
    shop.payments.add_line(customer_no="C", amount=D(50))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        journal = await _open_journal(app, pilot)
        await pilot.press(*TO_AMOUNT)
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await settle(pilot)
        assert "'abc' is not a number" in _text(journal, "#editor-error")
        assert journal.query_one("#cell-editor").value == "abc"  # what was typed stays for correction
        assert shop.payments.journal()[0].amount == D("50.00")
        assert "50.00" in _grid_lines(journal)[1]

        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "60")
        await pilot.press("enter")
        await settle(pilot)
        assert shop.payments.journal()[0].amount == D("60.00")
        assert "1 line · Total Amount 60.00" in _text(journal, "#totals")

        # F4 on the customer cell picks from the customer list; Alt+O applies to the oldest
        await pilot.press("home", "right", "f4")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is journal
        await pilot.press("alt+o")
        await settle(pilot)
        assert shop.payments.journal()[0].apply_to == "oldest"

        await pilot.press("ctrl+delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert shop.payments.journal() == []
        assert journal.query_one("#journal-hint").display
