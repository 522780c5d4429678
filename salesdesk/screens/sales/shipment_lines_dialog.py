"""Get Shipment Lines: pick posted shipment lines not yet invoiced to put on an invoice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from ... import styles
from ...i18n import _
from ...widgets import format as fmt


def _prompt(row) -> str:
    return (f"{row.document_no:<11} {fmt.date(row.posting_date):<10} {row.order_no:<10} {row.no:<10} "
            f"{row.description[:30]:<30} {fmt.quantity(row.left):>10}")


class ShipmentLinesScreen(ModalScreen[list[tuple[str, int]] | None]):
    """Returns the chosen (shipment no., line no.) pairs, or None on Escape."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("enter,ctrl+s", "take", _("Get lines"), id="shiplines.take", priority=True),
        Binding("ctrl+a", "all", _("Select all"), id="shiplines.all"),
        Binding("escape", "cancel", _("Cancel"), id="shiplines.cancel"),
    ]

    def __init__(self, rows: list):
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lookup"):
            yield Static(_("Get Shipment Lines"), classes="title")
            yield Static(f"  {_('Shipment'):<11} {_('Date'):<10} {_('Order'):<10} {_('Item'):<10} "
                         f"{_('Description'):<30} {_('Not Invoiced'):>10}", classes="status-line", markup=False)
            yield SelectionList[tuple[str, int]](
                *(Selection(_prompt(r), (r.document_no, r.line_no), True) for r in self.rows), id="shipment-lines")
            yield Static(_("Space toggles a line · Ctrl+A all · Enter gets the ticked lines · Esc cancels"),
                         classes="status-line")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_all(self) -> None:
        selection = self.query_one(SelectionList)
        if len(selection.selected) == len(self.rows):
            selection.deselect_all()
        else:
            selection.select_all()

    def action_take(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        if not chosen:
            self.notify(_("Tick at least one line with Space."), severity="warning")
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
