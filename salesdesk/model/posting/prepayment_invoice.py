"""Posting a prepayment invoice (BC's Post Prepayment Invoice): Prepayment % of every line of
an order (or what is still missing of it), net with its VAT, credited to the Sales Prepayments
account instead of sales; the order becomes Pending Prepayment until it is paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import PostingError, SalesDeskError
from ..core.money import ZERO, plain
from ..core.numbering import take_no
from ..core.text import search_key
from ..receivables.ledger_writer import EntryWriter
from ..sales import doc_states
from ..sales.kinds import DocKind
from ..sales.prepayments import LINE_TYPE, PENDING, prepaid_per_line, prepayment_targets
from ..sales.pricing import LineInput, calculate
from ..setup.posting_period import posting_date_problem
from ..tables import (
    Company,
    Customer,
    PostedHeader,
    PostedLine,
    SalesHeader,
    SalesLine,
    VatEntry,
    VatPostingSetup,
)
from ..tables.posted import bill_to_address
from .posting_checks import blocked_problem


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
    already = prepaid_per_line(s, header.no)
    targets, _vat = prepayment_targets(header, lines)
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
