"""The command palette shows names as data, never as Rich markup, and finds them as typed."""

from textual.command import CommandList, CommandPalette

from salesdesk.screens.customers.customer_card import CustomerCardScreen

from .conftest import settle

KEYS = {"[": "left_square_bracket", "]": "right_square_bracket", "/": "slash", " ": "space"}


async def _palette_hits(pilot, query: str) -> list:
    """Open the palette, type ``query`` key by key, return the hits' prompts (Content)."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*[KEYS.get(ch, ch) for ch in query])
    await settle(pilot, rounds=8)
    commands = pilot.app.screen.query_one(CommandList)
    return [commands.get_option_at_index(i).prompt for i in range(commands.option_count)]


def _lines(prompt) -> list[str]:
    return prompt.plain.split("\n")


async def test_a_name_with_a_closing_tag_is_found_and_shown_as_typed(shop, make_app):
    shop.customers.create("Smith [/b] Co", no="SMITH", city="London")
    shown = "Customer SMITH Smith [/b] Co (London)"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        prompts = await _palette_hits(pilot, "smith [/b")  # part of the name
        first_lines = [_lines(p)[0] for p in prompts]
        assert shown in first_lines
        assert _lines(prompts[first_lines.index(shown)])[1] == "Open the customer card"
        await pilot.press("escape")
        await settle(pilot)

        prompts = await _palette_hits(pilot, "Smith [/b] Co")  # the whole name
        assert [_lines(p)[0] for p in prompts] == [shown]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert app.screen.key == "SMITH"


async def test_a_name_that_looks_like_a_style_is_not_styled(shop, make_app):
    shop.customers.create("[bold]Acme", no="ACME", city="[red]Lyon")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        prompts = await _palette_hits(pilot, "acme")
        hit = next(p for p in prompts if "ACME" in p.plain)
        assert _lines(hit)[0] == "Customer ACME [bold]Acme ([red]Lyon)"
        # on the name's line only the four typed letters are styled (the palette's highlight):
        # "[bold]" made nothing bold, "[red]" nothing red
        first = _lines(hit)[0]
        styled = sorted(i for span in hit.spans if span.start < len(first) for i in range(span.start, span.end))
        assert "".join(first[i] for i in styled).lower() == "acme"


async def test_the_palette_still_offers_its_areas_before_anything_is_typed(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        prompts = await _palette_hits(pilot, "")
        shown = [_lines(p)[:2] for p in prompts]
        assert ["Customers", "Type a customer's name or number to jump to the card"] in shown
        assert ["Items", "Type an item's description or number to jump to the card"] in shown
