"""Drop shipments (issue 20, spec (b) Done-when, VAT 20 %): Create Purchase Orders from a sales
order, the shipment posting the linked purchase receipt in the same transaction (stock never
moves, the sale costs what the purchase cost), Business Central's refusals, Undo Shipment on
both sides, and the two invoices to the cent."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError, PurchaseKind, SalesDeskError
from salesdesk.model.purchases.kinds import PurchaseRef
from tests.model.test_posting_support import assert_gl_balanced, db_state, gl_by_account

D = Decimal


@pytest.fixture
def drop(shop):
    """Vendor V1 (30D); item DS-1 at 10.00, vendor V1, last direct cost 6.00, purchasing code DROP,
    nothing on hand; customer C with a ship-to address on the order."""
    shop.vendors.create("Vendor One", no="V1", payment_terms="30D")
    shop.vendors.create("Vendor Two", no="V2", payment_terms="30D")
    shop.setup.add_purchasing_code("DROP", drop_shipment=True)
    shop.items.create("Drop item", no="DS-1", unit_price=D("10.00"), unit_cost=D("6.00"), vat_prod_group="STD",
                      vendor_no="V1", purchasing_code="DROP", last_direct_cost=D("6.00"))
    return shop


def new_order(desk, quantity=5, item="DS-1"):
    order = desk.sales.create(DocKind.ORDER, "C", ship_to_name="C Warehouse", ship_to_address="1 Quay Street",
                              ship_to_post_code="75001", ship_to_city="Paris")
    desk.sales.add_line(order, item, D(quantity))
    return order


def po_ref(no):
    return PurchaseRef(PurchaseKind.ORDER, no)


def on_hand(desk, item="DS-1"):
    return desk.items.inventory(item)


def test_the_line_is_a_drop_shipment_from_the_item(drop):
    order = new_order(drop)
    line = drop.sales.get(order.kind, order.no).line(10000)
    assert (line.purchasing_code, line.drop_shipment, line.purchase_order_no) == ("DROP", True, "")
    assert not any("DS-1" in warning for warning in drop.sales.warnings(order))  # nothing comes from our stock


def test_shipping_before_the_purchase_order_is_refused_and_writes_nothing(drop):
    order = new_order(drop)
    before = db_state(drop)
    with pytest.raises(PostingError, match="You cannot ship sales order line 10000. The line is marked as a drop "
                                           "shipment and is not yet associated with a purchase order."):
        drop.sales.post(order, ship=True)
    assert db_state(drop) == before


def test_create_purchase_orders_makes_one_linked_order_to_the_customers_address(drop):
    order = new_order(drop)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    po = drop.purchases.get(PurchaseKind.ORDER, po_no)
    assert (po.vendor_no, po.sell_to_customer_no, po.ship_to_address, po.ship_to_city) == (
        "V1", "C", "1 Quay Street", "Paris")
    (line,) = po.lines
    assert (line.no, line.quantity, line.direct_unit_cost, line.amount) == ("DS-1", D(5), D("6.00"), D("30.00"))
    assert (line.drop_shipment, line.sales_order_no, line.sales_order_line_no) == (True, order.no, 10000)
    sales_line = drop.sales.get(order.kind, order.no).line(10000)
    assert (sales_line.purchase_order_no, sales_line.purchase_line_no) == (po_no, line.line_no)
    assert drop.purchases.create_from_sales_order(order) == []


def test_two_vendors_make_two_purchase_orders(drop):
    drop.items.create("Drop two", no="DS-2", unit_price=D("20.00"), unit_cost=D("9.00"), vat_prod_group="STD",
                      vendor_no="V2", purchasing_code="DROP")
    order = new_order(drop)
    drop.sales.add_line(order, "DS-2", D(2))
    nos = drop.purchases.create_from_sales_order(order)
    assert sorted(drop.purchases.get(PurchaseKind.ORDER, no).vendor_no for no in nos) == ["V1", "V2"]
    assert drop.purchases.get(PurchaseKind.ORDER, nos[1]).lines[0].direct_unit_cost == D("9.00")


def test_an_item_without_a_vendor_is_refused_naming_the_line_and_writes_nothing(drop):
    drop.items.create("No vendor", no="NV", unit_price=D("5.00"), vat_prod_group="STD", purchasing_code="DROP")
    order = new_order(drop)
    drop.sales.add_line(order, "NV", D(1))
    before = db_state(drop)
    with pytest.raises(SalesDeskError, match="Line 20000"):
        drop.purchases.create_from_sales_order(order)
    assert db_state(drop) == before


def test_linked_lines_cannot_be_deleted_on_either_side(drop):
    order = new_order(drop)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    with pytest.raises(SalesDeskError):
        drop.sales.delete_line(order, 10000)
    with pytest.raises(SalesDeskError, match="supplies sales order"):
        drop.purchases.delete_line(po_ref(po_no), 10000)
    with pytest.raises(SalesDeskError, match="supplies sales order"):
        drop.purchases.delete(po_ref(po_no))
    with pytest.raises(SalesDeskError, match=f"supplied by purchase order {po_no}"):
        drop.sales.delete(order)


def ship(desk, order, quantity):
    desk.sales.update_line(order, 10000, qty_to_ship=D(quantity))
    return desk.sales.post(order, ship=True)


def test_shipping_3_receives_3_in_the_same_posting_and_stock_never_moves(drop):
    order = new_order(drop)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    result = ship(drop, order, 3)
    (receipt_no,) = result.purchase_receipt_nos
    receipt = drop.posted.purchase_receipt(receipt_no)
    assert (receipt.posting_date, receipt.lines[0].quantity) == (result.posting_date, D(3))
    assert on_hand(drop) == D(0)
    entries = {e.entry_type: e for e in drop.ledger.item_entries("DS-1")}
    assert (entries["purchase"].quantity, entries["purchase"].cost_amount) == (D(3), D("18.00"))
    assert (entries["sale"].quantity, entries["sale"].cost_amount) == (D(-3), D("-18.00"))
    assert drop.purchases.get(PurchaseKind.ORDER, po_no).lines[0].quantity_received == D(3)
    assert drop.sales.get(order.kind, order.no).line(10000).quantity_shipped == D(3)
    shipment = drop.posted.shipment(result.shipment_no)
    assert (shipment.lines[0].drop_shipment, shipment.lines[0].purchase_order_no) == (True, po_no)


def test_preview_lists_both_documents_and_writes_nothing(drop):
    order = new_order(drop)
    drop.purchases.create_from_sales_order(order)
    before = db_state(drop)
    preview = drop.sales.preview_post(order, ship=True)
    assert db_state(drop) == before
    assert len(preview.entries["posted_purchase_line"]) == 1
    assert len(preview.entries["item_ledger_entry"]) == 2
    assert preview.purchase_receipt_nos


def test_the_purchase_side_refuses_what_bc_refuses(drop):
    order = new_order(drop)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    drop.purchases.update(po_ref(po_no), vendor_invoice_no="F-77")
    before = db_state(drop)
    with pytest.raises(PostingError, match="post the sales order's shipment"):
        drop.purchases.post(po_ref(po_no), receive=True)
    with pytest.raises(PostingError, match="cannot be received and invoiced at the same time"):
        drop.purchases.post(po_ref(po_no), receive=True, invoice=True)
    assert db_state(drop) == before
    ship(drop, order, 3)
    drop.purchases.update_line(po_ref(po_no), 10000, qty_to_receive=D(0), qty_to_invoice=D(3))
    before = db_state(drop)
    with pytest.raises(PostingError, match=f"Please invoice sales order {order.no} before invoicing this purchase "
                                           "order."):
        drop.purchases.post(po_ref(po_no), invoice=True)
    assert db_state(drop) == before


def test_undo_shipment_undoes_the_purchase_receipt_too(drop):
    order = new_order(drop)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    result = ship(drop, order, 3)
    with pytest.raises(SalesDeskError, match="undo its sales shipment"):
        drop.posted.undo_receipt(result.purchase_receipt_nos[0])
    drop.posted.undo_shipment(result.shipment_no)
    shipment = drop.posted.shipment(result.shipment_no)
    assert [line.quantity for line in shipment.lines] == [D(3), D(-3)]
    receipt = drop.posted.purchase_receipt(result.purchase_receipt_nos[0])
    assert [line.quantity for line in receipt.lines] == [D(3), D(-3)]
    assert drop.sales.get(order.kind, order.no).line(10000).quantity_shipped == D(0)
    assert drop.purchases.get(PurchaseKind.ORDER, po_no).lines[0].quantity_received == D(0)
    assert on_hand(drop) == D(0)
    assert sum((e.cost_amount for e in drop.ledger.item_entries("DS-1")), D(0)) == D(0)


def test_ship_invoice_then_purchase_invoice_to_the_cent(drop):
    order = new_order(drop)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    first = ship(drop, order, 3)
    drop.posted.undo_shipment(first.shipment_no)
    ship(drop, order, 3)
    drop.sales.update_line(order, 10000, qty_to_invoice=D(3))
    invoice = drop.sales.post(order, invoice=True)
    (customer_entry,) = [e for e in drop.ledger.customer_entries("C") if e.document_no == invoice.invoice_no]
    assert customer_entry.amount == D("36.00")
    assert gl_by_account(drop, invoice.invoice_no) == {
        "411000": D("36.00"), "707000": D("-30.00"), "445710": D("-6.00"), "603700": D("18.00"),
        "370000": D("-18.00")}
    drop.purchases.update(po_ref(po_no), vendor_invoice_no="F-77")
    drop.purchases.update_line(po_ref(po_no), 10000, qty_to_receive=D(0), qty_to_invoice=D(3))
    bought = drop.purchases.post(po_ref(po_no), invoice=True)
    (owed,) = drop.ledger.vendor_entries("V1")
    assert owed.amount == D("-21.60")
    assert gl_by_account(drop, bought.invoice_no) == {
        "607000": D("18.00"), "445660": D("3.60"), "401000": D("-21.60"), "370000": D("18.00"),
        "603700": D("-18.00")}
    assert gl_by_account(drop, invoice.invoice_no)["370000"] + gl_by_account(drop, bought.invoice_no)["370000"] == 0
    assert on_hand(drop) == D(0)
    assert_gl_balanced(drop)
    with pytest.raises(SalesDeskError, match="drop shipment"):
        drop.posted.cancel_invoice(invoice.invoice_no)
    with pytest.raises(SalesDeskError, match="drop shipment"):
        drop.posted.correct_invoice(invoice.invoice_no)


def test_ship_and_invoice_at_once_then_a_purchase_invoice_at_6_50_moves_cogs_by_1_50(drop):
    order = new_order(drop, quantity=3)
    (po_no,) = drop.purchases.create_from_sales_order(order)
    sale = drop.sales.post(order, ship=True, invoice=True)
    assert sale.purchase_receipt_nos and sale.document_deleted
    assert gl_by_account(drop, sale.invoice_no)["603700"] == D("18.00")
    drop.purchases.reopen(po_ref(po_no))
    drop.purchases.update(po_ref(po_no), vendor_invoice_no="F-78")
    drop.purchases.update_line(po_ref(po_no), 10000, direct_unit_cost=D("6.50"))
    bought = drop.purchases.post(po_ref(po_no), invoice=True)
    # purchases 19.50 and inventory +19.50 / direct cost applied -19.50; the 1.50 over the receipt's cost
    # goes from inventory to cost of goods sold (603700 is both in this chart): inventory nets 0.00
    assert gl_by_account(drop, bought.invoice_no) == {
        "607000": D("19.50"), "445660": D("3.90"), "401000": D("-23.40"), "370000": D("18.00"),
        "603700": D("-18.00")}
    inventory = sum((e.amount for e in drop.ledger.gl_entries() if e.account_no == "370000"
                     and e.document_no in (sale.invoice_no, bought.invoice_no)), D(0))
    assert inventory == D("0.00")
    assert drop.items.inventory_value("DS-1") == D("0.00")
    assert_gl_balanced(drop)


def test_an_invoice_of_drop_shipped_lines_made_by_get_shipment_lines_cannot_be_cancelled(drop):
    order = new_order(drop, quantity=3)
    drop.purchases.create_from_sales_order(order)
    shipped = drop.sales.post(order, ship=True)
    invoice = drop.sales.create(DocKind.INVOICE, "C")
    drop.sales.get_shipment_lines(invoice, [shipped.shipment_no])
    posted = drop.sales.post(invoice)
    with pytest.raises(SalesDeskError, match="drop shipment"):
        drop.posted.cancel_invoice(posted.invoice_no)
