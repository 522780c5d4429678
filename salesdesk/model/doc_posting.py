"""Posting actions of ``desk.sales``: post and preview (mixed into SalesService)."""

from __future__ import annotations

import datetime as dt

from .posting import Posting, PostingResult


class PostingActions:
    def post(self, doc, *, ship: bool = False, invoice: bool = False, receive: bool = False,
             posting_date: dt.date | None = None) -> PostingResult:
        """Post a document in one transaction: an order ships and/or invoices, a return order
        receives and/or invoices, an invoice or credit memo posts whole. Refused with every
        problem listed (``PostingError.problems``) before anything is written."""
        with self._desk.db.write() as s:
            return Posting(self._desk, s, doc, ship=ship, invoice=invoice, receive=receive,
                           posting_date=posting_date).run()

    def preview_post(self, doc, *, ship: bool = False, invoice: bool = False, receive: bool = False,
                     posting_date: dt.date | None = None) -> PostingResult:
        """The same checks and the entries a posting would write (``.entries`` per table),
        with nothing saved: the posting runs and is rolled back."""
        with self._desk.db.trial() as s:
            return Posting(self._desk, s, doc, ship=ship, invoice=invoice, receive=receive,
                           posting_date=posting_date, preview=True).run()
