"""The question Post asks on an order (Ship / Invoice / Ship and Invoice) or a return order
(Receive / Invoice / Receive and Invoice), BC's option menu; and what the answer means."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ... import styles
from ...i18n import _

# kind -> [(choice, label, keys)]; a choice is "handle" (ship or receive), "invoice" or "both"
CHOICES = {
    "order": [("handle", _("Ship"), "s,1"), ("invoice", _("Invoice"), "i,2"),
              ("both", _("Ship and Invoice"), "a,3")],
    "return_order": [("handle", _("Receive"), "r,1"), ("invoice", _("Invoice"), "i,2"),
                     ("both", _("Receive and Invoice"), "a,3")],
}
CHOICES["purchase_order"] = CHOICES["return_order"]  # a purchase order receives and invoices too

# what Post does with a document of each kind that asks no question
WHOLE = {"invoice": _("invoice"), "credit_memo": _("credit memo")}


def needs_choice(kind: str) -> bool:
    return kind in CHOICES


def post_flags(kind: str, choice: str | None) -> dict[str, bool]:
    """The keyword arguments of ``desk.sales.post`` for a document kind and an answer."""
    if kind == "order":
        return {"ship": choice in ("handle", "both"), "invoice": choice in ("invoice", "both")}
    if kind == "return_order":
        return {"receive": choice in ("handle", "both"), "invoice": choice in ("invoice", "both")}
    return {}


class PostOptionsScreen(ModalScreen[str | None]):
    """Returns "handle", "invoice" or "both"; None when Escape cancels. Arrow keys and Enter,
    or the letter (or number) shown beside each option."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("escape", "choose(None)", _("Cancel"), id="post_options.cancel"),
    ]

    def __init__(self, kind: str, question: str, *, title: str | None = None):
        super().__init__()
        self.kind = kind
        self.question = question
        self.title_text = title or _("Post")
        self.choices = CHOICES[kind]
        for choice, label, keys in self.choices:
            self._bindings.bind(keys, f"choose('{choice}')", label, show=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog post-options"):
            yield Static(self.title_text, classes="title", markup=False)
            yield Static(self.question, id="post-question", markup=False)
            yield OptionList(*[Option(f"{label}  ({keys.split(',')[0].upper()})", id=choice)
                               for choice, label, keys in self.choices], id="post-choices")
            yield Static(_("Enter: choose · Esc: cancel"), classes="status-line")

    def on_mount(self) -> None:
        options = self.query_one("#post-choices", OptionList)
        options.highlighted = len(self.choices) - 1  # BC's default: ship (receive) and invoice
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
