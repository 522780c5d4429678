"""When a purchase invoice's cost differs from what its receipts brought in (BC's Adjust Cost
on invoicing): the receipts' item ledger entries take the invoiced cost by value entries, the
difference on units already sold goes to cost of goods sold, the rest stays in inventory.

The invoice posts inventory at the invoiced cost; the receipts' entries were costed at the
order's Direct Unit Cost when received. Invoiced quantities take the order line's receipts in
the order they were posted, after the units invoiced before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ..core.money import ZERO, round_amount
from ..inventory.costing import inbound_value, revalue_inbound
from ..tables import PostedPurchaseLine


def _receipt_lines(s: Session, order_no: str, line_no: int) -> list:
    """The order line's posted receipt lines still standing (not corrections, not undone), oldest first."""
    line, undo = PostedPurchaseLine, aliased(PostedPurchaseLine)
    undone = select(undo.line_no).where(undo.kind == "receipt", undo.correction.is_(True),
                                         undo.appl_from_no == line.document_no,
                                         undo.appl_from_line_no == line.line_no).exists()
    return list(s.execute(select(line.item_entry_no, line.quantity, line.cost_amount).where(and_(
        line.kind == "receipt", line.order_no == order_no, line.order_line_no == line_no,
        line.correction.is_(False), line.item_entry_no.is_not(None), ~undone))
        .order_by(line.document_no, line.line_no)).all())


def revalue_received(s: Session, order_no: str, line_no: int, *, invoiced_before: Decimal, quantity: Decimal,
                     invoiced_cost: Decimal, posting_date: dt.date, document_no: str) -> Decimal:
    """Bring the receipts of ``quantity`` units invoiced now (after ``invoiced_before`` units)
    to ``invoiced_cost``; returns the part of the difference that went to cost of goods sold."""
    skip, left = invoiced_before, quantity
    portions = []  # (entry no., units of it invoiced now, their cost as received)
    for receipt in _receipt_lines(s, order_no, line_no):
        if left <= 0:
            break
        usable = receipt.quantity - min(skip, receipt.quantity)
        skip = max(skip - receipt.quantity, ZERO)
        take = min(usable, left)
        if take > 0:
            portions.append((receipt.item_entry_no, take, receipt.cost_amount * take / receipt.quantity))
            left -= take
    received = quantity - left  # units received earlier (the rest are received by this posting)
    if not portions or not received:
        return ZERO
    difference = round_amount(invoiced_cost * received / quantity) - round_amount(sum(p[2] for p in portions))
    if not difference:
        return ZERO
    cogs, given = ZERO, ZERO
    for index, (entry_no, take, _cost) in enumerate(portions):
        share = (difference - given if index == len(portions) - 1 else
                 round_amount(difference * take / received))
        given += share
        if share:
            _inventory, to_cogs = revalue_inbound(s, entry_no, inbound_value(s, entry_no) + share,
                                                  posting_date=posting_date, document_no=document_no)
            cogs += to_cogs
    return cogs
