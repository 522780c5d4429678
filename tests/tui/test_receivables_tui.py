"""A clerk chases what customers owe, keyboard only: the aged balance, open entries with
days overdue, a customer statement, balance due on the card and in the customer list."""

import datetime as dt
from decimal import Decimal

from salesdesk.screens.receivables.aged_balance import AgedBalanceScreen, AsOfDateDialog
from salesdesk.screens.customers.customer_card import CustomerCardScreen
from salesdesk.screens.customers.customer_list import CustomerListScreen
from salesdesk.screens.history.entries_list import EntriesListScreen
from salesdesk.screens.customers.statement_dialog import StatementDialog
from salesdesk.screens.common.text_report import TextReportScreen
from salesdesk.widgets.paged_table import PagedTable
from tests.model.corrections_support import post_invoice

from .conftest import settle, type_text


def shown(table: PagedTable) -> list[str]:
    """The table's lines as painted (header first), without trailing blanks."""
    lines = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
    return [line for line in lines if line]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def row_of(lines: list[str], no: str) -> list[str]:
    """The cells of customer ``no``'s row, split on blanks (names here are one word)."""
    return next(line.split() for line in lines if line.split()[:1] == [no])


def amounts(lines: list[str], no: str) -> dict[str, str]:
    """Customer ``no``'s amount cells by the header label above them (right-aligned: a cell ends
    where its label ends); a blank cell is ""."""
    header, row = lines[0], next(line for line in lines if line.split()[:1] == [no])
    out = {}
    for label in ("Balance", "Current", "1-30", "31-60", "61-90", "Over 90"):
        end = header.index(label) + len(label)
        cell = row[:end].rsplit(" ", 1)[-1] if len(row) >= end else ""
        out[label] = cell
    return out


async def retype(pilot, field, text: str, *keys: str) -> None:
    """Clear ``field``, type ``text``, press the keys (Enter unless told), let the app settle."""
    field.value = ""
    await type_text(pilot, text)
    await pilot.press(*(keys or ("enter",)))
    await settle(pilot)


def invoice(shop, customer: str, quantity: str, on: str) -> str:
    """A posted invoice dated ``on`` (due 30 days later, terms 30D): quantity x 12.00 incl. VAT."""
    date = dt.date.fromisoformat(on)
    return post_invoice(shop, ("A", quantity), customer=customer, posting_date=date, document_date=date)


def aged_company(shop) -> None:
    """On 2026-11-24: C owes 12.00 current + 24.00 15 days late; D 36.00 85 days late;
    E 60.00 146 days late; F 48.00 not yet due."""
    for no in ("D", "E", "F"):
        shop.customers.create(no, no=no, vat_bus_group="DOMESTIC", payment_terms="30D")
    invoice(shop, "C", "1", "2026-11-10")  # due 12-10
    invoice(shop, "C", "2", "2026-10-10")  # due 11-09
    invoice(shop, "D", "3", "2026-08-01")  # due 08-31
    invoice(shop, "E", "5", "2026-06-01")  # due 07-01
    invoice(shop, "F", "4", "2026-11-20")  # due 12-20


async def test_aged_balance_buckets_totals_overdue_only_as_of_and_open_entries(shop, make_app):
    aged_company(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        aged = AgedBalanceScreen()
        app.push_screen(aged)
        await settle(pilot)
        assert "aged as of 2026-11-24" in text_of(aged, ".title")
        lines = shown(aged.table)
        assert lines[0].split() == ["Customer", "No.", "Name", "Balance", "Current", "1-30", "31-60", "61-90",
                                    "Over", "90"]
        # an empty bucket is blank, so that what is overdue stands out
        assert amounts(lines, "C") == {"Balance": "36.00", "Current": "12.00", "1-30": "24.00", "31-60": "",
                                       "61-90": "", "Over 90": ""}
        assert amounts(lines, "D") == {"Balance": "36.00", "Current": "", "1-30": "", "31-60": "",
                                       "61-90": "36.00", "Over 90": ""}
        assert amounts(lines, "E")["Over 90"] == "60.00" and amounts(lines, "F")["Current"] == "48.00"
        assert text_of(aged, "#totals").split() == ["Total", "180.00", "60.00", "24.00", "0.00", "36.00", "60.00"]
        assert "4 customers" in text_of(aged, "#count")

        await pilot.press("alt+o")  # only customers with something overdue
        await settle(pilot)
        assert "overdue only" in text_of(aged, ".title")
        assert [ln.split()[0] for ln in shown(aged.table)[1:]] == ["C", "D", "E"]
        assert "3 customers" in text_of(aged, "#count")

        await pilot.press("alt+d")  # a bad date is shown in the dialog, nothing changes
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AsOfDateDialog)
        as_of = dialog.query_one("#as-of-date")
        await retype(pilot, as_of, "31/02")
        assert app.screen is dialog
        assert "'31/02' is not a valid date" in text_of(dialog, "#as-of-error")
        assert as_of.value == "31/02"
        await retype(pilot, as_of, "15/12/2026")
        assert app.screen is aged
        assert "aged as of 2026-12-15" in text_of(aged, ".title")
        lines = shown(aged.table)
        # on 12-15: C's 12.00 is 5 days late, its 24.00 36 days; D's 36.00 over 90; F (due 12-20) current
        assert amounts(lines, "C") == {"Balance": "36.00", "Current": "", "1-30": "12.00", "31-60": "24.00",
                                       "61-90": "", "Over 90": ""}
        assert amounts(lines, "D")["Over 90"] == "36.00"
        assert text_of(aged, "#totals").split() == ["Total", "180.00", "48.00", "12.00", "24.00", "0.00", "96.00"]
        assert [ln.split()[0] for ln in lines[1:]] == ["C", "D", "E"]  # still overdue only

        await pilot.press("alt+o")
        await settle(pilot)
        assert "overdue only" not in text_of(aged, ".title")
        assert [ln.split()[0] for ln in shown(aged.table)[1:]] == ["C", "D", "E", "F"]

        # Enter: C's open entries, with the days overdue on the work date
        await pilot.press("enter")
        await settle(pilot)
        entries = app.screen
        assert isinstance(entries, EntriesListScreen)
        assert (entries.ledger, entries.key, entries.open_only) == ("customer", "C", True)
        lines = shown(entries.table)
        assert "Days Overdue" in lines[0]
        late = next(ln for ln in lines if "24.00" in ln)
        assert late.split()[-3:] == ["15", "Yes", late.split()[-1]]  # 15 days overdue, open
        current = next(ln for ln in lines if "12.00" in ln)
        assert current.split()[-2] == "Yes" and current.split()[-3] == "2026-12-10"  # blank: not due yet
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is aged

        await pilot.press("ctrl+o")  # the customer card, on this stack
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.key == "C"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is aged
        await pilot.press("alt+s")
        await settle(pilot)
        assert isinstance(app.screen, StatementDialog) and app.screen.customer_no == "C"


async def test_customer_entries_open_only_toggle_and_days_overdue(shop, make_app):
    first = invoice(shop, "C", "2", "2026-10-10")  # 24.00, due 11-09: 15 days late
    shop.payments.register("C", Decimal("24.00"), posting_date=dt.date(2026, 11, 20), apply_to=[first])
    invoice(shop, "C", "1", "2026-09-10")  # 12.00, due 10-10: 45 days late
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_entries("customer", key="C")
        await settle(pilot)
        entries = app.screen
        assert entries.open_only is False and entries.table.row_count == 3  # two invoices and the payment
        lines = shown(entries.table)
        paid = next(ln for ln in lines if first in ln)
        assert paid.split()[-2] == "No" and "15" not in paid.split()  # closed: no days overdue
        assert next(ln for ln in lines if "12.00" in ln).split()[-3] == "45"
        assert any("Payment" in ln for ln in lines)

        await pilot.press("alt+o")
        await settle(pilot)
        assert entries.open_only is True and entries.table.row_count == 1
        assert "open entries only" in text_of(entries, ".title")
        await pilot.press("alt+o")
        await settle(pilot)
        assert entries.table.row_count == 3
        assert "open entries only" not in text_of(entries, ".title")


async def test_statement_dialog_checks_dates_and_shows_the_running_balance(shop, make_app):
    invoice(shop, "C", "2", "2026-07-15")  # 24.00: before the period, brought forward
    invoice(shop, "C", "1", "2026-09-10")  # 12.00
    shop.payments.register("C", Decimal("20.00"), posting_date=dt.date(2026, 10, 5))
    invoice(shop, "C", "5", "2026-11-02")  # 60.00
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(StatementDialog("C"))
        await settle(pilot)
        dialog = app.screen
        start, end = dialog.query_one("#statement-from"), dialog.query_one("#statement-to")
        assert (start.value, end.value) == ("2026-08-01", "2026-11-24")  # 1st of the month 3 months ago

        await retype(pilot, start, "2026-13-01", "enter", "enter")  # Enter moves to Ending Date, Enter again runs
        assert app.screen is dialog
        assert "'2026-13-01' is not a valid date" in text_of(dialog, "#statement-error")
        assert start.value == "2026-13-01" and app.focused is start  # what was typed stays

        await retype(pilot, start, "1/12/2026", "ctrl+s")
        assert app.screen is dialog
        assert "Starting Date (2026-12-01) is after the Ending Date (2026-11-24)" in text_of(
            dialog, "#statement-error")

        await retype(pilot, start, "1/8/2026", "enter", "enter")
        report = app.screen
        assert isinstance(report, TextReportScreen)
        assert report.file_name == "statement-C-2026-08-01-2026-11-24.txt"
        text = report.text
        assert text == text_of(report, "#report-text")
        assert "STATEMENT 2026-08-01 to 2026-11-24" in text
        lines = text.splitlines()
        assert next(ln for ln in lines if "Balance brought forward" in ln).split()[-1] == "24.00"
        period = [ln.split() for ln in lines if ln[:4] == "2026"]
        assert [(ln[0], ln[-2], ln[-1]) for ln in period] == [("2026-09-10", "12.00", "36.00"),
                                                             ("2026-10-05", "-20.00", "16.00"),
                                                             ("2026-11-02", "60.00", "76.00")]
        assert next(ln for ln in lines if "Balance on 2026-11-24" in ln).split()[-1] == "76.00"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (TextReportScreen, StatementDialog))


async def test_balance_due_on_the_customer_card_and_in_the_customer_list(shop, make_app):
    aged_company(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CustomerListScreen)
        lines = shown(listing.table)
        assert lines[0].rstrip().endswith("Balance (LCY)    Balance Due")
        assert row_of(lines, "C")[-2:] == ["36.00", "24.00"]
        assert row_of(lines, "F")[-2:] == ["48.00", "0.00"]

        await pilot.resize_terminal(80, 24)  # the amounts stay in view at 80 columns
        await settle(pilot)
        lines = shown(listing.table)
        assert lines[0].rstrip().endswith("Balance (LCY)    Balance Due")
        assert all(len(ln) <= 80 for ln in lines)
        assert row_of(lines, "E")[-2:] == ["60.00", "60.00"]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)

        await type_text(pilot, "D")
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, CustomerCardScreen) and card.key == "D"
        stats = text_of(card, "#stats").splitlines()
        assert stats[0].split()[-1] == "36.00" and stats[1].startswith("Balance Due (LCY)")
        assert stats[1].split()[-1] == "36.00"

        await pilot.press("alt+s")
        await settle(pilot)
        assert isinstance(app.screen, StatementDialog) and app.screen.customer_no == "D"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card
