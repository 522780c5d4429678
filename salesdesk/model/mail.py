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

from sqlalchemy import func, or_, select, update

from ..i18n import _
from .errors import NotFound, SalesDeskError
from .lists import escape_like
from .mail_settings import (
    TransportError,
    deliver,
    problems_of,
    settings_of,
    smtp_password,
)
from .report_data import DocumentKey, key_of
from .tables import Customer, DocumentOutput, OutboxEntry

STATUSES = ("queued", "sending", "sent", "failed", "cancelled")
RETRYABLE = ("queued", "failed")
# an e-mail claimed for sending this long ago was never finished (the desk stopped mid-send): it
# may be sent again
STALE_SENDING = dt.timedelta(minutes=10)
MAX_BODY_LINES = 20  # document lines listed in the body; the PDF has them all
INVOICE_LIKE = ("invoice", "prepayment_invoice", "pro_forma")


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

    def describe(self) -> str:
        return self.key.describe()


@dataclass(frozen=True)
class OutboxItem:
    """One outbox row as the Outbox list shows it (without body and attachment)."""

    id: int
    posted: bool
    doc_kind: str
    doc_no: str
    document: str  # "Posted Invoice PSI-00001"
    report: str
    customer_no: str
    to_addr: str
    subject: str
    status: str  # queued, sending, sent, failed, cancelled
    message_id: str
    error: str
    attempts: int
    created_at: dt.datetime  # local time
    sent_at: dt.datetime | None

    @property
    def key(self) -> DocumentKey:
        return DocumentKey(self.posted, self.doc_kind, self.doc_no)

    @property
    def to(self) -> str:
        return self.to_addr


@dataclass(frozen=True)
class OutboxMessage(OutboxItem):
    """One outbox row with its body and the attachment's name and size."""

    body: str = ""
    attachment_name: str = ""
    attachment_size: int = 0


@dataclass(frozen=True)
class PostAndSendResult:
    posted_no: str  # the document sent (or to send): invoice, credit memo, shipment, return receipt
    kind: str  # its posted kind
    message_id: str | None  # None when not sent
    error: str | None  # why it was not sent (the posting stands)
    outbox_id: int | None = None  # the failed e-mail, to retry
    posting: object = None  # the PostingResult


_LIST_COLUMNS = (OutboxEntry.id, OutboxEntry.posted, OutboxEntry.doc_kind, OutboxEntry.doc_no, OutboxEntry.report,
                 OutboxEntry.customer_no, OutboxEntry.to_addr, OutboxEntry.subject, OutboxEntry.status,
                 OutboxEntry.message_id, OutboxEntry.error, OutboxEntry.attempts, OutboxEntry.created_at,
                 OutboxEntry.sent_at)


def _item(row) -> OutboxItem:
    key = DocumentKey(bool(row.posted), row.doc_kind, row.doc_no)
    return OutboxItem(row.id, key.posted, key.kind, key.no, _describe(key), row.report, row.customer_no,
                      row.to_addr, row.subject, row.status, row.message_id, row.error, row.attempts,
                      local_time(row.created_at), local_time(row.sent_at))


def stamp(desk) -> dt.datetime:
    """The desk's now (work date, time of day) as an aware UTC time, as the outbox and the
    print log store it."""
    return desk.now().astimezone(dt.UTC)


def local_time(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time (UTC, aware or not depending on the driver) in the local time zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone()


def _describe(key: DocumentKey) -> str:
    try:
        return key.describe()
    except (KeyError, ValueError):
        return f"{key.kind} {key.no}"


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


class MailService:
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
        else:
            raise SalesDeskError(_("Customer {no} has no e-mail address. Enter one on the customer card or type it "
                                   "in To.").format(no=data.customer_no))
        labels = data.labels
        subject = labels.format("mail_subject", company=data.company.party.name, title=data.title, no=data.no)
        attachment = desk.reports.render(data, created=desk.now())
        return Draft(data.key, data.report, to, subject.strip(" -"), body_text(data), data.attachment_name(),
                     attachment, data.customer_no)

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
                    other=draft.describe(), what=_describe(key)))
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

    def _claim(self, outbox_id: int) -> None:
        """Mark the e-mail as being sent, in one statement: of two clerks (or two keystrokes)
        sending it again at once, only one gets it; the other is told it is on its way."""
        now = stamp(self._desk)
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

    def post_and_send(self, doc, *, ship: bool = False, invoice: bool = True, receive: bool = False,
                      to: str | None = None) -> PostAndSendResult:
        """Post ``doc`` and e-mail what was posted: the invoice or credit memo, else the shipment
        (delivery note) or return receipt. Refused before posting when e-mail is not set up or
        there is no valid address; posting refusals propagate and nothing is sent. When the
        sending fails the posting stands (it is committed, as in BC): the result carries the
        error and the failed outbox entry, to retry."""
        desk = self._desk
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
        try:
            message_id = self.send(DocumentKey(True, kind, no), to)
        except MailError as err:
            return PostAndSendResult(no, kind, None, str(err), err.outbox_id, posting)
        except SalesDeskError as err:
            return PostAndSendResult(no, kind, None, str(err), None, posting)
        return PostAndSendResult(no, kind, message_id, None, None, posting)

    def _check_customer_address(self, doc) -> None:
        current = self._desk.sales.get(key_of(doc).kind, doc.no)
        with self._desk.db.read() as s:
            customer = (s.get(Customer, current.bill_to_customer_no) if current.bill_to_customer_no else None) \
                or s.get(Customer, current.customer_no)
        if customer is None or not customer.email:
            raise SalesDeskError(_("Customer {no} has no e-mail address. Enter one on the customer card or type it "
                                   "in To.").format(no=customer.no if customer else current.customer_no))

    def _queue(self, draft: Draft) -> int:
        """The e-mail written to the outbox (claimed: "sending"), committed before the server is
        contacted."""
        with self._desk.db.write() as s:
            entry = OutboxEntry(
                posted=draft.key.posted, doc_kind=draft.key.kind, doc_no=draft.key.no, report=draft.report,
                customer_no=draft.customer_no, to_addr=draft.to, subject=draft.subject, body=draft.body,
                attachment_name=draft.attachment_name, attachment=draft.attachment, status="sending",
                created_at=stamp(self._desk), claimed_at=stamp(self._desk))
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

    # -- the outbox --------------------------------------------------------------------------

    def outbox(self, status: str | None = None, limit: int = 100, offset: int = 0, *,
               text: str = "") -> list[OutboxItem]:
        """One page of the outbox, newest first; ``status`` keeps one state (queued, sent, failed,
        cancelled), ``text`` the e-mails whose document number, customer, address or subject
        contains it."""
        query = _filtered(select(*_LIST_COLUMNS), status, text)
        query = query.order_by(OutboxEntry.id.desc()).limit(limit).offset(offset)
        with self._desk.db.read() as s:
            return [_item(row) for row in s.execute(query)]

    def outbox_count(self, status: str | None = None, *, text: str = "") -> int:
        query = _filtered(select(func.count()).select_from(OutboxEntry), status, text)
        with self._desk.db.read() as s:
            return s.execute(query).scalar_one()

    def entry(self, outbox_id: int) -> OutboxMessage:
        """One e-mail of the outbox with its body and attachment name (refused when unknown)."""
        query = select(*_LIST_COLUMNS, OutboxEntry.body, OutboxEntry.attachment_name,
                       func.length(OutboxEntry.attachment).label("size")).where(OutboxEntry.id == outbox_id)
        with self._desk.db.read() as s:
            row = s.execute(query).first()
        if row is None:
            raise NotFound(_("E-mail {id} is not in the outbox.").format(id=outbox_id))
        item = _item(row)
        return OutboxMessage(**{f: getattr(item, f) for f in OutboxItem.__dataclass_fields__},
                             body=row.body, attachment_name=row.attachment_name, attachment_size=row.size or 0)

    def attachment(self, outbox_id: int) -> bytes:
        """The PDF an outbox e-mail carries (or will carry)."""
        return self._entry_row(outbox_id).attachment

    def sent_for(self, doc) -> list[OutboxItem]:
        """Every e-mail of one document (any state), newest first."""
        key = key_of(doc)
        query = select(*_LIST_COLUMNS).where(
            OutboxEntry.posted == key.posted, OutboxEntry.doc_kind == key.kind, OutboxEntry.doc_no == key.no,
        ).order_by(OutboxEntry.id.desc())
        with self._desk.db.read() as s:
            return [_item(row) for row in s.execute(query)]

    def _entry_row(self, outbox_id: int) -> OutboxEntry:
        with self._desk.db.read() as s:
            entry = s.get(OutboxEntry, outbox_id)
        if entry is None:
            raise NotFound(_("E-mail {id} is not in the outbox.").format(id=outbox_id))
        return entry


def _filtered(query, status: str | None, text: str):
    if status is not None:
        query = query.where(OutboxEntry.status == _status(status))
    for word in (text or "").split():
        pattern = f"%{escape_like(word)}%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            OutboxEntry.doc_no, OutboxEntry.customer_no, OutboxEntry.to_addr, OutboxEntry.subject))))
    return query


def _status(status: str) -> str:
    if status not in STATUSES:
        raise SalesDeskError(_("'{status}' is not an outbox status (queued, sending, sent, failed, cancelled).").format(
            status=status))
    return status


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


# -- the body ---------------------------------------------------------------------------------


def body_text(data) -> str:
    """The plain-text body of a document's e-mail, in its language: greeting, what is
    attached, the lines (at most MAX_BODY_LINES), the total, due date, payment link, closing."""
    from babel.dates import format_date
    from babel.numbers import format_currency

    labels, locale = data.labels, data.labels.locale
    title = data.title if labels.language == "en" else data.title[:1].lower() + data.title[1:]
    out = [labels.format("mail_greeting", name=data.bill_to.name), "",
           labels.format("mail_intro", title=title, no=data.no), ""]
    out += _lines_table(data)
    if data.priced:
        out.append(labels.format("mail_total", amount=format_currency(data.amount_incl_vat, data.currency,
                                                                      locale=locale)))
    if data.report in INVOICE_LIKE and data.due_date:
        out.append(labels.format("mail_due", date=format_date(data.due_date, "long", locale=locale)))
    if data.report == "quote" and data.valid_until:
        out.append(labels.format("mail_valid_until", date=format_date(data.valid_until, "long", locale=locale)))
    link = data.payment_link()
    if link:
        out += ["", labels.format("mail_pay", link=link)]
    company = data.company
    out += ["", labels["mail_closing"], company.party.name]
    out += [part for part in (company.party.phone, company.website) if part]
    return "\n".join(out).strip() + "\n"


def _lines_table(data) -> list[str]:
    from babel.numbers import format_decimal

    labels, locale = data.labels, data.labels.locale
    lines = [ln for ln in data.lines if not ln.is_comment]
    if not lines:
        return []
    priced = data.priced
    head = f"{labels['item_no']:<12} {labels['description']:<34} {labels['quantity']:>10}"
    if priced:
        head += f" {labels['line_amount_incl_vat' if data.prices_incl_vat else 'line_amount']:>14}"
    out = [labels["mail_lines"], head, "-" * len(head)]
    for line in lines[:MAX_BODY_LINES]:
        description = line.description if len(line.description) <= 34 else line.description[:33] + "…"
        quantity = format_decimal(line.quantity.normalize(), locale=locale) if line.quantity is not None else ""
        row = f"{line.no[:12]:<12} {description:<34} {quantity:>10}"
        if priced:
            amount = line.line_amount if line.line_amount is not None else line.amount
            row += f" {format_decimal(amount, format='#,##0.00', locale=locale):>14}"
        out.append(row.rstrip())
    if len(lines) > MAX_BODY_LINES:
        out.append(labels.format("mail_more_lines", n=len(lines) - MAX_BODY_LINES))
    out.append("")
    return out
