"""Paths of the .tcss files (each screen loads only its own), and the check box glyph."""

from pathlib import Path

from .tickbox import tick_checkboxes

STYLES = Path(__file__).parent
APP = STYLES / "app.tcss"
CARD = STYLES / "card.tcss"
HOME = STYLES / "home.tcss"
DIALOGS = STYLES / "dialogs.tcss"

# Below 110 columns a card gets -narrow: its FactBox gives its width to the fields.
CARD_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

tick_checkboxes()  # ticked and unticked check boxes differ in characters, not only colour
