"""Purchase documents: orders, invoices, credit memos (``desk.purchases``).

Headers take their defaults from the vendor (payment terms, VAT business group, Prices
Including VAT, Expected Receipt Date = order date + lead time); lines take Direct Unit Cost
and VAT from the item; totals are recalculated in the same unit of work as every change.
Posting is added by ``posting.purchase_actions`` (see ``Desk``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError, ValidationError
from ..core.fields import check_field, clean
from ..core.lists import filter_clause, number_first
from ..core.numbering import next_no
from ..core.text import search_key
from ..receivables.applications import VENDOR, document_entry
from ..sales import doc_states
from ..sales.pricing import LineInput, calculate, convert_price
from ..setup.payment_terms import due_date_of
from ..tables import PurchaseHeader, PurchaseLine, Vendor
from .kinds import SERIES_OF_KIND, PurchaseKind, PurchaseRef, describe, purchase_kind_of
from .from_sales import PurchaseOrdersFromSales
from .lines import PurchaseLineEditor, linked_sales_line_problem
from .rules import HEADER_RULES, RELEASED_HEADER_FIELDS, refuse_blocked_vendor
from .snapshots import HEADER_FIELDS, LINE_FIELDS, PurchaseDocument, PurchaseLineSnapshot

LIST_COLUMNS = ("no", "vendor_no", "vendor_name", "vendor_invoice_no", "status", "expected_receipt_date",
                "amount", "amount_incl_vat")


class PurchaseService(PurchaseLineEditor, PurchaseOrdersFromSales):
    """``desk.purchases``: documents, their lines, release/reopen, lists."""

    header_rules = HEADER_RULES

    def __init__(self, desk):
        self._desk = desk

    # -- reading ---------------------------------------------------------------------------

    def _what(self, header: PurchaseHeader) -> str:
        return describe(PurchaseKind(header.kind), header.no)

    def _header(self, s: Session, doc) -> PurchaseHeader:
        kind = purchase_kind_of(getattr(doc, "kind", doc))
        header = s.get(PurchaseHeader, (kind.value, doc.no))
        if header is None:
            raise NotFound(_("{what} does not exist.").format(what=describe(kind, doc.no)))
        return header

    def _line_rows(self, s: Session, header: PurchaseHeader) -> list:
        columns = [PurchaseLine.__table__.c[f] for f in LINE_FIELDS]
        return list(s.execute(select(*columns).where(
            PurchaseLine.kind == header.kind, PurchaseLine.document_no == header.no)
            .order_by(PurchaseLine.line_no)).all())

    @staticmethod
    def _calculate(header: PurchaseHeader, lines: list):
        inputs = [LineInput(line.line_amount, line.vat_pct, line.vat_prod_group) for line in lines]
        return calculate(inputs, invoice_disc_pct=Decimal(0), prices_incl_vat=header.prices_incl_vat)

    def _snapshot(self, s: Session, header: PurchaseHeader, lines: list | None = None,
                  calculated=None) -> PurchaseDocument:
        lines = self._line_rows(s, header) if lines is None else lines
        results, vat_lines = calculated or self._calculate(header, lines)
        kind = PurchaseKind(header.kind)
        zero = Decimal("0.00")
        return PurchaseDocument(
            kind=kind, **{f: getattr(header, f) for f in HEADER_FIELDS},
            lines=tuple(PurchaseLineSnapshot(**{f: getattr(line, f) for f in LINE_FIELDS}, kind=kind,
                                             amount=r.amount, vat_amount=r.vat_amount,
                                             amount_incl_vat=r.amount_incl_vat)
                        for line, r in zip(lines, results)),
            vat_lines=tuple(vat_lines),
            amount=sum((r.amount for r in results), zero),
            vat_amount=sum((r.vat_amount for r in results), zero),
            amount_incl_vat=sum((r.amount_incl_vat for r in results), zero))

    def _refresh_totals(self, s: Session, header: PurchaseHeader) -> PurchaseDocument:
        s.flush()
        lines = self._line_rows(s, header)
        calculated = self._calculate(header, lines)
        header.amount = sum((r.amount for r in calculated[0]), Decimal(0))
        header.amount_incl_vat = sum((r.amount_incl_vat for r in calculated[0]), Decimal(0))
        s.add(header)
        return self._snapshot(s, header, lines, calculated)

    def get(self, kind, no: str) -> PurchaseDocument:
        """The document as it is now, with its lines and totals."""
        with self._desk.db.read() as s:
            return self._snapshot(s, self._header(s, PurchaseRef(purchase_kind_of(kind), no)))

    def exists(self, kind, no: str) -> bool:
        with self._desk.db.read() as s:
            return s.get(PurchaseHeader, (purchase_kind_of(kind).value, no)) is not None

    # -- header ----------------------------------------------------------------------------

    def check(self, field: str, value) -> str | None:
        """The message for one header field's value, or None when it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, HEADER_RULES, field, value, self._desk.today())

    def create(self, kind, vendor_no: str, **header) -> PurchaseDocument:
        """A new document for ``vendor_no``, numbered from the kind's series, with the
        vendor's defaults. Refuses an unknown vendor and one blocked for all transactions."""
        kind = purchase_kind_of(kind)
        with self._desk.db.write() as s:
            vendor = s.get(Vendor, str(vendor_no).strip().upper()) or s.get(Vendor, vendor_no)
            if vendor is None:
                raise ValidationError({"vendor_no": _("Vendor '{no}' does not exist.").format(no=vendor_no)})
            refuse_blocked_vendor(vendor)
            today = self._desk.today()
            row = PurchaseHeader(kind=kind.value, no=next_no(s, SERIES_OF_KIND[kind]), vendor_no=vendor.no,
                                 order_date=today, document_date=today, posting_date=today)
            self._apply_vendor(s, row, vendor)
            if header:
                self._apply_header(s, row, header)
            row.search_key = self._search_key(row)
            s.add(row)
            s.flush()
            return self._snapshot(s, row)

    def _apply_vendor(self, s: Session, row: PurchaseHeader, vendor: Vendor) -> None:
        row.vendor_no = vendor.no
        row.vendor_name = vendor.name
        row.payment_terms = vendor.payment_terms
        row.prices_incl_vat = vendor.prices_incl_vat
        row.vat_bus_group = vendor.vat_bus_group
        row.expected_receipt_date = (row.order_date + dt.timedelta(days=vendor.lead_time_days)
                                     if row.order_date else None)
        row.due_date = self._due_date(s, row)

    @staticmethod
    def _due_date(s: Session, row: PurchaseHeader) -> dt.date | None:
        return due_date_of(s, row)

    @staticmethod
    def _search_key(row: PurchaseHeader) -> str:
        return search_key(row.no, row.vendor_no, row.vendor_name, row.vendor_invoice_no, row.vendor_order_no)

    def _apply_header(self, s: Session, row: PurchaseHeader, values: dict) -> None:
        data, errors = clean(s, HEADER_RULES, values, self._desk.today())
        if errors:
            raise ValidationError(errors)
        new_vendor = data.pop("vendor_no", row.vendor_no)
        if new_vendor != row.vendor_no:
            self._change_vendor(s, row, new_vendor)
        if data.get("applies_to_doc_no"):
            self._check_applies_to(s, row, data["applies_to_doc_no"])
        if "prices_incl_vat" in data and data["prices_incl_vat"] != row.prices_incl_vat:
            self._convert_unit_costs(s, row, data["prices_incl_vat"])
        for field, value in data.items():
            setattr(row, field, value)
        if ("document_date" in data or "payment_terms" in data) and "due_date" not in data:
            row.due_date = self._due_date(s, row)
        if "order_date" in data and "expected_receipt_date" not in data and row.order_date is not None:
            vendor = s.get(Vendor, row.vendor_no)
            row.expected_receipt_date = row.order_date + dt.timedelta(days=vendor.lead_time_days)

    @staticmethod
    def _check_applies_to(s: Session, row: PurchaseHeader, no: str) -> None:
        """Applies-to Doc. No. of a credit memo: an open posted invoice of the vendor."""
        entry = document_entry(s, row.vendor_no, "invoice", no, ledger=VENDOR)
        if entry is None:
            raise ValidationError({"applies_to_doc_no": _("{no} is not a posted purchase invoice of vendor "
                                                          "{vendor}.").format(no=no, vendor=row.vendor_no)})
        if not entry.open:
            raise ValidationError({"applies_to_doc_no": _("{no} is already closed (fully paid or credited).")
                                   .format(no=no)})

    def _convert_unit_costs(self, s: Session, row: PurchaseHeader, prices_incl_vat: bool) -> None:
        for line in s.scalars(select(PurchaseLine).where(PurchaseLine.kind == row.kind,
                                                         PurchaseLine.document_no == row.no)):
            if line.quantity_invoiced:
                raise ValidationError({"prices_incl_vat": _(
                    "Prices Including VAT cannot change: line {line} has been invoiced.").format(line=line.line_no)})
            if line.type != "comment" and line.direct_unit_cost:
                line.direct_unit_cost = convert_price(line.direct_unit_cost, line.vat_pct, prices_incl_vat)
            self._amounts(line)
            s.add(line)

    def _change_vendor(self, s: Session, row: PurchaseHeader, vendor_no: str) -> None:
        what = self._what(row)
        doc_states.require(row.status, "change_customer", what)
        has_lines = s.execute(select(PurchaseLine.line_no).where(
            PurchaseLine.kind == row.kind, PurchaseLine.document_no == row.no).limit(1)).first()
        if has_lines:
            raise SalesDeskError(_("{what} has lines; delete them before changing the vendor.").format(what=what))
        vendor = s.get(Vendor, vendor_no)
        refuse_blocked_vendor(vendor)
        self._apply_vendor(s, row, vendor)

    def update(self, doc, **header) -> PurchaseDocument:
        """Change header fields. Refused while the document is released, except the Vendor
        Invoice (Cr. Memo) No. and the posting and document dates (``editable_when_released``)."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            if not (set(header) <= RELEASED_HEADER_FIELDS and row.status == doc_states.RELEASED):
                doc_states.require(row.status, "edit_header", self._what(row))
            self._apply_header(s, row, header)
            row.search_key = self._search_key(row)
            s.add(row)
            return self._refresh_totals(s, row)

    def delete(self, doc) -> None:
        """Delete an unposted document and its lines; refused while a line has been received
        and not invoiced."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            for line in s.scalars(select(PurchaseLine).where(PurchaseLine.kind == row.kind,
                                                             PurchaseLine.document_no == row.no)):
                if problem := linked_sales_line_problem(s, line):
                    raise SalesDeskError(problem)
                if line.quantity_received != line.quantity_invoiced:
                    raise SalesDeskError(_("{what} cannot be deleted: line {line} has been received but not "
                                           "invoiced.").format(what=self._what(row), line=line.line_no))
            s.execute(sql_delete(PurchaseLine).where(PurchaseLine.kind == row.kind,
                                                     PurchaseLine.document_no == row.no))
            s.delete(row)

    # -- status ------------------------------------------------------------------------------

    def release(self, doc) -> PurchaseDocument:
        """Open -> Released: lines are locked. Refused when no line has a quantity."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            what = self._what(row)
            doc_states.require(row.status, "release", what)
            lines = self._line_rows(s, row)
            if not any(line.type != "comment" and line.quantity for line in lines):
                raise SalesDeskError(_("There is nothing to release for {what}: no line has a quantity.")
                                     .format(what=what))
            row.status = doc_states.RELEASED
            s.add(row)
            return self._snapshot(s, row, lines)

    def reopen(self, doc) -> PurchaseDocument:
        """Released -> Open, so that it can be changed again."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            doc_states.require(row.status, "reopen", self._what(row))
            row.status = doc_states.OPEN
            s.add(row)
            return self._snapshot(s, row)

    editable_when_released = RELEASED_HEADER_FIELDS

    def allowed_actions(self, doc) -> frozenset[str]:
        with self._desk.db.read() as s:
            return doc_states.ALLOWED.get(self._header(s, doc).status, frozenset())

    # -- lists -------------------------------------------------------------------------------

    def count(self, kind, text: str = "") -> int:
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(PurchaseHeader).where(
                PurchaseHeader.kind == purchase_kind_of(kind).value,
                filter_clause(PurchaseHeader.search_key, text))).scalar_one()

    def page(self, kind, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of a document list as tuples in ``LIST_COLUMNS`` order."""
        h = PurchaseHeader
        query = (select(h.no, h.vendor_no, h.vendor_name, h.vendor_invoice_no, h.status, h.expected_receipt_date,
                        h.amount, h.amount_incl_vat)
                 .where(h.kind == purchase_kind_of(kind).value, filter_clause(h.search_key, text))
                 .order_by(*number_first(h.no, text), h.no).offset(offset).limit(limit))
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]
