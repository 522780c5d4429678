"""Sales documents: quotes, orders, invoices, credit memos, return orders (``desk.sales``).

Headers take their defaults from the customer; lines take price, VAT and discount from the
item and the VAT setup; totals are recalculated in the same unit of work as every change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
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
from ..setup.payment_terms import due_date_of
from ..tables import Customer, PurchaseLine, SalesHeader, SalesLine
from . import doc_states
from .blankets import Blankets
from .doc_convert import Conversions
from .doc_lines import LineEditor
from .doc_rules import (
    HEADER_RULES,
    describe,
    is_receiving,
    is_shipping,
    kind_of,
    refuse_blocked,
)
from .doc_warnings import Warnings
from .invoicing import Invoicing
from .kinds import SERIES_OF_KIND, DocKind, DocRef
from .pricing import LineInput, calculate, convert_price
from .recurring_invoices import RecurringInvoices
from .reversing import Reversing
from .snapshots import Document, Line
from .standard_lines import StandardLines

LIST_COLUMNS = ("no", "customer_no", "customer_name", "status", "order_date", "amount", "amount_incl_vat")

_HEADER_FIELDS = tuple(f for f in Document.__dataclass_fields__ if f not in (
    "kind", "lines", "vat_lines", "amount", "inv_discount_amount", "vat_amount", "amount_incl_vat", "notes"))
_LINE_FIELDS = tuple(f for f in Line.__dataclass_fields__ if f not in (
    "inv_discount_amount", "amount", "vat_amount", "amount_incl_vat", "kind", "document"))


class SalesService(LineEditor, Conversions, Blankets, Warnings, Invoicing, Reversing, StandardLines,
                   RecurringInvoices):
    """``desk.sales``: documents, their lines, release/reopen, conversions, warnings (posting
    them is added by ``posting.doc_posting.PostingActions``: see ``Desk``)."""

    header_rules = HEADER_RULES

    def __init__(self, desk):
        self._desk = desk

    # -- reading ---------------------------------------------------------------------------

    def _header(self, s: Session, doc) -> SalesHeader:
        kind = kind_of(getattr(doc, "kind", doc))
        header = s.get(SalesHeader, (kind.value, doc.no))
        if header is None:
            raise NotFound(_("{what} does not exist.").format(what=describe(kind, doc.no)))
        return header

    def _lines(self, s: Session, header: SalesHeader) -> list[SalesLine]:
        return list(s.scalars(
            select(SalesLine).where(SalesLine.kind == header.kind, SalesLine.document_no == header.no)
            .order_by(SalesLine.line_no)
        ).all())

    def _line_rows(self, s: Session, header: SalesHeader) -> list:
        """The lines as plain column rows, for reading (far cheaper than ORM objects at 500)."""
        columns = [SalesLine.__table__.c[f] for f in _LINE_FIELDS]
        return list(s.execute(
            select(*columns).where(SalesLine.kind == header.kind, SalesLine.document_no == header.no)
            .order_by(SalesLine.line_no)
        ).all())

    def _snapshot(self, s: Session, header: SalesHeader, lines: list | None = None,
                  calculated=None) -> Document:
        lines = self._line_rows(s, header) if lines is None else lines
        results, vat_lines = calculated or self._calculate(header, lines)
        kind = DocKind(header.kind)
        snapshot_lines = tuple(
            Line(**{f: getattr(line, f) for f in _LINE_FIELDS}, kind=kind,
                 inv_discount_amount=r.inv_discount_amount, amount=r.amount, vat_amount=r.vat_amount,
                 amount_incl_vat=r.amount_incl_vat)
            for line, r in zip(lines, results)
        )
        zero = Decimal("0.00")
        return Document(
            kind=kind, **{f: getattr(header, f) for f in _HEADER_FIELDS},
            lines=snapshot_lines, vat_lines=tuple(vat_lines),
            amount=sum((r.amount for r in results), zero),
            inv_discount_amount=sum((r.inv_discount_amount for r in results), zero),
            vat_amount=sum((r.vat_amount for r in results), zero),
            amount_incl_vat=sum((r.amount_incl_vat for r in results), zero),
        )

    @staticmethod
    def _calculate(header: SalesHeader, lines: list[SalesLine]):
        inputs = [LineInput(line.line_amount, line.vat_pct, line.vat_prod_group) for line in lines]
        return calculate(inputs, invoice_disc_pct=header.invoice_disc_pct, prices_incl_vat=header.prices_incl_vat)

    def _refresh_totals(self, s: Session, header: SalesHeader) -> Document:
        """Keep the header's totals (shown in lists) in step with its lines; returns the
        document as it now is."""
        s.flush()
        lines = self._line_rows(s, header)
        calculated = self._calculate(header, lines)
        results = calculated[0]
        header.amount = sum((r.amount for r in results), Decimal(0))
        header.amount_incl_vat = sum((r.amount_incl_vat for r in results), Decimal(0))
        s.add(header)
        return self._snapshot(s, header, lines, calculated)

    def get(self, kind, no: str) -> Document:
        """The document as it is now, with its lines and totals."""
        with self._desk.db.read() as s:
            return self._snapshot(s, self._header(s, DocRef(kind_of(kind), no)))

    # -- header ----------------------------------------------------------------------------

    def check(self, field: str, value) -> str | None:
        """The message for one header field's value, or None when it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, HEADER_RULES, field, value, self._desk.today())

    def create(self, kind, customer_no: str, **header) -> Document:
        """A new document for ``customer_no``, numbered from the kind's series, with the
        customer's defaults, and the lines of the customer's one "automatic" standard code for
        the kind (a code that cannot be inserted leaves the document empty and is named in
        ``.notes``). Refuses an unknown customer and a customer blocked for it."""
        return self._create(kind_of(kind), customer_no, header, recurring_lines=True)

    def _create(self, kind: DocKind, customer_no: str, header: dict, *, recurring_lines: bool) -> Document:
        """``create``; without the automatic recurring lines for a document a batch fills
        (Combine Shipments: BC never puts them there)."""
        with self._desk.db.write() as s:
            row = self._new_header(s, kind, customer_no, header)
            inserted, problem = self._insert_automatic(s, row) if recurring_lines else (False, None)
            if not inserted:
                return replace(self._snapshot(s, row), notes=(problem,) if problem else ())
            return self._refresh_totals(s, row)

    def _new_header(self, s: Session, kind: DocKind, customer_no: str, header: dict) -> SalesHeader:
        """The header of a new document, written (flushed) in the caller's unit of work."""
        customer = s.get(Customer, str(customer_no).strip().upper()) or s.get(Customer, customer_no)
        if customer is None:
            raise ValidationError({"customer_no": _("Customer '{no}' does not exist.").format(no=customer_no)})
        refuse_blocked(customer, kind)
        today = self._desk.today()
        row = SalesHeader(kind=kind.value, no=next_no(s, SERIES_OF_KIND[kind]), customer_no=customer.no,
                          order_date=today, document_date=today, posting_date=today)
        if kind is DocKind.QUOTE:
            row.quote_valid_until = today + dt.timedelta(days=30)
        self._apply_customer(s, row, customer)
        if header:
            self._apply_header(s, row, header)
        row.search_key = self._search_key(row)
        s.add(row)
        s.flush()
        return row

    def _apply_customer(self, s: Session, row: SalesHeader, customer: Customer) -> None:
        """Copy what the header takes from its (sell-to) customer; payment terms, Prices
        Including VAT and the invoice discount come from the bill-to customer, who pays (BC)."""
        bill_to = s.get(Customer, customer.bill_to_customer_no) if customer.bill_to_customer_no else None
        payer = bill_to or customer
        row.customer_no = customer.no
        row.customer_name = customer.name
        row.bill_to_customer_no = payer.no
        row.ship_to_name = customer.name
        row.ship_to_address = customer.address
        row.ship_to_post_code = customer.post_code
        row.ship_to_city = customer.city
        row.ship_to_country = customer.country
        row.payment_terms = payer.payment_terms
        row.shipment_method = customer.shipment_method
        row.location = customer.location
        row.prices_incl_vat = payer.prices_incl_vat
        row.vat_bus_group = customer.vat_bus_group
        row.invoice_disc_pct = payer.invoice_disc_pct
        row.prepayment_pct = payer.prepayment_pct if row.kind == DocKind.ORDER.value else Decimal(0)
        row.shipping_advice = customer.shipping_advice
        row.combine_shipments = customer.combine_shipments
        row.due_date = self._due_date(s, row)

    @staticmethod
    def _due_date(s: Session, row: SalesHeader) -> dt.date | None:
        return due_date_of(s, row)

    @staticmethod
    def _search_key(row: SalesHeader) -> str:
        return search_key(row.no, row.customer_no, row.customer_name, row.external_document_no, row.your_reference)

    def _apply_header(self, s: Session, row: SalesHeader, values: dict) -> None:
        data, errors = clean(s, HEADER_RULES, values, self._desk.today())
        if errors:
            raise ValidationError(errors)
        if "customer_no" in data and data["customer_no"] != row.customer_no:
            self._change_customer(s, row, data.pop("customer_no"))
        data.pop("customer_no", None)
        if data.get("applies_to_doc_no"):
            self._check_applies_to(s, row, data["applies_to_doc_no"])
        if "prices_incl_vat" in data and data["prices_incl_vat"] != row.prices_incl_vat:
            self._convert_unit_prices(s, row, data["prices_incl_vat"])
        for field, value in data.items():
            setattr(row, field, value)
        if ("document_date" in data or "payment_terms" in data) and "due_date" not in data:
            row.due_date = self._due_date(s, row)
        if "bill_to_customer_no" in data and data["bill_to_customer_no"] is None:
            row.bill_to_customer_no = row.customer_no

    @staticmethod
    def _check_applies_to(s: Session, row: SalesHeader, no: str) -> None:
        """Applies-to Doc. No.: an open posted invoice (for a credit memo or return order) or
        credit memo (for an invoice) of the document's bill-to customer."""
        from ..receivables.applications import document_entry

        target = "invoice" if is_receiving(DocKind(row.kind)) else "credit_memo"
        customer = row.bill_to_customer_no or row.customer_no
        entry = document_entry(s, customer, target, no)
        if entry is None:
            raise ValidationError({"applies_to_doc_no": _("{no} is not a posted {what} of customer {customer}.").format(
                no=no, what=_("invoice") if target == "invoice" else _("credit memo"), customer=customer)})
        if not entry.open:
            raise ValidationError({"applies_to_doc_no": _("{no} is already closed (fully paid or credited).")
                                   .format(no=no)})

    def _convert_unit_prices(self, s: Session, row: SalesHeader, prices_incl_vat: bool) -> None:
        """Prices Including VAT switched: every line's unit price gains or loses its VAT and
        the line amounts are computed again, so that the amounts stay the same (BC).
        Refused once a line has been invoiced at the old prices."""
        lines = self._lines(s, row)
        invoiced = [line.line_no for line in lines if line.quantity_invoiced]
        if invoiced:
            raise ValidationError({"prices_incl_vat": _(
                "Prices Including VAT cannot change: line {line} has been invoiced.").format(line=invoiced[0])})
        for line in lines:
            if line.type != "comment" and line.unit_price:
                line.unit_price = convert_price(line.unit_price, line.vat_pct, prices_incl_vat)
            self._amounts(line)
            s.add(line)

    def _change_customer(self, s: Session, row: SalesHeader, customer_no: str) -> None:
        """A new sell-to customer: header defaults and every line's price, VAT and discount
        are derived again for it. Refused once anything on the document has been handled."""
        kind = DocKind(row.kind)
        what = describe(kind, row.no)
        doc_states.require(row.status, "change_customer", what)
        lines = self._lines(s, row)
        if any(line.quantity_shipped or line.quantity_invoiced or line.return_qty_received for line in lines):
            raise SalesDeskError(_("{what} has shipped or invoiced lines; its customer can no longer change.")
                                 .format(what=what))
        customer = s.get(Customer, customer_no)
        refuse_blocked(customer, kind)
        self._apply_customer(s, row, customer)
        for line in lines:
            self._reprice(s, row, line)
        row.search_key = self._search_key(row)

    def update(self, doc, **header) -> Document:
        """Change header fields. Refused while the document is released; changing the
        customer re-derives the lines (refused once lines are shipped or invoiced)."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            doc_states.require(row.status, "edit_header", describe(DocKind(row.kind), row.no))
            self._apply_header(s, row, header)
            row.search_key = self._search_key(row)
            s.add(row)
            return self._refresh_totals(s, row)

    def delete(self, doc) -> None:
        """Delete an unposted document and its lines. Refused while any line has been
        shipped (or received) and not yet invoiced."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            kind = DocKind(row.kind)
            what = describe(kind, row.no)
            for line in self._lines(s, row):
                if is_shipping(kind) and line.quantity_shipped != line.quantity_invoiced:
                    raise SalesDeskError(_("{what} cannot be deleted: line {line} has been shipped but not "
                                           "invoiced.").format(what=what, line=line.line_no))
                if line.purchase_order_no and s.get(PurchaseLine, ("order", line.purchase_order_no,
                                                                    line.purchase_line_no)) is not None:
                    raise SalesDeskError(_("{what} cannot be deleted: line {line} is supplied by purchase order "
                                           "{no}.").format(what=what, line=line.line_no, no=line.purchase_order_no))
                if is_receiving(kind) and line.return_qty_received != line.quantity_invoiced:
                    raise SalesDeskError(_("{what} cannot be deleted: line {line} has been received but not "
                                           "invoiced.").format(what=what, line=line.line_no))
            if kind is DocKind.BLANKET_ORDER and (linked := self._linked_documents(s, row.no)):
                raise SalesDeskError(_("{what} cannot be deleted: {docs} draw on it.").format(
                    what=what, docs=", ".join(linked)))
            self._delete(s, row)

    def _delete(self, s: Session, row: SalesHeader) -> None:
        s.execute(sql_delete(SalesLine).where(SalesLine.kind == row.kind, SalesLine.document_no == row.no))
        s.delete(row)

    # -- status ------------------------------------------------------------------------------

    def release(self, doc) -> Document:
        """Open -> Released: lines are locked. Refused when no line has a quantity."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            what = describe(DocKind(row.kind), row.no)
            doc_states.require(row.status, "release", what)
            if not any(line.type != "comment" and line.quantity != 0 for line in self._lines(s, row)):
                raise SalesDeskError(_("There is nothing to release for {what}: no line has a quantity.")
                                     .format(what=what))
            row.status = doc_states.RELEASED
            if row.kind == DocKind.ORDER.value and row.prepayment_pct:
                from .prepayments import prepayment_state

                if prepayment_state(s, row).pending:  # BC: Release makes it Pending Prepayment
                    row.status = doc_states.PENDING_PREPAYMENT
            s.add(row)
            return self._snapshot(s, row)

    def prepayment(self, doc):
        """The order's prepayment: Prepayment %, the amount required, invoiced and paid, and
        whether shipping still waits for it (``.pending``)."""
        from .prepayments import prepayment_state

        with self._desk.db.read() as s:
            return prepayment_state(s, self._header(s, doc))

    def reopen(self, doc) -> Document:
        """Released -> Open, so that it can be changed again."""
        with self._desk.db.write() as s:
            row = self._header(s, doc)
            doc_states.require(row.status, "reopen", describe(DocKind(row.kind), row.no))
            row.status = doc_states.OPEN
            s.add(row)
            return self._snapshot(s, row)

    def allowed_actions(self, doc) -> frozenset[str]:
        """What the document's status allows (the TUI shows only these)."""
        with self._desk.db.read() as s:
            return doc_states.ALLOWED.get(self._header(s, doc).status, frozenset())

    # -- lists -------------------------------------------------------------------------------

    def count(self, kind, text: str = "") -> int:
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(SalesHeader).where(
                SalesHeader.kind == kind_of(kind).value, filter_clause(SalesHeader.search_key, text))).scalar_one()

    def page(self, kind, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of a document list as tuples in ``LIST_COLUMNS`` order."""
        query = (
            select(SalesHeader.no, SalesHeader.customer_no, SalesHeader.customer_name, SalesHeader.status,
                   SalesHeader.order_date, SalesHeader.amount, SalesHeader.amount_incl_vat)
            .where(SalesHeader.kind == kind_of(kind).value, filter_clause(SalesHeader.search_key, text))
            .order_by(*number_first(SalesHeader.no, text), SalesHeader.no).offset(offset).limit(limit)
        )
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]
