"""Customers: create, change, find, delete (while they have no history), balance."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlmodel import Session

from ..i18n import _
from .errors import NotFound, SalesDeskError, ValidationError
from .fields import FieldRule, check_field, clean
from .lists import filter_clause
from .money import Amount
from .numbering import allow_manual, next_no
from .references import refuse_delete_if_referred
from .tables import Customer, CustLedgerEntry
from .text import search_key

BLOCKED_CHOICES = ("", "ship", "invoice", "all")
SHIPPING_ADVICE_CHOICES = ("partial", "complete")

CUSTOMER_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("no", _("No."), "code", max_length=20),
    FieldRule("name", _("Name"), required=True, max_length=100),
    FieldRule("address", _("Address"), max_length=100),
    FieldRule("address2", _("Address 2"), max_length=50),
    FieldRule("post_code", _("Post Code"), max_length=20),
    FieldRule("city", _("City"), max_length=50),
    FieldRule("country", _("Country/Region"), max_length=50),
    FieldRule("contact", _("Contact"), max_length=100),
    FieldRule("email", _("E-Mail"), "email", max_length=80),
    FieldRule("phone", _("Phone No."), max_length=30),
    FieldRule("vat_reg_no", _("VAT Registration No."), max_length=20),
    FieldRule("vat_bus_group", _("VAT Bus. Posting Group"), "code", required=True, lookup="vat_bus_group"),
    FieldRule("payment_terms", _("Payment Terms Code"), "code", lookup="payment_terms"),
    FieldRule("shipment_method", _("Shipment Method Code"), "code", lookup="shipment_method"),
    FieldRule("location", _("Location Code"), "code", lookup="location"),
    FieldRule("credit_limit", _("Credit Limit (LCY)"), "decimal", minimum=Decimal(0)),
    FieldRule("blocked", _("Blocked"), "choice", choices=BLOCKED_CHOICES),
    FieldRule("combine_shipments", _("Combine Shipments"), "bool"),
    FieldRule("prices_incl_vat", _("Prices Including VAT"), "bool"),
    FieldRule("invoice_disc_pct", _("Invoice Discount %"), "decimal", minimum=Decimal(0),
              maximum=Decimal(100), scale=5),
    FieldRule("shipping_advice", _("Shipping Advice"), "choice", choices=SHIPPING_ADVICE_CHOICES),
    FieldRule("bill_to_customer_no", _("Bill-to Customer No."), "code", lookup="customer"),
)}

LIST_COLUMNS = ("no", "name", "city", "phone", "email", "blocked", "balance")
_SEARCH_FIELDS = ("no", "name", "city", "email", "phone")


def _refresh_search_key(c: Customer) -> None:
    c.search_key = search_key(*(getattr(c, f) for f in _SEARCH_FIELDS))


class CustomerService:
    """``desk.customers``."""

    rules = CUSTOMER_RULES

    def __init__(self, desk):
        self._desk = desk

    def check(self, field: str, value) -> str | None:
        """The message for one field's value, or None when it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, CUSTOMER_RULES, field, value)

    def create(self, name: str, *, no: str | None = None, **fields) -> Customer:
        """Create a customer numbered from series CUST, or with ``no`` typed by hand.
        Refuses a duplicate number, invalid fields and codes that do not exist."""
        with self._desk.db.write() as s:
            data, errors = clean(s, CUSTOMER_RULES, {"name": name, **({"no": no} if no else {}), **fields})
            if data.get("bill_to_customer_no") is None:
                data.pop("bill_to_customer_no", None)
            if errors:
                raise ValidationError(errors)
            if data.get("no"):
                allow_manual(s, "CUST")
                if s.get(Customer, data["no"]) is not None:
                    raise ValidationError({"no": _("Customer {no} already exists.").format(no=data["no"])})
            else:
                data["no"] = next_no(s, "CUST", is_free=lambda n: s.get(Customer, n) is None)
            customer = Customer(**data)
            _refresh_search_key(customer)
            s.add(customer)
            s.flush()
            return customer

    def get(self, no: str) -> Customer:
        with self._desk.db.read() as s:
            return self._get(s, no)

    def _get(self, s: Session, no: str) -> Customer:
        customer = s.get(Customer, no)
        if customer is None:
            raise NotFound(_("Customer {no} does not exist.").format(no=no))
        return customer

    def update(self, no: str, /, **fields) -> Customer:
        """Change fields of a customer; the number itself cannot change."""
        with self._desk.db.write() as s:
            customer = self._get(s, no)
            data, errors = clean(s, CUSTOMER_RULES, fields)
            if "no" in data and data["no"] != no:
                errors["no"] = _("The number of an existing customer cannot be changed.")
            if data.get("bill_to_customer_no") == no:
                data["bill_to_customer_no"] = None  # billing oneself is the default
            if errors:
                raise ValidationError(errors)
            for field, value in data.items():
                setattr(customer, field, value)
            _refresh_search_key(customer)
            s.add(customer)
            s.flush()
            return customer

    def delete(self, no: str) -> None:
        """Delete a customer; refused once any entry or document refers to it."""
        with self._desk.db.write() as s:
            customer = self._get(s, no)
            refuse_delete_if_referred(s, "customer", no, _("Customer {no}").format(no=no))
            s.delete(customer)

    def search(self, text: str, limit: int = 50) -> list[Customer]:
        """Customers whose number, name, city, e-mail or phone contain every word of
        ``text``, ignoring case and accents."""
        with self._desk.db.read() as s:
            query = select(Customer).where(filter_clause(Customer.search_key, text)).order_by(Customer.no).limit(limit)
            return list(s.scalars(query).all())

    def balance(self, no: str) -> Decimal:
        """The sum of the customer's ledger entries (positive: the customer owes us)."""
        with self._desk.db.read() as s:
            total = s.execute(
                select(func.sum(CustLedgerEntry.amount)).where(CustLedgerEntry.customer_no == no)
            ).scalar()
        return total if total is not None else Decimal("0.00")

    # -- paged list ------------------------------------------------------------------------

    def count(self, text: str = "") -> int:
        with self._desk.db.read() as s:
            return s.execute(
                select(func.count()).select_from(Customer).where(filter_clause(Customer.search_key, text))
            ).scalar_one()

    def page(self, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of the customer list as plain tuples in ``LIST_COLUMNS`` order."""
        balance = type_coerce(
            select(func.coalesce(func.sum(CustLedgerEntry.amount), 0))
            .where(CustLedgerEntry.customer_no == Customer.no)
            .scalar_subquery(),
            Amount,
        )
        query = (
            select(Customer.no, Customer.name, Customer.city, Customer.phone, Customer.email,
                   Customer.blocked, balance)
            .where(filter_clause(Customer.search_key, text))
            .order_by(Customer.no)
            .offset(offset)
            .limit(limit)
        )
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]
