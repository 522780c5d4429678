"""Blanket sales orders (BC's codeunit 87 and the blanket fields of the sales line): Make Order
from the lines that have a Qty. to Ship, the link of order (invoice, return, credit memo) lines
to a blanket line, the cap on what is ordered, the locks on linked blanket lines, and the
clean-up of fully invoiced blankets (mixed into ``desk.sales``).

What a blanket line has "on orders" is the outstanding quantity of the open lines linked to
it: + for orders and invoices, - for return orders and credit memos; lines made from a posted
shipment or receipt do not count (their quantity is already in Quantity Shipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError, ValidationError
from ..core.money import ZERO, plain
from ..core.numbering import next_no
from ..tables import Customer, SalesHeader, SalesLine
from .doc_convert import COPIED_HEADER
from .doc_rules import describe, refuse_blocked
from .kinds import SERIES_OF_KIND, DocKind

BLANKET = DocKind.BLANKET_ORDER.value
# the kinds whose lines may draw on a blanket line, and the sign they count with
LINKED_SIGN = {DocKind.ORDER: 1, DocKind.INVOICE: 1, DocKind.RETURN_ORDER: -1, DocKind.CREDIT_MEMO: -1}
_ORDER_LINE = ("type", "no", "description", "location", "uom", "unit_price", "unit_cost", "line_discount_pct",
               "vat_prod_group", "vat_pct", "shipment_date")


@dataclass(frozen=True)
class BlanketLine:
    """An open blanket line as the link lookup shows it."""

    blanket_order_no: str
    line_no: int
    no: str
    description: str
    quantity: Decimal
    quantity_shipped: Decimal
    on_orders: Decimal
    unit_price: Decimal
    shipment_date: object

    @property
    def possible(self) -> Decimal:
        """What orders may still take from it."""
        return self.quantity - self.quantity_shipped - self.on_orders


def quantities_on_orders(s: Session, keys: set[tuple[str, int]], *, excluding=None) -> dict:
    """(blanket no, line no) -> the quantity open documents have on order from it (one query)."""
    if not keys:
        return {}
    line = SalesLine
    rows = s.execute(select(line.kind, line.document_no, line.line_no, line.blanket_order_no,
                            line.blanket_order_line_no, line.quantity, line.quantity_shipped,
                            line.return_qty_received)
                     .where(line.blanket_order_no.in_({k[0] for k in keys}), line.kind != BLANKET,
                            line.shipment_no == "")).all()
    found = {key: ZERO for key in keys}
    for r in rows:
        key = (r.blanket_order_no, r.blanket_order_line_no)
        if key not in found or (r.kind, r.document_no, r.line_no) == excluding:
            continue
        kind = DocKind(r.kind)
        handled = r.quantity_shipped if LINKED_SIGN[kind] > 0 else r.return_qty_received
        found[key] += LINKED_SIGN[kind] * (r.quantity - handled)
    return found


def cap_problem(blanket: SalesLine, adding: Decimal, on_orders: Decimal, field: str) -> str | None:
    """BC's check: |adding + on orders + shipped| may not pass |Quantity|; the message shows
    Outstanding - Unposted = Possible."""
    if abs(adding + on_orders + blanket.quantity_shipped) <= abs(blanket.quantity):
        return None
    outstanding = blanket.quantity - blanket.quantity_shipped
    possible = outstanding - on_orders
    return _("{field} cannot be more than {possible} for blanket order {no} line {line}: Outstanding Quantity "
             "{outstanding} - Unposted Quantity {unposted} = Possible Quantity {possible}.").format(
        field=field, possible=plain(possible), no=blanket.document_no, line=blanket.line_no,
        outstanding=plain(outstanding), unposted=plain(on_orders))


class Blankets:
    """The blanket order half of ``desk.sales``."""

    def blanket_lines_for(self, doc, item_no: str | None = None) -> list[BlanketLine]:
        """The blanket lines a line of ``doc`` may be linked to: the item lines of the open
        blanket orders of the same sell-to and bill-to customer (of ``item_no`` when given)."""
        with self._desk.db.read() as s:
            header = self._header(s, doc)
            h, line = SalesHeader, SalesLine
            query = (select(line).join(h, and_(h.kind == line.kind, h.no == line.document_no))
                     .where(line.kind == BLANKET, line.type != "comment", h.customer_no == header.customer_no,
                            func.coalesce(h.bill_to_customer_no, h.customer_no)
                            == (header.bill_to_customer_no or header.customer_no))
                     .order_by(line.document_no, line.line_no))
            if item_no:
                query = query.where(line.no == item_no)
            rows = list(s.scalars(query))
            on_orders = quantities_on_orders(s, {(r.document_no, r.line_no) for r in rows})
            return [BlanketLine(r.document_no, r.line_no, r.no, r.description, r.quantity, r.quantity_shipped,
                                on_orders[(r.document_no, r.line_no)], r.unit_price, r.shipment_date)
                    for r in rows]

    def delete_invoiced_blankets(self) -> list[str]:
        """BC's Delete Invoiced Blanket Sales Orders: every blanket whose lines are all fully
        invoiced and that no open document draws on; returns the numbers deleted."""
        with self._desk.db.write() as s:
            deleted = []
            for header in s.scalars(select(SalesHeader).where(SalesHeader.kind == BLANKET)
                                    .order_by(SalesHeader.no)):
                lines = self._lines(s, header)
                if any(line.type != "comment" and line.quantity_invoiced != line.quantity for line in lines):
                    continue
                if self._linked_documents(s, header.no):
                    continue
                self._delete(s, header)
                deleted.append(header.no)
            return deleted

    # -- Make Order --------------------------------------------------------------------------

    def _order_from_blanket(self, s: Session, blanket: SalesHeader):
        refuse_blocked(s.get(Customer, blanket.customer_no), DocKind.ORDER)
        lines = self._lines(s, blanket)
        to_order = [line for line in lines if line.type != "comment" and line.qty_to_ship]
        if not to_order:
            raise SalesDeskError(_("There is nothing to create."))
        on_orders = quantities_on_orders(s, {(blanket.no, line.line_no) for line in to_order})
        problems = [cap_problem(line, line.qty_to_ship, on_orders[(blanket.no, line.line_no)],
                                _("Qty. to Ship on line {line}").format(line=line.line_no)) for line in to_order]
        problems = [p for p in problems if p]
        if problems:
            raise SalesDeskError(" ".join(problems))
        today = self._desk.today()
        customer = s.get(Customer, blanket.customer_no)
        order = SalesHeader(kind=DocKind.ORDER.value, no=next_no(s, SERIES_OF_KIND[DocKind.ORDER]),
                            order_date=blanket.order_date or today, document_date=today, posting_date=today,
                            prepayment_pct=customer.prepayment_pct,
                            **{f: getattr(blanket, f) for f in COPIED_HEADER})
        order.due_date = self._due_date(s, order)
        order.search_key = self._search_key(order)
        s.add(order)
        s.flush()
        for line in lines:  # comment lines always come along (BC)
            if line.type != "comment" and not line.qty_to_ship:
                continue
            new = SalesLine(kind=order.kind, document_no=order.no, line_no=line.line_no,
                            **{f: getattr(line, f) for f in _ORDER_LINE})
            if line.type != "comment":
                new.quantity = line.qty_to_ship
                new.blanket_order_no, new.blanket_order_line_no = blanket.no, line.line_no
                line.qty_to_ship = ZERO
                s.add(line)
            self._default_quantities_to_handle(DocKind.ORDER, new)
            self._amounts(new)
            s.add(new)
        s.flush()
        return self._refresh_totals(s, order)

    # -- links and caps (called by the line editor in its unit of work) ------------------------

    def _link_blanket(self, s: Session, header: SalesHeader, line: SalesLine, data: dict) -> None:
        """Set or clear a line's Blanket Order No. / Line No. (BC's manual link): only on
        orders, invoices, return orders and credit memos, before the line is handled; the
        blanket line must be of the same item and customer; its price and discount come along."""
        no = data.pop("blanket_order_no", None)
        line_no = data.pop("blanket_order_line_no", None)
        if no is None and line_no is None:
            return
        no = line.blanket_order_no if no is None else (no or "").strip().upper()
        line_no = int(line_no) if line_no not in (None, "") else 0
        if (no, line_no) == (line.blanket_order_no, line.blanket_order_line_no):
            return
        kind = DocKind(header.kind)
        if kind not in LINKED_SIGN:
            raise ValidationError({"blanket_order_no": _("Only lines of orders, invoices, return orders and credit "
                                                         "memos can draw on a blanket order.")})
        if line.quantity_shipped or line.return_qty_received or line.quantity_invoiced:
            raise ValidationError({"blanket_order_no": _("Line {line} has been handled; its blanket order link "
                                                         "cannot change.").format(line=line.line_no)})
        if not no:
            line.blanket_order_no, line.blanket_order_line_no = "", 0
            return
        blanket = s.get(SalesLine, (BLANKET, no, line_no)) if line_no else None
        if blanket is None:
            field = "blanket_order_line_no" if s.get(SalesHeader, (BLANKET, no)) else "blanket_order_no"
            raise ValidationError({field: _("Blanket order {no} has no line {line}.").format(no=no, line=line_no)
                                   if field == "blanket_order_line_no"
                                   else _("There is no blanket order {no}.").format(no=no)})
        blanket_header = s.get(SalesHeader, (BLANKET, no))
        if (blanket_header.customer_no, blanket_header.bill_to_customer_no or blanket_header.customer_no) != (
                header.customer_no, header.bill_to_customer_no or header.customer_no):
            raise ValidationError({"blanket_order_no": _("Blanket order {no} is for customer {customer}, not {ours}.")
                                   .format(no=no, customer=blanket_header.customer_no, ours=header.customer_no)})
        if blanket.type == "comment":
            raise ValidationError({"blanket_order_line_no": _("Line {line} of blanket order {no} is a comment.")
                                   .format(line=line_no, no=no)})
        if line.no and (line.type, line.no) != (blanket.type, blanket.no):
            raise ValidationError({"blanket_order_no": _("Line {line} is for {ours}; blanket order {no} line {n} is "
                                                         "for {theirs}.").format(line=line.line_no, ours=line.no,
                                                                                 no=no, n=line_no, theirs=blanket.no)})
        line.blanket_order_no, line.blanket_order_line_no = no, line_no
        line.unit_price, line.line_discount_pct = blanket.unit_price, blanket.line_discount_pct
        if blanket.shipment_date and not line.shipment_date:
            line.shipment_date = blanket.shipment_date

    @staticmethod
    def _blanket_item_no(s: Session, data: dict) -> str:
        try:
            key = (BLANKET, str(data["blanket_order_no"]).strip().upper(), int(data.get("blanket_order_line_no") or 0))
        except ValueError:
            return ""
        blanket = s.get(SalesLine, key) if key[2] else None
        return blanket.no if blanket is not None and blanket.type == "item" else ""

    def _check_blanket_caps(self, s: Session, header: SalesHeader, line: SalesLine, fields: set[str]) -> None:
        """After a line changed: a blanket line's Qty. to Ship (or Quantity) and a linked
        line's quantity must stay within the blanket line."""
        kind = DocKind(header.kind)
        if kind is DocKind.BLANKET_ORDER and fields & {"qty_to_ship", "quantity"} and line.type != "comment":
            on_orders = quantities_on_orders(s, {(header.no, line.line_no)})[(header.no, line.line_no)]
            if on_orders and "quantity" in fields:
                problem = cap_problem(line, ZERO, on_orders, _("Quantity on orders"))
                if problem:
                    raise ValidationError({"quantity": problem})
            problem = cap_problem(line, line.qty_to_ship, on_orders, _("Qty. to Ship"))
            if problem:
                raise ValidationError({"qty_to_ship": problem})
        elif line.blanket_order_no and kind in LINKED_SIGN:
            blanket = s.get(SalesLine, (BLANKET, line.blanket_order_no, line.blanket_order_line_no))
            key = (line.blanket_order_no, line.blanket_order_line_no)
            others = quantities_on_orders(s, {key}, excluding=(line.kind, line.document_no, line.line_no))[key]
            handled = line.quantity_shipped if LINKED_SIGN[kind] > 0 else line.return_qty_received
            mine = LINKED_SIGN[kind] * (line.quantity - handled)
            problem = cap_problem(blanket, mine, others, _("Quantity on line {line}").format(line=line.line_no))
            if problem:
                raise ValidationError({"quantity": problem})

    def _refuse_change_of_linked_blanket_line(self, s: Session, header: SalesHeader, line: SalesLine,
                                              data: dict | None) -> None:
        """A blanket line that open lines draw on cannot be deleted (``data`` None) nor change
        its type or item."""
        if header.kind != BLANKET or line.type == "comment":
            return
        if data is not None and all(data.get(f, getattr(line, f)) == getattr(line, f) for f in ("type", "no")):
            return
        linked = s.execute(select(SalesLine.kind, SalesLine.document_no).where(
            SalesLine.blanket_order_no == header.no, SalesLine.blanket_order_line_no == line.line_no,
            SalesLine.kind != BLANKET).limit(1)).first()
        if linked:
            raise SalesDeskError(_("Line {line} of {what} is used by {doc}; it cannot be {how}.").format(
                line=line.line_no, what=describe(DocKind.BLANKET_ORDER, header.no),
                doc=describe(DocKind(linked.kind), linked.document_no),
                how=_("deleted") if data is None else _("changed to another item")))

    def _linked_documents(self, s: Session, blanket_no: str) -> list[str]:
        rows = s.execute(select(SalesLine.kind, SalesLine.document_no).distinct().where(
            SalesLine.blanket_order_no == blanket_no, SalesLine.kind != BLANKET)).all()
        return [describe(DocKind(r.kind), r.document_no) for r in rows]
