"""A clerk enters a purchase order by keys, receives and invoices it through F9's question
(Receive / Invoice / Receive and Invoice), sees a refusal listed, undoes a receipt; the
purchase areas are on the desk and in the palette."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.model import PurchaseKind
from salesdesk.screens.common.dialogs import ProblemsScreen
from salesdesk.screens.purchases.posted_purchases import PostedPurchaseScreen
from salesdesk.screens.purchases.purchase_card import PurchaseDocumentScreen
from salesdesk.screens.purchases.purchase_list import PurchaseListScreen
from salesdesk.screens.sales.post_dialogs import PostOptionsScreen
from salesdesk.screens.sales.posting_preview import PostingPreviewScreen

from .conftest import settle, type_text

D = Decimal


@pytest.fixture
def supply(desk):
    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.vendors.create("Vendor One", no="V1", payment_terms="30D")
    desk.items.create("Item A", no="A", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD")
    desk.items.adjust("A", D("10"))
    return desk


def _messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def _cell(card, row_key: str, field: str) -> str:
    column = next(c for c in card.grid.grid_columns if c.field == field)
    return column.format(getattr(card.grid.lines[row_key], field))


async def test_a_purchase_order_typed_by_keys_is_received_then_invoiced(supply, make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y")  # the desk's key to purchase orders
        await settle(pilot)
        assert isinstance(app.screen, PurchaseListScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, PurchaseDocumentScreen)
        await type_text(pilot, "V1")
        await pilot.press("tab")
        await settle(pilot, rounds=6)
        assert card.doc is not None and card.doc.vendor_no == "V1"
        # typed fast: item, quantity, then Direct Unit Cost, each saved in order
        await pilot.press("a", "enter", "1", "0", "enter")
        await settle(pilot, rounds=6)
        await pilot.press("ctrl+home", "home", *["right"] * 6, "8", "enter")
        await settle(pilot, rounds=6)
        doc = supply.purchases.get(PurchaseKind.ORDER, card.doc.no)
        (line,) = doc.lines
        assert (line.no, line.quantity, line.direct_unit_cost, line.qty_to_receive) == ("A", D("10"), D("8"), D("10"))
        assert doc.amount_incl_vat == D("96.00")
        assert _cell(card, "10000", "line_amount") == "80.00"

        # F9 without a Vendor Invoice No.: Receive and Invoice is refused, every problem listed
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, PostOptionsScreen)
        options = app.screen.query_one("#post-choices")
        assert [str(options.get_option_at_index(i).prompt) for i in range(3)] == [
            "Receive  (R)", "Invoice  (I)", "Receive and Invoice  (A)"]
        await pilot.press("a")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ProblemsScreen)
        assert "You must specify the Vendor Invoice No." in app.screen.problems
        assert supply.posted.purchase_receipts() == []
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card

        # receive only
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, rounds=6)
        assert "Posted PPR-00001." in _messages(app)
        assert _cell(card, "10000", "quantity_received") == "10"
        assert supply.items.inventory("A") == D("20")

        # posting released the order; its Vendor Invoice No. still takes the vendor's invoice
        assert "Released" in str(card.query_one("#card-title").render())
        assert "vendor_invoice_no" not in card.form.read_only and "order_date" in card.form.read_only
        card.form.row("vendor_invoice_no").editor.focus()
        await settle(pilot)
        await type_text(pilot, "F-1001")
        await pilot.press("f9")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, PostOptionsScreen)
        await pilot.press("i")
        await settle(pilot, rounds=8)
        assert "Posted PPI-00001." in _messages(app)
        assert isinstance(app.screen, PurchaseListScreen)
        assert supply.vendors.balance("V1") == D("96.00")
        assert supply.ledger.vendor_entries("V1")[0].external_document_no == "F-1001"


async def test_preview_then_undo_receipt_from_the_posted_card(supply, make_app):
    order = supply.purchases.create(PurchaseKind.ORDER, "V1")
    supply.purchases.add_line(order, "A", D("5"), direct_unit_cost=D("7"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_purchase("order", order.no)
        await settle(pilot, rounds=6)
        card = app.screen
        assert isinstance(card, PurchaseDocumentScreen)
        await pilot.press("alt+shift+p")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, PostingPreviewScreen)
        assert supply.posted.purchase_receipts() == []
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, rounds=6)
        assert supply.items.inventory("A") == D("15")

        await pilot.press("escape")
        await settle(pilot)
        app.switch_mode("posted_purchase_receipts")
        await settle(pilot, rounds=6)
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, PostedPurchaseScreen)
        await pilot.press("alt+shift+u")
        await settle(pilot)
        await pilot.press("enter")  # confirm
        await settle(pilot, rounds=6)
        assert supply.items.inventory("A") == D("10")
        assert supply.purchases.get(PurchaseKind.ORDER, order.no).lines[0].quantity_received == D("0")


async def test_the_palette_opens_the_purchase_areas(supply, make_app):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        labels = [c.title for c in app.get_system_commands(app.screen)]
        for label in ("Go to purchase orders", "Go to posted purchase receipts", "New purchase order"):
            assert label in labels


async def test_the_desk_find_opens_a_purchase_order_and_a_posted_receipt(supply, make_app):
    order = supply.purchases.create(PurchaseKind.ORDER, "V1")
    supply.purchases.add_line(order, "A", D("2"))
    supply.purchases.update_line(order, 10000, qty_to_receive=D("1"))
    receipt_no = supply.purchases.post(order, receive=True).receipt_no
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        for typed, screen in ((order.no, PurchaseDocumentScreen), (receipt_no, PostedPurchaseScreen)):
            await pilot.press("f2", "slash")
            await type_text(pilot, typed)
            await pilot.press("enter")
            await settle(pilot, rounds=6)
            assert isinstance(app.screen, screen) and app.screen.no == typed


async def test_statistics_and_a_credit_memo_applied_to_an_invoice_looked_up_with_f4(supply, make_app):
    invoice = supply.purchases.create(PurchaseKind.INVOICE, "V1", vendor_invoice_no="F-9")
    supply.purchases.add_line(invoice, "A", D("5"), direct_unit_cost=D("8"))
    invoice_no = supply.purchases.post(invoice).invoice_no
    memo = supply.purchases.create(PurchaseKind.CREDIT_MEMO, "V1", vendor_cr_memo_no="AV-1")
    supply.purchases.add_line(memo, "A", D("1"), direct_unit_cost=D("8"))
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_purchase("credit_memo", memo.no)
        await settle(pilot, rounds=6)
        card = app.screen
        await pilot.press("f7")
        await settle(pilot)
        assert "9.60" in str(app.screen.query_one("#statistics").render())
        await pilot.press("escape")
        await settle(pilot)
        card.form.row("applies_to_doc_no").editor.focus()
        await pilot.press("f4")
        await settle(pilot, rounds=6)
        await pilot.press("enter")  # the vendor's only open invoice
        await settle(pilot, rounds=6)
        assert supply.purchases.get(PurchaseKind.CREDIT_MEMO, memo.no).applies_to_doc_no == invoice_no
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")  # Post? yes
        await settle(pilot, rounds=8)
        invoice_entry, memo_entry = supply.ledger.vendor_entries("V1")
        assert (invoice_entry.remaining_amount, memo_entry.amount, memo_entry.open) == (D("-38.40"), D("9.60"), False)


async def test_f4_on_the_vendor_field_of_a_new_purchase_order_picks_a_vendor(supply, make_app):
    from salesdesk.screens.common.lookup import LookupScreen

    supply.vendors.create("Other Supplies", no="V2")
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.open_purchase("order", None)
        await settle(pilot, rounds=6)
        card = app.screen
        await pilot.press("f4")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "other")
        await settle(pilot, rounds=4)
        await pilot.press("enter")
        await settle(pilot, rounds=8)
        assert app.screen is card and card.doc is not None and card.doc.vendor_no == "V2"
