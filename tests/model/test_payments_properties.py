"""Properties of payments, over random steps for one or two customers (K: 2 % discount within
10 days; C: 30 days net) after one to three opening invoices: invoices dated around today;
credit memos returning part of an open invoice, applied to it; cancelling an invoice (refused
once paid, credited, returned or cancelled); payments (partial, exact, exact less the
discount, over, a cent) left open, to the oldest or to one document, in or after the discount
period; paying a closed invoice (refused); refunds of open credits; applying an open credit and
debit from either side (refused for a same-sign or another customer's target); unapplying
(refused when nothing is applied). Each step checks its effect; a refusal writes nothing.

After every step: remaining == amount - applied to it + applied by it; balance == sum of
remaining == invoices - credit memos - payments + refunds - discounts on the G/L; an entry is
open exactly when something remains, never beyond its amount nor of the other sign, and a
discount entry never is; every G/L transaction balances; 411000 == the balances together.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from salesdesk.model import Desk, DocKind, SalesDeskError
from salesdesk.model.receivables.applications import remaining_from_applications
from salesdesk.model.tables import CustApplication

from .corrections_support import assert_unchanged, full_state
from .test_posting_support import assert_gl_balanced

D = Decimal
TODAY = dt.date(2026, 11, 24)
CENT = D("0.01")
STEPS = ("invoice", "credit", "cancel", "pay", "refund", "apply", "unapply")
MODES = ("partial", "exact", "discount", "over", "tiny", "closed")
# one step: (name, customer, pick, pick2, day, mode); payments, applications and unapply twice as often
step_strategy = st.tuples(st.sampled_from(STEPS + ("pay", "refund", "apply", "unapply")), st.integers(0, 1),
                          st.integers(0, 7), st.integers(0, 7), st.integers(0, 16), st.sampled_from(MODES))
opening_strategy = st.tuples(st.just("invoice"), st.integers(0, 1), st.integers(0, 7), st.just(0),
                             st.integers(0, 6), st.just(""))


def new_shop(path, customers) -> Desk:
    desk = Desk.open(path, clock=lambda: TODAY)
    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.setup.add_payment_terms("2P10", due_days=30, discount_days=10, discount_pct=D("2"))
    for no in customers:
        desk.customers.create(no, no=no, payment_terms="2P10" if no == "K" else "30D")
    desk.items.create("A", no="A", unit_price=D("10.00"), unit_cost=D("6.00"), vat_prod_group="STD")
    desk.items.adjust("A", D("1000"), unit_cost=D("6.00"))
    return desk


class Model:
    def __init__(self, customers):
        self.customers = customers
        self.posted = {c: D(0) for c in customers}  # invoices - credit memos - payments + refunds
        self.quantity: dict[str, Decimal] = {}  # invoice no. -> quantity invoiced
        self.returned: dict[str, Decimal] = defaultdict(lambda: D(0))
        self.cancelled: set[str] = set()


def entries(desk, c):
    return desk.ledger.customer_entries(c)


def entry(desk, entry_no):
    return next(e for c in ("C", "K") for e in entries(desk, c) if e.entry_no == entry_no)


def open_entries(desk, c, sign):
    return [e for e in entries(desk, c) if e.open and (e.remaining_amount > 0) == (sign > 0)]


def expect_refusal(desk, call, *args, **kwargs) -> None:
    before = full_state(desk)
    try:
        call(*args, **kwargs)
    except SalesDeskError:
        pass
    else:
        raise AssertionError(f"{getattr(call, '__name__', call)}{args} {kwargs} should have been refused")
    assert_unchanged(desk, before)


def eligible_discount(target, paying_type: str, paying_date: dt.date) -> Decimal:
    """The discount a payment of that date earns if it settles the rest of ``target``."""
    if (paying_type != "payment" or target.pmt_disc_possible <= 0 or target.pmt_discount_date is None
            or paying_date > target.pmt_discount_date):
        return D(0)
    return min(target.pmt_disc_possible, target.remaining_amount)


def amount_for(mode: str, base: Decimal, disc: Decimal) -> Decimal:
    return {"partial": max((base / 2).quantize(CENT), CENT), "over": base + D("15.00"), "tiny": CENT,
            "discount": base - disc if base > disc else base}.get(mode, base)


def application_pairs(desk) -> dict[tuple[int, int], Decimal]:
    """{(applying entry, applied-to entry): net amount} for the pairs still applied."""
    with desk.db.read() as s:
        rows = s.execute(select(CustApplication.entry_no, CustApplication.applied_to_entry_no,
                                func.sum(CustApplication.amount))
                         .group_by(CustApplication.entry_no, CustApplication.applied_to_entry_no)).all()
    return {(a, b): amount for a, b, amount in rows if amount}


# -- the steps ---------------------------------------------------------------------------------


def step_invoice(desk, model, c, pick, _pick2, day, _mode):
    date = TODAY + dt.timedelta(days=day % 7 - 3)
    doc = desk.sales.create(DocKind.INVOICE, c, posting_date=date, document_date=date)
    desk.sales.add_line(doc, "A", D(pick + 1))
    no = desk.sales.post(doc).invoice_no
    amount = desk.posted.invoice(no).amount_incl_vat
    model.posted[c] += amount
    model.quantity[no] = D(pick + 1)
    (e,) = [e for e in entries(desk, c) if e.document_no == no]
    assert (e.amount, e.remaining_amount, e.open) == (amount, amount, True)
    if c == "K":
        assert (e.pmt_discount_date, e.pmt_disc_possible) == (date + dt.timedelta(days=10), (amount / 50).quantize(CENT))


def step_credit(desk, model, c, pick, pick2, _day, _mode):
    invoices = [e for e in open_entries(desk, c, 1) if e.document_type == "invoice"]
    if not invoices:
        return
    target = invoices[pick % len(invoices)]
    no = target.document_no
    left = D(0) if no in model.cancelled else model.quantity[no] - model.returned[no]
    memo = desk.sales.create(DocKind.CREDIT_MEMO, c, applies_to_doc_no=no)
    try:
        desk.sales.get_posted_lines_to_reverse(memo, "invoice", no)
    except SalesDeskError:
        assert left == 0, f"{no} still has {left} to return"
        desk.sales.delete(memo)
        return
    (line,) = desk.sales.get(DocKind.CREDIT_MEMO, memo.no).lines
    assert line.quantity == left
    qty = min(D(pick2 % 4 + 1), line.quantity)
    if qty != line.quantity:
        desk.sales.update_line(memo, line.line_no, quantity=qty)
    memo_no = desk.sales.post(memo).credit_memo_no
    amount = desk.posted.credit_memo(memo_no).amount_incl_vat
    model.posted[c] -= amount
    model.returned[no] += qty
    (cm,) = [e for e in entries(desk, c) if e.document_no == memo_no]
    assert entry(desk, target.entry_no).remaining_amount == max(target.remaining_amount - amount, D(0))
    assert cm.remaining_amount == -max(amount - target.remaining_amount, D(0))


def step_cancel(desk, model, c, pick, _pick2, _day, _mode):
    invoices = [e for e in entries(desk, c) if e.document_type == "invoice"]
    if not invoices:
        return
    target = invoices[pick % len(invoices)]
    if target.remaining_amount != target.amount or target.document_no in model.cancelled \
            or model.returned[target.document_no]:  # paid, credited, cancelled or returned: refused
        expect_refusal(desk, desk.posted.cancel_invoice, target.document_no)
        return
    memo_no = desk.posted.cancel_invoice(target.document_no)
    model.cancelled.add(target.document_no)
    model.posted[c] -= desk.posted.credit_memo(memo_no).amount_incl_vat
    assert not entry(desk, target.entry_no).open


def step_pay(desk, model, c, pick, pick2, day, mode):
    date = TODAY + dt.timedelta(days=day - 2)
    if mode == "closed":
        closed = [e for e in entries(desk, c) if e.document_type == "invoice" and not e.open]
        if closed:
            expect_refusal(desk, desk.payments.register, c, D("10.00"), posting_date=date,
                           apply_to=[closed[pick % len(closed)].document_no])
        return
    debits = sorted(open_entries(desk, c, 1), key=lambda e: (e.posting_date, e.entry_no))  # oldest first
    how = pick2 % 3  # left open, to the oldest, to one document
    target = (debits[pick % len(debits)] if how == 2 else debits[0]) if debits else None
    base = target.remaining_amount if target else D("50.00")
    disc = eligible_discount(target, "payment", date) if target else D(0)
    amount = amount_for(mode, base, disc)
    apply_to = [None, "oldest", [target.document_no] if target else None][how]
    payment = desk.payments.register(c, amount, posting_date=date, apply_to=apply_to)
    model.posted[c] -= amount
    if apply_to is None or target is None:
        assert (payment.remaining_amount, payment.applied) == (-amount, ())
    elif amount >= base - disc:  # settles it, with the discount when in time
        assert not entry(desk, target.entry_no).open and payment.applied[0].discount == disc, payment
    else:
        assert entry(desk, target.entry_no).remaining_amount == base - amount, payment
        assert payment.discount == payment.remaining_amount == 0, payment


def step_refund(desk, model, c, pick, _pick2, day, mode):
    date = TODAY + dt.timedelta(days=day - 2)
    credits = [e for e in open_entries(desk, c, -1) if e.document_type in ("payment", "credit_memo")]
    if not credits:  # a refund on account stays open as a debit
        assert desk.payments.register(c, D("-5.00"), posting_date=date).remaining_amount == D("5.00")
        model.posted[c] += D("5.00")
        return
    target = credits[pick % len(credits)]
    base = -target.remaining_amount
    amount = amount_for(mode, base, D(0))
    refund = desk.payments.register(c, -amount, posting_date=date, apply_to=[target.document_no])
    model.posted[c] += amount
    assert entry(desk, target.entry_no).remaining_amount == -max(base - amount, D(0))
    assert refund.remaining_amount == max(amount - base, D(0)) and refund.discount == 0


def step_apply(desk, model, c, pick, pick2, _day, mode):
    credits, debits = open_entries(desk, c, -1), open_entries(desk, c, 1)
    if mode == "discount":  # mostly a payment applying, which may take the discount
        credits, pick2 = [e for e in credits if e.document_type == "payment"] or credits, 1
    if pick2 % 4 == 0:  # a same-sign or another customer's entry among the targets: refused
        others = [e for o in model.customers if o != c for e in entries(desk, o) if e.open]
        for side, opposite in ((credits, debits), (debits, credits)):
            bad = side[1:] + others
            if side and bad:
                targets = [e.entry_no for e in opposite[:1]] + [bad[pick % len(bad)].entry_no]
                expect_refusal(desk, desk.payments.apply, side[0].entry_no, targets)
        return
    if not credits or not debits:
        return
    credit, debit = credits[pick % len(credits)], debits[(pick + pick2) % len(debits)]
    applier, other = (credit, debit) if pick2 % 2 else (debit, credit)
    disc = eligible_discount(debit, credit.document_type, credit.posting_date) if applier is credit else D(0)
    desk.payments.apply(applier.entry_no, [other.entry_no])
    c_after, d_after = entry(desk, credit.entry_no), entry(desk, debit.entry_no)
    before = credit.remaining_amount + debit.remaining_amount
    if disc and -credit.remaining_amount >= debit.remaining_amount - disc:
        assert not d_after.open and c_after.remaining_amount == before - disc, (c_after, d_after)
    else:
        assert c_after.remaining_amount + d_after.remaining_amount == before
        assert not (c_after.open and d_after.open), (c_after, d_after)


def step_unapply(desk, model, c, pick, pick2, _day, _mode):
    pairs = application_pairs(desk)
    applied = {n for p in pairs for n in p}
    candidates = entries(desk, c)
    if pick2 % 4 and any(e.entry_no in applied for e in candidates):  # mostly entries that are applied
        candidates = [e for e in candidates if e.entry_no in applied]
    if not candidates:
        return
    target = candidates[pick % len(candidates)]
    discounts = {e.entry_no for e in entries(desk, c) if e.source_entry_no == target.entry_no}
    made = [p for p in pairs if p[0] == target.entry_no or p[0] in discounts]
    received = [p for p in pairs if p[1] == target.entry_no]
    if (not made and not received) or target.document_type == "payment_discount":
        expect_refusal(desk, desk.payments.unapply, target.entry_no)  # a discount goes with its payment
        return
    desk.payments.unapply(target.entry_no)  # what it applied, or else what was applied to it
    after = application_pairs(desk)
    assert not any(p in after for p in (made or received)), after
    if not made:
        assert entry(desk, target.entry_no).remaining_amount == target.amount


# -- the invariants ----------------------------------------------------------------------------


def check_invariants(desk, model) -> None:
    with desk.db.read() as s:
        for no, (remaining, computed) in remaining_from_applications(s).items():
            assert remaining == computed, f"entry {no}: remaining {remaining}, applications say {computed}"
    assert_gl_balanced(desk)
    gl = desk.ledger.gl_entries()
    total = D(0)
    for c in model.customers:
        found = entries(desk, c)
        balance = desk.customers.balance(c)
        discounts = sum((g.amount for g in gl if g.account_no == "665000" and g.source_no == c), D(0))
        assert balance == sum((e.remaining_amount for e in found), D(0)) == model.posted[c] - discounts, c
        for e in found:
            assert e.open == (e.remaining_amount != 0), e
            assert e.remaining_amount * e.amount >= 0 and abs(e.remaining_amount) <= abs(e.amount), e
            assert not (e.open and e.document_type == "payment_discount"), e
        total += balance
    assert sum((g.amount for g in gl if g.account_no == "411000"), D(0)) == total


STEP_FUNCTIONS = {name: globals()[f"step_{name}"] for name in STEPS}


@settings(max_examples=int(os.environ.get("PAYMENT_PROPERTY_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(customers=st.sampled_from([("K",), ("C", "K")]), opening=st.lists(opening_strategy, min_size=1, max_size=3),
       steps=st.lists(step_strategy, min_size=3, max_size=20))
def test_random_payments_keep_the_customer_ledger_consistent(tmp_path_factory, customers, opening, steps):
    desk = new_shop(tmp_path_factory.mktemp("pay") / "t.db", customers)
    model = Model(customers)
    try:
        for name, who, pick, pick2, day, mode in opening + steps:
            STEP_FUNCTIONS[name](desk, model, customers[who % len(customers)], pick, pick2, day, mode)
            check_invariants(desk, model)
    finally:
        desk.close()
