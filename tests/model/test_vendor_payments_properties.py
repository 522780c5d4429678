"""Properties of vendor payments over random steps for two vendors: invoices (written as
purchase posting writes them: negative, we owe); payments (partial, exact, over) left open, to
the oldest or to one invoice; refunds of open advances; applying an open payment to open
invoices (refused for a same-sign or another vendor's target, writing nothing); unapplying from
either side (refused when nothing is applied). Each step checks its effect.

After every step: remaining == amount - applied to it + applied by it; the sum of remaining
amounts == the sum of amounts == minus the balance (what we owe); an entry is open exactly when
something remains, never beyond its amount nor of the other sign; every G/L transaction
balances and 401000 holds exactly the payments less the refunds.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.model import Desk, SalesDeskError
from salesdesk.model.receivables.applications import VENDOR, remaining_from_applications

from .corrections_support import assert_unchanged, full_state
from .rows import add_vendor_entry
from .test_posting_support import assert_gl_balanced

D = Decimal
TODAY = dt.date(2026, 11, 24)
VENDORS = ("V1", "V2")
STEPS = ("invoice", "pay", "pay", "refund", "apply", "unapply", "unapply")
MODES = ("partial", "exact", "over", "open", "oldest")
step_strategy = st.tuples(st.sampled_from(STEPS), st.integers(0, 1), st.integers(0, 7), st.integers(0, 9),
                          st.sampled_from(MODES))


def entries(desk, vendor_no):
    return desk.ledger.vendor_entries(vendor_no)


def expect_refusal(desk, call, *args) -> None:
    before = full_state(desk)
    try:
        call(*args)
    except SalesDeskError:
        pass
    else:
        raise AssertionError(f"{call.__name__}{args} should have been refused")
    assert_unchanged(desk, before)


def step_invoice(desk, state, v, pick, day, _mode):
    state["n"] += 1
    amount = D(pick * 37 + 12) + D("0.45")
    add_vendor_entry(desk, v, -amount, document_no=f"PPI-{state['n']:05d}",
                     posting_date=TODAY - dt.timedelta(days=day * 9), due_date=TODAY + dt.timedelta(days=30 - day * 9))


def step_pay(desk, state, v, pick, day, mode):
    invoices = [e for e in entries(desk, v) if e.open and e.remaining_amount < 0]
    if mode in ("partial", "exact", "over") and not invoices:
        return
    target = invoices[pick % len(invoices)] if invoices else None
    owed = -target.remaining_amount if target else D("10.00")
    amount = {"partial": max((owed / 3).quantize(D("0.01")), D("0.01")), "over": owed + D("5.00")}.get(mode, owed)
    apply_to = None if mode == "open" else "oldest" if mode == "oldest" else [target.document_no]
    payment = desk.payments.register_vendor(v, amount, apply_to=apply_to)
    state["paid"] += amount
    if mode in ("partial", "exact", "over"):
        after = next(e for e in entries(desk, v) if e.entry_no == target.entry_no)
        assert after.remaining_amount == min(target.remaining_amount + amount, D(0))
        assert payment.remaining_amount == max(amount - owed, D(0))
    if mode == "open":
        assert payment.remaining_amount == amount and not payment.applied


def step_refund(desk, state, v, pick, _day, _mode):
    advances = [e for e in entries(desk, v) if e.open and e.remaining_amount > 0]
    if not advances:
        return
    target = advances[pick % len(advances)]
    desk.payments.register_vendor(v, -target.remaining_amount, apply_to=[target.document_no])
    state["paid"] -= target.remaining_amount
    assert next(e for e in entries(desk, v) if e.entry_no == target.entry_no).open is False


def step_apply(desk, state, v, pick, day, _mode):
    mine = entries(desk, v)
    payments = [e for e in mine if e.open and e.remaining_amount > 0]
    invoices = [e for e in mine if e.open and e.remaining_amount < 0]
    other = [e for e in entries(desk, VENDORS[1 - VENDORS.index(v)]) if e.open and e.remaining_amount < 0]
    if not payments:
        return
    payment = payments[pick % len(payments)]
    if day % 4 == 0 and other:
        expect_refusal(desk, desk.payments.apply_vendor, payment.entry_no, [other[0].entry_no])
    elif day % 4 == 1 and len(payments) > 1:
        expect_refusal(desk, desk.payments.apply_vendor, payment.entry_no, [payments[pick % len(payments) - 1].entry_no])
    elif invoices:
        after = desk.payments.apply_vendor(payment.entry_no, [e.entry_no for e in invoices])
        owed = -sum(e.remaining_amount for e in invoices)
        assert after.remaining_amount == max(payment.remaining_amount - owed, D(0))


def step_unapply(desk, state, v, pick, _day, _mode):
    mine = entries(desk, v)
    if not mine:
        return
    target = mine[pick % len(mine)]
    applied = target.remaining_amount != target.amount
    try:
        desk.payments.unapply_vendor(target.entry_no)
    except SalesDeskError:
        pass  # nothing it made nor was made to it (a closed payment unapplied from its invoice: fine)
    after = next(e for e in entries(desk, v) if e.entry_no == target.entry_no)
    if applied and target.document_type == "payment":
        assert after.remaining_amount == after.amount  # everything a payment made is undone


STEP_FUNCTIONS = {name: globals()[f"step_{name}"] for name in set(STEPS)}


def check_invariants(desk, state) -> None:
    with desk.db.read() as s:
        pairs = remaining_from_applications(s, VENDOR)
    assert all(remaining == computed for remaining, computed in pairs.values()), pairs
    for v in VENDORS:
        mine = entries(desk, v)
        assert sum(e.remaining_amount for e in mine) == sum(e.amount for e in mine) == -desk.vendors.balance(v)
        for e in mine:
            assert e.open == (e.remaining_amount != 0), e
            assert abs(e.remaining_amount) <= abs(e.amount) and e.remaining_amount * e.amount >= 0, e
    if desk.ledger.gl_entries():
        assert_gl_balanced(desk)
    payables = sum((g.amount for g in desk.ledger.gl_entries() if g.account_no == "401000"), D(0))
    assert payables == state["paid"]


@settings(max_examples=int(os.environ.get("PAYMENT_PROPERTY_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(opening=st.lists(st.tuples(st.just("invoice"), st.integers(0, 1), st.integers(0, 7), st.integers(0, 9),
                                  st.just("")), min_size=1, max_size=3),
       steps=st.lists(step_strategy, min_size=3, max_size=16))
def test_random_vendor_payments_keep_the_vendor_ledger_consistent(tmp_path_factory, opening, steps):
    desk = Desk.open(tmp_path_factory.mktemp("vpay") / "t.db", clock=lambda: TODAY)
    for v in VENDORS:
        desk.vendors.create(f"Vendor {v}", no=v)
    state = {"n": 0, "paid": D(0)}
    try:
        for name, who, pick, day, mode in opening + steps:
            STEP_FUNCTIONS[name](desk, state, VENDORS[who], pick, day, mode)
            check_invariants(desk, state)
    finally:
        desk.close()
