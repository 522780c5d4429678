"""The Footer: every key of the screen, on as many lines as it takes (up to four), and
recomposed only when the keys it shows change.

Textual's Footer is one line: on a document card, with twenty actions, most keys fell off its
right edge. This one wraps its keys into rows (compact: one space between keys). It also keeps
Textual's Footer from rebuilding all its keys whenever focus moves while the same keys stay
on show (on a card that is every Tab, and each rebuild restyles dozens of widgets)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer, Label
from textual.widgets._footer import FooterKey

from ..i18n import _

MAX_ROWS = 4  # beyond, "… n more: ^p" (every action is in the command palette)
PALETTE_WIDTH = 13  # "▏^p palette" docked on the right


class FooterRow(HorizontalGroup):
    pass


class DeskFooter(Footer):
    DEFAULT_CSS = """
    DeskFooter {
        layout: vertical;
        height: auto;
        max-height: 4;
    }
    DeskFooter FooterRow {
        height: 1;
        width: 1fr;
    }
    DeskFooter .footer-more {
        color: $text-muted;
    }
    """

    _shown: tuple | None = None
    _width = 0  # the width the rows were laid out for

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("compact", True)
        super().__init__(*args, **kwargs)

    def _signature(self, screen) -> tuple:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            signature = self._signature(screen)
            if self._bindings_ready and signature == self._shown:
                return
            self._shown = signature
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        if self._bindings_ready and self.size.width != self._width:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._width = self.size.width
        room = max(width - PALETTE_WIDTH, 20)
        keys: list[FooterKey] = []
        palette: list[FooterKey] = []
        for widget in super().compose():
            (palette if widget.has_class("-command-palette") else keys).append(widget)
        rows: list[list] = [[]]
        used = 0
        for n, key in enumerate(keys):
            need = len(key.key_display) + len(key.description) + 2  # "key desc" and one space after
            last = len(rows) == MAX_ROWS  # keeps room for "… n more: ^p"
            if rows[-1] and used + need > room - (16 if last and n < len(keys) - 1 else 0):
                if last:  # a narrow terminal: the palette lists the rest
                    rows[-1].append(Label(_("… {n} more: ^p").format(n=len(keys) - n), classes="footer-more"))
                    break
                rows.append([])
                used = 0
            rows[-1].append(key)
            used += need
        yield from palette
        for row in rows:
            yield FooterRow(*row)
