"""``desk.posted``: posted shipments, invoices, credit memos and return receipts (read-only).

Nothing here writes: posted documents are history. Corrections are new documents.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import and_, func, select, type_coerce
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.lists import filter_clause, number_first
from ..core.money import Quantity
from ..core.snapshots import PostedDocument, PostedLine, from_row
from ..posting.posting import POSTED_LABELS
from ..sales.returns import pending_returns, returned_quantities
from ..sales.shipment_links import invoiced_subquery, lines_left
from ..tables import CancelledDocument, PostedHeader
from ..tables import PostedLine as PostedLineTable
from .cancellations import cancellation
from .corrections import Corrections
from .purchase_documents import PostedPurchases

POSTED_KINDS = ("shipment", "invoice", "credit_memo", "return_receipt")
LIST_COLUMNS = ("no", "customer_no", "customer_name", "posting_date", "source_no", "amount", "amount_incl_vat")


def _kind(kind: str) -> str:
    if kind not in POSTED_KINDS:
        raise SalesDeskError(_("'{kind}' is not a kind of posted document.").format(kind=kind))
    return kind


class PostedService(Corrections, PostedPurchases):
    def __init__(self, desk):
        self._desk = desk

    # -- one document --------------------------------------------------------------------

    def get(self, kind: str, no: str) -> PostedDocument:
        kind = _kind(kind)
        with self._desk.db.read() as s:
            header = s.execute(select(PostedHeader.__table__).where(
                PostedHeader.kind == kind, PostedHeader.no == no)).first()
            if header is None:
                raise NotFound(_("{what} {no} does not exist.").format(what=POSTED_LABELS[kind], no=no))
            return from_row(PostedDocument, header, lines=tuple(self._lines(s, kind, [no]).get(no, ())),
                            **self._cancellation(s, kind, no))

    @staticmethod
    def _cancellation(s: Session, kind: str, no: str) -> dict:
        """cancelled / cancelled_by / corrects for one posted document (a cancellation counts
        while the document that made it is not itself cancelled)."""
        return cancellation(s, kind, no)

    def shipment(self, no: str) -> PostedDocument:
        return self.get("shipment", no)

    def invoice(self, no: str) -> PostedDocument:
        return self.get("invoice", no)

    def credit_memo(self, no: str) -> PostedDocument:
        return self.get("credit_memo", no)

    def return_receipt(self, no: str) -> PostedDocument:
        return self.get("return_receipt", no)

    def _lines(self, s: Session, kind: str, nos: list[str]) -> dict[str, list[PostedLine]]:
        table = PostedLineTable.__table__
        query = select(table).where(table.c.kind == kind, table.c.document_no.in_(nos))
        if kind in ("shipment", "return_receipt"):
            inv = invoiced_subquery(kind)
            invoiced = type_coerce(func.coalesce(inv.c.invoiced, 0), Quantity).label("quantity_invoiced")
            query = (select(table, invoiced)
                     .outerjoin(inv, and_(inv.c.shipment_no == table.c.document_no,
                                          inv.c.shipment_line_no == table.c.line_no))
                     .where(table.c.kind == kind, table.c.document_no.in_(nos)))
        result: dict[str, list[PostedLine]] = {}
        rows = s.execute(query.order_by(table.c.document_no, table.c.line_no)).all()
        returned = (returned_quantities(s, {(kind, r.document_no, r.line_no) for r in rows if r.type != "comment"})
                    if kind in ("invoice", "shipment") and rows else {})
        for row in rows:
            line = from_row(PostedLine, row, returned_quantity=returned.get((kind, row.document_no, row.line_no), 0))
            result.setdefault(row.document_no, []).append(line)
        return result

    def reversible_lines(self, customer_no: str, kind: str = "invoice") -> list[PostedLine]:
        """Posted invoice (or shipment) lines of a bill-to customer that can still be returned
        (Get Posted Document Lines to Reverse, "Show Reversible Lines Only")."""
        if kind not in ("invoice", "shipment"):
            raise SalesDeskError(_("Lines to reverse come from posted invoices or shipments."))
        with self._desk.db.read() as s:
            nos = list(s.scalars(select(PostedHeader.no).where(PostedHeader.kind == kind,
                                                               PostedHeader.bill_to_customer_no == customer_no)))
            lines = self._lines(s, kind, nos) if nos else {}
            pending = pending_returns(s, kind, nos) if nos else {}
        result = []
        for no in nos:
            for line in lines.get(no, ()):
                if line.type == "comment" or line.correction:
                    continue
                line = replace(line, pending_return=pending.get((no, line.line_no), 0))
                if line.returnable > 0:
                    result.append(line)
        return result

    # -- lists ---------------------------------------------------------------------------

    def list(self, kind: str, customer_no: str | None = None) -> list[PostedDocument]:
        kind = _kind(kind)
        query = select(PostedHeader.__table__).where(PostedHeader.kind == kind)
        if customer_no:
            query = query.where(PostedHeader.customer_no == customer_no)
        with self._desk.db.read() as s:
            headers = s.execute(query.order_by(PostedHeader.no)).all()
            lines = self._lines(s, kind, [h.no for h in headers]) if headers else {}
            cancellations = s.scalars(select(CancelledDocument)).all()
            return [from_row(PostedDocument, h, lines=tuple(lines.get(h.no, ())),
                             **cancellation(s, kind, h.no, cancellations)) for h in headers]

    def invoices(self, customer_no: str | None = None) -> list[PostedDocument]:
        return self.list("invoice", customer_no)

    def shipments(self, customer_no: str | None = None) -> list[PostedDocument]:
        return self.list("shipment", customer_no)

    def credit_memos(self, customer_no: str | None = None) -> list[PostedDocument]:
        return self.list("credit_memo", customer_no)

    def return_receipts(self, customer_no: str | None = None) -> list[PostedDocument]:
        return self.list("return_receipt", customer_no)

    def count(self, kind: str, text: str = "") -> int:
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(PostedHeader).where(
                PostedHeader.kind == _kind(kind), filter_clause(PostedHeader.search_key, text))).scalar_one()

    def page(self, kind: str, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of a posted-document list, newest first, as tuples in ``LIST_COLUMNS`` order."""
        h = PostedHeader
        source = func.coalesce(func.nullif(h.order_no, ""), h.pre_assigned_no)
        query = (select(h.no, h.customer_no, h.customer_name, h.posting_date, source, h.amount, h.amount_incl_vat)
                 .where(h.kind == _kind(kind), filter_clause(h.search_key, text))
                 .order_by(*number_first(h.no, text), h.no.desc()).offset(offset).limit(limit))
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]

    # -- shipments not yet invoiced --------------------------------------------------------

    def uninvoiced_shipment_lines(self, bill_to_customer_no: str) -> list:
        """Shipment lines of a bill-to customer with a quantity not yet invoiced (for Get
        Shipment Lines): rows with document_no, line_no, order_no, no, description, left..."""
        with self._desk.db.read() as s:
            return lines_left(s, "shipment", PostedHeader.bill_to_customer_no == bill_to_customer_no)
