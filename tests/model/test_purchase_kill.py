"""A process posting purchase invoices (receipt + invoice each) is killed with SIGKILL while it
works: every purchase posting is all or nothing (each posted invoice has its receipt, one
vendor entry, balanced G/L, its VAT, the stock it brought), the posted purchase series have
no gaps, and the next posting takes the next number."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from salesdesk.model import Desk, PurchaseKind

from .kill_support import kill_after, posting_script
from .test_posting_support import assert_gl_balanced, series_last_nos

D = Decimal
TODAY = dt.date(2026, 11, 24)

POSTER = posting_script("desk.purchases.post(PurchaseRef(PurchaseKind.INVOICE, no))",
                        "result.invoice_no, result.receipt_no")


def _shop(db, invoices: int) -> list[str]:
    with Desk.open(db, clock=lambda: TODAY) as desk:
        desk.setup.set_vat("STD", D("20"))
        desk.vendors.create("V", no="V")
        desk.items.create("A", no="A", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD")
        nos = []
        for n in range(invoices):
            doc = desk.purchases.create(PurchaseKind.INVOICE, "V", vendor_invoice_no=f"F-{n}")
            desk.purchases.add_line(doc, "A", D(1 + n % 3), direct_unit_cost=D("8"))
            nos.append(doc.no)
        return nos


def test_a_process_killed_while_posting_purchases_leaves_all_or_nothing(database, tmp_path):
    db = database
    nos = _shop(db, 40)
    rng = random.Random(20261204)
    remaining = list(nos)
    for _round in range(3):
        kill_after(db, POSTER, remaining, rng, 3, 6)
        with Desk.open(db, clock=lambda: TODAY) as desk:
            done = {i.pre_assigned_no for i in desk.posted.purchase_invoices()}
        remaining = [no for no in remaining if no not in done]

    with Desk.open(db, clock=lambda: TODAY) as desk:
        _check(desk, nos)
        last = series_last_nos(desk)["P-PINVOICE"]
        result = desk.purchases.post(desk.purchases.get(PurchaseKind.INVOICE, remaining[0]))
        assert result.invoice_no == f"PPI-{last + 1:05d}"
        _check(desk, nos)


def _check(desk, nos: list[str]) -> None:
    invoices = desk.posted.purchase_invoices()
    receipts = desk.posted.purchase_receipts()
    assert invoices and len(receipts) == len(invoices)
    assert [i.no for i in invoices] == [f"PPI-{n:05d}" for n in range(1, len(invoices) + 1)]
    assert [r.no for r in receipts] == [f"PPR-{n:05d}" for n in range(1, len(receipts) + 1)]
    last = series_last_nos(desk)
    assert (last["P-PINVOICE"], last["P-RECEIPT"]) == (len(invoices), len(receipts))
    entries = defaultdict(list)
    for entry in desk.ledger.vendor_entries("V"):
        entries[entry.document_no].append(entry)
    assert set(entries) == {i.no for i in invoices}
    for invoice in invoices:
        (entry,) = entries[invoice.no]
        assert entry.amount == -invoice.amount_incl_vat
        gl = desk.ledger.gl_entries(invoice.no)
        assert gl and sum((e.amount for e in gl), D(0)) == 0
        assert sum((v.amount for v in desk.ledger.vat_entries(invoice.no)), D(0)) == invoice.vat_amount
    assert_gl_balanced(desk)
    received = sum((line.quantity for r in receipts for line in r.lines), D(0))
    assert desk.items.inventory("A") == received
    open_left = [no for no in nos if desk.purchases.exists(PurchaseKind.INVOICE, no)]
    assert len(open_left) + len(invoices) == len(nos)
