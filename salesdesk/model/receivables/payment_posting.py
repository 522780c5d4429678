"""Posting one customer payment (or refund): its customer entry, the G/L entries bank /
receivables, and its applications to open entries (to documents named, to the oldest, or
none), with the payment discount when paid in time. Inside the caller's unit of work; every
problem is reported at once and nothing is written unless all is well."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import PostingError
from ..core.money import ZERO, plain, round_amount
from ..core.numbering import take_no
from ..setup.posting_period import posting_date_problem
from ..tables import Company, CustLedgerEntry, Customer, GLAccount, PaymentMethod
from .applications import CUSTOMER, LedgerKind, Settlement, settle
from .ledger_writer import EntryWriter

OLDEST = "oldest"


@dataclass(frozen=True, kw_only=True)
class PaymentDetails:
    """What the clerk typed for a payment, whoever it is from or to."""

    amount: Decimal  # received from a customer (paid to a vendor): positive; a refund: negative
    posting_date: dt.date | None
    apply_to: object = None  # None (stays open), "oldest", or a list of posted document numbers
    description: str = ""
    external_document_no: str = ""
    payment_method: str = ""
    bal_account_no: str = ""  # overrides the payment method's account (bank statements)
    line: str = ""  # where it comes from, for messages ("Line 3", "Statement line 12")


@dataclass(frozen=True, kw_only=True)
class PaymentInput(PaymentDetails):
    """A customer payment: ``amount`` received is positive (a refund paid out is negative)."""

    customer_no: str


@dataclass(frozen=True, kw_only=True)
class PostedPayment:
    """A posted payment as the API returns it (customer or vendor)."""

    no: str
    entry_no: int
    posting_date: dt.date
    amount: Decimal  # received from a customer (paid to a vendor): positive
    remaining_amount: Decimal  # left unapplied, with the ledger's sign
    applied: tuple[Settlement, ...] = field(default_factory=tuple)

    @property
    def applied_amount(self) -> Decimal:
        return sum((a.applied for a in self.applied), ZERO)


@dataclass(frozen=True, kw_only=True)
class Payment(PostedPayment):
    """A posted customer payment (remaining amount negative: a credit to the customer)."""

    customer_no: str

    @property
    def discount(self) -> Decimal:
        return sum((a.discount for a in self.applied), ZERO)


def parse_apply_to(apply_to) -> object:
    """The journal's Applies-to text as ``register`` takes it: "" -> None, "oldest", or numbers."""
    if apply_to is None or isinstance(apply_to, list | tuple):
        return list(apply_to) if apply_to is not None else None
    text = str(apply_to).strip()
    if not text:
        return None
    if text.lower() in (OLDEST, _("oldest").lower()):
        return OLDEST
    return [part for part in text.replace(",", " ").split() if part]


def payment_problems(s: Session, p: PaymentInput, company: Company) -> list[str]:
    """Everything wrong with one payment, each naming the field."""
    where = f"{p.line}: " if p.line else ""
    problems = []
    customer = s.get(Customer, p.customer_no) if p.customer_no else None
    if not p.customer_no:
        problems.append(where + _("Customer No. must be filled in."))
    elif customer is None:
        problems.append(where + _("Customer {no} does not exist.").format(no=p.customer_no))
    elif customer.blocked == "all":
        problems.append(where + _("Customer {no} {name} is blocked for all transactions: no payment can be "
                                  "posted.").format(no=customer.no, name=customer.name))
    problems += amount_problems(p.amount, where)
    problem = posting_date_problem(p.posting_date, company)
    if problem:
        problems.append(where + problem)
    problems += [where + problem for problem in balancing_account(s, p, company)[1]]
    if customer is not None and isinstance(p.apply_to, list):
        problems += [where + problem for problem in applies_to_problems(s, p.apply_to, p.amount, customer.no)]
    return problems


def amount_problems(amount: Decimal, where: str = "") -> list[str]:
    if not amount:
        return [where + _("Amount must not be 0.")]
    if amount != round_amount(amount):
        return [where + _("Amount {amount} has more than 2 decimals.").format(amount=amount)]
    return []


def balancing_account(s: Session, p, company: Company) -> tuple[str, list[str]]:
    """The G/L account the money goes through (``p.bal_account_no``, else the payment method's
    balancing account, else the company's bank) and what is wrong with it."""
    problems = []
    account = p.bal_account_no
    if p.payment_method:
        method = s.get(PaymentMethod, p.payment_method)
        if method is None:
            problems.append(_("Payment method '{code}' does not exist.").format(code=p.payment_method))
        account = account or (method.bal_account_no if method else "")
    account = account or company.bank_account
    gl = s.get(GLAccount, account)
    if gl is None or gl.blocked:
        problems.append(_("G/L account {no} for the money received {why}.").format(
            no=account, why=_("does not exist") if gl is None else _("is blocked")))
    return account, problems


def applies_to_problems(s: Session, apply_to: list[str], amount: Decimal, party_no: str, *,
                        ledger: LedgerKind = CUSTOMER) -> list[str]:
    """What is wrong with each posted document number a payment of ``amount`` should settle."""
    problems = []
    entry = ledger.entry
    settles_debits = (amount > 0) == (ledger.invoice_sign > 0)
    for no in apply_to:
        entries = s.execute(select(entry).where(
            getattr(entry, ledger.party) == party_no, entry.document_no == no,
            entry.document_type != "payment_discount")).scalars().all()
        if not entries:
            problems.append(ledger.not_posted.format(no=no, party=party_no))
        elif not any(e.open for e in entries):
            problems.append(_("Applies-to {no} is already closed (fully paid or credited).").format(no=no))
        elif not any(e.open and (e.remaining_amount > 0) == settles_debits for e in entries):
            problems.append(_("Applies-to {no} is not something this {what} can settle.").format(
                no=no, what=_("payment") if amount > 0 else _("refund")))
    return problems


def target_entries(s: Session, party_no: str, apply_to, amount: Decimal, *, ledger: LedgerKind = CUSTOMER) -> list[int]:
    """The open entries a payment settles, in order: those of the documents named, or every
    open entry it can settle of the customer (vendor), oldest first (BC's Apply to Oldest)."""
    if not apply_to:
        return []
    entry = ledger.entry
    settles_debits = (amount > 0) == (ledger.invoice_sign > 0)
    wanted_sign = entry.remaining_amount > 0 if settles_debits else entry.remaining_amount < 0
    query = select(entry.entry_no, entry.document_no).where(
        getattr(entry, ledger.party) == party_no, entry.open.is_(True), wanted_sign,
        entry.document_type != "payment_discount")
    if apply_to == OLDEST:
        return list(s.scalars(query.with_only_columns(entry.entry_no).order_by(entry.posting_date, entry.entry_no)))
    by_doc: dict[str, list[int]] = {}
    for entry_no, document_no in s.execute(query.where(entry.document_no.in_(apply_to)).order_by(entry.entry_no)):
        by_doc.setdefault(document_no, []).append(entry_no)
    return [entry_no for no in apply_to for entry_no in by_doc.get(no, [])]


def post_payment(s: Session, p: PaymentInput, *, company: Company | None = None,
                 document_no: str | None = None) -> Payment:
    """Post one payment; raises PostingError with every problem and writes nothing then."""
    company = company or s.get(Company, 1)
    problems = payment_problems(s, p, company)
    if problems:
        raise PostingError(problems, _("Payment of {amount} from {customer}").format(
            amount=plain(p.amount), customer=p.customer_no or "?"))
    account = balancing_account(s, p, company)[0]
    no = document_no or take_no(s, "PAYMENT")
    refund = p.amount < 0
    document_type = "refund" if refund else "payment"
    customer = s.get(Customer, p.customer_no)
    description = p.description or (_("Refund to {name}") if refund else _("Payment from {name}")).format(
        name=customer.name)
    writer = EntryWriter(s, p.posting_date, "payment", no)
    entry_no = writer.customer_entry(
        customer_no=p.customer_no, document_type=document_type, document_no=no, description=description,
        amount=-p.amount, external_document_no=p.external_document_no, payment_method=p.payment_method,
        due_date=p.posting_date)
    writer.gl(account, p.amount, document_type, no, description, p.customer_no)
    writer.gl(company.receivables_account, -p.amount, document_type, no, description, p.customer_no)
    applied = settle(s, entry_no, target_entries(s, p.customer_no, p.apply_to, p.amount), p.posting_date, writer)
    writer.close()
    entry = s.get(CustLedgerEntry, entry_no)
    s.refresh(entry)
    return Payment(no=no, entry_no=entry_no, customer_no=p.customer_no, posting_date=p.posting_date, amount=p.amount,
                   remaining_amount=entry.remaining_amount, applied=tuple(applied))
