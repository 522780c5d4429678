"""S4. Shipping advice Complete.

Customer D with shipping advice Complete. Order 10 x A, Qty. to Ship 4, post Ship: refused with
a message naming the line; no posted shipment, no item ledger entry, no number used, the order
unchanged. Qty. to Ship 10 posts.
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError
from tests.model.test_posting_support import assert_gap_free, db_state, series_last_nos

D = Decimal


@pytest.fixture
def order(shop):
    shop.customers.create("D", no="D", payment_terms="30D", shipping_advice="complete")
    o = shop.sales.create(DocKind.ORDER, "D")
    assert o.shipping_advice == "complete"
    shop.sales.add_line(o, "A", D("10"))
    shop.sales.update_line(o, 10000, qty_to_ship=D("4"))
    return o


def test_shipping_part_of_the_line_is_refused_and_nothing_is_written(shop, order):
    before = db_state(shop)
    order_before = shop.sales.get(DocKind.ORDER, order.no)

    with pytest.raises(PostingError) as err:
        shop.sales.post(order, ship=True)

    assert err.value.problems == [
        "Line 10000: item A A cannot be shipped completely: Shipping Advice is Complete and only 4 of 10 "
        "is to ship."]
    assert "Line 10000" in str(err.value)
    assert shop.posted.shipments() == []
    assert len(shop.ledger.item_entries("A")) == 1  # the opening adjustment only
    assert shop.items.inventory("A") == D("100")
    assert series_last_nos(shop)["P-SHIPMENT"] == 0
    assert db_state(shop) == before
    assert shop.sales.get(DocKind.ORDER, order.no) == order_before
    (line,) = order_before.lines
    assert (line.qty_to_ship, line.quantity_shipped) == (D("4"), D("0"))


def test_shipping_the_whole_line_posts(shop, order):
    with pytest.raises(PostingError):
        shop.sales.post(order, ship=True)
    shop.sales.update_line(order, 10000, qty_to_ship=D("10"))

    result = shop.sales.post(order, ship=True)

    assert result.shipment_no == "PSS-00001"  # the refusal used no number
    (shipment,) = shop.posted.shipments()
    assert [(line.no, line.quantity) for line in shipment.lines] == [("A", D("10"))]
    assert shop.items.inventory("A") == D("90")
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity_shipped, line.outstanding_quantity, line.qty_shipped_not_invoiced) == (
        D("10"), D("0"), D("10"))
    assert_gap_free(shop)


def test_invoicing_alone_is_not_held_back_by_shipping_advice(shop, order):
    shop.sales.update_line(order, 10000, qty_to_ship=D("10"))
    shop.sales.post(order, ship=True)
    result = shop.sales.post(order, invoice=True)
    assert shop.posted.invoice(result.invoice_no).amount_incl_vat == D("120.00")
    assert result.document_deleted is True


def test_a_customer_with_partial_shipping_advice_may_ship_part(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(o, "A", D("10"))
    shop.sales.update_line(o, 10000, qty_to_ship=D("4"))
    assert shop.sales.post(o, ship=True).shipment_no == "PSS-00001"
