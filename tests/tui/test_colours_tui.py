"""Colours that degrade: on a 16-colour terminal no title is red; without colour (NO_COLOR) a
ticked check box still differs from an empty one."""

from rich.color import ColorSystem
from textual.widgets import Checkbox

from salesdesk.screens.sales.document_dialogs import CopyDocumentScreen

from .conftest import settle

RED = {1, 9}  # red and bright red among the 16 standard colours


def _screen_lines(app) -> list:
    """The screen as the terminal gets it: one Strip (segments with Rich styles) per line."""
    return app.screen._compositor.render_strips()


def _red_in_16_colours(app) -> list[tuple[int, str]]:
    """Text that a 16-colour terminal shows red: Textual downgrades every colour with
    ``Color.downgrade(ColorSystem.STANDARD)`` when it writes to such a terminal (TERM=xterm)."""
    found = []
    for y, strip in enumerate(_screen_lines(app)):
        for segment in strip:
            style = segment.style
            if style is None or style.color is None or not segment.text.strip():
                continue
            if style.color.downgrade(ColorSystem.STANDARD).number in RED:
                found.append((y, segment.text))
    return found


def _plain_line(app, y: int) -> str:
    return "".join(segment.text for segment in _screen_lines(app)[y])


async def test_no_title_is_red_on_a_16_colour_terminal(shop, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screens = {}
        screens["desk"] = _red_in_16_colours(app)
        await pilot.press("c")
        await settle(pilot)
        screens["customers"] = _red_in_16_colours(app)
        app.open_customer("C")
        await settle(pilot)
        screens["customer card"] = _red_in_16_colours(app)
        assert screens == {"desk": [], "customers": [], "customer card": []}

        # the titles still stand out without colour: bold
        for title in [app.screen.query_one("#card-title"), *app.screen.query(".section-title"),
                      *app.screen.query(".factbox-title")]:
            style = title.rich_style
            assert style.bold, title
            assert style.color.downgrade(ColorSystem.STANDARD).number not in RED, title


async def test_a_ticked_check_box_differs_in_characters_without_colour(shop, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color
        await settle(pilot)
        app.push_screen(CopyDocumentScreen("order"))
        await settle(pilot)
        header = app.screen.query_one("#include-header", Checkbox)
        recalculate = app.screen.query_one("#recalculate", Checkbox)
        assert (header.value, recalculate.value) == (False, True)

        def box(checkbox: Checkbox) -> str:
            """The box as drawn on the screen: the characters before the label."""
            region = checkbox.content_region
            line = _plain_line(app, region.y)[region.x:region.right]
            return line[:line.index(str(checkbox.label))].strip("\xa0")

        assert box(header) != box(recalculate)
        assert "X" in box(recalculate) and "X" not in box(header)
        assert str(header.render()).split()[0] != str(recalculate.render()).split()[0]

        header.value = True  # ticking it redraws the box
        await settle(pilot)
        assert box(header) == box(recalculate)
