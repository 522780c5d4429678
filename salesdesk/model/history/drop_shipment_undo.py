"""Undo Shipment of a drop-shipment line undoes the purchase receipt line posted with it
(BC: it "reverts the linked purchase receipt, creates correction entries, and reapplies the
purchase and sales entries to their reversal entries"). This finds that receipt line."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..tables import (
    PostedHeader,
    PostedPurchaseHeader,
    PostedPurchaseLine,
    PurchaseLine,
)


def drop_receipt_line(s: Session, line) -> PostedPurchaseLine | None:
    """The receipt line the shipment line's posting wrote: same purchase order line, same
    quantity and posting date, not yet undone (the latest such line)."""
    if not line.purchase_order_no:
        return None
    posting_date = s.execute(select(PostedHeader.posting_date).where(
        PostedHeader.kind == line.kind, PostedHeader.no == line.document_no)).scalar()
    p = PostedPurchaseLine
    candidates = list(s.scalars(
        select(p).join(PostedPurchaseHeader, (PostedPurchaseHeader.kind == p.kind)
                       & (PostedPurchaseHeader.no == p.document_no))
        .where(p.kind == "receipt", p.order_no == line.purchase_order_no, p.order_line_no == line.purchase_line_no,
               p.correction.is_(False), p.quantity == line.quantity,
               PostedPurchaseHeader.posting_date == posting_date)
        .order_by(p.document_no.desc())))
    for candidate in candidates:
        undone = s.execute(select(p.line_no).where(
            p.kind == "receipt", p.document_no == candidate.document_no, p.correction.is_(True),
            p.appl_from_line_no == candidate.line_no)).first()
        if undone is None:
            return candidate
    return None


def drop_receipt_problem(s: Session, line) -> str | None:
    """Why the linked receipt line cannot be undone with the shipment line, or None."""
    receipt_line = drop_receipt_line(s, line)
    if receipt_line is None:
        return _("Line {line} is a drop shipment and its purchase receipt line is not found; it cannot be undone.") \
            .format(line=line.line_no)
    order_line = s.get(PurchaseLine, ("order", receipt_line.order_no, receipt_line.order_line_no))
    if order_line is None or order_line.quantity_received - order_line.quantity_invoiced < receipt_line.quantity:
        return _("Line {line} is a drop shipment whose purchase receipt {no} has been invoiced; only credit memos "
                 "can reverse it.").format(line=line.line_no, no=receipt_line.document_no)
    return None
