"""S8. Combine shipments into one invoice.

Customer E with Combine Shipments on. Order 1: 2 x A, post Ship. Order 2: 3 x A, post Ship.
Run Combine Shipments for E (with posting): one posted invoice with two lines (2 and 3),
50.00 / 10.00 / 60.00. Both orders show Quantity Invoiced = Quantity and still exist until
Delete Invoiced Orders runs, which removes both. A customer without the flag is left alone.
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound
from tests.model.test_posting_support import assert_gap_free, assert_gl_balanced, gl_by_account

D = Decimal


@pytest.fixture
def shipped(shop):
    """E's two orders and C's one (C has no Combine Shipments), each shipped, not invoiced."""
    shop.customers.create("E", no="E", payment_terms="30D", combine_shipments=True)
    orders = []
    for customer, quantity in (("E", "2"), ("E", "3"), ("C", "4")):
        order = shop.sales.create(DocKind.ORDER, customer)
        shop.sales.add_line(order, "A", D(quantity))
        assert shop.sales.post(order, ship=True).shipment_no
        orders.append(order)
    assert orders[0].combine_shipments and not orders[2].combine_shipments
    return orders


def item_lines(doc):
    return [line for line in doc.lines if line.type == "item"]


def test_combine_shipments_with_posting(shop, shipped):
    order1, order2, order_c = shipped

    result = shop.sales.combine_shipments("E", post=True)

    assert result.errors == ()
    assert len(result.invoice_nos) == 1
    assert result.posted_invoice_nos == ("PSI-00001",)
    (invoice,) = shop.posted.invoices()
    assert invoice.no == "PSI-00001"
    assert invoice.customer_no == "E"
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("50.00"), D("10.00"), D("60.00"))
    assert [(l.no, l.quantity, l.amount, l.vat_amount, l.amount_incl_vat) for l in item_lines(invoice)] == [
        ("A", D("2"), D("20.00"), D("4.00"), D("24.00")), ("A", D("3"), D("30.00"), D("6.00"), D("36.00"))]
    # each line says which shipment line and which order line it bills
    assert [(l.shipment_no, l.shipment_line_no, l.order_no, l.order_line_no) for l in item_lines(invoice)] == [
        ("PSS-00001", 10000, order1.no, 10000), ("PSS-00002", 10000, order2.no, 10000)]
    # the text lines carry no amount
    assert all(l.amount_incl_vat == 0 for l in invoice.lines if l.type == "comment")
    # the unposted invoice made by the batch is gone
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.INVOICE, result.invoice_nos[0])

    # both orders are fully invoiced and still exist
    for order, quantity in ((order1, D("2")), (order2, D("3"))):
        (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
        assert line.quantity_invoiced == line.quantity == line.quantity_shipped == quantity
        assert line.qty_shipped_not_invoiced == D("0")
    for shipment in shop.posted.shipments("E"):
        assert [(l.quantity_invoiced, l.qty_shipped_not_invoiced) for l in shipment.lines] == [
            (shipment.lines[0].quantity, D("0"))]

    (entry,) = shop.ledger.customer_entries("E")
    assert (entry.document_no, entry.amount, entry.open) == ("PSI-00001", D("60.00"), True)
    assert shop.customers.balance("E") == D("60.00")
    assert gl_by_account(shop, "PSI-00001") == {
        "411000": D("60.00"), "707000": D("-50.00"), "445710": D("-10.00"),
        "603700": D("30.00"), "370000": D("-30.00")}
    assert shop.items.inventory("A") == D("91")  # 2 + 3 + 4 shipped, invoicing moved nothing

    # the customer without the flag is left alone
    (line,) = shop.sales.get(DocKind.ORDER, order_c.no).lines
    assert (line.quantity_shipped, line.quantity_invoiced) == (D("4"), D("0"))
    assert shop.ledger.customer_entries("C") == []
    assert shop.posted.shipments("C")[0].lines[0].qty_shipped_not_invoiced == D("4")

    # Delete Invoiced Orders removes both of E's orders, and only those
    assert sorted(shop.sales.delete_invoiced_orders()) == [order1.no, order2.no]
    for order in (order1, order2):
        with pytest.raises(NotFound):
            shop.sales.get(DocKind.ORDER, order.no)
    assert shop.sales.get(DocKind.ORDER, order_c.no).customer_no == "C"
    assert shop.sales.delete_invoiced_orders() == []
    assert shop.posted.invoice("PSI-00001").amount_incl_vat == D("60.00")  # history stays
    assert_gl_balanced(shop)
    assert_gap_free(shop)


def test_the_batch_for_everyone_leaves_customers_without_the_flag_alone(shop, shipped):
    result = shop.sales.combine_shipments(post=True)
    assert len(result.posted_invoice_nos) == 1
    assert [i.customer_no for i in shop.posted.invoices()] == ["E"]
    assert shop.sales.combine_shipments("C", post=True).invoice_nos == ()
    assert shop.posted.invoices("C") == []
    assert shop.sales.combine_shipments(post=True).invoice_nos == ()  # nothing left to combine


def test_combine_without_posting_makes_an_invoice_to_post_later(shop, shipped):
    result = shop.sales.combine_shipments("E")
    assert result.posted_invoice_nos == ()
    (no,) = result.invoice_nos
    invoice = shop.sales.get(DocKind.INVOICE, no)
    assert [(l.no, l.quantity) for l in item_lines(invoice)] == [("A", D("2")), ("A", D("3"))]
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("50.00"), D("10.00"), D("60.00"))
    assert shop.posted.invoices() == []

    posted = shop.posted.invoice(shop.sales.post(invoice).invoice_no)
    assert posted.amount_incl_vat == D("60.00")
    assert shop.items.inventory("A") == D("91")  # an invoice of shipments ships nothing again
    assert shop.posted.shipments("E")[1].no == "PSS-00002" and len(shop.posted.shipments()) == 3
    assert sorted(shop.sales.delete_invoiced_orders()) == [shipped[0].no, shipped[1].no]
