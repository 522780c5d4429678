"""Vendors: create, change, find, delete (while nothing refers to them), balance (``desk.vendors``)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from ...i18n import _
from ..core.fields import FieldRule
from ..core.lists import filter_clause, number_first
from ..core.records import RecordService
from ..customers.customers import PARTY_RULES
from ..setup.languages import DOCUMENT_LANGUAGES
from ..tables import Vendor, VendorLedgerEntry

BLOCKED_CHOICES = ("", "payment", "all")  # BC: Payment blocks payments only, All blocks every transaction

VENDOR_RULES: dict[str, FieldRule] = {r.name: r for r in (
    *PARTY_RULES,
    FieldRule("payment_method", _("Payment Method Code"), "code", lookup="payment_method"),
    FieldRule("blocked", _("Blocked"), "choice", choices=BLOCKED_CHOICES),
    FieldRule("prices_incl_vat", _("Prices Including VAT"), "bool"),
    FieldRule("lead_time_days", _("Lead Time (days)"), "int", minimum=Decimal(0), maximum=Decimal(3650)),
    FieldRule("language", _("Language Code"), "choice", choices=("", *DOCUMENT_LANGUAGES)),
)}

LIST_COLUMNS = ("no", "name", "city", "phone", "email", "blocked", "balance")


class VendorService(RecordService):
    """``desk.vendors``."""

    model = Vendor
    rules = VENDOR_RULES
    series = "VEND"
    noun = _("Vendor")
    search_fields = ("no", "name", "city", "email", "phone")

    def create(self, name: str, *, no: str | None = None, **fields) -> Vendor:
        """Create a vendor numbered from series VEND, or with ``no`` typed by hand."""
        return self._create({"name": name, **({"no": no} if no else {}), **fields})

    def balance(self, no: str) -> Decimal:
        """What we owe the vendor: minus the sum of its ledger entries (positive: we owe)."""
        with self._desk.db.read() as s:
            total = s.execute(select(func.sum(VendorLedgerEntry.amount))
                              .where(VendorLedgerEntry.vendor_no == no)).scalar()
        return -total if total is not None else Decimal("0.00")

    def find(self, text: str, limit: int = 2) -> list[str]:
        """Type to find: the numbers of the vendors ``text`` names (exact number first)."""
        if not str(text).strip():
            return []
        return [row[0] for row in self.page(str(text), 0, limit)]

    def page(self, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of the vendor list as tuples in ``LIST_COLUMNS`` order (balance: what we owe)."""
        owed = (select(func.coalesce(-func.sum(VendorLedgerEntry.amount), 0))
                .where(VendorLedgerEntry.vendor_no == Vendor.no).scalar_subquery())
        query = (select(Vendor.no, Vendor.name, Vendor.city, Vendor.phone, Vendor.email, Vendor.blocked, owed)
                 .where(filter_clause(Vendor.search_key, text))
                 .order_by(*number_first(Vendor.no, text), Vendor.no).offset(offset).limit(limit))
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]
