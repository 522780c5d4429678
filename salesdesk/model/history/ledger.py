"""``desk.ledger``: customer, item, G/L and VAT entries, and Navigate (read-only)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, or_, select, type_coerce

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.lists import escape_like
from ..core.money import Amount
from ..core.snapshots import (
    CustomerEntry,
    GLEntry,
    ItemEntry,
    VatEntry,
    VendorEntry,
    from_row,
)
from ..posting.posting import POSTED_LABELS
from ..tables import (
    CustLedgerEntry,
    ItemLedgerEntry,
    PostedHeader,
    PostedPurchaseHeader,
    SalesHeader,
    ValueEntry,
    VendorLedgerEntry,
)
from ..tables import GLEntry as GLEntryTable
from ..tables import VatEntry as VatEntryTable


@dataclass(frozen=True)
class EntryList:
    """A ledger as the TUI lists it: the table, its key column, and the columns shown."""

    name: str
    title: str
    table: type
    key: str  # the column a list can be narrowed to (customer, item, account)
    columns: tuple[str, ...]


ENTRY_LISTS: dict[str, EntryList] = {e.name: e for e in (
    EntryList("customer", _("Customer Ledger Entries"), CustLedgerEntry, "customer_no",
              ("entry_no", "posting_date", "document_type", "document_no", "customer_no", "description",
               "due_date", "amount", "remaining_amount", "open")),
    EntryList("vendor", _("Vendor Ledger Entries"), VendorLedgerEntry, "vendor_no",
              ("entry_no", "posting_date", "document_type", "document_no", "vendor_no", "external_document_no",
               "description", "due_date", "amount", "remaining_amount", "open")),
    EntryList("item", _("Item Ledger Entries"), ItemLedgerEntry, "item_no",
              ("entry_no", "posting_date", "entry_type", "document_type", "document_no", "item_no", "location",
               "quantity", "remaining_quantity", "cost_amount", "open")),
    EntryList("gl", _("G/L Entries"), GLEntryTable, "account_no",
              ("entry_no", "posting_date", "document_type", "document_no", "account_no", "description", "amount")),
    EntryList("vat", _("VAT Entries"), VatEntryTable, "bill_to_customer_no",
              ("entry_no", "posting_date", "document_type", "document_no", "bill_to_customer_no", "prod_group",
               "vat_pct", "base", "amount")),
)}


_ile = ItemLedgerEntry.__table__


def _actual_cost(table):
    """An item entry's cost with its value entries (revaluations, cost adjustments)."""
    changes = (select(func.coalesce(func.sum(ValueEntry.cost_amount), 0))
               .where(ValueEntry.item_ledger_entry_no == table.c.entry_no).scalar_subquery())
    return type_coerce(table.c.cost_amount + changes, Amount).label("cost_amount")


@dataclass(frozen=True)
class NavigateHit:
    """Navigate: one table holding rows with the document number."""

    table: str  # "posted:invoice", "entries:gl", "document:order", ...
    label: str
    count: int


class LedgerService:
    def __init__(self, desk):
        self._desk = desk

    def customer_entries(self, customer_no: str, open_only: bool = False) -> list[CustomerEntry]:
        query = select(CustLedgerEntry.__table__).where(CustLedgerEntry.customer_no == customer_no)
        if open_only:
            query = query.where(CustLedgerEntry.open.is_(True))
        return self._read(CustomerEntry, query.order_by(CustLedgerEntry.entry_no))

    def vendor_entries(self, vendor_no: str, open_only: bool = False) -> list[VendorEntry]:
        """The vendor's ledger entries, oldest first: an invoice is negative (we owe), a payment positive."""
        query = select(VendorLedgerEntry.__table__).where(VendorLedgerEntry.vendor_no == vendor_no)
        if open_only:
            query = query.where(VendorLedgerEntry.open.is_(True))
        return self._read(VendorEntry, query.order_by(VendorLedgerEntry.entry_no))

    def item_entries(self, item_no: str) -> list[ItemEntry]:
        """The item's entries, oldest first; ``cost_amount`` is the actual cost: the posted
        cost plus the entry's value entries (revaluations, cost adjustments)."""
        with self._desk.db.read() as s:
            changes = dict(s.execute(select(ValueEntry.item_ledger_entry_no, func.sum(ValueEntry.cost_amount))
                                     .where(ValueEntry.item_no == item_no)
                                     .group_by(ValueEntry.item_ledger_entry_no)).all())
            rows = s.execute(select(ItemLedgerEntry.__table__).where(ItemLedgerEntry.item_no == item_no)
                             .order_by(ItemLedgerEntry.entry_no)).all()
        return [from_row(ItemEntry, row) if row.entry_no not in changes else
                replace(from_row(ItemEntry, row), cost_amount=row.cost_amount + changes[row.entry_no])
                for row in rows]

    def gl_entries(self, document_no: str | None = None) -> list[GLEntry]:
        query = select(GLEntryTable.__table__)
        if document_no is not None:
            query = query.where(GLEntryTable.document_no == document_no)
        return self._read(GLEntry, query.order_by(GLEntryTable.entry_no))

    def vat_entries(self, document_no: str | None = None) -> list[VatEntry]:
        query = select(VatEntryTable.__table__)
        if document_no is not None:
            query = query.where(VatEntryTable.document_no == document_no)
        return self._read(VatEntry, query.order_by(VatEntryTable.entry_no))

    def _read(self, cls, query) -> list:
        with self._desk.db.read() as s:
            return [from_row(cls, row) for row in s.execute(query)]

    # -- paged lists for the TUI -----------------------------------------------------------

    def entry_list(self, name: str) -> EntryList:
        try:
            return ENTRY_LISTS[name]
        except KeyError:
            raise SalesDeskError(_("There is no ledger '{name}'.").format(name=name)) from None

    def _where(self, spec: EntryList, text: str, key: str | None, document_no: str | None,
               open_only: bool = False):
        table = spec.table.__table__
        clauses = [table.c.open.is_(True)] if open_only and "open" in table.c else []
        if key:
            clauses.append(table.c[spec.key] == key)
        if document_no:
            clauses.append(table.c.document_no == document_no)
        word = text.strip().upper()
        if word:
            like = escape_like(word) + "%"
            clauses.append(or_(table.c.document_no.like(like, escape="\\"),
                               table.c[spec.key].like(like, escape="\\")))
        return clauses

    def count(self, name: str, text: str = "", *, key: str | None = None, document_no: str | None = None,
              open_only: bool = False) -> int:
        spec = self.entry_list(name)
        table = spec.table.__table__
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(table)
                             .where(*self._where(spec, text, key, document_no, open_only))).scalar_one()

    def page(self, name: str, text: str = "", offset: int = 0, limit: int = 100, *, key: str | None = None,
             document_no: str | None = None, open_only: bool = False) -> list[tuple]:
        """One page of a ledger, newest entry first, as tuples in the list's ``columns`` order
        (``open_only``: customer entries with something left to pay or apply)."""
        spec = self.entry_list(name)
        table = spec.table.__table__
        query = (select(*(_actual_cost(table) if table is _ile and c == "cost_amount" else table.c[c]
                          for c in spec.columns))
                 .where(*self._where(spec, text, key, document_no, open_only))
                 .order_by(table.c.entry_no.desc()).offset(offset).limit(limit))
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query)]

    # -- Navigate ----------------------------------------------------------------------------

    def navigate(self, document_no: str) -> list[NavigateHit]:
        """Every table that holds rows with ``document_no``: posted documents, unposted
        documents of that number, and each ledger (BC's Find Entries / Navigate)."""
        hits: list[NavigateHit] = []
        with self._desk.db.read() as s:
            for kind, n in s.execute(select(PostedHeader.kind, func.count()).where(
                    PostedHeader.no == document_no).group_by(PostedHeader.kind)):
                hits.append(NavigateHit(f"posted:{kind}", POSTED_LABELS[kind], n))
            for kind, n in s.execute(select(PostedPurchaseHeader.kind, func.count()).where(
                    PostedPurchaseHeader.no == document_no).group_by(PostedPurchaseHeader.kind)):
                from .purchase_documents import PURCHASE_POSTED_LABELS

                hits.append(NavigateHit(f"posted_purchase:{kind}", PURCHASE_POSTED_LABELS[kind], n))
            for kind, n in s.execute(select(SalesHeader.kind, func.count()).where(
                    SalesHeader.no == document_no).group_by(SalesHeader.kind)):
                from ..sales.doc_rules import KIND_LABELS
                from ..sales.kinds import DocKind

                hits.append(NavigateHit(f"document:{kind}", KIND_LABELS[DocKind(kind)], n))
            for spec in ENTRY_LISTS.values():
                table = spec.table.__table__
                n = s.execute(select(func.count()).select_from(table).where(
                    table.c.document_no == document_no)).scalar_one()
                if n:
                    hits.append(NavigateHit(f"entries:{spec.name}", spec.title, n))
        return hits

    # -- applying entries after posting ----------------------------------------------------

    def apply(self, entry_no: int, to_entry_nos: list[int]) -> CustomerEntry:
        """Apply an open customer entry to open entries of the same customer with the opposite
        sign (BC's Apply Entries); the same as ``desk.payments.apply``."""
        return self._desk.payments.apply(entry_no, to_entry_nos)

    def unapply(self, entry_no: int) -> CustomerEntry:
        """Undo an entry's applications; the same as ``desk.payments.unapply``."""
        return self._desk.payments.unapply(entry_no)
