"""The Combine Shipments batch: one invoice per customer for the shipments not yet invoiced
of orders with Combine Shipments on, optionally posted, with a progress bar."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Static

from ... import styles
from ...i18n import _


class CombineShipmentsScreen(ModalScreen[None]):
    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("ctrl+s", "run", _("Run"), id="combine.run"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="combine.lookup"),
        Binding("escape", "close", _("Close"), id="combine.close"),
    ]

    running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Combine Shipments"), classes="title")
            yield Label(_("Customer No. (blank: every customer with Combine Shipments)"))
            yield Input(id="combine-customer", placeholder=_("F4 to look up"))
            yield Label(_("Posting Date"))
            yield Input(id="combine-date", placeholder=_("blank: today"))
            yield Checkbox(_("Post Invoices"), id="combine-post")
            yield ProgressBar(id="combine-progress", show_eta=False)
            yield Static("", id="combine-result", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Run") + " (Ctrl+S)", id="run", variant="primary")
                yield Button(_("Close") + " (Esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#combine-customer", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_run() if event.button.id == "run" else self.action_close()

    def action_lookup(self) -> None:
        from ..common.lookup import LookupScreen

        def picked(code: str | None) -> None:
            if code:
                self.query_one("#combine-customer", Input).value = code

        self.app.push_screen(LookupScreen("customer"), picked)

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)

    def action_run(self) -> None:
        if self.running:
            return
        from ...model.core.errors import SalesDeskError
        from ...model.core.fields import parse_date

        customer = self.query_one("#combine-customer", Input).value.strip().upper() or None
        try:
            posting_date = parse_date(self.query_one("#combine-date", Input).value, _("Posting Date"),
                                      self.app.desk.today())
        except SalesDeskError as err:
            self.query_one("#combine-result", Static).update(str(err))
            self.query_one("#combine-date", Input).focus()
            return
        self._run(customer, posting_date, self.query_one("#combine-post", Checkbox).value)

    @work(exclusive=True, group="combine")
    async def _run(self, customer, posting_date, post: bool) -> None:
        bar = self.query_one("#combine-progress", ProgressBar)
        result_line = self.query_one("#combine-result", Static)
        self.running = True
        result_line.update(_("Working…"))

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            result = await self.app.db(self.app.desk.sales.combine_shipments, customer,
                                       posting_date=posting_date, post=post, progress=progress)
        except Exception as err:  # noqa: BLE001 - shown to the clerk, logged if unexpected
            self.app.report(err)
            result_line.update(str(err))
            return
        finally:
            self.running = False
        lines = [_("Invoices made: {n} {nos}").format(n=len(result.invoice_nos), nos=" ".join(result.invoice_nos))]
        if post:
            lines.append(_("Invoices posted: {n} {nos}").format(n=len(result.posted_invoice_nos),
                                                               nos=" ".join(result.posted_invoice_nos)))
        if not result.invoice_nos and not result.errors:
            lines = [_("There were no shipments to invoice.")]
        lines += result.errors
        if not result.invoice_nos:
            bar.update(total=1, progress=1)
        result_line.update("\n".join(lines))
        self.app.notify(lines[0])
