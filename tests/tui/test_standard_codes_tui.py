"""Recurring sales lines with the keyboard: a code made with its lines, assigned on the customer
card, got onto a document, offered when a document is made, invoiced by the batch."""

import datetime as dt
from decimal import Decimal as D

import pytest

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ChoiceScreen
from salesdesk.screens.common.rows_screen import RowDialog
from salesdesk.screens.sales.document_card import DocumentScreen
from salesdesk.screens.sales.recurring_invoices_dialog import RecurringInvoicesScreen
from salesdesk.screens.sales.standard_codes import StandardCodeCardScreen, StandardLinesScreen

from .conftest import open_card, settle, type_text


@pytest.fixture
def monthly(shop):
    shop.sales.standard_codes.create("MONTHLY", "Monthly supply")
    shop.sales.standard_codes.add_line("MONTHLY", "A", 2)
    shop.sales.standard_codes.add_line("MONTHLY", "706000", 1, type="gl_account", amount=D("45"),
                                       description="Maintenance", vat_prod_group="STD")
    return shop


async def _fill(pilot, dialog, values: dict) -> None:
    """Type into a dialog's fields: text fields by keys, choices set as the Select would."""
    for name, value in values.items():
        row = dialog.form.row(name)
        row.editor.focus()
        await settle(pilot, rounds=1)
        if name in ("type",) or name.startswith("insert_on_"):
            row.editor.value = value
        else:
            row.editor.value = ""
            await type_text(pilot, value)
    await settle(pilot)


async def test_a_code_and_its_lines_made_by_keys(shop, make_app):
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("k")  # the desk's key to the standard sales codes
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, StandardCodeCardScreen)
        await type_text(pilot, "weekly")
        await pilot.press("tab")
        await type_text(pilot, "Weekly visit")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert card.key == "WEEKLY"
        await pilot.press("alt+l")
        await settle(pilot)
        assert isinstance(app.screen, StandardLinesScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RowDialog)
        await _fill(pilot, dialog, {"no": "NOPE", "quantity": "3"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # refused: what was typed stays, the message is by its field
        assert dialog.form.row("no").get_value() == "NOPE"
        assert "does not exist" in str(dialog.form.row("no").query_one(".field-error").render())
        await _fill(pilot, dialog, {"no": "A"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await _fill(pilot, app.screen, {"type": "gl_account", "no": "706000", "amount": "45", "vat_prod_group": ""})
        app.screen.form.row("vat_prod_group").editor.focus()
        await pilot.press("f4")  # the VAT group looked up
        await settle(pilot)
        await type_text(pilot, "STD")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StandardLinesScreen) and app.screen.table.row_count == 2
        await pilot.press("escape")
        await settle(pilot)
        assert "706000" in str(card.query_one("#code-lines").render())
    code = shop.sales.standard_codes.get("WEEKLY")
    assert [(l.type, l.no, l.quantity, l.amount, l.vat_prod_group) for l in code.lines] == [
        ("item", "A", D("3"), D("0"), ""), ("gl_account", "706000", D("1"), D("45.00"), "STD")]


async def test_recurring_sales_lines_assigned_on_the_customer_card(monthly, make_app):
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C")
        await settle(pilot)
        await pilot.press("alt+r")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RowDialog)
        dialog.form.row("code").editor.focus()
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")  # the only code, MONTHLY
        await settle(pilot)
        await _fill(pilot, dialog, {"insert_on_orders": "automatic", "valid_from": "2026-12-01",
                                    "valid_to": "2026-11-01"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and "before Valid From" in str(
            dialog.form.row("valid_to").query_one(".field-error").render())
        await _fill(pilot, dialog, {"valid_to": "2027-12-31"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.table.row_count == 1
    (assignment,) = monthly.customers.standard_codes("C")
    assert (assignment.code, assignment.insert_on_orders, assignment.valid_to) == (
        "MONTHLY", "automatic", dt.date(2027, 12, 31))


async def test_get_recurring_sales_lines_on_an_invoice(monthly, make_app):
    monthly.customers.add_standard_code("C", "MONTHLY")
    invoice = monthly.sales.create(DocKind.INVOICE, "C")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        card = await open_card(pilot, "invoice", invoice.no)
        await pilot.press("alt+g")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert app.screen is card
        assert "78.00" in str(card.query_one("#totals").render())
    assert [l.no for l in monthly.sales.get(DocKind.INVOICE, invoice.no).lines] == ["A", "706000"]


async def _new_invoice_for_c(pilot, app) -> DocumentScreen:
    await settle(pilot)
    app.open_document("invoice", None)
    await settle(pilot)
    await type_text(pilot, "C")
    await pilot.press("tab")
    await settle(pilot, rounds=6)
    return app.screen


@pytest.mark.parametrize("answer, lines", [("enter", ["A", "706000"]), ("escape", [])])
async def test_a_new_invoice_asks_which_recurring_lines(monthly, make_app, answer, lines):
    monthly.customers.add_standard_code("C", "MONTHLY", insert_on_invoices="always_ask")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await _new_invoice_for_c(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        assert "MONTHLY" in str(app.screen.options)
        await pilot.press(answer)
        await settle(pilot, rounds=6)
        card = app.screen
        assert isinstance(card, DocumentScreen)
        assert [l.no for l in card.doc.lines] == lines
    assert [l.no for l in monthly.sales.get(DocKind.INVOICE, card.doc.no).lines] == lines


async def test_two_automatic_codes_insert_nothing_and_ask_which(monthly, make_app):
    monthly.sales.standard_codes.create("WEEKLY", "Weekly")
    monthly.sales.standard_codes.add_line("WEEKLY", "A", 1)
    for code in ("MONTHLY", "WEEKLY"):
        monthly.customers.add_standard_code("C", code, insert_on_invoices="automatic")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await _new_invoice_for_c(pilot, app)
        assert isinstance(app.screen, ChoiceScreen)
        assert [code for code, _label in app.screen.options] == ["MONTHLY", "WEEKLY"]
        await pilot.press("2")  # the second: WEEKLY
        await settle(pilot, rounds=6)
        assert [(l.no, l.quantity) for l in app.screen.doc.lines] == [("A", D("1"))]


async def test_a_bad_automatic_code_is_reported_and_the_document_made(monthly, make_app):
    monthly.customers.add_standard_code("C", "MONTHLY", insert_on_invoices="automatic")
    monthly.items.update("A", blocked=True)
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        card = await _new_invoice_for_c(pilot, app)
        assert isinstance(card, DocumentScreen) and card.doc is not None and card.doc.lines == ()
        assert any("MONTHLY" in str(n.message) for n in app._notifications)


async def test_create_recurring_invoices_from_the_invoice_list(monthly, make_app):
    monthly.customers.add_standard_code("C", "MONTHLY")
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("alt+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RecurringInvoicesScreen)
        await _fill(pilot, dialog, {"order_date": "", "posting_date": "2026-12-01"})
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=6)
        assert "You must enter both a posting date and an order date." in str(
            dialog.query_one("#recurring-result").render())
        await _fill(pilot, dialog, {"order_date": "2026-12-01"})
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert "1 invoice was created." in str(dialog.query_one("#recurring-result").render())
        await pilot.press("escape")
        await settle(pilot)
    (row,) = monthly.sales.page("invoice")
    invoice = monthly.sales.get(DocKind.INVOICE, row[0])
    assert (invoice.customer_no, invoice.document_date, invoice.amount_incl_vat) == (
        "C", dt.date(2026, 12, 1), D("78.00"))


async def test_the_palette_offers_the_batch_and_the_codes(shop, make_app):
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        labels = [c.title for c in app.get_system_commands(app.screen)]
        assert "Create recurring sales invoices" in labels
        assert any("standard sales codes" in label for label in labels)
