"""Properties of corrections, over random sequences of ship / invoice / return / cancel / undo.

An order of 1-3 lines (two stock items, one service; random quantities and line discounts,
sometimes an invoice discount) goes through random steps:
- ship, invoice, or ship and invoice part of it (as in test_posting_properties);
- return goods of a posted invoice on a credit memo filled by Get Posted Document Lines to
  Reverse (sometimes applied to the invoice; sometimes asking for more than is returnable,
  which must be refused);
- cancel a posted invoice (refused once cancelled or once goods of it came back);
- undo a posted shipment line (refused once invoiced, undone, or for a correction line).

A small model says what each step must do; a refusal must write nothing at all. After every
step:
- the G/L entries of every transaction sum to zero and posted numbers have no gaps;
- inventory == the item ledger's sum == the item_stock table == the model's stock;
- customer balance == sum of its ledger amounts == sum of remaining amounts == posted invoices
  minus posted credit memos; every entry is open exactly when something remains;
- each cancelled invoice and its credit memo net to zero on every G/L account, and the model
  agrees on which invoices are cancelled;
- what is left to return of each invoice line, and the order line quantities, agree with the
  model; the shipment lines left to invoice add up to what the order has shipped not invoiced.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.model import DocKind, NotFound, SalesDeskError
from salesdesk.model.tables import ItemStock

from .corrections_support import assert_nets_to_zero, assert_unchanged, full_state
from .test_posting_support import (
    ITEMS,
    STOCK,
    assert_gap_free,
    assert_gl_balanced,
    new_shop,
)

D = Decimal
TODAY = dt.date(2026, 11, 24)

half_units = st.integers(min_value=0, max_value=16).map(lambda n: D(n) / 2)  # 0, 0.5, ..., 8
wants = st.lists(half_units, min_size=3, max_size=3)
index = st.integers(min_value=0, max_value=7)
line_strategy = st.tuples(
    st.sampled_from(sorted(ITEMS)),
    st.integers(min_value=1, max_value=20).map(lambda n: D(n) / 2),
    st.sampled_from([D("0"), D("7.5"), D("10")]),
)
STEP_ARGS = {
    "ship": st.tuples(wants),
    "invoice": st.tuples(wants),
    "both": st.tuples(wants, wants),
    "return": st.tuples(index, wants, st.booleans(), st.sampled_from([False, False, False, True])),
    "cancel": st.tuples(index),
    "undo": st.tuples(index, index),
}
step_strategy = st.sampled_from(sorted(STEP_ARGS)).flatmap(
    lambda name: STEP_ARGS[name].map(lambda args: (name, *args)))


class Model:
    """What the desk must hold: the order lines, stock, returns, cancellations, undone lines."""

    def __init__(self, order_no: str):
        self.order_no = order_no
        self.lines: dict[int, dict] = {}  # order line no. -> item, quantity, shipped, invoiced
        self.order_exists = True
        self.stock = {no: STOCK for no, (_p, _c, kind) in ITEMS.items() if kind == "inventory"}
        self.returned: dict[tuple[str, int], Decimal] = defaultdict(lambda: D(0))  # (invoice, line)
        self.cancelled: set[str] = set()
        self.ever_invoiced: set[tuple[str, int]] = set()  # shipment lines an invoice billed
        self.undone: set[tuple[str, int]] = set()

    def move_stock(self, item_no: str, quantity: Decimal) -> None:
        if item_no in self.stock:
            self.stock[item_no] += quantity

    def returnable(self, invoice_no: str, line) -> Decimal:
        if invoice_no in self.cancelled:
            return D(0)
        return line.quantity - self.returned[(invoice_no, line.line_no)]

    def fully_done(self) -> bool:
        return all(m["invoiced"] == m["quantity"] for m in self.lines.values())


# -- the steps ---------------------------------------------------------------------------------


def expect_refusal(desk, call, *args, **kwargs) -> None:
    before = full_state(desk)
    try:
        call(*args, **kwargs)
    except SalesDeskError:
        pass
    else:
        raise AssertionError(f"{getattr(call, '__name__', call)}{args} should have been refused")
    assert_unchanged(desk, before)


def step_ship(desk, model: Model, want: list[Decimal]) -> None:
    if not model.order_exists:
        return
    order = desk.sales.get(DocKind.ORDER, model.order_no)
    plan = {}
    for (line_no, m), w in zip(model.lines.items(), want):
        plan[line_no] = min(w, m["quantity"] - m["shipped"])
        desk.sales.update_line(order, line_no, qty_to_ship=plan[line_no], qty_to_invoice=D(0))
    if not any(plan.values()):
        expect_refusal(desk, desk.sales.post, order, ship=True)
        return
    desk.sales.post(order, ship=True)
    for line_no, qty in plan.items():
        model.lines[line_no]["shipped"] += qty
        model.move_stock(model.lines[line_no]["item"], -qty)


def step_invoice(desk, model: Model, want: list[Decimal]) -> None:
    step_both(desk, model, [D(0)] * 3, want, ship=False)


def step_both(desk, model: Model, want_ship: list[Decimal], want_invoice: list[Decimal], *, ship=True) -> None:
    """Ship and invoice in one posting (or invoice only what was shipped, ``ship=False``)."""
    if not model.order_exists:
        return
    order = desk.sales.get(DocKind.ORDER, model.order_no)
    plan = {}
    for (line_no, m), ws, wi in zip(model.lines.items(), want_ship, want_invoice):
        to_ship = min(ws, m["quantity"] - m["shipped"]) if ship else D(0)
        plan[line_no] = (to_ship, min(wi, m["shipped"] + to_ship - m["invoiced"]))
        desk.sales.update_line(order, line_no, qty_to_ship=to_ship, qty_to_invoice=plan[line_no][1])
    if not any(s or i for s, i in plan.values()):
        expect_refusal(desk, desk.sales.post, order, ship=ship, invoice=True)
        return
    result = desk.sales.post(order, ship=ship, invoice=True)
    for line_no, (to_ship, to_invoice) in plan.items():
        model.lines[line_no]["shipped"] += to_ship
        model.lines[line_no]["invoiced"] += to_invoice
        model.move_stock(model.lines[line_no]["item"], -to_ship)
    assert result.document_deleted == model.fully_done()
    model.order_exists = not result.document_deleted
    for shipment in desk.posted.shipments():
        for line in shipment.lines:
            if line.quantity_invoiced:
                model.ever_invoiced.add((shipment.no, line.line_no))


def step_return(desk, model: Model, pick: int, want: list[Decimal], apply: bool, over: bool) -> None:
    invoices = desk.posted.invoices()
    if not invoices:
        return
    invoice = invoices[pick % len(invoices)]
    expected = [(line.line_no, line.no, model.returnable(invoice.no, line)) for line in invoice.lines
                if line.type != "comment" and line.quantity > 0]
    expected = [e for e in expected if e[2] > 0]

    open_entry = any(e.document_no == invoice.no and e.open for e in desk.ledger.customer_entries("C"))
    header = {"applies_to_doc_no": invoice.no} if apply and open_entry else {}
    memo = desk.sales.create(DocKind.CREDIT_MEMO, "C", **header)
    try:
        desk.sales.get_posted_lines_to_reverse(memo, "invoice", invoice.no)
    except SalesDeskError:
        assert expected == [], f"{invoice.no} still has {expected} to return"
        desk.sales.delete(memo)
        return
    memo = desk.sales.get(DocKind.CREDIT_MEMO, memo.no)
    assert [(l.appl_from_line_no, l.no, l.quantity) for l in memo.lines] == expected
    assert all((l.appl_from_kind, l.appl_from_no) == ("invoice", invoice.no) for l in memo.lines)
    for line in memo.lines:  # the invoice's price, discount and cost
        source = invoice.line(line.appl_from_line_no)
        assert (line.unit_price, line.line_discount_pct, line.unit_cost) == (
            source.unit_price, source.line_discount_pct, source.unit_cost)

    if over:  # one more than is returnable: refused at the line or at posting
        first = memo.lines[0]
        try:
            desk.sales.update_line(memo, first.line_no, quantity=first.quantity + 1)
        except SalesDeskError:
            pass
        else:
            expect_refusal(desk, desk.sales.post, memo)
        desk.sales.delete(memo)
        return

    taken = []
    for line, w in zip(memo.lines, want + [D(1)] * len(memo.lines)):
        qty = min(w, line.quantity)
        if qty == 0:
            desk.sales.delete_line(memo, line.line_no)
        else:
            if qty != line.quantity:
                desk.sales.update_line(memo, line.line_no, quantity=qty)
            taken.append((line.appl_from_line_no, line.no, qty))
    if not taken:
        desk.sales.delete(memo)
        return
    desk.sales.post(memo)
    for line_no, item_no, qty in taken:
        model.returned[(invoice.no, line_no)] += qty
        model.move_stock(item_no, qty)


def step_cancel(desk, model: Model, pick: int) -> None:
    invoices = desk.posted.invoices()
    if not invoices:
        return
    invoice = invoices[pick % len(invoices)]
    returned = any(model.returned[(invoice.no, line.line_no)] for line in invoice.lines)
    if invoice.no in model.cancelled or returned:
        expect_refusal(desk, desk.posted.cancel_invoice, invoice.no)
        return
    memo_no = desk.posted.cancel_invoice(invoice.no)
    assert desk.posted.credit_memo(memo_no).corrects == invoice.no
    model.cancelled.add(invoice.no)
    for line in invoice.lines:
        if line.type == "comment":
            continue
        model.move_stock(line.no, line.quantity)
        if model.order_exists and line.order_no == model.order_no:
            model.lines[line.order_line_no]["shipped"] -= line.quantity
            model.lines[line.order_line_no]["invoiced"] -= line.quantity


def step_undo(desk, model: Model, pick: int, pick_line: int) -> None:
    shipments = desk.posted.shipments()
    if not shipments:
        return
    shipment = shipments[pick % len(shipments)]
    lines = [l for l in shipment.lines if not l.correction and l.type != "comment"]
    line = lines[pick_line % len(lines)]
    key = (shipment.no, line.line_no)
    if key in model.ever_invoiced or key in model.undone:
        expect_refusal(desk, desk.posted.undo_shipment, shipment.no, line_nos=[line.line_no])
        return
    after = desk.posted.undo_shipment(shipment.no, line_nos=[line.line_no])
    new = [l for l in after.lines if l.correction and l.line_no not in {x.line_no for x in shipment.lines}]
    assert [(l.no, l.quantity, l.order_line_no) for l in new] == [(line.no, -line.quantity, line.order_line_no)]
    model.undone.add(key)
    model.move_stock(line.no, line.quantity)
    model.lines[line.order_line_no]["shipped"] -= line.quantity


# -- the invariants ----------------------------------------------------------------------------


def check_invariants(desk, model: Model) -> None:
    assert_gl_balanced(desk)
    assert_gap_free(desk)

    # stock: inventory == item ledger == item_stock table == the model
    for no, (_price, _cost, kind) in ITEMS.items():
        entries = desk.ledger.item_entries(no)
        if kind != "inventory":
            assert entries == []
            continue
        ledger = sum((e.quantity for e in entries), D(0))
        with desk.db.read() as s:
            stock_row = s.get(ItemStock, (no, "MAIN")).quantity
        assert desk.items.inventory(no) == ledger == stock_row == model.stock[no], no

    # the customer: balance == entries == remaining == invoices - credit memos
    invoices = desk.posted.invoices()
    memos = desk.posted.credit_memos()
    entries = desk.ledger.customer_entries("C")
    balance = desk.customers.balance("C")
    assert balance == sum((e.amount for e in entries), D(0)) == sum((e.remaining_amount for e in entries), D(0))
    assert balance == (sum((i.amount_incl_vat for i in invoices), D(0))
                       - sum((m.amount_incl_vat for m in memos), D(0)))
    for e in entries:
        assert e.open == (e.remaining_amount != 0), e
        assert abs(e.remaining_amount) <= abs(e.amount) and e.remaining_amount * e.amount >= 0, e

    # cancelled invoices: marked, closed, and netted to zero by their credit memo
    assert {i.no for i in invoices if i.cancelled} == model.cancelled
    by_document = {e.document_no: e for e in entries}
    for invoice in invoices:
        if invoice.cancelled:
            assert invoice.cancelled_by
            assert desk.posted.credit_memo(invoice.cancelled_by).corrects == invoice.no
            assert_nets_to_zero(desk, invoice.no, invoice.cancelled_by)
            assert by_document[invoice.no].open is False

    # what is left to return of each invoice line
    left = {(r.document_no, r.line_no): r.returnable for r in desk.posted.reversible_lines("C", kind="invoice")}
    expected = {(i.no, l.line_no): model.returnable(i.no, l) for i in invoices for l in i.lines
                if l.type != "comment" and l.quantity > 0}
    assert left == {k: v for k, v in expected.items() if v > 0}

    # the order, and the shipment lines left to invoice
    try:
        order = desk.sales.get(DocKind.ORDER, model.order_no)
    except NotFound:
        order = None
    assert (order is not None) == model.order_exists
    not_invoiced: dict[int, Decimal] = defaultdict(lambda: D(0))
    for row in desk.posted.uninvoiced_shipment_lines("C"):
        not_invoiced[row.order_line_no] += row.left
    for line_no, m in model.lines.items():
        assert D(0) <= m["invoiced"] <= m["shipped"] <= m["quantity"], m
        if order is not None:
            line = order.line(line_no)
            assert (line.quantity, line.quantity_shipped, line.quantity_invoiced) == (
                m["quantity"], m["shipped"], m["invoiced"]), line_no
            assert line.qty_shipped_not_invoiced == m["shipped"] - m["invoiced"]
            assert line.outstanding_quantity == m["quantity"] - m["shipped"]
            assert not_invoiced[line_no] == m["shipped"] - m["invoiced"], line_no


STEPS = {"ship": step_ship, "invoice": step_invoice, "both": step_both, "return": step_return,
         "cancel": step_cancel, "undo": step_undo}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order_lines=st.lists(line_strategy, min_size=1, max_size=3),
       invoice_disc_pct=st.sampled_from([D("0"), D("0"), D("3")]),
       steps=st.lists(step_strategy, min_size=2, max_size=12))
def test_random_ship_invoice_return_cancel_undo(tmp_path_factory, order_lines, invoice_disc_pct, steps):
    desk = new_shop(tmp_path_factory.mktemp("corr") / "shop.db")
    try:
        order = desk.sales.create(DocKind.ORDER, "C", invoice_disc_pct=invoice_disc_pct)
        model = Model(order.no)
        for item_no, quantity, discount in order_lines:
            line = desk.sales.add_line(order, item_no, quantity, line_discount_pct=discount)
            model.lines[line.line_no] = {"item": item_no, "quantity": quantity, "shipped": D(0), "invoiced": D(0)}
        check_invariants(desk, model)
        for name, *args in steps:
            STEPS[name](desk, model, *args)
            check_invariants(desk, model)
    finally:
        desk.close()
