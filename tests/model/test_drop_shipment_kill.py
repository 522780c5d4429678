"""A process shipping drop-shipment orders is killed with SIGKILL while it works: each shipment
and the purchase receipt posted with it are there together or not at all, both series are
gap-free, and our stock of the item never moves (spec (b) Done-when 10)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from salesdesk.model import Desk, DocKind, PurchaseKind

from .kill_support import kill_after, posting_script
from .test_posting_support import series_last_nos

D = Decimal
TODAY = dt.date(2026, 11, 24)

SHIPPER = posting_script("desk.sales.post(DocRef(DocKind.ORDER, no), ship=True)",
                         "result.shipment_no, *result.purchase_receipt_nos")


def _shop(db, orders: int) -> list[str]:
    with Desk.open(db, clock=lambda: TODAY) as desk:
        desk.setup.set_vat("STD", D("20"))
        desk.customers.create("C", no="C")
        desk.vendors.create("V", no="V")
        desk.setup.add_purchasing_code("DROP", drop_shipment=True)
        desk.items.create("Drop", no="DS", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD",
                          vendor_no="V", purchasing_code="DROP")
        nos = []
        for n in range(orders):
            order = desk.sales.create(DocKind.ORDER, "C")
            desk.sales.add_line(order, "DS", D(1 + n % 3))
            desk.purchases.create_from_sales_order(order)
            nos.append(order.no)
        return nos


def test_a_process_killed_while_shipping_drop_shipments_leaves_both_or_neither(database):
    db = database
    nos = _shop(db, 24)
    rng = random.Random(20261204)
    remaining = list(nos)
    for _round in range(3):
        kill_after(db, SHIPPER, remaining, rng, 2, 5)
        with Desk.open(db, clock=lambda: TODAY) as desk:
            remaining = [no for no in remaining
                         if not desk.sales.get(DocKind.ORDER, no).lines[0].quantity_shipped]

    with Desk.open(db, clock=lambda: TODAY) as desk:
        shipments = desk.posted.list("shipment")
        receipts = desk.posted.purchase_receipts()
        assert shipments and len(shipments) == len(receipts) == len(nos) - len(remaining)
        last = series_last_nos(desk)
        assert (last["P-SHIPMENT"], last["P-RECEIPT"]) == (len(shipments), len(receipts))
        assert sorted(r.no for r in receipts) == [f"PPR-{n:05d}" for n in range(1, len(receipts) + 1)]
        assert desk.items.inventory("DS") == 0
        for no in nos:
            line = desk.sales.get(DocKind.ORDER, no).lines[0]
            received = desk.purchases.get(PurchaseKind.ORDER, line.purchase_order_no).lines[0].quantity_received
            assert received == line.quantity_shipped
