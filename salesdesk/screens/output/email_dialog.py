"""Send by E-mail: the message as it will leave (To, Subject, Body, the PDF attachment's
name and size) before it is sent. To, Subject and Body can be changed; Ctrl+S sends exactly
what is shown, Esc sends nothing. A wrong address is shown here and nothing is lost."""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ... import styles
from ...i18n import _


def size_text(n: int) -> str:
    return _("{n} KB").format(n=max(1, round(n / 1024))) if n >= 1024 else _("{n} bytes").format(n=n)


class EmailPreviewScreen(ModalScreen):
    """Returns the draft as edited (to send) or None."""

    CSS_PATH = styles.DIALOGS
    DEFAULT_CSS = """
    EmailPreviewScreen #mail-body { height: 12; }
    EmailPreviewScreen #mail-error { color: $text-error; height: auto; display: none; }
    EmailPreviewScreen #mail-attachment { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s,alt+s", "send", _("Send"), id="mail.send", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="mail.cancel"),
    ]

    def __init__(self, draft, *, title: str | None = None, check=None):
        super().__init__()
        self.draft = draft
        self.heading = title or _("Send by E-mail")
        self.check = check  # to -> error text or None (the model's address check), optional

    def compose(self) -> ComposeResult:
        d = self.draft
        with Vertical(classes="dialog mail"):
            yield Static(self.heading, classes="title", markup=False)
            yield Label(_("To"))
            yield Input(d.to, id="mail-to", placeholder=_("name@example.com; several separated by ;"))
            yield Label(_("Subject"))
            yield Input(d.subject, id="mail-subject")
            yield Label(_("Body"))
            yield TextArea(d.body, id="mail-body", soft_wrap=True, show_line_numbers=False)
            yield Static(_("Attachment: {name} ({size})").format(name=d.attachment_name,
                                                                 size=size_text(len(d.attachment))),
                         id="mail-attachment", markup=False)
            yield Static("", id="mail-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Send") + " (Ctrl+S)", id="send", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        to = self.query_one("#mail-to", Input)
        to.focus()
        if not to.value:
            self.show_error(_("Type the recipient's e-mail address."))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "mail-to":
            self.query_one("#mail-subject", Input).focus()
        else:
            self.query_one("#mail-body", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()

    def show_error(self, message: str) -> None:
        error = self.query_one("#mail-error", Static)
        error.update(message)
        error.display = bool(message)

    def edited(self):
        return dataclasses.replace(
            self.draft, to=self.query_one("#mail-to", Input).value.strip(),
            subject=self.query_one("#mail-subject", Input).value.strip(),
            body=self.query_one("#mail-body", TextArea).text)

    def action_send(self) -> None:
        draft = self.edited()
        if not draft.to:
            self.show_error(_("Type the recipient's e-mail address."))
            self.query_one("#mail-to", Input).focus()
            return
        if not draft.subject:
            self.show_error(_("The subject must not be empty."))
            self.query_one("#mail-subject", Input).focus()
            return
        problem = self.check(draft.to) if self.check is not None else None
        if problem:
            self.show_error(problem)
            self.query_one("#mail-to", Input).focus()
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
