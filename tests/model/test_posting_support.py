"""What every posting test checks, in one place: the state of the database a posting may
touch (to prove a refusal wrote nothing and a preview saved nothing), the G/L balance of
each posting, and gap-free posted numbers.

Imported by the posting tests and the scenarios; the few tests at the bottom check the
helpers themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import text

# every table a posting writes or changes
POSTING_TABLES = ("posted_header", "posted_line", "shipment_invoicing", "item_ledger_entry",
                  "cust_ledger_entry", "gl_register", "gl_entry", "vat_entry", "sales_header", "sales_line")

POSTED_PREFIX = {"shipment": "PSS-", "invoice": "PSI-", "credit_memo": "PSC-", "return_receipt": "PRR-"}

# the shop the property tests start from: C, items A and B in stock and service S
D = Decimal
SHOP_TODAY = dt.date(2026, 11, 24)
ITEMS = {"A": (D("10.00"), D("6.00"), "inventory"), "B": (D("3.33"), D("1.11"), "inventory"),
         "S": (D("0.99"), D("0"), "service")}
STOCK = D("100")


def new_shop(path):
    """A fresh Desk at ``path`` with the property tests' customer, items and stock."""
    from salesdesk.model import Desk

    desk = Desk.open(path, clock=lambda: SHOP_TODAY)
    desk.setup.set_vat("STD", D("20"))
    desk.setup.set_vat("ZERO", D("0"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.customers.create("C", no="C", payment_terms="30D")
    for no, (price, cost, kind) in ITEMS.items():
        desk.items.create(no, no=no, unit_price=price, unit_cost=cost, type=kind,
                          vat_prod_group="ZERO" if no == "S" else "STD")
        if kind == "inventory":
            desk.items.adjust(no, STOCK, unit_cost=cost)
    return desk


def row_counts(desk) -> dict[str, int]:
    with desk.db.read() as s:
        return {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in POSTING_TABLES}


def series_last_nos(desk) -> dict[str, int]:
    return {row.code: row.last_no for row in desk.setup.number_series()}


def every_row(desk) -> dict[str, list[tuple]]:
    """Every row of every table, every column, in a stable order."""
    from sqlmodel import SQLModel

    with desk.db.read() as s:
        return {table.name: sorted((tuple(row) for row in s.execute(table.select())), key=repr)
                for table in SQLModel.metadata.sorted_tables}


def db_state(desk) -> dict:
    """What a refused posting or a preview must leave exactly as it was: every row of every
    table (a refusal that changed item_stock or a customer's balance cache is caught too)."""
    return {"counts": row_counts(desk), "series": series_last_nos(desk), "rows": every_row(desk)}


def gl_sums(desk) -> dict[int, Decimal]:
    """The sum of the G/L entries of every transaction (one per posting)."""
    sums: dict[int, Decimal] = defaultdict(lambda: Decimal("0"))
    for entry in desk.ledger.gl_entries():
        sums[entry.transaction_no] += entry.amount
    return dict(sums)


def assert_gl_balanced(desk) -> None:
    sums = gl_sums(desk)
    assert sums, "no G/L entries at all"
    unbalanced = {t: s for t, s in sums.items() if s != 0}
    assert unbalanced == {}, f"G/L transactions that do not sum to zero: {unbalanced}"


def gl_by_account(desk, document_no: str) -> dict[str, Decimal]:
    """The G/L entries of one posted document, summed per account."""
    amounts: dict[str, Decimal] = defaultdict(lambda: Decimal("0"))
    for entry in desk.ledger.gl_entries(document_no):
        amounts[entry.account_no] += entry.amount
    return dict(amounts)


def posted_nos(desk, kind: str) -> list[str]:
    return [doc.no for doc in desk.posted.list(kind)]


def assert_gap_free(desk) -> None:
    """Posted numbers of each kind are PREFIX-00001 .. PREFIX-n, and each series' last number
    is the highest one posted."""
    last = series_last_nos(desk)
    series = {"shipment": "P-SHIPMENT", "invoice": "P-INVOICE", "credit_memo": "P-CRMEMO",
              "return_receipt": "P-RETRCPT"}
    for kind, prefix in POSTED_PREFIX.items():
        nos = posted_nos(desk, kind)
        numbers = sorted(int(re.fullmatch(re.escape(prefix) + r"(\d{5})", no).group(1)) for no in nos)
        assert numbers == list(range(1, len(numbers) + 1)), f"{kind} numbers have gaps: {nos}"
        assert last[series[kind]] == len(numbers), f"series {series[kind]} is at {last[series[kind]]}, posted {nos}"


# -- the helpers themselves ---------------------------------------------------------------


def test_a_new_shop_has_balanced_gl_and_no_posted_numbers(shop):
    assert_gl_balanced(shop)  # the opening adjustment posts to inventory / adjustments
    assert_gap_free(shop)
    counts = row_counts(shop)
    assert counts["posted_header"] == counts["cust_ledger_entry"] == counts["vat_entry"] == 0
    assert counts["item_ledger_entry"] == 1


def test_db_state_sees_a_change_to_a_document(shop):
    from salesdesk.model import DocKind

    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", Decimal("5"))
    before = db_state(shop)
    shop.sales.update_line(order, 10000, qty_to_ship=Decimal("2"))
    assert db_state(shop) != before
