"""Which posted documents are cancelled, and by what (BC's Cancelled Document table): read by
the posted documents and by the corrections that cancel them."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ..tables import CancelledDocument as Cancelled


def cancellation(s: Session, kind: str, no: str, rows: list | None = None) -> dict:
    """cancelled / cancelled_by / corrects of one posted document. ``rows`` (every
    cancellation, a small table) lets a list read them once instead of once per document."""
    if rows is None:
        rows = s.scalars(select(Cancelled)).all()
    by_doc: dict[tuple[str, str], list] = {}
    for row in rows:
        by_doc.setdefault((row.kind, row.no), []).append(row)

    def cancelled(doc: tuple[str, str], depth: int = 0) -> bool:
        # a cancellation counts while the document that made it is not itself cancelled
        return depth < 20 and any(not cancelled((r.cancelled_by_kind, r.cancelled_by_no), depth + 1)
                                  for r in by_doc.get(doc, ()))

    live = [r for r in by_doc.get((kind, no), ()) if not cancelled((r.cancelled_by_kind, r.cancelled_by_no))]
    corrects = next((r.no for r in rows if (r.cancelled_by_kind, r.cancelled_by_no) == (kind, no)), "")
    return {"cancelled": bool(live), "cancelled_by": live[-1].cancelled_by_no if live else "", "corrects": corrects}
