"""The Footer, recomposed only when the keys it shows change.

Textual's Footer rebuilds all its keys whenever focus moves, even when the same keys stay on
show; on a card that is every Tab, and each rebuild restyles dozens of widgets."""

from __future__ import annotations

from textual.widgets import Footer


class DeskFooter(Footer):
    _shown: tuple | None = None

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
