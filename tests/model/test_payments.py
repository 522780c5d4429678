"""Payments: partial, over- and discounted payments, applying later, unapply, blocked
customers, refunds and the cash receipt journal (all or nothing)."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import PostingError, SalesDeskError, ValidationError
from salesdesk.model.receivables.applications import remaining_from_applications
from tests.model.corrections_support import assert_unchanged, full_state, post_invoice
from tests.model.test_posting_support import assert_gl_balanced, gl_by_account

D = Decimal
TODAY = dt.date(2026, 11, 24)


def entry(desk, document_no, document_type=None):
    (found,) = [e for e in desk.ledger.customer_entries("C") if e.document_no == document_no
                and (e.document_type == document_type if document_type else e.document_type != "payment_discount")]
    return found


def assert_consistent(desk):
    with desk.db.read() as s:
        for no, (remaining, computed) in remaining_from_applications(s).items():
            assert remaining == computed, f"entry {no}: remaining {remaining}, applications say {computed}"
    entries = desk.ledger.customer_entries("C")
    assert desk.customers.balance("C") == sum((e.remaining_amount for e in entries), D(0))
    assert all(e.open == (e.remaining_amount != 0) for e in entries)
    assert_gl_balanced(desk)


@pytest.fixture
def invoice(shop):
    return post_invoice(shop, ("A", "10"))  # 120.00


@pytest.fixture
def discount_shop(shop):
    """C pays within 10 days for 2 % off (BC's payment discount)."""
    shop.setup.add_payment_terms("2P10", due_days=30, discount_days=10, discount_pct=D("2"))
    shop.customers.update("C", payment_terms="2P10")
    return shop


def test_a_partial_payment_leaves_the_rest_open(shop, invoice):
    payment = shop.payments.register("C", D("50.00"), apply_to=[invoice], reference="CHQ 4711",
                                     payment_method="CHEQUE")
    assert entry(shop, invoice).remaining_amount == D("70.00")
    assert entry(shop, invoice).open
    assert (payment.remaining_amount, payment.applied_amount) == (D("0.00"), D("50.00"))
    paid = entry(shop, payment.no)
    assert (paid.document_type, paid.external_document_no, paid.payment_method) == ("payment", "CHQ 4711", "CHEQUE")
    assert shop.customers.balance("C") == D("70.00")
    assert_consistent(shop)


def test_an_overpayment_stays_open_as_a_credit(shop, invoice):
    payment = shop.payments.register("C", D("200.00"), apply_to=[invoice])
    assert not entry(shop, invoice).open
    assert payment.remaining_amount == D("-80.00")
    assert entry(shop, payment.no).open
    assert shop.customers.balance("C") == D("-80.00")
    # the credit settles the next invoice when applied later
    later = post_invoice(shop, ("A", "5"))
    shop.payments.apply(payment.entry_no, [entry(shop, later).entry_no])
    assert entry(shop, later).remaining_amount == D("0.00")
    assert entry(shop, payment.no).remaining_amount == D("-20.00")
    assert_consistent(shop)


def test_a_payment_left_open_is_applied_later_and_unapplied(shop, invoice):
    payment = shop.payments.register("C", D("120.00"))
    assert entry(shop, invoice).open and entry(shop, payment.no).open
    shop.payments.apply(payment.entry_no, [entry(shop, invoice).entry_no])
    assert not entry(shop, invoice).open and not entry(shop, payment.no).open
    shop.payments.unapply(entry(shop, invoice).entry_no)  # from the invoice's side works too
    assert entry(shop, invoice).remaining_amount == D("120.00")
    assert entry(shop, payment.no).remaining_amount == D("-120.00")
    assert_consistent(shop)


def test_the_payment_discount_closes_the_invoice_for_the_discounted_amount(discount_shop):
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "10"))  # 120.00, 2 % = 2.40 until TODAY + 10
    inv = entry(shop, invoice)
    assert (inv.pmt_discount_date, inv.pmt_disc_possible) == (TODAY + dt.timedelta(days=10), D("2.40"))
    payment = shop.payments.register("C", D("117.60"), apply_to=[invoice], posting_date=TODAY + dt.timedelta(days=10))
    assert not entry(shop, invoice).open
    assert payment.discount == D("2.40")
    assert payment.remaining_amount == D("0.00")
    assert shop.customers.balance("C") == D("0.00")
    assert gl_by_account(shop, payment.no) == {"512000": D("117.60"), "411000": D("-120.00"), "665000": D("2.40")}
    assert_consistent(shop)
    # unapply reverses the discount with its G/L; the invoice is open for the full amount
    shop.payments.unapply(payment.entry_no)
    assert entry(shop, invoice).remaining_amount == D("120.00")
    assert entry(shop, payment.no).remaining_amount == D("-117.60")
    assert shop.customers.balance("C") == D("2.40")
    assert gl_by_account(shop, payment.no) == {"512000": D("117.60"), "411000": D("-117.60"), "665000": D("0.00")}
    assert_consistent(shop)
    # applied again (still in time: the payment's date counts) the discount comes back once
    shop.payments.apply(payment.entry_no, [entry(shop, invoice).entry_no])
    assert not entry(shop, invoice).open and shop.customers.balance("C") == D("0.00")
    assert_consistent(shop)


def test_no_discount_after_the_discount_date_or_for_a_short_payment(discount_shop):
    shop = discount_shop
    late_invoice = post_invoice(shop, ("A", "10"))
    late = shop.payments.register("C", D("117.60"), apply_to=[late_invoice],
                                  posting_date=TODAY + dt.timedelta(days=11))
    assert late.discount == D("0") and entry(shop, late_invoice).remaining_amount == D("2.40")
    short_invoice = post_invoice(shop, ("A", "10"))
    short = shop.payments.register("C", D("100.00"), apply_to=[short_invoice])
    assert short.discount == D("0") and entry(shop, short_invoice).remaining_amount == D("20.00")
    assert_consistent(shop)


def test_a_customer_blocked_for_all_cannot_pay_but_invoice_blocked_can(shop, invoice):
    shop.customers.update("C", blocked="all")
    before = full_state(shop)
    with pytest.raises(PostingError) as err:
        shop.payments.register("C", D("10.00"), apply_to=[invoice])
    assert "blocked for all" in str(err.value)
    assert_unchanged(shop, before)
    shop.customers.update("C", blocked="invoice")
    shop.payments.register("C", D("10.00"), apply_to=[invoice])
    assert entry(shop, invoice).remaining_amount == D("110.00")


@pytest.mark.parametrize("kwargs, message", [
    ({"customer_no": "NOPE", "amount": D("1")}, "Customer NOPE does not exist"),
    ({"customer_no": "C", "amount": D("0")}, "Amount must not be 0"),
    ({"customer_no": "C", "amount": D("5"), "apply_to": ["PSI-99999"]}, "is not a posted document"),
    ({"customer_no": "C", "amount": D("5"), "payment_method": "GOLD"}, "Payment method 'GOLD' does not exist"),
])
def test_bad_payments_are_refused_and_write_nothing(shop, invoice, kwargs, message):
    before = full_state(shop)
    customer_no = kwargs.pop("customer_no")
    amount = kwargs.pop("amount")
    with pytest.raises(PostingError) as err:
        shop.payments.register(customer_no, amount, **kwargs)
    assert message in str(err.value)
    assert_unchanged(shop, before)


def test_a_closed_invoice_cannot_be_paid_again(shop, invoice):
    shop.payments.register("C", D("120.00"), apply_to=[invoice])
    with pytest.raises(PostingError, match="already closed"):
        shop.payments.register("C", D("120.00"), apply_to=[invoice])


def test_a_refund_pays_out_a_credit(shop, invoice):
    payment = shop.payments.register("C", D("150.00"), apply_to=[invoice])
    refund = shop.payments.register("C", D("-30.00"), apply_to=[payment.no])
    assert entry(shop, refund.no).document_type == "refund"
    assert not entry(shop, payment.no).open and shop.customers.balance("C") == D("0.00")
    assert gl_by_account(shop, refund.no) == {"512000": D("-30.00"), "411000": D("30.00")}
    assert_consistent(shop)


def test_unapply_of_an_entry_without_applications_is_refused(shop, invoice):
    with pytest.raises(SalesDeskError, match="not applied"):
        shop.payments.unapply(entry(shop, invoice).entry_no)


def test_apply_refuses_same_sign_and_other_customers(shop, invoice):
    shop.customers.create("D", no="D", vat_bus_group="DOMESTIC", payment_terms="30D")
    other = shop.payments.register("D", D("5.00"))
    second = post_invoice(shop, ("A", "1"))
    with pytest.raises(SalesDeskError, match="same sign"):
        shop.payments.apply(entry(shop, invoice).entry_no, [entry(shop, second).entry_no])
    with pytest.raises(SalesDeskError, match="belongs to customer"):
        shop.payments.apply(other.entry_no, [entry(shop, invoice).entry_no])


def test_the_journal_posts_all_lines_or_none(shop, invoice):
    first = shop.payments.add_line(customer_no="C", amount="100", apply_to=invoice, external_document_no="VIR 1")
    assert first.description == "Payment from C" and first.posting_date == TODAY
    second = shop.payments.add_line(customer_no="C", amount="0")
    before = full_state(shop)
    with pytest.raises(PostingError) as err:
        shop.payments.post_journal()
    assert "Line 2: Amount must not be 0" in str(err.value)
    assert_unchanged(shop, before)  # line 1 was not posted either
    shop.payments.update_line(second.id, amount="20,00", apply_to="oldest")
    assert shop.payments.journal_total() == D("120.00")
    payments = shop.payments.post_journal()
    assert [p.no for p in payments] == ["PAY-00001", "PAY-00002"]
    assert shop.payments.journal() == []
    assert not entry(shop, invoice).open
    assert_consistent(shop)


def test_journal_fields_are_checked_as_typed_and_keep_the_line(shop, invoice):
    line = shop.payments.add_line(customer_no="C", amount="10")
    with pytest.raises(ValidationError) as err:
        shop.payments.update_line(line.id, amount="ten", posting_date="32/13/2026", apply_to="PSI-77777")
    assert set(err.value.errors) == {"amount", "posting_date", "apply_to"}
    (kept,) = shop.payments.journal()
    assert kept.amount == D("10.00") and kept.apply_to == ""
    with pytest.raises(ValidationError, match="does not exist"):
        shop.payments.update_line(line.id, customer_no="NOPE")
    shop.payments.delete_line(line.id)
    assert shop.payments.journal() == []


def test_a_discount_entry_is_not_unapplied_on_its_own(discount_shop):
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "10"))
    payment = shop.payments.register("C", D("117.60"), apply_to=[invoice])
    shop.payments.unapply(payment.entry_no)
    for discount in [e for e in shop.ledger.customer_entries("C") if e.document_type == "payment_discount"]:
        with pytest.raises(SalesDeskError, match="undone with its payment"):
            shop.payments.unapply(discount.entry_no)
    assert_consistent(shop)


def test_amounts_finer_than_a_cent_are_refused(shop, invoice):
    with pytest.raises(PostingError, match="more than 2 decimals"):
        shop.payments.register("C", D("10.005"), apply_to=[invoice])


def test_no_discount_when_the_payment_would_pay_nothing(discount_shop):
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "10"))
    shop.payments.register("C", D("118.00"), apply_to=[invoice],  # late: no discount, 2.00 left (< 2.40)
                           posting_date=TODAY + dt.timedelta(days=20))
    small = shop.payments.register("C", D("0.01"), apply_to=[invoice])
    assert small.discount == D("0") and entry(shop, invoice).remaining_amount == D("1.99")
