"""Corrections of posted documents (mixed into ``desk.posted``): Cancel, Correct and Create
Corrective Credit Memo on posted invoices, Cancel on the credit memo that cancelled one, and
Undo Shipment. Nothing posted is edited: each correction is a new document, posted in the same
unit of work as its checks (BC's Correct Posted Sales Invoice and Undo Sales Shipment Line)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.money import ZERO, plain
from ..core.numbering import next_no
from ..core.snapshots import PostedDocument
from ..inventory.costing import cost_outbound, finish_inbound, receive_inbound
from ..inventory.stock import move_stock, next_item_entry_no, on_hand
from ..posting.blanket_rollup import undo_shipped
from ..posting.posting import Posting
from ..receivables.applications import unapply_entry
from ..sales import doc_states
from ..sales.doc_rules import BLOCK_REASONS
from ..sales.kinds import SERIES_OF_KIND, DocKind, DocRef
from ..sales.returns import returned_quantities
from ..setup.posting_period import posting_date_problem
from ..tables import (
    CancelledDocument,
    Company,
    CustLedgerEntry,
    Customer,
    GLAccount,
    Item,
    ItemLedgerEntry,
    PostedHeader,
    PostedLine,
    PostedPurchaseLine,
    PurchaseLine,
    SalesHeader,
    SalesLine,
    ShipmentInvoicing,
)
from .cancellations import cancellation
from .drop_shipment_undo import drop_receipt_line, drop_receipt_problem


def undo_line_problem(line, line_no: int, undone: bool) -> str | None:
    """Why a posted shipment (receipt) line cannot be undone whatever else holds, or None:
    it does not exist, is itself a correction, has nothing to undo, or was undone already."""
    if line is None:
        return _("Line {line} does not exist.").format(line=line_no)
    if line.correction:
        return _("Line {line} is a correction line and cannot be undone.").format(line=line_no)
    if line.type == "comment" or not line.quantity:
        return _("Line {line} has nothing to undo.").format(line=line_no)
    if undone:
        return _("Line {line} has already been undone.").format(line=line_no)
    return None


class CorrectionError(SalesDeskError):
    """A correction refused: ``problems`` names every rule that stops it."""

    def __init__(self, what: str, problems: list[str]):
        self.problems = list(problems)
        super().__init__(_("{what} cannot be corrected: {problems}").format(what=what, problems=" ".join(problems)))


_HEADER_FIELDS = ("customer_no", "customer_name", "bill_to_customer_no", "ship_to_name", "ship_to_address",
                  "ship_to_post_code", "ship_to_city", "ship_to_country", "external_document_no", "your_reference",
                  "payment_terms", "shipment_method", "location", "currency_code", "prices_incl_vat",
                  "vat_bus_group", "invoice_disc_pct")


class Corrections:
    # -- invoices ----------------------------------------------------------------------------

    def cancel_invoice(self, no: str) -> str:
        """Post a corrective credit memo for the whole invoice, applied to it; the invoice
        reads as cancelled, stock comes back at the original cost and the source order's
        quantities roll back. Returns the posted credit memo's number."""
        with self._desk.db.write() as s:
            invoice = self._posted(s, "invoice", no)
            self._refuse_cancel(s, invoice)
            return self._cancel(s, invoice)

    def correct_invoice(self, no: str):
        """Cancel the invoice, then give the clerk something to correct: the source order
        (reopened, its quantities rolled back) when it still exists, else a new draft invoice
        with the same lines. Returns that document."""
        with self._desk.db.write() as s:
            invoice = self._posted(s, "invoice", no)
            self._refuse_cancel(s, invoice)
            self._cancel(s, invoice)
            order = s.get(SalesHeader, (DocKind.ORDER.value, invoice.order_no)) if invoice.order_no else None
            if order is not None:
                order.status = doc_states.OPEN
                s.add(order)
                s.flush()
                return self._desk.sales._snapshot(s, order)
            draft = self._new_document(s, invoice, DocKind.INVOICE, reverse=False)
            return self._desk.sales._refresh_totals(s, draft)

    def create_corrective_credit_memo(self, no: str):
        """An unposted credit memo with the invoice's lines, applied to it while the invoice
        is open, left for the clerk to change and post."""
        with self._desk.db.write() as s:
            invoice = self._posted(s, "invoice", no)
            memo = self._new_document(s, invoice, DocKind.CREDIT_MEMO, reverse=True)
            if not self._entry(s, invoice).open:
                memo.applies_to_doc_no = ""
            return self._desk.sales._refresh_totals(s, memo)

    def cancel_credit_memo(self, no: str) -> str:
        """Cancel the credit memo that cancelled an invoice: a new invoice undoes it and the
        original invoice is no longer cancelled (BC). Returns the posted invoice's number."""
        with self._desk.db.write() as s:
            memo = self._posted(s, "credit_memo", no)
            state = cancellation(s, "credit_memo", no)
            what = _("Posted Credit Memo {no}").format(no=no)
            problems = []
            if not state["corrects"]:
                problems.append(_("Only a credit memo that cancelled an invoice can be cancelled."))
            if state["cancelled"]:
                problems.append(_("It is already cancelled (by {no}).").format(no=state["cancelled_by"]))
            problems += self._customer_problems(s, memo)
            if problems:
                raise CorrectionError(what, problems)
            entry = self._entry(s, memo)
            unapply_entry(s, entry.entry_no, self._desk.today())
            s.refresh(entry)
            if entry.remaining_amount != entry.amount:
                raise CorrectionError(what, [_("It is applied to other entries (a payment or refund); unapply "
                                               "them first.")])
            draft = self._new_document(s, memo, DocKind.INVOICE, reverse=True)
            s.flush()
            result = Posting(self._desk, s, DocRef(DocKind.INVOICE, draft.no), ship=True, invoice=True,
                             receive=False, posting_date=self._desk.today()).run()
            s.add(CancelledDocument(kind="credit_memo", no=no, cancelled_by_kind="invoice",
                                    cancelled_by_no=result.invoice_no, posting_date=self._desk.today()))
            return result.invoice_no

    # -- checks ------------------------------------------------------------------------------

    def _posted(self, s: Session, kind: str, no: str) -> PostedHeader:
        row = s.get(PostedHeader, (kind, no))
        if row is None:
            from ..posting.posting import POSTED_LABELS

            raise NotFound(_("{what} {no} does not exist.").format(what=POSTED_LABELS[kind], no=no))
        return row

    def _entry(self, s: Session, posted: PostedHeader) -> CustLedgerEntry:
        return s.scalars(select(CustLedgerEntry).where(
            CustLedgerEntry.customer_no == posted.bill_to_customer_no,
            CustLedgerEntry.document_type == posted.kind, CustLedgerEntry.document_no == posted.no)).one()

    def _customer_problems(self, s: Session, posted: PostedHeader) -> list[str]:
        problems = []
        for customer_no in dict.fromkeys((posted.customer_no, posted.bill_to_customer_no)):
            customer = s.get(Customer, customer_no)
            if customer is not None and customer.blocked in ("invoice", "all"):
                problems.append(_("Customer {no} {name} is {why}.").format(
                    no=customer.no, name=customer.name, why=BLOCK_REASONS[customer.blocked]))
        return problems

    def _refuse_cancel(self, s: Session, invoice: PostedHeader) -> None:
        """BC's blocking tests for Cancel and Correct (posting rules 2.1), all reported."""
        problems = []
        if invoice.amount_incl_vat == 0:
            problems.append(_("It has no amount to cancel."))
        if invoice.prepayment:
            problems.append(_("It is a prepayment invoice: it cannot be cancelled or corrected (BC)."))
        company = s.get(Company, 1) or Company()
        for day in dict.fromkeys((invoice.posting_date, self._desk.today())):  # the invoice's and the credit memo's
            problem = posting_date_problem(day, company)
            if problem:
                problems.append(problem)
        state = cancellation(s, "invoice", invoice.no)
        if state["cancelled"]:
            problems.append(_("It is already cancelled (by credit memo {no}).").format(no=state["cancelled_by"]))
        if state["corrects"]:
            problems.append(_("It is itself a correction (it cancelled credit memo {no}).").format(
                no=state["corrects"]))
        entry = self._entry(s, invoice)
        if entry.remaining_amount != entry.amount:
            problems.append(_("It has been paid or partly paid ({left} of {amount} is still open).").format(
                left=entry.remaining_amount, amount=entry.amount))
        problems += self._customer_problems(s, invoice)
        lines = list(s.scalars(select(PostedLine).where(PostedLine.kind == "invoice",
                                                        PostedLine.document_no == invoice.no)))
        returned = returned_quantities(s, {("invoice", invoice.no, line.line_no) for line in lines
                                          if line.type == "item"})
        for line in lines:
            if line.quantity and (line.drop_shipment or self._billed_drop_shipment(s, line)):
                problems.append(_("Line {line} is a drop shipment: an invoice with drop shipment lines cannot be "
                                  "cancelled or corrected (BC).").format(line=line.line_no))
            if line.type == "item" and line.quantity:
                item = s.get(Item, line.no)
                if item is not None and item.blocked:
                    problems.append(_("Line {line}: item {no} {name} is blocked.").format(
                        line=line.line_no, no=item.no, name=item.description))
                if returned.get(("invoice", invoice.no, line.line_no), ZERO):
                    problems.append(_("Line {line}: item {no} has already been fully or partly returned.").format(
                        line=line.line_no, no=line.no))
            elif line.type == "gl_account":
                account = s.get(GLAccount, line.no)
                if account is None or account.blocked:
                    problems.append(_("Line {line}: G/L account {no} is missing or blocked.").format(
                        line=line.line_no, no=line.no))
        if problems:
            raise CorrectionError(_("Posted Invoice {no}").format(no=invoice.no), problems)

    # -- doing it ----------------------------------------------------------------------------

    def _cancel(self, s: Session, invoice: PostedHeader) -> str:
        memo = self._new_document(s, invoice, DocKind.CREDIT_MEMO, reverse=True)
        s.flush()
        result = Posting(self._desk, s, DocRef(DocKind.CREDIT_MEMO, memo.no), ship=False, invoice=True,
                         receive=True, posting_date=self._desk.today()).run()
        s.add(CancelledDocument(kind="invoice", no=invoice.no, cancelled_by_kind="credit_memo",
                                cancelled_by_no=result.credit_memo_no, posting_date=self._desk.today()))
        self._roll_back_order(s, invoice)
        return result.credit_memo_no

    def _new_document(self, s: Session, posted: PostedHeader, kind: DocKind, *, reverse: bool) -> SalesHeader:
        """An unposted ``kind`` copied from a posted document: header included, lines not
        repriced. ``reverse``: it undoes ``posted`` (applied to it, each line pointing at
        the posted line it reverses, for exact cost reversing)."""
        today = self._desk.today()
        header = SalesHeader(kind=kind.value, no=next_no(s, SERIES_OF_KIND[kind]), order_date=today,
                             document_date=today, posting_date=today,
                             **{f: getattr(posted, f) for f in _HEADER_FIELDS})
        customer = s.get(Customer, posted.customer_no)
        header.shipping_advice = customer.shipping_advice if customer else "partial"
        if reverse:
            header.applies_to_doc_no = posted.no
        header.due_date = self._desk.sales._due_date(s, header) if kind is DocKind.INVOICE else today
        header.search_key = self._desk.sales._search_key(header)
        s.add(header)
        s.flush()
        lines = s.scalars(select(PostedLine).where(PostedLine.kind == posted.kind,
                                                   PostedLine.document_no == posted.no)
                          .order_by(PostedLine.line_no)).all()
        for posted_line in lines:
            if posted_line.type != "comment" and not posted_line.quantity:
                continue
            line = SalesLine(kind=kind.value, document_no=header.no, line_no=posted_line.line_no,
                             **{f: getattr(posted_line, f) for f in (
                                 "type", "no", "description", "location", "quantity", "uom", "unit_price", "unit_cost",
                                 "line_discount_pct", "line_discount_amount", "line_amount", "vat_prod_group",
                                 "vat_pct", "blanket_order_no", "blanket_order_line_no")})
            if reverse and posted_line.type != "comment":
                if posted_line.appl_from_no:  # undoing a reversal: point at the line first reversed
                    line.appl_from_kind = posted_line.appl_from_kind
                    line.appl_from_no = posted_line.appl_from_no
                    line.appl_from_line_no = posted_line.appl_from_line_no
                else:
                    line.appl_from_kind, line.appl_from_no = posted.kind, posted.no
                    line.appl_from_line_no = posted_line.line_no
            self._desk.sales._default_quantities_to_handle(kind, line)
            s.add(line)
        s.flush()
        return header

    def _roll_back_order(self, s: Session, invoice: PostedHeader) -> None:
        """The order an invoice came from, if it still exists: what the invoice billed is
        neither shipped nor invoiced any more (the goods came back with the credit memo)."""
        for posted_line in s.scalars(select(PostedLine).where(
                PostedLine.kind == "invoice", PostedLine.document_no == invoice.no, PostedLine.order_no != "")):
            line = s.get(SalesLine, (DocKind.ORDER.value, posted_line.order_no, posted_line.order_line_no))
            if line is None or not posted_line.quantity:
                continue
            line.quantity_invoiced -= posted_line.quantity
            line.quantity_shipped -= posted_line.quantity
            self._desk.sales._default_quantities_to_handle(DocKind.ORDER, line)
            s.add(line)

    # -- shipments ---------------------------------------------------------------------------

    def undo_shipment(self, no: str, line_nos: Iterable[int] | None = None) -> PostedDocument:
        """Undo posted shipment lines not yet invoiced: a correction line with the opposite
        quantity on the shipment, the stock back at the same cost, and the order's shipped
        quantity back (BC's Undo Shipment). Returns the shipment as it now is."""
        with self._desk.db.write() as s:
            shipment = self._posted(s, "shipment", no)
            lines = list(s.scalars(select(PostedLine).where(PostedLine.kind == "shipment",
                                                            PostedLine.document_no == no)
                                   .order_by(PostedLine.line_no)))
            by_no = {line.line_no: line for line in lines}
            wanted = ([n for n in (int(n) for n in line_nos)] if line_nos is not None else
                      [line.line_no for line in lines if line.type != "comment" and not line.correction
                       and line.quantity and not self._undone(s, line)])
            problems, chosen = [], []
            for n in wanted:
                line = by_no.get(n)
                if problem := undo_line_problem(line, n, line is not None and self._undone(s, line)):
                    problems.append(problem)
                elif self._invoiced(s, line):
                    problems.append(_("Line {line} has been invoiced ({qty}); only a credit memo can reverse it.")
                                    .format(line=n, qty=plain(self._invoiced(s, line))))
                elif short := self._short(s, line):  # goods taken back go out again
                    problems.append(short)
                elif line.drop_shipment and (problem := drop_receipt_problem(s, line)):
                    problems.append(problem)
                else:
                    chosen.append(line)
            if not wanted:
                problems.append(_("No line of shipment {no} can be undone.").format(no=no))
            if problems:
                raise CorrectionError(_("Posted Shipment {no}").format(no=no), problems)
            for line in chosen:
                entry_no = self._undo_line(s, shipment, line, set(by_no))
                if line.drop_shipment:  # the vendor's delivery is undone with it (BC)
                    self._undo_drop_receipt(s, line, entry_no)
            s.flush()
        return self.shipment(no)

    @staticmethod
    def _short(s: Session, line: PostedLine) -> str | None:
        """Undoing a negative shipment line (goods taken back) ships them out again: refused
        when the stock is not there and the setup does not allow negative inventory."""
        if line.quantity >= 0:
            return None
        item = s.get(Item, line.no) if line.type == "item" else None
        company = s.get(Company, 1)
        if item is None or item.type != "inventory" or (company and company.allow_negative_inventory):
            return None
        location = line.location or "MAIN"
        have = on_hand(s, line.no, location)
        if have + line.quantity >= 0:
            return None
        return _("Line {line}: only {have} of item {no} is in stock at {loc}; undoing the {qty} taken back "
                 "needs {need}.").format(line=line.line_no, have=plain(have), no=line.no, loc=location,
                                         qty=plain(-line.quantity), need=plain(-line.quantity))

    @staticmethod
    def _invoiced(s: Session, line: PostedLine) -> Decimal:
        total = s.execute(select(func.sum(ShipmentInvoicing.quantity)).where(
            ShipmentInvoicing.shipment_kind == "shipment", ShipmentInvoicing.shipment_no == line.document_no,
            ShipmentInvoicing.shipment_line_no == line.line_no, ShipmentInvoicing.invoice_kind != "undo")).scalar()
        return total or ZERO

    @staticmethod
    def _undone(s: Session, line: PostedLine) -> bool:
        return s.execute(select(PostedLine.line_no).where(
            PostedLine.kind == "shipment", PostedLine.document_no == line.document_no, PostedLine.correction.is_(True),
            PostedLine.appl_from_line_no == line.line_no)).first() is not None

    @staticmethod
    def _billed_drop_shipment(s: Session, line: PostedLine) -> bool:
        """An invoice line made from a posted shipment line (Get Shipment Lines) of a drop shipment."""
        if not line.shipment_no:
            return False
        shipped = s.get(PostedLine, ("shipment", line.shipment_no, line.shipment_line_no))
        return bool(shipped is not None and shipped.drop_shipment)

    def _undo_drop_receipt(self, s: Session, line: PostedLine, entry_no: int | None) -> None:
        receipt_line = drop_receipt_line(s, line)
        order_line = s.get(PurchaseLine, ("order", receipt_line.order_no, receipt_line.order_line_no))
        taken = set(s.scalars(select(PostedPurchaseLine.line_no).where(
            PostedPurchaseLine.kind == "receipt", PostedPurchaseLine.document_no == receipt_line.document_no)))
        self._undo_receipt_line(s, receipt_line, order_line, taken, apply_to=entry_no)

    def _undo_line(self, s: Session, shipment: PostedHeader, line: PostedLine, taken: set[int]) -> int | None:
        correction_no = next(n for n in range(line.line_no + 1, line.line_no + 10000) if n not in taken)
        taken.add(correction_no)
        entry_no = None
        item = s.get(Item, line.no) if line.type == "item" else None
        if item is not None and item.type == "inventory":
            row = dict(entry_no=next_item_entry_no(s), item_no=line.no, posting_date=self._desk.today(),
                       entry_type="sale", document_type="shipment", document_no=shipment.no,
                       location=line.location or "MAIN", description=_("Undo: {text}").format(text=line.description),
                       quantity=line.quantity, cost_amount=line.cost_amount, customer_no=shipment.customer_no)
            # the goods come back as new stock at the cost they left with (a negative line's
            # goods go out again at the cost they came in with)
            if line.quantity > 0:
                receive_inbound(s, row)
            else:
                cost_outbound(s, row, fixed_cost=-line.cost_amount)
            entry = ItemLedgerEntry(**row)
            s.add(entry)
            s.flush()
            entry_no = entry.entry_no
            move_stock(s, [(line.no, line.location or "MAIN", line.quantity)])
            if line.quantity > 0:
                finish_inbound(s, [line.no], self._desk.today(), shipment.no)
        s.add(PostedLine(**{f: getattr(line, f) for f in (
            "kind", "document_no", "type", "no", "description", "location", "uom", "unit_price", "unit_cost",
            "line_discount_pct", "vat_prod_group", "vat_pct", "order_no", "order_line_no", "blanket_order_no",
            "blanket_order_line_no")},
            line_no=correction_no, quantity=-line.quantity, cost_amount=-line.cost_amount, item_entry_no=entry_no,
            correction=True, appl_from_kind="shipment", appl_from_no=line.document_no,
            appl_from_line_no=line.line_no))
        # the original line has nothing left to invoice: its quantity is taken back
        s.add(ShipmentInvoicing(shipment_kind="shipment", shipment_no=line.document_no, shipment_line_no=line.line_no,
                                invoice_kind="undo", invoice_no=line.document_no, invoice_line_no=correction_no,
                                quantity=line.quantity))
        undo_shipped(s, line)
        if line.order_no:
            order_line = s.get(SalesLine, (DocKind.ORDER.value, line.order_no, line.order_line_no))
            if order_line is not None:
                order_line.quantity_shipped -= line.quantity
                self._desk.sales._default_quantities_to_handle(DocKind.ORDER, order_line)
                s.add(order_line)
        return entry_no

