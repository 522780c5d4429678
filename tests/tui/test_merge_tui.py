"""Merge With from the customer card, keyboard only: pick the duplicate, see the fields that
differ and the related tables, take the duplicate's phone, settle a conflict (Rename or Remove
Duplicate), merge after confirming; refusals are shown, never a traceback."""

from decimal import Decimal

import pytest

from salesdesk.model import NotFound
from salesdesk.screens.common.dialogs import ConfirmScreen, ProblemsScreen
from salesdesk.screens.common.lookup import LookupScreen
from salesdesk.screens.customers.customer_card import CustomerCardScreen
from salesdesk.screens.customers.merge_duplicate import MergeDuplicateScreen
from salesdesk.screens.customers.new_key_dialog import NewKeyDialog
from tests.model.test_merge_customers import _codes, jardins, monthly  # noqa: F401  (fixtures)

from .conftest import settle, type_text

D = Decimal


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def _rows(screen, name: str) -> list[tuple]:
    table = screen.table(name)
    return [table._row(i) for i in range(table.row_count)]


async def _keys(pilot, *keys: str, rounds: int = 4) -> None:
    await pilot.press(*keys)
    await settle(pilot, rounds=rounds)


async def _merge_screen(app, pilot, duplicate: str) -> MergeDuplicateScreen:
    """C10's card, Alt+M, the duplicate typed into the lookup, Enter: Merge Duplicate."""
    await settle(pilot)
    app.open_customer("C10")
    await settle(pilot)
    assert isinstance(app.screen, CustomerCardScreen)
    await _keys(pilot, "alt+m")
    assert isinstance(app.screen, LookupScreen)
    await type_text(pilot, duplicate)
    await settle(pilot)
    await _keys(pilot, "enter", rounds=6)
    return app.screen


async def _merge_now(app, pilot, screen: MergeDuplicateScreen) -> None:
    """The conflict is gone: F9, Y, and the card is back."""
    assert app.screen is screen and _rows(screen, "conflicts") == []
    await _keys(pilot, "f9")
    await _keys(pilot, "y", rounds=8)
    assert isinstance(app.screen, CustomerCardScreen)


async def test_merge_with_takes_the_duplicates_phone_and_the_card_shows_the_kept_customer(jardins, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _merge_screen(app, pilot, "C42")
        assert isinstance(screen, MergeDuplicateScreen)
        assert _rows(screen, "fields") == [("Name", "Jardins Lefèvre", "Jardins Lefevre", "[ ]"),
                                           ("Phone No.", "04 78 00 00 10", "06 12 34 56 42", "[ ]")]
        related = {label: (current, duplicate) for label, current, duplicate in _rows(screen, "related")}
        assert related["customer ledger entries"] == (3, 2)
        assert related["sales documents"] == (0, 1)
        assert related["cash receipt journal lines"] == (0, 1)
        assert _rows(screen, "conflicts") == []
        assert "No conflicts" in str(screen.query_one("#merge-status").render())
        await pilot.press("down", "space")  # Override: Phone No.
        await settle(pilot)
        assert _rows(screen, "fields")[1][3] == "[x]"
        await _keys(pilot, "f9")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Merge customer C42 Jardins Lefevre into C10" in app.screen.question
        assert "Taken from the duplicate: Phone No." in app.screen.question
        await _keys(pilot, "y", rounds=8)
        card = app.screen
        assert isinstance(card, CustomerCardScreen) and card.key == "C10"
        assert card.form.row("phone").editor.value == "06 12 34 56 42"
        assert "340.00" in str(card.query_one("#stats").render())
        assert "Merged C42 into C10." in _messages(app)
    with pytest.raises(NotFound):
        jardins.customers.get("C42")
    assert jardins.customers.balance("C10") == D("340.00")
    assert jardins.customers.merges()[0].taken_fields == "phone"


async def test_a_conflict_blocks_merge_until_rename_duplicate_settles_it(monthly, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _merge_screen(app, pilot, "C42")
        assert _rows(screen, "conflicts") == [("customer standard codes", "code", "MONTHLY")]
        assert "Resolve (1) conflicts before merge." in str(screen.query_one("#merge-status").render())
        await _keys(pilot, "f9")
        assert isinstance(app.screen, ProblemsScreen)
        assert app.screen.problems == ["customer standard codes MONTHLY: both customers have it"]
        await _keys(pilot, "escape")
        await _keys(pilot, "alt+r")
        assert isinstance(app.screen, NewKeyDialog)
        await type_text(pilot, "monthly2")
        await _keys(pilot, "enter", rounds=6)
        assert "Renamed the duplicate's customer standard codes MONTHLY to MONTHLY2." in _messages(app)
        await _merge_now(app, pilot, screen)
    assert _codes(monthly) == {"C10": {("MONTHLY", "automatic"), ("MONTHLY2", "always_ask")}}


async def test_remove_duplicate_asks_first_then_the_merge_goes_through(monthly, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _merge_screen(app, pilot, "C42")
        assert app.focused is screen.table("conflicts")  # the conflicts come first
        await _keys(pilot, "space")  # to the fields, ticking nothing yet
        assert app.focused is screen.table("fields") and _rows(screen, "fields")[0][3] == "[ ]"
        await _keys(pilot, "space")
        assert _rows(screen, "fields")[0] == ("Name", "Jardins Lefèvre", "Jardins Lefevre", "[x]")
        await _keys(pilot, "alt+d")
        assert isinstance(app.screen, ConfirmScreen)
        await _keys(pilot, "y", rounds=6)
        assert "Removed the duplicate's customer standard codes MONTHLY." in _messages(app)
        await _merge_now(app, pilot, screen)
    assert _codes(monthly) == {"C10": {("MONTHLY", "automatic")}}
    assert monthly.customers.get("C10").name == "Jardins Lefevre"  # taken with Override


async def test_a_rename_onto_a_key_in_use_and_a_self_merge_are_shown_not_raised(monthly, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _merge_screen(app, pilot, "C42")
        await _keys(pilot, "alt+r")
        await type_text(pilot, "MONTHLY")
        await _keys(pilot, "enter", rounds=6)
        assert app.screen is screen
        assert "Customer C42 already has customer standard codes MONTHLY." in _messages(app)
        assert len(_rows(screen, "conflicts")) == 1
        await _keys(pilot, "escape")
        assert isinstance(app.screen, CustomerCardScreen)
        await _keys(pilot, "alt+m")
        await type_text(pilot, "C10")
        await settle(pilot)
        await _keys(pilot, "enter", rounds=6)
        assert isinstance(app.screen, CustomerCardScreen)  # refused: back on the card
        assert "Customer C10 cannot be merged with itself." in _messages(app)
    assert monthly.customers.get("C42").name == "Jardins Lefevre"


async def test_the_merge_keys_are_in_the_footer_and_the_palette(jardins, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("C10")
        await settle(pilot)
        assert "Merge With" in {c.title for c in app.get_system_commands(app.screen)}
        screen = await _merge_screen(app, pilot, "C42")
        commands = {c.title for c in app.get_system_commands(screen)}
        assert {"Override", "Remove Duplicate", "Rename Duplicate", "Merge", "Close"} <= commands
        footer = {b.binding.description for b in screen.active_bindings.values() if b.binding.show}
        assert {"Override", "Merge"} <= footer
