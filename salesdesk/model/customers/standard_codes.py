"""A customer's recurring sales lines: which standard sales codes it uses, when they are valid
and, per document kind, how their lines come onto a new document (BC's Standard Customer
Sales Code; mixed into ``desk.customers``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, ValidationError
from ..core.fields import FieldRule, check_field, clean
from ..tables import Customer, CustomerStandardCode, StandardSalesCode

INSERT_MODES = ("manual", "automatic", "always_ask")
INSERT_MODE_FIELDS = ("insert_on_quotes", "insert_on_orders", "insert_on_invoices", "insert_on_credit_memos")

ASSIGNMENT_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("code", _("Code"), "code", required=True, max_length=20, lookup="standard_sales_code"),
    FieldRule("description", _("Description"), max_length=100),
    FieldRule("valid_from", _("Valid From Date"), "date"),
    FieldRule("valid_to", _("Valid To Date"), "date"),
    FieldRule("payment_terms", _("Payment Terms Code"), "code", lookup="payment_terms"),
    FieldRule("blocked", _("Blocked"), "bool"),
    FieldRule("insert_on_quotes", _("Insert On Quotes"), "choice", choices=INSERT_MODES),
    FieldRule("insert_on_orders", _("Insert On Orders"), "choice", choices=INSERT_MODES),
    FieldRule("insert_on_invoices", _("Insert On Invoices"), "choice", choices=INSERT_MODES),
    FieldRule("insert_on_credit_memos", _("Insert On Cr. Memos"), "choice", choices=INSERT_MODES),
)}


def is_valid_on(assignment: CustomerStandardCode, date: dt.date | None) -> bool:
    """Valid From blank or on/before ``date``, Valid To blank or on/after it (BC)."""
    if date is None:
        return True
    return ((assignment.valid_from is None or assignment.valid_from <= date)
            and (assignment.valid_to is None or assignment.valid_to >= date))


class StandardCodeAssignments:
    """The recurring-sales-lines half of ``desk.customers``."""

    assignment_rules = ASSIGNMENT_RULES

    def check_standard_code(self, field: str, value) -> str | None:
        """The message for one field of an assignment, or None when it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, ASSIGNMENT_RULES, field, value, self._desk.today())

    def standard_codes(self, customer_no: str) -> list[CustomerStandardCode]:
        """The customer's assignments, by code."""
        with self._desk.db.read() as s:
            return list(s.scalars(select(CustomerStandardCode).where(
                CustomerStandardCode.customer_no == customer_no).order_by(CustomerStandardCode.code)))

    def standard_code(self, customer_no: str, code: str) -> CustomerStandardCode:
        with self._desk.db.read() as s:
            return _assignment(s, customer_no, code)

    def add_standard_code(self, customer_no: str, code: str, /, **fields) -> CustomerStandardCode:
        """Assign standard sales code ``code`` to the customer. Fields: ``insert_on_quotes``,
        ``insert_on_orders``, ``insert_on_invoices``, ``insert_on_credit_memos`` (each "manual",
        "automatic" or "always_ask"), ``valid_from``, ``valid_to``, ``blocked``, ``payment_terms``,
        ``description`` (the code's by default). Refuses an unknown customer or code, a code the
        customer has already, a bad insert mode and a Valid To Date before the Valid From Date."""
        with self._desk.db.write() as s:
            customer = s.get(Customer, customer_no)
            if customer is None:
                raise NotFound(_("Customer {no} does not exist.").format(no=customer_no))
            data = _cleaned(s, {"code": code, **fields}, self._desk.today())
            if s.get(CustomerStandardCode, (customer.no, data["code"])) is not None:
                raise ValidationError({"code": _("Customer {no} already has recurring sales lines {code}.").format(
                    no=customer.no, code=data["code"])})
            if not data.get("description"):
                data["description"] = s.get(StandardSalesCode, data["code"]).description
            row = CustomerStandardCode(customer_no=customer.no, **data)
            _check_dates(row)
            s.add(row)
            s.flush()
            return row

    def update_standard_code(self, customer_no: str, code: str, /, **fields) -> CustomerStandardCode:
        """Change an assignment; its code cannot change (BC: "You cannot rename the line.")."""
        with self._desk.db.write() as s:
            row = _assignment(s, customer_no, code)
            if str(fields.get("code", row.code)).strip().upper() != row.code:
                raise ValidationError({"code": _("You cannot rename the line.")})
            data = _cleaned(s, fields, self._desk.today())
            for field, value in data.items():
                setattr(row, field, value)
            _check_dates(row)
            s.add(row)
            s.flush()
            return row

    def remove_standard_code(self, customer_no: str, code: str) -> None:
        """The customer no longer uses ``code`` (documents made with it keep their lines)."""
        with self._desk.db.write() as s:
            s.delete(_assignment(s, customer_no, code))


def _assignment(s: Session, customer_no: str, code: str) -> CustomerStandardCode:
    row = s.get(CustomerStandardCode, (customer_no, str(code).strip().upper()))
    if row is None:
        raise NotFound(_("Customer {no} has no recurring sales lines {code}.").format(no=customer_no, code=code))
    return row


def _cleaned(s: Session, values: dict, today: dt.date) -> dict:
    data, errors = clean(s, ASSIGNMENT_RULES, values, today)
    if errors:
        raise ValidationError(errors)
    return data


def _check_dates(row: CustomerStandardCode) -> None:
    if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        raise ValidationError({"valid_to": _("Valid To Date {to} is before Valid From Date {start}.").format(
            to=row.valid_to.isoformat(), start=row.valid_from.isoformat())})
