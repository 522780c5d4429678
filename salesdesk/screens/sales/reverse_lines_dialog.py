"""Get Posted Document Lines to Reverse: pick posted invoice (or shipment) lines of the
customer that can still be returned, to put on a credit memo or return order (BC 6.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from ... import styles
from ...i18n import _
from ...widgets import format as fmt

SOURCES = ("invoice", "shipment")
SOURCE_TITLES = {"invoice": _("Posted Invoice Lines"), "shipment": _("Posted Shipment Lines")}


@dataclass(frozen=True)
class ReversibleRow:
    """One posted line that can still be returned, as the picker shows it."""

    kind: str  # invoice or shipment
    document_no: str
    line_no: int
    posting_date: dt.date | None
    no: str
    description: str
    quantity: Decimal
    returned: Decimal
    returnable: Decimal
    unit_price: Decimal


def reversible_rows(desk, customer_no: str, doc=None) -> dict[str, list[ReversibleRow]]:
    """Per source kind, the lines of ``customer_no`` (the bill-to customer) that can still be
    returned: the model already leaves out what is posted as returned and what unposted credit
    memos and return orders (this one included) take back. Runs in a thread."""
    result: dict[str, list[ReversibleRow]] = {}
    for kind in SOURCES:
        lines = desk.posted.reversible_lines(customer_no, kind)
        dates = {no: desk.posted.get(kind, no).posting_date for no in dict.fromkeys(ln.document_no for ln in lines)}
        result[kind] = [
            ReversibleRow(kind, line.document_no, line.line_no, dates.get(line.document_no), line.no,
                          line.description, line.quantity, line.returned_quantity + line.pending_return,
                          line.returnable, line.unit_price)
            for line in lines]
    return result


# (label, width, right-aligned)
COLUMNS = ((_("Document No."), 12, False), (_("Posting Date"), 12, False), (_("Item"), 10, False),
           (_("Description"), 22, False), (_("Quantity"), 8, True), (_("Returned"), 8, True),
           (_("Returnable"), 10, True), (_("Unit Price"), 11, True))


def _cells(values) -> str:
    parts = []
    for (_label, width, right), value in zip(COLUMNS, values):
        value = str(value)
        if len(value) > width:
            value = value[:width - 1] + "…"
        parts.append(value.rjust(width) if right else value.ljust(width))
    return " ".join(parts)


def _prompt(row: ReversibleRow) -> str:
    return _cells((row.document_no, fmt.date(row.posting_date), row.no, row.description, fmt.quantity(row.quantity),
                   fmt.quantity(row.returned), fmt.quantity(row.returnable), fmt.price(row.unit_price)))


class ReverseLinesScreen(ModalScreen[tuple[str, dict[str, list[int]]] | None]):
    """Returns (source kind, {posted document no.: [line nos.]}) for the ticked lines (the
    highlighted line when none is ticked), or None on Escape. Tab switches between posted
    invoice lines and posted shipment lines."""

    CSS_PATH = styles.DIALOGS
    CSS = """
    #reverse-dialog { width: 118; max-width: 100%; }
    #reverse-lines { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter,ctrl+s", "take", _("Get lines"), id="reverse.take", priority=True),
        Binding("tab,shift+tab", "switch", _("Invoices / Shipments"), id="reverse.switch", priority=True),
        Binding("ctrl+a", "all", _("Select all"), id="reverse.all"),
        Binding("escape", "cancel", _("Cancel"), id="reverse.cancel"),
    ]

    def __init__(self, rows: dict[str, list[ReversibleRow]], customer: str = ""):
        super().__init__()
        self.rows = rows
        self.customer = customer
        self.source = next((kind for kind in SOURCES if rows.get(kind)), SOURCES[0])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lookup", id="reverse-dialog"):
            yield Static("", id="reverse-title", classes="title")
            yield Static("     " + _cells(label for label, _w, _r in COLUMNS), classes="status-line", markup=False)
            yield SelectionList[tuple[str, int]](id="reverse-lines")
            yield Static("", id="reverse-empty", classes="status-line", markup=False)
            yield Static(_("Space ticks a line · Ctrl+A all · Tab: invoices / shipments · "
                           "Enter gets the ticked lines · Esc cancels"), classes="status-line")

    def on_mount(self) -> None:
        self._show()

    @property
    def shown(self) -> list[ReversibleRow]:
        return self.rows.get(self.source, [])

    def _show(self) -> None:
        title = SOURCE_TITLES[self.source]
        if self.customer:
            title += " · " + _("Customer {no}").format(no=self.customer)
        self.query_one("#reverse-title", Static).update(
            _("Get Posted Document Lines to Reverse") + " · " + title)
        selection = self.query_one(SelectionList)
        selection.clear_options()
        selection.add_options([Selection(_prompt(r), (r.document_no, r.line_no), False) for r in self.shown])
        empty = "" if self.shown else (
            _("No posted invoice lines left to return.") if self.source == "invoice"
            else _("No posted shipment lines left to return."))
        self.query_one("#reverse-empty", Static).update(empty)
        selection.focus()
        if self.shown:
            selection.highlighted = 0

    def action_switch(self) -> None:
        self.source = SOURCES[(SOURCES.index(self.source) + 1) % len(SOURCES)]
        self._show()

    def action_all(self) -> None:
        selection = self.query_one(SelectionList)
        if len(selection.selected) == len(self.shown):
            selection.deselect_all()
        else:
            selection.select_all()

    def action_take(self) -> None:
        selection = self.query_one(SelectionList)
        chosen = list(selection.selected)
        if not chosen and selection.highlighted is not None and self.shown:
            chosen = [selection.get_option_at_index(selection.highlighted).value]
        if not chosen:
            self.notify(_("There are no lines to get here: Tab shows the other posted documents."),
                        severity="warning")
            return
        by_document: dict[str, list[int]] = {}
        order = {(r.document_no, r.line_no): i for i, r in enumerate(self.shown)}
        for document_no, line_no in sorted(chosen, key=lambda key: order.get(key, 0)):
            by_document.setdefault(document_no, []).append(line_no)
        self.dismiss((self.source, by_document))

    def action_cancel(self) -> None:
        self.dismiss(None)
