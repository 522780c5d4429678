"""Keys typed while a screen opens go to that screen: a list's filter, a new card's field, a
lookup. Typed in one burst, from the moment the program starts."""

from __future__ import annotations

import re


def test_a_customer_number_typed_into_the_list_as_it_opens_opens_that_customer(terminal_at):
    term = terminal_at(120, 40)
    term.press("c", *"C00005", "enter", delay=0)
    shown = term.wait_for("Customer C00005", timeout=30)
    assert not re.search(r"Customer C0000[0-46-9]\b", shown)


def test_f4_typed_with_the_keys_that_open_a_new_order_opens_the_customer_lookup(terminal_at):
    term = terminal_at(80, 24)
    term.press("o", "ctrl+n", "f4", delay=0)
    term.wait_for("Look up: Customers", timeout=30)


def test_a_fragment_of_an_item_description_typed_at_speed_finds_it(terminal_at, demo_db):
    from decimal import Decimal

    from salesdesk.model import Desk

    term = terminal_at(120, 40)
    term.press("O", *"C00002", "enter", *"beche", "enter", "4", "enter", delay=0.03)
    shown = term.wait_for("Bêche", timeout=30)
    no = re.search(r"Sales Order (SO-\d+)", shown).group(1)
    term.wait_for("Total Excl. VAT 130.00", timeout=30)
    with Desk.open(demo_db) as desk:
        assert [(line.no, line.quantity) for line in desk.sales.get("order", no).lines] == [
            ("I00003", Decimal("4"))]
