"""Due dates from payment terms, for any document with a Document Date and a Payment Terms
Code (sales and purchase headers alike)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from ..tables import PaymentTerms


def due_date_of(s: Session, row) -> dt.date | None:
    """The Due Date of a header: its Document Date plus its payment terms' due days (the
    Document Date itself without terms); None without a Document Date."""
    if row.document_date is None:
        return None
    terms = s.get(PaymentTerms, row.payment_terms) if row.payment_terms else None
    return row.document_date + dt.timedelta(days=terms.due_days if terms else 0)
