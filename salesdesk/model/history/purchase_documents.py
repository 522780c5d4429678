"""Posted purchase documents (``desk.posted.purchase_*``): receipts, invoices, credit memos and
return shipments, read-only, with Undo Receipt (a correction line, stock back, the order's
received quantity back) as the only change, made by new rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.lists import filter_clause, number_first
from ..core.money import plain
from ..core.snapshots import from_row
from ..inventory.costing import cost_outbound
from ..inventory.stock import move_stock, next_item_entry_no, on_hand
from ..posting.purchase_posting import ENTRY_DOCUMENT_TYPES
from ..tables import Company, Item, ItemLedgerEntry, PostedPurchaseHeader, PostedPurchaseLine, PurchaseLine
from .corrections import CorrectionError, undo_line_problem

PURCHASE_POSTED_KINDS = ("receipt", "invoice", "credit_memo", "return_shipment")
PURCHASE_POSTED_LABELS = {"receipt": _("Posted Purchase Receipt"), "invoice": _("Posted Purchase Invoice"),
                          "credit_memo": _("Posted Purchase Credit Memo"),
                          "return_shipment": _("Posted Return Shipment")}
PURCHASE_LIST_COLUMNS = ("no", "vendor_no", "vendor_name", "posting_date", "vendor_invoice_no", "source_no",
                         "amount", "amount_incl_vat")


@dataclass(frozen=True)
class PostedPurchaseLineSnapshot:
    line_no: int
    type: str
    no: str
    description: str
    location: str | None
    quantity: Decimal
    uom: str
    direct_unit_cost: Decimal
    line_discount_pct: Decimal
    line_amount: Decimal
    amount: Decimal
    vat_amount: Decimal
    amount_incl_vat: Decimal
    vat_prod_group: str
    vat_pct: Decimal
    order_no: str
    order_line_no: int
    item_entry_no: int | None
    cost_amount: Decimal
    correction: bool
    appl_from_line_no: int = 0


@dataclass(frozen=True)
class PostedPurchaseDocument:
    kind: str
    no: str
    vendor_no: str
    vendor_name: str
    posting_date: dt.date
    document_date: dt.date | None
    due_date: dt.date | None
    vendor_invoice_no: str
    vendor_cr_memo_no: str
    order_no: str
    pre_assigned_no: str
    applies_to_doc_no: str
    location: str | None
    amount: Decimal
    vat_amount: Decimal
    amount_incl_vat: Decimal
    lines: tuple[PostedPurchaseLineSnapshot, ...] = ()

    def line(self, line_no: int) -> PostedPurchaseLineSnapshot:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise KeyError(line_no)


def _posted_kind(kind: str) -> str:
    if kind not in PURCHASE_POSTED_KINDS:
        raise SalesDeskError(_("'{kind}' is not a kind of posted purchase document.").format(kind=kind))
    return kind


class PostedPurchases:
    """The purchase half of ``desk.posted``."""

    def purchase_document(self, kind: str, no: str) -> PostedPurchaseDocument:
        kind = _posted_kind(kind)
        with self._desk.db.read() as s:
            return self._purchase_snapshot(s, kind, no)

    @staticmethod
    def _purchase_snapshot(s: Session, kind: str, no: str) -> PostedPurchaseDocument:
        header = s.execute(select(PostedPurchaseHeader.__table__).where(
            PostedPurchaseHeader.kind == kind, PostedPurchaseHeader.no == no)).first()
        if header is None:
            raise NotFound(_("{what} {no} does not exist.").format(what=PURCHASE_POSTED_LABELS[kind], no=no))
        table = PostedPurchaseLine.__table__
        lines = s.execute(select(table).where(table.c.kind == kind, table.c.document_no == no)
                          .order_by(table.c.line_no)).all()
        return from_row(PostedPurchaseDocument, header,
                        lines=tuple(from_row(PostedPurchaseLineSnapshot, line) for line in lines))

    def purchase_receipt(self, no: str) -> PostedPurchaseDocument:
        return self.purchase_document("receipt", no)

    def purchase_invoice(self, no: str) -> PostedPurchaseDocument:
        return self.purchase_document("invoice", no)

    def purchase_credit_memo(self, no: str) -> PostedPurchaseDocument:
        return self.purchase_document("credit_memo", no)

    def purchase_return_shipment(self, no: str) -> PostedPurchaseDocument:
        return self.purchase_document("return_shipment", no)

    def purchase_list(self, kind: str, vendor_no: str | None = None) -> list[PostedPurchaseDocument]:
        kind = _posted_kind(kind)
        query = select(PostedPurchaseHeader.no).where(PostedPurchaseHeader.kind == kind)
        if vendor_no:
            query = query.where(PostedPurchaseHeader.vendor_no == vendor_no)
        with self._desk.db.read() as s:
            return [self._purchase_snapshot(s, kind, no) for no in s.scalars(query.order_by(PostedPurchaseHeader.no))]

    def purchase_receipts(self, vendor_no: str | None = None) -> list[PostedPurchaseDocument]:
        return self.purchase_list("receipt", vendor_no)

    def purchase_invoices(self, vendor_no: str | None = None) -> list[PostedPurchaseDocument]:
        return self.purchase_list("invoice", vendor_no)

    def purchase_credit_memos(self, vendor_no: str | None = None) -> list[PostedPurchaseDocument]:
        return self.purchase_list("credit_memo", vendor_no)

    def purchase_count(self, kind: str, text: str = "") -> int:
        with self._desk.db.read() as s:
            return s.execute(select(func.count()).select_from(PostedPurchaseHeader).where(
                PostedPurchaseHeader.kind == _posted_kind(kind),
                filter_clause(PostedPurchaseHeader.search_key, text))).scalar_one()

    def purchase_page(self, kind: str, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of a posted purchase list, newest first, in ``PURCHASE_LIST_COLUMNS`` order."""
        h = PostedPurchaseHeader
        source = func.coalesce(func.nullif(h.order_no, ""), h.pre_assigned_no)
        vendor_doc = func.coalesce(func.nullif(h.vendor_invoice_no, ""), h.vendor_cr_memo_no)
        query = (select(h.no, h.vendor_no, h.vendor_name, h.posting_date, vendor_doc, source, h.amount,
                        h.amount_incl_vat)
                 .where(h.kind == _posted_kind(kind), filter_clause(h.search_key, text))
                 .order_by(*number_first(h.no, text), h.no.desc()).offset(offset).limit(limit))
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]

    # -- Undo Receipt ------------------------------------------------------------------------

    def undo_receipt(self, no: str, line_nos: Iterable[int] | None = None) -> PostedPurchaseDocument:
        """Undo posted receipt lines not yet invoiced (BC's Undo Receipt): a correction line
        with the opposite quantity on the receipt, the stock back out at the same cost, and
        the order line's Quantity Received back. Refused, with every reason, when a line has
        been invoiced, its order is gone, or the stock is no longer there."""
        with self._desk.db.write() as s:
            self._purchase_snapshot(s, "receipt", no)  # NotFound
            lines = list(s.scalars(select(PostedPurchaseLine).where(
                PostedPurchaseLine.kind == "receipt", PostedPurchaseLine.document_no == no)
                .order_by(PostedPurchaseLine.line_no)))
            by_no = {line.line_no: line for line in lines}
            undone = {line.appl_from_line_no for line in lines if line.correction}
            wanted = ([int(n) for n in line_nos] if line_nos is not None else
                      [line.line_no for line in lines if line.type != "comment" and not line.correction
                       and line.quantity and line.line_no not in undone])
            problems, chosen = [], []
            company = s.get(Company, 1)
            for n in wanted:
                line = by_no.get(n)
                order_line = (s.get(PurchaseLine, ("order", line.order_no, line.order_line_no))
                              if line is not None and line.order_no else None)
                if problem := undo_line_problem(line, n, n in undone):
                    problems.append(problem)
                elif line.drop_shipment:
                    problems.append(_("Line {line} is a drop shipment for sales order {no}: undo its sales shipment, "
                                      "which undoes this receipt too.").format(line=n, no=line.sales_order_no))
                elif order_line is None:
                    problems.append(_("Line {line}: order {no} no longer exists (it has been invoiced); only a "
                                      "credit memo can reverse it.").format(line=n, no=line.order_no))
                elif order_line.quantity_received - order_line.quantity_invoiced < line.quantity:
                    problems.append(_("Line {line} has been invoiced; only a credit memo can reverse it.")
                                    .format(line=n))
                elif short := self._receipt_stock_short(s, line, company):
                    problems.append(short)
                else:
                    chosen.append((line, order_line))
            if not wanted:
                problems.append(_("No line of receipt {no} can be undone.").format(no=no))
            if problems:
                raise CorrectionError(_("Posted Purchase Receipt {no}").format(no=no), problems)
            taken = set(by_no)
            for line, order_line in chosen:
                self._undo_receipt_line(s, line, order_line, taken)
            s.flush()
        return self.purchase_receipt(no)

    @staticmethod
    def _receipt_stock_short(s: Session, line: PostedPurchaseLine, company) -> str | None:
        item = s.get(Item, line.no) if line.type == "item" else None
        if item is None or item.type != "inventory" or (company and company.allow_negative_inventory):
            return None
        location = line.location or "MAIN"
        have = on_hand(s, line.no, location)
        if have >= line.quantity:
            return None
        return _("Line {line}: only {have} of item {no} is in stock at {loc}; undoing the receipt of {qty} needs "
                 "them all.").format(line=line.line_no, have=plain(have), no=line.no, loc=location,
                                     qty=plain(line.quantity))

    def _undo_receipt_line(self, s: Session, line: PostedPurchaseLine, order_line: PurchaseLine,
                           taken: set[int], apply_to: int | None = None) -> None:
        """``apply_to``: the entry the goods go back out of (a drop shipment's undone sale),
        else the receipt's own entry."""
        correction_no = next(n for n in range(line.line_no + 1, line.line_no + 10000) if n not in taken)
        taken.add(correction_no)
        entry_no = None
        if line.item_entry_no is not None:
            entry_no = next_item_entry_no(s)
            location = line.location or "MAIN"
            row = dict(entry_no=entry_no, item_no=line.no, posting_date=self._desk.today(),
                       entry_type="purchase", document_type=ENTRY_DOCUMENT_TYPES["receipt"],
                       document_no=line.document_no, location=location, description=line.description,
                       quantity=-line.quantity, cost_amount=-line.cost_amount, vendor_no=self._vendor_of(s, line))
            # the goods go back out of the receipt's own entry, at the cost they came in at
            cost_outbound(s, row, apply_to=apply_to or line.item_entry_no, fixed_cost=line.cost_amount)
            s.add(ItemLedgerEntry(**row))
            move_stock(s, [(line.no, location, -line.quantity)])
        s.add(PostedPurchaseLine(
            kind="receipt", document_no=line.document_no, line_no=correction_no, type=line.type, no=line.no,
            description=line.description, location=line.location, quantity=-line.quantity, uom=line.uom,
            direct_unit_cost=line.direct_unit_cost, line_discount_pct=line.line_discount_pct,
            vat_prod_group=line.vat_prod_group, vat_pct=line.vat_pct, order_no=line.order_no,
            order_line_no=line.order_line_no, item_entry_no=entry_no, cost_amount=-line.cost_amount,
            appl_from_kind="receipt", appl_from_no=line.document_no, appl_from_line_no=line.line_no,
            correction=True, drop_shipment=line.drop_shipment, sales_order_no=line.sales_order_no,
            sales_order_line_no=line.sales_order_line_no))
        order_line.quantity_received -= line.quantity
        order_line.qty_to_receive = order_line.quantity - order_line.quantity_received
        order_line.qty_to_invoice = (order_line.qty_to_receive + order_line.quantity_received
                                     - order_line.quantity_invoiced)
        s.add(order_line)

    @staticmethod
    def _vendor_of(s: Session, line: PostedPurchaseLine) -> str:
        return s.execute(select(PostedPurchaseHeader.vendor_no).where(
            PostedPurchaseHeader.kind == line.kind, PostedPurchaseHeader.no == line.document_no)).scalar_one()
