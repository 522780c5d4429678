"""Random partial receipts and invoices of a purchase order (hypothesis): quantities are
conserved, stock equals what was received, what we owe equals what was invoiced, every
posting's G/L sums to zero, posted numbers have no gaps, the order goes once all is done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.model import Desk, NotFound, PostingError, PurchaseKind

from .test_posting_support import assert_gl_balanced

D = Decimal
TODAY = dt.date(2026, 11, 24)

line_strategy = st.tuples(st.sampled_from(["A", "B"]), st.integers(1, 9).map(D),
                          st.sampled_from([D("4"), D("7.35"), D("0.99")]))
step_strategy = st.tuples(st.sampled_from(["receive", "invoice", "both"]), st.integers(0, 9), st.integers(0, 9))


def _shop(path) -> Desk:
    desk = Desk.open(path, clock=lambda: TODAY)
    desk.setup.set_vat("STD", D("20"))
    desk.setup.set_vat("RED", D("5.5"))
    desk.vendors.create("V", no="V")
    desk.setup.update_company(vendor_invoice_no_mandatory=False)
    desk.items.create("A", no="A", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD")
    desk.items.create("B", no="B", unit_price=D("3"), unit_cost=D("1"), vat_prod_group="RED")
    return desk


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order_lines=st.lists(line_strategy, min_size=1, max_size=3),
       steps=st.lists(step_strategy, min_size=1, max_size=6))
def test_random_partial_receipts_and_invoices(tmp_path_factory, order_lines, steps):
    desk = _shop(tmp_path_factory.mktemp("purch") / "shop.db")
    try:
        order = desk.purchases.create(PurchaseKind.ORDER, "V")
        model = []
        for item_no, quantity, cost in order_lines:
            line = desk.purchases.add_line(order, item_no, quantity, direct_unit_cost=cost)
            model.append({"line_no": line.line_no, "item": item_no, "quantity": quantity, "received": D(0),
                          "invoiced": D(0), "cost": cost})
        invoiced_total = D(0)
        for action, receive_n, invoice_n in steps:
            if not desk.purchases.exists(PurchaseKind.ORDER, order.no):
                break
            receive, invoice = action in ("receive", "both"), action in ("invoice", "both")
            for m in model:
                to_receive = min(D(receive_n), m["quantity"] - m["received"]) if receive else D(0)
                desk.purchases.update_line(order, m["line_no"], qty_to_receive=to_receive)
                most = m["received"] + to_receive - m["invoiced"]
                m["to_invoice"] = min(D(invoice_n), most) if invoice else D(0)
                desk.purchases.update_line(order, m["line_no"], qty_to_invoice=m["to_invoice"])
                m["to_receive"] = to_receive
            try:
                result = desk.purchases.post(order, receive=receive, invoice=invoice)
            except PostingError as err:
                assert not any(m["to_receive"] for m in model) and not any(m["to_invoice"] for m in model), err
                continue
            for m in model:
                m["received"] += m["to_receive"]
                m["invoiced"] += m["to_invoice"] if invoice else D(0)
            if result.invoice_no:
                invoiced_total += desk.posted.purchase_invoice(result.invoice_no).amount_incl_vat
        for item_no in ("A", "B"):
            assert desk.items.inventory(item_no) == sum((m["received"] for m in model if m["item"] == item_no), D(0))
        assert desk.vendors.balance("V") == invoiced_total
        try:
            current = desk.purchases.get(PurchaseKind.ORDER, order.no)
        except NotFound:
            current = None
        done = all(m["received"] == m["invoiced"] == m["quantity"] for m in model)
        assert (current is None) == done
        if current is not None:
            for m in model:
                line = current.line(m["line_no"])
                assert (line.quantity_received, line.quantity_invoiced) == (m["received"], m["invoiced"])
                assert line.qty_rcd_not_invoiced == m["received"] - m["invoiced"]
        receipts = [r.no for r in desk.posted.purchase_receipts()]
        assert receipts == [f"PPR-{n:05d}" for n in range(1, len(receipts) + 1)]
        if desk.ledger.gl_entries():
            assert_gl_balanced(desk)
    finally:
        desk.close()
