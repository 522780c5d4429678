"""Sales-Post: turn an order, invoice, return order or credit memo into history.

One posting is one unit of work. It checks everything first and reports every problem at
once (``PostingError.problems``); then it takes the posted numbers, writes the posted shipment
or return receipt with its item ledger entries, the posted invoice or credit memo with its
customer, G/L and VAT entries, and brings the document's quantities up to date (deleting it
once fully shipped and invoiced). Rows are written with Core bulk inserts: posting speed is
about Python object churn, not SQLite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import bindparam, func, select, update
from sqlalchemy import delete as sql_delete
from sqlmodel import Session

from ...i18n import _
from ..core.db import FastQuery, bulk_insert
from ..core.errors import NotFound, PostingError, SalesDeskError
from ..core.money import ZERO, plain, round_amount, round_scale
from ..core.numbering import take_no
from ..core.text import search_key
from ..inventory.costing import COST_SCALE, cost_outbound, finish_inbound, insert_applications, receive_inbound
from ..inventory.stock import move_stock
from ..receivables.applications import apply_entries, document_entry
from ..sales import doc_states
from ..sales.doc_rules import KIND_LABELS, beyond, capped
from ..sales.kinds import DocKind
from ..sales.prepayments import deduct_from_vat_lines, deductions, prepayment_state
from ..sales.pricing import LineInput, calculate, line_amounts
from ..sales.returns import posted_lines, returned_quantities
from ..sales.shipment_links import lines_left
from ..sales.special_orders import special_order_reservations
from ..setup.posting_period import posting_date_problem
from ..tables import (
    Company,
    CustLedgerEntry,
    Customer,
    GenPostingSetup,
    GLAccount,
    GLEntry,
    GLRegister,
    Item,
    ItemLedgerEntry,
    ItemStock,
    PaymentTerms,
    PostedHeader,
    PostedLine,
    SalesHeader,
    SalesLine,
    ShipmentInvoicing,
    VatEntry,
    VatPostingSetup,
)
from ..tables.posted import bill_to_address
from .posting_checks import (
    blocked_problem,
    item_problem,
    over_invoice_problem,
    shipping_advice_problem,
    stock_problem,
)
from .blanket_rollup import blanket_problems, roll_up
from .drop_shipment import DropReceipts, drop_shipment_problems, receive_drop_shipments
from .purchase_posting import TABLE_LABELS as PURCHASE_TABLE_LABELS
from .posting_gl import GLBuilder, net_of_vat


def _lines_of_document():
    return select(SalesLine.no).where(SalesLine.kind == bindparam("kind"), SalesLine.document_no == bindparam("no"))


_header_t, _line_t, _item_t = SalesHeader.__table__, SalesLine.__table__, Item.__table__
HEADER = FastQuery(select(_header_t).where(_header_t.c.kind == bindparam("kind"), _header_t.c.no == bindparam("no")))
LINES = FastQuery(select(_line_t).where(_line_t.c.kind == bindparam("kind"), _line_t.c.document_no == bindparam("no"))
                  .order_by(_line_t.c.line_no))
COMPANY = FastQuery(select(Company.__table__).where(Company.__table__.c.id == 1))
CUSTOMER = FastQuery(select(Customer.no, Customer.name, Customer.blocked, Customer.address, Customer.address2,
                            Customer.post_code, Customer.city, Customer.country, Customer.vat_reg_no)
                     .where(Customer.no == bindparam("no")))
ITEMS = FastQuery(select(_item_t).where(_item_t.c.no.in_(_lines_of_document())))
VAT_SETUP = FastQuery(select(VatPostingSetup.__table__).where(VatPostingSetup.bus_group == bindparam("bus")))
GEN_SETUP = FastQuery(select(GenPostingSetup.__table__))
ACCOUNTS = FastQuery(select(GLAccount.no, GLAccount.blocked))
TERMS = FastQuery(select(PaymentTerms.discount_days, PaymentTerms.discount_pct)
                  .where(PaymentTerms.code == bindparam("code")))
STOCK = FastQuery(select(ItemStock.item_no, ItemStock.location, ItemStock.quantity)
                  .where(ItemStock.item_no.in_(_lines_of_document())))
LAST_ENTRY_NOS = FastQuery(select(*(select(func.max(column)).scalar_subquery() for column in (
    ItemLedgerEntry.entry_no, GLRegister.no, CustLedgerEntry.entry_no, GLEntry.entry_no, VatEntry.entry_no))))
UPDATE_LINE = {
    outbound: FastQuery(
        update(_line_t).where(_line_t.c.kind == bindparam("k"), _line_t.c.document_no == bindparam("d"),
                              _line_t.c.line_no == bindparam("n"))
        .values({("quantity_shipped" if outbound else "return_qty_received"): bindparam("handled"),
                 "quantity_invoiced": bindparam("invoiced"),
                 ("qty_to_ship" if outbound else "return_qty_to_receive"): bindparam("to_handle"),
                 "qty_to_invoice": bindparam("to_invoice")}))
    for outbound in (True, False)}
RELEASE_AFTER_POSTING = FastQuery(
    update(_header_t).where(_header_t.c.kind == bindparam("kind"), _header_t.c.no == bindparam("no"))
    .values(status=doc_states.RELEASED, posting_date=bindparam("posting_date")))
DELETE_LINES = FastQuery(sql_delete(_line_t).where(_line_t.c.kind == bindparam("kind"),
                                                   _line_t.c.document_no == bindparam("no")))
DELETE_HEADER = FastQuery(sql_delete(_header_t).where(_header_t.c.kind == bindparam("kind"),
                                                      _header_t.c.no == bindparam("no")))

PREPAYMENT_LINE_OFFSET = 1_000_000  # posted line no. of a line's prepayment deduction

POSTED_SERIES = {"shipment": "P-SHIPMENT", "invoice": "P-INVOICE", "credit_memo": "P-CRMEMO",
                 "return_receipt": "P-RETRCPT"}
POSTED_LABELS = {"shipment": _("Posted Shipment"), "invoice": _("Posted Invoice"),
                 "credit_memo": _("Posted Credit Memo"), "return_receipt": _("Posted Return Receipt")}

# the tables a posting writes, in insert order, with the label shown by Preview
TABLES = (
    ("posted_header", PostedHeader, _("Posted documents")),
    ("posted_line", PostedLine, _("Posted document lines")),
    ("shipment_invoicing", ShipmentInvoicing, _("Shipment invoicing links")),
    ("item_ledger_entry", ItemLedgerEntry, _("Item ledger entries")),
    ("cust_ledger_entry", CustLedgerEntry, _("Customer ledger entries")),
    ("gl_register", GLRegister, _("G/L registers")),
    ("gl_entry", GLEntry, _("G/L entries")),
    ("vat_entry", VatEntry, _("VAT entries")),
)
TABLE_LABELS = {name: label for name, _model, label in TABLES}
# a drop shipment's purchase receipt is written by the same posting (Preview lists it too)
ENTRY_LABELS = {**PURCHASE_TABLE_LABELS, **TABLE_LABELS}


@dataclass(frozen=True)
class PostingResult:
    """What one posting wrote (or, from Preview, would write)."""

    kind: DocKind
    no: str
    posting_date: dt.date
    shipment_no: str | None = None
    invoice_no: str | None = None
    credit_memo_no: str | None = None
    return_receipt_no: str | None = None
    document_deleted: bool = False
    preview: bool = False
    entries: dict[str, tuple[dict, ...]] = field(default_factory=dict, repr=False)
    purchase_receipt_nos: tuple[str, ...] = ()  # drop shipments: the linked purchase receipts posted with it

    @property
    def posted_nos(self) -> list[str]:
        return [n for n in (self.shipment_no, self.return_receipt_no, self.invoice_no, self.credit_memo_no) if n]

    def counts(self) -> dict[str, int]:
        """Rows per table label, for Preview and the result message."""
        return {ENTRY_LABELS[name]: len(rows) for name, rows in self.entries.items() if rows}


@dataclass
class _Plan:
    """One document line and what this posting does with it."""

    line: object  # the sales_line row
    item: object | None
    to_handle: Decimal = ZERO  # ship (orders, invoices) or receive (returns, credit memos)
    to_invoice: Decimal = ZERO
    handle_line_no: int | None = None  # its line on the posted shipment / receipt
    unit_cost: Decimal = ZERO
    result: object | None = None  # pricing.LineResult for the quantity invoiced
    line_amount: Decimal = ZERO
    line_discount: Decimal = ZERO
    source_line: tuple[str, int] | None = None  # (order no., line no.) of the shipment line it bills
    original: object | None = None  # the posted line this one reverses (appl_from_*)
    cost_amount: Decimal = ZERO  # the cost posted for the quantity invoiced (COGS)
    handle_cost: Decimal | None = None  # the cost of the quantity shipped now, from costing


def _flags(kind: DocKind, ship: bool, invoice: bool, receive: bool) -> tuple[bool, bool]:
    """(handle, invoice) for a kind, as Sales-Post sets them (BC 1.2, point 4)."""
    if kind is DocKind.ORDER:
        if receive:
            raise SalesDeskError(_("An order ships; it does not receive."))
        return ship, invoice
    if kind is DocKind.RETURN_ORDER:
        if ship:
            raise SalesDeskError(_("A return order receives; it does not ship."))
        return receive, invoice
    if kind in (DocKind.INVOICE, DocKind.CREDIT_MEMO):
        return True, True
    raise SalesDeskError(_("A {kind} cannot be posted; make an order or an invoice of it.")
                         .format(kind=KIND_LABELS[kind].lower()))


class Posting:
    """One posting of one document, inside the caller's unit of work."""

    def __init__(self, desk, s: Session, doc, *, ship: bool, invoice: bool, receive: bool,
                 posting_date: dt.date | None, preview: bool = False):
        self.desk, self.s, self.preview = desk, s, preview
        kind = DocKind(getattr(doc, "kind", doc))
        found = HEADER.rows(s, kind=kind.value, no=doc.no)
        self.header = found[0] if found else None
        if self.header is None:
            raise NotFound(_("{kind} {no} does not exist.").format(kind=KIND_LABELS[kind], no=doc.no))
        self.kind = kind
        self.what = f"{KIND_LABELS[kind]} {doc.no}"
        self.handle, self.invoice = _flags(kind, ship, invoice, receive)
        self.outbound = kind in (DocKind.ORDER, DocKind.INVOICE)
        self.sign = 1 if self.outbound else -1
        self.handle_kind = "shipment" if self.outbound else "return_receipt"
        self.invoice_kind = "invoice" if self.outbound else "credit_memo"
        self.direct = kind in (DocKind.INVOICE, DocKind.CREDIT_MEMO)
        self.posting_date = posting_date or self.header.posting_date or desk.today()
        self.rows: dict[str, list[dict]] = {name: [] for name, _m, _l in TABLES}
        self.problems: list[str] = []
        self.source_orders: set[str] = set()  # orders whose shipments a direct invoice bills
        self.deductions: list = []  # prepaid shares the order's invoice deducts
        self.applications: list[dict] = []  # item applications of the outbound entries (costing)

    # -- reading -------------------------------------------------------------------------

    def _load(self) -> None:
        s, h = self.s, self.header
        self.lines = LINES.rows(s, kind=h.kind, no=h.no)
        self.company = (COMPANY.rows(s) or [Company()])[0]
        self.customer = CUSTOMER.rows(s, no=h.customer_no)[0]
        bill_to_no = h.bill_to_customer_no or h.customer_no
        self.bill_to = self.customer if bill_to_no == h.customer_no else CUSTOMER.rows(s, no=bill_to_no)[0]
        self.items = {r.no: r for r in ITEMS.rows(s, kind=h.kind, no=h.no)}
        self.vat_setup = {r.prod_group: r for r in VAT_SETUP.rows(s, bus=h.vat_bus_group)}
        self.gen_setup = {r.code: r for r in GEN_SETUP.rows(s)}
        self.accounts = dict(ACCOUNTS.run(s))
        found = TERMS.rows(s, code=h.payment_terms) if h.payment_terms and self.outbound else None
        self.terms = found[0] if found else None
        refs = {(line.appl_from_kind, line.appl_from_no) for line in self.lines if line.appl_from_no}
        self.originals = posted_lines(s, refs) if refs else {}
        self.returned = returned_quantities(s, set(self.originals)) if refs else {}

    # -- planning and checks ---------------------------------------------------------------

    def _plan(self) -> list[_Plan]:
        plans = []
        handled_field = "quantity_shipped" if self.outbound else "return_qty_received"
        to_handle_field = "qty_to_ship" if self.outbound else "return_qty_to_receive"
        for line in self.lines:
            plan = _Plan(line, self.items.get(line.no) if line.type == "item" else None)
            if line.appl_from_no:
                plan.original = self.originals.get((line.appl_from_kind, line.appl_from_no, line.appl_from_line_no))
            plans.append(plan)
            if line.type == "comment":
                continue
            handled = getattr(line, handled_field)
            if self.direct:
                plan.to_handle = ZERO if line.shipment_no else line.quantity - handled
                plan.to_invoice = line.quantity - line.quantity_invoiced
                continue
            plan.to_handle = getattr(line, to_handle_field) if self.handle else ZERO
            if self.invoice:
                most = handled + plan.to_handle - line.quantity_invoiced
                plan.to_invoice = line.qty_to_invoice
                if beyond(plan.to_invoice, most):
                    if self.handle:
                        self.problems.append(over_invoice_problem(line, plan.to_invoice, most))
                    plan.to_invoice = capped(plan.to_invoice, most)  # invoice only what has been shipped (BC)
        return plans

    def _check(self, plans: list[_Plan]) -> None:
        h, problems = self.header, self.problems
        handles = any(p.to_handle for p in plans)
        invoices = any(p.to_invoice for p in plans)
        if not handles and not invoices:
            what = {DocKind.ORDER: _("ship or invoice"), DocKind.RETURN_ORDER: _("receive or invoice")}.get(
                self.kind, _("post"))
            problems.append(_("There is nothing to {what}: no line has a quantity to handle.").format(what=what))
        for customer in {self.customer.no: self.customer, self.bill_to.no: self.bill_to}.values():
            problem = blocked_problem(customer, self.kind, handles=handles, invoices=invoices)
            if problem:
                problems.append(problem)
        problem = posting_date_problem(self.posting_date, self.company)
        if problem:
            problems.append(problem)
        if invoices and self.outbound and h.due_date is None:
            problems.append(_("Due Date must be filled in before {what} is invoiced.").format(what=self.what))
        if self.company.ext_doc_no_mandatory and not h.external_document_no.strip():
            problems.append(_("External Document No. must be filled in (Company setup makes it mandatory)."))
        for plan in plans:
            if plan.to_handle or plan.to_invoice:
                self._check_line(plan)
        self._check_shipping_advice(plans, handles)
        self._check_returns(plans)
        problems.extend(blanket_problems(self.s, plans, self.sign, h.customer_no))
        if invoices and h.applies_to_doc_no:
            self._check_applies_to()
        if self.outbound and handles and not self.company.allow_negative_inventory:
            self._check_stock(plans)
        if self.kind is DocKind.ORDER and handles:
            problems.extend(drop_shipment_problems(self.s, plans))
        if self.kind is DocKind.ORDER and handles and h.prepayment_pct:
            state = prepayment_state(self.s, h)
            if state.pending:
                problems.append(state.message(_("The order")))

    def _check_line(self, plan: _Plan) -> None:
        line, problems = plan.line, self.problems
        if line.type == "item":
            if not line.no:
                problems.append(_("Line {line}: No. must be filled in.").format(line=line.line_no))
                return
            if plan.item is None:
                problems.append(_("Line {line}: item {no} does not exist.").format(line=line.line_no, no=line.no))
                return
            problem = item_problem(line.line_no, plan.item, outbound=self.outbound)
            if problem:
                problems.append(problem)
            if plan.item.gen_prod_group not in self.gen_setup:
                problems.append(_("Line {line}: there is no general posting setup '{group}' for item {no}.")
                                .format(line=line.line_no, group=plan.item.gen_prod_group, no=line.no))
        elif line.type == "gl_account":
            if line.no not in self.accounts:
                problems.append(_("Line {line}: G/L account '{no}' does not exist.").format(line=line.line_no,
                                                                                           no=line.no))
            elif self.accounts[line.no]:
                problems.append(_("Line {line}: G/L account {no} is blocked.").format(line=line.line_no, no=line.no))
        if plan.to_invoice:
            if not line.vat_prod_group:
                problems.append(_("Line {line}: VAT Prod. Posting Group must be filled in.").format(line=line.line_no))
            elif line.vat_prod_group not in self.vat_setup:
                problems.append(_("Line {line}: there is no VAT posting setup for {bus} x {prod}.").format(
                    line=line.line_no, bus=self.header.vat_bus_group, prod=line.vat_prod_group))

    def _check_returns(self, plans: list[_Plan]) -> None:
        """Nothing is returned twice: a line reversing a posted line takes back at most what
        is left of it (BC's "Show Reversible Lines Only" and exact cost reversing)."""
        if self.outbound:
            return
        taken: dict[tuple, Decimal] = {}
        for plan in plans:
            line = plan.line
            if not line.appl_from_no or not plan.to_handle:
                continue
            key = (line.appl_from_kind, line.appl_from_no, line.appl_from_line_no)
            if plan.original is None:
                self.problems.append(_("Line {line}: posted line {no} {n} to reverse does not exist.").format(
                    line=line.line_no, no=line.appl_from_no, n=line.appl_from_line_no))
                continue
            taken[key] = taken.get(key, ZERO) + plan.to_handle
            left = plan.original.quantity - self.returned.get(key, ZERO)
            if taken[key] > left:
                self.problems.append(_("Line {line}: only {left} of {no} line {n} can still be returned, not {qty}.")
                                     .format(line=line.line_no, left=plain(max(left, ZERO)), no=line.appl_from_no,
                                             n=line.appl_from_line_no, qty=plain(taken[key])))

    def _applies_to_entry(self):
        target = "invoice" if not self.outbound else "credit_memo"
        return document_entry(self.s, self.bill_to.no, target, self.header.applies_to_doc_no)

    def _check_applies_to(self) -> None:
        found = self._applies_to_entry()
        no = self.header.applies_to_doc_no
        if found is None:
            self.problems.append(_("Applies-to Doc. No. {no} is not a posted {what} of customer {customer}.").format(
                no=no, what=_("invoice") if not self.outbound else _("credit memo"), customer=self.bill_to.no))
        elif not found.open:
            self.problems.append(_("Applies-to Doc. No. {no} is already closed (fully paid or credited).")
                                 .format(no=no))

    def _apply(self, entry_no: int, amount: Decimal, transaction_no: int) -> None:
        """Settle the Applies-to document's open entry with this posting's entry (BC's
        Applies-to Doc. No.): both remaining amounts move by what can be applied."""
        target = self._applies_to_entry()
        if target is None or not target.open or not amount:
            return
        applied = min(abs(target.remaining_amount), abs(amount))
        if not applied:
            return
        settle = applied if target.remaining_amount > 0 else -applied
        apply_entries(self.s, entry_no, target.entry_no, settle, self.posting_date, transaction_no)

    def _check_shipping_advice(self, plans: list[_Plan], handles: bool) -> None:
        if self.kind is not DocKind.ORDER or not handles or self.header.shipping_advice != "complete":
            return
        for plan in plans:
            line = plan.line
            if plan.item is not None and plan.item.type == "inventory":
                if plan.to_handle != line.quantity - line.quantity_shipped:
                    self.problems.append(shipping_advice_problem(line, plan.to_handle))

    def _check_stock(self, plans: list[_Plan]) -> None:
        wanted: dict[tuple[str, str], Decimal] = {}
        for plan in plans:
            if plan.to_handle > 0 and plan.item is not None and plan.item.type == "inventory" \
                    and not plan.line.drop_shipment:  # a drop shipment never takes our stock
                key = (plan.line.no, plan.line.location or "MAIN")
                wanted[key] = wanted.get(key, ZERO) + plan.to_handle
        if not wanted:
            return
        rows = STOCK.run(self.s, kind=self.header.kind, no=self.header.no)
        on_hand = {(r[0], r[1]): r[2] for r in rows}
        # goods received for other documents' special orders are theirs (pegged)
        for key, held in special_order_reservations(self.s, {k[0] for k in wanted},
                                                    except_document=(self.header.kind, self.header.no)).items():
            if key in on_hand:
                on_hand[key] -= held
        reported = set()
        for plan in plans:
            key = (plan.line.no, plan.line.location or "MAIN")
            if key in wanted and key not in reported and on_hand.get(key, ZERO) < wanted[key]:
                reported.add(key)
                self.problems.append(stock_problem(plan.line, on_hand.get(key, ZERO), wanted[key], key[1]))

    def _price(self, plans: list[_Plan]) -> list:
        """Amounts of the quantities to invoice, with VAT spread per rate (BC 1.5, point 6)."""
        invoiced = [p for p in plans if p.to_invoice and p.line.type != "comment"]
        for plan in invoiced:
            line = plan.line
            if plan.to_invoice == line.quantity:
                plan.line_discount, plan.line_amount = line.line_discount_amount, line.line_amount
            else:
                plan.line_discount, plan.line_amount = line_amounts(plan.to_invoice, line.unit_price,
                                                                    line.line_discount_pct)
        results, vat_lines = calculate(
            [LineInput(p.line_amount, p.line.vat_pct, p.line.vat_prod_group) for p in invoiced],
            invoice_disc_pct=self.header.invoice_disc_pct, prices_incl_vat=self.header.prices_incl_vat)
        for plan, result in zip(invoiced, results):
            plan.result = result
        self.total = sum((r.amount for r in results), ZERO)
        self.total_vat = sum((r.vat_amount for r in results), ZERO)
        self.deductions = []
        if self.kind is DocKind.ORDER and invoiced and self.header.prepayment_pct:
            self.deductions = deductions(self.s, self.header, [(p.line, p.to_invoice) for p in invoiced])
            self.total -= sum((d.net for d in self.deductions), ZERO)
            self.total_vat -= sum((d.vat for d in self.deductions), ZERO)
            vat_lines = deduct_from_vat_lines(vat_lines, self.deductions)
        self.total_inv_disc = sum((r.inv_discount_amount for r in results), ZERO)
        if invoiced and self.outbound and self.total < 0 and self.total + self.total_vat < 0:
            self.problems.append(_("The invoice total must be 0 or greater."))  # BC: both totals below 0
        return vat_lines

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> PostingResult:
        doc_states.require(self.header.status, "post", self.what)
        self._load()
        plans = self._plan()
        self._check(plans)
        vat_lines = self._price(plans) if not self.problems else []
        links = self._links(plans) if not self.problems else []
        if self.problems:
            raise PostingError(self.problems, self.what)
        handle_no = invoice_no = None
        self.drop = DropReceipts()
        if self.kind is DocKind.ORDER and self.handle:
            self.drop = receive_drop_shipments(self.desk, self.s, plans, self.posting_date, preview=self.preview)
        self.last_entry = dict(zip(("item", "register", "customer", "gl", "vat"),
                                   (n or 0 for n in LAST_ENTRY_NOS.run(self.s)[0])))
        if any(p.to_handle for p in plans):
            handle_no = take_no(self.s, POSTED_SERIES[self.handle_kind])
            self._write_handling(plans, handle_no)
        if any(p.to_invoice for p in plans):
            invoice_no = take_no(self.s, POSTED_SERIES[self.invoice_kind])
            self._write_invoice(plans, invoice_no, handle_no, links, vat_lines)
        self._insert()
        self._after_costing(handle_no)
        roll_up(self.s, plans, self.sign)
        if invoice_no and self.header.applies_to_doc_no:
            customer_entry = self.rows["cust_ledger_entry"][0]
            self._apply(customer_entry["entry_no"], customer_entry["amount"], customer_entry["transaction_no"])
        deleted = self._update_document(plans, links)
        entries = {name: tuple(rows) for name, rows in self.rows.items()}
        for name, rows in self.drop.entries().items():
            entries[name] = tuple(rows) + entries.get(name, ())
        nos = {"shipment_no": handle_no if self.outbound else None,
               "return_receipt_no": None if self.outbound else handle_no,
               "invoice_no": invoice_no if self.outbound else None,
               "credit_memo_no": None if self.outbound else invoice_no}
        return PostingResult(self.kind, self.header.no, self.posting_date, document_deleted=deleted,
                             preview=self.preview, entries=entries, purchase_receipt_nos=self.drop.receipt_nos,
                             **nos)

    def _links(self, plans: list[_Plan]) -> list[tuple[_Plan, str | None, int | None, Decimal, Decimal]]:
        """(plan, shipment no (None: this posting's), shipment line, quantity, unit cost) for
        every quantity invoiced: earlier shipments first (BC 1.5, point 8), then this one."""
        links = []
        earlier: dict[int, list] = {}
        needs_earlier = any(beyond(p.to_invoice, p.to_handle) and not p.line.shipment_no for p in plans
                            if p.line.type != "comment")
        if needs_earlier and not self.direct:
            for row in lines_left(self.s, self.handle_kind, PostedLine.order_no == self.header.no):
                earlier.setdefault(row.order_line_no, []).append(row)
        from_shipments = [p for p in plans if p.to_invoice and p.line.shipment_no]
        if from_shipments:
            keys = {(p.line.shipment_no, p.line.shipment_line_no) for p in from_shipments}
            shipped = {(r.document_no, r.line_no): r for r in lines_left(
                self.s, self.handle_kind, PostedLine.document_no.in_({k[0] for k in keys}))}
        for plan in plans:
            if not plan.to_invoice or plan.line.type == "comment":
                continue
            line = plan.line
            if line.shipment_no:
                row = shipped.get((line.shipment_no, line.shipment_line_no))
                if row is None or beyond(plan.to_invoice, row.left):
                    self.problems.append(_("Line {line}: {shipment} line {n} has {left} left to invoice, not {qty}.")
                                         .format(line=line.line_no, shipment=line.shipment_no,
                                                 n=line.shipment_line_no, left=row.left if row else 0,
                                                 qty=plan.to_invoice))
                    continue
                links.append((plan, row.document_no, row.line_no, plan.to_invoice, row.unit_cost))
                plan.source_line = (row.order_no, row.order_line_no)
                if row.order_no:
                    self.source_orders.add(row.order_no)
                continue
            left = plan.to_invoice  # signed like the line: a negative line invoices negative shipments
            for row in earlier.get(line.line_no, []):
                take = capped(left, row.left)
                if not take:
                    continue
                links.append((plan, row.document_no, row.line_no, take, row.unit_cost))
                left -= take
            if left:  # the rest is shipped now, by this posting
                links.append((plan, None, None, left, None))
        return links

    # -- writing ---------------------------------------------------------------------------

    def _header_row(self, kind: str, no: str, **values) -> dict:
        h = self.header
        order_no = h.no if not self.direct else ""
        row = dict(
            kind=kind, no=no, customer_no=h.customer_no, customer_name=h.customer_name,
            bill_to_customer_no=self.bill_to.no, **bill_to_address(self.bill_to), ship_to_name=h.ship_to_name, ship_to_address=h.ship_to_address,
            ship_to_post_code=h.ship_to_post_code, ship_to_city=h.ship_to_city, ship_to_country=h.ship_to_country,
            posting_date=self.posting_date, document_date=h.document_date or self.posting_date, due_date=None,
            external_document_no=h.external_document_no, your_reference=h.your_reference,
            payment_terms=h.payment_terms, shipment_method=h.shipment_method, location=h.location,
            currency_code=h.currency_code, prices_incl_vat=h.prices_incl_vat, vat_bus_group=h.vat_bus_group,
            invoice_disc_pct=h.invoice_disc_pct, source_kind=h.kind, order_no=order_no,
            pre_assigned_no=h.no if self.direct else "", quote_no=h.quote_no, applies_to_doc_no=h.applies_to_doc_no,
            amount=ZERO, inv_discount_amount=ZERO, vat_amount=ZERO, amount_incl_vat=ZERO,
            search_key=search_key(no, h.customer_no, h.customer_name, h.external_document_no, h.no),
        )
        row.update(values)
        self.rows["posted_header"].append(row)
        return row

    def _line_row(self, kind: str, no: str, plan: _Plan, quantity: Decimal, **values) -> dict:
        line = plan.line
        row = dict(
            kind=kind, document_no=no, line_no=line.line_no, type=line.type, no=line.no,
            description=line.description, location=line.location, quantity=quantity, uom=line.uom,
            unit_price=line.unit_price, unit_cost=plan.unit_cost, line_discount_pct=line.line_discount_pct,
            line_discount_amount=ZERO, line_amount=ZERO, inv_discount_amount=ZERO, amount=ZERO, vat_amount=ZERO,
            amount_incl_vat=ZERO, vat_prod_group=line.vat_prod_group, vat_pct=line.vat_pct,
            order_no=self.header.no if not self.direct else "", order_line_no=line.line_no if not self.direct else 0,
            shipment_no=line.shipment_no, shipment_line_no=line.shipment_line_no, item_entry_no=None,
            cost_amount=ZERO, appl_from_kind=line.appl_from_kind, appl_from_no=line.appl_from_no,
            appl_from_line_no=line.appl_from_line_no, return_reason_code=line.return_reason_code, correction=False,
            blanket_order_no=line.blanket_order_no, blanket_order_line_no=line.blanket_order_line_no,
            drop_shipment=line.drop_shipment, purchase_order_no=line.purchase_order_no or "",
            purchase_line_no=line.purchase_line_no or 0,
        )
        row.update(values)
        self.rows["posted_line"].append(row)
        return row

    def _write_handling(self, plans: list[_Plan], no: str) -> None:
        """The posted shipment (or return receipt) and its item ledger entries."""
        self._header_row(self.handle_kind, no)
        entry_no = self.last_entry["item"] + 1
        for plan in plans:
            line = plan.line
            if line.type != "comment" and not plan.to_handle:
                continue
            item = plan.item
            # a sale goes out at the cost of the stock it is applied to (costing); goods taken
            # back (a return, or a negative line of an order or invoice) come in at the line's cost (BC)
            taken_back = not self.outbound or plan.original is not None or plan.to_handle < 0
            if item is not None:
                plan.unit_cost = line.unit_cost if taken_back else item.unit_cost
            plan.handle_line_no = line.line_no
            entry, cost = None, ZERO
            if item is not None and item.type == "inventory" and plan.to_handle:
                entry = entry_no
                entry_no += 1
                row = dict(
                    entry_no=entry, item_no=line.no, posting_date=self.posting_date, entry_type="sale",
                    document_type=self.handle_kind, document_no=no, location=line.location or "MAIN",
                    description=line.description, quantity=-self.sign * plan.to_handle,
                    cost_amount=ZERO, customer_no=self.header.customer_no)
                cost = self._cost_of(plan, plan.to_handle) if taken_back else None
                if row["quantity"] > 0:
                    row["cost_amount"] = -self.sign * cost
                    receive_inbound(self.s, row)
                elif cost is not None:
                    cost_outbound(self.s, row, fixed_cost=self.sign * cost, item=item,
                                  applications=self.applications)
                else:  # a drop shipment goes out of the receipt posted with it, at its cost
                    receipt_entry = self.drop.entry_of.get((line.purchase_order_no, line.purchase_line_no))
                    cost = plan.handle_cost = cost_outbound(self.s, row, item=item, apply_to=receipt_entry,
                                                            applications=self.applications)
                    plan.unit_cost = round_scale(cost / plan.to_handle, COST_SCALE)
                self.rows["item_ledger_entry"].append(row)
            self._line_row(self.handle_kind, no, plan, plan.to_handle, item_entry_no=entry, cost_amount=cost)

    @staticmethod
    def _cost_of(plan: _Plan, quantity: Decimal, unit_cost: Decimal | None = None) -> Decimal:
        """The cost of ``quantity`` of a line: a share of the reversed line's posted cost (exact
        cost reversing), else quantity x unit cost."""
        original = plan.original
        if original is not None and original.quantity and original.cost_amount:
            return round_amount(original.cost_amount * quantity / original.quantity)
        return round_amount(quantity * (plan.unit_cost if unit_cost is None else unit_cost))

    def _write_invoice(self, plans, no: str, handle_no: str | None, links, vat_lines) -> None:
        h, sign = self.header, self.sign
        total_incl = self.total + self.total_vat
        due = h.due_date if self.outbound else (h.due_date or self.posting_date)
        extra = {"order_no": next(iter(self.source_orders))} if len(self.source_orders) == 1 else {}
        self._header_row(self.invoice_kind, no, due_date=due, **extra, amount=self.total, vat_amount=self.total_vat,
                         inv_discount_amount=self.total_inv_disc, amount_incl_vat=total_incl)
        self.link_costs = []
        for plan, _shipment, _line, quantity, unit_cost in links:
            item = plan.item
            cost = ZERO
            if item is not None and item.type == "inventory":
                if plan.original is None and not plan.unit_cost and unit_cost is None:
                    plan.unit_cost = item.unit_cost if self.outbound else plan.line.unit_cost
                if unit_cost is None and plan.handle_cost is not None:  # shipped now: its applied cost
                    cost = round_amount(plan.handle_cost * quantity / plan.to_handle)
                else:
                    cost = self._cost_of(plan, quantity, unit_cost)
            plan.cost_amount += cost
            self.link_costs.append(cost)
        for plan in plans:
            if plan.line.type == "comment" or plan.to_invoice:
                r = plan.result
                values = {} if r is None else dict(
                    line_discount_amount=plan.line_discount, line_amount=plan.line_amount,
                    inv_discount_amount=r.inv_discount_amount, amount=r.amount, vat_amount=r.vat_amount,
                    amount_incl_vat=r.amount_incl_vat)
                if plan.item is not None and not plan.unit_cost:
                    plan.unit_cost = plan.item.unit_cost if self.outbound else plan.line.unit_cost
                if plan.source_line is not None:  # Order No./Line No. from the shipment line (BC 1.5.12)
                    values["order_no"], values["order_line_no"] = plan.source_line
                values["cost_amount"] = plan.cost_amount
                self._line_row(self.invoice_kind, no, plan, plan.to_invoice, **values)
        for d in self.deductions:  # the prepaid share of each line, with its VAT, comes off
            self.rows["posted_line"].append(dict(
                kind=self.invoice_kind, document_no=no, line_no=PREPAYMENT_LINE_OFFSET + d.line_no, type="prepayment",
                no=d.item_no, description=_("Prepayment deduction: {text}").format(text=d.description)[:100],
                location=None, quantity=Decimal(1), uom="", unit_price=-d.net, unit_cost=ZERO,
                line_discount_pct=ZERO, line_discount_amount=ZERO, line_amount=-d.net, inv_discount_amount=ZERO,
                amount=-d.net, vat_amount=-d.vat, amount_incl_vat=-(d.net + d.vat), vat_prod_group=d.vat_key,
                vat_pct=d.vat_pct, order_no=h.no, order_line_no=d.line_no, shipment_no="", shipment_line_no=0,
                item_entry_no=None, cost_amount=ZERO, appl_from_kind="", appl_from_no="", appl_from_line_no=0,
                return_reason_code=None, correction=False))
        for plan, shipment_no, shipment_line_no, quantity, _cost in links:
            self.rows["shipment_invoicing"].append(dict(
                shipment_kind=self.handle_kind, shipment_no=shipment_no or handle_no,
                shipment_line_no=shipment_line_no or plan.handle_line_no, invoice_kind=self.invoice_kind,
                invoice_no=no, invoice_line_no=plan.line.line_no, quantity=quantity))
        description = f"{KIND_LABELS[self.kind]} {h.no}"
        register = self.last_entry["register"] + 1
        self.rows["cust_ledger_entry"].append(dict(
            entry_no=self.last_entry["customer"] + 1, customer_no=self.bill_to.no,
            posting_date=self.posting_date, document_type=self.invoice_kind, document_no=no,
            description=description, amount=sign * total_incl, remaining_amount=sign * total_incl, due_date=due,
            open=total_incl != 0, sales_amount=sign * self.total, external_document_no=h.external_document_no,
            transaction_no=register, **self._payment_discount(total_incl)))
        gl = self._gl(plans, links, vat_lines, total_incl)
        first = self.last_entry["gl"] + 1
        for offset, (account, amount) in enumerate(gl.entries()):
            self.rows["gl_entry"].append(dict(
                entry_no=first + offset, transaction_no=register, posting_date=self.posting_date,
                document_type=self.invoice_kind, document_no=no, account_no=account, description=description,
                amount=amount, source_type="customer", source_no=self.bill_to.no))
        self.rows["gl_register"].append(dict(
            no=register, posting_date=self.posting_date, source="sales", document_no=no, from_entry_no=first,
            to_entry_no=first + len(self.rows["gl_entry"]) - 1))
        vat_no = self.last_entry["vat"] + 1
        for offset, vat_line in enumerate(v for v in vat_lines if v.base or v.vat_amount):
            self.rows["vat_entry"].append(dict(
                entry_no=vat_no + offset, transaction_no=register, posting_date=self.posting_date,
                document_type=self.invoice_kind, document_no=no, type="sale", bus_group=h.vat_bus_group,
                prod_group=vat_line.vat_key, vat_pct=vat_line.vat_pct, base=sign * vat_line.base,
                amount=sign * vat_line.vat_amount, bill_to_customer_no=self.bill_to.no))

    def _payment_discount(self, total_incl: Decimal) -> dict:
        """Pmt. Discount Date and Original Pmt. Disc. Possible of an invoice's customer entry,
        from its payment terms (Discount % of the amount including VAT, BC's default)."""
        terms = self.terms
        if terms is None or not terms.discount_pct or total_incl <= 0:
            return {"pmt_discount_date": None, "pmt_disc_possible": ZERO}
        document_date = self.header.document_date or self.posting_date
        return {"pmt_discount_date": document_date + dt.timedelta(days=terms.discount_days),
                "pmt_disc_possible": round_amount(total_incl * terms.discount_pct / 100)}

    def _gl(self, plans, links, vat_lines, total_incl: Decimal) -> GLBuilder:
        gl = GLBuilder(self.sign, self.company.discount_posting)
        gl.receivable(self.company.receivables_account, total_incl)
        prices_incl_vat = self.header.prices_incl_vat
        for plan in plans:
            if plan.result is None:
                continue
            line, r = plan.line, plan.result
            setup = self.gen_setup.get(plan.item.gen_prod_group) if plan.item is not None else None
            if line.type == "gl_account":
                account = line.no
                setup = setup or self.gen_setup.get("GOODS") or next(iter(self.gen_setup.values()))
            else:
                account = setup.sales_account if self.outbound else setup.sales_credit_memo_account
            gl.sale(account=account, net=r.amount,
                    line_disc=net_of_vat(plan.line_discount, line.vat_pct, prices_incl_vat),
                    inv_disc=net_of_vat(r.inv_discount_amount, line.vat_pct, prices_incl_vat),
                    line_disc_account=setup.sales_line_disc_account, inv_disc_account=setup.sales_inv_disc_account)
        for vat_line in vat_lines:
            gl.vat(self.vat_setup[vat_line.vat_key].sales_vat_account, vat_line.vat_amount)
        prepaid = sum((d.net for d in self.deductions), ZERO)
        if prepaid:
            gl.add(self.company.prepayment_account, self.sign * prepaid)
        for (plan, _shipment, _line, _quantity, _unit_cost), cost in zip(links, self.link_costs):
            item = plan.item
            if item is None or item.type != "inventory":
                continue
            setup = self.gen_setup[item.gen_prod_group]
            gl.cost(setup.cogs_account, setup.inventory_account, cost)
        return gl

    def _after_costing(self, handle_no: str | None) -> None:
        """Stock came in: Average items' Unit Cost follows, and the cost adjustments of
        negative stock it closed go to G/L (a register of their own, after this posting's)."""
        insert_applications(self.s, self.applications)
        inbound = {r["item_no"] for r in self.rows["item_ledger_entry"] if r["quantity"] > 0}
        finish_inbound(self.s, inbound, self.posting_date, handle_no or self.header.no)

    def _insert(self) -> None:
        move_stock(self.s, ((r["item_no"], r["location"], r["quantity"]) for r in self.rows["item_ledger_entry"]))
        for name, model, _label in TABLES:
            rows = self.rows[name]
            bulk_insert(self.s, model.__table__, rows)

    # -- the document afterwards -----------------------------------------------------------

    def _update_document(self, plans: list[_Plan], links) -> bool:
        """Quantities handled and invoiced go onto the document's lines; a document fully
        shipped and invoiced (and every invoice or credit memo) is deleted (BC 1.9)."""
        s, h = self.s, self.header
        self._update_source_orders(plans)
        if self.direct:
            self._delete_document()
            return True
        outbound = self.outbound
        updates, done = [], True
        for plan in plans:
            line = plan.line
            if line.type == "comment":
                continue
            handled = (line.quantity_shipped if outbound else line.return_qty_received) + plan.to_handle
            invoiced = line.quantity_invoiced + plan.to_invoice
            to_handle = line.quantity - handled
            if invoiced != line.quantity or handled != line.quantity:
                done = False
            if plan.to_handle or plan.to_invoice:
                updates.append(dict(k=line.kind, d=line.document_no, n=line.line_no, handled=handled,
                                    invoiced=invoiced, to_handle=to_handle, to_invoice=to_handle + handled - invoiced))
        if done:
            self._delete_document()
            return True
        UPDATE_LINE[outbound].run_many(s, updates)
        RELEASE_AFTER_POSTING.run(s, kind=h.kind, no=h.no, posting_date=self.posting_date)  # as BC does
        return False

    def _update_source_orders(self, plans: list[_Plan]) -> None:
        """An invoice made from shipment lines: what it invoiced goes onto the orders' lines."""
        if not self.direct:
            return
        for plan in plans:
            line = plan.line
            if not (line.shipment_no and plan.to_invoice):
                continue
            shipment_line = self.s.get(PostedLine, (self.handle_kind, line.shipment_no, line.shipment_line_no))
            if shipment_line is None or not shipment_line.order_no:
                continue
            order_kind = DocKind.ORDER.value if self.outbound else DocKind.RETURN_ORDER.value
            order_line = self.s.get(SalesLine, (order_kind, shipment_line.order_no, shipment_line.order_line_no))
            if order_line is None:
                continue
            order_line.quantity_invoiced += plan.to_invoice
            handled = order_line.quantity_shipped if self.outbound else order_line.return_qty_received
            to_handle = order_line.qty_to_ship if self.outbound else order_line.return_qty_to_receive
            order_line.qty_to_invoice = max(to_handle + handled - order_line.quantity_invoiced, ZERO)
            self.s.add(order_line)

    def _delete_document(self) -> None:
        DELETE_LINES.run(self.s, kind=self.header.kind, no=self.header.no)
        DELETE_HEADER.run(self.s, kind=self.header.kind, no=self.header.no)
