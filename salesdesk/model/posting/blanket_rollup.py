"""What posting a line linked to a blanket order does to the blanket line (BC's
UpdateBlanketOrderLine): Quantity Shipped and Quantity Invoiced roll up onto it, + for orders
and invoices, - for return orders and credit memos (a return receipt counts into Quantity
Shipped); the posting is refused when the blanket line is gone, of another item or customer,
or would be shipped beyond its Quantity."""

from __future__ import annotations

from sqlmodel import Session

from ...i18n import _
from ..core.money import plain
from ..sales.blankets import BLANKET
from ..tables import SalesHeader, SalesLine


def _linked(plans) -> list:
    return [p for p in plans if p.line.type != "comment" and p.line.blanket_order_no
            and (p.to_handle or p.to_invoice)]


def blanket_problems(s: Session, plans, sign: int, customer_no: str) -> list[str]:
    """Why the blanket lines the document draws on cannot take this posting (every reason)."""
    problems, shipped = [], {}
    for plan in _linked(plans):
        line = plan.line
        key = (line.blanket_order_no, line.blanket_order_line_no)
        blanket = s.get(SalesLine, (BLANKET, *key))
        header = s.get(SalesHeader, (BLANKET, key[0]))
        if blanket is None or header is None:
            problems.append(_("Line {line}: blanket order {no} line {n} does not exist.").format(
                line=line.line_no, no=key[0], n=key[1]))
            continue
        if (blanket.type, blanket.no) != (line.type, line.no) or header.customer_no != customer_no:
            problems.append(_("Line {line}: blanket order {no} line {n} is for {item} of customer {customer}.")
                            .format(line=line.line_no, no=key[0], n=key[1], item=blanket.no,
                                    customer=header.customer_no))
            continue
        shipped[key] = shipped.get(key, blanket.quantity_shipped) + sign * plan.to_handle
        total = shipped[key]
        if abs(total) > abs(blanket.quantity) or total * blanket.quantity < 0:
            problems.append(_("Line {line}: Quantity Shipped on blanket order {no} line {n} would be {total}; it "
                              "must not be greater than its Quantity {quantity}.").format(
                line=line.line_no, no=key[0], n=key[1], total=plain(total), quantity=plain(blanket.quantity)))
    return problems


def roll_up(s: Session, plans, sign: int) -> None:
    """Add what this posting shipped and invoiced to the blanket lines drawn on."""
    for plan in _linked(plans):
        line = plan.line
        blanket = s.get(SalesLine, (BLANKET, line.blanket_order_no, line.blanket_order_line_no))
        blanket.quantity_shipped += sign * plan.to_handle
        blanket.quantity_invoiced += sign * plan.to_invoice
        blanket.qty_to_invoice = blanket.quantity - blanket.quantity_invoiced
        s.add(blanket)
    s.flush()


def undo_shipped(s: Session, posted_line) -> None:
    """Undo Shipment of a posted line drawn on a blanket: its quantity is no longer shipped."""
    if not posted_line.blanket_order_no:
        return
    blanket = s.get(SalesLine, (BLANKET, posted_line.blanket_order_no, posted_line.blanket_order_line_no))
    if blanket is not None:
        blanket.quantity_shipped -= posted_line.quantity
        s.add(blanket)
