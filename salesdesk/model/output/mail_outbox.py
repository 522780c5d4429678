"""The outbox as the desk reads it (``desk.mail.outbox``, ``entry``, ``sent_for``): pages from
SQL, newest first, filtered by state and by what was typed; times in the local time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.lists import escape_like
from ..tables import OutboxEntry
from .report_data import DocumentKey, key_of

STATUSES = ("queued", "sending", "sent", "failed", "cancelled")


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
    vendor_no: str = ""  # a purchase document's vendor

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


_LIST_COLUMNS = (OutboxEntry.id, OutboxEntry.posted, OutboxEntry.doc_kind, OutboxEntry.doc_no, OutboxEntry.report,
                 OutboxEntry.customer_no, OutboxEntry.to_addr, OutboxEntry.subject, OutboxEntry.status,
                 OutboxEntry.message_id, OutboxEntry.error, OutboxEntry.attempts, OutboxEntry.created_at,
                 OutboxEntry.sent_at, OutboxEntry.vendor_no)


def _item(row) -> OutboxItem:
    key = DocumentKey(bool(row.posted), row.doc_kind, row.doc_no)
    return OutboxItem(row.id, key.posted, key.kind, key.no, describe_key(key), row.report, row.customer_no,
                      row.to_addr, row.subject, row.status, row.message_id, row.error, row.attempts,
                      local_time(row.created_at), local_time(row.sent_at), row.vendor_no or "")


def local_time(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time (UTC, aware or not depending on the driver) in the local time zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone()


def describe_key(key: DocumentKey) -> str:
    try:
        return key.describe()
    except (KeyError, ValueError):
        return f"{key.kind} {key.no}"



class OutboxQueries:
    """What ``desk.mail`` tells of its outbox (MailService inherits it)."""

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
            OutboxEntry.doc_no, OutboxEntry.customer_no, OutboxEntry.vendor_no, OutboxEntry.to_addr,
            OutboxEntry.subject))))
    return query


def _status(status: str) -> str:
    if status not in STATUSES:
        raise SalesDeskError(_("'{status}' is not an outbox status (queued, sending, sent, failed, cancelled).").format(
            status=status))
    return status
