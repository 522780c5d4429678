"""S1. Partial shipment, then invoice, then the rest (BC's own walkthrough).

Order 100 x A.
1. Qty. to Ship 40; post Ship. Quantity Shipped 40, Qty. Shipped Not Invoiced 40, Outstanding
   Quantity 60, Quantity Invoiced 0. One posted shipment with 40. Inventory of A is 60.
   Customer C has no ledger entry; balance 0.00.
2. Qty. to Ship 0, Qty. to Invoice 40; post Invoice. Posted invoice 400.00 / 80.00 / 480.00.
   Quantity Invoiced 40, Qty. Shipped Not Invoiced 0. Balance of C 480.00. Inventory still 60.
3. Ship and Invoice the remaining 60. Second invoice 600.00 / 120.00 / 720.00. The order no
   longer exists. Balance 1,200.00. Inventory of A 0. Two posted shipments, two posted
   invoices, two open customer ledger entries (480.00 and 720.00), the G/L entries of each
   posting sum to 0.00.
4. Asking to ship or invoice more than is outstanding is refused before anything is written.
"""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound, PostingError, SalesDeskError
from tests.model.test_posting_support import (
    assert_gap_free,
    assert_gl_balanced,
    db_state,
    gl_by_account,
    gl_sums,
)

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def order(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(o, "A", D("100"))
    return o


def line_of(desk, order):
    return desk.sales.get(DocKind.ORDER, order.no).lines[0]


def quantities(line):
    return (line.quantity_shipped, line.qty_shipped_not_invoiced, line.outstanding_quantity, line.quantity_invoiced)


def ship_40(desk, order):
    desk.sales.update_line(order, 10000, qty_to_ship=D("40"))
    return desk.sales.post(order, ship=True)


def invoice_40(desk, order):
    desk.sales.update_line(order, 10000, qty_to_ship=D("0"), qty_to_invoice=D("40"))
    return desk.sales.post(order, invoice=True)


def test_step1_ship_40(shop, order):
    result = ship_40(shop, order)

    assert (result.shipment_no, result.invoice_no, result.document_deleted) == ("PSS-00001", None, False)
    assert quantities(line_of(shop, order)) == (D("40"), D("40"), D("60"), D("0"))
    (shipment,) = shop.posted.shipments()
    assert shipment.no == "PSS-00001"
    assert shipment.order_no == order.no
    assert shipment.posting_date == TODAY
    assert [(line.no, line.quantity, line.quantity_invoiced, line.qty_shipped_not_invoiced)
            for line in shipment.lines] == [("A", D("40"), D("0"), D("40"))]
    assert shop.items.inventory("A") == D("60")
    assert [e.quantity for e in shop.ledger.item_entries("A")] == [D("100"), D("-40")]
    assert shop.ledger.customer_entries("C") == []
    assert shop.customers.balance("C") == D("0.00")
    assert shop.posted.invoices() == []
    assert shop.ledger.gl_entries("PSS-00001") == []  # a shipment alone posts nothing to the G/L


def test_step2_invoice_the_40_shipped(shop, order):
    ship_40(shop, order)
    result = invoice_40(shop, order)

    assert (result.shipment_no, result.invoice_no, result.document_deleted) == (None, "PSI-00001", False)
    invoice = shop.posted.invoice("PSI-00001")
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("400.00"), D("80.00"), D("480.00"))
    assert invoice.order_no == order.no
    assert [(line.no, line.quantity, line.amount, line.vat_amount, line.amount_incl_vat) for line in invoice.lines] \
        == [("A", D("40"), D("400.00"), D("80.00"), D("480.00"))]
    line = line_of(shop, order)
    assert line.quantity_invoiced == D("40")
    assert line.qty_shipped_not_invoiced == D("0")
    assert (line.quantity_shipped, line.outstanding_quantity) == (D("40"), D("60"))
    assert shop.customers.balance("C") == D("480.00")
    assert shop.items.inventory("A") == D("60")
    assert len(shop.ledger.item_entries("A")) == 2  # invoicing moves no goods
    (shipment,) = shop.posted.shipments()
    assert (shipment.lines[0].quantity_invoiced, shipment.lines[0].qty_shipped_not_invoiced) == (D("40"), D("0"))
    assert gl_by_account(shop, "PSI-00001") == {
        "411000": D("480.00"), "707000": D("-400.00"), "445710": D("-80.00"),
        "603700": D("240.00"), "370000": D("-240.00")}  # cost of the 40 at 6.00
    assert sum(gl_by_account(shop, "PSI-00001").values()) == D("0.00")


def test_step3_ship_and_invoice_the_rest(shop, order):
    ship_40(shop, order)
    invoice_40(shop, order)
    line = line_of(shop, order)
    assert (line.qty_to_ship, line.qty_to_invoice) == (D("60"), D("60"))  # defaults after posting

    result = shop.sales.post(order, ship=True, invoice=True)

    assert (result.shipment_no, result.invoice_no, result.document_deleted) == ("PSS-00002", "PSI-00002", True)
    second = shop.posted.invoice("PSI-00002")
    assert (second.amount, second.vat_amount, second.amount_incl_vat) == (D("600.00"), D("120.00"), D("720.00"))
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.ORDER, order.no)
    assert shop.sales.count(DocKind.ORDER) == 0
    assert shop.customers.balance("C") == D("1200.00")
    assert shop.items.inventory("A") == D("0")

    shipments = shop.posted.shipments()
    assert [(s.no, s.lines[0].quantity, s.lines[0].quantity_invoiced) for s in shipments] == [
        ("PSS-00001", D("40"), D("40")), ("PSS-00002", D("60"), D("60"))]
    assert [i.no for i in shop.posted.invoices()] == ["PSI-00001", "PSI-00002"]
    assert [i.amount_incl_vat for i in shop.posted.invoices("C")] == [D("480.00"), D("720.00")]
    open_entries = shop.ledger.customer_entries("C", open_only=True)
    assert [(e.document_type, e.document_no, e.amount, e.remaining_amount, e.open) for e in open_entries] == [
        ("invoice", "PSI-00001", D("480.00"), D("480.00"), True),
        ("invoice", "PSI-00002", D("720.00"), D("720.00"), True)]
    assert [e.due_date for e in open_entries] == [TODAY + dt.timedelta(days=30)] * 2

    # the G/L entries of each posting sum to 0.00
    for no in ("PSI-00001", "PSI-00002"):
        entries = shop.ledger.gl_entries(no)
        assert len({e.transaction_no for e in entries}) == 1
        assert sum((e.amount for e in entries), D(0)) == D("0.00")
    assert gl_by_account(shop, "PSI-00002") == {
        "411000": D("720.00"), "707000": D("-600.00"), "445710": D("-120.00"),
        "603700": D("360.00"), "370000": D("-360.00")}
    assert all(total == 0 for total in gl_sums(shop).values())
    assert_gl_balanced(shop)
    assert_gap_free(shop)
    vat = [(v.document_no, v.vat_pct, v.base, v.amount) for v in shop.ledger.vat_entries()]
    assert vat == [("PSI-00001", D("20"), D("400.00"), D("80.00")), ("PSI-00002", D("20"), D("600.00"), D("120.00"))]


def test_step4_shipping_more_than_outstanding_is_refused(shop, order):
    ship_40(shop, order)
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match="Qty. to Ship on line 10000 cannot be more than the outstanding "
                                             "quantity 60"):
        shop.sales.update_line(order, 10000, qty_to_ship=D("61"))
    assert db_state(shop) == before


def test_step4_invoicing_more_than_not_invoiced_is_refused(shop, order):
    ship_40(shop, order)
    invoice_40(shop, order)
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match="Qty. to Invoice on line 10000 cannot be more than the 60"):
        shop.sales.update_line(order, 10000, qty_to_invoice=D("61"))
    assert db_state(shop) == before


def test_step4_invoicing_with_nothing_shipped_is_refused_and_writes_nothing(shop, order):
    ship_40(shop, order)
    invoice_40(shop, order)
    before = db_state(shop)
    # nothing shipped is left to invoice: an invoice-only posting has nothing to post
    with pytest.raises(PostingError) as err:
        shop.sales.post(order, invoice=True)
    assert err.value.problems == ["There is nothing to ship or invoice: no line has a quantity to handle."]
    assert db_state(shop) == before
    assert shop.customers.balance("C") == D("480.00")


def test_step4_invoicing_more_than_shipped_with_ship_is_refused_and_writes_nothing(shop, order):
    from salesdesk.model import ValidationError
    from salesdesk.model.tables import SalesLine

    shop.sales.update_line(order, 10000, qty_to_ship=D("40"))
    with pytest.raises(ValidationError, match="cannot invoice more than 40 units"):  # BC: where typed
        shop.sales.update_line(order, 10000, qty_to_invoice=D("100"))
    with shop.db.write() as s:  # and again at posting, for a line that holds it anyway
        s.get(SalesLine, ("order", order.no, 10000)).qty_to_invoice = D("100")
    before = db_state(shop)
    with pytest.raises(PostingError) as err:
        shop.sales.post(order, ship=True, invoice=True)
    (problem,) = err.value.problems
    assert problem.startswith("Line 10000: Qty. to Invoice 100 is more than the 40")
    assert db_state(shop) == before
    assert shop.items.inventory("A") == D("100")
    assert shop.posted.shipments() == [] and shop.posted.invoices() == []
