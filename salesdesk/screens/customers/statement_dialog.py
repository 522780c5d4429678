"""Statement: asks for the period (Starting Date, Ending Date) of one customer's statement,
then shows it as text (balance brought forward, entries with a running balance, what is
still open and its age) in the text report screen, which saves it to a file (Ctrl+S)."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the month three months ago, to today."""
    month = today.month - 3
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1), today


class StatementDialog(ModalScreen[None]):
    """The statement of ``customer_no``: a bad or reversed period is shown here, with the
    dates as typed, and nothing else happens."""

    CSS_PATH = styles.DIALOGS
    DEFAULT_CSS = """
    StatementDialog #statement-error { color: $text-error; height: auto; margin-top: 1; display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "run", _("Show statement"), id="statement.run"),
        Binding("escape", "cancel", _("Cancel"), id="statement.cancel"),
    ]

    def __init__(self, customer_no: str):
        super().__init__()
        self.customer_no = customer_no
        self._busy = False

    def compose(self) -> ComposeResult:
        try:
            start, end = default_period(self.app.desk.today())
        except Exception:  # the desk is still opening: the clerk types the dates
            start = end = None
        with Vertical(classes="dialog"):
            yield Static(_("Statement · customer {no}").format(no=self.customer_no), classes="title", markup=False)
            hint = _("t = today, 24/11 = this year, 24/11/2026")
            yield Label(_("Starting Date"))
            yield Input(fmt.date(start), id="statement-from", placeholder=hint)
            yield Label(_("Ending Date"))
            yield Input(fmt.date(end), id="statement-to", placeholder=hint)
            yield Static("", id="statement-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Show") + " (Enter)", id="run", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#statement-from", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "statement-from":
            self.query_one("#statement-to", Input).focus()
            return
        await self.action_run()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run":
            await self.action_run()
        else:
            self.action_cancel()

    def _show_error(self, message: str, field_id: str | None = None) -> None:
        error = self.query_one("#statement-error", Static)
        error.update(message)
        error.display = bool(message)
        if field_id:
            self.query_one(f"#{field_id}", Input).focus()

    def _period(self) -> tuple[dt.date, dt.date] | None:
        """The dates typed, or None with every problem shown."""
        from ...model.core.errors import SalesDeskError
        from ...model.core.fields import parse_date

        today = self.app.desk.today()
        problems, dates, first_bad = [], {}, None
        for field_id, label in (("statement-from", _("Starting Date")), ("statement-to", _("Ending Date"))):
            try:
                value = parse_date(self.query_one(f"#{field_id}", Input).value, label, today)
                if value is None:
                    raise SalesDeskError(_("{label} must be filled in.").format(label=label))
                dates[field_id] = value
            except SalesDeskError as err:
                problems.append(str(err))
                first_bad = first_bad or field_id
        if problems:
            self._show_error("\n".join(problems), first_bad)
            return None
        start, end = dates["statement-from"], dates["statement-to"]
        if start > end:
            self._show_error(_("The Starting Date ({start}) is after the Ending Date ({end}).").format(
                start=fmt.date(start), end=fmt.date(end)), "statement-from")
            return None
        return start, end

    async def action_run(self) -> None:
        if self._busy:
            return
        try:
            period = self._period()
        except Exception as err:  # noqa: BLE001 - e.g. the database still opening
            self.app.report(err)
            return
        if period is None:
            return
        start, end = period
        self._busy = True
        self._show_error("")
        try:
            text = await self.app.db(self.app.desk.receivables.statement_text, self.customer_no, start, end)
        except Exception as err:
            self._show_error(str(err))
            self.app.report(err, title=_("No statement"))
            return
        finally:
            self._busy = False
        from ..common.text_report import TextReportScreen

        title = _("Statement · {no} · {start} to {end}").format(no=self.customer_no, start=fmt.date(start),
                                                                 end=fmt.date(end))
        safe_no = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in self.customer_no)
        file_name = f"statement-{safe_no}-{start.isoformat()}-{end.isoformat()}.txt"
        app = self.app
        self.dismiss(None)
        app.push_screen(TextReportScreen(title, text, file_name))

    def action_cancel(self) -> None:
        self.dismiss(None)
