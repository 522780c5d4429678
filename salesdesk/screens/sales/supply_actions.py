"""The sales order card's supply actions: Create Purchase Orders for its drop-shipment and
special-order lines (BC's action of that name), and the line FactBox's link to the purchase."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _

# Alt+Shift+O: Alt+O is Reopen; the action is only on sales orders
CREATE_PURCHASE_ORDERS = Binding("alt+shift+o", "create_purchase_orders", _("Create Purchase Orders"),
                                 id="doc.create_purchase_orders", priority=True)


def has_vendor_supplied_lines(doc) -> bool:
    """Whether a document has drop-shipment or special-order lines (Create Purchase Orders is for them)."""
    return any(getattr(line, "drop_shipment", False) or getattr(line, "special_order", False)
               for line in getattr(doc, "lines", ()))


def supply_fact(line) -> str:
    """The FactBox line saying how a sales line is supplied by a vendor, or ""."""
    if not (getattr(line, "drop_shipment", False) or getattr(line, "special_order", False)):
        return ""
    label = _("Drop shipment") if line.drop_shipment else _("Special order")
    if getattr(line, "sales_order_no", ""):  # a purchase line: the sales order line it supplies
        return f"\n{label}: {_('sales order')} {line.sales_order_no} / {line.sales_order_line_no}"
    if not getattr(line, "purchase_order_no", ""):
        return f"\n{label}: {_('no purchase order yet (Alt+Shift+O)')}"
    return f"\n{label}: {line.purchase_order_no} / {line.purchase_line_no}"


class SupplyActions:
    async def action_create_purchase_orders(self) -> None:
        """One purchase order per vendor for the order's drop-shipment and special-order lines."""
        if self.doc is None or not await self._save_pending():
            return
        try:
            made = await self.app.db(self.app.desk.purchases.create_from_sales_order, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        if not made:
            self.notify(_("There is nothing to create: no drop-shipment or special-order line of {no} is left "
                          "without a purchase order.").format(no=self.doc.no), timeout=6)
            return
        self.notify(_("Purchase orders created: {nos}.").format(nos=", ".join(made)), timeout=8)
        await self.reload()
