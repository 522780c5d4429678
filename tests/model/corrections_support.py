"""Helpers for the correction tests (credit memos, returns, Cancel / Correct, Undo Shipment).

- ``full_state``: every row of every table, to prove a refused correction wrote nothing at all
  (a refusal must not even change a remaining amount or a number series).
- ``pay``: a payment registered and applied to one invoice, to make it paid or partly paid.
- ``post_invoice``: a direct invoice for C, posted.
- ``gl_net``: the G/L of several documents summed per account (an invoice and the credit memo
  that cancels it net to zero on every account).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import inspect, select, text

from salesdesk.model import DocKind
from salesdesk.model.tables import CustLedgerEntry

D = Decimal
TODAY = dt.date(2026, 11, 24)


def full_state(desk) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with desk.db.read() as s:
        names = sorted(inspect(s.connection()).get_table_names())
        state = {}
        for name in names:
            rows = s.execute(text(f'SELECT * FROM "{name}"')).all()
            state[name] = sorted((tuple(r) for r in rows), key=repr)
        return state


def state_diff(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ (row counts before / after), for readable failures."""
    return {t: (len(before.get(t, ())), len(after.get(t, ()))) for t in set(before) | set(after)
            if before.get(t) != after.get(t)}


def assert_unchanged(desk, before: dict) -> None:
    after = full_state(desk)
    assert after == before, f"a refusal wrote to: {state_diff(before, after)}"


def pay(desk, invoice_no: str, amount: Decimal) -> None:
    """Register a payment of ``amount`` applied to ``invoice_no`` (desk.payments)."""
    with desk.db.read() as s:
        entry = s.execute(select(CustLedgerEntry).where(CustLedgerEntry.document_type == "invoice",
                                                         CustLedgerEntry.document_no == invoice_no)).scalar_one()
    assert entry.remaining_amount - amount >= 0, "a test payment may not pay more than is open"
    desk.payments.register(entry.customer_no, amount, posting_date=TODAY, apply_to=[invoice_no])


def post_invoice(desk, *lines, customer: str = "C", **header) -> str:
    """Post a direct invoice with item lines (item_no, quantity[, fields]); its posted number."""
    doc = desk.sales.create(DocKind.INVOICE, customer, **header)
    for item_no, quantity, *fields in lines:
        desk.sales.add_line(doc, item_no, D(quantity), **(fields[0] if fields else {}))
    return desk.sales.post(doc).invoice_no


def gl_net(desk, *document_nos: str) -> dict[str, Decimal]:
    """The G/L entries of the documents, summed per account."""
    amounts: dict[str, Decimal] = defaultdict(lambda: D("0"))
    for no in document_nos:
        for entry in desk.ledger.gl_entries(no):
            amounts[entry.account_no] += entry.amount
    return dict(amounts)


def assert_nets_to_zero(desk, invoice_no: str, credit_memo_no: str) -> None:
    """An invoice and the credit memo that cancels it: every G/L account and the VAT net to zero."""
    net = gl_net(desk, invoice_no, credit_memo_no)
    assert net, f"no G/L entries for {invoice_no} / {credit_memo_no}"
    assert {a: v for a, v in net.items() if v != 0} == {}, f"{invoice_no} + {credit_memo_no} do not net: {net}"
    vat = desk.ledger.vat_entries(invoice_no) + desk.ledger.vat_entries(credit_memo_no)
    assert sum((v.base for v in vat), D(0)) == 0
    assert sum((v.amount for v in vat), D(0)) == 0


def entry_of(desk, customer_no: str, document_no: str):
    """The customer ledger entry of one posted document."""
    (entry,) = [e for e in desk.ledger.customer_entries(customer_no) if e.document_no == document_no]
    return entry


def quantities(line) -> tuple:
    """An order line's (quantity shipped, invoiced, outstanding, shipped not invoiced)."""
    return (line.quantity_shipped, line.quantity_invoiced, line.outstanding_quantity, line.qty_shipped_not_invoiced)
