"""Properties of payments, over random sequences of invoices, credit memos, cancellations,
payments, refunds, applications and unapplications, for one or two customers (K has 2 %
payment discount within 10 days, C has plain 30-day terms).

Each step says what it must do (how much stays open, whether the discount is taken, whether
it is refused; a refusal must write nothing at all). After every step:
- each entry's remaining amount == its amount minus / plus its applications;
- customer balance == sum of remaining amounts == invoices - credit memos - payments +
  refunds as posted, less the payment discounts on the G/L;
- an entry is open exactly when something remains, never more than its amount nor of the
  other sign;
- every G/L transaction sums to zero and 411000 equals the customers' balances together.
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
from salesdesk.model.applications import remaining_from_applications
from salesdesk.model.tables import CustApplication, CustLedgerEntry

from .corrections_support import assert_unchanged, full_state
from .test_posting_support import assert_gl_balanced

D = Decimal
TODAY = dt.date(2026, 11, 24)
CENT = D("0.01")
STEPS = ("invoice", "credit", "cancel", "pay", "refund", "apply", "unapply")
MODES = ("partial", "exact", "discount", "over", "tiny", "closed")
step_strategy = st.tuples(st.sampled_from(STEPS), st.integers(0, 1), st.integers(0, 7), st.integers(0, 7),
                          st.integers(0, 16), st.sampled_from(MODES))


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
        self.quantity: dict[str, Decimal] = {}  # invoice -> quantity invoiced
        self.returned: dict[str, Decimal] = defaultdict(lambda: D(0))
        self.cancelled: set[str] = set()


def entries(desk, c):
    return desk.ledger.customer_entries(c)


def entry(desk, entry_no):
    (found,) = [e for c in ("C", "K") for e in entries(desk, c) if e.entry_no == entry_no]
    return found


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
    return {"partial": max((base / 2).quantize(CENT), CENT), "exact": base, "over": base + D("15.00"),
            "discount": base - disc if base - disc > 0 else base, "tiny": CENT}.get(mode, base)


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
    memo = desk.sales.create(DocKind.CREDIT_MEMO, c, applies_to_doc_no=target.document_no)
    left = D(0) if target.document_no in model.cancelled else (
        model.quantity[target.document_no] - model.returned[target.document_no])
    try:
        desk.sales.get_posted_lines_to_reverse(memo, "invoice", target.document_no)
    except SalesDeskError:
        assert left == 0, f"{target.document_no} still has {left} to return"
        desk.sales.delete(memo)
        return
    (line,) = desk.sales.get(DocKind.CREDIT_MEMO, memo.no).lines
    assert line.quantity == left
    qty = min(D(pick2 % 4 + 1), line.quantity)
    if qty != line.quantity:
        desk.sales.update_line(memo, line.line_no, quantity=qty)
    memo_no = desk.sales.post(memo).invoice_no
    amount = desk.posted.credit_memo(memo_no).amount_incl_vat
    model.posted[c] -= amount
    model.returned[target.document_no] += qty
    (cm,) = [e for e in entries(desk, c) if e.document_no == memo_no]
    assert entry(desk, target.entry_no).remaining_amount == max(target.remaining_amount - amount, D(0))
    assert cm.remaining_amount == -max(amount - target.remaining_amount, D(0))


def step_cancel(desk, model, c, pick, _pick2, _day, _mode):
    invoices = [e for e in entries(desk, c) if e.document_type == "invoice"]
    if not invoices:
        return
    target = invoices[pick % len(invoices)]
    no = target.document_no
    if target.remaining_amount != target.amount or no in model.cancelled or model.returned[no]:
        expect_refusal(desk, desk.posted.cancel_invoice, no)
        return
    memo_no = desk.posted.cancel_invoice(no)
    model.cancelled.add(no)
    model.posted[c] -= desk.posted.credit_memo(memo_no).amount_incl_vat
    assert not entry(desk, target.entry_no).open


def step_pay(desk, model, c, pick, pick2, day, mode):
    date = TODAY + dt.timedelta(days=day - 2)
    debits = open_entries(desk, c, 1)
    if mode == "closed":  # paying a closed invoice is refused
        closed = [e for e in entries(desk, c) if e.document_type == "invoice" and not e.open]
        if closed:
            expect_refusal(desk, desk.payments.register, c, D("10.00"), posting_date=date,
                           apply_to=[closed[pick % len(closed)].document_no])
        return
    how = pick2 % 3
    target = (debits[pick % len(debits)] if how == 2 else debits[0]) if debits else None
    base = target.remaining_amount if target else D("50.00")
    disc = eligible_discount(target, "payment", date) if target else D(0)
    amount = amount_for(mode, base, disc)
    apply_to = [None, "oldest", [target.document_no] if target else None][how]
    payment = desk.payments.register(c, amount, posting_date=date, apply_to=apply_to)
    model.posted[c] -= amount
    if apply_to is None or target is None:
        assert (payment.remaining_amount, payment.applied) == (-amount, ())
        return
    after = entry(desk, target.entry_no)
    if amount >= base - disc:  # settles it, with the discount if in time
        assert not after.open and payment.applied[0].discount == disc, (payment, after)
    else:
        assert after.remaining_amount == base - amount and payment.discount == 0, (payment, after)
        assert payment.remaining_amount == 0


def step_refund(desk, model, c, pick, _pick2, day, mode):
    date = TODAY + dt.timedelta(days=day - 2)
    credits = [e for e in open_entries(desk, c, -1) if e.document_type in ("payment", "credit_memo")]
    if not credits:
        refund = desk.payments.register(c, D("-5.00"), posting_date=date)
        model.posted[c] += D("5.00")
        assert refund.remaining_amount == D("5.00")
        return
    target = credits[pick % len(credits)]
    base = -target.remaining_amount
    amount = amount_for(mode, base, D(0))
    refund = desk.payments.register(c, -amount, posting_date=date, apply_to=[target.document_no])
    model.posted[c] += amount
    assert entry(desk, target.entry_no).remaining_amount == -max(base - amount, D(0))
    assert refund.remaining_amount == max(amount - base, D(0)) and refund.discount == 0


def step_apply(desk, model, c, pick, pick2, _day, _mode):
    credits, debits = open_entries(desk, c, -1), open_entries(desk, c, 1)
    if pick2 % 4 == 0:  # same sign, or another customer's entry: refused
        same = debits if len(debits) > 1 else credits
        others = [e for o in model.customers if o != c for e in entries(desk, o) if e.open]
        if len(same) > 1:
            expect_refusal(desk, desk.payments.apply, same[0].entry_no, [same[-1].entry_no])
        if others and (credits or debits):
            expect_refusal(desk, desk.payments.apply, (credits or debits)[0].entry_no, [others[0].entry_no])
        return
    if not credits or not debits:
        return
    credit, debit = credits[pick % len(credits)], debits[(pick + pick2) % len(debits)]
    applier, other = (credit, debit) if pick2 % 2 else (debit, credit)
    disc = eligible_discount(debit, applier.document_type, applier.posting_date) if applier is credit else D(0)
    desk.payments.apply(applier.entry_no, [other.entry_no])
    c_after, d_after = entry(desk, credit.entry_no), entry(desk, debit.entry_no)
    if disc and -credit.remaining_amount >= debit.remaining_amount - disc:
        assert not d_after.open and c_after.remaining_amount == credit.remaining_amount + debit.remaining_amount - disc
    else:
        assert c_after.remaining_amount + d_after.remaining_amount == credit.remaining_amount + debit.remaining_amount
        assert not (c_after.open and d_after.open), (c_after, d_after)


def application_pairs(desk) -> dict[tuple[int, int], Decimal]:
    """{(applying entry, applied-to entry): net amount} for the pairs still applied."""
    with desk.db.read() as s:
        rows = s.execute(select(CustApplication.entry_no, CustApplication.applied_to_entry_no,
                                func.sum(CustApplication.amount))
                         .group_by(CustApplication.entry_no, CustApplication.applied_to_entry_no)).all()
    return {(a, b): amount for a, b, amount in rows if amount}


def step_unapply(desk, model, c, pick, _pick2, _day, _mode):
    candidates = [e for e in entries(desk, c) if e.document_type != "payment_discount"]
    if not candidates:
        return
    target = candidates[pick % len(candidates)]
    discounts = {e.entry_no for e in entries(desk, c) if e.source_entry_no == target.entry_no}
    pairs = application_pairs(desk)
    made = [p for p in pairs if p[0] == target.entry_no or p[0] in discounts]
    received = [p for p in pairs if p[1] == target.entry_no]
    if not made and not received:
        expect_refusal(desk, desk.payments.unapply, target.entry_no)
        return
    desk.payments.unapply(target.entry_no)
    after = application_pairs(desk)
    assert not any(p in after for p in (made or received)), after
    if not made:
        assert entry(desk, target.entry_no).remaining_amount == target.amount


# -- the invariants ----------------------------------------------------------------------------


def check_invariants(desk, model) -> None:
    with desk.db.read() as s:
        for no, (remaining, computed) in remaining_from_applications(s).items():
            assert remaining == computed, f"entry {no}: remaining {remaining}, applications say {computed}"
        kinds = set(s.scalars(select(CustLedgerEntry.document_type)))
    assert kinds <= {"invoice", "credit_memo", "payment", "refund", "payment_discount"}, kinds
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
        total += balance
    assert sum((g.amount for g in gl if g.account_no == "411000"), D(0)) == total


STEP_FUNCTIONS = {name: globals()[f"step_{name}"] for name in STEPS}


@settings(max_examples=int(os.environ.get("PAYMENT_PROPERTY_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(customers=st.sampled_from([("K",), ("C", "K")]), steps=st.lists(step_strategy, min_size=1, max_size=12))
def test_random_payments_keep_the_customer_ledger_consistent(tmp_path_factory, customers, steps):
    desk = new_shop(tmp_path_factory.mktemp("pay") / "t.db", customers)
    model = Model(customers)
    try:
        for name, who, pick, pick2, day, mode in steps:
            STEP_FUNCTIONS[name](desk, model, customers[who % len(customers)], pick, pick2, day, mode)
            check_invariants(desk, model)
    finally:
        desk.close()
