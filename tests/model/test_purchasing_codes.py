"""Purchasing codes (BC's Purchasing table) and the sales line's Purchasing Code: taken from
the item on order lines, typed or cleared by hand, refused where BC refuses it; a drop-shipment
line cannot ship before its purchase order exists."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError, ValidationError
from tests.model.test_posting_support import db_state

D = Decimal


@pytest.fixture
def codes(shop):
    shop.setup.add_purchasing_code("DROP", drop_shipment=True, description="Drop shipment")
    shop.setup.add_purchasing_code("SPECIAL", special_order=True)
    return shop


def test_a_code_is_for_a_drop_shipment_or_a_special_order_not_both(codes):
    with pytest.raises(ValidationError, match="not both"):
        codes.setup.add_purchasing_code("BOTH", drop_shipment=True, special_order=True)
    with pytest.raises(ValidationError, match="not both"):
        codes.setup.save("purchasing_code", {"special_order": True}, key=("DROP",))


def test_an_order_line_takes_the_items_code_and_can_change_it(codes):
    codes.items.update("A", purchasing_code="DROP")
    order = codes.sales.create(DocKind.ORDER, "C")
    line = codes.sales.add_line(order, "A", D(3))
    assert (line.purchasing_code, line.drop_shipment, line.special_order) == ("DROP", True, False)
    line = codes.sales.update_line(order, line.line_no, purchasing_code="SPECIAL")
    assert (line.purchasing_code, line.drop_shipment, line.special_order) == ("SPECIAL", False, True)
    line = codes.sales.update_line(order, line.line_no, purchasing_code="")
    assert (line.purchasing_code, line.drop_shipment, line.special_order) == (None, False, False)
    quote = codes.sales.create(DocKind.QUOTE, "C")
    assert codes.sales.add_line(quote, "A", D(1)).purchasing_code is None  # only orders


def test_bad_codes_are_refused_where_typed_and_write_nothing(codes):
    order = codes.sales.create(DocKind.ORDER, "C")
    line = codes.sales.add_line(order, "A", D(3))
    invoice = codes.sales.create(DocKind.INVOICE, "C")
    on_invoice = codes.sales.add_line(invoice, "A", D(1))
    before = db_state(codes)
    with pytest.raises(ValidationError, match="'NOPE'"):
        codes.sales.update_line(order, line.line_no, purchasing_code="NOPE")
    with pytest.raises(ValidationError, match="Only sales order lines"):
        codes.sales.update_line(invoice, on_invoice.line_no, purchasing_code="DROP")
    assert db_state(codes) == before


def test_a_drop_shipment_line_without_its_purchase_order_cannot_ship(codes):
    order = codes.sales.create(DocKind.ORDER, "C")
    codes.sales.add_line(order, "A", D(3), purchasing_code="DROP")
    before = db_state(codes)
    with pytest.raises(PostingError, match="You cannot ship sales order line 10000. The line is marked as a drop shipment and is not yet associated with a purchase order."):
        codes.sales.post(order, ship=True)
    assert db_state(codes) == before
