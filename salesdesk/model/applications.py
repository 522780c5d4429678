"""Applying customer ledger entries to each other: a credit memo (or, later, a payment)
settles an invoice. Each application is an append-only row; the two entries' remaining
amounts and Open flags move with it in the same unit of work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import case, func, select, update
from sqlmodel import Session

from .tables import CustApplication, CustLedgerEntry


def apply_entries(s: Session, entry_no: int, applied_to_entry_no: int, amount: Decimal, posting_date: dt.date,
                  transaction_no: int = 0) -> None:
    """``entry_no`` settles ``amount`` of ``applied_to_entry_no`` (``amount`` has the settled
    entry's sign: positive for an invoice)."""
    s.add(CustApplication(entry_no=entry_no, applied_to_entry_no=applied_to_entry_no, amount=amount,
                          posting_date=posting_date, transaction_no=transaction_no))
    entry = CustLedgerEntry.__table__
    for no, change in ((applied_to_entry_no, -amount), (entry_no, amount)):
        remaining = entry.c.remaining_amount + change
        s.execute(update(entry).where(entry.c.entry_no == no).values(
            remaining_amount=remaining, open=case((remaining == 0, False), else_=True)))
    s.flush()


def document_entry(s: Session, customer_no: str, document_type: str, document_no: str):
    """The customer ledger entry of a posted document: (entry_no, remaining_amount, open), or None."""
    entry = CustLedgerEntry
    return s.execute(select(entry.entry_no, entry.remaining_amount, entry.open).where(
        entry.customer_no == customer_no, entry.document_type == document_type,
        entry.document_no == document_no)).first()


def unapply_entry(s: Session, entry_no: int, posting_date: dt.date) -> int:
    """Undo every application ``entry_no`` made, each by an opposite application row, so
    that the remaining amounts come back exactly. Returns how many entries it freed."""
    rows = s.execute(select(CustApplication.applied_to_entry_no, func.sum(CustApplication.amount))
                     .where(CustApplication.entry_no == entry_no)
                     .group_by(CustApplication.applied_to_entry_no)).all()
    undone = [(applied_to, amount) for applied_to, amount in rows if amount]
    for applied_to, amount in undone:
        apply_entries(s, entry_no, applied_to, -amount, posting_date)
    return len(undone)
