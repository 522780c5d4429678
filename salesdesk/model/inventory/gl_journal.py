"""Small G/L postings outside Sales-Post (the item journal's inventory value): one register
and balanced entries, inside the caller's unit of work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlmodel import Session

from ..core.errors import SalesDeskError
from ..tables import GLEntry, GLRegister


def post_gl(s: Session, *, posting_date: dt.date, source: str, document_type: str, document_no: str,
            description: str, amounts: list[tuple[str, Decimal]], source_type: str = "", source_no: str = "") -> int:
    """Write ``amounts`` (account, debit-positive amount) as one G/L transaction; returns its
    register number. Refuses amounts that do not sum to zero."""
    amounts = [(account, amount) for account, amount in amounts if amount]
    if sum((a for _acc, a in amounts), Decimal(0)) != 0:
        raise SalesDeskError("G/L entries must sum to zero.")
    register = (s.execute(select(func.max(GLRegister.no))).scalar() or 0) + 1
    first = (s.execute(select(func.max(GLEntry.entry_no))).scalar() or 0) + 1
    s.execute(insert(GLRegister.__table__), [dict(
        no=register, posting_date=posting_date, source=source, document_no=document_no, from_entry_no=first,
        to_entry_no=first + len(amounts) - 1)])
    if amounts:
        s.execute(insert(GLEntry.__table__), [dict(
            entry_no=first + i, transaction_no=register, posting_date=posting_date, document_type=document_type,
            document_no=document_no, account_no=account, description=description, amount=amount,
            source_type=source_type, source_no=source_no) for i, (account, amount) in enumerate(amounts)])
    return register
