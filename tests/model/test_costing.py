"""Costing (issue 20): FIFO, Average and Standard item costs reaching COGS, item applications,
remaining quantities, revaluation of an inbound entry carried to the goods already sold, stock
coming back at the cost it left with, negative inventory, and the upgrade of existing data."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import func, select, text

from salesdesk.model import Desk, DocKind, SalesDeskError
from salesdesk.model.inventory.costing import average_cost, inbound_value, revalue_inbound
from salesdesk.model.revisions import _config, current, head
from salesdesk.model.tables import ItemApplicationEntry, ItemLedgerEntry, ItemStock, ValueEntry

from .rows import TODAY

D = Decimal
COGS, INVENTORY, INVENTORY_ADJMT = "603700", "370000", "603800"


@pytest.fixture
def store(desk):
    """VAT STD 20 %, customer C; no item yet."""
    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.customers.create("C", no="C", payment_terms="30D")
    return desk


def an_item(desk, method: str, *, no: str = "A", unit_cost: str = "6.00") -> str:
    desk.items.create(no, no=no, unit_price=D("10.00"), unit_cost=D(unit_cost), vat_prod_group="STD",
                      costing_method=method)
    return no


def stock_in(desk, no: str, quantity, unit_cost) -> int:
    """A positive adjustment stands in for a purchase receipt; returns its entry no."""
    return desk.items.adjust(no, D(quantity), unit_cost=D(unit_cost)).entry_no


def sell(desk, no: str, quantity, *, invoice: bool = True):
    order = desk.sales.create(DocKind.ORDER, "C")
    desk.sales.add_line(order, no, D(quantity))
    return desk.sales.post(order, ship=True, invoice=invoice)


def entries(desk, no: str = "A") -> list:
    return desk.ledger.item_entries(no)


def gl(desk, document_no: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for entry in desk.ledger.gl_entries(document_no):
        totals[entry.account_no] += entry.amount
    return dict(totals)


def applications(desk) -> list[tuple[int, int, Decimal, Decimal]]:
    with desk.db.read() as s:
        return [(r.outbound_entry_no, r.inbound_entry_no, r.quantity, r.cost_amount) for r in s.execute(
            select(ItemApplicationEntry.__table__).order_by(ItemApplicationEntry.entry_no))]


def assert_consistent(desk) -> None:
    """Every G/L transaction balances; stock = the item ledger; remaining quantities = stock."""
    with desk.db.read() as s:
        unbalanced = s.execute(text("SELECT transaction_no, SUM(amount) FROM gl_entry GROUP BY transaction_no "
                                    "HAVING SUM(amount) <> 0")).all()
        assert unbalanced == []
        ledger = {(r[0], r[1]): r[2] for r in s.execute(
            select(ItemLedgerEntry.item_no, ItemLedgerEntry.location, func.sum(ItemLedgerEntry.quantity))
            .group_by(ItemLedgerEntry.item_no, ItemLedgerEntry.location))}
        remaining = {(r[0], r[1]): r[2] for r in s.execute(
            select(ItemLedgerEntry.item_no, ItemLedgerEntry.location, func.sum(ItemLedgerEntry.remaining_quantity))
            .group_by(ItemLedgerEntry.item_no, ItemLedgerEntry.location))}
        stock = {(r.item_no, r.location): r.quantity for r in s.execute(select(ItemStock.__table__))}
    assert {k: v for k, v in stock.items() if v} == {k: v for k, v in ledger.items() if v}
    assert {k: v for k, v in remaining.items() if v} == {k: v for k, v in ledger.items() if v}


def with_stock(desk, method: str) -> tuple[int, int]:
    """Item A: 10 on hand at 6.00, then 10 more in at 8.00."""
    an_item(desk, method)
    return stock_in(desk, "A", 10, "6.00"), stock_in(desk, "A", 10, "8.00")


# -- FIFO, Average, Standard -------------------------------------------------------------------

def test_fifo_sells_the_oldest_stock_first(store):
    first, second = with_stock(store, "fifo")
    result = sell(store, "A", 12)
    sale = entries(store)[-1]
    assert (sale.quantity, sale.cost_amount, sale.remaining_quantity, sale.open) == (D("-12"), D("-76.00"), 0, False)
    assert gl(store, result.invoice_no)[COGS] == D("76.00")
    assert gl(store, result.invoice_no)[INVENTORY] == D("-76.00")
    assert applications(store) == [(sale.entry_no, first, D("10"), D("60.00")),
                                   (sale.entry_no, second, D("2"), D("16.00"))]
    inbound = {e.entry_no: e for e in entries(store)}
    assert (inbound[first].remaining_quantity, inbound[first].open) == (0, False)
    assert (inbound[second].remaining_quantity, inbound[second].open) == (D("8"), True)
    invoice = store.posted.invoice(result.invoice_no)
    assert invoice.lines[0].cost_amount == D("76.00")
    assert_consistent(store)
    # the rest goes at 8.00 each
    assert entries(store)[-1].cost_amount == D("-76.00")
    sell(store, "A", 8)
    assert entries(store)[-1].cost_amount == D("-64.00")
    assert_consistent(store)


def test_fifo_shipped_then_invoiced_later_puts_the_applied_cost_on_cogs(store):
    with_stock(store, "fifo")
    order = store.sales.create(DocKind.ORDER, "C")
    store.sales.add_line(order, "A", D("12"))
    store.sales.post(order, ship=True)
    result = store.sales.post(order, invoice=True)
    assert gl(store, result.invoice_no)[COGS] == D("76.00")


def test_average_sells_at_the_moving_average(store):
    with_stock(store, "average")
    assert store.items.get("A").unit_cost == D("7.00")
    with store.db.read() as s:
        assert average_cost(s, "A") == D("7.00")
    assert (store.items.inventory_value("A"), store.items.average_cost("A")) == (D("140.00"), D("7.00"))
    result = sell(store, "A", 12)
    assert entries(store)[-1].cost_amount == D("-84.00")
    assert gl(store, result.invoice_no)[COGS] == D("84.00")
    assert store.items.get("A").unit_cost == D("7.00")
    stock_in(store, "A", 2, "10.00")  # 8 x 7.00 + 2 x 10.00 = 76.00 for 10
    assert store.items.get("A").unit_cost == D("7.60")
    assert_consistent(store)


def test_standard_sells_at_the_unit_cost(store):
    an_item(store, "standard", unit_cost="6.50")
    stock_in(store, "A", 10, "6.00")
    sell(store, "A", 2)
    assert entries(store)[-1].cost_amount == D("-13.00")
    assert_consistent(store)


def test_a_negative_adjustment_is_costed_fifo_and_posted_at_that_cost(store):
    with_stock(store, "fifo")
    entry = store.items.adjust("A", D("-12"))
    assert entry.cost_amount == D("-76.00")
    assert gl(store, entry.document_no) == {INVENTORY: D("-76.00"), INVENTORY_ADJMT: D("76.00")}
    assert_consistent(store)


# -- revaluation (the purchase invoice's cost) --------------------------------------------------

def test_revalue_inbound_carries_the_difference_to_the_units_sold(store):
    an_item(store, "fifo", unit_cost="8.00")
    received = stock_in(store, "A", 10, "8.00")                     # 80.00
    sell(store, "A", 2)                                              # COGS 16.00
    sale = entries(store)[-1]
    with store.db.write() as s:
        deltas = revalue_inbound(s, received, D("85.00"), posting_date=TODAY, document_no="F-1001")
    assert deltas == (D("4.00"), D("1.00"))
    with store.db.read() as s:
        assert inbound_value(s, received) == D("85.00")
        assert inbound_value(s, sale.entry_no) == D("-17.00")
        values = [(v.item_ledger_entry_no, v.kind, v.cost_amount, v.document_no, v.posted_to_gl) for v in s.execute(
            select(ValueEntry.__table__).order_by(ValueEntry.entry_no))]
    assert values == [(received, "revaluation", D("5.00"), "F-1001", True),
                      (sale.entry_no, "cost_adjustment", D("-1.00"), "F-1001", True)]
    by_no = {e.entry_no: e for e in entries(store)}
    assert (by_no[received].cost_amount, by_no[sale.entry_no].cost_amount) == (D("85.00"), D("-17.00"))
    sell(store, "A", 8)  # what is left: 8 x 8.50
    assert entries(store)[-1].cost_amount == D("-68.00")
    with store.db.write() as s:  # the same cost again changes nothing
        assert revalue_inbound(s, received, D("85.00"), posting_date=TODAY, document_no="F-1001") == (0, 0)


def test_revalue_inbound_of_an_average_item_moves_its_unit_cost(store):
    an_item(store, "average", unit_cost="8.00")
    received = stock_in(store, "A", 10, "8.00")
    with store.db.write() as s:
        assert revalue_inbound(s, received, D("85.00"), posting_date=TODAY, document_no="F-1") == (D("5.00"), 0)
    assert store.items.get("A").unit_cost == D("8.50")


def test_only_an_inbound_entry_is_revalued(store):
    an_item(store, "fifo")
    stock_in(store, "A", 10, "6.00")
    entry = store.items.adjust("A", D("-1"))
    with store.db.write() as s, pytest.raises(SalesDeskError, match="not an inbound entry"):
        revalue_inbound(s, entry.entry_no, D("1"), posting_date=TODAY, document_no="X")


# -- stock coming back --------------------------------------------------------------------------

def test_undo_shipment_brings_the_goods_back_at_the_cost_they_left_with(store):
    with_stock(store, "fifo")
    result = sell(store, "A", 12, invoice=False)
    store.posted.undo_shipment(result.shipment_no)
    back = entries(store)[-1]
    assert (back.quantity, back.cost_amount, back.remaining_quantity, back.open) == (D("12"), D("76.00"), D("12"),
                                                                                     True)
    assert store.items.inventory("A") == D("20")
    assert_consistent(store)
    sell(store, "A", 8)  # the older stock first: the 8 left at 8.00
    assert entries(store)[-1].cost_amount == D("-64.00")
    sell(store, "A", 6)  # then the goods taken back, at 76.00 / 12 each
    assert entries(store)[-1].cost_amount == D("-38.00")
    assert_consistent(store)


def test_a_cancelled_invoice_brings_the_goods_back_at_their_cost(store):
    with_stock(store, "fifo")
    result = sell(store, "A", 12)
    credit_memo = store.posted.cancel_invoice(result.invoice_no)
    back = entries(store)[-1]
    assert (back.quantity, back.cost_amount, back.remaining_quantity) == (D("12"), D("76.00"), D("12"))
    assert gl(store, credit_memo)[COGS] == D("-76.00")
    assert_consistent(store)


def test_a_return_order_line_brings_the_goods_back_at_the_line_cost(store):
    with_stock(store, "fifo")
    sell(store, "A", 12)
    ret = store.sales.create(DocKind.RETURN_ORDER, "C")
    store.sales.add_line(ret, "A", D("2"))  # not reversing a posted line: the line's Unit Cost (the item's)
    store.sales.post(ret, receive=True, invoice=True)
    back = entries(store)[-1]
    assert (back.quantity, back.cost_amount, back.remaining_quantity, back.open) == (D("2"), D("12.00"), D("2"), True)
    assert_consistent(store)


# -- negative inventory -------------------------------------------------------------------------

def test_negative_inventory_goes_out_at_unit_cost_and_is_adjusted_when_stock_comes(store):
    store.setup.update_company(allow_negative_inventory=True)
    an_item(store, "fifo")
    result = sell(store, "A", 5)
    sale = entries(store)[-1]
    assert (sale.cost_amount, sale.remaining_quantity, sale.open) == (D("-30.00"), D("-5"), True)
    assert gl(store, result.invoice_no)[COGS] == D("30.00")
    assert_consistent(store)
    received = store.items.adjust("A", D("10"), unit_cost=D("8.00"))
    by_no = {e.entry_no: e for e in entries(store)}
    assert (by_no[sale.entry_no].remaining_quantity, by_no[sale.entry_no].open) == (0, False)
    assert by_no[sale.entry_no].cost_amount == D("-40.00")  # 5 x 8.00 after the cost adjustment
    assert (by_no[received.entry_no].remaining_quantity, by_no[received.entry_no].open) == (D("5"), True)
    assert applications(store) == [(sale.entry_no, received.entry_no, D("5"), D("40.00"))]
    adjustment = gl(store, received.document_no)
    assert adjustment[COGS] == D("10.00") and adjustment[INVENTORY] == D("80.00") - D("10.00")
    assert_consistent(store)
    sell(store, "A", 5)
    assert entries(store)[-1].cost_amount == D("-40.00")
    assert_consistent(store)


def test_a_partly_covered_sale_applies_what_there_is(store):
    store.setup.update_company(allow_negative_inventory=True)
    an_item(store, "fifo")
    first = stock_in(store, "A", 3, "5.00")
    sell(store, "A", 5)  # 3 x 5.00 + 2 x 6.00 (unit cost, not yet there)
    sale = entries(store)[-1]
    assert (sale.cost_amount, sale.remaining_quantity) == (D("-27.00"), D("-2"))
    assert applications(store) == [(sale.entry_no, first, D("3"), D("15.00"))]
    stock_in(store, "A", 4, "7.00")  # the 2 missing cost 7.00: 2.00 more
    assert entries(store)[1].cost_amount == D("-29.00")
    assert_consistent(store)


# -- the costing method on the item -------------------------------------------------------------

def test_costing_method_is_refused_once_the_item_has_entries(store):
    an_item(store, "fifo")
    store.items.update("A", costing_method="average")
    assert store.items.get("A").costing_method == "average"
    stock_in(store, "A", 1, "6.00")
    with pytest.raises(SalesDeskError, match="You cannot change Costing Method because there are one or more "
                                             "ledger entries for this item."):
        store.items.update("A", costing_method="fifo")
    with pytest.raises(SalesDeskError):
        store.items.update("A", costing_method="lifo")


# -- the upgrade of existing data ---------------------------------------------------------------

def test_existing_stock_opens_on_the_newest_inbound_entries_when_upgraded(store):
    with_stock(store, "fifo")                          # entries 1 (10 at 6.00) and 2 (10 at 8.00)
    store.items.adjust("A", D("-13"))                  # 7 left
    with store.db.engine.begin() as conn:
        command.downgrade(_config(conn), "0005")
        assert current(conn) == "0005"
    url = store.db.url
    store.close()
    with Desk.open(url, clock=lambda: TODAY) as again:
        with again.db.engine.connect() as conn:
            assert current(conn) == head()
        opened = [(e.entry_no, e.remaining_quantity, e.open) for e in entries(again)]
        assert opened == [(1, 0, False), (2, D("7"), True), (3, 0, False)]
        assert_consistent(again)
        sell(again, "A", 3)
        assert entries(again)[-1].cost_amount == D("-24.00")


# -- what the purchase posting calls --------------------------------------------------------------

def receive(desk, no: str, quantity, unit_cost, document_no: str = "PR-1") -> int:
    """A purchase receipt's item entry written as the purchase posting writes it: a row dict
    prepared by receive_inbound, bulk inserted, then finish_inbound."""
    from sqlalchemy import insert

    from salesdesk.model.inventory.costing import finish_inbound, receive_inbound
    from salesdesk.model.inventory.stock import move_stock, next_item_entry_no

    with desk.db.write() as s:
        row = dict(entry_no=next_item_entry_no(s), item_no=no, posting_date=TODAY, entry_type="purchase",
                   document_type="purchase_receipt", document_no=document_no, location="MAIN", description="",
                   quantity=D(quantity), cost_amount=D(quantity) * D(unit_cost))
        receive_inbound(s, row)
        s.execute(insert(ItemLedgerEntry.__table__), [row])
        move_stock(s, [(no, "MAIN", row["quantity"])])
        finish_inbound(s, [no], TODAY, document_no)
        return row["entry_no"]


def take_back(desk, no: str, quantity, *, apply_to: int) -> Decimal:
    """A return to the vendor (or an undone receipt): out of the receipt's own entry."""
    from sqlalchemy import insert

    from salesdesk.model.inventory.costing import cost_outbound
    from salesdesk.model.inventory.stock import move_stock, next_item_entry_no

    with desk.db.write() as s:
        row = dict(entry_no=next_item_entry_no(s), item_no=no, posting_date=TODAY, entry_type="purchase",
                   document_type="purchase_credit_memo", document_no="PCM-1", location="MAIN", description="",
                   quantity=-D(quantity), cost_amount=ZERO_)
        cost = cost_outbound(s, row, apply_to=apply_to)
        s.execute(insert(ItemLedgerEntry.__table__), [row])
        move_stock(s, [(no, "MAIN", row["quantity"])])
        return cost


ZERO_ = D("0")


@pytest.mark.parametrize("method, cogs", [("fifo", "76.00"), ("average", "84.00")])
def test_the_done_when_story_with_a_purchase_receipt(store, method, cogs):
    an_item(store, method)
    stock_in(store, "A", 10, "6.00")
    receive(store, "A", 10, "8.00")
    if method == "average":
        assert store.items.get("A").unit_cost == D("7.00")
    result = sell(store, "A", 12)
    assert gl(store, result.invoice_no)[COGS] == D(cogs)
    assert_consistent(store)


def test_a_return_to_the_vendor_takes_the_receipts_own_stock_at_its_cost(store):
    with_stock(store, "fifo")
    received = receive(store, "A", 5, "9.00")
    assert take_back(store, "A", 2, apply_to=received) == D("18.00")
    by_no = {e.entry_no: e for e in entries(store)}
    assert by_no[received].remaining_quantity == D("3")
    assert by_no[1].remaining_quantity == D("10")  # the oldest stock untouched
    assert_consistent(store)


def test_a_receipt_closes_negative_stock_with_a_cost_adjustment_posted_to_gl(store):
    store.setup.update_company(allow_negative_inventory=True)
    an_item(store, "fifo")
    sell(store, "A", 4)                      # out at 6.00: 24.00
    receive(store, "A", 10, "7.50", "PR-9")  # the 4 cost 30.00: 6.00 more
    assert gl(store, "PR-9") == {INVENTORY: D("-6.00"), COGS: D("6.00")}
    assert entries(store)[0].cost_amount == D("-30.00")
    assert_consistent(store)


@pytest.mark.parametrize("seed", [20, 7, 99, 3])
def test_inventory_value_is_the_value_left_on_open_entries_after_any_mix_of_moves(store, seed):
    """FIFO: however stock moves, the value of the item (entries + value entries) equals what
    is left of the value of its open inbound entries, and remaining quantities equal stock."""
    import random

    from salesdesk.model.inventory.costing import _remaining_value, inventory_value

    rng = random.Random(seed)
    store.setup.update_company(allow_negative_inventory=True)
    an_item(store, "fifo")
    for step in range(40):
        quantity = rng.randint(1, 9)
        move = rng.choice(("in", "in", "sell", "adjust_out", "revalue"))
        if move == "in":
            stock_in(store, "A", quantity, f"{rng.randint(100, 999) / 100:.2f}")
        elif move == "sell":
            sell(store, "A", quantity)
        elif move == "adjust_out":
            store.items.adjust("A", -D(quantity))
        else:
            inbound = [e for e in entries(store) if e.quantity > 0]
            if inbound:
                entry = rng.choice(inbound)
                with store.db.write() as s:
                    revalue_inbound(s, entry.entry_no, entry.cost_amount + D(rng.randint(-300, 300)) / 100,
                                    posting_date=TODAY, document_no=f"RV-{step}")
        assert_consistent(store)
    stock_in(store, "A", 100, "5.00")  # whatever stock was negative is closed
    with store.db.read() as s:
        quantity, value = inventory_value(s, "A")
        open_entries = s.execute(select(ItemLedgerEntry.entry_no, ItemLedgerEntry.remaining_quantity)
                                 .where(ItemLedgerEntry.item_no == "A", ItemLedgerEntry.open.is_(True))).all()
        assert all(e.remaining_quantity > 0 for e in open_entries)
        assert sum((e.remaining_quantity for e in open_entries), D(0)) == quantity
        assert value == sum((_remaining_value(s, e) for e in open_entries), D(0))


# -- the demo company and the generated one ----------------------------------------------------

def test_the_demo_company_and_a_generated_company_have_their_stock_open(desk, tmp_path):
    from salesdesk.model.demo import generate

    desk.load_demo()
    assert_consistent(desk)
    with Desk.open(tmp_path / "big.db", clock=lambda: TODAY) as big:
        generate(big, customers=20, items=10, entries=200)
        assert_consistent(big)


def test_a_preview_shows_the_fifo_cost_and_changes_nothing(store):
    from .test_posting_support import every_row

    with_stock(store, "fifo")
    order = store.sales.create(DocKind.ORDER, "C")
    store.sales.add_line(order, "A", D("12"))
    before = every_row(store)
    preview = store.sales.preview_post(order, ship=True, invoice=True)
    assert [r["cost_amount"] for r in preview.entries["item_ledger_entry"]] == [D("-76.00")]
    assert every_row(store) == before  # remaining quantities, applications: all as they were
    assert applications(store) == []


def test_adjust_cost_item_entries_posts_what_a_writer_left_and_reports_progress(store):
    """A writer that closed negative stock without finish_inbound leaves a cost adjustment
    unposted and an Average item's Unit Cost behind; the batch posts and updates them."""
    from sqlalchemy import insert

    from salesdesk.model.inventory.costing import receive_inbound
    from salesdesk.model.inventory.stock import move_stock, next_item_entry_no

    store.setup.update_company(allow_negative_inventory=True)
    an_item(store, "fifo")
    an_item(store, "average", no="B", unit_cost="5.00")
    sell(store, "A", 4)  # out at 6.00 each: 24.00, stock -4
    with store.db.write() as s:
        for no, cost in (("A", D("30.00")), ("B", D("80.00"))):  # 4 A at 7.50; 10 B at 8.00
            row = dict(entry_no=next_item_entry_no(s), item_no=no, posting_date=TODAY, entry_type="purchase",
                       document_type="purchase_receipt", document_no="PR-7", location="MAIN", description="",
                       quantity=D("4") if no == "A" else D("10"), cost_amount=cost)
            receive_inbound(s, row)
            s.execute(insert(ItemLedgerEntry.__table__), [row])
            move_stock(s, [(no, "MAIN", row["quantity"])])
    assert store.items.get("B").unit_cost == D("5.00")
    steps = []
    assert store.items.adjust_cost(progress=lambda done, total: steps.append((done, total))) == 1
    assert steps == [(1, 2), (2, 2)]
    assert gl(store, "ADJ-A") == {INVENTORY: D("-6.00"), COGS: D("6.00")}
    assert store.items.get("B").unit_cost == D("8.00")
    assert store.items.adjust_cost() == 0  # nothing left to post
    assert_consistent(store)
