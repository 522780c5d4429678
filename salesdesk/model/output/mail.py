"""``desk.mail``: documents sent by e-mail (BC's Send by Email, Outbox and Sent Items).

``compose`` writes the message a document would leave with (To, Subject, Body in the
document's language, the PDF attached) as a ``Draft`` the clerk can preview and change;
``send`` sends it (or composes and sends): one code path for the API and the TUI.

Every e-mail goes through the outbox: the entry (with its attachment) is committed as
"sending" before the server is contacted, then becomes "sent" (with its Message-ID, and the
recipients the server refused if it refused some) or "failed" (with why, to ``retry`` later or
``cancel``). A retry claims the entry in one statement, so that it is never sent twice at once. Sending never changes the document; a
sent e-mail counts as an output of it (the printed counter, ``printing.printed_count``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import or_, update

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..tables import Customer, DocumentOutput, OutboxEntry
from .mail_body import body_text
from .mail_outbox import OutboxQueries, describe_key
from .mail_settings import (
    TransportError,
    deliver,
    problems_of,
    settings_of,
    smtp_password,
)
from .report_data import DocumentKey, key_of

RETRYABLE = ("queued", "failed")
# what a resent e-mail copies from the one sent before
_CONTENT = ("posted", "doc_kind", "doc_no", "report", "customer_no", "vendor_no", "to_addr", "subject", "body", "attachment_name",
            "attachment")
# an e-mail claimed for sending this long ago (wall-clock time, whatever the clerks' work dates)
# was never finished (the desk stopped mid-send): it may be sent again
STALE_SENDING = dt.timedelta(minutes=10)


class MailError(SalesDeskError):
    """The server did not take the e-mail; it waits in the outbox (``outbox_id``) as failed."""

    def __init__(self, message: str, outbox_id: int):
        super().__init__(message)
        self.outbox_id = outbox_id


@dataclass(frozen=True)
class Draft:
    """One e-mail as it will leave: what the preview shows and ``send(..., draft=)`` sends."""

    key: DocumentKey
    report: str  # invoice, shipment, quote, ...
    to: str
    subject: str
    body: str
    attachment_name: str
    attachment: bytes = field(repr=False)
    customer_no: str = ""
    vendor_no: str = ""  # a purchase document's vendor

    def describe(self) -> str:
        return self.key.describe()


@dataclass(frozen=True)
class PostAndSendResult:
    posted_no: str  # the document sent (or to send): invoice, credit memo, shipment, return receipt
    kind: str  # its posted kind
    message_id: str | None  # None when not sent
    error: str | None  # why it was not sent (the posting stands)
    outbox_id: int | None = None  # the failed e-mail, to retry
    posting: object = None  # the PostingResult
    printed: object = None  # the PDF file written, when the customer's documents are printed (a Path)


def wall_clock() -> dt.datetime:
    """The real time now, in UTC: what a claim on an e-mail is dated with, so that two clerks on
    different work dates agree whether a send was left unfinished."""
    return dt.datetime.now(dt.UTC)


def stamp(desk) -> dt.datetime:
    """The desk's now (work date, time of day) as an aware UTC time, as the outbox and the
    print log store it."""
    return desk.now().astimezone(dt.UTC)


_NAMED = re.compile(r"^(?P<name>[^<>\"]*?)\s*<(?P<addr>[^<>\s]+)>$")


def parse_addresses(text: str) -> list[str]:
    """The addresses in ``text`` (separated by , or ;, each "name@host" or "Name <name@host>"),
    normalised. Refuses an empty text and anything that is not exactly such an address (so
    that what is sent to is what was typed)."""
    from email_validator import EmailNotValidError, validate_email

    parts = [p.strip() for p in re.split(r"[,;]", text or "") if p.strip()]
    if not parts:
        raise SalesDeskError(_("Type the recipient's e-mail address."))
    addresses = []
    for part in parts:
        named = _NAMED.match(part)
        name, addr = (named["name"].strip(), named["addr"]) if named else ("", part)
        try:
            if any(c in part for c in "\r\n") or (not named and any(c in part for c in " <>\"")):
                raise EmailNotValidError(part)
            valid = validate_email(addr, check_deliverability=False)
        except EmailNotValidError:
            raise SalesDeskError(_("'{value}' is not a valid e-mail address.").format(value=part)) from None
        addresses.append(str(Address(name, addr_spec=valid.normalized)) if name else valid.normalized)
    return addresses


class MailService(OutboxQueries):
    def __init__(self, desk):
        self._desk = desk

    # -- settings ----------------------------------------------------------------------------

    def settings_problems(self) -> list[str]:
        """What is missing to send e-mail, every reason at once ([] when the desk can send)."""
        settings = settings_of(self._desk.setup.company())
        return problems_of(settings, smtp_password(settings.user) if settings.user else None)

    def _ready(self):
        """The settings and password; refuses (every problem at once) when the desk cannot send."""
        settings = settings_of(self._desk.setup.company())
        password = smtp_password(settings.user) if settings.user else None
        problems = problems_of(settings, password)
        if problems:
            raise SalesDeskError(_("E-mail is not set up:") + " " + " ".join(problems))
        return settings, password

    @staticmethod
    def address_problem(to: str) -> str | None:
        """Why ``to`` cannot be sent to (None when every address in it is valid)."""
        try:
            parse_addresses(to)
        except SalesDeskError as err:
            return str(err)
        return None

    # -- composing ---------------------------------------------------------------------------

    def compose(self, doc, to: str | None = None, report: str | None = None, *,
                allow_no_address: bool = False) -> Draft:
        """The e-mail ``doc`` would be sent with: to ``to`` or the customer's e-mail, subject and
        body in the document's language, its PDF attached. Refuses a document without an
        address (unless ``allow_no_address``: the preview asks for one) and invalid addresses."""
        desk = self._desk
        data = desk.reports.report(doc, report)
        if to is not None and to.strip():
            to = ", ".join(parse_addresses(to))
        elif data.customer_email:
            to = data.customer_email
        elif allow_no_address:
            to = ""
        elif data.key.purchase:
            raise SalesDeskError(_("Vendor {no} has no e-mail address. Enter one on the vendor card or type it "
                                   "in To.").format(no=data.vendor_no))
        else:
            raise SalesDeskError(_("Customer {no} has no e-mail address. Enter one on the customer card or type it "
                                   "in To.").format(no=data.customer_no))
        labels = data.labels
        subject = labels.format("mail_subject", company=data.company.party.name, title=data.title, no=data.no)
        attachment = desk.reports.render(data, created=desk.now())
        return Draft(data.key, data.report, to, subject.strip(" -"), body_text(data), data.attachment_name(),
                     attachment, data.customer_no, data.vendor_no)

    # -- sending -----------------------------------------------------------------------------

    def send(self, doc, to: str | None = None, *, draft: Draft | None = None) -> str:
        """Send ``doc`` by e-mail (the ``draft`` previewed, when given, exactly as it is; ``to``
        replaces its address) and return the Message-ID. Refuses, with nothing queued, when
        e-mail is not set up or the address is missing or invalid. When the server does not
        take it, the outbox keeps it as failed and ``MailError`` says why."""
        key = key_of(doc)
        settings, password = self._ready()
        if draft is None:
            draft = self.compose(key, to)
        else:
            if draft.key != key:
                raise SalesDeskError(_("This e-mail was prepared for {other}, not {what}.").format(
                    other=draft.describe(), what=describe_key(key)))
            if to is not None:
                draft = replace(draft, to=to)
        draft = replace(draft, to=", ".join(parse_addresses(draft.to)))
        if not draft.subject.strip():
            raise SalesDeskError(_("The subject must not be empty."))
        if "\n" in draft.subject or "\r" in draft.subject:
            raise SalesDeskError(_("The subject must be one line."))
        outbox_id = self._queue(draft)
        return self._attempt(outbox_id, settings, password)

    def retry(self, outbox_id: int) -> str:
        """Send a failed (or still queued) e-mail again, exactly as stored; the Message-ID.
        Refused for one already sent or cancelled."""
        settings, password = self._ready()
        self._claim(outbox_id)
        return self._attempt(outbox_id, settings, password)

    def resend(self, outbox_id: int) -> str:
        """Send a sent (or cancelled) e-mail once more, as a new outbox entry with the same
        addresses, text and attachment (BC's Resend from Sent Emails); the new Message-ID."""
        settings, password = self._ready()
        now, claimed = stamp(self._desk), wall_clock()
        with self._desk.db.write() as s:
            entry = s.get(OutboxEntry, outbox_id)
            if entry is None:
                raise NotFound(_("E-mail {id} is not in the outbox.").format(id=outbox_id))
            if entry.status not in ("sent", "cancelled"):
                raise SalesDeskError(_("E-mail {id} has not been sent: send it again as it is (retry).").format(
                    id=outbox_id))
            copy = OutboxEntry(**{name: getattr(entry, name) for name in _CONTENT}, status="sending",
                               created_at=now, claimed_at=claimed)
            s.add(copy)
            s.flush()
            new_id = copy.id
        return self._attempt(new_id, settings, password)

    def retry_failed(self, progress=None) -> list[tuple[int, str | None, str | None]]:
        """Send every failed (or queued) e-mail again, oldest first: (id, Message-ID or None,
        error or None) for each. ``progress(done, total)`` is called after each one."""
        from sqlalchemy import select

        with self._desk.db.read() as s:
            ids = list(s.scalars(select(OutboxEntry.id).where(OutboxEntry.status.in_(RETRYABLE))
                                 .order_by(OutboxEntry.id)))
        self._ready()  # refuse at once (every problem) when the desk cannot send at all
        results = []
        for done, outbox_id in enumerate(ids, start=1):
            try:
                results.append((outbox_id, self.retry(outbox_id), None))
            except SalesDeskError as err:  # failed again (or claimed by another clerk meanwhile)
                results.append((outbox_id, None, str(err)))
            if progress is not None:
                progress(done, len(ids))
        return results

    def _claim(self, outbox_id: int) -> None:
        """Mark the e-mail as being sent, in one statement: of two clerks (or two keystrokes)
        sending it again at once, only one gets it; the other is told it is on its way."""
        now = wall_clock()
        with self._desk.db.write() as s:
            claimed = s.execute(update(OutboxEntry).where(
                OutboxEntry.id == outbox_id,
                or_(OutboxEntry.status.in_(RETRYABLE),
                    (OutboxEntry.status == "sending") & (OutboxEntry.claimed_at < now - STALE_SENDING)),
            ).values(status="sending", claimed_at=now)).rowcount
            if claimed == 1:
                return
            entry = s.get(OutboxEntry, outbox_id)
            if entry is None:
                raise NotFound(_("E-mail {id} is not in the outbox.").format(id=outbox_id))
            if entry.status == "sending":
                raise SalesDeskError(_("E-mail {id} is being sent right now.").format(id=outbox_id))
            raise SalesDeskError(self._final_state(entry))

    def cancel(self, outbox_id: int) -> None:
        """Give up a failed or queued e-mail: it stays in the outbox as cancelled."""
        with self._desk.db.write() as s:
            entry = s.get(OutboxEntry, outbox_id)
            if entry is None:
                raise NotFound(_("E-mail {id} is not in the outbox.").format(id=outbox_id))
            if entry.status not in RETRYABLE:
                raise SalesDeskError(self._final_state(entry))
            entry.status = "cancelled"
            s.add(entry)

    @staticmethod
    def _final_state(entry) -> str:
        if entry.status == "sent":
            return _("E-mail {id} was sent already (Message-ID {mid}).").format(id=entry.id, mid=entry.message_id)
        if entry.status == "sending":
            return _("E-mail {id} is being sent right now.").format(id=entry.id)
        return _("E-mail {id} was cancelled.").format(id=entry.id)

    def sending_profile(self, doc) -> str:
        """How Post and Send sends this customer's documents: "email", "print" or "both" (the
        bill-to customer's Send Documents By)."""
        customer = self._bill_to(doc)[1]
        return customer.send_by if customer is not None and customer.send_by else "email"

    def post_and_send(self, doc, *, ship: bool = False, invoice: bool = True, receive: bool = False,
                      to: str | None = None) -> PostAndSendResult:
        """Post ``doc`` and send what was posted (the invoice or credit memo, else the shipment
        (delivery note) or return receipt) the way its customer takes documents: e-mail, print
        or both. Refused before posting when the e-mail cannot leave (not set up, no valid
        address); posting refusals propagate and nothing is sent. When the sending fails the
        posting stands (it is committed, as in BC): the result carries the error and the failed
        outbox entry, to retry."""
        desk = self._desk
        profile = self.sending_profile(doc)
        email = profile in ("email", "both")
        if email:
            self._ready()
            if to is not None and to.strip():
                to = ", ".join(parse_addresses(to))
            else:
                to = None
                self._check_customer_address(doc)
        posting = desk.sales.post(doc, ship=ship, invoice=invoice, receive=receive)
        kind, no = next(((kind, getattr(posting, attr)) for attr, kind in (
            ("invoice_no", "invoice"), ("credit_memo_no", "credit_memo"), ("shipment_no", "shipment"),
            ("return_receipt_no", "return_receipt")) if getattr(posting, attr)), (None, None))
        if kind is None:
            return PostAndSendResult("", "", None, _("Nothing was posted to send."), None, posting)
        key = DocumentKey(True, kind, no)
        printed = None
        if profile in ("print", "both"):
            try:
                printed = desk.reports.print(key)
            except SalesDeskError as err:
                return PostAndSendResult(no, kind, None, str(err), None, posting)
        if not email:
            return PostAndSendResult(no, kind, None, None, None, posting, printed)
        try:
            message_id = self.send(key, to)
        except MailError as err:
            return PostAndSendResult(no, kind, None, str(err), err.outbox_id, posting, printed)
        except SalesDeskError as err:
            return PostAndSendResult(no, kind, None, str(err), None, posting, printed)
        return PostAndSendResult(no, kind, message_id, None, None, posting, printed)

    def _bill_to(self, doc):
        """The unposted document and its bill-to customer row (None when it is gone)."""
        current = self._desk.sales.get(key_of(doc).kind, doc.no)
        with self._desk.db.read() as s:
            customer = (s.get(Customer, current.bill_to_customer_no) if current.bill_to_customer_no else None) \
                or s.get(Customer, current.customer_no)
        return current, customer

    def _check_customer_address(self, doc) -> None:
        current, customer = self._bill_to(doc)
        if customer is None or not customer.email:
            raise SalesDeskError(_("Customer {no} has no e-mail address. Enter one on the customer card or type it "
                                   "in To.").format(no=customer.no if customer else current.customer_no))

    def _queue(self, draft: Draft) -> int:
        """The e-mail written to the outbox (claimed: "sending"), committed before the server is
        contacted."""
        with self._desk.db.write() as s:
            entry = OutboxEntry(
                posted=draft.key.posted, doc_kind=draft.key.kind, doc_no=draft.key.no, report=draft.report,
                customer_no=draft.customer_no, vendor_no=draft.vendor_no or None, to_addr=draft.to, subject=draft.subject, body=draft.body,
                attachment_name=draft.attachment_name, attachment=draft.attachment, status="sending",
                created_at=stamp(self._desk), claimed_at=wall_clock())
            s.add(entry)
            s.flush()
            return entry.id

    def _attempt(self, outbox_id: int, settings, password) -> str:
        """Hand the stored e-mail to the server once; record the outcome in its own transaction."""
        entry = self._entry_row(outbox_id)
        message_id = make_msgid(domain=settings.sender_domain)
        try:
            message = _message(entry, settings, message_id)
            refused = deliver(settings, message, password)
        except TransportError as err:
            error = str(err)
        except (ValueError, TypeError, LookupError) as err:  # a header the e-mail library refuses
            error = _("The e-mail could not be built: {reason}").format(reason=err)
        else:
            self._record_sent(entry, message_id, refused)
            return message_id
        with self._desk.db.write() as s:
            row = s.get(OutboxEntry, outbox_id)
            row.status, row.error, row.attempts = "failed", error, row.attempts + 1
            s.add(row)
        raise MailError(error, outbox_id)

    def _record_sent(self, entry, message_id: str, refused: dict[str, str]) -> None:
        """Sent: its Message-ID, and the recipients the server refused while taking the others."""
        now = stamp(self._desk)
        error = _("Not delivered to: {refused}").format(refused="; ".join(
            f"{address} ({reply})" for address, reply in refused.items())) if refused else ""
        with self._desk.db.write() as s:
            row = s.get(OutboxEntry, entry.id)
            row.status, row.message_id, row.error = "sent", message_id, error
            row.sent_at, row.attempts = now, row.attempts + 1
            s.add(row)
            s.add(DocumentOutput(posted=entry.posted, doc_kind=entry.doc_kind, doc_no=entry.doc_no,
                                 report=entry.report, channel="email", at=now, outbox_id=entry.id))

def _message(entry, settings, message_id: str) -> EmailMessage:
    """The MIME message of an outbox entry: text body and the PDF attached."""
    message = EmailMessage()
    local, _at, domain = settings.sender.rpartition("@")
    message["From"] = Address(settings.sender_name, local, domain)
    message["To"] = entry.to_addr
    message["Subject"] = entry.subject
    message["Date"] = format_datetime(dt.datetime.now().astimezone())  # the transport's own clock
    message["Message-ID"] = message_id
    message.set_content(entry.body, cte="quoted-printable")
    message.add_attachment(entry.attachment, maintype="application", subtype="pdf",
                           filename=entry.attachment_name)
    return message
