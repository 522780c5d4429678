"""S14. Payments applied to invoices.

Two posted invoices for C: 120.00 (older) and 60.00. Register a payment of 150.00 applied to
oldest: the first invoice is closed, the second has 30.00 remaining, the payment is closed.
Balance 30.00. Unapply the payment: both invoices are fully open again and the payment is open
with -150.00 remaining; balance 30.00 still.
"""

import datetime as dt
from decimal import Decimal

from tests.model.corrections_support import post_invoice
from tests.model.test_posting_support import assert_gl_balanced, gl_by_account

D = Decimal
TODAY = dt.date(2026, 11, 24)


def _entries(shop):
    return {e.document_no: e for e in shop.ledger.customer_entries("C")}


def test_s14_payment_applied_to_oldest_then_unapplied(shop):
    older = post_invoice(shop, ("A", "10"), posting_date=TODAY - dt.timedelta(days=20))
    newer = post_invoice(shop, ("A", "5"))
    assert shop.posted.invoice(older).amount_incl_vat == D("120.00")
    assert shop.posted.invoice(newer).amount_incl_vat == D("60.00")

    payment = shop.payments.register("C", D("150.00"), apply_to="oldest")

    entries = _entries(shop)
    assert (entries[older].remaining_amount, entries[older].open) == (D("0.00"), False)
    assert (entries[newer].remaining_amount, entries[newer].open) == (D("30.00"), True)
    assert (entries[payment.no].amount, entries[payment.no].remaining_amount) == (D("-150.00"), D("0.00"))
    assert entries[payment.no].open is False
    assert [(a.document_no, a.applied) for a in payment.applied] == [(older, D("120.00")), (newer, D("30.00"))]
    assert shop.customers.balance("C") == D("30.00")
    # the payment's G/L: bank debit, receivables credit, summing to zero
    assert gl_by_account(shop, payment.no) == {"512000": D("150.00"), "411000": D("-150.00")}
    assert_gl_balanced(shop)

    shop.payments.unapply(payment.entry_no)

    entries = _entries(shop)
    assert (entries[older].remaining_amount, entries[older].open) == (D("120.00"), True)
    assert (entries[newer].remaining_amount, entries[newer].open) == (D("60.00"), True)
    assert (entries[payment.no].remaining_amount, entries[payment.no].open) == (D("-150.00"), True)
    assert shop.customers.balance("C") == D("30.00")
    assert sum(e.remaining_amount for e in entries.values()) == D("30.00")
