"""Apply Entries: pick the open entries of the same customer that an open entry settles."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from .. import styles
from ..i18n import _
from ..widgets import format as fmt


class ApplyEntriesScreen(ModalScreen[list[int] | None]):
    """Returns the chosen entry numbers (in list order), or None on Escape."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("enter,ctrl+s", "take", _("Apply"), id="apply.take", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="apply.cancel"),
    ]

    def __init__(self, entry, candidates: list):
        super().__init__()
        self.entry, self.candidates = entry, candidates

    def compose(self) -> ComposeResult:
        entry = self.entry
        with Vertical(classes="dialog lookup"):
            yield Static(_("Apply entry {no} · {doc} · remaining {left}").format(
                no=entry.entry_no, doc=entry.document_no, left=fmt.amount(entry.remaining_amount)),
                classes="title", markup=False)
            yield Static(f"  {_('Entry'):>7} {_('Document'):<12} {_('Type'):<12} {_('Due Date'):<10} "
                         f"{_('Remaining'):>12}", classes="status-line", markup=False)
            yield SelectionList[int](*(
                Selection(f"{c.entry_no:>7} {c.document_no:<12} {c.document_type:<12} {fmt.date(c.due_date):<10} "
                          f"{fmt.amount(c.remaining_amount):>12}", c.entry_no) for c in self.candidates),
                id="apply-entries")
            yield Static(_("Space ticks an entry (oldest first is applied first) · Enter applies · Esc cancels"),
                         classes="status-line")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_take(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        if not chosen:
            self.notify(_("Tick at least one entry with Space."), severity="warning")
            return
        self.dismiss([c.entry_no for c in self.candidates if c.entry_no in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
