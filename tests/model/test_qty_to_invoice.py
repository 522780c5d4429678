"""Qty. to Invoice may not exceed what is shipped plus what is to ship now (BC's "You cannot
invoice more than ... units"): refused where it is typed, never clamped at posting."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, ValidationError


def _order_shipped(shop, quantity="10", shipped="4"):
    order = shop.sales.create(DocKind.ORDER, "C")
    line = shop.sales.add_line(order, "A", Decimal(quantity))
    shop.sales.update_line(order, line.line_no, qty_to_ship=Decimal(shipped))
    shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True)
    return shop.sales.get(DocKind.ORDER, order.no), line.line_no


def test_invoicing_more_than_shipped_with_nothing_to_ship_is_refused_where_typed(shop):
    order, line_no = _order_shipped(shop)
    shop.sales.update_line(order, line_no, qty_to_ship=Decimal("0"))
    with pytest.raises(ValidationError) as refused:
        shop.sales.update_line(order, line_no, qty_to_invoice=Decimal("6"))
    assert "cannot invoice more than 4 units" in refused.value.errors["qty_to_invoice"]
    line = shop.sales.get(DocKind.ORDER, order.no).lines[0]
    assert line.qty_to_invoice == Decimal("4")  # what setting Qty. to Ship 0 left: unchanged


def test_invoicing_what_is_shipped_and_to_ship_is_accepted_and_posted_whole(shop):
    order, line_no = _order_shipped(shop)
    shop.sales.update_line(order, line_no, qty_to_ship=Decimal("2"))
    shop.sales.update_line(order, line_no, qty_to_invoice=Decimal("6"))  # 4 shipped + 2 now
    invoice_posted = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True)
    line = shop.sales.get(DocKind.ORDER, order.no).lines[0]
    assert (line.quantity_shipped, line.quantity_invoiced) == (Decimal("6"), Decimal("6"))
    assert invoice_posted is not None
