"""Documents out: the print log (BC's No. Printed) and the e-mail outbox / sent log."""

import datetime as dt

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

from ..core.references import refers_to


class DocumentOutput(SQLModel, table=True):
    """One print or e-mail of a document, append-only. A document's printed counter is the
    number of its rows (BC bumps No. Printed whenever the report is generated for it)."""

    __tablename__ = "document_output"
    __table_args__ = (Index("ix_document_output_doc", "posted", "doc_kind", "doc_no"),
                      {"info": {"label": "printed documents"}})
    id: int | None = Field(default=None, primary_key=True)
    posted: bool = False
    doc_kind: str  # quote, order, ... for unposted documents; shipment, invoice, ... for posted
    doc_no: str
    report: str  # quote, order_confirmation, picking_list, shipment, invoice, credit_memo, ...
    channel: str  # "print" or "email"
    at: dt.datetime
    path: str = ""  # where Print wrote the PDF
    outbox_id: int | None = None  # the e-mail that carried it


class OutboxEntry(SQLModel, table=True):
    """One e-mail of a document: queued, sent (with its Message-ID) or failed (with the error,
    to retry later). The attachment is kept so that a retry sends what was previewed."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status", "status", "id"), Index("ix_outbox_doc", "posted", "doc_kind", "doc_no"),
                      {"info": {"label": "e-mail outbox"}})
    id: int | None = Field(default=None, primary_key=True)
    posted: bool = False
    doc_kind: str
    doc_no: str
    report: str
    customer_no: str = Field(default="", sa_column_kwargs=refers_to("customer"))
    vendor_no: str | None = Field(default=None, sa_column_kwargs=refers_to("vendor"))  # purchase documents
    to_addr: str
    subject: str
    body: str
    attachment_name: str
    attachment: bytes = Field(sa_type=LargeBinary)
    status: str = "queued"  # sending, sent, failed, cancelled (queued: written, not yet tried)
    message_id: str = ""
    error: str = ""
    attempts: int = 0
    created_at: dt.datetime
    sent_at: dt.datetime | None = None
    claimed_at: dt.datetime | None = None  # when a send took it (status "sending")
