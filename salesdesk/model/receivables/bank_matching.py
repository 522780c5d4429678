"""Matching bank statement lines to open customer entries (BC's Payment Reconciliation
Journal auto-match): document numbers in the text, the amount, and the customer's name, each
proposal with a confidence from 0 to 100 and the reason shown to the clerk.

All open entries a statement can match are read in two queries (by document number, by
amount), never one query per line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.lists import escape_like
from ..core.money import ZERO
from ..core.text import fold
from ..tables import CustLedgerEntry, Customer

_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9\-_/.]{2,}[A-Z0-9]")
AUTO_ACCEPT = 90  # proposals at least this sure are accepted for posting unless the clerk says no


@dataclass(frozen=True)
class Match:
    customer_no: str = ""
    apply_to: str = ""  # document numbers, space separated ("" leaves the payment open)
    confidence: int = 0
    reason: str = ""


@dataclass(frozen=True)
class _Open:
    entry_no: int
    customer_no: str
    document_no: str
    remaining: Decimal
    discount: Decimal  # payment discount possible on the line's booking date is checked later
    discount_date: dt.date | None
    posting_date: dt.date


def tokens(*texts: str) -> set[str]:
    """Candidate document numbers in free text (upper-cased words with digits)."""
    found = set()
    for text in texts:
        for token in _TOKEN.findall((text or "").upper()):
            if any(ch.isdigit() for ch in token):
                found.add(token.rstrip("."))
    return found


class Matcher:
    """Proposes a match for each of a statement's lines; reads what it needs up front."""

    def __init__(self, s: Session, lines):
        self.s = s
        e = CustLedgerEntry
        columns = (e.entry_no, e.customer_no, e.document_no, e.remaining_amount, e.pmt_disc_possible,
                   e.pmt_discount_date, e.posting_date)
        # open debits: a positive amount left means open; no test on Open, which would make
        # SQLite scan the (open, customer) index instead of using the document no. / amount ones
        debits = (e.remaining_amount > 0, e.document_type.in_(("invoice", "refund")))
        words = set().union(*(tokens(line.text, line.reference) for line in lines)) if lines else set()
        self.by_document: dict[str, list[_Open]] = {}
        for chunk in _chunks(sorted(words)):
            for row in s.execute(select(*columns).where(*debits, e.document_no.in_(chunk))):
                self.by_document.setdefault(row[2], []).append(_Open(*row))
        amounts = {line.amount for line in lines if line.amount > 0}
        self.by_amount: dict[Decimal, list[_Open]] = {}
        for chunk in _chunks(sorted(amounts)):
            for row in s.execute(select(*columns).where(e.remaining_amount.in_(chunk), *debits)
                                 .order_by(e.posting_date, e.entry_no)):
                self.by_amount.setdefault(row[3], []).append(_Open(*row))
        customers = {o.customer_no for group in (*self.by_document.values(), *self.by_amount.values())
                     for o in group}
        self.names = {no: fold(name) for no, name in s.execute(
            select(Customer.no, Customer.name).where(Customer.no.in_(customers)))} if customers else {}

    def match(self, line) -> Match:
        if line.amount <= 0:
            return Match(reason=_("Money paid out: not a customer payment"))
        words = tokens(line.text, line.reference)
        named = [o for word in sorted(words) for o in self.by_document.get(word, [])]
        if named:
            return self._by_documents(line, named)
        return self._by_amount(line) or self._by_name(line) or Match(reason=_("No open entry matches"))

    def _by_documents(self, line, named: list[_Open]) -> Match:
        customers = {o.customer_no for o in named}
        customer_no = max(customers, key=lambda no: sum(1 for o in named if o.customer_no == no))
        entries = [o for o in named if o.customer_no == customer_no]
        documents = " ".join(dict.fromkeys(o.document_no for o in entries))
        total = sum((o.remaining for o in entries), ZERO)
        discount = sum((o.discount for o in entries if o.discount_date and line.booking_date <= o.discount_date),
                       ZERO)
        if len(customers) > 1:
            return Match(customer_no, documents, 50, _("Document numbers of several customers"))
        if line.amount == total:
            return Match(customer_no, documents, 100, _("Document no. and amount"))
        if discount and line.amount == total - discount:
            return Match(customer_no, documents, 95, _("Document no. and amount less payment discount"))
        if self._name_in(line, customer_no):
            return Match(customer_no, documents, 80, _("Document no. and name; amount differs ({open} open)")
                         .format(open=total))
        return Match(customer_no, documents, 70, _("Document no.; amount differs ({open} open)").format(open=total))

    def _by_amount(self, line) -> Match | None:
        candidates = self.by_amount.get(line.amount, [])
        if not candidates:
            return None
        with_name = [o for o in candidates if self._name_in(line, o.customer_no)]
        if with_name:
            best = with_name[0]
            sure = 90 if len(with_name) == 1 else 75
            return Match(best.customer_no, best.document_no, sure, _("Amount and customer name"))
        if len(candidates) == 1:
            best = candidates[0]
            return Match(best.customer_no, best.document_no, 60, _("Amount only"))
        return Match(reason=_("{n} open entries have this amount").format(n=len(candidates)))

    def _by_name(self, line) -> Match | None:
        name = fold(line.counterparty)
        if len(name) < 3:
            return None
        like = "%\x1f" + escape_like(name) + "%"
        found = self.s.execute(select(Customer.no).where(Customer.search_key.like(like, escape="\\")).limit(2)).all()
        if len(found) != 1:
            return None
        return Match(found[0][0], "", 40, _("Customer name only: left open on account"))

    def _name_in(self, line, customer_no: str) -> bool:
        name = self.names.get(customer_no, "")
        if len(name) < 3:
            return False
        haystack = fold(f"{line.counterparty} {line.text}")
        counterparty = fold(line.counterparty)
        return name in haystack or (len(counterparty) >= 3 and counterparty in name)


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]
