"""S13. Undo shipment.

Order 10 x A, ship 4, then Undo Shipment on that posted shipment line: a correction line of -4
is added to the posted shipment, Quantity Shipped on the order is back to 0, inventory of A is
back to 100. A shipment line that has been invoiced cannot be undone.
"""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, SalesDeskError
from tests.model.corrections_support import assert_unchanged, full_state
from tests.model.test_posting_support import assert_gap_free, assert_gl_balanced

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def shipped(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("4"))
    result = shop.sales.post(order, ship=True)
    assert result.shipment_no == "PSS-00001"
    assert shop.items.inventory("A") == D("96")
    return order


def test_undo_shipment(shop, shipped):
    shipment = shop.posted.undo_shipment("PSS-00001")

    # a correction line of -4 is added to the posted shipment
    assert shipment.no == "PSS-00001"
    original, correction = shipment.lines
    assert (original.line_no, original.no, original.quantity, original.correction) == (10000, "A", D("4"), False)
    assert (correction.no, correction.quantity, correction.correction) == ("A", D("-4"), True)
    assert correction.line_no > original.line_no
    assert (correction.order_no, correction.order_line_no) == (shipped.no, 10000)
    assert shop.posted.shipment("PSS-00001").lines == shipment.lines
    assert len(shop.posted.shipments()) == 1  # no new posted document

    # Quantity Shipped on the order is back to 0
    (line,) = shop.sales.get(DocKind.ORDER, shipped.no).lines
    assert (line.quantity, line.quantity_shipped, line.quantity_invoiced) == (D("10"), D("0"), D("0"))
    assert (line.outstanding_quantity, line.qty_shipped_not_invoiced) == (D("10"), D("0"))
    assert line.qty_to_ship == D("10")  # re-initialised like after posting

    # inventory of A is back to 100: an item entry of +4 at the shipment's cost
    assert shop.items.inventory("A") == D("100")
    assert [(e.quantity, e.cost_amount) for e in shop.ledger.item_entries("A")] == [
        (D("100"), D("600.00")), (D("-4"), D("-24.00")), (D("4"), D("24.00"))]
    assert shop.ledger.item_entries("A")[-1].document_no == "PSS-00001"

    # nothing is left to invoice and nobody owes anything
    assert shop.posted.uninvoiced_shipment_lines("C") == []
    assert shop.ledger.customer_entries("C") == []
    assert_gl_balanced(shop)
    assert_gap_free(shop)

    # the order ships and invoices in full afterwards
    result = shop.sales.post(shipped, ship=True, invoice=True)
    assert result.document_deleted is True
    assert shop.posted.invoice(result.invoice_no).amount_incl_vat == D("120.00")
    assert shop.items.inventory("A") == D("90")


def test_an_invoiced_shipment_line_cannot_be_undone(shop, shipped):
    shop.sales.update_line(shipped, 10000, qty_to_ship=D("0"), qty_to_invoice=D("4"))
    shop.sales.post(shipped, invoice=True)
    before = full_state(shop)
    with pytest.raises(SalesDeskError, match="invoiced"):
        shop.posted.undo_shipment("PSS-00001")
    assert_unchanged(shop, before)
    assert shop.items.inventory("A") == D("96")
    assert shop.sales.get(DocKind.ORDER, shipped.no).lines[0].quantity_shipped == D("4")
