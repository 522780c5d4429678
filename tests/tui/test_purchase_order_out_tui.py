"""A clerk prints a purchase order (Alt+W) and e-mails it to its vendor (Alt+Shift+E, through
the preview) from its card; a vendor without an e-mail address gets one typed in To; the
invoice card offers neither. The SMTP server is a real one on the loopback."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.model import PurchaseKind
from salesdesk.screens.output.email_dialog import EmailPreviewScreen
from salesdesk.screens.purchases.purchase_card import PurchaseDocumentScreen
from tests.mail_support import smtp_server  # noqa: F401

from .conftest import settle

D = Decimal


@pytest.fixture
def supply(desk, tmp_path):
    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.setup.update_company(name="Garden Shop", email="shop@example.com", print_folder=str(tmp_path / "printed"),
                              open_printed=False)
    desk.vendors.create("Vendor One", no="V1", payment_terms="30D", email="orders@v1.example")
    desk.vendors.create("Vendor Two", no="V2")
    desk.items.create("Item A", no="A", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD")
    return desk


def _order(desk, vendor: str = "V1") -> str:
    po = desk.purchases.create(PurchaseKind.ORDER, vendor)
    desk.purchases.add_line(po, "A", D("10"), direct_unit_cost=D("8"))
    return po.no


async def _card(app, pilot, open_card, kind: str, no: str):
    """The card ``open_card(kind, no)`` shows, once it is up."""
    open_card(kind, no)
    await settle(pilot, rounds=6)
    return app.screen


async def _desk_key(app, pilot, key: str, screen_type):
    """The area a desk key opens, once it is up."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot, rounds=6)
    assert isinstance(app.screen, screen_type)
    return app.screen


async def _print(app, pilot, pdf) -> None:
    """Alt+W, and the PDF it wrote."""
    await pilot.press("alt+w")
    await settle(pilot, rounds=8)
    assert "Printed 1 time(s)" in _messages(app)
    assert pdf.exists()


def _messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_print_then_send_a_purchase_order_from_its_card(supply, make_app, smtp_server, tmp_path):  # noqa: F811
    supply.setup.update_company(smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none")
    no = _order(supply)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _card(app, pilot, app.open_purchase, "order", no)
        assert isinstance(card, PurchaseDocumentScreen)
        commands = {c.title for c in app.get_system_commands(card)}
        assert {"Print", "Send by E-mail"} <= commands
        shown_keys = {ab.binding.action for ab in card.active_bindings.values() if ab.binding.show and ab.enabled}
        assert {"print_document", "send_document"} <= shown_keys  # in the Footer
        assert {"Print", "Send by E-mail"} <= {str(key.description) for key in card.query("FooterKey")}

        await _print(app, pilot, tmp_path / "printed" / f"Purchase_Order_{no}.pdf")
        assert supply.reports.printed_count(supply.purchases.get("order", no)) == 1

        await pilot.press("alt+shift+e")
        await settle(pilot, rounds=8)
        preview = app.screen
        assert isinstance(preview, EmailPreviewScreen)
        assert preview.query_one("#mail-to").value == "orders@v1.example"
        assert f"Purchase Order {no}" in preview.query_one("#mail-subject").value
        assert "Dear Vendor One," in preview.query_one("#mail-body").text
        assert "96.00" in preview.query_one("#mail-body").text
        assert f"Purchase_Order_{no}.pdf" in str(preview.query_one("#mail-attachment").render())
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=10)
        assert app.screen is card
        assert "E-mail sent" in {n.title for n in app._notifications}
        assert "No. Printed" in str(card.query_one("#customer-facts").render())

    (message,) = smtp_server.messages
    assert message["To"] == "orders@v1.example"
    assert next(message.iter_attachments()).get_filename() == f"Purchase_Order_{no}.pdf"
    (entry,) = supply.mail.outbox()
    assert (entry.status, entry.vendor_no, entry.doc_kind) == ("sent", "V1", "purchase_order")
    assert supply.reports.printed_count(supply.purchases.get("order", no)) == 2


async def test_a_vendor_without_email_gets_an_address_typed_and_an_invoice_has_no_output(
        supply, make_app, smtp_server):  # noqa: F811
    supply.setup.update_company(smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none")
    no = _order(supply, "V2")
    invoice = supply.purchases.create(PurchaseKind.INVOICE, "V1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _card(app, pilot, app.open_purchase, "order", no)
        await pilot.press("alt+shift+e")
        await settle(pilot, rounds=8)
        preview = app.screen
        assert isinstance(preview, EmailPreviewScreen)
        assert preview.query_one("#mail-to").value == ""
        assert "Type the recipient's e-mail address." in str(preview.query_one("#mail-error").render())
        await pilot.press("ctrl+s")  # refused in the dialog: nothing sent
        await settle(pilot)
        assert app.screen is preview and smtp_server.messages == []
        preview.query_one("#mail-to").value = "sales@v2.example"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=10)
        assert app.screen is card
        assert smtp_server.envelopes[0][1] == ["sales@v2.example"]

        await pilot.press("escape")
        await settle(pilot)
        invoice_card = await _card(app, pilot, app.open_purchase, "invoice", invoice.no)
        assert isinstance(invoice_card, PurchaseDocumentScreen) and invoice_card.kind == "invoice"
        assert invoice_card.check_action("print_document", ()) is False
        assert not {"Print", "Send by E-mail"} & {c.title for c in app.get_system_commands(invoice_card)}
        await pilot.press("alt+w")
        await settle(pilot, rounds=4)
        assert "Printed" not in _messages(app)


async def test_a_failed_purchase_order_email_opens_its_card_from_the_outbox(supply, make_app, smtp_server):  # noqa: F811
    from salesdesk.model.output.mail import MailError
    from salesdesk.screens.output.outbox import OutboxScreen

    supply.setup.update_company(smtp_host="127.0.0.1", smtp_port=smtp_server.closed_port(), smtp_security="none")
    no = _order(supply)
    with pytest.raises(MailError):
        supply.mail.send(supply.purchases.get("order", no))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _desk_key(app, pilot, "x", OutboxScreen)
        await pilot.press("ctrl+o")
        await settle(pilot, rounds=8)
        card = app.screen
        assert isinstance(card, PurchaseDocumentScreen) and (card.kind, card.doc.no) == ("order", no)
        assert "Unexpected error" not in {str(n.title) for n in app._notifications}


async def test_a_posted_receipt_prints_with_alt_w_and_a_credit_memo_does_not(supply, make_app, tmp_path):
    from salesdesk.screens.purchases.posted_purchases import PostedPurchaseScreen

    no = _order(supply)
    order = supply.purchases.get("order", no)
    receipt_no = supply.purchases.post(order, receive=True).receipt_no
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        card = await _card(app, pilot, app.open_posted_purchase, "receipt", receipt_no)
        assert isinstance(card, PostedPurchaseScreen)
        assert "Print" in {str(key.description) for key in card.query("FooterKey")}
        await _print(app, pilot, tmp_path / "printed" / f"Purchase_Receipt_{receipt_no}.pdf")
        card.kind = "credit_memo"  # the same card over a kind that does not print
        assert card.check_action("print_document", ()) is False


async def test_the_purchase_order_list_prints_the_order_under_the_cursor(supply, make_app, tmp_path):
    from salesdesk.screens.purchases.purchase_list import PurchaseListScreen

    no = _order(supply)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        orders = await _desk_key(app, pilot, "y", PurchaseListScreen)
        assert {"Print", "Send by E-mail"} <= {str(key.description) for key in orders.query("FooterKey")}
        await _print(app, pilot, tmp_path / "printed" / f"Purchase_Order_{no}.pdf")
        invoices = PurchaseListScreen("invoice")
        assert invoices.check_action("print_document", ()) is False
