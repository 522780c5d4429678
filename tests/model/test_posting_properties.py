"""Properties of posting, over random sequences of partial shipments and invoices.

An order of 1-3 lines (two stock items, one service; random quantities, line discounts and
invoice discount) is shipped and invoiced in random steps. A small model of the order says what
each step must do (ship, invoice at most what was shipped, refuse an invoice beyond it, refuse
when there is nothing to post); after every step the engine must agree with it, and:
- the G/L entries of every transaction sum to zero;
- the customer's ledger sums to the posted invoices minus credit memos, and each invoice's
  customer entry, lines and VAT entries carry its totals;
- each item's ledger is its adjustments minus the quantities on posted shipments;
- order lines: shipped <= quantity, invoiced <= shipped, shipped = the posted shipment lines,
  invoiced = the posted invoice lines = what the shipment lines say was invoiced;
- posted numbers run PSS-00001.., PSI-00001.. without gaps, and a refused step changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.model import DocKind, NotFound, PostingError, ValidationError
from salesdesk.model.tables import ItemStock

from .test_posting_support import (
    ITEMS,
    STOCK,
    assert_gap_free,
    assert_gl_balanced,
    db_state,
    new_shop,
)

D = Decimal
TODAY = dt.date(2026, 11, 24)

half_units = st.integers(min_value=0, max_value=40).map(lambda n: D(n) / 2)  # 0, 0.5, ..., 20

line_strategy = st.tuples(
    st.sampled_from(sorted(ITEMS)),
    st.integers(min_value=1, max_value=40).map(lambda n: D(n) / 2),
    st.sampled_from([D("0"), D("7.5"), D("10")]),
)
step_strategy = st.tuples(st.sampled_from(["ship", "invoice", "both"]), st.lists(half_units, min_size=3,
                                                                               max_size=3),
                          st.lists(half_units, min_size=3, max_size=3))


def check_invariants(desk, order_no: str, lines: list) -> None:
    assert_gl_balanced(desk)
    assert_gap_free(desk)

    invoices = desk.posted.invoices()
    memos = desk.posted.credit_memos()
    customer_entries = desk.ledger.customer_entries("C")
    assert sum((e.amount for e in customer_entries), D(0)) == (
        sum((i.amount_incl_vat for i in invoices), D(0)) - sum((m.amount_incl_vat for m in memos), D(0)))
    assert desk.customers.balance("C") == sum((i.amount_incl_vat for i in invoices), D(0))
    by_document = {e.document_no: e for e in customer_entries}
    assert len(by_document) == len(customer_entries) == len(invoices)
    for invoice in invoices:
        assert by_document[invoice.no].amount == invoice.amount_incl_vat
        assert invoice.amount_incl_vat == invoice.amount + invoice.vat_amount
        assert sum((l.amount for l in invoice.lines), D(0)) == invoice.amount
        assert sum((l.vat_amount for l in invoice.lines), D(0)) == invoice.vat_amount
        assert sum((l.amount_incl_vat for l in invoice.lines), D(0)) == invoice.amount_incl_vat
        vat_entries = desk.ledger.vat_entries(invoice.no)
        assert sum((v.base for v in vat_entries), D(0)) == invoice.amount
        assert sum((v.amount for v in vat_entries), D(0)) == invoice.vat_amount

    shipments = desk.posted.shipments()
    shipped_per_item: dict[str, Decimal] = defaultdict(lambda: D(0))
    shipped_per_line: dict[int, Decimal] = defaultdict(lambda: D(0))
    billed_per_line: dict[int, Decimal] = defaultdict(lambda: D(0))
    for shipment in shipments:
        for line in shipment.lines:
            shipped_per_item[line.no] += line.quantity
            shipped_per_line[line.order_line_no] += line.quantity
            billed_per_line[line.order_line_no] += line.quantity_invoiced
            assert D(0) <= line.quantity_invoiced <= line.quantity
    invoiced_per_line: dict[int, Decimal] = defaultdict(lambda: D(0))
    for invoice in invoices:
        for line in invoice.lines:
            assert line.order_no == order_no
            invoiced_per_line[line.order_line_no] += line.quantity

    for no, (_price, _cost, kind) in ITEMS.items():
        entries = desk.ledger.item_entries(no)
        adjustments = sum((e.quantity for e in entries if e.entry_type.endswith("adjmt")), D(0))
        if kind == "inventory":
            assert adjustments == STOCK
            assert desk.items.inventory(no) == adjustments - shipped_per_item[no]
            with desk.db.read() as s:  # the maintained stock table agrees with the ledger
                assert s.get(ItemStock, (no, "MAIN")).quantity == desk.items.inventory(no)
        else:
            assert entries == []

    try:
        order = desk.sales.get(DocKind.ORDER, order_no)
    except NotFound:
        order = None
    for model in lines:
        line_no = model["line_no"]
        assert model["shipped"] <= model["quantity"]
        assert model["invoiced"] <= model["shipped"]
        assert shipped_per_line[line_no] == model["shipped"]
        assert invoiced_per_line[line_no] == billed_per_line[line_no] == model["invoiced"]
        if order is not None:
            line = order.line(line_no)
            assert (line.quantity, line.quantity_shipped, line.quantity_invoiced) == (
                model["quantity"], model["shipped"], model["invoiced"])
            assert line.qty_shipped_not_invoiced == model["shipped"] - model["invoiced"]
            assert line.outstanding_quantity == model["quantity"] - model["shipped"]
    fully_done = all(m["shipped"] == m["invoiced"] == m["quantity"] for m in lines)
    assert (order is None) == fully_done


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order_lines=st.lists(line_strategy, min_size=1, max_size=3),
       invoice_disc_pct=st.sampled_from([D("0"), D("3")]),
       steps=st.lists(step_strategy, min_size=1, max_size=6))
def test_random_partial_shipments_and_invoices(tmp_path_factory, order_lines, invoice_disc_pct, steps):
    desk = new_shop(tmp_path_factory.mktemp("prop") / "shop.db")
    try:
        order = desk.sales.create(DocKind.ORDER, "C", invoice_disc_pct=invoice_disc_pct)
        lines = []
        for item_no, quantity, discount in order_lines:
            line = desk.sales.add_line(order, item_no, quantity, line_discount_pct=discount)
            lines.append({"line_no": line.line_no, "quantity": quantity, "shipped": D(0), "invoiced": D(0)})
        check_invariants(desk, order.no, lines)

        for action, to_ship, to_invoice in steps:
            if all(m["invoiced"] == m["quantity"] for m in lines):
                break  # the order is fully posted and gone
            ship, invoice = action in ("ship", "both"), action in ("invoice", "both")
            plan = []
            for model, want_ship, want_invoice in zip(lines, to_ship, to_invoice):
                ship_qty = min(want_ship, model["quantity"] - model["shipped"])
                invoice_qty = min(want_invoice, model["quantity"] - model["invoiced"])
                desk.sales.update_line(order, model["line_no"], qty_to_ship=ship_qty)
                most = model["shipped"] + ship_qty - model["invoiced"]
                if invoice_qty > most:  # refused where typed; the line keeps what Qty. to Ship set
                    try:
                        desk.sales.update_line(order, model["line_no"], qty_to_invoice=invoice_qty)
                    except ValidationError:
                        invoice_qty = most
                    else:
                        raise AssertionError(f"Qty. to Invoice {invoice_qty} above {most} was accepted")
                else:
                    desk.sales.update_line(order, model["line_no"], qty_to_invoice=invoice_qty)
                plan.append((ship_qty if ship else D(0), invoice_qty if invoice else D(0)))

            # what the step must do, by the rules (bc-posting-rules 1.2): an invoice with the
            # shipment may not exceed shipped + to ship; an invoice alone is capped at what was shipped
            over = [i > m["shipped"] + s - m["invoiced"] for m, (s, i) in zip(lines, plan)]
            effective = [(s, i if ship else min(i, m["shipped"] - m["invoiced"])) for m, (s, i) in zip(lines, plan)]
            nothing = not any(s or i for s, i in effective)
            must_refuse = nothing or (ship and invoice and any(over))

            before = db_state(desk)
            if must_refuse:
                try:
                    desk.sales.post(order, ship=ship, invoice=invoice)
                except PostingError:
                    pass
                else:
                    raise AssertionError(f"posting {action} {plan} should have been refused")
                assert db_state(desk) == before
            else:
                result = desk.sales.post(order, ship=ship, invoice=invoice)
                assert (result.shipment_no is not None) == any(s for s, _i in effective)
                assert (result.invoice_no is not None) == any(i for _s, i in effective)
                for model, (s, i) in zip(lines, effective):
                    model["shipped"] += s
                    model["invoiced"] += i
            check_invariants(desk, order.no, lines)
    finally:
        desk.close()
