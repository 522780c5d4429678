"""Posting actions of ``desk.sales``: post, preview, post a prepayment invoice (``Desk`` mixes
them into the sales documents' service, so that sales/ does not depend on posting/)."""

from __future__ import annotations

import datetime as dt

from ...i18n import _
from ..core.fields import parse_date
from ..sales import doc_states
from ..sales.doc_rules import describe
from ..sales.kinds import DocKind
from .posting import Posting, PostingResult
from .prepayment_invoice import post_prepayment_invoice


class PostingActions:
    def post(self, doc, *, ship: bool = False, invoice: bool = False, receive: bool = False,
             posting_date: dt.date | None = None) -> PostingResult:
        """Post a document in one transaction: an order ships and/or invoices, a return order
        receives and/or invoices, an invoice or credit memo posts whole. Refused with every
        problem listed (``PostingError.problems``) before anything is written."""
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        with self._desk.db.write() as s:
            return Posting(self._desk, s, doc, ship=ship, invoice=invoice, receive=receive,
                           posting_date=posting_date).run()

    def preview_post(self, doc, *, ship: bool = False, invoice: bool = False, receive: bool = False,
                     posting_date: dt.date | None = None) -> PostingResult:
        """The same checks and the entries a posting would write (``.entries`` per table),
        with nothing saved: the posting runs and is rolled back."""
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        with self._desk.db.trial() as s:
            return Posting(self._desk, s, doc, ship=ship, invoice=invoice, receive=receive,
                           posting_date=posting_date, preview=True).run()

    def post_prepayment_invoice(self, doc, *, posting_date: dt.date | None = None) -> str:
        """Post the order's prepayment invoice (Prepayment % of every line, or what is still
        missing of it); the order becomes Pending Prepayment until it is paid. Returns the
        posted invoice's number."""
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            doc_states.require(row.status, "post_prepayment", describe(DocKind(row.kind), row.no))
            return post_prepayment_invoice(self._desk, s, row, posting_date or row.posting_date or self._desk.today())
