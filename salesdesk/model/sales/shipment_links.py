"""What is left to invoice on posted shipment (and return receipt) lines.

A posted line is never updated: what has been invoiced of it is the sum of its
``ShipmentInvoicing`` links, so "shipped not invoiced" is always a query.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select, type_coerce
from sqlmodel import Session

from ..core.money import Quantity
from ..tables import PostedHeader, PostedLine, ShipmentInvoicing


def invoiced_subquery(handle_kind: str):
    link = ShipmentInvoicing
    return (
        select(link.shipment_no, link.shipment_line_no, func.sum(link.quantity).label("invoiced"))
        .where(link.shipment_kind == handle_kind)
        .group_by(link.shipment_no, link.shipment_line_no)
        .subquery()
    )


def lines_left(s: Session, handle_kind: str, *where) -> list:
    """Posted shipment (or receipt) lines of ``handle_kind`` matching ``where`` that still have
    a quantity not invoiced, oldest first, with ``left`` = quantity - invoiced."""
    inv = invoiced_subquery(handle_kind)
    line = PostedLine
    left = type_coerce(line.quantity - func.coalesce(inv.c.invoiced, 0), Quantity).label("left")
    query = (
        select(line.document_no, line.line_no, line.order_no, line.order_line_no, line.type, line.no,
               line.description, line.quantity, line.unit_cost, line.location, left,
               PostedHeader.bill_to_customer_no, PostedHeader.customer_no, PostedHeader.posting_date,
               PostedHeader.currency_code)
        .join(PostedHeader, and_(PostedHeader.kind == line.kind, PostedHeader.no == line.document_no))
        .outerjoin(inv, and_(inv.c.shipment_no == line.document_no, inv.c.shipment_line_no == line.line_no))
        .where(line.kind == handle_kind, line.type != "comment", line.correction.is_(False),
               line.quantity - func.coalesce(inv.c.invoiced, 0) != 0, *where)
        .order_by(line.document_no, line.line_no)
    )
    return list(s.execute(query).all())
