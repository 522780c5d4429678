"""A clerk prints and e-mails documents with the keyboard: Alt+W Print (an order asks which
report), Alt+Shift+E Send by E-mail through the preview, Alt+Shift+Y Post and Send, and the
outbox (x) where a failed e-mail is sent again. The SMTP server is a real one on loopback."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.dialogs import ConfirmScreen
from salesdesk.screens.sales.document_card import DocumentScreen
from salesdesk.screens.output.email_dialog import EmailPreviewScreen
from salesdesk.screens.output.outbox import OutboxEntryScreen, OutboxScreen
from salesdesk.screens.common.dialogs import ChoiceScreen
from salesdesk.screens.history.posted_card import PostedDocumentScreen
from tests.mail_support import smtp_server  # noqa: F401

from .conftest import settle
from .test_posted_tui import shown


def _messages(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def _setup_mail(shop, port: int, tmp_path) -> None:
    shop.setup.update_company(name="Jardins Lefèvre", email="shop@example.com", smtp_host="127.0.0.1",
                              smtp_port=port, smtp_security="none", print_folder=str(tmp_path / "printed"),
                              open_printed=False)
    shop.customers.update("C", email="buyer@example.com")


def _invoice(shop) -> str:
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("3"))
    return shop.sales.post(order, ship=True, invoice=True).invoice_no


async def _send_from_posted_card(app, pilot, invoice_no: str) -> None:
    """The posted invoice's card opened and Alt+Shift+E pressed."""
    app.open_posted("invoice", invoice_no)
    await settle(pilot, rounds=6)
    await pilot.press("alt+shift+e")
    await settle(pilot, rounds=6)


async def _post_and_send_an_invoice(shop, app, pilot) -> None:
    """A new invoice for C (1 x A), its card opened, Alt+Shift+Y and the confirmation."""
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("1"))
    await settle(pilot)
    app.open_document("invoice", invoice.no)
    await settle(pilot, rounds=6)
    await pilot.press("alt+shift+y")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("enter")
    await settle(pilot, rounds=10)


async def test_send_a_posted_invoice_through_the_preview(shop, make_app, smtp_server, tmp_path):  # noqa: F811
    _setup_mail(shop, smtp_server.port, tmp_path)
    invoice_no = _invoice(shop)
    before = shop.posted.invoice(invoice_no)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_posted("invoice", invoice_no)
        await settle(pilot, rounds=6)
        card = app.screen
        assert isinstance(card, PostedDocumentScreen)
        assert "No. Printed" in str(card.query_one("#header-left").render())
        commands = {c.title for c in app.get_system_commands(card)}
        assert {"Print", "Send by E-mail"} <= commands

        await pilot.press("alt+shift+e")
        await settle(pilot, rounds=6)
        preview = app.screen
        assert isinstance(preview, EmailPreviewScreen)
        assert preview.query_one("#mail-to").value == "buyer@example.com"
        assert f"Invoice {invoice_no}" in preview.query_one("#mail-subject").value
        assert "36.00" in preview.query_one("#mail-body").text
        assert f"Invoice_{invoice_no}.pdf" in str(preview.query_one("#mail-attachment").render())
        # the clerk adds a second address and sends
        preview.query_one("#mail-to").value = "buyer@example.com; boss@example.com"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert app.screen is card

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "buyer@example.com, boss@example.com"
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == f"Invoice_{invoice_no}.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert "36.00" in message.get_body(("plain",)).get_content()
    assert "E-mail sent" in {n.title for n in app._notifications}
    assert shop.reports.printed_count(before) == 1
    assert shop.posted.invoice(invoice_no) == before


async def test_a_refused_connection_waits_in_the_outbox_and_is_sent_again(shop, make_app, smtp_server,  # noqa: F811
                                                                          tmp_path):
    _setup_mail(shop, smtp_server.closed_port(), tmp_path)
    invoice_no = _invoice(shop)
    before = shop.posted.invoice(invoice_no)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _send_from_posted_card(app, pilot, invoice_no)
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert "Connection refused" in _messages(app) or "Could not connect" in _messages(app)
        assert "outbox" in _messages(app)
        assert shop.posted.invoice(invoice_no) == before
        assert shop.reports.printed_count(before) == 0

        # the server is the live one now: the clerk opens the outbox and sends it again
        shop.setup.update_company(smtp_port=smtp_server.port)
        await pilot.press("escape")  # back to the desk
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot, rounds=6)
        outbox = app.screen
        assert isinstance(outbox, OutboxScreen)
        rows = shown(outbox.table)
        assert "Failed" in rows and "buyer@example.com" in rows
        await pilot.press("enter")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, OutboxEntryScreen)
        await pilot.press("alt+r")
        await settle(pilot, rounds=8)
        assert app.screen is outbox
        assert "Sent" in shown(outbox.table)

    assert len(smtp_server.messages) == 1
    entry = shop.mail.outbox()[0]
    assert (entry.status, entry.attempts) == ("sent", 2)
    assert shop.reports.printed_count(before) == 1


async def test_print_an_order_asks_which_report_and_counts_it(shop, make_app, tmp_path):
    shop.setup.update_company(print_folder=str(tmp_path / "printed"), open_printed=False)
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("2"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("alt+w")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")  # Picking List
        await settle(pilot, rounds=8)
        assert isinstance(app.screen, DocumentScreen)
        assert "Printed 1 time(s)" in _messages(app)
        facts = str(app.screen.query_one("#customer-facts").render())
        assert [line.split()[-1] for line in facts.splitlines() if line.startswith("No. Printed")] == ["1"]

    printed = sorted(p.name for p in (tmp_path / "printed").iterdir())
    assert printed == [f"Picking_List_{order.no}.pdf"]
    assert shop.reports.printed_count(order) == 1


async def test_post_and_send_posts_the_invoice_then_previews_its_e_mail(shop, make_app, smtp_server,  # noqa: F811
                                                                        tmp_path):
    _setup_mail(shop, smtp_server.port, tmp_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _post_and_send_an_invoice(shop, app, pilot)
        preview = app.screen
        assert isinstance(preview, EmailPreviewScreen)
        assert "Invoice PSI-00001" in preview.query_one("#mail-subject").value
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        # the invoice is posted (and gone), its card closed
        assert not isinstance(app.screen, (DocumentScreen, EmailPreviewScreen))

    assert shop.sales.count("invoice") == 0
    assert shop.posted.invoice("PSI-00001").amount_incl_vat == Decimal("12.00")
    assert [m["Subject"] for m in smtp_server.messages] == ["Jardins Lefèvre - Invoice PSI-00001"]


async def test_send_without_smtp_settings_lists_what_is_missing(shop, make_app):
    invoice_no = _invoice(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _send_from_posted_card(app, pilot, invoice_no)
        problems = app.screen
        assert type(problems).__name__ == "ProblemsScreen"
        assert "SMTP" in str(problems.query_one("#problems").render()) or "server" in str(
            problems.query_one("#problems").render())
    assert shop.mail.outbox_count() == 0


async def test_print_from_the_posted_invoice_list_prints_the_row_under_the_cursor(shop, make_app, tmp_path):
    shop.setup.update_company(print_folder=str(tmp_path / "printed"), open_printed=False)
    first, second = _invoice(shop), _invoice(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot, rounds=6)
        assert app.screen.table.current_key == second  # newest first
        await pilot.press("down", "alt+w")
        await settle(pilot, rounds=8)
        assert "Printed 1 time(s)" in _messages(app)
    assert [p.name for p in (tmp_path / "printed").iterdir()] == [f"Invoice_{first}.pdf"]
    assert shop.reports.printed_count(shop.posted.invoice(second)) == 0


async def test_post_and_send_without_e_mail_settings_posts_nothing(shop, make_app):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("1"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("invoice", invoice.no)
        await settle(pilot, rounds=6)
        await pilot.press("alt+shift+y")
        await settle(pilot, rounds=6)
        assert type(app.screen).__name__ == "ProblemsScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
    assert shop.sales.count("invoice") == 1 and shop.posted.invoices() == []


async def test_closing_the_card_while_its_e_mail_is_sent_is_fine(shop, make_app, smtp_server, tmp_path):  # noqa: F811
    _setup_mail(shop, smtp_server.port, tmp_path)
    invoice_no = _invoice(shop)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _send_from_posted_card(app, pilot, invoice_no)
        await pilot.press("ctrl+s", "escape")  # send, and close the card at once
        await settle(pilot, rounds=8)
        assert not isinstance(app.screen, PostedDocumentScreen)
    assert len(smtp_server.messages) == 1


async def test_the_outbox_resends_a_sent_e_mail_and_sends_all_failed_ones_again(shop, make_app, smtp_server,  # noqa: F811
                                                                                 tmp_path):
    _setup_mail(shop, smtp_server.port, tmp_path)
    shop.mail.send(shop.posted.invoice(_invoice(shop)))
    shop.setup.update_company(smtp_port=smtp_server.closed_port())
    for _ in range(2):
        try:
            shop.mail.send(shop.posted.invoice(_invoice(shop)))
        except Exception:  # noqa: BLE001 - refused on purpose: the server is not there
            pass
    shop.setup.update_company(smtp_port=smtp_server.port)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot, rounds=6)
        outbox = app.screen
        assert shown(outbox.table).count("Failed") == 2
        await pilot.press("alt+shift+r")
        await settle(pilot, rounds=10)
        assert "2 e-mail(s) sent." in _messages(app)
        assert shown(outbox.table).count("Sent") == 3
        await pilot.press("ctrl+end")  # the oldest: sent from the start
        await settle(pilot)
        await pilot.press("alt+r")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot, rounds=10)
        assert shown(outbox.table).count("Sent") == 4
    assert len(smtp_server.messages) == 4


async def test_post_and_send_prints_for_a_customer_who_takes_paper(shop, make_app, tmp_path):
    shop.setup.update_company(print_folder=str(tmp_path / "printed"), open_printed=False)  # no SMTP at all
    shop.customers.update("C", send_by="print")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _post_and_send_an_invoice(shop, app, pilot)
        assert not isinstance(app.screen, (DocumentScreen, EmailPreviewScreen))
        assert "Printed 1 time(s)" in _messages(app)
    assert [p.name for p in (tmp_path / "printed").iterdir()] == ["Invoice_PSI-00001.pdf"]
