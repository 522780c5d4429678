"""Aged Accounts Receivable: what every customer owes, by age past the due date (current,
1-30, 31-60, 61-90, over 90 days) on an "aged as of" date, with the totals of all customers.

Enter shows the customer's open entries (with Days Overdue), Ctrl+O the customer card, Alt+S
a statement, Alt+D changes the as-of date, Alt+O keeps only customers with something overdue.
At 80 columns the amounts keep their room and the name of the highlighted customer moves to
the status line."""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column, PagedTable
from ..common.list_base import ListScreen

TITLE = _("Aged Accounts Receivable")
# the amount columns, in the order of desk.receivables.AGED_COLUMNS after customer no. and name
AMOUNT_LABELS = (_("Balance"), _("Current"), _("1-30"), _("31-60"), _("61-90"), _("Over 90"))
NAME_MIN = 12  # below this the name leaves the table for the status line


def _bucket(value) -> str:
    """An age bucket's amount; nothing in it shows blank, so that what is overdue stands out."""
    return "" if value is None or value == 0 else fmt.amount(value)


def layout(screen_width: int) -> tuple[bool, int]:
    """(show the name column, width of an amount column) for a screen this wide: amounts are
    never cut before the name goes (a vertical scrollbar and the row's margin take 3 columns)."""
    room = screen_width - 3
    for show_name, amount, no in ((True, 12, 12), (True, 10, 12), (False, 10, 10)):
        needed = no + 6 * amount + 6 + ((1 + NAME_MIN) if show_name else 0)
        if needed <= room:
            return show_name, amount
    return False, 10


class AgedBalanceScreen(ListScreen):
    TITLE_TEXT = TITLE
    FILTER_HINT = _("Type to filter by customer number or name")
    NOUN = _("customers")
    NOUN_ONE = _("customer")
    # what the aged payables change (screens/purchases/aged_payables.py)
    SERVICE = "receivables"  # desk.receivables: aged_page, aged_count, aged_totals
    LEDGER = "customer"  # the entries Enter opens
    PARTY_NO_LABEL = _("Customer No.")
    NONE_SELECTED = _("No customer is selected.")
    OVERDUE_ONLY = _("Only customers with an overdue amount.")
    EVERY_PARTY = _("Every customer with an open amount.")

    DEFAULT_CSS = """
    AgedBalanceScreen #totals { height: 1; text-style: bold; background: $panel; }
    """

    BINDINGS = [
        Binding("ctrl+o", "open_card", _("Customer card"), id="aged.card"),
        Binding("alt+d", "as_of", _("Aged as of"), id="aged.as_of", priority=True),
        Binding("alt+o", "overdue_only", _("Overdue only"), id="aged.overdue_only", priority=True),
        Binding("alt+s", "statement", _("Statement"), id="aged.statement", priority=True),
    ]

    def __init__(self, *, as_of: dt.date | None = None, overdue_only: bool = False):
        super().__init__()
        self.as_of = as_of  # None until the desk's work date is read (off the UI thread)
        self.overdue_only = overdue_only
        self.totals: tuple | None = None
        self._show_name, self._amount_width = True, 12
        self._names: dict[str, str] = {}  # customer no. -> name, for the status line at 80 columns
        self._count_text = ""

    # -- columns, by the width of the screen ----------------------------------------------------

    def columns(self) -> list[Column]:
        amount = self._amount_width
        columns = [Column(self.PARTY_NO_LABEL, 12) if self._show_name else Column(_("No."), 10)]
        if self._show_name:
            columns.append(Column(_("Name"), 0))
        columns.append(Column(AMOUNT_LABELS[0], amount, "right", fmt.amount))
        columns += [Column(label, amount, "right", _bucket) for label in AMOUNT_LABELS[1:]]
        return columns

    def compose(self) -> ComposeResult:
        self._show_name, self._amount_width = layout(self.app.size.width)
        for widget in super().compose():
            yield widget
            if isinstance(widget, PagedTable):
                yield Static("", id="totals", markup=False)

    def on_resize(self, event) -> None:
        shape = layout(event.size.width)
        if shape != (self._show_name, self._amount_width):
            self._show_name, self._amount_width = shape
            self.table.columns = self.columns()
            self.table.reload()
        self.call_after_refresh(self._show_totals)

    # -- rows and totals, off the UI thread ------------------------------------------------------

    def _date(self) -> dt.date:
        return self.as_of or self.app.desk.today()

    @property
    def service(self):
        return getattr(self.app.desk, self.SERVICE)

    def fetch_page(self, text, offset, limit):
        rows = self.service.aged_page(text, offset, limit, as_of=self._date(),
                                                   overdue_only=self.overdue_only)
        self._names.update((row[0], row[1]) for row in rows)
        if not self._show_name:
            rows = [(row[0], *row[2:]) for row in rows]
        return rows

    def fetch_count(self, text):
        return self.service.aged_count(text, as_of=self._date(), overdue_only=self.overdue_only)

    def on_mount(self) -> None:
        self._load_totals()

    def on_screen_resume(self) -> None:
        if self._left:  # back from entries, a card or a statement: payments may have been posted
            self._load_totals()

    def _totals_now(self) -> tuple[dt.date, tuple]:
        as_of = self._date()
        return as_of, self.service.aged_totals(as_of)

    @work(exclusive=True, group="aged-totals")
    async def _load_totals(self) -> None:
        try:
            as_of, totals = await self.app.db(self._totals_now)
        except Exception as err:
            self.app.report(err)
            return
        self.as_of, self.totals = as_of, totals
        self._show_title()
        self._show_totals()

    def _show_title(self) -> None:
        title = self.TITLE_TEXT
        if self.as_of is not None:
            title += " · " + _("aged as of {date}").format(date=fmt.date(self.as_of))
        if self.overdue_only:
            title += " · " + _("overdue only")
        self.sub_title = title
        self.query_one(".title", Static).update(title)

    def _show_totals(self) -> None:
        if self.totals is None or not self.is_mounted:
            return
        table = self.table
        label = [_("Total")] + ([""] if self._show_name else [])
        cells = label + [fmt.amount(v) for v in self.totals]
        self.query_one("#totals", Static).update(" " + table._line(cells, table._widths()))

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        super().on_paged_table_loaded(event)
        event.prevent_default()  # the status line is written here, after the count
        self._count_text = str(self.query_one("#count", Static).render())
        self._show_status()
        self.call_after_refresh(self._show_totals)  # a scrollbar may have come or gone

    def on_paged_table_highlighted(self, _event: PagedTable.Highlighted) -> None:
        self._show_status()

    def _show_status(self) -> None:
        if self._show_name or not self._count_text:
            return
        no = self.table.current_key
        name = self._names.get(no, "") if no is not None else ""
        line = self._count_text + (f" · {no} {name}" if no is not None else "")
        self.query_one("#count", Static).update(line)

    def _reload(self) -> None:
        self._show_title()
        self.table.reload()
        self._load_totals()

    # -- actions -------------------------------------------------------------------------------

    def _current_party(self) -> str | None:
        key = self.table.current_key
        if key is None:
            self.notify(self.NONE_SELECTED, severity="warning", timeout=3)
            return None
        return str(key)

    def open_row(self, key) -> None:
        self.app.open_entries(self.LEDGER, key=str(key), open_only=True)

    def action_open_card(self) -> None:
        no = self._current_party()
        if no is not None:
            # on this stack, so that Escape comes back to the aged balance
            self.app.open_customer(no, here=True)

    def action_statement(self) -> None:
        from ..customers.statement_dialog import StatementDialog

        no = self._current_party()
        if no is not None:
            self.app.push_screen(StatementDialog(no))

    def action_overdue_only(self) -> None:
        self.overdue_only = not self.overdue_only
        self.notify(self.OVERDUE_ONLY if self.overdue_only else self.EVERY_PARTY, timeout=2)
        self._reload()

    def action_as_of(self) -> None:
        def chosen(date: dt.date | None) -> None:
            if date is not None and date != self.as_of:
                self.as_of = date
                self._reload()

        self.app.push_screen(AsOfDateDialog(self.as_of), chosen)


class AsOfDateDialog(ModalScreen[dt.date | None]):
    """Asks for the date the balance is aged on; a bad date is shown here and nothing changes."""

    CSS_PATH = styles.DIALOGS
    DEFAULT_CSS = """
    AsOfDateDialog #as-of-error { color: $text-error; height: auto; margin-top: 1; display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "take", _("OK"), id="as_of.ok"),
        Binding("escape", "cancel", _("Cancel"), id="as_of.cancel"),
    ]

    def __init__(self, current: dt.date | None):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Aged as of"), classes="title")
            yield Label(_("Date (t = today, 24/11 = this year)"))
            yield Input(fmt.date(self.current), id="as-of-date")
            yield Static("", id="as-of-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("OK") + " (Enter)", id="ok", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#as-of-date", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_take()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_take() if event.button.id == "ok" else self.action_cancel()

    def action_take(self) -> None:
        from ...model.core.errors import SalesDeskError
        from ...model.core.fields import parse_date

        field = self.query_one("#as-of-date", Input)
        try:
            today = self.app.desk.today()
            date = parse_date(field.value, _("Aged as of"), today) or today
        except SalesDeskError as err:
            error = self.query_one("#as-of-error", Static)
            error.update(str(err))
            error.display = True
            field.focus()
            return
        self.dismiss(date)

    def action_cancel(self) -> None:
        self.dismiss(None)
