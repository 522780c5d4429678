"""Prepayment before delivery (BC's Prepayment %, the retail case): an order of a customer
with a Prepayment % waits until that part of it is invoiced and paid. The order's status is
Pending Prepayment and shipping is refused until the prepayment invoice's entry is settled.

- ``posting.prepayment_invoice`` posts a prepayment invoice for Prepayment % of every line
  (net, with its VAT), crediting the Sales Prepayments account instead of sales; what it
  comes to is worked out here.
- When the order is invoiced, each invoiced line deducts its prepaid share (in proportion to
  the quantity invoiced, everything left on the last invoice) with its VAT, so the customer
  is never billed twice and prepayment account and VAT net to zero once all is invoiced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlmodel import Session

from ...i18n import _
from ..core.money import ZERO, Amount, plain, round_amount
from ..tables import CustLedgerEntry, PostedHeader, PostedLine, SalesLine
from .pricing import LineInput, calculate

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


def prepaid_per_line(s: Session, order_no: str) -> dict[int, tuple[Decimal, Decimal]]:
    """{order line no.: (net, VAT)} prepaid less already deducted, from posted prepayment lines."""
    rows = s.execute(select(PostedLine.order_line_no, func.sum(PostedLine.amount), func.sum(PostedLine.vat_amount))
                     .where(PostedLine.kind == "invoice", PostedLine.type == LINE_TYPE,
                            PostedLine.order_no == order_no).group_by(PostedLine.order_line_no)).all()
    return {line_no: (net or ZERO, vat or ZERO) for line_no, net, vat in rows}


def prepayment_targets(header, lines) -> tuple[list, list]:
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
    targets, _vat = prepayment_targets(header, list(lines))
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
    left = prepaid_per_line(s, header.no)
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
