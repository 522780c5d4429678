"""Make Order / Make Invoice from a quote, and Copy Document (mixed into ``desk.sales``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.numbering import next_no
from ..tables import Customer, PostedHeader, PostedLine, SalesHeader, SalesLine
from . import doc_states
from .doc_rules import refuse_blocked
from .kinds import SERIES_OF_KIND, DocKind, DocRef

COPIED_HEADER = (
    "customer_no", "customer_name", "bill_to_customer_no", "ship_to_name", "ship_to_address",
    "ship_to_post_code", "ship_to_city", "ship_to_country", "requested_delivery_date",
    "promised_delivery_date", "external_document_no", "your_reference", "payment_terms", "shipment_method",
    "location", "currency_code", "prices_incl_vat", "vat_bus_group", "invoice_disc_pct", "shipping_advice",
    "combine_shipments",
)  # not the due date: it follows the new document's own date and the payment terms
_COPIED_LINE = ("type", "no", "description", "location", "quantity", "uom", "unit_price", "unit_cost",
                "line_discount_pct", "line_discount_amount", "line_amount", "vat_prod_group", "vat_pct")


class Conversions:
    """The conversion half of ``desk.sales``."""

    def make_order(self, source):
        """Turn a quote into an order: same customer, same lines in the same order; the order
        keeps the quote's number as its Quote No. and the quote is deleted. From a blanket
        order: an order of the blanket lines that have a Qty. to Ship, each linked to its
        blanket line; the blanket stays and those lines' Qty. to Ship go back to 0."""
        if DocKind(getattr(source, "kind", DocKind.QUOTE)) is DocKind.BLANKET_ORDER:
            with self._desk.db.write() as s:
                blanket = self._header(s, source)
                doc_states.require(blanket.status, "make_order", self._what(blanket))
                return self._order_from_blanket(s, blanket)
        return self._convert(source, DocKind.ORDER)

    def make_invoice(self, quote):
        """Turn a quote into an invoice (as Make Order, for a direct invoice)."""
        return self._convert(quote, DocKind.INVOICE)

    def _convert(self, quote, target: DocKind):
        with self._desk.db.write() as s:
            source = self._header(s, quote)
            if DocKind(source.kind) is not DocKind.QUOTE:
                raise SalesDeskError(_("Only a quote can be made into an order or an invoice, and only a blanket "
                                       "order into an order."))
            refuse_blocked(s.get(Customer, source.customer_no), target)
            lines = self._lines(s, source)
            if not any(line.type != "comment" and line.quantity for line in lines):
                raise SalesDeskError(_("Quote {no} has no line with a quantity to take over.").format(no=source.no))
            today = self._desk.today()
            row = SalesHeader(kind=target.value, no=next_no(s, SERIES_OF_KIND[target]), quote_no=source.no,
                              order_date=today, document_date=today, posting_date=today,
                              **{f: getattr(source, f) for f in COPIED_HEADER})
            row.due_date = self._due_date(s, row)
            row.search_key = self._search_key(row)
            s.add(row)
            s.flush()
            for line in lines:
                self._copy_line(s, row, line, line.line_no, recalculate=False)
            s.flush()
            self._delete(s, source)
            return self._refresh_totals(s, row)

    def _copy_line(self, s: Session, target: SalesHeader, source: SalesLine, line_no: int, *, recalculate: bool):
        line = SalesLine(kind=target.kind, document_no=target.no, line_no=line_no,
                         **{f: getattr(source, f) for f in _COPIED_LINE})
        if recalculate:
            self._reprice(s, target, line)
        self._default_quantities_to_handle(DocKind(target.kind), line)
        s.add(line)
        return line

    def copy_document(self, doc, from_kind, from_no: str, *, include_header: bool = False,
                      recalculate_lines: bool = True):
        """Copy the lines (and with ``include_header`` the header) of another unposted
        document into ``doc``. Without the header the lines are always priced again for
        ``doc``'s customer (as BC does). Refused unless ``doc`` is open; blocked items refuse
        the line they are on."""
        with self._desk.db.write() as s:
            target = self._header(s, doc)
            doc_states.require(target.status, "copy_document", self._what(target))
            source, source_lines = self._copy_source(s, str(from_kind), from_no)
            if (source.kind, source.no) == (target.kind, target.no):
                raise SalesDeskError(_("A document cannot be copied into itself."))
            if include_header:
                existing = self._lines(s, target)
                if any(line.quantity_shipped or line.quantity_invoiced or line.return_qty_received
                       for line in existing):
                    raise SalesDeskError(_("{what} has handled lines; its header cannot be replaced.")
                                         .format(what=self._what(target)))
                refuse_blocked(s.get(Customer, source.customer_no), DocKind(target.kind))
                for field in COPIED_HEADER:
                    if hasattr(source, field):  # posted documents have no delivery dates to copy
                        setattr(target, field, getattr(source, field))
                target.due_date = self._due_date(s, target)
                for line in existing:
                    s.delete(line)
                s.flush()
                target.search_key = self._search_key(target)
            recalculate = recalculate_lines or not include_header
            next_line = max((line.line_no for line in self._lines(s, target)), default=0)
            for line in source_lines:
                next_line += 10000
                self._copy_line(s, target, line, next_line, recalculate=recalculate)
            s.add(target)
            return self._refresh_totals(s, target)

    def _copy_source(self, s: Session, from_kind: str, from_no: str):
        """(header, lines) of the document to copy: an unposted one by its kind, or a posted
        one as "posted_shipment", "posted_invoice", "posted_credit_memo", "posted_return_receipt"."""
        from .doc_rules import kind_of

        if not from_kind.startswith("posted_"):
            source = self._header(s, DocRef(kind_of(from_kind), from_no))
            return source, self._lines(s, source)
        kind = from_kind.removeprefix("posted_")
        source = s.get(PostedHeader, (kind, from_no))
        if source is None:
            raise SalesDeskError(_("There is no posted {kind} {no}.").format(kind=kind.replace("_", " "), no=from_no))
        lines = list(s.scalars(select(PostedLine).where(PostedLine.kind == kind, PostedLine.document_no == from_no)
                               .order_by(PostedLine.line_no)))
        return source, lines
