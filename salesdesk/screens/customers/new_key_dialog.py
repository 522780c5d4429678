"""Rename Duplicate asks for the new key of the duplicate's row (MONTHLY -> MONTHLY2)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ... import styles
from ...i18n import _


class NewKeyDialog(ModalScreen[str | None]):
    """Enter returns what was typed; Escape returns None."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="new_key.cancel")]

    def __init__(self, question: str, initial: str = ""):
        super().__init__()
        self.question = question
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Rename Duplicate"), classes="title")
            yield Static(self.question, id="new-key-question", markup=False)
            yield Input(self.initial, id="new-key")
            yield Static(_("Enter renames · Esc cancels"), classes="status-line")

    def on_mount(self) -> None:
        self.query_one("#new-key", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
