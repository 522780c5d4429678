"""A whole order typed into the real program as fast as a clerk or a scanner types it: every
key must land in the cell it was typed for, at any speed, whatever the screen is doing."""

from __future__ import annotations

import os
import re
import time
from decimal import Decimal

import pytest

from salesdesk.model import Desk

# How many times each speed and size is typed: once in the suite; 20 to show that it holds
# (SALESDESK_TERMINAL_REPEAT=20 python -m pytest tests/terminal).
REPEAT = int(os.environ.get("SALESDESK_TERMINAL_REPEAT", "1"))
ORDER = [("I00001", "3"), ("I00002", "1"), ("I00003", "4"), ("I00004", "6"), ("I00005", "2")]
CUSTOMER = "C00002"


def order_keys(lines=ORDER) -> list[str]:
    """From the desk: a new sales order for the customer, then item No. and quantity per line."""
    keys = ["O", *CUSTOMER, "enter"]
    for item, quantity in lines:
        keys += [*item, "enter", *quantity, "enter"]
    return keys


def lines_saved(db, doc_no: str) -> list[tuple[str, Decimal]]:
    desk = Desk.open(db)
    try:
        doc = desk.sales.get("order", doc_no)
        assert doc.customer_no == CUSTOMER
        return [(line.no, line.quantity) for line in doc.lines if line.type == "item"]
    finally:
        desk.close()


def saved_when_settled(db, doc_no: str, expected, timeout: float = 30.0):
    """The order's lines once they are what is expected, or as they are after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        saved = lines_saved(db, doc_no)
        if saved == expected or time.monotonic() > deadline:
            return saved
        time.sleep(0.2)


def typed_order(terminal, delay: float) -> str:
    """Type the order from the moment the program starts; the new order's number."""
    terminal.press(*order_keys(), delay=delay)
    shown = terminal.wait_for("Sales Order SO-", timeout=30)
    return re.search(r"Sales Order (SO-\d+)", shown).group(1)


@pytest.mark.parametrize("attempt", range(REPEAT))
@pytest.mark.parametrize("columns, lines", [(120, 40), (80, 24)])
@pytest.mark.parametrize("delay", [0, 0.03, 0.08], ids=["burst", "30ms", "80ms"])
def test_a_five_line_order_typed_at_speed_lands_exactly(terminal_at, demo_db, delay, columns, lines, attempt):
    term = terminal_at(columns, lines)
    # typed at once, while the program is still starting: the keys wait for the database
    no = typed_order(term, delay)
    expected = [(item, Decimal(qty)) for item, qty in ORDER]
    assert saved_when_settled(demo_db, no, expected) == expected
