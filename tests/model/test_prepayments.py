"""Prepayment before delivery: an order of a customer with Prepayment % waits (Pending
Prepayment) until its prepayment invoice is paid; the final invoices deduct what was prepaid."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError, SalesDeskError
from tests.model.corrections_support import assert_unchanged, full_state
from tests.model.test_posting_support import assert_gl_balanced, gl_by_account

D = Decimal
TODAY = dt.date(2026, 11, 24)


def order_for(shop, pct, quantity="10"):
    shop.customers.create("Retail", no="R", vat_bus_group="DOMESTIC", payment_terms="30D", prepayment_pct=D(pct))
    order = shop.sales.create(DocKind.ORDER, "R")
    shop.sales.add_line(order, "A", D(quantity))  # 10 x 10.00 = 100.00 + 20 % VAT
    return shop.sales.get(DocKind.ORDER, order.no)


def test_shipping_waits_until_the_prepayment_is_paid(shop):
    order = order_for(shop, "100")
    assert order.prepayment_pct == D("100")
    released = shop.sales.release(order)
    assert released.status == "pending_prepayment"
    before = full_state(shop)
    with pytest.raises(PostingError, match="waits for its prepayment of 120.00"):
        shop.sales.post(order, ship=True, invoice=False)
    assert_unchanged(shop, before)

    invoice_no = shop.sales.post_prepayment_invoice(order)
    prepayment = shop.posted.invoice(invoice_no)
    assert (prepayment.amount, prepayment.vat_amount, prepayment.amount_incl_vat) == (D("100.00"), D("20.00"),
                                                                                        D("120.00"))
    assert gl_by_account(shop, invoice_no) == {"411000": D("120.00"), "419100": D("-100.00"), "445710": D("-20.00")}
    state = shop.sales.prepayment(order)
    assert (state.required, state.invoiced, state.paid, state.pending) == (D("120.00"), D("120.00"), D("0"), True)
    with pytest.raises(PostingError, match="120.00 of 120.00 is still unpaid"):
        shop.sales.post(order, ship=True, invoice=False)
    with pytest.raises(SalesDeskError, match="nothing to prepay"):
        shop.sales.post_prepayment_invoice(order)

    shop.payments.register("R", D("100.00"), apply_to=[invoice_no])
    assert shop.sales.release(order).status == "pending_prepayment"  # partly paid: still waits
    shop.payments.register("R", D("20.00"), apply_to=[invoice_no])
    assert shop.sales.release(order).status == "released"

    result = shop.sales.post(order, ship=True, invoice=True)
    final = shop.posted.invoice(result.invoice_no)
    assert final.amount_incl_vat == D("0.00")  # all of it was prepaid
    assert any(line.type == "prepayment" and line.amount == D("-100.00") for line in final.lines)
    assert gl_by_account(shop, result.invoice_no)["419100"] == D("100.00")
    # over both invoices: prepayments account and receivables net to zero, sales and VAT as for a normal sale
    totals = {}
    for no in (invoice_no, result.invoice_no):
        for account, amount in gl_by_account(shop, no).items():
            totals[account] = totals.get(account, D(0)) + amount
    assert totals["419100"] == D("0.00") and totals["707000"] == D("-100.00") and totals["445710"] == D("-20.00")
    assert shop.customers.balance("R") == D("0.00")
    assert_gl_balanced(shop)


def test_a_partial_prepayment_is_deducted_in_proportion_to_what_is_invoiced(shop):
    order = order_for(shop, "30")
    invoice_no = shop.sales.post_prepayment_invoice(order)
    assert shop.posted.invoice(invoice_no).amount_incl_vat == D("36.00")
    shop.payments.register("R", D("36.00"), apply_to="oldest")
    shop.sales.update_line(order, order.lines[0].line_no, qty_to_ship=D("4"))
    first = shop.sales.post(order, ship=True, invoice=True)
    assert shop.posted.invoice(first.invoice_no).amount_incl_vat == D("33.60")  # 48.00 - 14.40
    second = shop.sales.post(order, ship=True, invoice=True)
    assert second.document_deleted
    assert shop.posted.invoice(second.invoice_no).amount_incl_vat == D("50.40")  # 72.00 - 21.60
    assert shop.customers.balance("R") == D("84.00")  # 120.00 billed, 36.00 paid
    vat = sum((e.amount for e in shop.ledger.vat_entries() if e.bill_to_customer_no == "R"), D(0))
    assert vat == D("20.00")
    assert_gl_balanced(shop)


def test_a_prepayment_invoice_cannot_be_cancelled(shop):
    order = order_for(shop, "50")
    invoice_no = shop.sales.post_prepayment_invoice(order)
    with pytest.raises(SalesDeskError, match="prepayment invoice"):
        shop.posted.cancel_invoice(invoice_no)


def test_an_order_without_prepayment_releases_and_ships_as_before(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("1"))
    assert shop.sales.release(order).status == "released"
    with pytest.raises(SalesDeskError, match="no Prepayment"):
        shop.sales.reopen(order) and shop.sales.post_prepayment_invoice(order)
