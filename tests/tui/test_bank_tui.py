"""Payment Reconciliation by keystrokes: import a bank statement, read the proposals, match a
line by hand, set the bank fee aside, post; a statement imported twice, a bad file, refusals."""

from decimal import Decimal

import pytest

from salesdesk.screens.receivables.apply_entries_dialog import ApplyEntriesScreen
from salesdesk.screens.receivables.bank_match_dialog import BankMatchScreen
from salesdesk.screens.receivables.bank_reconciliation import BankReconciliationScreen, ImportStatementScreen
from salesdesk.screens.customers.customer_card import CustomerCardScreen
from salesdesk.screens.common.dialogs import ConfirmScreen, ProblemsScreen
from salesdesk.screens.common.lookup import LookupScreen
from tests.bank_support import DATA, bank_fixture, open_remaining  # noqa: F401 - fixture

from .conftest import settle, type_text

D = Decimal


async def press(pilot, *keys: str, rounds: int = 2) -> None:
    """Press the keys, then let the app settle."""
    await pilot.press(*keys)
    await settle(pilot, rounds)


def shown(table) -> str:
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def entry_rows(picker: ApplyEntriesScreen) -> list[str]:
    """Apply Entries' rows as shown, without the entry no. and with blanks squeezed."""
    selection = picker.query_one("#apply-entries")
    return [" ".join(str(selection.get_option_at_index(i).prompt).split()[1:])
            for i in range(selection.option_count)]


async def open_reconciliation(app, pilot) -> BankReconciliationScreen:
    await settle(pilot, 2)
    app.push_screen(BankReconciliationScreen())
    await settle(pilot, 2)
    assert isinstance(app.screen, BankReconciliationScreen)
    return app.screen


@pytest.fixture(autouse=True)
def home_is_the_data_folder(monkeypatch):
    """Paths are typed as ~/file: fewer keystrokes, and ~ is expanded as a clerk expects."""
    monkeypatch.setenv("HOME", str(DATA))


async def import_file(pilot, name: str) -> None:
    await press(pilot, "alt+i")
    assert isinstance(pilot.app.screen, ImportStatementScreen)
    await pilot.press("ctrl+u")  # the dialog offers the last folder used
    await type_text(pilot, f"~/{name}")
    await press(pilot, "enter", rounds=3)


async def test_import_match_by_hand_ignore_the_fee_and_post(bank, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reconciliation(app, pilot)
        assert "No statement line" in shown(screen.table)

        await import_file(pilot, "camt053_sample.xml")
        assert app.screen is screen
        assert "7 lines imported, 0 already imported, 5 matched" in notes(app)
        rows = shown(screen.table)
        assert "Durand SARL" in rows and "Inconnu SA" in rows and "Frais bancaires" in rows
        assert rows.count("100 %") == 4 and "90 %" in rows  # by document no. and amount; by amount and name
        assert rows.count("✓") == 5
        assert "7 lines · 5 accepted, 343.80 to post" in text_of(screen, "#count")
        assert "Line 1 · Facture PSI-00001 · Document no. and amount" in text_of(screen, "#bank-detail")

        # The 45.50 nobody recognises: matched by hand to Petit Commerce, on account.
        await type_text(pilot, "Inc")
        await settle(pilot, 2)
        assert screen.table.row_count == 1
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, BankMatchScreen)
        assert "45.50 · Inconnu SA" in text_of(dialog, "#match-line")
        assert "No open entry matches" in text_of(dialog, "#match-line")
        await type_text(pilot, "zz")
        await press(pilot, "enter")
        assert app.screen is dialog  # refused: the dialog stays with what was typed
        assert "Customer ZZ does not exist." in text_of(dialog, "#match-customer-error")
        assert dialog.query_one("#match-customer").value == "zz"
        await press(pilot, "ctrl+u", "f4")
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "Pet")
        await settle(pilot, 2)
        await press(pilot, "enter")
        assert app.screen is dialog and dialog.query_one("#match-customer").value == "PET"
        assert dialog.focused is dialog.query_one("#match-apply")
        await press(pilot, "f4")  # Apply Entries on PET's open entries, with what is marked
        picker = app.screen
        assert isinstance(picker, ApplyEntriesScreen)
        assert "Open entries of PET · statement line 3 · amount 45.50" in text_of(picker, ".title")
        assert "Amount to apply 45.50 · Marked 0.00 · Left 45.50" in text_of(picker, "#apply-total")
        assert entry_rows(picker) == ["PSI-00004 Invoice 2026-12-24 50.00 also on line 6"]
        await press(pilot, "space")
        total = text_of(picker, "#apply-total")
        assert "Marked 50.00 · Left -4.50" in total and "PSI-00004, will be partly paid" in total
        await press(pilot, "ctrl+a")  # all were marked: Ctrl+A unmarks them
        assert "Marked 0.00 · Left 45.50" in text_of(picker, "#apply-total")
        await press(pilot, "escape")  # line 6 pays PSI-00004 already: leave the 45.50 on account
        assert app.screen is dialog and dialog.query_one("#match-apply").value == ""
        await press(pilot, "enter")
        assert app.screen is screen
        line = next(x for x in bank.payments.bank.lines() if x.amount == D("45.50"))
        assert (line.customer_no, line.apply_to, line.accepted) == ("PET", "", True)
        await press(pilot, "escape")  # clears the filter
        assert "7 lines · 6 accepted, 389.30 to post" in text_of(screen, "#count")
        assert "Matched by hand" in shown(screen.table)

        # Space accepts and un-accepts the current line (while the filter is empty).
        await press(pilot, "space")
        assert "6 lines" not in text_of(screen, "#count")
        assert "5 accepted, 269.30 to post" in text_of(screen, "#count")
        await press(pilot, "alt+a")
        assert "6 accepted, 389.30 to post" in text_of(screen, "#count")

        # The bank fee is set aside.
        await type_text(pilot, "Frais b")  # Space types in a filter
        await settle(pilot, 2)
        assert screen.query_one("#filter").value == "Frais b" and screen.table.row_count == 1
        await press(pilot, "alt+x")
        assert any("Ignored: -12.00 Frais bancaires" in n for n in notes(app))
        await press(pilot, "escape")
        assert screen.table.row_count == 6 and "-12.00" not in shown(screen.table)

        await press(pilot, "f9")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "Post the accepted statement lines (6, 389.30 in all)" in text_of(confirm, "#question")
        await press(pilot, "y", rounds=6)
        assert app.screen is screen
        assert "Payments posted (6): PAY-00001 PAY-00002 PAY-00003 PAY-00004 PAY-00005 PAY-00006" in notes(app)
        assert "No statement line" in shown(screen.table)

    for customer_no in ("DUR", "MAR", "BOU"):
        assert open_remaining(bank, customer_no) == {}, customer_no
    assert open_remaining(bank, "PET") == {"PAY-00003": D("-45.50")}  # PSI-00004 paid, 45.50 on account
    for no in ("PSI-00001", "PSI-00002", "PSI-00003", "PSI-00004", "PSI-00005", "PSI-00006"):
        (entry,) = [e for e in bank.ledger.customer_entries(bank.posted.invoice(no).customer_no)
                    if e.document_no == no]
        assert not entry.open and entry.remaining_amount == 0, no
    assert bank.payments.bank.lines() == []
    assert [x.amount for x in bank.payments.bank.lines(status="ignored")] == [D("-12.00")]


async def test_the_same_file_twice_and_a_bad_file(bank, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reconciliation(app, pilot)
        await import_file(pilot, "camt053_sample.xml")
        await import_file(pilot, "camt053_sample.xml")
        assert "0 lines imported, 7 already imported, 0 matched" in notes(app)
        assert screen.table.row_count == 7

        await import_file(pilot, "bad_amount.csv")
        dialog = app.screen
        assert isinstance(dialog, ImportStatementScreen)  # stays open, the path kept
        assert "Line 3" in text_of(dialog, "#import-error")
        assert dialog.query_one("#import-path").value == "~/bad_amount.csv"
        await press(pilot, "escape")
        assert app.screen is screen and screen.table.row_count == 7
        # at 80 columns the narrow layout still shows amount, customer and confidence
        rows = shown(screen.table)
        assert "120.00" in rows and "DUR" in rows and "100 %" in rows and "90 %" in rows
    assert len(bank.payments.bank.lines()) == 7


async def test_documents_typed_by_hand_ignored_lines_and_posting_problems(bank, make_app):
    bank.payments.bank.import_file(DATA / "camt053_sample.xml")  # imported by keys in the tests above
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reconciliation(app, pilot)
        assert screen.table.row_count == 7

        # Applies-to typed by hand: another customer's invoice is refused under the field.
        await type_text(pilot, "Inc")
        await settle(pilot, 2)
        await press(pilot, "alt+m")
        dialog = app.screen
        assert isinstance(dialog, BankMatchScreen)
        await type_text(pilot, "pet")
        await pilot.press("tab")
        await type_text(pilot, "psi-00001")
        await press(pilot, "ctrl+s")
        assert app.screen is dialog
        assert "not a posted document of customer PET" in text_of(dialog, "#match-apply-error")
        assert dialog.query_one("#match-apply").value == "psi-00001"
        # F4 ticks what Applies-to names; Enter writes the marked documents back.
        await pilot.press("ctrl+u")
        await type_text(pilot, "psi-00004")
        await press(pilot, "f4")
        picker = app.screen
        assert isinstance(picker, ApplyEntriesScreen)
        assert "Marked 50.00 · Left -4.50" in text_of(picker, "#apply-total")
        await press(pilot, "enter")
        assert app.screen is dialog and dialog.query_one("#match-apply").value == "PSI-00004"
        assert dialog.focused is dialog.query_one("#match-apply")
        await pilot.press("ctrl+u")
        await type_text(pilot, "oldest")
        await press(pilot, "enter")
        assert app.screen is screen
        line = next(x for x in bank.payments.bank.lines() if x.amount == D("45.50"))
        assert (line.customer_no, line.apply_to, line.accepted) == ("PET", "oldest", True)
        await press(pilot, "escape")

        # Ignored lines: shown apart, taken back.
        await type_text(pilot, "Fra")
        await settle(pilot, 2)
        await press(pilot, "alt+x", "escape")
        await press(pilot, "alt+shift+x")
        assert screen.status == "ignored" and "ignored lines" in text_of(screen, "#bank-title")
        assert screen.table.row_count == 1 and "Frais bancaires" in shown(screen.table)
        assert screen.check_action("post", ()) is False
        await press(pilot, "alt+x")  # takes it back
        assert screen.table.row_count == 0
        await press(pilot, "escape")  # leaves the ignored lines first
        assert screen.status == "open" and screen.table.row_count == 7 and app.screen is screen
        await press(pilot, "alt+r")
        assert "Matched again: 0 more accepted." in notes(app)

        # Ctrl+O: the customer of the current line.
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.key == "DUR"
        await press(pilot, "escape")
        assert app.screen is screen

        # A blocked customer: every problem listed, nothing posted.
        bank.customers.update("MAR", blocked="all")
        await press(pilot, "f9")
        await press(pilot, "y", rounds=6)
        problems = app.screen
        assert isinstance(problems, ProblemsScreen)
        listed = text_of(problems, "#problems")
        assert "Statement line 2" in listed and "blocked" in listed
        await press(pilot, "escape")
        assert app.screen is screen and screen.table.row_count == 7
    assert [e for e in bank.ledger.customer_entries("DUR") if e.document_type == "payment"] == []
    assert len(bank.payments.bank.lines()) == 7
