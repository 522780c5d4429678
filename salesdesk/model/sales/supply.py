"""How a sales order line is supplied (BC's Purchasing Code on the sales line): from our stock
(no code), by the vendor straight to the customer (drop shipment) or bought for this line and
received into our warehouse (special order). Mixed into ``desk.sales``'s line editor.

The code comes from the item when an order line takes it, and can be typed or cleared until a
purchase order line is made for the line or the line is shipped.
"""

from __future__ import annotations

from sqlmodel import Session

from ...i18n import _
from ..core.errors import ValidationError
from ..tables import Item, PurchasingCode, SalesHeader, SalesLine
from .kinds import DocKind


def default_purchasing_code(s: Session, header: SalesHeader, line: SalesLine, item: Item) -> None:
    """An order line of an item with a purchasing code takes it (other kinds never do)."""
    code = item.purchasing_code if header.kind == DocKind.ORDER.value else None
    _apply(s, line, code)


def set_purchasing_code(s: Session, header: SalesHeader, line: SalesLine, code: str | None) -> None:
    """Type or clear a line's Purchasing Code, with BC's refusals."""
    code = code or None
    if code == line.purchasing_code:
        return
    if header.kind != DocKind.ORDER.value:
        raise ValidationError({"purchasing_code": _("Only sales order lines can be drop shipments or special "
                                                    "orders.")})
    if line.type != "item":
        raise ValidationError({"purchasing_code": _("Line {line} is not an item line.").format(line=line.line_no)})
    if line.purchase_order_no:
        raise ValidationError({"purchasing_code": _("Line {line} is supplied by purchase order {no}; delete that "
                                                    "purchase line first.").format(line=line.line_no,
                                                                                   no=line.purchase_order_no)})
    if line.quantity_shipped:
        raise ValidationError({"purchasing_code": _("Line {line} has been shipped; how it is supplied cannot "
                                                    "change.").format(line=line.line_no)})
    _apply(s, line, code)
    if line.drop_shipment or line.special_order:
        if line.quantity < 0:
            raise ValidationError({"purchasing_code": _("A negative line cannot be a drop shipment or a special "
                                                        "order.")})


def _apply(s: Session, line: SalesLine, code: str | None) -> None:
    row = s.get(PurchasingCode, code) if code else None
    line.purchasing_code = row.code if row else None
    line.drop_shipment = bool(row and row.drop_shipment)
    line.special_order = bool(row and row.special_order)
