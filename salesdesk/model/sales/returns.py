"""What has been returned of posted lines, and what can still be: a posted invoice or
shipment line's returned quantity is what return receipts took back against it, less what
was shipped again against it (when a corrective credit memo was itself cancelled)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select, type_coerce
from sqlmodel import Session

from ..core.money import Quantity
from ..tables import PostedLine, ShipmentInvoicing


def returned_quantities(s: Session, keys: set[tuple[str, str, int]]) -> dict[tuple[str, str, int], Decimal]:
    """{(kind, no, line no.): quantity returned} for the given posted lines. The same goods
    are on a shipment line and on the invoice line that billed it: a return against either
    counts for both (shared in proportion to what the invoice line billed of the shipment)."""
    if not keys:
        return {}
    links = _links(s, keys)
    linked = {(kind, no, line) for pairs in links.values() for kind, no, line, _q in pairs}
    direct = _direct(s, keys | linked)
    quantities = _quantities(s, linked) if linked else {}
    result = {}
    for key in keys:
        total = direct.get(key, Decimal(0))
        for kind, no, line, quantity in links.get(key, ()):
            whole = quantities.get((kind, no, line))
            if whole:
                total += direct.get((kind, no, line), Decimal(0)) * quantity / whole
        result[key] = total
    return result


def _links(s: Session, keys) -> dict[tuple, list[tuple]]:
    """For invoice lines, the shipment lines they billed; for shipment lines, the invoice
    lines that billed them: {key: [(kind, no, line no., quantity billed)]}."""
    link = ShipmentInvoicing
    invoices = {(no, line) for kind, no, line in keys if kind == "invoice"}
    shipments = {(no, line) for kind, no, line in keys if kind == "shipment"}
    found: dict[tuple, list[tuple]] = {}
    if invoices:
        for row in s.execute(select(link.invoice_no, link.invoice_line_no, link.shipment_no, link.shipment_line_no,
                                    link.quantity).where(link.invoice_kind == "invoice",
                                                         link.invoice_no.in_({no for no, _l in invoices}))):
            if (row[0], row[1]) in invoices:
                found.setdefault(("invoice", row[0], row[1]), []).append(("shipment", row[2], row[3], row[4]))
    if shipments:
        for row in s.execute(select(link.shipment_no, link.shipment_line_no, link.invoice_no, link.invoice_line_no,
                                    link.quantity).where(link.invoice_kind == "invoice",
                                                         link.shipment_no.in_({no for no, _l in shipments}))):
            if (row[0], row[1]) in shipments:
                found.setdefault(("shipment", row[0], row[1]), []).append(("invoice", row[2], row[3], row[4]))
    return found


def _quantities(s: Session, keys) -> dict[tuple, Decimal]:
    rows = posted_lines(s, {(kind, no) for kind, no, _line in keys})
    return {key: rows[key].quantity for key in keys if key in rows}


def _direct(s: Session, keys: set[tuple[str, str, int]]) -> dict[tuple[str, str, int], Decimal]:
    """Returns made against each line itself."""
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


def pending_returns(s: Session, kind: str, nos: list[str]) -> dict[tuple[str, int], Decimal]:
    """{(posted no., line no.): quantity on unposted credit memos and return orders, not yet
    received} for lines of posted ``kind`` documents ``nos``."""
    from ..tables import SalesLine

    line = SalesLine
    rows = s.execute(select(line.appl_from_no, line.appl_from_line_no,
                            type_coerce(func.sum(line.quantity - line.return_qty_received), Quantity))
                     .where(line.appl_from_kind == kind, line.appl_from_no.in_(nos),
                            line.kind.in_(("credit_memo", "return_order")))
                     .group_by(line.appl_from_no, line.appl_from_line_no)).all()
    return {(no, line_no): q for no, line_no, q in rows}
