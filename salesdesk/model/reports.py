"""``desk.reports``: documents as the warehouse and the customer read them.

The picking list (BC's Picking List by Order) says what to take from where for an order's
lines to ship. PDF rendering of every report comes with the documents-out work; the data
and a plain-text rendering live here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..i18n import _
from .errors import SalesDeskError
from .kinds import DocKind
from .money import plain


@dataclass(frozen=True)
class PickLine:
    location: str
    item_no: str
    description: str
    quantity: Decimal
    uom: str
    line_no: int


@dataclass(frozen=True)
class PickingList:
    order_no: str
    customer_no: str
    customer_name: str
    ship_to: tuple[str, ...]
    shipment_date: dt.date | None
    lines: tuple[PickLine, ...]


class ReportService:
    def __init__(self, desk):
        self._desk = desk

    def picking_list(self, order) -> PickingList:
        """The order's item lines with a quantity to ship, by location and item number."""
        doc = self._desk.sales.get(getattr(order, "kind", DocKind.ORDER), order.no)
        if doc.kind is not DocKind.ORDER:
            raise SalesDeskError(_("A picking list is printed for an order."))
        lines = sorted(
            (PickLine(line.location or "MAIN", line.no, line.description, line.qty_to_ship, line.uom, line.line_no)
             for line in doc.lines if line.type == "item" and line.qty_to_ship > 0),
            key=lambda p: (p.location, p.item_no, p.line_no))
        ship_to = tuple(part for part in (doc.ship_to_name, doc.ship_to_address,
                                          " ".join(p for p in (doc.ship_to_post_code, doc.ship_to_city) if p),
                                          doc.ship_to_country) if part)
        return PickingList(doc.no, doc.customer_no, doc.customer_name, ship_to,
                           doc.requested_delivery_date or doc.posting_date, tuple(lines))

    def picking_list_text(self, order, width: int = 78) -> str:
        """The picking list as printable plain text (monospaced, ``width`` columns)."""
        pick = self.picking_list(order)
        company = self._desk.setup.company()
        out = [f"{company.name}", "", _("PICKING LIST - Order {no}").format(no=pick.order_no),
               _("Customer: {no} {name}").format(no=pick.customer_no, name=pick.customer_name)]
        out += [_("Ship-to: {part}").format(part=part) if i == 0 else f"         {part}"
                for i, part in enumerate(pick.ship_to)]
        if pick.shipment_date:
            out.append(_("Shipment date: {date}").format(date=pick.shipment_date.isoformat()))
        out.append("")
        desc_width = max(width - 10 - 12 - 12 - 8 - 4, 10)
        out.append(f"{_('Location'):<10}{_('Item No.'):<12}{_('Description'):<{desc_width}} "
                   f"{_('Quantity'):>12} {_('Unit'):<8}")
        out.append("-" * width)
        for line in pick.lines:
            out.append(f"{line.location:<10}{line.item_no:<12}{line.description[:desc_width]:<{desc_width}} "
                       f"{plain(line.quantity):>12} {line.uom:<8}")
        if not pick.lines:
            out.append(_("Nothing to pick: no line has a quantity to ship."))
        out.append("-" * width)
        out.append(_("Picked by: ____________________    Date: ____________"))
        return "\n".join(out) + "\n"
