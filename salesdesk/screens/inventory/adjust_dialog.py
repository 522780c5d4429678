"""Adjust Inventory: one item journal line (positive or negative) posted to the item ledger."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt


class AdjustInventoryScreen(ModalScreen):
    """Returns the posted item ledger entry, or None when cancelled."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("ctrl+s", "post", _("Post"), id="adjust.post"),
        Binding("escape", "cancel", _("Cancel"), id="adjust.cancel"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="adjust.lookup"),
    ]

    def __init__(self, item_no: str):
        super().__init__()
        self.item_no = item_no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Adjust inventory of item {no}").format(no=self.item_no), classes="title")
            yield Static(_("A positive quantity adds stock, a negative one removes it."), classes="muted")
            yield Label(_("Quantity (+/-)"))
            yield Input(id="qty", placeholder="e.g. 10 or -2")
            yield Label(_("Location Code"))
            yield Input(value="MAIN", id="location", placeholder=_("F4 to look up"))
            # blank: stock in at the item's Unit Cost, stock out at the cost of the stock it takes
            yield Label(_("Unit Cost (blank: the item's in, its costing method out)"))
            yield Input(id="cost")
            yield Static("", id="adjust-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Post") + " (Ctrl+S)", id="post", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#qty", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "cost":
            self.run_worker(self.action_post())
        else:
            self.focus_next()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "post":
            await self.action_post()
        else:
            self.action_cancel()

    async def action_post(self) -> None:
        qty = self.query_one("#qty", Input).value
        location = self.query_one("#location", Input).value or None
        cost = self.query_one("#cost", Input).value.strip() or None
        try:
            entry = await self.app.db(self.app.desk.items.adjust, self.item_no, qty,
                                      location=location, unit_cost=cost)
        except Exception as err:
            from ...model.core.errors import SalesDeskError

            if isinstance(err, SalesDeskError):
                self.query_one("#adjust-error", Static).update(str(err))
                return
            self.app.report(err)
            return
        self.notify(_("Posted {doc}: {qty} of item {no}.").format(
            doc=entry.document_no, qty=fmt.quantity(entry.quantity), no=self.item_no), markup=False)
        self.dismiss(entry)

    def action_lookup(self) -> None:
        if self.focused is not self.query_one("#location", Input):
            return
        from ..common.lookup import LookupScreen

        def picked(code: str | None) -> None:
            if code:
                self.query_one("#location", Input).value = code

        self.app.push_screen(LookupScreen("location"), picked)

    def action_cancel(self) -> None:
        self.dismiss(None)
