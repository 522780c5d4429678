"""What the receivables reports return: the age buckets, the aged balance of every customer,
and a customer statement, as frozen values (computed by ``receivables``, printed by
``statement_text``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ...i18n import _
from ..core.snapshots import CustomerEntry

BUCKETS = (_("Current"), _("1-30 days"), _("31-60 days"), _("61-90 days"), _("Over 90 days"))
AGED_COLUMNS = ("customer_no", "name", "balance", "current", "days_1_30", "days_31_60", "days_61_90",
                "over_90")


@dataclass(frozen=True)
class AgedBalance:
    """The aged balance on ``as_of``: one row per customer with open entries, as tuples in
    ``AGED_COLUMNS`` order, and the totals of every column."""

    as_of: dt.date
    rows: list[tuple]
    totals: tuple[Decimal, ...]  # balance, current, 1-30, 31-60, 61-90, over 90


@dataclass(frozen=True)
class StatementLine:
    posting_date: dt.date
    document_type: str
    document_no: str
    description: str
    due_date: dt.date | None
    amount: Decimal
    balance: Decimal  # running balance after this line


@dataclass(frozen=True)
class Statement:
    """A customer statement: the balance brought forward, the period's entries with a running
    balance, the balance at the end, and what is still open at the end with its age."""

    customer_no: str
    name: str
    address: str
    date_from: dt.date
    date_to: dt.date
    opening_balance: Decimal
    lines: tuple[StatementLine, ...]
    closing_balance: Decimal
    open_entries: tuple[CustomerEntry, ...]
    aging: tuple[Decimal, ...]  # current, 1-30, 31-60, 61-90, over 90 (of the open entries)
