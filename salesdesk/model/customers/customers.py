"""Customers: create, change, find, delete (while they have no history), balance, merge."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, type_coerce

from ...i18n import _
from ..core.fields import FieldRule
from ..core.lists import filter_clause, number_first
from ..core.money import Amount
from ..core.records import RecordService
from ..setup.languages import DOCUMENT_LANGUAGES, SENDING_PROFILES
from ..tables import CustLedgerEntry, Customer
from .merging import MergeActions
from .standard_codes import StandardCodeAssignments

BLOCKED_CHOICES = ("", "ship", "invoice", "all")
SHIPPING_ADVICE_CHOICES = ("partial", "complete")

# what customers and vendors both have: number, name, address, contact, VAT and terms
PARTY_RULES = (
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
)

CUSTOMER_RULES: dict[str, FieldRule] = {r.name: r for r in (
    *PARTY_RULES,
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
    FieldRule("prepayment_pct", _("Prepayment %"), "decimal", minimum=Decimal(0), maximum=Decimal(100), scale=5),
    FieldRule("language", _("Language Code"), "choice", choices=("", *DOCUMENT_LANGUAGES)),
    FieldRule("send_by", _("Send Documents By"), "choice", required=True, choices=SENDING_PROFILES),
)}

LIST_COLUMNS = ("no", "name", "city", "phone", "email", "blocked", "balance")


class CustomerService(StandardCodeAssignments, MergeActions, RecordService):
    """``desk.customers`` (recurring sales lines: ``standard_codes``; merge of duplicates: ``merging``)."""

    model = Customer
    rules = CUSTOMER_RULES
    series = "CUST"
    noun = _("Customer")
    search_fields = ("no", "name", "city", "email", "phone")

    def create(self, name: str, *, no: str | None = None, **fields) -> Customer:
        """Create a customer numbered from series CUST, or with ``no`` typed by hand.
        Refuses a duplicate number, invalid fields and codes that do not exist."""
        return self._create({"name": name, **({"no": no} if no else {}), **fields})

    def _check_update(self, s, record, data, errors) -> None:
        if data.get("bill_to_customer_no") == record.no:
            data["bill_to_customer_no"] = None  # billing oneself is the default

    def balance(self, no: str) -> Decimal:
        """The sum of the customer's ledger entries (positive: the customer owes us)."""
        with self._desk.db.read() as s:
            total = s.execute(
                select(func.sum(CustLedgerEntry.amount)).where(CustLedgerEntry.customer_no == no)
            ).scalar()
        return total if total is not None else Decimal("0.00")

    def names(self, nos) -> dict[str, str]:
        """{customer no.: name} for the given numbers, in one query (unknown numbers left out)."""
        nos = list(set(nos))
        if not nos:
            return {}
        with self._desk.db.read() as s:
            return dict(s.execute(select(Customer.no, Customer.name).where(Customer.no.in_(nos))).all())

    # -- paged list ------------------------------------------------------------------------

    def balances(self, nos: list[str]) -> dict[str, tuple[Decimal]]:
        """{customer no.: (balance,)} for the given customers, in one grouped query."""
        if not nos:
            return {}
        with self._desk.db.read() as s:
            rows = s.execute(
                select(CustLedgerEntry.customer_no, func.sum(CustLedgerEntry.amount))
                .where(CustLedgerEntry.customer_no.in_(nos)).group_by(CustLedgerEntry.customer_no)
            ).all()
        found = {no: (total,) for no, total in rows}
        return {no: found.get(no, (Decimal("0.00"),)) for no in nos}

    def find(self, text: str, limit: int = 2) -> list[str]:
        """Type to find: the numbers of the customers ``text`` names, the one numbered exactly
        so first, then those whose number, name, city... hold every word of it; at most ``limit``."""
        if not str(text).strip():
            return []
        return [row[0] for row in self.page(str(text), 0, limit, with_balance=False)]

    def page(self, text: str = "", offset: int = 0, limit: int = 100, *, with_balance: bool = True) -> list[tuple]:
        """One page of the customer list as plain tuples in ``LIST_COLUMNS`` order (without
        the balance when ``with_balance`` is False: the list asks ``balances`` after painting)."""
        balance = type_coerce(
            select(func.coalesce(func.sum(CustLedgerEntry.amount), 0))
            .where(CustLedgerEntry.customer_no == Customer.no)
            .scalar_subquery(),
            Amount,
        )
        columns = [Customer.no, Customer.name, Customer.city, Customer.phone, Customer.email, Customer.blocked]
        query = (
            select(*columns, *([balance] if with_balance else []))
            .where(filter_clause(Customer.search_key, text))
            .order_by(*number_first(Customer.no, text), Customer.no)
            .offset(offset)
            .limit(limit)
        )
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]
