"""Send by e-mail: a real SMTP conversation with a server on the loopback (aiosmtpd).

The shop posts an invoice to customer C (Jardins & Co, jardins@example.com): 3 x A at 10.00,
VAT 20 %, total 36.00 incl. VAT, due in 30 days. What leaves is checked as the server
received it; what stays is checked in the outbox and the document's printed counter.
"""

import dataclasses
import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from salesdesk.model import DocKind, SalesDeskError
from salesdesk.model.output.mail import MailError, parse_addresses
from salesdesk.model.output.mail_settings import PASSWORD_ENV, smtp_password
from salesdesk.model.output.reports import ReportService
from tests.mail_support import smtp_server, smtp_server_with_auth  # noqa: F401

D = Decimal
FAKE_PDF = b"%PDF-1.4\n% salesdesk test stand-in\n%%EOF\n"


@pytest.fixture
def fast_pdf(monkeypatch):
    """A stand-in PDF, where what is tested is not the PDF (the tests without it send real ones)."""
    monkeypatch.setattr(ReportService, "render", lambda self, data, *, created=None: FAKE_PDF)


@pytest.fixture
def mail_shop(shop, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    shop.customers.update("C", name="Jardins & Co", email="jardins@example.com")
    shop.setup.update_company(name="Garden Shop", email="shop@example.com", smtp_host="127.0.0.1",
                              smtp_security="none")
    return shop


def point_at(desk, port: int, **more) -> None:
    desk.setup.update_company(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                              email="shop@example.com", **more)


def post_invoice(desk, qty: str = "3", lines: int = 1) -> str:
    inv = desk.sales.create(DocKind.INVOICE, "C")
    for _ in range(lines):
        desk.sales.add_line(inv, "A", D(qty))
    return desk.sales.post(inv).invoice_no


def body_of(message) -> str:
    """The text body as received (the wire's CRLF line ends read as newlines)."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def failed_send(desk, smtp_server, no: str) -> int:
    """Posted invoice ``no`` sent while the server is not there: its failed outbox entry."""
    point_at(desk, smtp_server.closed_port())
    with pytest.raises(MailError) as failed:
        desk.mail.send(desk.posted.invoice(no))
    return failed.value.outbox_id


def only_entry(desk):
    (entry,) = desk.mail.outbox()
    return entry


# -- sending ------------------------------------------------------------------------------------


def test_sending_a_posted_invoice_delivers_it_with_its_pdf_and_counts_it(mail_shop, smtp_server):
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server.port)
    invoice = desk.posted.invoice(no)

    message_id = desk.mail.send(invoice)

    (message,) = smtp_server.messages
    assert message["Message-ID"] == message_id
    assert message["Subject"] == f"Garden Shop - Invoice {no}"
    assert message["To"] == "jardins@example.com"
    assert message["From"].addresses[0].display_name == "Garden Shop"
    assert message["From"].addresses[0].addr_spec == "shop@example.com"
    assert message_id.endswith("@example.com>")
    body = body_of(message)
    assert "Dear Jardins & Co," in body
    assert f"Please find attached our Invoice {no}." in body
    assert "Total incl. VAT: €36.00" in body
    assert "Due date: 24 December 2026" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().endswith(".pdf") and no in attachment.get_filename()
    assert attachment.get_content().startswith(b"%PDF")
    assert "factur-x.xml" in PdfReader(io.BytesIO(attachment.get_content())).attachments  # the e-invoice

    entry = only_entry(desk)
    assert (entry.status, entry.message_id, entry.attempts, entry.error) == ("sent", message_id, 1, "")
    assert (entry.document, entry.to_addr, entry.customer_no) == (f"Posted Invoice {no}", "jardins@example.com", "C")
    assert entry.sent_at is not None and entry.sent_at.date() == dt.date(2026, 11, 24)
    assert desk.reports.printed_count(invoice) == 1
    assert smtp_server.envelopes == [("shop@example.com", ["jardins@example.com"])]


def test_the_body_lists_the_lines_and_the_payment_link(mail_shop, fast_pdf):
    desk = mail_shop
    desk.setup.update_company(payment_link="https://pay.example.com/{no}?amount={amount}")
    no = post_invoice(desk, qty="1", lines=25)

    draft = desk.mail.compose(desk.posted.invoice(no))

    lines = draft.body.splitlines()
    assert sum(1 for ln in lines if ln.startswith("A ")) == 20
    assert "… and 5 more lines" in lines
    assert "Total incl. VAT: €300.00" in lines
    assert f"Pay online: https://pay.example.com/{no}?amount=300.00" in lines
    assert lines[-2:] == ["Kind regards,", "Garden Shop"]
    assert (draft.to, draft.customer_no, draft.report) == ("jardins@example.com", "C", "invoice")
    assert draft.attachment == FAKE_PDF


def test_a_french_customer_gets_the_email_in_french(mail_shop, smtp_server):
    desk = mail_shop
    desk.customers.update("C", language="fr")
    no = post_invoice(desk)
    point_at(desk, smtp_server.port)

    desk.mail.send(desk.posted.invoice(no))

    (message,) = smtp_server.messages
    assert message["Subject"] == f"Garden Shop - Facture {no}"
    body = body_of(message)
    assert body.startswith("Bonjour Jardins & Co,")
    assert f"Veuillez trouver ci-joint notre facture {no}." in body
    assert "Total TTC : 36,00\xa0€" in body
    assert "Échéance : 24 décembre 2026" in body
    assert "Cordialement," in body


def test_the_clerk_sends_exactly_the_previewed_draft(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server.port)
    invoice = desk.posted.invoice(no)
    draft = desk.mail.compose(invoice)
    edited = dataclasses.replace(draft, subject="Your invoice", body="Hello,\nhere it is.\n")

    desk.mail.send(invoice, "anne@example.com; compta@example.com", draft=edited)

    (message,) = smtp_server.messages
    assert message["Subject"] == "Your invoice"
    assert body_of(message) == "Hello,\nhere it is.\n"
    assert smtp_server.envelopes[0][1] == ["anne@example.com", "compta@example.com"]
    other = post_invoice(desk)
    with pytest.raises(SalesDeskError, match="prepared for"):
        desk.mail.send(desk.posted.invoice(other), draft=edited)


def test_an_unposted_order_confirmation_is_sent_and_counted(mail_shop, smtp_server):
    desk = mail_shop
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, "A", D("2"))
    point_at(desk, smtp_server.port)

    desk.mail.send(order)

    (message,) = smtp_server.messages
    assert message["Subject"] == f"Garden Shop - Order Confirmation {order.no}"
    assert "Total incl. VAT: €24.00" in body_of(message)
    assert desk.reports.printed_count(order) == 1
    assert [e.status for e in desk.mail.sent_for(order)] == ["sent"]


# -- failures -----------------------------------------------------------------------------------


def test_a_refused_connection_is_recorded_and_the_invoice_is_unchanged_then_retried(mail_shop, smtp_server):
    desk = mail_shop
    no = post_invoice(desk)
    closed = smtp_server.closed_port()
    point_at(desk, closed)
    before = desk.posted.invoice(no)

    with pytest.raises(MailError, match=f"Could not connect to 127.0.0.1:{closed}: Connection refused") as err:
        desk.mail.send(before)

    assert desk.posted.invoice(no) == before
    assert desk.reports.printed_count(before) == 0
    entry = only_entry(desk)
    assert entry.id == err.value.outbox_id
    assert (entry.status, entry.attempts, entry.message_id) == ("failed", 1, "")
    assert "Connection refused" in entry.error
    assert desk.mail.outbox_count("failed") == 1

    point_at(desk, smtp_server.port)
    message_id = desk.mail.retry(entry.id)

    (message,) = smtp_server.messages
    assert message["Message-ID"] == message_id
    assert message["Subject"] == entry.subject
    after = desk.mail.entry(entry.id)
    assert (after.status, after.attempts, after.error, after.message_id) == ("sent", 2, "", message_id)
    assert desk.reports.printed_count(before) == 1
    assert desk.posted.invoice(no) == before
    with pytest.raises(SalesDeskError, match="sent already"):
        desk.mail.retry(entry.id)


def test_a_failed_send_leaves_an_unposted_order_as_it_was(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, "A", D("2"))
    point_at(desk, smtp_server.closed_port())
    before = desk.sales.get(DocKind.ORDER, order.no)

    with pytest.raises(MailError):
        desk.mail.send(order)

    assert desk.sales.get(DocKind.ORDER, order.no) == before
    assert desk.reports.printed_count(order) == 0
    assert [e.status for e in desk.mail.sent_for(order)] == ["failed"]


def test_a_server_without_starttls_fails_cleanly(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server.port)
    desk.setup.update_company(smtp_security="starttls")

    with pytest.raises(MailError, match="does not offer STARTTLS"):
        desk.mail.send(desk.posted.invoice(no))

    assert only_entry(desk).status == "failed"
    assert smtp_server.messages == []


def test_cancelling_a_failed_email_keeps_it_as_cancelled(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server.closed_port())
    with pytest.raises(MailError) as err:
        desk.mail.send(desk.posted.invoice(no))

    desk.mail.cancel(err.value.outbox_id)

    assert only_entry(desk).status == "cancelled"
    with pytest.raises(SalesDeskError, match="cancelled"):
        desk.mail.retry(err.value.outbox_id)
    with pytest.raises(SalesDeskError, match="cancelled"):
        desk.mail.cancel(err.value.outbox_id)


# -- refusals before anything is queued -----------------------------------------------------------


def test_missing_settings_are_all_listed_and_nothing_is_queued(shop, fast_pdf):
    shop.customers.update("C", email="jardins@example.com")
    no = post_invoice(shop)

    problems = shop.mail.settings_problems()

    assert len(problems) == 2
    assert "SMTP Server" in problems[0] and "Sender E-Mail" in problems[1]
    with pytest.raises(SalesDeskError, match="SMTP Server") as err:
        shop.mail.send(shop.posted.invoice(no))
    assert not isinstance(err.value, MailError)
    assert shop.mail.outbox_count() == 0


def test_a_customer_without_email_is_refused_unless_an_address_is_typed(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    desk.customers.update("C", email="")
    no = post_invoice(desk)
    point_at(desk, smtp_server.port)
    invoice = desk.posted.invoice(no)

    with pytest.raises(SalesDeskError, match="Customer C has no e-mail address. Enter one on the customer card"):
        desk.mail.send(invoice)
    assert desk.mail.outbox_count() == 0
    assert desk.mail.compose(invoice, allow_no_address=True).to == ""

    desk.mail.send(invoice, to="Anne Martin <anne@example.com>")
    assert smtp_server.messages[0]["To"].addresses[0].addr_spec == "anne@example.com"


def test_a_bad_address_is_refused_and_nothing_is_queued(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server.port)

    with pytest.raises(SalesDeskError, match="'nope' is not a valid e-mail address"):
        desk.mail.send(desk.posted.invoice(no), to="ok@example.com, nope")

    assert desk.mail.outbox_count() == 0
    assert desk.mail.address_problem("nope@") is not None
    assert desk.mail.address_problem("a@example.com;b@example.com") is None
    assert parse_addresses("a@example.com ; B <b@example.com>,") == ["a@example.com", "B <b@example.com>"]


# -- password ------------------------------------------------------------------------------------


def test_the_password_comes_from_the_environment_then_the_keyring(monkeypatch):
    import keyring

    asked = []
    monkeypatch.setattr(keyring, "get_password", lambda service, user: asked.append((service, user)) or "from-keyring")
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    assert smtp_password("clerk") == "from-env"
    assert asked == []

    monkeypatch.delenv(PASSWORD_ENV)
    assert smtp_password("clerk") == "from-keyring"
    assert asked == [("salesdesk", "clerk")]

    def broken(service, user):
        raise RuntimeError("no keyring backend")

    monkeypatch.setattr(keyring, "get_password", broken)
    assert smtp_password("clerk") is None


def test_a_user_without_password_is_refused_before_connecting(mail_shop, smtp_server, monkeypatch, fast_pdf):
    import keyring

    monkeypatch.setattr(keyring, "get_password", lambda service, user: None)
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server.port, smtp_user="clerk")

    assert any(PASSWORD_ENV in p for p in desk.mail.settings_problems())
    with pytest.raises(SalesDeskError, match=PASSWORD_ENV):
        desk.mail.send(desk.posted.invoice(no))
    assert desk.mail.outbox_count() == 0
    assert smtp_server.messages == []


def test_the_user_logs_in_with_the_password_from_the_environment(mail_shop, smtp_server_with_auth, monkeypatch,
                                                                 fast_pdf):
    desk = mail_shop
    no = post_invoice(desk)
    point_at(desk, smtp_server_with_auth.port, smtp_user="clerk")
    monkeypatch.setenv(PASSWORD_ENV, "wrong")

    with pytest.raises(MailError, match="refused the user name or password for clerk"):
        desk.mail.send(desk.posted.invoice(no))

    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    desk.mail.retry(only_entry(desk).id)
    assert smtp_server_with_auth.logins == ["clerk"]
    assert len(smtp_server_with_auth.messages) == 1


# -- post and send -------------------------------------------------------------------------------


def test_post_and_send_posts_the_order_and_mails_the_invoice(mail_shop, smtp_server):
    desk = mail_shop
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, "A", D("3"))
    point_at(desk, smtp_server.port)

    result = desk.mail.post_and_send(order, ship=True, invoice=True)

    assert result.kind == "invoice" and result.error is None
    (message,) = smtp_server.messages
    assert message["Message-ID"] == result.message_id
    assert message["Subject"] == f"Garden Shop - Invoice {result.posted_no}"
    assert desk.posted.invoice(result.posted_no).amount_incl_vat == D("36.00")


def test_post_and_send_of_a_shipment_mails_the_delivery_note(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, "A", D("3"))
    point_at(desk, smtp_server.port)

    result = desk.mail.post_and_send(order, ship=True, invoice=False)

    assert result.kind == "shipment" and result.message_id
    (message,) = smtp_server.messages
    assert message["Subject"] == f"Garden Shop - Delivery Note {result.posted_no}"
    body = body_of(message)
    assert "Total" not in body and "Due date" not in body


def test_post_and_send_with_the_server_down_keeps_the_posting(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    inv = desk.sales.create(DocKind.INVOICE, "C")
    desk.sales.add_line(inv, "A", D("3"))
    point_at(desk, smtp_server.closed_port())

    result = desk.mail.post_and_send(inv)

    assert desk.posted.invoice(result.posted_no).amount_incl_vat == D("36.00")
    assert result.message_id is None and "Connection refused" in result.error
    entry = desk.mail.entry(result.outbox_id)
    assert (entry.status, entry.key.no) == ("failed", result.posted_no)
    assert entry.attachment_name.endswith(".pdf") and entry.attachment_size > 0


def test_post_and_send_without_settings_posts_nothing(shop, fast_pdf):
    inv = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(inv, "A", D("3"))

    with pytest.raises(SalesDeskError, match="not set up"):
        shop.mail.post_and_send(inv)

    assert shop.sales.get(DocKind.INVOICE, inv.no).amount_incl_vat == D("36.00")


# -- the outbox ----------------------------------------------------------------------------------


def test_the_outbox_pages_newest_first_and_filters_by_status(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    nos = [post_invoice(desk) for _ in range(3)]
    point_at(desk, smtp_server.port)
    desk.mail.send(desk.posted.invoice(nos[0]))
    point_at(desk, smtp_server.closed_port())
    for no in nos[1:]:
        with pytest.raises(MailError):
            desk.mail.send(desk.posted.invoice(no))

    assert [e.key.no for e in desk.mail.outbox()] == nos[::-1]
    assert [e.key.no for e in desk.mail.outbox(limit=1, offset=1)] == [nos[1]]
    assert [e.key.no for e in desk.mail.outbox("failed")] == nos[:0:-1]
    assert (desk.mail.outbox_count(), desk.mail.outbox_count("sent"), desk.mail.outbox_count("cancelled")) == (3, 1, 0)
    entry = desk.mail.entry(desk.mail.outbox("sent")[0].id)
    assert entry.body.startswith("Dear Jardins & Co,") and entry.attachment_size == len(FAKE_PDF)
    assert desk.mail.attachment(entry.id) == FAKE_PDF
    assert [e.doc_no for e in desk.mail.outbox(text=nos[1].lower())] == [nos[1]]
    assert desk.mail.outbox_count(text="jardins@ invoice") == 3
    assert desk.mail.outbox_count("sent", text="nobody") == 0
    with pytest.raises(SalesDeskError, match="not an outbox status"):
        desk.mail.outbox("lost")
    with pytest.raises(SalesDeskError, match="not in the outbox"):
        desk.mail.entry(999)


# -- found in review: claims, refused recipients, passwords ---------------------------------------


def test_an_e_mail_being_sent_is_not_sent_again_at_the_same_time(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    no = post_invoice(desk)
    outbox_id = failed_send(desk, smtp_server, no)
    point_at(desk, smtp_server.port)
    desk.mail._claim(outbox_id)  # another clerk's Alt+R got it first and is talking to the server
    with pytest.raises(SalesDeskError, match="being sent right now"):
        desk.mail.retry(outbox_id)
    with pytest.raises(SalesDeskError, match="being sent right now"):
        desk.mail.cancel(outbox_id)
    assert smtp_server.messages == [] and only_entry(desk).status == "sending"


def test_a_send_left_unfinished_long_ago_can_be_sent_again(mail_shop, smtp_server, fast_pdf):
    from sqlalchemy import update

    from salesdesk.model.tables import OutboxEntry

    desk = mail_shop
    no = post_invoice(desk)
    outbox_id = failed_send(desk, smtp_server, no)
    desk.mail._claim(outbox_id)
    with desk.db.write() as s:  # the desk stopped mid-send an hour ago
        s.execute(update(OutboxEntry).values(claimed_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)))
    point_at(desk, smtp_server.port)
    assert desk.mail.retry(outbox_id) == smtp_server.messages[0]["Message-ID"]
    assert only_entry(desk).status == "sent"


def test_a_clerk_on_a_later_work_date_cannot_take_a_send_that_is_under_way(mail_shop, smtp_server, fast_pdf, tmp_path):
    """Staleness is wall-clock time: a work date a month ahead does not make a fresh claim old."""
    from salesdesk.model import Desk

    desk = mail_shop
    no = post_invoice(desk)
    outbox_id = failed_send(desk, smtp_server, no)
    desk.mail._claim(outbox_id)  # the first clerk is sending it now
    later = Desk.open(desk.db.url, clock=lambda: desk.today() + dt.timedelta(days=30))
    try:
        point_at(later, smtp_server.port)
        with pytest.raises(SalesDeskError, match="being sent right now"):
            later.mail.retry(outbox_id)
        assert smtp_server.messages == []
    finally:
        later.close()


def test_recipients_the_server_refuses_are_recorded_with_the_sent_e_mail(mail_shop, fast_pdf):
    from tests.mail_support import free_port

    from aiosmtpd.controller import Controller

    received = []

    class Picky:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("bad@"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.append(list(envelope.rcpt_tos))
            return "250 Accepted"

    controller = Controller(Picky(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        desk = mail_shop
        point_at(desk, controller.port)
        desk.mail.send(desk.posted.invoice(post_invoice(desk)), "good@example.com; bad@example.com")
    finally:
        controller.stop()
    assert received == [["good@example.com"]]
    entry = only_entry(desk)
    assert entry.status == "sent" and "bad@example.com" in entry.error and "No such user" in entry.error


def test_a_password_smtp_cannot_carry_is_refused_without_showing_it(mail_shop, smtp_server_with_auth, monkeypatch,
                                                                    fast_pdf):
    desk = mail_shop
    monkeypatch.setenv(PASSWORD_ENV, "mot-de-passé")
    point_at(desk, smtp_server_with_auth.port, smtp_user="clerk")
    with pytest.raises(MailError) as failed:
        desk.mail.send(desk.posted.invoice(post_invoice(desk)))
    assert "ASCII" in str(failed.value) and "é" not in str(failed.value)
    assert "é" not in only_entry(desk).error and only_entry(desk).status == "failed"


def test_addresses_are_taken_exactly_as_typed_or_refused(mail_shop, fast_pdf):
    assert parse_addresses("a@example.com; Ann Lee <ann@example.fr>") == ["a@example.com", "Ann Lee <ann@example.fr>"]
    for wrong in ("Bob <a@example.com> junk", "a@example.com\nBcc: spy@example.com", "a b@example.com"):
        with pytest.raises(SalesDeskError, match="not a valid e-mail address"):
            parse_addresses(wrong)
    desk = mail_shop
    no = post_invoice(desk)
    draft = desk.mail.compose(desk.posted.invoice(no))
    with pytest.raises(SalesDeskError, match="one line"):
        desk.mail.send(desk.posted.invoice(no), draft=dataclasses.replace(draft, subject="Hi\nBcc: spy@example.com"))
    assert desk.mail.outbox_count() == 0


def test_a_payment_link_template_is_checked_when_it_is_saved(mail_shop):
    from salesdesk.model.core.errors import ValidationError

    with pytest.raises(ValidationError, match="Payment Link"):
        mail_shop.setup.update_company(payment_link="https://pay.example.com/{no.x}")
    assert mail_shop.setup.check_company("payment_link", "https://pay/{invoice}") is not None
    mail_shop.setup.update_company(payment_link="https://pay.example.com/{no}?a={amount}&c={customer}")


def test_a_sent_e_mail_can_be_resent_as_a_new_one(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    point_at(desk, smtp_server.port)
    invoice = desk.posted.invoice(post_invoice(desk))
    first = desk.mail.send(invoice)
    (sent,) = desk.mail.outbox()
    with pytest.raises(SalesDeskError, match="already"):
        desk.mail.retry(sent.id)
    second = desk.mail.resend(sent.id)
    assert second != first and [m["Message-ID"] for m in smtp_server.messages] == [first, second]
    assert smtp_server.messages[1]["Subject"] == smtp_server.messages[0]["Subject"]
    assert [(e.status, e.message_id) for e in desk.mail.outbox()] == [("sent", second), ("sent", first)]
    assert desk.reports.printed_count(invoice) == 2


def test_every_failed_e_mail_is_sent_again_at_once(mail_shop, smtp_server, fast_pdf):
    desk = mail_shop
    point_at(desk, smtp_server.closed_port())
    for _ in range(3):
        with pytest.raises(MailError):
            desk.mail.send(desk.posted.invoice(post_invoice(desk)))
    desk.mail.cancel(desk.mail.outbox()[0].id)  # the newest is given up
    point_at(desk, smtp_server.port)
    seen = []
    results = desk.mail.retry_failed(progress=lambda done, total: seen.append((done, total)))
    assert [error for _id, _mid, error in results] == [None, None] and seen == [(1, 2), (2, 2)]
    assert [e.status for e in desk.mail.outbox()] == ["cancelled", "sent", "sent"]
    assert len(smtp_server.messages) == 2


def test_post_and_send_follows_how_the_customer_takes_documents(mail_shop, smtp_server, tmp_path, fast_pdf):
    desk = mail_shop
    point_at(desk, smtp_server.port, print_folder=str(tmp_path / "printed"), open_printed=False)
    desk.customers.update("C", send_by="print", email="")
    paper = desk.sales.create(DocKind.INVOICE, "C")
    desk.sales.add_line(paper, "A", D("1"))
    result = desk.mail.post_and_send(paper)  # no e-mail address needed: it is printed
    assert result.printed.name == f"Invoice_{result.posted_no}.pdf" and result.message_id is None
    assert result.error is None and smtp_server.messages == []
    desk.customers.update("C", send_by="both", email="jardins@example.com")
    both = desk.sales.create(DocKind.INVOICE, "C")
    desk.sales.add_line(both, "A", D("1"))
    result = desk.mail.post_and_send(both)
    assert result.printed.exists() and result.message_id == smtp_server.messages[0]["Message-ID"]
    assert desk.reports.printed_count(desk.posted.invoice(result.posted_no)) == 2  # printed and e-mailed
    with pytest.raises(SalesDeskError):
        desk.customers.update("C", send_by="fax")
