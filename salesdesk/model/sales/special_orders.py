"""Special orders pegged to their purchase (BC: the purchase order "remains linked to the sales
order (demand)"): what a special-order line's purchase has brought into the location and the
line has not shipped yet is reserved for it; other documents cannot count on it, and what the
purchase has not yet received is not taken from the stock of others."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, select
from sqlmodel import Session

from ..tables import PurchaseLine, SalesLine
from .kinds import DocKind


def special_order_reservations(s: Session, item_nos, *, except_document: tuple[str, str] | None = None
                               ) -> dict[tuple[str, str], Decimal]:
    """{(item, location): quantity received for special-order lines and not yet shipped},
    leaving out the lines of ``except_document`` (kind, no)."""
    query = (select(SalesLine.no, SalesLine.location, SalesLine.quantity, SalesLine.quantity_shipped,
                    PurchaseLine.quantity, PurchaseLine.quantity_received)
             .outerjoin(PurchaseLine, and_(PurchaseLine.kind == "order",
                                           PurchaseLine.document_no == SalesLine.purchase_order_no,
                                           PurchaseLine.line_no == SalesLine.purchase_line_no))
             .where(SalesLine.kind == DocKind.ORDER.value, SalesLine.special_order.is_(True),
                    SalesLine.purchase_order_no != "", SalesLine.no.in_(set(item_nos))))
    if except_document is not None:
        query = query.where(~and_(SalesLine.kind == except_document[0], SalesLine.document_no == except_document[1]))
    reserved: dict[tuple[str, str], Decimal] = {}
    for item_no, location, quantity, shipped, bought, received in s.execute(query):
        not_received = (bought - received) if bought is not None else Decimal(0)
        held = quantity - shipped - max(not_received, Decimal(0))
        if held > 0:
            key = (item_no, location or "MAIN")
            reserved[key] = reserved.get(key, Decimal(0)) + held
    return reserved


def supplied_by_purchase(line) -> bool:
    """A line that never takes free stock: a drop shipment, or a special order with its purchase."""
    return bool(line.drop_shipment or (line.special_order and line.purchase_order_no))
