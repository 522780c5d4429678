"""Text from data never drives the terminal: an ESC sequence in a customer's name neither
clears the screen nor retitles the window, in a list or on a card."""

from __future__ import annotations

from salesdesk.model import Desk
from salesdesk.model.tables import Customer

HOSTILE = "Acme\x1b[2J\x1b]0;pwned\x07Corp"


def test_an_escape_sequence_in_a_name_is_shown_not_obeyed(terminal_at, demo_db):
    # The model refuses such a name (tests/model/test_hostile_text.py); this one is written
    # past it, as an older version or another program could have: the screen is the second guard.
    with Desk.open(demo_db) as desk:
        desk.customers.create("placeholder", no="C99999")
        with desk.db.write() as s:
            s.get(Customer, "C99999").name = HOSTILE
    term = terminal_at(120, 40)
    term.wait_for("The desk ·", timeout=30)
    term.press("c", *"C99999", delay=0.03)
    shown = term.wait_for("Corp", timeout=30)
    assert "pwned" not in term.screen.title
    assert "C99999" in shown and "Customers" in shown  # the screen was not cleared
    term.press("enter")
    shown = term.wait_for("Customer C99999", timeout=30)
    assert "pwned" not in term.screen.title and "Name" in shown
