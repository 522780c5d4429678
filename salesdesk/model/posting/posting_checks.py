"""What posting checks before it writes anything (BC's Sales-Post checks, section 1.2).

Every problem is collected, so that the clerk sees all of them at once; each one names the
line it is about. Nothing here writes.
"""

from __future__ import annotations

from decimal import Decimal

from ...i18n import _
from ..core.money import plain
from ..sales.doc_rules import BLOCK_REASONS
from ..sales.kinds import DocKind


def blocked_problem(customer, kind: DocKind, *, handles: bool, invoices: bool) -> str | None:
    """Why ``customer`` stops this posting (BC's CheckBlockedCustOnDocs), or None.

    All blocks everything. Invoice blocks posting orders and invoices (not returns). Ship
    blocks only posting a shipment."""
    blocked = customer.blocked
    if not blocked:
        return None
    outbound = kind in (DocKind.ORDER, DocKind.INVOICE)
    stops = blocked == "all" or (outbound and blocked == "invoice") or (outbound and blocked == "ship" and handles)
    if not stops:
        return None
    return _("Customer {no} {name} is {why}.").format(no=customer.no, name=customer.name,
                                                     why=BLOCK_REASONS[blocked])


def item_problem(line_no: int, item, *, outbound: bool) -> str | None:
    if item is None:
        return None
    if item.blocked:
        return _("Line {line}: item {no} {name} is blocked.").format(line=line_no, no=item.no, name=item.description)
    if item.sales_blocked and outbound:
        return _("Line {line}: item {no} {name} is blocked for sales.").format(
            line=line_no, no=item.no, name=item.description)
    return None


def shipping_advice_problem(line, to_ship: Decimal) -> str:
    outstanding = line.quantity - line.quantity_shipped
    return _("Line {line}: item {no} {name} cannot be shipped completely: Shipping Advice is Complete and only "
             "{to_ship} of {outstanding} is to ship.").format(
        line=line.line_no, no=line.no, name=line.description, to_ship=plain(to_ship), outstanding=plain(outstanding))


def over_invoice_problem(line, to_invoice: Decimal, most: Decimal) -> str:
    return _("Line {line}: Qty. to Invoice {qty} is more than the {most} shipped or to ship and not yet "
             "invoiced.").format(line=line.line_no, qty=plain(to_invoice), most=plain(most))


def stock_problem(line, on_hand: Decimal, to_ship: Decimal, location: str) -> str:
    return _("Line {line}: only {on_hand} of item {no} {name} is in stock at {loc}; {qty} cannot be shipped "
             "(setup does not allow negative inventory).").format(
        line=line.line_no, on_hand=plain(on_hand), no=line.no, name=line.description, loc=location,
        qty=plain(to_ship))
