"""Posting actions of ``desk.purchases``: post and preview (``Desk`` mixes them into the
purchase documents' service, so that purchases/ does not depend on posting/)."""

from __future__ import annotations

import datetime as dt

from ...i18n import _
from ..core.fields import parse_date
from .purchase_posting import PurchasePosting, PurchasePostingResult


class PurchasePostingActions:
    def post(self, doc, *, receive: bool = False, invoice: bool = False, posting_date: dt.date | None = None,
             preview: bool = False) -> PurchasePostingResult:
        """Post a purchase document in one transaction: an order receives and/or invoices,
        an invoice or credit memo posts whole. Refused with every problem listed
        (``PostingError.problems``) before anything is written. ``preview=True``: see
        ``preview_post``."""
        if preview:
            return self.preview_post(doc, receive=receive, invoice=invoice, posting_date=posting_date)
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        with self._desk.db.write() as s:
            return PurchasePosting(self._desk, s, doc, receive=receive, invoice=invoice,
                                   posting_date=posting_date).run()

    def preview_post(self, doc, *, receive: bool = False, invoice: bool = False,
                     posting_date: dt.date | None = None) -> PurchasePostingResult:
        """The same checks and the entries a posting would write (``.entries`` per table),
        with nothing saved: the posting runs and is rolled back."""
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        with self._desk.db.trial() as s:
            return PurchasePosting(self._desk, s, doc, receive=receive, invoice=invoice,
                                   posting_date=posting_date, preview=True).run()
