"""Purch.-Post's refusals for drop-shipment lines (BC): the receipt is posted by the sales
order's shipment, never on its own nor together with the invoice, and the purchase is invoiced
only after the sale."""

from __future__ import annotations

from sqlmodel import Session

from ...i18n import _
from ..tables import SalesLine


def drop_shipment_purchase_problems(s: Session, plans, *, from_sales: bool) -> list[str]:
    drop = [p for p in plans if p.line.drop_shipment and (p.to_handle or p.to_invoice)]
    if not drop:
        return []
    problems = []
    if any(p.to_handle for p in drop) and any(p.to_invoice for p in drop):
        problems.append(_("A drop shipment from a purchase order cannot be received and invoiced at the same time."))
    elif not from_sales:
        for plan in drop:
            if plan.to_handle:
                problems.append(_("You cannot receive purchase order line {n} on its own: it is a drop shipment "
                                  "for sales order {no}; post the sales order's shipment, which receives it.")
                                .format(n=plan.line.line_no, no=plan.line.sales_order_no))
    waiting = []
    for plan in drop:
        line = plan.line
        if not plan.to_invoice or not line.sales_order_no:
            continue
        sales_line = s.get(SalesLine, ("order", line.sales_order_no, line.sales_order_line_no))
        behind = sales_line is not None and sales_line.quantity_invoiced < line.quantity_invoiced + plan.to_invoice
        if behind and line.sales_order_no not in waiting:
            waiting.append(line.sales_order_no)
    for no in waiting:
        problems.append(_("You cannot invoice this purchase order before the associated sales orders have been "
                          "invoiced. Please invoice sales order {no} before invoicing this purchase order.")
                        .format(no=no))
    return problems
