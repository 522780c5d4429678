"""``desk.payments``: register customer payments, the cash receipt journal, applying and
unapplying posted entries, and (through ``bank``) bank statement import and matching."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from ...i18n import _
from ..core.errors import NotFound, PostingError, SalesDeskError, ValidationError
from ..core.fields import FieldRule, clean, clean_text, parse_date
from ..core.money import ZERO, to_decimal
from ..core.snapshots import CustomerEntry, from_row
from ..tables import Company, CustLedgerEntry, Customer, PaymentJournalLine
from .applications import DISCOUNT, open_entry, settle, unapply_entry
from .payment_posting import (
    OLDEST,
    Payment,
    PaymentInput,
    parse_apply_to,
    payment_problems,
    post_payment,
)

JOURNAL_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("posting_date", _("Posting Date"), "date"),
    FieldRule("customer_no", _("Customer No."), "code", lookup="customer"),
    FieldRule("description", _("Description"), max_length=100),
    FieldRule("amount", _("Amount"), "decimal", scale=2),
    FieldRule("payment_method", _("Payment Method"), "code", lookup="payment_method"),
    FieldRule("external_document_no", _("External Document No."), max_length=35),
    FieldRule("apply_to", _("Applies-to"), max_length=250),
)}
JOURNAL_COLUMNS = ("id", "posting_date", "customer_no", "description", "amount", "payment_method",
                   "external_document_no", "apply_to")


class PaymentService:
    def __init__(self, desk):
        self._desk = desk

    # -- one payment -------------------------------------------------------------------------

    def register(self, customer_no: str, amount, *, posting_date: dt.date | None = None, apply_to=None,
                 reference: str = "", payment_method: str = "", description: str = "") -> Payment:
        """Post a payment received from a customer (a negative amount is a refund paid out).
        ``apply_to``: None leaves it open (a credit on account), ``"oldest"`` settles the
        oldest open entries first, a list of posted document numbers settles those in order.
        A payment in time for an invoice's payment discount closes it for the discounted
        amount. Raises PostingError listing every problem; then nothing is written."""
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        reference = clean_text(reference, _("Reference"), max_length=35)
        description = clean_text(description, _("Description"))
        p = PaymentInput(customer_no=customer_no, amount=to_decimal(amount, field=_("Amount")), posting_date=posting_date or self._desk.today(),
                         apply_to=parse_apply_to(apply_to), external_document_no=reference,
                         payment_method=payment_method, description=description)
        with self._desk.db.write() as s:
            return post_payment(s, p)

    # -- applying posted entries -----------------------------------------------------------

    def apply(self, entry_no: int, to_entry_nos: list[int], *, posting_date: dt.date | None = None) -> CustomerEntry:
        """Apply an open entry (payment, credit memo) to open entries of the same customer with
        the opposite sign, in the order given (BC's Apply Entries + Post Application); a
        payment in time takes the payment discount. Returns the applying entry as it now is."""
        with self._desk.db.write() as s:
            entry = open_entry(s, entry_no)
            if not to_entry_nos:
                raise SalesDeskError(_("Mark at least one entry to apply entry {no} to.").format(no=entry_no))
            dates = [entry.posting_date, *(open_entry(s, no).posting_date for no in to_entry_nos)]
            settle(s, entry_no, list(to_entry_nos), posting_date or max(dates))
            return self._entry(s, entry_no)

    def unapply(self, entry_no: int) -> CustomerEntry:
        """Undo the applications of an entry (those it made, or else those made to it): the
        remaining amounts come back exactly and payment discounts are reversed."""
        with self._desk.db.write() as s:
            is_number = isinstance(entry_no, int) and not isinstance(entry_no, bool) and 0 < entry_no < 2**63
            entry = s.get(CustLedgerEntry, entry_no) if is_number else None
            if entry is None:
                raise NotFound(_("Customer ledger entry {no} does not exist.").format(no=entry_no))
            if entry.document_type == DISCOUNT:
                raise SalesDeskError(_("Entry {no} is a payment discount: it is undone with its payment {doc} "
                                       "(unapply that entry).").format(no=entry_no, doc=entry.document_no))
            today = self._desk.today()
            if not unapply_entry(s, entry_no, today) and not unapply_entry(s, entry_no, today, both_sides=True):
                raise SalesDeskError(_("Entry {no} is not applied to any entry.").format(no=entry_no))
            return self._entry(s, entry_no)

    @staticmethod
    def _entry(s, entry_no: int) -> CustomerEntry:
        return from_row(CustomerEntry, s.execute(select(CustLedgerEntry.__table__).where(
            CustLedgerEntry.entry_no == entry_no)).one())

    def open_entries(self, customer_no: str, *, sign: int = 0) -> list[CustomerEntry]:
        """The customer's open entries, oldest first (``sign`` 1: debits only, -1: credits)."""
        entries = self._desk.ledger.customer_entries(customer_no, open_only=True)
        if sign:
            entries = [e for e in entries if (e.remaining_amount > 0) == (sign > 0)]
        return sorted(entries, key=lambda e: (e.posting_date, e.entry_no))

    # -- the cash receipt journal ----------------------------------------------------------

    def journal(self) -> list[PaymentJournalLine]:
        with self._desk.db.read() as s:
            return list(s.scalars(select(PaymentJournalLine).order_by(PaymentJournalLine.id)))

    def add_line(self, **fields) -> PaymentJournalLine:
        """A new journal line (posting date today unless given)."""
        fields.setdefault("posting_date", self._desk.today())
        with self._desk.db.write() as s:
            line = PaymentJournalLine()
            self._fill(s, line, fields)
            s.add(line)
            s.flush()
            return line

    def update_line(self, line_id: int, **fields) -> PaymentJournalLine:
        """Change fields of a journal line; refuses invalid values (``ValidationError.errors``
        per field) and keeps the line as it was then."""
        with self._desk.db.write() as s:
            line = self._line(s, line_id)
            self._fill(s, line, fields)
            s.add(line)
            s.flush()
            return line

    def delete_line(self, line_id: int) -> None:
        with self._desk.db.write() as s:
            s.delete(self._line(s, line_id))

    def _line(self, s, line_id: int) -> PaymentJournalLine:
        line = s.get(PaymentJournalLine, line_id)
        if line is None:
            raise NotFound(_("Journal line {id} does not exist.").format(id=line_id))
        return line

    def _fill(self, s, line: PaymentJournalLine, fields: dict) -> None:
        data, errors = clean(s, JOURNAL_RULES, fields, self._desk.today())
        customer_no = data.get("customer_no", line.customer_no)
        if data.get("customer_no"):
            customer = s.get(Customer, data["customer_no"])
            if customer is not None and customer.blocked == "all":
                errors["customer_no"] = _("Customer {no} {name} is blocked for all transactions.").format(
                    no=customer.no, name=customer.name)
            elif customer is not None and not (fields.get("description") or line.description):
                data["description"] = _("Payment from {name}").format(name=customer.name)
        if "apply_to" in data and data["apply_to"] and "apply_to" not in errors:
            parsed = parse_apply_to(data["apply_to"])
            if parsed == OLDEST:
                data["apply_to"] = OLDEST
            elif customer_no:
                amount = data.get("amount", line.amount) or Decimal(1)
                from .payment_posting import applies_to_problems

                problems = applies_to_problems(s, parsed, amount, customer_no)
                if problems:
                    errors["apply_to"] = " ".join(problems)
                else:
                    data["apply_to"] = " ".join(parsed)
        if errors:
            raise ValidationError(errors)
        for name, value in data.items():
            setattr(line, name, value if value is not None or name == "posting_date" else "")

    def journal_total(self) -> Decimal:
        return sum((line.amount for line in self.journal()), ZERO)

    def post_journal(self, line_ids: list[int] | None = None) -> list[Payment]:
        """Post the journal's lines (or those given) in one transaction: all or nothing; every
        problem of every line is reported at once. Posted lines leave the journal."""
        with self._desk.db.write() as s:
            query = select(PaymentJournalLine).order_by(PaymentJournalLine.id)
            if line_ids is not None:
                query = query.where(PaymentJournalLine.id.in_(line_ids))
            lines = list(s.scalars(query))
            if not lines:
                raise SalesDeskError(_("There is nothing to post: the journal is empty."))
            company = s.get(Company, 1)
            inputs = [self._input(line, n) for n, line in enumerate(lines, 1)]
            problems = [problem for p in inputs for problem in payment_problems(s, p, company)]
            if problems:
                raise PostingError(problems, _("The cash receipt journal"))
            payments = [post_payment(s, p, company=company) for p in inputs]
            for line in lines:
                s.delete(line)
            return payments

    @staticmethod
    def _input(line: PaymentJournalLine, n: int) -> PaymentInput:
        return PaymentInput(customer_no=line.customer_no, amount=line.amount, posting_date=line.posting_date,
                            apply_to=parse_apply_to(line.apply_to), description=line.description,
                            external_document_no=line.external_document_no, payment_method=line.payment_method,
                            line=_("Line {n}").format(n=n))

    # -- bank statements ---------------------------------------------------------------------

    @property
    def bank(self):
        from .bank import BankService

        return BankService(self._desk)
