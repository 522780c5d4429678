"""``desk.payments.bank``: bank statement reconciliation. Import a camt.053 or CSV file (a
line already imported is skipped), propose a match for each line, let the clerk accept or
change it, then post every accepted line as a payment in one transaction."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select

from ...i18n import _
from ..core.errors import NotFound, PostingError, SalesDeskError, ValidationError
from ..core.lists import escape_like, filter_clause
from ..core.text import search_key
from ..tables import BankStatement, BankStatementLine, Company, Customer
from .bank_files import MAX_STATEMENT_BYTES, parse_statement
from .bank_matching import AUTO_ACCEPT, Matcher
from .payment_posting import (
    Payment,
    PaymentInput,
    parse_apply_to,
    payment_problems,
    post_payment,
)

LINE_COLUMNS = ("id", "booking_date", "amount", "counterparty", "text", "customer_no", "apply_to", "confidence",
                "match_reason", "accepted", "status", "payment_no")


@dataclass(frozen=True)
class ImportResult:
    statement: int  # the bank statement's id (0 when nothing new was imported)
    imported: int
    already_imported: int
    matched: int  # lines with a proposal accepted automatically


class BankService:
    def __init__(self, desk):
        self._desk = desk

    # -- import -----------------------------------------------------------------------------

    def import_file(self, path: str | Path) -> ImportResult:
        """Import a statement file: a regular file of at most MAX_STATEMENT_BYTES (a pipe or a
        device such as /dev/zero is refused before anything is read)."""
        path = Path(path).expanduser()
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise SalesDeskError(_("{path} is not a file (a folder, pipe or device): choose the statement "
                                       "file itself.").format(path=path))
            if info.st_size > MAX_STATEMENT_BYTES:
                raise SalesDeskError(_("{path} is {size:,} bytes; at most {most:,} are imported at once. Ask the "
                                       "bank for a shorter period.").format(
                    path=path, size=info.st_size, most=MAX_STATEMENT_BYTES))
            with path.open("rb") as handle:
                data = handle.read(MAX_STATEMENT_BYTES + 1)  # bounded even if it grew meanwhile
        except OSError as err:
            raise SalesDeskError(_("Cannot read {path}: {reason}").format(path=path, reason=err.strerror)) from None
        return self.import_statement(data, path.name)

    def import_statement(self, data: bytes, file_name: str = "") -> ImportResult:
        """Import a statement file's lines that were not imported before, each with a proposed
        match (accepted when it is sure enough). Raises StatementFileError for a bad file.
        Parsing and matching read only, before the write lock: the write transaction inserts
        the lines in bulk, so other clerks wait a moment at most."""
        parsed = parse_statement(data, file_name)
        with self._desk.db.read() as s:
            new = self._not_imported(s, parsed.lines)
            matcher = Matcher(s, new) if new else None
            proposals = [(line, matcher.match(line)) for line in new]
        with self._desk.db.write() as s:
            again = {line.import_key for line in self._not_imported(s, new)} if new else set()
            proposals = [(line, proposal) for line, proposal in proposals if line.import_key in again]
            known = len(parsed.lines) - len(proposals)  # imported before, or by another clerk meanwhile
            if not proposals:
                return ImportResult(0, 0, known, 0)
            statement = BankStatement(format=parsed.format, statement_id=parsed.statement_id[:100],
                                      account=parsed.account[:100], file_name=file_name[:200],
                                      imported_on=self._desk.today(), line_count=len(proposals))
            s.add(statement)
            s.flush()
            rows = [dict(statement=statement.id, import_key=line.import_key, booking_date=line.booking_date,
                         amount=line.amount, text=line.text[:250], reference=line.reference[:100],
                         counterparty=line.counterparty[:100],
                         search_key=search_key(line.text[:250], line.counterparty[:100], line.reference[:100]),
                         status="open", customer_no=proposal.customer_no,
                         apply_to=proposal.apply_to, confidence=proposal.confidence,
                         match_reason=proposal.reason, accepted=proposal.confidence >= AUTO_ACCEPT,
                         payment_no="")
                    for line, proposal in proposals]
            s.execute(insert(BankStatementLine), rows)
            matched = sum(row["accepted"] for row in rows)
            return ImportResult(statement.id, len(rows), known, matched)

    @staticmethod
    def _not_imported(s, lines) -> list:
        """The statement lines whose import key is not in the database yet."""
        keys = [line.import_key for line in lines]
        known = set()
        for start in range(0, len(keys), 500):
            known |= set(s.scalars(select(BankStatementLine.import_key).where(
                BankStatementLine.import_key.in_(keys[start:start + 500]))))
        return [line for line in lines if line.import_key not in known]

    # -- reading ----------------------------------------------------------------------------

    def lines(self, status: str | None = "open") -> list[BankStatementLine]:
        with self._desk.db.read() as s:
            query = select(BankStatementLine).order_by(BankStatementLine.id)
            if status:
                query = query.where(BankStatementLine.status == status)
            return list(s.scalars(query))

    def line(self, line_id: int) -> BankStatementLine:
        with self._desk.db.read() as s:
            return self._line(s, line_id)

    def page(self, text: str = "", offset: int = 0, limit: int = 100, *, status: str | None = "open") -> list[tuple]:
        query = select(*(BankStatementLine.__table__.c[c] for c in LINE_COLUMNS)).where(*self._where(text, status))
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query.order_by(BankStatementLine.id).offset(offset).limit(limit))]

    def count(self, text: str = "", *, status: str | None = "open") -> int:
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(BankStatementLine).where(
                *self._where(text, status))).scalar_one()

    @staticmethod
    def _where(text: str, status: str | None) -> list:
        clauses = [BankStatementLine.status == status] if status else []
        word = text.strip()
        if word:
            # every word in the folded text (case and accents ignored, on either database), or
            # the customer matched
            code = "%" + escape_like(word.upper()) + "%"
            clauses.append(filter_clause(BankStatementLine.search_key, word)
                           | BankStatementLine.customer_no.like(code, escape="\\"))
        return clauses

    def accepted_total(self):
        from ..core.money import ZERO

        with self._desk.db.read() as s:
            rows = s.scalars(select(BankStatementLine.amount).where(BankStatementLine.status == "open",
                                                                  BankStatementLine.accepted.is_(True)))
            return sum(rows, ZERO)

    # -- the clerk's decisions ----------------------------------------------------------------

    def set_match(self, line_id: int, *, customer_no: str, apply_to: str = "", accepted: bool = True
                  ) -> BankStatementLine:
        """Match a line by hand: the customer and the documents it pays ("" leaves the payment
        open on account, "oldest" pays the oldest). Checked now; the line keeps its old match
        if anything is wrong (``ValidationError.errors`` per field)."""
        with self._desk.db.write() as s:
            line = self._open_line(s, line_id)
            errors = {}
            customer = s.get(Customer, customer_no) if customer_no else None
            if not customer_no:
                errors["customer_no"] = _("Customer No. must be filled in.")
            elif customer is None:
                errors["customer_no"] = _("Customer {no} does not exist.").format(no=customer_no)
            parsed = parse_apply_to(apply_to)
            if customer is not None:
                from .payment_posting import applies_to_problems

                problems = isinstance(parsed, list) and applies_to_problems(s, parsed, line.amount, customer_no)
                if problems:
                    errors["apply_to"] = " ".join(problems)
            if errors:
                raise ValidationError(errors)
            line.customer_no = customer_no
            line.apply_to = parsed if isinstance(parsed, str) else " ".join(parsed or [])
            line.confidence, line.match_reason, line.accepted = 100, _("Matched by hand"), accepted
            s.add(line)
            s.flush()
            return line

    def accept(self, line_id: int, accepted: bool = True) -> BankStatementLine:
        with self._desk.db.write() as s:
            line = self._open_line(s, line_id)
            if accepted and not line.customer_no:
                raise SalesDeskError(_("Statement line {id} has no customer: match it first.").format(id=line_id))
            line.accepted = accepted
            s.add(line)
            s.flush()
            return line

    def ignore(self, line_id: int, ignored: bool = True) -> BankStatementLine:
        """Set a line aside (bank fees, transfers: not a customer payment), or take it back."""
        with self._desk.db.write() as s:
            line = self._line(s, line_id)
            if line.status == "posted":
                raise SalesDeskError(_("Statement line {id} is posted as {no}.").format(id=line_id, no=line.payment_no))
            line.status, line.accepted = ("ignored" if ignored else "open"), False
            s.add(line)
            s.flush()
            return line

    def rematch(self) -> int:
        """Propose matches again for the open lines not accepted (after new postings); how
        many are now accepted."""
        with self._desk.db.write() as s:
            lines = list(s.scalars(select(BankStatementLine).where(BankStatementLine.status == "open",
                                                                   BankStatementLine.accepted.is_(False))))
            matcher = Matcher(s, lines)
            accepted = 0
            for line in lines:
                proposal = matcher.match(line)
                line.customer_no, line.apply_to = proposal.customer_no, proposal.apply_to
                line.confidence, line.match_reason = proposal.confidence, proposal.reason
                line.accepted = proposal.confidence >= AUTO_ACCEPT
                accepted += line.accepted
                s.add(line)
            return accepted

    # -- posting -----------------------------------------------------------------------------

    def post_accepted(self) -> list[Payment]:
        """Post every accepted open line as a payment on its booking date, to the bank account
        of Company setup, in one transaction: all or nothing, every problem reported at once."""
        with self._desk.db.write() as s:
            lines = list(s.scalars(select(BankStatementLine).where(
                BankStatementLine.status == "open", BankStatementLine.accepted.is_(True))
                .order_by(BankStatementLine.id)))
            if not lines:
                raise SalesDeskError(_("There is nothing to post: no statement line is accepted."))
            company = s.get(Company, 1)
            inputs = [self._input(line, company) for line in lines]
            problems = [problem for p in inputs for problem in payment_problems(s, p, company)]
            if problems:
                raise PostingError(problems, _("The bank statement lines"))
            payments = []
            for line, p in zip(lines, inputs, strict=True):
                payment = post_payment(s, p, company=company)
                line.status, line.payment_no = "posted", payment.no
                s.add(line)
                payments.append(payment)
            s.flush()
            return payments

    @staticmethod
    def _input(line: BankStatementLine, company: Company) -> PaymentInput:
        return PaymentInput(customer_no=line.customer_no, amount=line.amount, posting_date=line.booking_date,
                            apply_to=parse_apply_to(line.apply_to), description=(line.text or line.counterparty)[:100],
                            external_document_no=line.reference[:35], bal_account_no=company.bank_account,
                            line=_("Statement line {id}").format(id=line.id))

    def _line(self, s, line_id: int) -> BankStatementLine:
        line = s.get(BankStatementLine, line_id)
        if line is None:
            raise NotFound(_("Statement line {id} does not exist.").format(id=line_id))
        return line

    def _open_line(self, s, line_id: int) -> BankStatementLine:
        line = self._line(s, line_id)
        if line.status != "open":
            raise SalesDeskError(_("Statement line {id} is {status}.").format(
                id=line_id, status=_("posted") if line.status == "posted" else _("ignored")))
        return line
