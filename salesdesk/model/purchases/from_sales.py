"""Create Purchase Orders from a sales order (BC's Create Purchase Orders action), mixed into
``desk.purchases``.

Every drop-shipment and special-order line of the order that no purchase line supplies yet
and has a quantity left to ship becomes a line of a new purchase order for its item's vendor:
one order per vendor. A drop-shipment order is sent to the customer (Sell-to Customer No. and
Ship-to from the sales order); a special order comes into our location. Both sides are linked
(sales Purchase Order No. / Purch. Order Line No. <-> purchase Sales Order No. / Sales Order
Line No.). All in one unit of work: a line whose item has no vendor refuses the whole run.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.numbering import next_no
from ..core.text import search_key
from ..sales.kinds import DocKind
from ..tables import (
    Customer,
    Item,
    PurchaseHeader,
    PurchaseLine,
    SalesHeader,
    SalesLine,
    Vendor,
)
from .kinds import SERIES_OF_KIND, PurchaseKind
from .rules import refuse_blocked_vendor


def lines_to_supply(s: Session, order: SalesHeader) -> list[SalesLine]:
    """The order's drop-shipment and special-order lines with no purchase line yet and a
    quantity left to ship."""
    return [line for line in s.scalars(select(SalesLine).where(
        SalesLine.kind == order.kind, SalesLine.document_no == order.no).order_by(SalesLine.line_no))
        if (line.drop_shipment or line.special_order) and not line.purchase_order_no
        and line.quantity - line.quantity_shipped > 0]


class PurchaseOrdersFromSales:
    """``desk.purchases.create_from_sales_order``."""

    def create_from_sales_order(self, order) -> list[str]:
        """One purchase order per vendor for the sales order's drop-shipment and special-order
        lines not yet linked; returns their numbers (``[]`` when no line is left to supply)."""
        no = getattr(order, "no", order)
        with self._desk.db.write() as s:
            header = s.get(SalesHeader, (DocKind.ORDER.value, no))
            if header is None:
                raise NotFound(_("Sales order {no} does not exist.").format(no=no))
            lines = lines_to_supply(s, header)
            items = {line.no: s.get(Item, line.no) for line in lines}
            missing = [line.line_no for line in lines if items[line.no] is None or not items[line.no].vendor_no]
            if missing:
                raise SalesDeskError(_("Line {lines} of sales order {no}: the item has no Vendor No.; fill it in on "
                                       "the item card first.").format(lines=", ".join(map(str, missing)), no=no))
            by_vendor: dict[tuple[str, bool], list[SalesLine]] = {}
            for line in lines:
                by_vendor.setdefault((items[line.no].vendor_no, line.drop_shipment), []).append(line)
            made = []
            for (vendor_no, drop), vendor_lines in by_vendor.items():
                made.append(self._order_for(s, header, vendor_no, drop, vendor_lines))
            return made

    def _order_for(self, s: Session, order: SalesHeader, vendor_no: str, drop: bool, lines: list[SalesLine]) -> str:
        vendor = s.get(Vendor, vendor_no)
        refuse_blocked_vendor(vendor)
        today = self._desk.today()
        row = PurchaseHeader(kind=PurchaseKind.ORDER.value, no=next_no(s, SERIES_OF_KIND[PurchaseKind.ORDER]),
                             vendor_no=vendor.no, order_date=today, document_date=today, posting_date=today)
        self._apply_vendor(s, row, vendor)
        if drop:
            self._ship_to_customer(s, row, order)
        else:
            row.location = order.location
        row.search_key = search_key(row.no, row.vendor_no, row.vendor_name)
        s.add(row)
        s.flush()
        for line_no, sales_line in enumerate(lines, start=1):
            line = PurchaseLine(kind=row.kind, document_no=row.no, line_no=line_no * 10000, type="item",
                                location=sales_line.location or order.location,
                                expected_receipt_date=row.expected_receipt_date)
            self._take_item(s, row, line, sales_line.no)
            line.location = sales_line.location or order.location or line.location
            line.quantity = sales_line.quantity - sales_line.quantity_shipped
            self._default_quantities_to_handle(PurchaseKind.ORDER, line)
            self._amounts(line)
            line.drop_shipment, line.special_order = sales_line.drop_shipment, sales_line.special_order
            line.sales_order_no, line.sales_order_line_no = order.no, sales_line.line_no
            s.add(line)
            sales_line.purchase_order_no, sales_line.purchase_line_no = row.no, line.line_no
            s.add(sales_line)
        self._refresh_totals(s, row)
        return row.no

    @staticmethod
    def _ship_to_customer(s: Session, row: PurchaseHeader, order: SalesHeader) -> None:
        """The vendor delivers to the customer: the order's ship-to, else the customer's address."""
        row.sell_to_customer_no = order.customer_no
        if order.ship_to_address or order.ship_to_name:
            row.ship_to_name, row.ship_to_address = order.ship_to_name or order.customer_name, order.ship_to_address
            row.ship_to_post_code, row.ship_to_city = order.ship_to_post_code, order.ship_to_city
            row.ship_to_country = order.ship_to_country
            return
        customer = s.get(Customer, order.customer_no)
        row.ship_to_name, row.ship_to_address = customer.name, customer.address
        row.ship_to_post_code, row.ship_to_city, row.ship_to_country = customer.post_code, customer.city, \
            customer.country
