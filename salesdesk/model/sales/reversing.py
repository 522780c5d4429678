"""Get Posted Document Lines to Reverse (mixed into ``desk.sales``): a credit memo or return
order takes lines of a posted invoice or shipment with the quantity still returnable, the
original price and discount, and a reference to the line it reverses (exact cost reversing)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..tables import PostedHeader, PostedLine, SalesHeader, SalesLine
from . import doc_states
from .doc_rules import is_receiving
from .kinds import DocKind
from .returns import pending_returns, returned_quantities

REVERSIBLE_KINDS = ("invoice", "shipment")


class Reversing:
    def get_posted_lines_to_reverse(self, doc, from_kind: str, from_no: str,
                                    line_nos: Iterable[int] | None = None):
        """Add to a credit memo or return order the lines of posted invoice or shipment
        ``from_no`` (all, or ``line_nos``) that can still be returned, each for what is left."""
        if from_kind not in REVERSIBLE_KINDS:
            raise SalesDeskError(_("Lines to reverse come from posted invoices or shipments."))
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            if not is_receiving(DocKind(header.kind)):
                raise SalesDeskError(_("Posted lines are reversed on credit memos and return orders."))
            doc_states.require(header.status, "edit_lines", self._what(header))
            source = s.get(PostedHeader, (from_kind, from_no))
            if source is None:
                raise SalesDeskError(_("There is no posted {kind} {no}.").format(kind=from_kind, no=from_no))
            if source.bill_to_customer_no != (header.bill_to_customer_no or header.customer_no):
                raise SalesDeskError(_("Posted {kind} {no} belongs to customer {other}, not to {customer}.").format(
                    kind=from_kind, no=from_no, other=source.bill_to_customer_no,
                    customer=header.bill_to_customer_no or header.customer_no))
            wanted = None if line_nos is None else {int(n) for n in line_nos}
            added = 0
            for line, left in self._reversible(s, header, from_kind, from_no):
                if wanted is not None and line.line_no not in wanted:
                    continue
                self._append(s, header, self._reversing_line(s, header, line, left, from_kind))
                added += 1
            if not added:
                raise SalesDeskError(_("Nothing is left to return on posted {kind} {no}.").format(
                    kind=from_kind, no=from_no))
            return self._refresh_totals(s, header)

    def _reversible(self, s: Session, header: SalesHeader, kind: str, no: str) -> list[tuple]:
        """(posted line, quantity still returnable) for the item and G/L lines of a document,
        less what unposted return lines already take."""
        lines = [line for line in s.scalars(select(PostedLine).where(
            PostedLine.kind == kind, PostedLine.document_no == no, PostedLine.correction.is_(False),
            PostedLine.type != "comment").order_by(PostedLine.line_no)) if line.quantity > 0]
        returned = returned_quantities(s, {(kind, no, line.line_no) for line in lines})
        pending = pending_returns(s, kind, [no])
        result = []
        for line in lines:
            left = line.quantity - returned[(kind, no, line.line_no)] - pending.get((no, line.line_no), 0)
            if left > 0:
                result.append((line, left))
        return result

    def _reversing_line(self, s: Session, header: SalesHeader, posted: PostedLine, quantity, kind: str) -> SalesLine:
        line = SalesLine(type=posted.type, no=posted.no, description=posted.description, location=posted.location,
                         quantity=quantity, uom=posted.uom, unit_price=posted.unit_price,
                         unit_cost=posted.unit_cost, line_discount_pct=posted.line_discount_pct,
                         vat_prod_group=posted.vat_prod_group, appl_from_kind=kind, appl_from_no=posted.document_no,
                         appl_from_line_no=posted.line_no)
        if kind == "shipment":  # a shipment has no price: today's, from the item (BC)
            self._reprice(s, header, line)
            line.quantity = quantity
        elif line.vat_prod_group:
            line.vat_pct = self._vat_pct(s, header, line.vat_prod_group)
        self._default_quantities_to_handle(DocKind(header.kind), line)
        self._amounts(line)
        return line
