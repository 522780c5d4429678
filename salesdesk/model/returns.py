"""What has been returned of posted lines, and what can still be: a posted invoice or
shipment line's returned quantity is what return receipts took back against it, less what
was shipped again against it (when a corrective credit memo was itself cancelled)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select, type_coerce
from sqlmodel import Session

from .money import Quantity
from .tables import PostedLine


def returned_quantities(s: Session, keys: set[tuple[str, str, int]]) -> dict[tuple[str, str, int], Decimal]:
    """{(kind, no, line no.): quantity returned} for the given posted lines."""
    if not keys:
        return {}
    docs = {(kind, no) for kind, no, _line in keys}
    line = PostedLine
    signed = case((line.kind == "return_receipt", line.quantity), else_=-line.quantity)
    rows = s.execute(
        select(line.appl_from_kind, line.appl_from_no, line.appl_from_line_no,
               type_coerce(func.sum(signed), Quantity))
        .where(line.kind.in_(("return_receipt", "shipment")),
               or_(*(and_(line.appl_from_kind == kind, line.appl_from_no == no) for kind, no in docs)))
        .group_by(line.appl_from_kind, line.appl_from_no, line.appl_from_line_no)).all()
    found = {(k, n, ln): q for k, n, ln, q in rows}
    return {key: found.get(key, Decimal(0)) for key in keys}


def posted_lines(s: Session, refs: set[tuple[str, str]]) -> dict[tuple[str, str, int], object]:
    """{(kind, no, line no.): row} of the posted documents named in ``refs``."""
    if not refs:
        return {}
    table = PostedLine.__table__
    rows = s.execute(select(table).where(or_(*(and_(table.c.kind == kind, table.c.document_no == no)
                                                 for kind, no in refs)))).all()
    return {(r.kind, r.document_no, r.line_no): r for r in rows}
