"""``desk.receivables``: what customers owe and since when. Balance due, the aged balance of
every customer (current, 1-30, 31-60, 61-90, over 90 days past due) and the customer
statement for a period. An aged balance "as of" an earlier date leaves out entries posted
after it but ages today's remaining amounts (not the amounts open on that date). Read-only; the aged balance is one grouped scan of the open entries
(index ``ix_cle_open_customer``), never a query per customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Integer, case, exists, func, select, type_coerce

from ...i18n import _
from ..core.db import FastQuery
from ..core.errors import NotFound
from ..core.fields import parse_date
from ..core.lists import filter_clause
from ..core.money import CENT, ZERO, Amount
from ..core.snapshots import CustomerEntry, from_row
from ..tables import CustLedgerEntry, Customer
from .aging import AgedBalance, Statement, StatementLine
from .statement_text import render_statement


def _overdue_sums(as_of: dt.date, e=CustLedgerEntry, sign: int = 1) -> list:
    """SUM(remaining) of all open entries and of those due before as_of, as_of - 30, - 60 and
    - 90 days: one comparison per sum, the cheapest way through a million rows. The age
    buckets are the differences between them (``_buckets``). ``sign`` -1 turns a vendor
    ledger's negative remaining amounts into what we owe."""
    remaining = e.remaining_amount if sign > 0 else -e.remaining_amount
    sums = [func.sum(remaining)]
    for days in (0, 30, 60, 90):
        sums.append(func.sum(case((e.due_date < as_of - dt.timedelta(days=days), remaining))))
    return [type_coerce(total, Integer) for total in sums]  # integer cents, converted by _buckets


def _buckets(total, lt0, lt30, lt60, lt90) -> tuple:
    """(balance, current, 1-30, 31-60, 61-90, over 90) from the cumulative overdue sums (raw
    integer cents, None for none), as Decimals."""
    total, lt0, lt30, lt60, lt90 = total or 0, lt0 or 0, lt30 or 0, lt60 or 0, lt90 or 0
    return (_cents(total), _cents(total - lt0), _cents(lt0 - lt30), _cents(lt30 - lt60), _cents(lt60 - lt90),
            _cents(lt90))


_NO_CENTS = Decimal("0.00")


def _cents(value: int) -> Decimal:
    return value * CENT if value else _NO_CENTS  # int * Decimal("0.01"): exact, and the fastest way


def age(entries, as_of: dt.date) -> tuple[Decimal, ...]:
    """The open ``entries`` (with due_date and remaining_amount) summed per age bucket."""
    totals = [ZERO] * 5
    for entry in entries:
        overdue = (as_of - entry.due_date).days if entry.due_date else 0
        index = 0 if overdue <= 0 else 1 if overdue <= 30 else 2 if overdue <= 60 else 3 if overdue <= 90 else 4
        totals[index] += entry.remaining_amount
    return tuple(totals)


class AgedLedger:
    """The aged balance of one ledger's parties (customers here, vendors in payables): the
    entry table, the party table and column, and the sign that makes what is owed positive."""

    entry = CustLedgerEntry
    party = Customer
    party_column = "customer_no"
    sign = 1

    def __init__(self, desk):
        self._desk = desk

    def _party_no(self):
        return getattr(self.entry, self.party_column)

    def aged_balance(self, as_of: dt.date | None = None) -> AgedBalance:
        """Every customer (vendor) with open entries, aged by due date on ``as_of`` (today). One
        grouped scan of the covering index; rows are read as raw integers and converted once."""
        as_of = parse_date(as_of, _("Aged As Of"), self._desk.today()) or self._desk.today()
        e, party_no = self.entry, self._party_no()
        grouped = select(party_no, *_overdue_sums(as_of, e, self.sign)).where(
            e.open.is_(True), e.posting_date <= as_of).group_by(party_no).subquery()
        query = select(grouped, self.party.name).join(self.party, self.party.no == grouped.c[self.party_column])
        with self._desk.db.read() as s:
            raw = FastQuery(query).run(s)  # the sums are typed Integer: raw cents, no conversion
        rows = [(r[0], r[6], *_buckets(*r[1:6])) for r in raw]
        totals = _buckets(*(sum(r[i] or 0 for r in raw) for i in range(1, 6)))
        return AgedBalance(as_of, rows, totals)

    def aged_page(self, text: str = "", offset: int = 0, limit: int = 100, *, as_of: dt.date | None = None,
                  overdue_only: bool = False) -> list[tuple]:
        """One page of the aged balance (customers, vendors filtered by ``text``), as
        ``AGED_COLUMNS`` tuples: the page's parties first (an index probe each), then their sums only."""
        as_of = parse_date(as_of, _("Aged As Of"), self._desk.today()) or self._desk.today()
        e, party_no = self.entry, self._party_no()
        with self._desk.db.read() as s:
            parties = s.execute(self._parties(text, as_of, overdue_only).order_by(self.party.no)
                                .offset(offset).limit(limit)).all()
            nos = [no for no, _name in parties]
            sums = {row[0]: row[1:] for row in s.execute(
                select(party_no, *_overdue_sums(as_of, e, self.sign)).where(
                    e.open.is_(True), e.posting_date <= as_of, party_no.in_(nos)).group_by(party_no))}
        return [(no, name, *_buckets(*sums.get(no, (0, 0, 0, 0, 0)))) for no, name in parties]

    def aged_count(self, text: str = "", *, as_of: dt.date | None = None, overdue_only: bool = False) -> int:
        query = self._parties(text, as_of or self._desk.today(), overdue_only).subquery()
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(query)).scalar_one()

    def _parties(self, text: str, as_of: dt.date, overdue_only: bool):
        """Parties (no., name) with open entries on ``as_of`` (overdue ones with ``overdue_only``)."""
        e, party = self.entry, self.party
        conditions = [self._party_no() == party.no, e.open.is_(True), e.posting_date <= as_of]
        if overdue_only:
            conditions += [e.due_date < as_of, e.remaining_amount > 0 if self.sign > 0 else e.remaining_amount < 0]
        return select(party.no, party.name).where(filter_clause(party.search_key, text), exists().where(*conditions))

    def aged_totals(self, as_of: dt.date | None = None) -> tuple[Decimal, ...]:
        """The totals line: balance, current, 1-30, 31-60, 61-90, over 90."""
        as_of = parse_date(as_of, _("Aged As Of"), self._desk.today()) or self._desk.today()
        e = self.entry
        with self._desk.db.read() as s:
            row = s.execute(select(*_overdue_sums(as_of, e, self.sign)).where(
                e.open.is_(True), e.posting_date <= as_of)).one()
        return _buckets(*row)


class ReceivablesService(AgedLedger):
    def balance_due(self, customer_no: str, on: dt.date | None = None) -> Decimal:
        """What is due on ``on`` (today): open amounts whose due date has come (BC's Balance Due)."""
        return self.balances_due([customer_no], on)[customer_no]

    def balances_due(self, nos: list[str], on: dt.date | None = None) -> dict[str, Decimal]:
        """{customer no.: balance due} for a page of customers, in one grouped query."""
        if not nos:
            return {}
        on = on or self._desk.today()
        e = CustLedgerEntry
        with self._desk.db.read() as s:
            found = dict(s.execute(select(e.customer_no, type_coerce(func.sum(e.remaining_amount), Amount)).where(
                e.open.is_(True), e.customer_no.in_(nos), e.due_date <= on).group_by(e.customer_no)).all())
        return {no: found.get(no) or Decimal("0.00") for no in nos}

    # -- statement -----------------------------------------------------------------------------

    def statement(self, customer_no: str, date_from: dt.date, date_to: dt.date) -> Statement:
        """The customer's statement for ``date_from``..``date_to``."""
        e = CustLedgerEntry
        with self._desk.db.read() as s:
            customer = s.get(Customer, customer_no)
            if customer is None:
                raise NotFound(_("Customer {no} does not exist.").format(no=customer_no))
            opening = s.execute(select(type_coerce(func.sum(e.amount), Amount)).where(
                e.customer_no == customer_no, e.posting_date < date_from)).scalar() or Decimal("0.00")
            period = s.execute(select(e.posting_date, e.document_type, e.document_no, e.description, e.due_date,
                                      e.amount).where(e.customer_no == customer_no, e.posting_date >= date_from,
                                                      e.posting_date <= date_to)
                               .order_by(e.posting_date, e.entry_no)).all()
            still_open = [from_row(CustomerEntry, r) for r in s.execute(
                select(e.__table__).where(e.customer_no == customer_no, e.open.is_(True), e.posting_date <= date_to)
                .order_by(e.due_date, e.entry_no))]
        running = opening
        lines = []
        for posting_date, document_type, document_no, description, due_date, amount in period:
            running += amount
            lines.append(StatementLine(posting_date, document_type, document_no, description, due_date, amount,
                                       running))
        address = ", ".join(p for p in (customer.address, f"{customer.post_code} {customer.city}".strip()) if p)
        return Statement(customer.no, customer.name, address, date_from, date_to, opening, tuple(lines), running,
                         tuple(still_open), age(still_open, date_to))

    def statement_text(self, customer_no: str, date_from: dt.date, date_to: dt.date) -> str:
        """The statement as plain text (the TUI shows it and saves it to a file)."""
        return render_statement(self.statement(customer_no, date_from, date_to), self._desk)
