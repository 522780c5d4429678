"""Create Recurring Sales Invoices (BC report 172): one invoice per valid customer assignment
of a standard code, each in its own unit of work (mixed into ``desk.sales``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.fields import FieldRule, parse_date
from ..customers.standard_codes import is_valid_on
from ..tables import CustomerStandardCode
from .kinds import DocKind


# the batch's request page: both dates, and optional filters
BATCH_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("order_date", _("Order Date"), "date", required=True),
    FieldRule("posting_date", _("Posting Date"), "date", required=True),
    FieldRule("customer_no", _("Customer No."), "code", lookup="customer"),
    FieldRule("code", _("Code"), "code", lookup="standard_sales_code"),
)}


class RecurringInvoicesIncomplete(SalesDeskError):
    """Some assignments could not be invoiced: ``created`` holds the invoices made (they are
    kept), ``problems`` one message per assignment left out."""

    def __init__(self, created: list[str], problems: list[str]):
        self.created = list(created)
        self.problems = list(problems)
        super().__init__(created_message(len(created)) + " " + " ".join(self.problems))


def created_message(n: int) -> str:
    """BC's closing message of the batch."""
    return _("1 invoice was created.") if n == 1 else _("{n} invoices were created.").format(n=n)


class RecurringInvoices:
    """The recurring-invoices half of ``desk.sales``."""

    def recurring_assignments(self, order_date, *, customer_nos: Iterable[str] | None = None,
                              codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(customer no., code) of the assignments the batch would invoice on ``order_date``:
        not blocked, valid on that date, within the filters."""
        date = parse_date(order_date, _("Order Date"), self._desk.today())
        query = select(CustomerStandardCode).where(CustomerStandardCode.blocked.is_(False))
        if customer_nos is not None:
            query = query.where(CustomerStandardCode.customer_no.in_([str(n).strip().upper() for n in customer_nos]))
        if codes is not None:
            query = query.where(CustomerStandardCode.code.in_([str(c).strip().upper() for c in codes]))
        with self._desk.db.read() as s:
            rows = s.scalars(query.order_by(CustomerStandardCode.customer_no, CustomerStandardCode.code))
            return [(a.customer_no, a.code) for a in rows if is_valid_on(a, date)]

    def create_recurring_invoices(self, order_date, posting_date, *, customer_nos: Iterable[str] | None = None,
                                  codes: Iterable[str] | None = None,
                                  progress: Callable[[int, int], None] | None = None) -> list[str]:
        """One invoice per assignment valid on ``order_date`` (Valid From blank or on/before it,
        Valid To blank or on/after it, not blocked), optionally only for ``customer_nos`` and
        ``codes``: Order Date and Document Date ``order_date``, Posting Date ``posting_date``,
        the assignment's payment terms when it has some, the code's lines. Each invoice is its
        own transaction. Returns the new invoice numbers. Refuses a blank date ("You must enter
        both a posting date and an order date."); assignments that cannot be invoiced (a blocked
        customer, a bad line) raise ``RecurringInvoicesIncomplete`` after the others are made.
        ``progress(done, total)`` is called after each invoice."""
        today = self._desk.today()
        order = parse_date(order_date, _("Order Date"), today)
        posting = parse_date(posting_date, _("Posting Date"), today)
        if order is None or posting is None:
            raise SalesDeskError(_("You must enter both a posting date and an order date."))
        work = self.recurring_assignments(order, customer_nos=customer_nos, codes=codes)
        created: list[str] = []
        problems: list[str] = []
        for done, (customer_no, code) in enumerate(work, start=1):
            try:
                created.append(self._recurring_invoice(customer_no, code, order, posting))
            except SalesDeskError as err:
                problems.append(_("Customer {no}, {code}: {problem}").format(no=customer_no, code=code, problem=err))
            if progress is not None:
                progress(done, len(work))
        if problems:
            raise RecurringInvoicesIncomplete(created, problems)
        return created

    def _recurring_invoice(self, customer_no: str, code: str, order_date, posting_date) -> str:
        with self._desk.db.write() as s:
            assignment = s.get(CustomerStandardCode, (customer_no, code))
            header = {"order_date": order_date, "document_date": order_date, "posting_date": posting_date}
            if assignment.payment_terms:
                header["payment_terms"] = assignment.payment_terms
            row = self._new_header(s, DocKind.INVOICE, customer_no, header)
            self._apply_standard_code(s, row, code)
            self._refresh_totals(s, row)
            return row.no
