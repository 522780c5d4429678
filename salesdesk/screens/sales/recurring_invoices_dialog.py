"""Create Recurring Sales Invoices (BC report 172): Order Date and Posting Date, optionally one
customer and one code; one invoice per valid assignment, with progress and the final count."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from ... import styles
from ...i18n import _
from ...widgets.record_form import RecordForm

FIELDS = ["order_date", "posting_date", "customer_no", "code"]


class RecurringInvoicesScreen(ModalScreen[list[str] | None]):
    """Returns the numbers of the invoices made (None when closed before running)."""

    CSS_PATH = [styles.DIALOGS, styles.CARD]  # the form is styled like a card
    BINDINGS = [
        Binding("ctrl+s", "run", _("Create Invoices"), id="recurring.run"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="recurring.lookup"),
        Binding("escape", "close", _("Close"), id="recurring.close"),
    ]

    running = False
    created: list[str] | None = None

    def compose(self) -> ComposeResult:
        from ...model.sales.recurring_invoices import BATCH_RULES

        today = self.app.desk.today()
        with Vertical(classes="dialog"):
            yield Static(_("Create Recurring Sales Invoices"), classes="title")
            yield RecordForm(BATCH_RULES, [(_("Options"), FIELDS)], id="recurring-form",
                             values={"order_date": today, "posting_date": today})
            yield ProgressBar(id="recurring-progress", show_eta=False)
            yield Static(_("Ctrl+S: create the invoices · F4: look up · Esc: close"), id="recurring-result",
                         classes="status-line", markup=False)

    @property
    def form(self) -> RecordForm:
        return self.query_one("#recurring-form", RecordForm)

    def on_mount(self) -> None:
        self.form.row("order_date").editor.focus()

    def action_lookup(self) -> None:
        from ..common.rows_screen import look_up_field

        look_up_field(self, self.form, lambda name: self.form.rules[name].lookup)

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.created)

    def action_run(self) -> None:
        if not self.running:
            self._run(self.form.values())

    @work(exclusive=True, group="recurring")
    async def _run(self, typed: dict) -> None:
        from ...model.sales.recurring_invoices import RecurringInvoicesIncomplete, created_message

        bar = self.query_one("#recurring-progress", ProgressBar)
        result_line = self.query_one("#recurring-result", Static)
        self.running = True
        result_line.update(_("Working…"))

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        def run():
            customer, code = typed["customer_no"].strip(), typed["code"].strip()
            return self.app.desk.sales.create_recurring_invoices(
                typed["order_date"], typed["posting_date"], customer_nos=[customer] if customer else None,
                codes=[code] if code else None, progress=progress)

        try:
            self.created = await self.app.db(run)
        except RecurringInvoicesIncomplete as err:
            self.created = err.created
            result_line.update(str(err))
            self.app.report(err, title=_("Not every invoice was created"))
            return
        except Exception as err:  # noqa: BLE001 - shown to the clerk, logged if unexpected
            result_line.update(str(err))
            self.app.report(err)
            return
        finally:
            self.running = False
        message = created_message(len(self.created))
        if not self.created:
            bar.update(total=1, progress=1)
        result_line.update(f"{message} {' '.join(self.created)}")
        self.app.notify(message)
