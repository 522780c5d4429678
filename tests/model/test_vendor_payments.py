"""Vendor payments (issue 20, §11.3 and §11.7 step 6): a payment applied to a vendor invoice
closes it with G/L payables / bank, unapply restores it; partial and oldest-first payments,
blocked vendors, gap-free numbers, applying later, aged payables and the vendor balance."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import SalesDeskError
from salesdesk.model.core.errors import PostingError
from salesdesk.model.receivables.applications import VENDOR, remaining_from_applications
from tests.model.rows import TODAY, add_vendor_entry
from tests.model.test_posting_support import assert_gl_balanced, db_state, gl_by_account

D = Decimal


@pytest.fixture
def vendor(desk):
    return desk.vendors.create("Papeterie Lefèvre", no="V1")


def entry(desk, vendor_no, entry_no):
    return next(e for e in desk.ledger.vendor_entries(vendor_no) if e.entry_no == entry_no)


def assert_remaining_consistent(desk):
    with desk.db.read() as s:
        pairs = remaining_from_applications(s, VENDOR)
    assert all(remaining == computed for remaining, computed in pairs.values()), pairs


def test_payment_of_96_closes_the_invoice_and_unapply_restores_it(desk, vendor):
    invoice = add_vendor_entry(desk, "V1", D("-96.00"), document_no="PPI-00001")
    assert desk.vendors.balance("V1") == D("96.00")

    payment = desk.payments.register_vendor("V1", "96.00", apply_to=["PPI-00001"])

    assert payment.no == "VPAY-00001"
    assert payment.amount == D("96.00") and payment.remaining_amount == D("0.00")
    assert payment.applied_amount == D("-96.00")
    closed = entry(desk, "V1", invoice)
    assert (closed.remaining_amount, closed.open) == (D("0.00"), False)
    paid = entry(desk, "V1", payment.entry_no)
    assert (paid.document_type, paid.amount, paid.remaining_amount, paid.open) == ("payment", D("96.00"), 0, False)
    assert gl_by_account(desk, "VPAY-00001") == {"401000": D("96.00"), "512000": D("-96.00")}
    assert_gl_balanced(desk)
    assert desk.vendors.balance("V1") == D("0.00")

    desk.payments.unapply_vendor(payment.entry_no)

    reopened = entry(desk, "V1", invoice)
    assert (reopened.remaining_amount, reopened.open) == (D("-96.00"), True)
    assert entry(desk, "V1", payment.entry_no).remaining_amount == D("96.00")
    assert desk.vendors.balance("V1") == D("0.00")  # the payment is still posted: an advance
    assert_remaining_consistent(desk)


def test_partial_payment_leaves_the_rest_owed(desk, vendor):
    invoice = add_vendor_entry(desk, "V1", D("-96.00"), document_no="PPI-00001")
    payment = desk.payments.register_vendor("V1", D("40.00"), apply_to="PPI-00001")
    assert entry(desk, "V1", invoice).remaining_amount == D("-56.00")
    assert entry(desk, "V1", invoice).open
    assert payment.remaining_amount == D("0.00")
    assert desk.vendors.balance("V1") == D("56.00")
    assert_remaining_consistent(desk)


def test_overpayment_stays_open_as_an_advance(desk, vendor):
    add_vendor_entry(desk, "V1", D("-30.00"), document_no="PPI-00001")
    payment = desk.payments.register_vendor("V1", D("50.00"), apply_to=["PPI-00001"])
    assert payment.remaining_amount == D("20.00")
    assert desk.vendors.balance("V1") == D("-20.00")


def test_oldest_first(desk, vendor):
    older = add_vendor_entry(desk, "V1", D("-30.00"), document_no="PPI-00001",
                             posting_date=TODAY - dt.timedelta(days=10))
    newer = add_vendor_entry(desk, "V1", D("-50.00"), document_no="PPI-00002")
    desk.payments.register_vendor("V1", D("60.00"), apply_to="oldest")
    assert entry(desk, "V1", older).open is False
    assert entry(desk, "V1", newer).remaining_amount == D("-20.00")


def test_payment_method_account_takes_the_money(desk, vendor):
    add_vendor_entry(desk, "V1", D("-10.00"), document_no="PPI-00001")
    payment = desk.payments.register_vendor("V1", D("10.00"), apply_to=["PPI-00001"], payment_method="CASH",
                                            reference="CHQ 42", posting_date=TODAY - dt.timedelta(days=1))
    assert gl_by_account(desk, payment.no) == {"401000": D("10.00"), "530000": D("-10.00")}
    paid = entry(desk, "V1", payment.entry_no)
    assert (paid.external_document_no, paid.payment_method, paid.posting_date) == (
        "CHQ 42", "CASH", TODAY - dt.timedelta(days=1))


@pytest.mark.parametrize("blocked, shown", [("payment", "Payment"), ("all", "All")])
def test_blocked_vendor_is_refused_writing_nothing(desk, vendor, blocked, shown):
    add_vendor_entry(desk, "V1", D("-96.00"), document_no="PPI-00001")
    desk.vendors.update("V1", blocked=blocked)
    before = db_state(desk)
    with pytest.raises(PostingError) as refused:
        desk.payments.register_vendor("V1", D("96.00"), apply_to=["PPI-00001"])
    assert (f"You cannot post this type of document when Vendor V1 is blocked with type {shown}."
            in refused.value.problems)
    assert db_state(desk) == before


def test_every_problem_at_once_and_nothing_written(desk, vendor):
    before = db_state(desk)
    with pytest.raises(PostingError) as refused:
        desk.payments.register_vendor("V1", D("0.001"), apply_to=["PPI-NOPE"], payment_method="NOPE")
    text = " ".join(refused.value.problems)
    assert "more than 2 decimals" in text and "Payment method 'NOPE'" in text
    assert "Applies-to PPI-NOPE is not a posted document of vendor V1." in text
    with pytest.raises(PostingError, match="Vendor NOBODY does not exist"):
        desk.payments.register_vendor("NOBODY", D("1.00"))
    assert db_state(desk) == before


def test_numbers_are_gap_free(desk, vendor):
    desk.vendors.create("Bloqué SA", no="V2", blocked="all")
    with pytest.raises(PostingError):
        desk.payments.register_vendor("V2", D("5.00"))
    nos = [desk.payments.register_vendor("V1", D("5.00")).no for _ in range(3)]
    assert nos == ["VPAY-00001", "VPAY-00002", "VPAY-00003"]


def test_apply_later_and_unapply_from_the_invoice(desk, vendor):
    first = add_vendor_entry(desk, "V1", D("-70.00"), document_no="PPI-00001")
    second = add_vendor_entry(desk, "V1", D("-30.00"), document_no="PPI-00002")
    payment = desk.payments.register_vendor("V1", D("80.00"))
    assert payment.remaining_amount == D("80.00") and not payment.applied

    applied = desk.payments.apply_vendor(payment.entry_no, [first, second])

    assert applied.remaining_amount == D("0.00") and not applied.open
    assert entry(desk, "V1", first).open is False
    assert entry(desk, "V1", second).remaining_amount == D("-20.00")
    desk.payments.unapply_vendor(first)  # made to it: undone from its side
    assert entry(desk, "V1", first).remaining_amount == D("-70.00")
    assert entry(desk, "V1", payment.entry_no).remaining_amount == D("70.00")
    assert_remaining_consistent(desk)


def test_apply_refusals_name_the_entry(desk, vendor):
    desk.vendors.create("Autre SARL", no="V2")
    invoice = add_vendor_entry(desk, "V1", D("-10.00"), document_no="PPI-00001")
    other = add_vendor_entry(desk, "V2", D("-10.00"), document_no="PPI-00002")
    payment = desk.payments.register_vendor("V1", D("10.00"))
    with pytest.raises(SalesDeskError, match=f"Entry {other} belongs to vendor V2, not V1"):
        desk.payments.apply_vendor(payment.entry_no, [other])
    with pytest.raises(SalesDeskError, match="same sign"):
        desk.payments.apply_vendor(payment.entry_no, [payment.entry_no])
    with pytest.raises(SalesDeskError, match="Vendor ledger entry 999 does not exist"):
        desk.payments.apply_vendor(999, [invoice])
    with pytest.raises(SalesDeskError, match="not applied to any entry"):
        desk.payments.unapply_vendor(invoice)
    with pytest.raises(SalesDeskError, match="Vendor ledger entry 999 does not exist"):
        desk.payments.unapply_vendor(999)


def test_aged_payables_buckets(desk, vendor):
    desk.vendors.create("Atelier Dubois", no="V2")
    add_vendor_entry(desk, "V1", D("-100.00"), document_no="A", due_date=TODAY + dt.timedelta(days=5))
    add_vendor_entry(desk, "V1", D("-20.00"), document_no="B", due_date=TODAY - dt.timedelta(days=10))
    add_vendor_entry(desk, "V1", D("-30.00"), document_no="C", due_date=TODAY - dt.timedelta(days=45))
    add_vendor_entry(desk, "V2", D("-40.00"), document_no="D", due_date=TODAY - dt.timedelta(days=75))
    add_vendor_entry(desk, "V2", D("-50.00"), document_no="E", due_date=TODAY - dt.timedelta(days=120))
    desk.payments.register_vendor("V2", D("5.00"))  # an advance, due today: current, lowers what we owe

    aged = desk.payables.aged_balance(TODAY)

    assert aged.rows == [
        ("V1", "Papeterie Lefèvre", D("150.00"), D("100.00"), D("20.00"), D("30.00"), D("0.00"), D("0.00")),
        ("V2", "Atelier Dubois", D("85.00"), D("-5.00"), D("0.00"), D("0.00"), D("40.00"), D("50.00")),
    ]
    assert aged.totals == (D("235.00"), D("95.00"), D("20.00"), D("30.00"), D("40.00"), D("50.00"))
    assert desk.payables.aged_totals(TODAY) == aged.totals
    assert desk.payables.aged(TODAY) == aged
    assert desk.payables.aged_page("", 0, 10, as_of=TODAY) == aged.rows
    assert desk.payables.aged_count(as_of=TODAY) == 2
    assert desk.payables.aged_count(as_of=TODAY, overdue_only=True) == 2
    assert [r[0] for r in desk.payables.aged_page("dubois", as_of=TODAY)] == ["V2"]


def test_vendor_entries_and_balance(desk, vendor):
    add_vendor_entry(desk, "V1", D("-96.00"), document_no="PPI-00001")
    desk.payments.register_vendor("V1", D("40.00"), apply_to=["PPI-00001"])
    entries = desk.ledger.vendor_entries("V1")
    assert [(e.document_type, e.amount, e.remaining_amount) for e in entries] == [
        ("invoice", D("-96.00"), D("-56.00")), ("payment", D("40.00"), D("0.00"))]
    assert [e.document_no for e in desk.ledger.vendor_entries("V1", open_only=True)] == ["PPI-00001"]
    assert desk.vendors.balance("V1") == D("56.00")
    assert [e.document_no for e in desk.payments.open_vendor_entries("V1", sign=-1)] == ["PPI-00001"]
