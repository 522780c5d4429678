"""Prepayment before delivery (BC's Prepayment %, the retail case): an order of a customer
with a Prepayment % waits until that part of it is invoiced and paid. The order's status is
Pending Prepayment and shipping is refused until the prepayment invoice's entry is settled.

- ``post_prepayment_invoice`` posts a prepayment invoice for Prepayment % of every line (net,
  with its VAT), crediting the Sales Prepayments account instead of sales.
- When the order is invoiced, each invoiced line deducts its prepaid share (in proportion to
  the quantity invoiced, everything left on the last invoice) with its VAT, so the customer
  is never billed twice and prepayment account and VAT net to zero once all is invoiced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, insert, select, type_coerce
from sqlmodel import Session

from ..i18n import _
from . import doc_states
from .errors import PostingError, SalesDeskError
from .kinds import DocKind
from .ledger_writer import EntryWriter
from .money import ZERO, Amount, plain, round_amount
from .numbering import take_no
from .posting_checks import blocked_problem, posting_date_problem
from .pricing import LineInput, calculate
from .tables.posted import bill_to_address
from .tables import (
    Company,
    CustLedgerEntry,
    Customer,
    PostedHeader,
    PostedLine,
    SalesHeader,
    SalesLine,
    VatEntry,
    VatPostingSetup,
)
from .text import search_key

PENDING = "pending_prepayment"
LINE_TYPE = "prepayment"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PrepaymentState:
    pct: Decimal
    required: Decimal  # incl. VAT: what Prepayment % of the order comes to
    invoiced: Decimal  # incl. VAT, on posted prepayment invoices
    paid: Decimal  # of those invoices
    invoice_nos: tuple[str, ...]

    @property
    def pending(self) -> bool:
        """True while shipping must wait: not all of the prepayment is invoiced and paid."""
        return self.pct > 0 and self.paid < self.required and self.required > 0

    @property
    def unpaid(self) -> Decimal:
        return max(self.required - self.paid, ZERO)

    def message(self, what: str) -> str:
        if not self.invoice_nos:
            return _("{what} waits for its prepayment of {amount} ({pct} %): post the prepayment invoice "
                     "and register its payment first.").format(what=what, amount=f"{self.required:,.2f}",
                                                                pct=plain(self.pct))
        return _("{what} waits for its prepayment: {unpaid} of {amount} is still unpaid (prepayment invoice "
                 "{nos}).").format(what=what, unpaid=f"{self.unpaid:,.2f}", amount=f"{self.required:,.2f}",
                                   nos=", ".join(self.invoice_nos))


def _prepaid_per_line(s: Session, order_no: str) -> dict[int, tuple[Decimal, Decimal]]:
    """{order line no.: (net, VAT)} prepaid less already deducted, from posted prepayment lines."""
    rows = s.execute(select(PostedLine.order_line_no, func.sum(PostedLine.amount), func.sum(PostedLine.vat_amount))
                     .where(PostedLine.kind == "invoice", PostedLine.type == LINE_TYPE,
                            PostedLine.order_no == order_no).group_by(PostedLine.order_line_no)).all()
    return {line_no: (net or ZERO, vat or ZERO) for line_no, net, vat in rows}


def _targets(header, lines) -> tuple[list, list]:
    """(lines, results) of Prepayment % of each line with an amount, and the VAT lines."""
    lines = [line for line in lines if line.type != "comment" and line.line_amount]
    inputs = [LineInput(round_amount(line.line_amount * header.prepayment_pct / HUNDRED), line.vat_pct,
                        line.vat_prod_group) for line in lines]
    results, vat_lines = calculate(inputs, invoice_disc_pct=header.invoice_disc_pct,
                                   prices_incl_vat=header.prices_incl_vat)
    return list(zip(lines, results, strict=True)), vat_lines


def prepayment_state(s: Session, header) -> PrepaymentState:
    pct = header.prepayment_pct or ZERO
    if not pct:
        return PrepaymentState(ZERO, ZERO, ZERO, ZERO, ())
    lines = s.scalars(select(SalesLine).where(SalesLine.kind == header.kind, SalesLine.document_no == header.no))
    targets, _vat = _targets(header, list(lines))
    required = sum((r.amount_incl_vat for _line, r in targets), ZERO)
    invoices = s.execute(select(PostedHeader.no, PostedHeader.amount_incl_vat).where(
        PostedHeader.kind == "invoice", PostedHeader.prepayment.is_(True), PostedHeader.order_no == header.no)
        .order_by(PostedHeader.no)).all()
    nos = tuple(no for no, _amount in invoices)
    invoiced = sum((amount for _no, amount in invoices), ZERO)
    paid = ZERO
    if nos:
        paid = s.execute(select(type_coerce(func.sum(CustLedgerEntry.amount - CustLedgerEntry.remaining_amount),
                                            Amount)).where(
            CustLedgerEntry.document_type == "invoice", CustLedgerEntry.document_no.in_(nos))).scalar() or ZERO
    return PrepaymentState(pct, required, invoiced, paid, nos)


def post_prepayment_invoice(desk, s: Session, header: SalesHeader, posting_date: dt.date) -> str:
    """Post the prepayment invoice of an order (the difference, when one was posted before)."""
    what = _("Order {no}").format(no=header.no)
    if header.kind != "order":
        raise SalesDeskError(_("Only orders have prepayment invoices."))
    if header.status not in (doc_states.OPEN, PENDING):
        raise SalesDeskError(_("{what} is released: reopen it to post a prepayment invoice.").format(what=what))
    if not header.prepayment_pct:
        raise SalesDeskError(_("{what} has no Prepayment %.").format(what=what))
    lines = list(s.scalars(select(SalesLine).where(SalesLine.kind == header.kind,
                                                   SalesLine.document_no == header.no).order_by(SalesLine.line_no)))
    already = _prepaid_per_line(s, header.no)
    targets, _vat = _targets(header, lines)
    inputs = []
    for line, result in targets:
        prepaid = already.get(line.line_no, (ZERO, ZERO))[0]
        inputs.append((line, result.amount - prepaid))
    inputs = [(line, amount) for line, amount in inputs if amount]
    company = s.get(Company, 1)
    bill_to = s.get(Customer, header.bill_to_customer_no or header.customer_no)
    problems = []
    if not inputs:
        problems.append(_("There is nothing to prepay: the prepayment invoices already cover Prepayment % of "
                          "every line."))
    problem = blocked_problem(bill_to, DocKind.INVOICE, handles=False, invoices=True)
    if problem:
        problems.append(problem)
    problem = posting_date_problem(posting_date, company)
    if problem:
        problems.append(problem)
    vat_setup = {v.prod_group: v for v in s.scalars(select(VatPostingSetup).where(
        VatPostingSetup.bus_group == header.vat_bus_group))}
    for line, _amount in inputs:
        if line.vat_prod_group not in vat_setup:
            problems.append(_("Line {line}: there is no VAT posting setup for {bus} x {prod}.").format(
                line=line.line_no, bus=header.vat_bus_group, prod=line.vat_prod_group))
    if problems:
        raise PostingError(problems, _("The prepayment invoice of {what}").format(what=what.lower()))
    results, vat_lines = calculate([LineInput(amount, line.vat_pct, line.vat_prod_group) for line, amount in inputs],
                                   invoice_disc_pct=ZERO, prices_incl_vat=False)
    no = take_no(s, "P-INVOICE")
    total = sum((r.amount for r in results), ZERO)
    total_vat = sum((r.vat_amount for r in results), ZERO)
    description = _("Prepayment {pct} % of order {no}").format(pct=plain(header.prepayment_pct), no=header.no)
    s.add(PostedHeader(
        kind="invoice", no=no, customer_no=header.customer_no, customer_name=header.customer_name,
        bill_to_customer_no=bill_to.no, **bill_to_address(bill_to), ship_to_name=header.ship_to_name, ship_to_address=header.ship_to_address,
        ship_to_post_code=header.ship_to_post_code, ship_to_city=header.ship_to_city,
        ship_to_country=header.ship_to_country, posting_date=posting_date, document_date=posting_date,
        due_date=posting_date, external_document_no=header.external_document_no,
        your_reference=header.your_reference, payment_terms=header.payment_terms, currency_code=header.currency_code,
        prices_incl_vat=False, vat_bus_group=header.vat_bus_group, source_kind="order", order_no=header.no,
        prepayment=True, amount=total, vat_amount=total_vat, amount_incl_vat=total + total_vat,
        search_key=search_key(no, header.customer_no, header.customer_name, header.external_document_no, header.no)))
    for (line, amount), r in zip(inputs, results, strict=True):
        s.add(PostedLine(
            kind="invoice", document_no=no, line_no=line.line_no, type=LINE_TYPE, no=line.no,
            description=_("Prepayment: {text}").format(text=line.description)[:100], quantity=Decimal(1), uom="",
            unit_price=amount, line_amount=amount, amount=r.amount, vat_amount=r.vat_amount,
            amount_incl_vat=r.amount_incl_vat, vat_prod_group=line.vat_prod_group, vat_pct=line.vat_pct,
            order_no=header.no, order_line_no=line.line_no))
    writer = EntryWriter(s, posting_date, "sales", no)
    writer.customer_entry(customer_no=bill_to.no, document_type="invoice", document_no=no, description=description,
                          amount=total + total_vat, due_date=posting_date, sales_amount=total,
                          external_document_no=header.external_document_no)
    writer.gl(company.receivables_account, total + total_vat, "invoice", no, description, bill_to.no)
    writer.gl(company.prepayment_account, -total, "invoice", no, description, bill_to.no)
    for vat_line in vat_lines:
        writer.gl(vat_setup[vat_line.vat_key].sales_vat_account, -vat_line.vat_amount, "invoice", no, description,
                  bill_to.no)
    register = writer.close()
    first = (s.execute(select(func.max(VatEntry.entry_no))).scalar() or 0) + 1
    rows = [dict(entry_no=first + i, transaction_no=register, posting_date=posting_date, document_type="invoice",
                 document_no=no, type="sale", bus_group=header.vat_bus_group, prod_group=v.vat_key,
                 vat_pct=v.vat_pct, base=v.base, amount=v.vat_amount, bill_to_customer_no=bill_to.no)
            for i, v in enumerate(v for v in vat_lines if v.base or v.vat_amount)]
    if rows:
        s.execute(insert(VatEntry.__table__), rows)
    header.status = PENDING
    s.add(header)
    s.flush()
    return no


@dataclass(frozen=True)
class Deduction:
    """The prepaid share one invoiced order line deducts on the final invoice."""

    line_no: int
    item_no: str
    description: str
    vat_key: str
    vat_pct: Decimal
    net: Decimal
    vat: Decimal


def deductions(s: Session, header, invoiced: list[tuple[object, Decimal]]) -> list[Deduction]:
    """What the order lines invoiced now (line, quantity to invoice) deduct of their prepaid
    amounts: in proportion to the quantity, all that is left when the line's last quantity is
    invoiced."""
    left = _prepaid_per_line(s, header.no)
    found = []
    for line, quantity in invoiced:
        net, vat = left.get(line.line_no, (ZERO, ZERO))
        if not net and not vat:
            continue
        open_quantity = line.quantity - line.quantity_invoiced
        if quantity < open_quantity and open_quantity:
            net, vat = round_amount(net * quantity / open_quantity), round_amount(vat * quantity / open_quantity)
        found.append(Deduction(line.line_no, line.no, line.description, line.vat_prod_group, line.vat_pct, net, vat))
    return found


def deduct_from_vat_lines(vat_lines: list, found: list[Deduction]) -> list:
    """The invoice's VAT lines less what the deductions take off each rate."""
    by_key: dict[str, tuple[Decimal, Decimal]] = {}
    for d in found:
        net, vat = by_key.get(d.vat_key, (ZERO, ZERO))
        by_key[d.vat_key] = (net + d.net, vat + d.vat)
    return [replace(v, base=v.base - by_key.get(v.vat_key, (ZERO, ZERO))[0],
                    vat_amount=v.vat_amount - by_key.get(v.vat_key, (ZERO, ZERO))[1]) for v in vat_lines]
