"""A clerk works with vendors and pays them using only the keyboard: the vendor list and card,
the vendor ledger entries with apply / unapply, the vendor payment dialog, aged payables."""

from decimal import Decimal

from textual.widgets import Input, Static

from salesdesk.screens.common.lookup import LookupScreen
from salesdesk.screens.history.entries_list import EntriesListScreen
from salesdesk.screens.purchases.aged_payables import AgedPayablesScreen
from salesdesk.screens.purchases.vendor_card import VendorCardScreen
from salesdesk.screens.purchases.vendor_list import VendorListScreen
from salesdesk.screens.purchases.vendor_payment_dialog import VendorPaymentDialog
from salesdesk.screens.receivables.apply_entries_dialog import ApplyEntriesScreen
from tests.model.rows import add_vendor_entry

from .conftest import settle, type_text

D = Decimal


def invoice_of(desk, vendor_no="V1", document_no="PPI-00001"):
    return next(e for e in desk.ledger.vendor_entries(vendor_no) if e.document_no == document_no)


async def test_create_a_vendor_with_keystrokes_only(desk, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, VendorListScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, VendorCardScreen)
        await pilot.press("tab")  # No. left blank: series VEND gives it
        await type_text(pilot, "Pépinières Delaunay")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.key == "V00001"
        stats = str(app.screen.query_one("#stats", Static).render())
        assert "Balance (we owe)" in stats and "0.00" in stats
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, VendorListScreen)
        assert app.screen.table.row_count == 1
    assert [(v.no, v.name) for v in desk.vendors.search("delaunay")] == [("V00001", "Pépinières Delaunay")]


async def test_pay_an_invoice_from_the_card_then_unapply_and_apply_again(desk, make_app):
    desk.vendors.create("Papeterie Lefèvre", no="V1")
    add_vendor_entry(desk, "V1", D("-96.00"), document_no="PPI-00001")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_vendor("V1")
        await settle(pilot)
        assert "96.00" in str(app.screen.query_one("#stats", Static).render())
        await pilot.press("alt+p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, VendorPaymentDialog)
        assert dialog.value("vendor_no") == "V1"
        await pilot.press("tab", "tab")  # Amount left blank, Posting Date blank: Applies-to
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("enter")  # the one open invoice
        await settle(pilot)
        assert dialog.value("apply_to") == "PPI-00001"
        assert dialog.value("amount") == "96.00"  # what we owe on it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, VendorCardScreen)
        assert invoice_of(desk).open is False
        assert desk.vendors.balance("V1") == D("0.00")

        await pilot.press("ctrl+f7")
        await settle(pilot)
        entries = app.screen
        assert isinstance(entries, EntriesListScreen) and entries.ledger == "vendor"
        assert entries.table.row_count == 2  # newest first: the payment
        await pilot.press("alt+shift+a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert (invoice_of(desk).remaining_amount, invoice_of(desk).open) == (D("-96.00"), True)

        await pilot.press("alt+a")  # the payment, open again, applied to the invoice
        await settle(pilot)
        assert isinstance(app.screen, ApplyEntriesScreen)
        await pilot.press("space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntriesListScreen)
        assert invoice_of(desk).open is False


async def test_bad_input_is_shown_in_the_dialog_and_kept(desk, make_app):
    desk.vendors.create("Bois de Sologne", no="V2", blocked="payment")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.pay_vendor("V2")
        await settle(pilot)
        dialog = app.screen
        await type_text(pilot, "12.50")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        error = str(dialog.query_one("#payment-error", Static).render())
        assert "Vendor V2 is blocked with type Payment" in error
        dialog.query_one("#amount", Input).value = "abc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "'abc' is not a number" in str(dialog.query_one("#payment-error", Static).render())
        assert dialog.value("amount") == "abc" and dialog.value("vendor_no") == "V2"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, VendorPaymentDialog)
    assert desk.ledger.vendor_entries("V2") == []


async def test_aged_payables_and_paying_from_it(desk, make_app):
    desk.vendors.create("Papeterie Lefèvre", no="V1")
    add_vendor_entry(desk, "V1", D("-96.00"), document_no="PPI-00001")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        aged = app.screen
        assert isinstance(aged, AgedPayablesScreen)
        assert aged.table.row_count == 1 and aged.totals[0] == D("96.00")
        assert aged.check_action("statement", ()) is False
        await pilot.press("alt+p")
        await settle(pilot)
        await type_text(pilot, "40")
        await pilot.press("tab", "tab")
        await type_text(pilot, "oldest")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is aged
        assert aged.totals[0] == D("56.00")
        await pilot.press("enter")  # the vendor's open entries
        await settle(pilot)
        assert isinstance(app.screen, EntriesListScreen) and app.screen.open_only
    assert invoice_of(desk).remaining_amount == D("-56.00")


async def test_vendor_lookup_and_palette_jump(desk, make_app):
    desk.vendors.create("Céramiques Vallauris", no="V4")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P")  # on the desk: pay a vendor
        await settle(pilot)
        assert isinstance(app.screen, VendorPaymentDialog)
        await pilot.press("f4")  # on Vendor No.
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "vallauris")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.value("vendor_no") == "V4"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "vallauris")
        await settle(pilot, rounds=8)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VendorCardScreen) and app.screen.key == "V4"


async def test_desk_find_opens_a_vendor_by_number_or_lists_it_by_name(desk, make_app):
    desk.vendors.create("Terreaux du Périgord", no="V3")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "V3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VendorCardScreen) and app.screen.key == "V3"
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "terreaux")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VendorListScreen) and app.screen.table.row_count == 1
