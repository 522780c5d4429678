"""Apply Entries: pick the open entries of the same customer that an open entry (or a cash
receipt journal line) settles, with a running total of what is marked against what is there
to apply (BC's Apply Customer Entries page with its Balance fields)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from ... import styles
from ...i18n import _
from ...widgets import format as fmt

ZERO = Decimal(0)


def discount_in_time(candidate, payment_date: dt.date | None) -> Decimal:
    """The payment discount a payment dated ``payment_date`` takes on ``candidate`` when it
    settles the rest of it (the model grants it on the same terms)."""
    possible = candidate.pmt_disc_possible or ZERO
    if (payment_date is None or possible <= 0 or candidate.pmt_discount_date is None
            or candidate.remaining_amount <= 0 or payment_date > candidate.pmt_discount_date):
        return ZERO
    return min(possible, candidate.remaining_amount)


def entries_of_documents(candidates: list, document_nos: Iterable[str]) -> list[int]:
    """The entry numbers of ``candidates`` left by these documents (to tick what Applies-to names)."""
    wanted = set(document_nos)
    return [c.entry_no for c in candidates if c.document_no in wanted]


def documents_of_entries(candidates: list, entry_nos: Iterable[int]) -> list[str]:
    """The document numbers of the chosen entries, each once, in the order given (for Applies-to)."""
    by_entry = {c.entry_no: c.document_no for c in candidates}
    return list(dict.fromkeys(by_entry[no] for no in entry_nos))


class ApplyEntriesScreen(ModalScreen[list[int] | None]):
    """Returns the chosen entry numbers (in list order: the oldest is settled first), or None
    on Escape.

    ``entry`` is the open entry being applied (from the ledger); the cash receipt journal
    passes None with ``title`` naming its line. ``amount`` is what there is to apply (by
    default the entry's remaining amount), ``payment_date`` the date a payment discount is
    judged by (by default the entry's posting date when it is a payment; None counts no
    discount), ``marked`` the entry numbers ticked at the start, ``notes`` a word per entry
    number shown in a last column (say, another statement line that already applies it)."""

    CSS_PATH = styles.DIALOGS
    # CSS, not DEFAULT_CSS: it must win over dialogs.tcss's .lookup size
    CSS = """
    #apply-dialog { width: 104; max-width: 100%; height: auto; max-height: 90%; }
    #apply-entries { max-height: 24; }
    #apply-total { height: auto; padding: 0 1; text-style: bold; }
    #apply-total.-over { color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,ctrl+s", "take", _("Apply"), id="apply.take", priority=True),
        Binding("ctrl+a", "all", _("Mark all"), id="apply.all"),
        Binding("escape", "cancel", _("Cancel"), id="apply.cancel"),
    ]

    def __init__(self, entry, candidates: list, *, amount: Decimal | None = None,
                 payment_date: dt.date | None = None, title: str | None = None, marked: Iterable[int] = (),
                 notes: Mapping[int, str] | None = None):
        super().__init__()
        self.entry, self.candidates = entry, candidates
        if amount is None:
            amount = abs(entry.remaining_amount) if entry is not None else ZERO
        self.amount = abs(Decimal(amount))
        if payment_date is None and entry is not None and entry.document_type == "payment":
            payment_date = entry.posting_date
        self.payment_date = payment_date
        self.title_text = title
        self.marked = set(marked)
        self.notes = dict(notes or {})

    def compose(self) -> ComposeResult:
        entry = self.entry
        title = self.title_text or _("Apply entry {no} · {doc} · remaining {left}").format(
            no=entry.entry_no, doc=entry.document_no, left=fmt.amount(entry.remaining_amount))
        with Vertical(classes="dialog lookup", id="apply-dialog"):
            yield Static(title, classes="title", markup=False)
            yield Static(f"     {_('Entry'):>7} {_('Document'):<12} {_('Type'):<11} {_('Due Date'):<10} "
                         f"{_('Remaining'):>12} {_('Pmt. Disc.'):>10} {_('Disc. Date'):<10}"
                         + (f" {_('Note')}" if self.notes else ""),
                         classes="status-line", markup=False)
            yield SelectionList[int](*(
                Selection(self._row(c), c.entry_no, c.entry_no in self.marked) for c in self.candidates),
                id="apply-entries")
            yield Static("", id="apply-total", markup=False)
            yield Static(_("Space ticks an entry (oldest first is applied first) · Ctrl+A all · Enter applies · "
                           "Esc cancels"), classes="status-line")

    def _row(self, c) -> str:
        disc = fmt.amount(c.pmt_disc_possible) if c.pmt_disc_possible else ""
        disc_date = fmt.date(c.pmt_discount_date) if c.pmt_disc_possible else ""
        note = f" {self.notes.get(c.entry_no, '')}" if self.notes else ""
        return (f"{c.entry_no:>7} {c.document_no:<12} {fmt.words(c.document_type).capitalize():<11} {fmt.date(c.due_date):<10} "
                f"{fmt.amount(c.remaining_amount):>12} {disc:>10} {disc_date:<10}{note}")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()
        self._show_total()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._show_total()

    def _chosen(self) -> list:
        chosen = set(self.query_one(SelectionList).selected)
        return [c for c in self.candidates if c.entry_no in chosen]

    def running_total(self) -> tuple[Decimal, Decimal, Decimal]:
        """(marked, of which payment discount, left to apply) for the ticked entries."""
        marked = discount = ZERO
        for c in self._chosen():
            disc = discount_in_time(c, self.payment_date)
            marked += abs(c.remaining_amount) - disc
            discount += disc
        return marked, discount, self.amount - marked

    def _short(self) -> tuple[object, list]:
        """When over-applied: the entry that is only partly paid and those left unpaid after it
        (entries are settled in list order, each in full while the amount lasts)."""
        left = self.amount
        chosen = self._chosen()
        for index, c in enumerate(chosen):
            need = abs(c.remaining_amount) - discount_in_time(c, self.payment_date)
            if need > left:
                return c, chosen[index + 1:]
            left -= need
        return None, []

    def _show_total(self) -> None:
        marked, discount, left = self.running_total()
        text = _("Amount to apply {x} · Marked {y} · Left {z}").format(
            x=fmt.amount(self.amount), y=fmt.amount(marked), z=fmt.amount(left))
        if discount:
            text += " " + _("(Marked is after {d} payment discount)").format(d=fmt.amount(discount))
        if left < 0:
            partly, unpaid = self._short()
            if unpaid:
                text += "\n" + _("Over-applied: {doc} will be partly paid and {docs} not at all.").format(
                    doc=partly.document_no, docs=", ".join(c.document_no for c in unpaid))
            else:
                text += "\n" + _("Over-applied: the last marked entry, {doc}, will be partly paid.").format(
                    doc=partly.document_no)
        total = self.query_one("#apply-total", Static)
        total.set_class(left < 0, "-over")
        total.update(text)

    def action_all(self) -> None:
        """Ctrl+A ticks every entry, or unticks them all when all are ticked already."""
        selection = self.query_one(SelectionList)
        everything = len(selection.selected) == len(self.candidates)
        (selection.deselect_all if everything else selection.select_all)()

    def action_take(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        if not chosen:
            self.notify(_("Tick at least one entry with Space."), severity="warning")
            return
        self.dismiss([c.entry_no for c in self.candidates if c.entry_no in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
