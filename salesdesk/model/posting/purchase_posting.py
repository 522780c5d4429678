"""Purch.-Post: turn a purchase order, invoice or credit memo into history.

The mirror of Sales-Post, with the same guarantees: one unit of work; every problem found
before anything is written (``PostingError.problems``); gap-free posted numbers taken inside
the transaction; rows written with Core bulk inserts. Receive writes the posted receipt and
purchase item entries (stock up, no G/L: BC without expected-cost posting); Invoice writes the
posted invoice, the vendor entry (an invoice is negative: we owe), G/L (purchase account +net,
purchase VAT +VAT, payables -total, and for inventory items Inventory +cost / Direct Cost
Applied -cost) and purchase VAT entries; a credit memo sends the goods back (return shipment)
and does the opposite, applied to its Applies-to Doc. No. invoice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy import delete as sql_delete
from sqlmodel import Session

from ...i18n import _
from ..core.db import bulk_insert
from ..core.errors import NotFound, PostingError, SalesDeskError
from ..core.money import ZERO, plain, round_amount, round_scale
from ..core.numbering import take_no
from ..core.text import search_key
from ..inventory.costing import cost_outbound, finish_inbound, insert_applications, receive_inbound
from ..inventory.stock import move_stock, on_hand
from ..purchases.kinds import KIND_LABELS, PurchaseKind, purchase_kind_of
from ..purchases.lines import over_received_message
from ..purchases.rules import vendor_blocked_message
from ..receivables.applications import VENDOR, apply_entries, document_entry
from ..sales import doc_states
from ..sales.pricing import LineInput, calculate, line_amounts
from ..setup.posting_period import posting_date_problem
from ..tables import (
    Company,
    GenPostingSetup,
    GLAccount,
    GLEntry,
    GLRegister,
    Item,
    ItemLedgerEntry,
    PaymentTerms,
    PostedPurchaseHeader,
    PostedPurchaseLine,
    PurchaseHeader,
    PurchaseLine,
    VatEntry,
    VatPostingSetup,
    Vendor,
    VendorLedgerEntry,
)
from .posting_gl import GLBuilder, net_of_vat
from .purchase_costs import revalue_received
from .purchase_drop_checks import drop_shipment_purchase_problems

POSTED_SERIES = {"receipt": "P-RECEIPT", "invoice": "P-PINVOICE", "credit_memo": "P-PCRMEMO",
                 "return_shipment": "P-RETSHIP"}
# the item entries' and G/L entries' document types (sales has its own "invoice", "shipment")
ENTRY_DOCUMENT_TYPES = {"receipt": "purchase_receipt", "return_shipment": "purchase_return_shipment",
                        "invoice": "purchase_invoice", "credit_memo": "purchase_credit_memo"}

TABLES = (
    ("posted_purchase_header", PostedPurchaseHeader, _("Posted purchase documents")),
    ("posted_purchase_line", PostedPurchaseLine, _("Posted purchase lines")),
    ("item_ledger_entry", ItemLedgerEntry, _("Item ledger entries")),
    ("vendor_ledger_entry", VendorLedgerEntry, _("Vendor ledger entries")),
    ("gl_register", GLRegister, _("G/L registers")),
    ("gl_entry", GLEntry, _("G/L entries")),
    ("vat_entry", VatEntry, _("VAT entries")),
)
TABLE_LABELS = {name: label for name, _model, label in TABLES}


@dataclass(frozen=True)
class PurchasePostingResult:
    """What one purchase posting wrote (or, from Preview, would write)."""

    kind: PurchaseKind
    no: str
    posting_date: dt.date
    receipt_no: str | None = None
    invoice_no: str | None = None
    credit_memo_no: str | None = None
    return_shipment_no: str | None = None
    document_deleted: bool = False
    preview: bool = False
    entries: dict[str, tuple[dict, ...]] = field(default_factory=dict, repr=False)

    @property
    def posted_nos(self) -> list[str]:
        return [n for n in (self.receipt_no, self.return_shipment_no, self.invoice_no, self.credit_memo_no) if n]

    def counts(self) -> dict[str, int]:
        """Rows per table label, for Preview and the result message."""
        return {TABLE_LABELS[name]: len(rows) for name, rows in self.entries.items() if rows}


@dataclass
class _Plan:
    line: PurchaseLine
    item: Item | None
    to_handle: Decimal = ZERO  # receive (orders, invoices) or send back (credit memos)
    to_invoice: Decimal = ZERO
    result: object | None = None  # pricing.LineResult of the quantity invoiced
    line_amount: Decimal = ZERO


def _flags(kind: PurchaseKind, receive: bool, invoice: bool) -> tuple[bool, bool]:
    if kind is PurchaseKind.ORDER:
        return receive, invoice
    return True, True  # an invoice or credit memo posts whole


class PurchasePosting:
    """One posting of one purchase document, inside the caller's unit of work."""

    def __init__(self, desk, s: Session, doc, *, receive: bool, invoice: bool, posting_date: dt.date | None,
                 preview: bool = False, from_sales: bool = False):
        self.desk, self.s, self.preview = desk, s, preview
        self.from_sales = from_sales  # a drop shipment's receipt, posted by the sales shipment
        kind = purchase_kind_of(getattr(doc, "kind", doc))
        self.header = s.get(PurchaseHeader, (kind.value, doc.no))
        if self.header is None:
            raise NotFound(_("{kind} {no} does not exist.").format(kind=KIND_LABELS[kind], no=doc.no))
        self.kind = kind
        self.what = f"{KIND_LABELS[kind]} {doc.no}"
        self.handle, self.invoice = _flags(kind, receive, invoice)
        self.inbound = kind is not PurchaseKind.CREDIT_MEMO
        self.sign = 1 if self.inbound else -1
        self.handle_kind = "receipt" if self.inbound else "return_shipment"
        self.invoice_kind = "invoice" if self.inbound else "credit_memo"
        self.posting_date = posting_date or self.header.posting_date or desk.today()
        self.rows: dict[str, list[dict]] = {name: [] for name, _m, _l in TABLES}
        self.applications: list[dict] = []  # item applications of goods sent back, inserted after the entries
        self.problems: list[str] = []

    # -- reading, planning, checks ---------------------------------------------------------

    def _load(self) -> list[_Plan]:
        s, h = self.s, self.header
        self.company = s.get(Company, 1) or Company()
        self.vendor = s.get(Vendor, h.vendor_no)
        self.lines = list(s.scalars(select(PurchaseLine).where(
            PurchaseLine.kind == h.kind, PurchaseLine.document_no == h.no).order_by(PurchaseLine.line_no)))
        item_nos = {line.no for line in self.lines if line.type == "item" and line.no}
        self.items = {i.no: i for i in s.scalars(select(Item).where(Item.no.in_(item_nos)))} if item_nos else {}
        self.gen_setup = {r.code: r for r in s.scalars(select(GenPostingSetup))}
        self.vat_setup = {r.prod_group: r for r in s.scalars(select(VatPostingSetup).where(
            VatPostingSetup.bus_group == h.vat_bus_group))}
        self.accounts = dict(s.execute(select(GLAccount.no, GLAccount.blocked)).all())
        self.cost_came_in = self._invoiced_unit_costs() if not self.inbound else {}
        plans = []
        for line in self.lines:
            plan = _Plan(line, self.items.get(line.no) if line.type == "item" else None)
            plans.append(plan)
            if line.type == "comment":
                continue
            if self.kind is PurchaseKind.ORDER:
                plan.to_handle = line.qty_to_receive if self.handle else ZERO
                plan.to_invoice = line.qty_to_invoice if self.invoice else ZERO
            elif self.inbound:
                plan.to_handle = line.quantity - line.quantity_received
                plan.to_invoice = line.quantity - line.quantity_invoiced
            else:
                plan.to_handle = line.quantity - line.return_qty_shipped
                plan.to_invoice = line.quantity - line.quantity_invoiced
        return plans

    def _check(self, plans: list[_Plan]) -> None:
        h, problems = self.header, self.problems
        handles = any(p.to_handle for p in plans)
        invoices = any(p.to_invoice for p in plans)
        if not handles and not invoices:
            what = _("receive or invoice") if self.kind is PurchaseKind.ORDER else _("post")
            problems.append(_("There is nothing to {what}: no line has a quantity to handle.").format(what=what))
        if self.vendor is None:
            problems.append(_("Vendor {no} does not exist.").format(no=h.vendor_no))
        elif message := vendor_blocked_message(self.vendor, posting=True):
            problems.append(message)
        if problem := posting_date_problem(self.posting_date, self.company):
            problems.append(problem)
        if invoices:
            self._check_vendor_document_no()
            for account, label in ((self.company.payables_account, _("Payables Account")),):
                self._check_account(account, label)
        over_received = False
        for plan in plans:
            line = plan.line
            if not (plan.to_handle or plan.to_invoice):
                continue
            self._check_line(plan)
            if self.kind is PurchaseKind.ORDER and plan.to_invoice:
                most = line.quantity_received + plan.to_handle - line.quantity_invoiced
                if plan.to_invoice > most:
                    over_received = True
        if over_received:
            problems.append(over_received_message(h.no))
        if self.kind is PurchaseKind.ORDER:
            problems.extend(drop_shipment_purchase_problems(self.s, plans, from_sales=self.from_sales))
        if invoices and h.applies_to_doc_no and not self.inbound:
            entry = self._applies_to_entry()
            if entry is None:
                problems.append(_("Applies-to Doc. No. {no} is not a posted purchase invoice of vendor {vendor}.")
                                .format(no=h.applies_to_doc_no, vendor=h.vendor_no))
            elif not entry.open:
                problems.append(_("Applies-to Doc. No. {no} is already closed (fully paid or credited).")
                                .format(no=h.applies_to_doc_no))
        if not self.inbound and handles and not self.company.allow_negative_inventory:
            self._check_stock(plans)

    def _check_vendor_document_no(self) -> None:
        h = self.header
        field_value = h.vendor_invoice_no if self.inbound else h.vendor_cr_memo_no
        if not field_value.strip():
            if self.company.vendor_invoice_no_mandatory:
                self.problems.append(_("You must specify the Vendor Invoice No.") if self.inbound
                                     else _("You must specify the Vendor Cr. Memo No."))
            return
        column = PostedPurchaseHeader.vendor_invoice_no if self.inbound else PostedPurchaseHeader.vendor_cr_memo_no
        taken = self.s.execute(select(PostedPurchaseHeader.no).where(
            PostedPurchaseHeader.kind == self.invoice_kind, PostedPurchaseHeader.vendor_no == h.vendor_no,
            column == field_value).limit(1)).first()
        if taken:
            label = _("Purchase Invoice") if self.inbound else _("Purchase Credit Memo")
            self.problems.append(_("{label} {no} already exists for this vendor.").format(label=label,
                                                                                        no=field_value))

    def _check_account(self, account: str | None, label: str, line_no: int | None = None) -> None:
        where = _("Line {line}: ").format(line=line_no) if line_no else ""
        if not account:
            self.problems.append(where + _("{label} must be filled in in the posting setup.").format(label=label))
        elif account not in self.accounts:
            self.problems.append(where + _("{label} {no} does not exist.").format(label=label, no=account))
        elif self.accounts[account]:
            self.problems.append(where + _("{label} {no} is blocked.").format(label=label, no=account))

    def _check_line(self, plan: _Plan) -> None:
        line, problems = plan.line, self.problems
        if line.type == "item":
            if not line.no:
                problems.append(_("Line {line}: No. must be filled in.").format(line=line.line_no))
                return
            if plan.item is None:
                problems.append(_("Line {line}: item {no} does not exist.").format(line=line.line_no, no=line.no))
                return
            if plan.item.blocked:
                problems.append(_("Line {line}: item {no} {name} is blocked.").format(
                    line=line.line_no, no=line.no, name=plan.item.description))
            setup = self.gen_setup.get(plan.item.gen_prod_group)
            if setup is None:
                problems.append(_("Line {line}: there is no general posting setup '{group}' for item {no}.")
                                .format(line=line.line_no, group=plan.item.gen_prod_group, no=line.no))
            elif plan.to_invoice:
                self._check_account(setup.purchase_account if self.inbound else setup.purch_credit_memo_account,
                                    _("Purchase Account") if self.inbound else _("Purch. Credit Memo Account"),
                                    line.line_no)
                if plan.item.type == "inventory":
                    self._check_account(setup.inventory_account, _("Inventory Account"), line.line_no)
                    self._check_account(setup.direct_cost_applied_account, _("Direct Cost Applied Account"),
                                        line.line_no)
        elif line.type == "gl_account" and plan.to_invoice:
            self._check_account(line.no, _("G/L account"), line.line_no)
        if plan.to_invoice:
            if not line.vat_prod_group:
                problems.append(_("Line {line}: VAT Prod. Posting Group must be filled in.").format(line=line.line_no))
            elif line.vat_prod_group not in self.vat_setup:
                problems.append(_("Line {line}: there is no VAT posting setup for {bus} x {prod}.").format(
                    line=line.line_no, bus=self.header.vat_bus_group, prod=line.vat_prod_group))
            else:
                self._check_account(self.vat_setup[line.vat_prod_group].purchase_vat_account,
                                    _("Purchase VAT Account"), line.line_no)

    def _check_stock(self, plans: list[_Plan]) -> None:
        """Goods sent back to the vendor must be in stock (unless negative inventory is allowed)."""
        wanted: dict[tuple[str, str], Decimal] = {}
        for plan in plans:
            if plan.to_handle > 0 and plan.item is not None and plan.item.type == "inventory":
                key = (plan.line.no, plan.line.location or "MAIN")
                wanted[key] = wanted.get(key, ZERO) + plan.to_handle
        for (item_no, location), quantity in wanted.items():
            have = on_hand(self.s, item_no, location)
            if have < quantity:
                self.problems.append(_("Only {have} of item {no} is in stock at {loc}; {qty} cannot be sent back "
                                       "to the vendor (setup does not allow negative inventory).").format(
                    have=plain(have), no=item_no, loc=location, qty=plain(quantity)))

    def _applies_to_entry(self):
        return document_entry(self.s, self.header.vendor_no, "invoice", self.header.applies_to_doc_no,
                              ledger=VENDOR)

    def _price(self, plans: list[_Plan]) -> list:
        invoiced = [p for p in plans if p.to_invoice and p.line.type != "comment"]
        for plan in invoiced:
            line = plan.line
            plan.line_amount = (line.line_amount if plan.to_invoice == line.quantity else
                                line_amounts(plan.to_invoice, line.direct_unit_cost, line.line_discount_pct)[1])
        results, vat_lines = calculate([LineInput(p.line_amount, p.line.vat_pct, p.line.vat_prod_group)
                                        for p in invoiced], invoice_disc_pct=ZERO,
                                       prices_incl_vat=self.header.prices_incl_vat)
        for plan, result in zip(invoiced, results):
            plan.result = result
        self.total = sum((r.amount for r in results), ZERO)
        self.total_vat = sum((r.vat_amount for r in results), ZERO)
        if invoiced and self.total < 0:
            self.problems.append(_("The total of {what} must be 0 or greater.").format(what=self.what))
        return vat_lines

    def _unit_cost(self, line: PurchaseLine) -> Decimal:
        """Direct Unit Cost after the line discount, excluding VAT (BC's Unit Cost (LCY))."""
        cost = line.direct_unit_cost * (100 - line.line_discount_pct) / 100
        if self.header.prices_incl_vat:
            cost = cost * 100 / (100 + line.vat_pct)
        return round_scale(cost, 5)

    def _cost_of(self, line: PurchaseLine, quantity: Decimal) -> Decimal:
        """The cost of ``quantity`` of a line: goods sent back go out at the unit cost they
        came in at on the Applies-to invoice; else the line amount for that quantity, net of VAT."""
        if line.no in self.cost_came_in:
            return round_amount(quantity * self.cost_came_in[line.no])
        amount = line_amounts(quantity, line.direct_unit_cost, line.line_discount_pct)[1]
        return net_of_vat(amount, line.vat_pct, self.header.prices_incl_vat)

    def _invoiced_unit_costs(self) -> dict[str, Decimal]:
        """{item no.: unit cost} of the items on the credit memo's Applies-to invoice."""
        no = self.header.applies_to_doc_no
        if not no:
            return {}
        line = PostedPurchaseLine
        rows = self.s.execute(select(line.no, func.sum(line.cost_amount), func.sum(line.quantity)).where(
            line.kind == "invoice", line.document_no == no, line.type == "item").group_by(line.no)).all()
        return {item_no: cost / quantity for item_no, cost, quantity in rows if quantity and cost}

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> PurchasePostingResult:
        doc_states.require(self.header.status, "post", self.what)
        plans = self._load()
        self._check(plans)
        vat_lines = self._price(plans) if not self.problems else []
        if self.problems:
            raise PostingError(self.problems, self.what)
        s = self.s
        self.last = {
            "item": s.execute(select(func.max(ItemLedgerEntry.entry_no))).scalar() or 0,
            "register": s.execute(select(func.max(GLRegister.no))).scalar() or 0,
            "vendor": s.execute(select(func.max(VendorLedgerEntry.entry_no))).scalar() or 0,
            "gl": s.execute(select(func.max(GLEntry.entry_no))).scalar() or 0,
            "vat": s.execute(select(func.max(VatEntry.entry_no))).scalar() or 0,
        }
        handle_no = invoice_no = None
        if any(p.to_handle for p in plans):
            handle_no = take_no(s, POSTED_SERIES[self.handle_kind])
            self._write_handling(plans, handle_no)
        if any(p.to_invoice for p in plans):
            invoice_no = take_no(s, POSTED_SERIES[self.invoice_kind])
            self._write_invoice(plans, invoice_no, vat_lines)
        self._insert()
        insert_applications(s, self.applications)
        if handle_no and self.inbound:
            self._update_last_direct_costs(plans)
            finish_inbound(s, {r["item_no"] for r in self.rows["item_ledger_entry"]}, self.posting_date, handle_no)
        if invoice_no and not self.inbound and self.header.applies_to_doc_no:
            self._apply_to_invoice()
        deleted = self._update_document(plans)
        return PurchasePostingResult(
            self.kind, self.header.no, self.posting_date, document_deleted=deleted, preview=self.preview,
            receipt_no=handle_no if self.inbound else None,
            return_shipment_no=None if self.inbound else handle_no,
            invoice_no=invoice_no if self.inbound else None,
            credit_memo_no=None if self.inbound else invoice_no,
            entries={name: tuple(rows) for name, rows in self.rows.items()})

    # -- writing ---------------------------------------------------------------------------

    def _header_row(self, kind: str, no: str, **values) -> None:
        h, v = self.header, self.vendor
        row = dict(
            kind=kind, no=no, vendor_no=v.no, vendor_name=v.name, vendor_address=v.address,
            vendor_post_code=v.post_code, vendor_city=v.city, vendor_country=v.country,
            vendor_vat_reg_no=v.vat_reg_no, posting_date=self.posting_date,
            document_date=h.document_date or self.posting_date, due_date=None,
            vendor_invoice_no=h.vendor_invoice_no, vendor_cr_memo_no=h.vendor_cr_memo_no,
            vendor_order_no=h.vendor_order_no, payment_terms=h.payment_terms, location=h.location,
            currency_code=h.currency_code, prices_incl_vat=h.prices_incl_vat, vat_bus_group=h.vat_bus_group,
            source_kind=h.kind, order_no=h.no if self.kind is PurchaseKind.ORDER else "",
            pre_assigned_no=h.no if self.kind is not PurchaseKind.ORDER else "",
            applies_to_doc_no=h.applies_to_doc_no, sell_to_customer_no=h.sell_to_customer_no,
            ship_to_name=h.ship_to_name, ship_to_address=h.ship_to_address, ship_to_post_code=h.ship_to_post_code,
            ship_to_city=h.ship_to_city, ship_to_country=h.ship_to_country,
            amount=ZERO, vat_amount=ZERO, amount_incl_vat=ZERO,
            search_key=search_key(no, v.no, v.name, h.vendor_invoice_no or h.vendor_cr_memo_no, h.no))
        row.update(values)
        self.rows["posted_purchase_header"].append(row)

    def _line_row(self, kind: str, no: str, line: PurchaseLine, quantity: Decimal, **values) -> None:
        order = self.kind is PurchaseKind.ORDER
        row = dict(
            kind=kind, document_no=no, line_no=line.line_no, type=line.type, no=line.no,
            description=line.description, location=line.location, quantity=quantity, uom=line.uom,
            direct_unit_cost=line.direct_unit_cost, line_discount_pct=line.line_discount_pct, line_amount=ZERO,
            amount=ZERO, vat_amount=ZERO, amount_incl_vat=ZERO, vat_prod_group=line.vat_prod_group,
            vat_pct=line.vat_pct, order_no=self.header.no if order else "", order_line_no=line.line_no if order else 0,
            receipt_no="", receipt_line_no=0, item_entry_no=None, cost_amount=ZERO, appl_from_kind="",
            appl_from_no="", appl_from_line_no=0, correction=False, drop_shipment=line.drop_shipment,
            sales_order_no=line.sales_order_no, sales_order_line_no=line.sales_order_line_no)
        row.update(values)
        self.rows["posted_purchase_line"].append(row)

    def _write_handling(self, plans: list[_Plan], no: str) -> None:
        """The posted receipt (or return shipment) and its purchase item entries."""
        self._header_row(self.handle_kind, no)
        entry_no = self.last["item"] + 1
        for plan in plans:
            line = plan.line
            if line.type != "comment" and not plan.to_handle:
                continue
            entry, cost = None, ZERO
            if plan.item is not None and plan.item.type == "inventory":
                entry, entry_no = entry_no, entry_no + 1
                cost = self._cost_of(line, plan.to_handle)
                row = dict(
                    entry_no=entry, item_no=line.no, posting_date=self.posting_date, entry_type="purchase",
                    document_type=ENTRY_DOCUMENT_TYPES[self.handle_kind], document_no=no,
                    location=line.location or "MAIN", description=line.description,
                    quantity=self.sign * plan.to_handle, cost_amount=self.sign * cost, customer_no=None,
                    vendor_no=self.header.vendor_no)
                if self.inbound:  # open stock (closing negative stock first)
                    receive_inbound(self.s, row)
                else:  # goods sent back leave at the cost they came in at on the Applies-to invoice
                    cost_outbound(self.s, row, fixed_cost=cost, item=plan.item, applications=self.applications)
                self.rows["item_ledger_entry"].append(row)
            self._line_row(self.handle_kind, no, line, plan.to_handle, item_entry_no=entry, cost_amount=cost)

    def _write_invoice(self, plans: list[_Plan], no: str, vat_lines) -> None:
        h, sign = self.header, self.sign
        total_incl = self.total + self.total_vat
        due = h.due_date or self.posting_date
        self._header_row(self.invoice_kind, no, due_date=due, amount=self.total, vat_amount=self.total_vat,
                         amount_incl_vat=total_incl)
        gl = GLBuilder(sign, "none")
        gl.add(self.company.payables_account, -sign * total_incl)
        for plan in plans:
            line, r = plan.line, plan.result
            if line.type != "comment" and not plan.to_invoice:
                continue
            values = {}
            if r is not None:
                cost = ZERO
                if line.type == "gl_account":
                    gl.add(line.no, sign * r.amount)
                else:
                    setup = self.gen_setup[plan.item.gen_prod_group]
                    gl.add(setup.purchase_account if self.inbound else setup.purch_credit_memo_account,
                           sign * r.amount)
                    if plan.item.type == "inventory":
                        cost = self._cost_of(line, plan.to_invoice) if self.cost_came_in else r.amount
                        gl.add(setup.inventory_account, sign * cost)
                        gl.add(setup.direct_cost_applied_account, -sign * cost)
                        if self.inbound and self.kind is PurchaseKind.ORDER:
                            # received earlier at another cost: units already sold move COGS
                            to_cogs = revalue_received(
                                self.s, h.no, line.line_no, invoiced_before=line.quantity_invoiced,
                                quantity=plan.to_invoice, invoiced_cost=cost, posting_date=self.posting_date,
                                document_no=no)
                            gl.add(setup.cogs_account, to_cogs)
                            gl.add(setup.inventory_account, -to_cogs)
                values = dict(line_amount=plan.line_amount, amount=r.amount, vat_amount=r.vat_amount,
                              amount_incl_vat=r.amount_incl_vat, cost_amount=cost)
            self._line_row(self.invoice_kind, no, line, plan.to_invoice, **values)
        for vat_line in vat_lines:
            gl.add(self.vat_setup[vat_line.vat_key].purchase_vat_account, sign * vat_line.vat_amount)
        register = self.last["register"] + 1
        document_type = ENTRY_DOCUMENT_TYPES[self.invoice_kind]
        description = f"{KIND_LABELS[self.kind]} {h.no}"
        self.rows["vendor_ledger_entry"].append(dict(
            entry_no=self.last["vendor"] + 1, vendor_no=h.vendor_no, posting_date=self.posting_date,
            document_type=self.invoice_kind, document_no=no,
            external_document_no=h.vendor_invoice_no if self.inbound else h.vendor_cr_memo_no,
            description=description, amount=-sign * total_incl, remaining_amount=-sign * total_incl, due_date=due,
            open=total_incl != 0, purchase_amount=-sign * self.total, transaction_no=register,
            payment_method=self.vendor.payment_method or "", **self._payment_discount(total_incl)))
        first = self.last["gl"] + 1
        entries = gl.entries()
        if sum((amount for _a, amount in entries), ZERO) != 0:
            raise SalesDeskError(f"G/L entries of {self.what} do not sum to zero.")
        for offset, (account, amount) in enumerate(entries):
            self.rows["gl_entry"].append(dict(
                entry_no=first + offset, transaction_no=register, posting_date=self.posting_date,
                document_type=document_type, document_no=no, account_no=account, description=description,
                amount=amount, source_type="vendor", source_no=h.vendor_no))
        self.rows["gl_register"].append(dict(
            no=register, posting_date=self.posting_date, source="purchases", document_no=no, from_entry_no=first,
            to_entry_no=first + len(entries) - 1))
        vat_no = self.last["vat"] + 1
        for offset, vat_line in enumerate(v for v in vat_lines if v.base or v.vat_amount):
            self.rows["vat_entry"].append(dict(
                entry_no=vat_no + offset, transaction_no=register, posting_date=self.posting_date,
                document_type=document_type, document_no=no, type="purchase", bus_group=h.vat_bus_group,
                prod_group=vat_line.vat_key, vat_pct=vat_line.vat_pct, base=sign * vat_line.base,
                amount=sign * vat_line.vat_amount, bill_to_customer_no="", vendor_no=h.vendor_no))

    def _payment_discount(self, total_incl: Decimal) -> dict:
        terms = self.s.get(PaymentTerms, self.header.payment_terms) if self.header.payment_terms else None
        if terms is None or not terms.discount_pct or total_incl <= 0 or not self.inbound:
            return {"pmt_discount_date": None, "pmt_disc_possible": ZERO}
        document_date = self.header.document_date or self.posting_date
        return {"pmt_discount_date": document_date + dt.timedelta(days=terms.discount_days),
                "pmt_disc_possible": -round_amount(total_incl * terms.discount_pct / 100)}

    def _insert(self) -> None:
        move_stock(self.s, ((r["item_no"], r["location"], r["quantity"]) for r in self.rows["item_ledger_entry"]))
        for name, model, _label in TABLES:
            bulk_insert(self.s, model.__table__, self.rows[name])

    def _update_last_direct_costs(self, plans: list[_Plan]) -> None:
        """Last Direct Cost of each item received: the unit cost it came in at (BC)."""
        for plan in plans:
            if plan.item is not None and plan.to_handle > 0:
                self.s.execute(update(Item).where(Item.no == plan.item.no)
                               .values(last_direct_cost=self._unit_cost(plan.line)))

    def _apply_to_invoice(self) -> None:
        """Settle the Applies-to invoice's open entry with the credit memo's entry."""
        entry = self.rows["vendor_ledger_entry"][0]
        target = self._applies_to_entry()
        if target is None or not target.open or not entry["amount"]:
            return
        applied = min(abs(target.remaining_amount), abs(entry["amount"]))
        settle = applied if target.remaining_amount > 0 else -applied
        apply_entries(self.s, entry["entry_no"], target.entry_no, settle, self.posting_date,
                      entry["transaction_no"], ledger=VENDOR)

    def _update_document(self, plans: list[_Plan]) -> bool:
        """Quantities received and invoiced go onto the order's lines; an order fully received
        and invoiced (and every invoice or credit memo) is deleted (BC)."""
        s, h = self.s, self.header
        if self.kind is not PurchaseKind.ORDER:
            self._delete_document()
            return True
        done = True
        for plan in plans:
            line = plan.line
            if line.type == "comment":
                continue
            line.quantity_received += plan.to_handle
            line.quantity_invoiced += plan.to_invoice
            if line.quantity_received != line.quantity or line.quantity_invoiced != line.quantity:
                done = False
            line.qty_to_receive = line.quantity - line.quantity_received
            line.qty_to_invoice = line.qty_to_receive + line.quantity_received - line.quantity_invoiced
            s.add(line)
        if done:
            self._delete_document()
            return True
        h.status = doc_states.RELEASED  # as BC does after posting
        h.posting_date = self.posting_date
        s.add(h)
        s.flush()
        return False

    def _delete_document(self) -> None:
        h = self.header
        self.s.expunge_all()
        self.s.execute(sql_delete(PurchaseLine).where(PurchaseLine.kind == h.kind, PurchaseLine.document_no == h.no))
        self.s.execute(sql_delete(PurchaseHeader).where(PurchaseHeader.kind == h.kind, PurchaseHeader.no == h.no))
