"""Drop shipments in Sales-Post: shipping a drop-shipment line posts the receipt of the purchase
order line linked to it, in the same unit of work (BC: "when you post the shipment [it]
automatically posts the receipt on the purchase order").

The receipt is posted first, by the purchase posting engine, receiving exactly the quantities
shipped on the linked lines; the sale's item entry is then applied to the receipt's entry
(``cost_outbound(..., apply_to=...)``), so stock never moves and the sale costs what the
purchase cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.money import ZERO, plain
from ..purchases.kinds import PurchaseKind, PurchaseRef
from ..tables import PurchaseLine
from .purchase_posting import PurchasePosting


def not_linked_problem(line_no: int) -> str:
    return _("You cannot ship sales order line {n}. The line is marked as a drop shipment and is not yet associated "
             "with a purchase order.").format(n=line_no)


def drop_lines(plans) -> list:
    """The plans of drop-shipment lines shipping a quantity now."""
    return [p for p in plans if p.line.drop_shipment and p.to_handle]


def drop_shipment_problems(s: Session, plans) -> list[str]:
    """Each drop-shipment line shipped now needs its purchase order line, with that much left
    to receive."""
    problems = []
    for plan in drop_lines(plans):
        line = plan.line
        if not line.purchase_order_no:
            problems.append(not_linked_problem(line.line_no))
            continue
        po_line = s.get(PurchaseLine, (PurchaseKind.ORDER.value, line.purchase_order_no, line.purchase_line_no))
        if po_line is None:
            problems.append(_("Line {line}: purchase order {no} line {n} does not exist.").format(
                line=line.line_no, no=line.purchase_order_no, n=line.purchase_line_no))
        elif po_line.quantity - po_line.quantity_received < plan.to_handle:
            problems.append(_("Line {line}: purchase order {no} line {n} has {left} left to receive, not {qty}.")
                            .format(line=line.line_no, no=line.purchase_order_no, n=line.purchase_line_no,
                                    left=plain(po_line.quantity - po_line.quantity_received),
                                    qty=plain(plan.to_handle)))
    return problems


@dataclass
class DropReceipts:
    """The purchase receipts a sales posting wrote for its drop-shipment lines."""

    results: list = field(default_factory=list)
    entry_of: dict[tuple[str, int], int] = field(default_factory=dict)  # (PO, PO line) -> receipt item entry

    @property
    def receipt_nos(self) -> tuple[str, ...]:
        return tuple(r.receipt_no for r in self.results if r.receipt_no)

    def entries(self) -> dict[str, list[dict]]:
        """The receipts' rows per table (for Preview), empty tables left out."""
        rows: dict[str, list[dict]] = {}
        for result in self.results:
            for name, table_rows in result.entries.items():
                if table_rows:
                    rows.setdefault(name, []).extend(table_rows)
        return rows


def receive_drop_shipments(desk, s: Session, plans, posting_date: dt.date, *, preview: bool) -> DropReceipts:
    """Post the receipt of every purchase order linked to a drop-shipment line shipped now,
    each receiving exactly what the sales lines ship."""
    wanted: dict[str, dict[int, Decimal]] = {}
    for plan in drop_lines(plans):
        line = plan.line
        quantities = wanted.setdefault(line.purchase_order_no, {})
        quantities[line.purchase_line_no] = quantities.get(line.purchase_line_no, ZERO) + plan.to_handle
    receipts = DropReceipts()
    for po_no, quantities in wanted.items():
        for line in s.scalars(select(PurchaseLine).where(PurchaseLine.kind == PurchaseKind.ORDER.value,
                                                         PurchaseLine.document_no == po_no)):
            line.qty_to_receive = quantities.get(line.line_no, ZERO)
            line.qty_to_invoice = ZERO
            s.add(line)
        s.flush()
        result = PurchasePosting(desk, s, PurchaseRef(PurchaseKind.ORDER, po_no), receive=True, invoice=False,
                                 posting_date=posting_date, preview=preview, from_sales=True).run()
        receipts.results.append(result)
        for row in result.entries.get("posted_purchase_line", ()):
            if row["item_entry_no"] is not None:
                receipts.entry_of[(po_no, row["line_no"])] = row["item_entry_no"]
    return receipts
