"""S7. Cancel a posted invoice.

Invoice for C: 5 x item B (unit price 40.00, STD) and 1 x service S (20.00, ZERO):
220.00 / 40.00 / 260.00. Post, then Cancel it: a corrective credit memo is posted and applied;
the invoice is marked cancelled; both customer entries are closed; balance 0.00; for every G/L
account the invoice and credit memo net to 0.00; inventory of B is back where it was.
Cancelling it again is refused ("already cancelled"). A second invoice that has been partly
paid cannot be cancelled or corrected: refused with the reason.
"""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import SalesDeskError
from tests.model.corrections_support import (
    assert_nets_to_zero,
    assert_unchanged,
    entry_of,
    full_state,
    gl_net,
    pay,
    post_invoice,
)
from tests.model.test_posting_support import assert_gap_free, assert_gl_balanced

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def invoiced(shop):
    shop.items.create("B", no="B", unit_price=D("40.00"), unit_cost=D("25.00"), vat_prod_group="STD")
    shop.items.adjust("B", D("10"), unit_cost=D("25.00"))
    shop.items.create("S", no="S", type="service", unit_price=D("20.00"), vat_prod_group="ZERO")
    no = post_invoice(shop, ("B", "5"), ("S", "1"))
    invoice = shop.posted.invoice(no)
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("220.00"), D("40.00"), D("260.00"))
    assert shop.items.inventory("B") == D("5")
    assert shop.customers.balance("C") == D("260.00")
    return no


def test_cancel_posts_an_applied_corrective_credit_memo(shop, invoiced):
    cm_no = shop.posted.cancel_invoice(invoiced)

    assert cm_no == "PSC-00001"
    memo = shop.posted.credit_memo(cm_no)
    assert (memo.amount, memo.vat_amount, memo.amount_incl_vat) == (D("220.00"), D("40.00"), D("260.00"))
    assert memo.customer_no == "C"
    assert memo.corrects == invoiced
    assert memo.applies_to_doc_no == invoiced
    assert [(l.no, l.quantity, l.unit_price, l.amount, l.vat_amount) for l in memo.lines if l.type == "item"] == [
        ("B", D("5"), D("40.00"), D("200.00"), D("40.00")), ("S", D("1"), D("20.00"), D("20.00"), D("0.00"))]

    # the invoice is marked cancelled, by that credit memo
    invoice = shop.posted.invoice(invoiced)
    assert invoice.cancelled is True
    assert invoice.cancelled_by == cm_no
    assert memo.cancelled is False

    # both customer entries are closed; balance 0.00
    invoice_entry = entry_of(shop, "C", invoiced)
    memo_entry = entry_of(shop, "C", cm_no)
    assert (invoice_entry.amount, invoice_entry.remaining_amount, invoice_entry.open) == (D("260.00"), D("0.00"), False)
    assert (memo_entry.amount, memo_entry.remaining_amount, memo_entry.open) == (D("-260.00"), D("0.00"), False)
    assert shop.ledger.customer_entries("C", open_only=True) == []
    assert shop.customers.balance("C") == D("0.00")

    # for every G/L account the invoice and the credit memo net to 0.00
    assert_nets_to_zero(shop, invoiced, cm_no)
    invoice_gl = gl_net(shop, invoiced)
    assert invoice_gl["411000"] == D("260.00")
    assert invoice_gl["445710"] == D("-40.00")
    assert gl_net(shop, cm_no) == {account: -amount for account, amount in invoice_gl.items() if amount}
    assert_gl_balanced(shop)

    # inventory of B is back where it was, at the invoice's cost; the service moved no stock
    assert shop.items.inventory("B") == D("10")
    assert [(e.quantity, e.cost_amount) for e in shop.ledger.item_entries("B")] == [
        (D("10"), D("250.00")), (D("-5"), D("-125.00")), (D("5"), D("125.00"))]
    assert shop.ledger.item_entries("S") == []
    assert_gap_free(shop)


def test_cancelling_again_is_refused(shop, invoiced):
    shop.posted.cancel_invoice(invoiced)
    before = full_state(shop)
    with pytest.raises(SalesDeskError, match="already cancelled"):
        shop.posted.cancel_invoice(invoiced)
    assert_unchanged(shop, before)


@pytest.mark.parametrize("action", ["cancel_invoice", "correct_invoice"])
def test_a_partly_paid_invoice_cannot_be_cancelled_or_corrected(shop, invoiced, action):
    second = post_invoice(shop, ("B", "1"))
    assert shop.posted.invoice(second).amount_incl_vat == D("48.00")
    pay(shop, second, D("10.00"))
    assert entry_of(shop, "C", second).remaining_amount == D("38.00")

    before = full_state(shop)
    with pytest.raises(SalesDeskError, match="paid"):
        getattr(shop.posted, action)(second)
    assert_unchanged(shop, before)
    assert shop.posted.invoice(second).cancelled is False
    assert shop.customers.balance("C") == D("260.00") + D("48.00") - D("10.00")

    # the first, unpaid invoice can still be cancelled
    shop.posted.cancel_invoice(invoiced)
    assert shop.customers.balance("C") == D("38.00")
