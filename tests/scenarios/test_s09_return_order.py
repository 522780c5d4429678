"""S9. Return order.

After an invoice of 5 x A to C: a return order for 3 x A (lines copied from the posted invoice).
Post Receive: a posted return receipt with 3; inventory +3; no customer entry yet. Post Invoice:
a posted credit memo 30.00 / 6.00 / 36.00; balance reduced by 36.00.
"""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound
from tests.model.corrections_support import entry_of, post_invoice
from tests.model.test_posting_support import (
    assert_gap_free,
    assert_gl_balanced,
    gl_by_account,
)

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def invoiced(shop):
    no = post_invoice(shop, ("A", "5"))
    assert shop.posted.invoice(no).amount_incl_vat == D("60.00")
    assert shop.customers.balance("C") == D("60.00")
    assert shop.items.inventory("A") == D("95")
    return no


@pytest.fixture
def return_order(shop, invoiced):
    shop.setup.save("return_reason", {"code": "DAMAGED", "description": "Damaged"})
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.get_posted_lines_to_reverse(ret, "invoice", invoiced)
    (line,) = shop.sales.get(DocKind.RETURN_ORDER, ret.no).lines
    shop.sales.update_line(ret, line.line_no, quantity=D("3"), return_reason_code="DAMAGED")
    return shop.sales.get(DocKind.RETURN_ORDER, ret.no)


def test_the_return_order_lines_come_from_the_invoice(shop, invoiced, return_order):
    (line,) = return_order.lines
    assert (line.no, line.quantity, line.unit_price, line.unit_cost, line.return_reason_code) == (
        "A", D("3"), D("10.00"), D("6.00"), "DAMAGED")
    assert (line.appl_from_kind, line.appl_from_no) == ("invoice", invoiced)
    assert (line.return_qty_to_receive, line.return_qty_received, line.quantity_invoiced) == (D("3"), D("0"), D("0"))
    assert (return_order.amount, return_order.vat_amount, return_order.amount_incl_vat) == (
        D("30.00"), D("6.00"), D("36.00"))


def test_receive_then_invoice(shop, invoiced, return_order):
    received = shop.sales.post(return_order, receive=True)

    # a posted return receipt with 3; inventory +3 at the invoice's cost; no customer entry yet
    assert (received.return_receipt_no, received.credit_memo_no) == ("PRR-00001", None)
    assert received.document_deleted is False
    receipt = shop.posted.return_receipt("PRR-00001")
    assert receipt.order_no == return_order.no
    (line,) = receipt.lines
    assert (line.no, line.quantity, line.quantity_invoiced, line.return_reason_code) == (
        "A", D("3"), D("0"), "DAMAGED")
    assert shop.items.inventory("A") == D("98")
    entry = shop.ledger.item_entries("A")[-1]
    assert (entry.document_no, entry.quantity, entry.cost_amount) == ("PRR-00001", D("3"), D("18.00"))
    assert [e.document_no for e in shop.ledger.customer_entries("C")] == [invoiced]
    assert shop.customers.balance("C") == D("60.00")
    assert shop.posted.credit_memos() == []
    (line,) = shop.sales.get(DocKind.RETURN_ORDER, return_order.no).lines
    assert (line.return_qty_received, line.return_qty_received_not_invoiced, line.quantity_invoiced) == (
        D("3"), D("3"), D("0"))
    # what was received counts as returned: only 2 are left to return
    (reversible,) = shop.posted.reversible_lines("C", kind="invoice")
    assert reversible.returnable == D("2")

    credited = shop.sales.post(return_order, invoice=True)

    # a posted credit memo 30.00 / 6.00 / 36.00; balance reduced by 36.00
    assert credited.credit_memo_no == "PSC-00001"
    assert credited.return_receipt_no is None
    assert credited.document_deleted is True
    memo = shop.posted.credit_memo("PSC-00001")
    assert (memo.amount, memo.vat_amount, memo.amount_incl_vat) == (D("30.00"), D("6.00"), D("36.00"))
    assert memo.order_no == return_order.no
    (memo_line,) = memo.lines
    assert memo_line.return_reason_code == "DAMAGED"
    memo_entry = entry_of(shop, "C", "PSC-00001")
    assert (memo_entry.document_type, memo_entry.amount) == ("credit_memo", D("-36.00"))
    assert shop.customers.balance("C") == D("60.00") - D("36.00") == D("24.00")
    assert shop.items.inventory("A") == D("98")  # crediting moves no goods
    assert shop.posted.return_receipt("PRR-00001").lines[0].quantity_invoiced == D("3")
    assert gl_by_account(shop, "PSC-00001") == {
        "411000": D("-36.00"), "707000": D("30.00"), "445710": D("6.00"),
        "603700": D("-18.00"), "370000": D("18.00")}
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.RETURN_ORDER, return_order.no)
    assert_gl_balanced(shop)
    assert_gap_free(shop)


def test_a_return_order_applied_to_the_invoice(shop, invoiced, return_order):
    shop.sales.update(return_order, applies_to_doc_no=invoiced)
    shop.sales.post(return_order, receive=True)
    shop.sales.post(return_order, invoice=True)
    assert (entry_of(shop, "C", invoiced).remaining_amount, entry_of(shop, "C", invoiced).open) == (
        D("24.00"), True)
    assert (entry_of(shop, "C", "PSC-00001").remaining_amount, entry_of(shop, "C", "PSC-00001").open) == (
        D("0.00"), False)
    assert shop.customers.balance("C") == D("24.00")
