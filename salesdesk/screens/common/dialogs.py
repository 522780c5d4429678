"""Small modal dialogs: confirm, a list of problems, a short menu of choices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ... import styles
from ...i18n import _


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; Y or Enter confirms, N or Escape declines."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, *, title: str | None = None, yes: str | None = None):
        super().__init__()
        self.question = question
        self.title_text = title or _("Please confirm")
        self.yes_label = yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Static(self.question, id="question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label + " (Y)", id="yes", variant="primary")
                yield Button(_("No") + " (N)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ProblemsScreen(ModalScreen[None]):
    """Every problem found, listed together."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [Binding("escape,enter", "close", _("Close"), id="problems.close")]

    def __init__(self, title: str, problems: list[str]):
        super().__init__()
        self.title_text = title
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Static("\n".join(f"• {p}" for p in self.problems), id="problems", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A short menu (Print: Order Confirmation or Picking List): arrows and Enter, or the
    option's number; None when Escape cancels."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("escape", "choose(None)", _("Cancel"), id="choice.cancel"),
    ]

    def __init__(self, question: str, options: list[tuple[str, str]], *, title: str | None = None):
        super().__init__()
        self.question = question
        self.options = options
        self.title_text = title or ""
        for n, (choice, label) in enumerate(options[:9], start=1):
            self._bindings.bind(str(n), f"choose('{choice}')", label, show=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog post-options"):
            yield Static(self.title_text, classes="title", markup=False)
            yield Static(self.question, markup=False)
            yield OptionList(*[Option(f"{label}  ({n})", id=choice)
                               for n, (choice, label) in enumerate(self.options, start=1)], id="choices")
            yield Static(_("Enter: choose · Esc: cancel"), classes="status-line")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).highlighted = 0
        self.query_one("#choices", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


def confirm_delete(screen, question: str, delete, done) -> None:
    """Ask ``question``; on yes run the model call ``delete`` off the UI thread, then ``done()``
    (which may be async). A refusal is reported and ``done`` is not called."""
    import inspect

    async def answer(yes: bool | None) -> None:
        if not yes:
            return
        try:
            await screen.app.db(delete)
        except Exception as err:
            screen.app.report(err, title=_("Not deleted"))
            return
        result = done()
        if inspect.isawaitable(result):
            await result

    screen.app.push_screen(ConfirmScreen(question, yes=_("Delete")), answer)
