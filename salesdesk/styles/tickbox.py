"""A ticked Checkbox shows X, an unticked one a blank.

Textual draws both as "▐X▌" and tells them apart by the X's colour only: with NO_COLOR (or a
monochrome terminal) a ticked box looked like an empty one. Here they differ in characters.
Applied to Textual's Checkbox class itself, so every check box in the app reads the same,
those on cards and those in dialogs."""

from __future__ import annotations

TICKED = "X"
UNTICKED = " "


def _inner(checkbox) -> str:
    return TICKED if checkbox.value else UNTICKED


def tick_checkboxes() -> None:
    """Make Checkbox's inner glyph follow its value (ToggleButton reads ``self.BUTTON_INNER``
    each time it draws the button)."""
    from textual.widgets import Checkbox

    if not isinstance(Checkbox.__dict__.get("BUTTON_INNER"), property):
        Checkbox.BUTTON_INNER = property(_inner)  # type: ignore[assignment]
