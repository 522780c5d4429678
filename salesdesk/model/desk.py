"""The public facade: ``Desk.open(target)`` and its services (see design.md, Public API)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from sqlalchemy import func, select

from .core.db import Database
from .customers.customers import CustomerService
from .history.ledger import LedgerService
from .history.posted import PostedService
from .inventory.items import ItemService
from .output.mail import MailService
from .output.reports import ReportService
from .payables.payables import PayablesService
from .payables.vendor_payments import VendorPaymentActions
from .posting.doc_posting import PostingActions
from .posting.purchase_actions import PurchasePostingActions
from .purchases.documents import PurchaseService
from .purchases.vendors import VendorService
from .receivables.payments import PaymentService
from .receivables.receivables import ReceivablesService
from .sales.documents import SalesService
from .sales.kinds import DocKind
from .setup.chart import seed_chart
from .setup.setup import SetupService, seed_defaults, seed_payment_methods
from .tables import (
    BankStatementLine,
    Company,
    Customer,
    GLAccount,
    Item,
    OutboxEntry,
    PaymentJournalLine,
    SalesHeader,
)


class Sales(SalesService, PostingActions):
    """``desk.sales``: the sales documents (sales/) with their posting actions (posting/)."""


class Purchases(PurchaseService, PurchasePostingActions):
    """``desk.purchases``: the purchase documents (purchases/) with their posting (posting/)."""


class Payments(PaymentService, VendorPaymentActions):
    """``desk.payments``: customer payments (receivables/) and vendor payments (payables/)."""


class Desk:
    """One company's sales desk on one database."""

    def __init__(self, db: Database, *, clock: Callable[[], dt.date] | None = None):
        self.db = db
        self._clock = clock or dt.date.today
        self.setup = SetupService(self)
        self.customers = CustomerService(self)
        self.items = ItemService(self)
        self.vendors = VendorService(self)
        self.sales = Sales(self)
        self.purchases = Purchases(self)
        self.posted = PostedService(self)
        self.ledger = LedgerService(self)
        self.payments = Payments(self)
        self.receivables = ReceivablesService(self)
        self.payables = PayablesService(self)
        self.reports = ReportService(self)
        self.mail = MailService(self)

    @classmethod
    def open(cls, target: str | os.PathLike, *, clock: Callable[[], dt.date] | None = None) -> "Desk":
        """Open (creating or upgrading the schema of) the database at a path or SQLAlchemy URL."""
        db = Database(target)
        try:
            from .migrations import MIGRATIONS, SCHEMA_VERSION
            from .revisions import bring_up_to_date

            db.migrate(MIGRATIONS, SCHEMA_VERSION, then=lambda conn, created: bring_up_to_date(conn, created=created))
            with db.write() as s:
                if s.get(Company, 1) is None:
                    seed_defaults(s)
                elif s.get(GLAccount, "411000") is None and s.execute(select(GLAccount.no).limit(1)).first() is None:
                    seed_chart(s)  # a company made before posting existed
                    seed_payment_methods(s)
        except BaseException:
            db.close()
            raise
        return cls(db, clock=clock)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Desk":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def today(self) -> dt.date:
        return self._clock()

    def now(self) -> dt.datetime:
        """The work date at the current time of day (what documents out are stamped with)."""
        return dt.datetime.combine(self._clock(), dt.datetime.now().time().replace(microsecond=0))

    def is_empty(self) -> bool:
        """True while the company has no customers and no items."""
        with self.db.read() as s:
            return (s.execute(select(Customer.no).limit(1)).first() is None
                    and s.execute(select(Item.no).limit(1)).first() is None)

    def load_demo(self) -> None:
        """Fill an empty database with the demo company (refused if it has data)."""
        from .demo import load_demo

        load_demo(self)

    def find_number(self, text: str) -> tuple[str, str, str] | None:
        """The record numbered exactly ``text`` (any case): ("document", kind, no) for an
        open sales document, ("posted", kind, no) for a posted one, ("purchase", kind, no) and
        ("posted_purchase", kind, no) for purchase documents, ("customer", "", no), ("item", "", no)
        or ("vendor", "", no); None when nothing is numbered so. Only an exact number counts: a
        desk search never opens a record because some other field holds the same digits."""
        from .history.posted import POSTED_KINDS
        from .history.purchase_documents import PURCHASE_POSTED_KINDS
        from .purchases.kinds import PurchaseKind

        typed = str(text).strip().upper()
        if not typed:
            return None
        for kind in DocKind:
            rows = self.sales.page(kind, typed, 0, 1)
            if rows and rows[0][0] == typed:
                return ("document", kind.value, typed)
        for kind in POSTED_KINDS:
            rows = self.posted.page(kind, typed, 0, 1)
            if rows and rows[0][0] == typed:
                return ("posted", kind, typed)
        for kind in PurchaseKind:
            if self.purchases.exists(kind, typed):
                return ("purchase", kind.value, typed)
        for kind in PURCHASE_POSTED_KINDS:
            rows = self.posted.purchase_page(kind, typed, 0, 1)
            if rows and rows[0][0] == typed:
                return ("posted_purchase", kind, typed)
        for area, service in (("customer", self.customers), ("item", self.items), ("vendor", self.vendors)):
            found = service.find(typed, limit=1)
            if found and found[0] == typed:
                return (area, "", typed)
        return None

    def counts(self) -> dict[str, int]:
        """What the home screen shows: customers, items, open documents per kind, payment
        journal lines ("journal"), bank statement lines to post ("bank") and e-mails failed or
        waiting in the outbox ("outbox_failed")."""
        with self.db.read() as s:
            result = {
                "customers": s.execute(select(func.count()).select_from(Customer)).scalar_one(),
                "items": s.execute(select(func.count()).select_from(Item)).scalar_one(),
            }
            per_kind = dict(
                s.execute(
                    select(SalesHeader.kind, func.count()).where(SalesHeader.status == "open").group_by(SalesHeader.kind)
                ).all()
            )
            result["journal"] = s.execute(select(func.count()).select_from(PaymentJournalLine)).scalar_one()
            result["bank"] = s.execute(select(func.count()).select_from(BankStatementLine).where(
                BankStatementLine.status == "open")).scalar_one()
            result["outbox_failed"] = s.execute(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.status.in_(("failed", "queued")))).scalar_one()
        for kind in DocKind:
            result[kind.value] = per_kind.get(kind.value, 0)
        return result
