"""The posting period: the company's Allow Posting From / Allow Posting To (BC's General
Ledger Setup), checked by every posting (sales, payments, corrections, prepayments)."""

from __future__ import annotations

import datetime as dt

from ...i18n import _


def _fmt(day: dt.date | None) -> str:
    return day.isoformat() if day else "…"


def posting_date_problem(posting_date: dt.date | None, company) -> str | None:
    if posting_date is None:
        return _("Posting Date must be filled in.")
    low, high = company.allow_posting_from, company.allow_posting_to
    if (low and posting_date < low) or (high and posting_date > high):
        return _("Posting Date {date} is not within the range allowed in Company setup ({low} to {high}).") \
            .format(date=posting_date.isoformat(), low=_fmt(low), high=_fmt(high))
    return None
