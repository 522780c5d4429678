"""Special orders (spec (c)): Create Purchase Orders buys the line into our location, linked
both ways; the received goods are pegged to the sales line (other orders see them as taken)
and ship normally at the purchase cost."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError, PurchaseKind, SalesDeskError
from salesdesk.model.purchases.kinds import PurchaseRef
from tests.model.test_posting_support import gl_by_account

D = Decimal


@pytest.fixture
def special(shop):
    """Catalog item CAT-9 (not stocked), purchasing code SPECIAL, vendor V1 at 25.00, lead time 10 days."""
    shop.vendors.create("Vendor One", no="V1", payment_terms="30D", lead_time_days=10)
    shop.setup.add_purchasing_code("SPECIAL", special_order=True)
    shop.items.create("Catalog item", no="CAT-9", unit_price=D("40.00"), unit_cost=D("25.00"), vat_prod_group="STD",
                      vendor_no="V1", purchasing_code="SPECIAL", last_direct_cost=D("25.00"))
    return shop


def special_order(desk):
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, "CAT-9", D(2))
    return order


def test_create_purchase_orders_buys_the_line_into_our_location(special):
    order = special_order(special)
    line = special.sales.get(order.kind, order.no).line(10000)
    assert (line.special_order, line.drop_shipment) == (True, False)
    (po_no,) = special.purchases.create_from_sales_order(order)
    po = special.purchases.get(PurchaseKind.ORDER, po_no)
    assert (po.vendor_no, po.sell_to_customer_no, po.expected_receipt_date) == (
        "V1", None, special.today() + dt.timedelta(days=10))
    (po_line,) = po.lines
    assert (po_line.quantity, po_line.direct_unit_cost, po_line.location) == (D(2), D("25.00"), "MAIN")
    assert (po_line.special_order, po_line.sales_order_no, po_line.sales_order_line_no) == (True, order.no, 10000)
    assert special.sales.get(order.kind, order.no).line(10000).purchase_order_no == po_no
    assert special.purchases.create_from_sales_order(order) == []
    with pytest.raises(SalesDeskError, match="supplies sales order"):
        special.purchases.delete_line(PurchaseRef(PurchaseKind.ORDER, po_no), 10000)


def test_received_goods_are_pegged_then_ship_normally_at_the_purchase_cost(special):
    order = special_order(special)
    (po_no,) = special.purchases.create_from_sales_order(order)
    assert not any("CAT-9" in w for w in special.sales.warnings(order))  # supplied by its purchase
    special.purchases.post(PurchaseRef(PurchaseKind.ORDER, po_no), receive=True)
    assert special.items.inventory("CAT-9") == D(2)
    other = special.sales.create(DocKind.ORDER, "C")
    special.sales.add_line(other, "CAT-9", D(1))
    (warning,) = [w for w in special.sales.warnings(other) if "CAT-9" in w]
    assert "has 0 available" in warning
    result = special.sales.post(order, ship=True, invoice=True)
    assert result.purchase_receipt_nos == ()
    assert special.items.inventory("CAT-9") == D(0)
    assert gl_by_account(special, result.invoice_no)["603700"] == D("50.00")


def test_another_order_cannot_ship_the_pegged_goods(special):
    order = special_order(special)
    (po_no,) = special.purchases.create_from_sales_order(order)
    special.purchases.post(PurchaseRef(PurchaseKind.ORDER, po_no), receive=True)
    other = special.sales.create(DocKind.ORDER, "C")
    special.sales.add_line(other, "CAT-9", D(1), purchasing_code="")
    with pytest.raises(PostingError, match="only 0 of item CAT-9"):
        special.sales.post(other, ship=True)
    special.sales.post(order, ship=True)
    assert special.items.inventory("CAT-9") == D(0)
