"""Invoices from shipments (mixed into ``desk.sales``): Get Shipment Lines, the Combine
Shipments batch, and Delete Invoiced Orders (BC report 295 and 299)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..tables import Customer, PostedHeader, PostedLine, SalesHeader, SalesLine
from . import doc_states
from .doc_rules import BLOCK_REASONS
from .kinds import DocKind
from .shipment_links import lines_left


@dataclass(frozen=True)
class CombineResult:
    invoice_nos: tuple[str, ...]  # invoices made
    posted_invoice_nos: tuple[str, ...]  # posted invoices, when posting was asked for
    errors: tuple[str, ...]  # customers skipped, invoices that failed to post


class Invoicing:
    def get_shipment_lines(self, invoice, shipment_nos: Iterable[str] | None = None, *,
                           lines: Iterable[tuple[str, int]] | None = None):
        """Add to an open invoice the lines of posted shipments of its bill-to customer that
        are not yet invoiced (all of them, those of ``shipment_nos``, or the ``lines`` given
        as (shipment no., line no.)): a text line per shipment, then one line per shipment
        line, priced as shipped. Lines already on another unposted invoice are left out."""
        with self._desk.db.write() as s:
            header = self._header(s, invoice)
            if header.kind != DocKind.INVOICE.value:
                raise SalesDeskError(_("Get Shipment Lines works on invoices only."))
            doc_states.require(header.status, "edit_lines", self._what(header))
            rows = self._uninvoiced(s, header, shipment_nos, lines)
            if not rows:
                raise SalesDeskError(_("There are no shipment lines left to invoice for bill-to customer {no}.")
                                     .format(no=header.bill_to_customer_no or header.customer_no))
            current = None
            for row in rows:
                if row.document_no != current:
                    current = row.document_no
                    self._append(s, header, SalesLine(type="comment", description=_("Shipment No. {no}:").format(
                        no=row.document_no)))
                self._append(s, header, self._line_from_shipment(s, header, row))
            return self._refresh_totals(s, header)

    def _uninvoiced(self, s: Session, header: SalesHeader, shipment_nos, lines) -> list:
        where = [PostedHeader.bill_to_customer_no == (header.bill_to_customer_no or header.customer_no)]
        if shipment_nos is not None:
            where.append(PostedLine.document_no.in_(list(shipment_nos)))
        rows = lines_left(s, "shipment", *where)
        if lines is not None:
            wanted = {(no, int(line_no)) for no, line_no in lines}
            rows = [r for r in rows if (r.document_no, r.line_no) in wanted]
        taken = set(s.execute(select(SalesLine.shipment_no, SalesLine.shipment_line_no).where(
            SalesLine.kind == DocKind.INVOICE.value, SalesLine.shipment_no != "")).all())
        return [r for r in rows if (r.document_no, r.line_no) not in taken]

    def _line_from_shipment(self, s: Session, header: SalesHeader, row) -> SalesLine:
        shipped = s.get(PostedLine, ("shipment", row.document_no, row.line_no))
        order_line = s.get(SalesLine, (DocKind.ORDER.value, row.order_no, row.order_line_no)) if row.order_no else None
        source = order_line or shipped
        line = SalesLine(type=shipped.type, no=shipped.no, description=shipped.description, location=shipped.location,
                         quantity=row.left, uom=shipped.uom, unit_price=source.unit_price,
                         unit_cost=shipped.unit_cost, line_discount_pct=source.line_discount_pct,
                         vat_prod_group=shipped.vat_prod_group, shipment_no=row.document_no,
                         shipment_line_no=row.line_no, qty_to_invoice=row.left,
                         blanket_order_no=shipped.blanket_order_no, blanket_order_line_no=shipped.blanket_order_line_no)
        line.vat_pct = self._vat_pct(s, header, line.vat_prod_group) if line.vat_prod_group else shipped.vat_pct
        self._amounts(line)
        return line

    def _append(self, s: Session, header: SalesHeader, line: SalesLine) -> None:
        line.kind, line.document_no = header.kind, header.no
        line.line_no = self._new_line_no(s, header, None)
        s.add(line)
        s.flush()

    # -- the batch -------------------------------------------------------------------------

    def combine_shipments(self, customer_no: str | None = None, *, posting_date: dt.date | None = None,
                          document_date: dt.date | None = None, post: bool = False,
                          progress: Callable[[int, int], None] | None = None) -> CombineResult:
        """One invoice per sell-to / bill-to customer and currency for the shipments not yet
        invoiced of orders with Combine Shipments on (optionally one customer's), posted
        when ``post``. Customers blocked for invoicing are skipped and reported; the orders
        stay until Delete Invoiced Orders."""
        posting_date = posting_date or self._desk.today()
        document_date = document_date or posting_date
        groups = self._combine_groups(customer_no)
        made, posted, errors = [], [], []
        for done, ((sell_to, bill_to, _currency), shipment_nos) in enumerate(groups.items(), start=1):
            problem = self._blocked_for_invoicing(bill_to) or self._blocked_for_invoicing(sell_to)
            if problem:
                errors.append(problem)
            else:
                invoice = self._create(DocKind.INVOICE, sell_to, {"posting_date": posting_date,
                                                                  "document_date": document_date},
                                       recurring_lines=False)
                if (invoice.bill_to_customer_no or invoice.customer_no) != bill_to:
                    invoice = self.update(invoice, bill_to_customer_no=bill_to)
                self.get_shipment_lines(invoice, shipment_nos)
                made.append(invoice.no)
                if post:
                    try:
                        posted.append(self.post(invoice).invoice_no)
                    except SalesDeskError as err:
                        errors.append(str(err))
            if progress:
                progress(done, len(groups))
        return CombineResult(tuple(made), tuple(posted), tuple(errors))

    def _combine_groups(self, customer_no: str | None) -> dict[tuple[str, str, str], list[str]]:
        with self._desk.db.read() as s:
            orders = select(SalesHeader.no).where(SalesHeader.kind == DocKind.ORDER.value,
                                                  SalesHeader.combine_shipments.is_(True))
            if customer_no:
                orders = orders.where(or_(SalesHeader.customer_no == customer_no,
                                          SalesHeader.bill_to_customer_no == customer_no))
            rows = lines_left(s, "shipment", PostedHeader.order_no.in_(orders))
        groups: dict[tuple[str, str, str], list[str]] = {}
        for row in rows:
            nos = groups.setdefault((row.customer_no, row.bill_to_customer_no, row.currency_code), [])
            if row.document_no not in nos:
                nos.append(row.document_no)
        return groups

    def _blocked_for_invoicing(self, customer_no: str) -> str | None:
        with self._desk.db.read() as s:
            customer = s.get(Customer, customer_no)
        if customer is not None and customer.blocked in ("invoice", "all"):
            return _("Customer {no} {name} is {why}: its shipments were not invoiced.").format(
                no=customer.no, name=customer.name, why=BLOCK_REASONS[customer.blocked])
        return None

    def delete_invoiced_orders(self, customer_no: str | None = None) -> list[str]:
        """Delete the orders that are fully shipped and invoiced but still exist because they
        were invoiced from their shipments (BC report 299). Returns their numbers."""
        line = SalesLine
        same_order = and_(line.kind == SalesHeader.kind, line.document_no == SalesHeader.no)
        unfinished = exists().where(same_order, line.type != "comment", or_(
            line.quantity != line.quantity_shipped, line.quantity_shipped != line.quantity_invoiced))
        invoiced = exists().where(same_order, line.quantity_invoiced != 0)
        query = select(SalesHeader).where(SalesHeader.kind == DocKind.ORDER.value, ~unfinished, invoiced)
        if customer_no:
            query = query.where(SalesHeader.customer_no == customer_no)
        with self._desk.db.write() as s:
            headers = list(s.scalars(query))
            for header in headers:
                self._delete(s, header)
            return [h.no for h in headers]
