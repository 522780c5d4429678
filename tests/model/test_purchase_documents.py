"""Purchase documents (``desk.purchases``): vendor defaults, lines from the item, quantities
to receive and invoice kept consistent, release/reopen, delete, lists, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import NotFound, PurchaseKind, SalesDeskError, ValidationError

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def shop(desk):
    desk.setup.set_vat("STD", D("20"))
    desk.setup.set_vat("RED", D("5.5"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.vendors.create("Vendor One", no="V1", payment_terms="30D", lead_time_days=7)
    desk.vendors.create("Vendor Two", no="V2")
    desk.items.create("Item A", no="A", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD")
    desk.items.create("Item B", no="B", unit_price=D("5"), unit_cost=D("2"), vat_prod_group="RED",
                      last_direct_cost=D("2.50"), lead_time_days=3)
    return desk


def test_a_new_order_takes_the_vendors_defaults(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "v1", vendor_invoice_no="F-9")
    assert (order.no, order.vendor_no, order.vendor_name, order.status, order.vendor_invoice_no) == (
        "PO-00001", "V1", "Vendor One", "open", "F-9")
    assert order.order_date == TODAY and order.expected_receipt_date == TODAY + dt.timedelta(days=7)
    assert order.payment_terms == "30D" and order.due_date == TODAY + dt.timedelta(days=30)
    assert shop.purchases.create(PurchaseKind.INVOICE, "V2").no == "PI-00001"
    assert shop.purchases.create(PurchaseKind.CREDIT_MEMO, "V2").no == "PCM-00001"


def test_item_lines_take_cost_vat_and_lead_time_from_the_item(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "V2")
    a = shop.purchases.add_line(order, "A", D("3"))
    b = shop.purchases.add_line(order, "B", D("2"))
    assert (a.description, a.uom, a.direct_unit_cost, a.vat_pct, a.line_amount) == (
        "Item A", "PCS", D("6"), D("20"), D("18.00"))
    assert (b.direct_unit_cost, b.vat_pct, b.expected_receipt_date) == (D("2.50"), D("5.5"), TODAY + dt.timedelta(3))
    doc = shop.purchases.get(PurchaseKind.ORDER, order.no)
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (D("23.00"), D("3.88"), D("26.88"))
    line = shop.purchases.update_line(order, a.line_no, direct_unit_cost=D("8"), line_discount_pct=D("10"))
    assert line.line_amount == D("21.60")


def test_quantities_to_receive_and_invoice_follow_the_quantity(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "V1")
    line = shop.purchases.add_line(order, "A", D("10"))
    assert (line.qty_to_receive, line.qty_to_invoice, line.outstanding_quantity) == (D("10"), D("10"), D("10"))
    line = shop.purchases.update_line(order, line.line_no, qty_to_receive=D("4"))
    assert (line.qty_to_receive, line.qty_to_invoice) == (D("4"), D("4"))
    with pytest.raises(ValidationError, match="cannot be more than the outstanding quantity 10"):
        shop.purchases.update_line(order, line.line_no, qty_to_receive=D("11"))
    with pytest.raises(ValidationError, match="for more than you have received"):
        shop.purchases.update_line(order, line.line_no, qty_to_invoice=D("6"))


def test_gl_account_and_comment_lines(shop):
    invoice = shop.purchases.create(PurchaseKind.INVOICE, "V1")
    gl = shop.purchases.add_line(invoice, "603800", D("1"), type="gl_account", direct_unit_cost=D("40"),
                                 vat_prod_group="STD")
    comment = shop.purchases.add_line(invoice, type="comment", description="Freight")
    assert (gl.line_amount, gl.vat_pct, gl.amount_incl_vat) == (D("40.00"), D("20"), D("48.00"))
    assert (comment.quantity, comment.line_amount, comment.description) == (D("0"), D("0.00"), "Freight")


def test_release_locks_lines_and_reopen_unlocks_them(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "V1")
    with pytest.raises(SalesDeskError, match="nothing to release"):
        shop.purchases.release(order)
    line = shop.purchases.add_line(order, "A", D("2"))
    assert shop.purchases.release(order).status == "released"
    with pytest.raises(SalesDeskError, match="Released"):
        shop.purchases.update_line(order, line.line_no, quantity=D("3"))
    shop.purchases.update_line(order, line.line_no, qty_to_receive=D("1"))  # quantities to handle may change
    # the vendor's invoice number (and the dates) can be typed on a released order, nothing else
    assert shop.purchases.update(order, vendor_invoice_no="F-77").vendor_invoice_no == "F-77"
    with pytest.raises(SalesDeskError, match="Released"):
        shop.purchases.update(order, vendor_invoice_no="F-78", location="MAIN")
    shop.purchases.reopen(order)
    assert shop.purchases.update_line(order, line.line_no, quantity=D("3")).quantity == D("3")


def test_delete_and_lists(shop):
    first = shop.purchases.create(PurchaseKind.ORDER, "V1", vendor_invoice_no="INV-77")
    shop.purchases.add_line(first, "A", D("1"))
    shop.purchases.create(PurchaseKind.ORDER, "V2")
    assert shop.purchases.count(PurchaseKind.ORDER) == 2
    rows = shop.purchases.page(PurchaseKind.ORDER, "inv-77")
    assert [row[:4] for row in rows] == [("PO-00001", "V1", "Vendor One", "INV-77")]
    assert rows[0][-1] == D("7.20")
    shop.purchases.delete(first)
    with pytest.raises(NotFound):
        shop.purchases.get(PurchaseKind.ORDER, "PO-00001")
    assert shop.purchases.count(PurchaseKind.ORDER) == 1


def test_an_order_received_but_not_invoiced_cannot_be_deleted(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "V1")
    shop.purchases.add_line(order, "A", D("1"))
    shop.purchases.post(order, receive=True)
    with pytest.raises(SalesDeskError, match="received but not invoiced"):
        shop.purchases.delete(order)


def test_refusals_name_the_field(shop):
    with pytest.raises(ValidationError, match="Vendor 'NOPE' does not exist"):
        shop.purchases.create(PurchaseKind.ORDER, "NOPE")
    shop.vendors.update("V2", blocked="all")
    with pytest.raises(SalesDeskError, match="blocked with type All"):
        shop.purchases.create(PurchaseKind.ORDER, "V2")
    shop.vendors.update("V2", blocked="payment")  # Payment blocks payments only
    shop.purchases.create(PurchaseKind.ORDER, "V2")
    order = shop.purchases.create(PurchaseKind.ORDER, "V1")
    with pytest.raises(ValidationError, match="Item 'ZZ' does not exist"):
        shop.purchases.add_line(order, "ZZ", D("1"))
    with pytest.raises(ValidationError) as refused:
        shop.purchases.add_line(order, "A", "-1")
    assert set(refused.value.errors) == {"quantity"}
    with pytest.raises(SalesDeskError, match="is not a kind of purchase document"):
        shop.purchases.create("quote", "V1")
    with pytest.raises(ValidationError, match="not a posted purchase invoice"):
        shop.purchases.create(PurchaseKind.CREDIT_MEMO, "V1", applies_to_doc_no="PPI-00009")


def test_the_desk_finds_purchase_documents_by_number_and_navigate_lists_them(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "V1", vendor_invoice_no="F-5")
    shop.purchases.add_line(order, "A", D("2"))
    assert shop.find_number(order.no.lower()) == ("purchase", "order", order.no)
    shop.purchases.update_line(order, 10000, qty_to_receive=D("1"))
    result = shop.purchases.post(order, receive=True, invoice=True)
    assert shop.find_number(result.receipt_no) == ("posted_purchase", "receipt", result.receipt_no)
    hits = {hit.table: hit.count for hit in shop.ledger.navigate(result.invoice_no)}
    assert hits["posted_purchase:invoice"] == 1 and hits["entries:gl"] == 5 and hits["entries:vat"] == 1


def test_a_new_order_date_moves_the_expected_receipt_date_by_the_lead_time(shop):
    order = shop.purchases.create(PurchaseKind.ORDER, "V1")
    moved = shop.purchases.update(order, order_date=dt.date(2026, 12, 1))
    assert moved.expected_receipt_date == dt.date(2026, 12, 8)
    typed = shop.purchases.update(order, order_date=dt.date(2026, 12, 2), expected_receipt_date=dt.date(2026, 12, 20))
    assert typed.expected_receipt_date == dt.date(2026, 12, 20)
