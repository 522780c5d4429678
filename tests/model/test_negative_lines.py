"""Negative lines on orders and invoices (issue 16): goods taken back on the same document,
as Business Central allows. The item comes back into stock at the line's cost, amounts and
VAT are negative for the line, and the posting is refused when the invoice total is negative.
Quotes, blanket orders, credit memos and return orders keep quantities of at least 0."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind
from salesdesk.model.core.errors import PostingError, SalesDeskError, ValidationError

from .test_posting_support import assert_gap_free, assert_gl_balanced, db_state, gl_by_account

D = Decimal


def _order_with_a_return(shop, kind=DocKind.ORDER):
    doc = shop.sales.create(kind, "C")
    shop.sales.add_line(doc, "A", D("5"))
    shop.sales.add_line(doc, "A", D("-2"))
    return shop.sales.get(kind, doc.no)


def test_an_order_line_may_be_negative_and_its_amounts_follow(shop):
    order = _order_with_a_return(shop)
    back = order.lines[1]
    assert (back.quantity, back.qty_to_ship, back.qty_to_invoice) == (D("-2"), D("-2"), D("-2"))
    assert back.line_amount == D("-20.00")
    assert (order.amount, order.vat_amount, order.amount_incl_vat) == (D("30.00"), D("6.00"), D("36.00"))


@pytest.mark.parametrize("kind", [DocKind.QUOTE, DocKind.BLANKET_ORDER, DocKind.CREDIT_MEMO,
                                  DocKind.RETURN_ORDER])
def test_other_documents_keep_quantities_of_at_least_0(shop, kind):
    doc = shop.sales.create(kind, "C")
    with pytest.raises(ValidationError) as refused:
        shop.sales.add_line(doc, "A", D("-2"))
    assert refused.value.errors == {"quantity": "Quantity must be at least 0."}
    assert shop.sales.get(kind, doc.no).lines == ()


def test_check_line_knows_which_documents_take_negative_lines(shop):
    assert shop.sales.check_line("quantity", "-2", DocKind.ORDER) is None
    assert shop.sales.check_line("quantity", "-2", DocKind.INVOICE) is None
    assert shop.sales.check_line("quantity", "-2", DocKind.QUOTE) == "Quantity must be at least 0."


def test_ship_and_invoice_takes_the_goods_back_at_the_lines_cost(shop):
    order = _order_with_a_return(shop)
    shop.items.update("A", unit_cost=D("9.00"))  # after the lines were made: they keep 6.00
    result = shop.sales.post(order, ship=True, invoice=True)
    entries = [(e.quantity, e.cost_amount) for e in shop.ledger.item_entries("A")
               if e.document_no == result.shipment_no]
    # the 5 sold go out at the cost of the stock they are applied to (FIFO: in at 6.00), not
    # at the Unit Cost field; the 2 taken back come in at the line's cost
    assert sorted(entries) == [(D("-5"), D("-30.00")), (D("2"), D("12.00"))]
    assert shop.items.inventory("A") == D("97")
    invoice = shop.posted.invoice(result.invoice_no)
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("30.00"), D("6.00"), D("36.00"))
    assert [line.quantity for line in invoice.lines] == [D("5"), D("-2")]
    assert gl_by_account(shop, result.invoice_no)["411000"] == D("36.00")
    assert shop.customers.balance("C") == D("36.00")
    assert_gl_balanced(shop)
    assert_gap_free(shop)
    assert result.document_deleted  # fully shipped and invoiced


def test_a_negative_invoice_total_is_refused_and_nothing_is_written(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("1"))
    shop.sales.add_line(order, "A", D("-2"))
    before = db_state(shop)
    with pytest.raises(PostingError) as refused:
        shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True)
    assert "The invoice total must be 0 or greater." in refused.value.problems
    assert db_state(shop) == before


def test_a_direct_invoice_with_a_negative_line_posts(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", D("3"))
    shop.sales.add_line(invoice, "A", D("-1"))
    result = shop.sales.post(shop.sales.get(DocKind.INVOICE, invoice.no))
    assert shop.posted.invoice(result.invoice_no).amount_incl_vat == D("24.00")
    assert shop.items.inventory("A") == D("98")
    assert_gl_balanced(shop)


def test_quantities_to_handle_keep_the_sign_of_the_quantity(shop):
    order = _order_with_a_return(shop)
    line_no = order.lines[1].line_no
    with pytest.raises(ValidationError) as refused:
        shop.sales.update_line(order, line_no, qty_to_ship=D("1"))
    assert refused.value.errors["qty_to_ship"] == \
        f"Qty. to Ship on line {line_no} must have the same sign as Quantity (-2)."
    with pytest.raises(ValidationError) as refused:
        shop.sales.update_line(order, line_no, qty_to_ship=D("-3"))
    assert "cannot be more than the outstanding quantity -2" in refused.value.errors["qty_to_ship"]
    with pytest.raises(ValidationError):
        shop.sales.update_line(order, line_no, qty_to_invoice=D("2"))
    line = shop.sales.update_line(order, line_no, qty_to_ship=D("-1"))
    assert (line.qty_to_ship, line.qty_to_invoice) == (D("-1"), D("-1"))


def test_a_negative_line_ships_in_parts_and_is_invoiced_from_its_shipments(shop):
    order = _order_with_a_return(shop)
    line_no = order.lines[1].line_no
    shop.sales.update_line(order, line_no, qty_to_ship=D("-1"))
    first = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True).shipment_no
    assert shop.items.inventory("A") == D("96")
    line = shop.sales.get(DocKind.ORDER, order.no).lines[1]
    assert (line.quantity_shipped, line.qty_to_ship, line.qty_to_invoice) == (D("-1"), D("-1"), D("-2"))
    shop.sales.update_line(order, line_no, qty_to_invoice=D("-1"))
    result = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=False, invoice=True)
    invoice = shop.posted.invoice(result.invoice_no)
    assert [line.quantity for line in invoice.lines] == [D("5"), D("-1")]
    assert invoice.amount == D("40.00")
    line = shop.sales.get(DocKind.ORDER, order.no).lines[1]
    assert (line.quantity_shipped, line.quantity_invoiced) == (D("-1"), D("-1"))
    assert first
    assert_gl_balanced(shop)
    assert_gap_free(shop)


def test_quantity_cannot_cross_what_a_negative_line_has_handled(shop):
    order = _order_with_a_return(shop)
    line_no = order.lines[1].line_no
    shop.sales.update_line(order, line_no, qty_to_ship=D("-1"))
    shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True)
    shop.sales.reopen(order)
    for quantity in (D("-0.5"), D("3"), D("0")):
        with pytest.raises(ValidationError) as refused:
            shop.sales.update_line(order, line_no, quantity=quantity)
        assert "already handled" in refused.value.errors["quantity"]
    assert shop.sales.update_line(order, line_no, quantity=D("-3")).qty_to_ship == D("-2")


def test_undo_of_a_negative_shipment_line_takes_the_goods_out_again(shop):
    order = _order_with_a_return(shop)
    shipment_no = shop.sales.post(order, ship=True).shipment_no
    assert shop.items.inventory("A") == D("97")
    shop.posted.undo_shipment(shipment_no)
    assert shop.items.inventory("A") == D("100")
    lines = shop.sales.get(DocKind.ORDER, order.no).lines
    assert [(line.quantity_shipped, line.qty_to_ship) for line in lines] == [(D("0"), D("5")), (D("0"), D("-2"))]


def test_undo_of_a_negative_shipment_line_is_refused_without_the_stock(shop):
    shop.items.adjust("A", D("-100"))
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("-2"))
    shipment_no = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True).shipment_no
    shop.items.adjust("A", D("-1"))  # one of the two taken back is gone again
    before = db_state(shop)
    with pytest.raises(SalesDeskError) as refused:
        shop.posted.undo_shipment(shipment_no)
    assert "only 1 of item A is in stock at MAIN" in str(refused.value)
    assert db_state(shop) == before


def test_cancelling_an_invoice_with_a_negative_line_restores_stock_and_balance(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", D("3"))
    shop.sales.add_line(invoice, "A", D("-1"))
    no = shop.sales.post(shop.sales.get(DocKind.INVOICE, invoice.no)).invoice_no
    shop.posted.cancel_invoice(no)
    assert shop.items.inventory("A") == D("100")
    assert shop.customers.balance("C") == D("0.00")
    assert_gl_balanced(shop)
