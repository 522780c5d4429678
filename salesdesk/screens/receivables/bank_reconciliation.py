"""Payment Reconciliation (BC's Payment Reconciliation Journal): the open bank statement lines
with the match proposed for each and how sure it is. Import a statement file, accept or match
lines by hand, set bank fees aside, post every accepted line as a payment in one go."""

from __future__ import annotations

import os
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Button, Header, Input, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter
from ...widgets.paged_table import Column, PagedTable
from ..common.list_base import ListScreen

# The model's row (desk.payments.bank.LINE_COLUMNS) is reordered to what the table shows,
# followed by the values the screen needs but does not show.
SHOWN = ("booking_date", "amount", "counterparty", "text", "customer_no", "apply_to", "confidence",
         "match_reason", "accepted")
HIDDEN = ("id", "status", "payment_no")
ROW = SHOWN + HIDDEN
CONFIDENCE = SHOWN.index("confidence")
HIGH, MEDIUM = 90, 60  # AUTO_ACCEPT and up is sure; below MEDIUM is a guess at best


def confidence(value) -> str:
    return f"{value} %" if value else "—"


def _level(value) -> str:
    value = value or 0
    return "high" if value >= HIGH else "medium" if value >= MEDIUM else "low"


# (column, weight of the spare width for the flexible ones): wide from 110 columns, else narrow
WIDE = [Column(_("Date"), 10, format=fmt.date), Column(_("Amount"), 10, "right", fmt.amount),
        Column(_("Counterparty"), 16), Column(_("Text"), 0), Column(_("Customer"), 8),
        Column(_("Applies-to"), 19), Column(_("Confidence"), 10, "right", confidence),
        Column(_("Reason"), 0), Column(_("Accepted"), 8, format=fmt.flag)]
NARROW = [Column(_("Date"), 10, format=fmt.date), Column(_("Amount"), 9, "right", fmt.amount),
          Column(_("Counterparty"), 12), Column(_("Text"), 0), Column(_("Cust."), 6),
          Column(_("Applies-to"), 10), Column(_("Conf."), 5, "right", confidence),
          Column(_("Reason"), 0), Column("✓", 1, format=fmt.flag)]
TEXT_SHARE = 0.5  # of the spare width; the reason gets the rest
WIDE_FROM = 110


class ReconciliationTable(PagedTable):
    """The paged table with the confidence coloured by how sure the match is, and a layout
    for narrow terminals."""

    COMPONENT_CLASSES = PagedTable.COMPONENT_CLASSES | {
        "reconciliation--high", "reconciliation--medium", "reconciliation--low"}
    DEFAULT_CSS = """
    ReconciliationTable > .reconciliation--high { color: $text-success; text-style: bold; }
    ReconciliationTable > .reconciliation--medium { color: $text; }
    ReconciliationTable > .reconciliation--low { color: $text-warning; }
    """

    def on_resize(self) -> None:  # PagedTable.on_resize runs too (Textual calls every class's handler)
        wanted = WIDE if self.size.width >= WIDE_FROM else NARROW
        if self.columns is not wanted:
            self.columns = wanted
            self.refresh()

    def _widths(self) -> list[int]:
        total = max(self._content_width() - 1, 10)
        fixed = sum(c.width for c in self.columns if c.width) + len(self.columns) - 1
        spare = max(total - fixed, 16)
        text = max(8, int(spare * TEXT_SHARE))
        flexible = iter((text, max(8, spare - text)))
        return [c.width or next(flexible, 8) for c in self.columns]

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y - 1
        if y == 0 or index >= self.row_count or index == self.cursor:
            return super().render_line(y)
        row = self._row(index)
        if row is None:
            return super().render_line(y)
        width = self._content_width()
        base = self.rich_style
        level = self.get_component_rich_style(f"reconciliation--{_level(row[CONFIDENCE])}")
        segments = [Segment(" ", base)]
        for i, (column, value, cell_width) in enumerate(zip(self.columns, row, self._widths())):
            cell = column.format(value)
            if cell_len(cell) > cell_width:
                cell = set_cell_size(cell, cell_width - 1) + "…"
            pad = " " * (cell_width - cell_len(cell))
            cell = pad + cell if column.align == "right" else cell + pad
            segments.append(Segment(cell, base + level if i == CONFIDENCE else base))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)


class FilterInput(Input):
    """The filter line: a Space typed into it while it is empty accepts the current line
    instead (the screen's binding); once a filter is being typed, Space is a space."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "space" and not self.value:
            return False
        return super().check_consume_key(key, character)


class ImportStatementScreen(ModalScreen):
    """Asks for a statement file and imports it; an error stays in the dialog with the path
    typed. Returns the ImportResult, or None when cancelled."""

    CSS_PATH = styles.DIALOGS
    DEFAULT_CSS = """
    ImportStatementScreen #import-error { color: $text-error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "run", _("Import"), id="bankimport.run"),
        Binding("escape", "cancel", _("Cancel"), id="bankimport.cancel"),
    ]

    last_path = ""  # remembered for the next import, as a starting point

    def __init__(self):
        super().__init__()
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Import Bank Statement"), classes="title")
            yield Static(_("A camt.053 (XML) or CSV file from the bank. Lines already imported are skipped."),
                         classes="muted")
            yield Label(_("File"))
            start = os.path.dirname(type(self).last_path)
            yield Input(value=start + os.sep if start else "", id="import-path",
                        placeholder=_("e.g. ~/Downloads/statement.xml"))
            yield Static("", id="import-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Import") + " (Enter)", id="import", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_worker(self.action_run(), group="bank-import")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import":
            await self.action_run()
        else:
            self.action_cancel()

    async def action_run(self) -> None:
        if self.busy:
            return
        path = os.path.expanduser(self.query_one("#import-path", Input).value.strip())
        message = self.query_one("#import-error", Static)
        if not path:
            message.update(_("Type the path of the statement file."))
            return
        from ...model.core.errors import SalesDeskError

        self.busy = True
        message.update(_("Importing…"))
        try:
            result = await self.app.db(self.app.desk.payments.bank.import_file, path)
        except SalesDeskError as err:
            message.update(str(err))
            return
        except Exception as err:  # noqa: BLE001 - reported, the dialog keeps the path
            message.update("")
            self.app.report(err)
            return
        finally:
            self.busy = False
        type(self).last_path = path
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


class BankReconciliationScreen(ListScreen):
    TITLE_TEXT = _("Payment Reconciliation")
    FILTER_HINT = _("Type part of a counterparty, text or customer no. to filter")
    NOUN = _("lines")
    NOUN_ONE = _("line")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("alt+a", "toggle_accept", _("Accept"), id="bank.accept", priority=True),
        Binding("space", "space_accept", _("Accept"), id="bank.accept_space", priority=True, show=False),
        Binding("alt+m", "match", _("Match by hand"), id="bank.match", priority=True),
        Binding("f9,alt+p", "post", _("Post"), id="bank.post", priority=True),
        Binding("alt+x", "ignore(True)", _("Ignore"), id="bank.ignore", priority=True),
        Binding("alt+x", "ignore(False)", _("Take back"), id="bank.take_back", priority=True),
        Binding("alt+i", "import_file", _("Import"), id="bank.import", priority=True),
        Binding("alt+r", "rematch", _("Rematch"), id="bank.rematch", priority=True),
        Binding("alt+shift+x,alt+h", "show('ignored')", _("Show ignored"), id="bank.show_ignored", priority=True),
        Binding("alt+shift+x,alt+h", "show('open')", _("Show open"), id="bank.show_open", priority=True),
        Binding("ctrl+o", "open_customer", _("Customer"), id="bank.customer"),
    ]

    def __init__(self):
        super().__init__()
        self.status = "open"  # or "ignored": the lines set aside
        self._count_text = ""

    def columns(self) -> list[Column]:
        return WIDE

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.TITLE_TEXT, id="bank-title", classes="title", markup=False)
        yield FilterInput(placeholder=self.FILTER_HINT, id="filter", classes="filter")
        yield ReconciliationTable(self.columns(), self.fetch_page, self.fetch_count, id="rows",
                                  empty_text=_("No statement line to reconcile: Alt+I imports a bank statement."))
        yield Static("", id="bank-detail", classes="status-line", markup=False)
        yield Static(_("Loading…"), id="count", classes="status-line", markup=False)
        yield DeskFooter()

    # -- rows, off the UI thread -------------------------------------------------------------

    def _reorder(self, rows: list[tuple]) -> list[tuple]:
        from ...model.receivables.bank import LINE_COLUMNS

        order = [LINE_COLUMNS.index(name) for name in ROW]
        return [tuple(row[i] for i in order) for row in rows]

    def fetch_page(self, text, offset, limit):
        return self._reorder(self.app.desk.payments.bank.page(text, offset, limit, status=self.status))

    def fetch_count(self, text):
        return self.app.desk.payments.bank.count(text, status=self.status)

    def _value(self, row: tuple | None, name: str):
        return None if row is None else row[ROW.index(name)]

    def _current(self) -> tuple | None:
        row = self.table.current_row
        if row is None:
            self.notify(_("No statement line here."), severity="warning", timeout=3)
        return row

    def _line_label(self, row: tuple) -> str:
        who = self._value(row, "counterparty") or self._value(row, "text") or ""
        return f"{fmt.amount(self._value(row, 'amount'))} {who}".strip()

    # -- what is on screen -------------------------------------------------------------------

    def on_paged_table_highlighted(self, event: PagedTable.Highlighted) -> None:
        self._show_detail(event.row)

    def _show_detail(self, row: tuple | None) -> None:
        """The current line's whole text and match reason (the columns may cut them short)."""
        detail = self.query_one("#bank-detail", Static)
        if row is None:
            detail.update("")
            return
        parts = [_("Line {id}").format(id=self._value(row, "id")), self._value(row, "text") or "—"]
        if self._value(row, "match_reason"):
            parts.append(self._value(row, "match_reason"))
        detail.update(" · ".join(parts))

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        # ListScreen's handler runs too and shows the count; the summary is added to it.
        noun = self.NOUN_ONE if event.count == 1 else self.NOUN
        self._count_text = _("{n} {noun}").format(n=f"{event.count:,}", noun=noun)
        if self.table.filter_text:
            self._count_text += " " + _("matching '{text}'").format(text=self.table.filter_text)
        self._show_detail(self.table.current_row)  # the row count is known only now
        self.run_worker(self._show_summary(), group="bank-summary", exclusive=True)

    async def _show_summary(self) -> None:
        count = self.query_one("#count", Static)
        if self.status != "open":
            count.update(self._count_text + " · " + _("ignored: Alt+X takes a line back"))
            return
        bank = self.app.desk.payments.bank
        try:
            lines = await self.app.db(bank.lines, "open")
            total = await self.app.db(bank.accepted_total)
        except Exception as err:  # noqa: BLE001 - reported, the list stays
            self.app.report(err)
            return
        accepted = sum(1 for line in lines if line.accepted)
        count.update(self._count_text + " · " + _("{n} accepted, {total} to post (F9)").format(
            n=accepted, total=fmt.amount(total)))

    def on_input_changed(self, event: Input.Changed) -> None:
        # ListScreen's handler runs too and filters the rows.
        self.refresh_bindings()  # Space accepts only while the filter is empty

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "space_accept":
            return self.status == "open" and not any(f.value for f in self.query("#filter").results(Input))
        if action in ("toggle_accept", "match", "rematch", "post"):
            return self.status == "open"
        if action == "ignore":  # Ignore in the open lines, Take back in the ignored ones
            return parameters[0] == (self.status == "open")
        if action == "show":
            return parameters[0] != self.status
        return True

    def _reload(self) -> None:
        self.table.reload()

    # -- actions -----------------------------------------------------------------------------

    def action_import_file(self) -> None:
        def imported(result) -> None:
            if result is None:
                return
            self.notify(_("{imported} lines imported, {already} already imported, {matched} matched").format(
                imported=result.imported, already=result.already_imported, matched=result.matched),
                title=_("Bank statement"), timeout=6)
            if self.status != "open":
                self.action_show("open")
            else:
                self._reload()

        self.app.push_screen(ImportStatementScreen(), imported)

    async def action_space_accept(self) -> None:
        await self.action_toggle_accept()

    async def action_toggle_accept(self) -> None:
        row = self._current()
        if row is None:
            return
        accepted = not self._value(row, "accepted")
        try:
            await self.app.db(self.app.desk.payments.bank.accept, self._value(row, "id"), accepted)
        except Exception as err:  # noqa: BLE001 - the clerk sees why
            self.app.report(err, title=_("Not accepted"))
            return
        self._reload()

    def open_row(self, key) -> None:
        if self.status == "open":
            self.run_worker(self.action_match(), group="bank-match")
        else:
            self.notify(_("This line is ignored: Alt+X takes it back into the reconciliation."), timeout=4)

    async def action_match(self) -> None:
        from .bank_match_dialog import BankMatchScreen

        row = self._current()
        if row is None:
            return
        try:
            line = await self.app.db(self.app.desk.payments.bank.line, self._value(row, "id"))
        except Exception as err:  # noqa: BLE001
            self.app.report(err)
            return

        def matched(saved) -> None:
            if saved is None:
                return
            self.notify(_("Statement line {id} matched to {customer}{docs}.").format(
                id=saved.id, customer=saved.customer_no,
                docs=f" · {saved.apply_to}" if saved.apply_to else " " + _("(on account)")), timeout=4)
            self._reload()

        self.app.push_screen(BankMatchScreen(line), matched)

    async def action_ignore(self, ignore: bool) -> None:
        row = self._current()
        if row is None:
            return
        try:
            await self.app.db(self.app.desk.payments.bank.ignore, self._value(row, "id"), ignore)
        except Exception as err:  # noqa: BLE001
            self.app.report(err, title=_("Not changed"))
            return
        if ignore:
            self.notify(_("Ignored: {line}. Alt+Shift+X shows the ignored lines.").format(
                line=self._line_label(row)), timeout=4)
        else:
            self.notify(_("Back in the reconciliation: {line}.").format(line=self._line_label(row)), timeout=4)
        self._reload()

    def action_back(self) -> None:
        if self.status != "open" and not self.query_one("#filter", Input).value:
            self.action_show("open")  # Escape leaves the ignored lines first
            return
        super().action_back()

    def action_show(self, status: str) -> None:
        self.status = status
        title = self.TITLE_TEXT
        if status == "ignored":
            title += " · " + _("ignored lines")
        self.query_one("#bank-title", Static).update(title)
        self.sub_title = title
        self.refresh_bindings()
        self.table.set_filter(self.table.filter_text)

    async def action_rematch(self) -> None:
        try:
            accepted = await self.app.db(self.app.desk.payments.bank.rematch)
        except Exception as err:  # noqa: BLE001
            self.app.report(err, title=_("Not matched"))
            return
        self.notify(_("Matched again: {n} more accepted.").format(n=accepted), timeout=4)
        self._reload()

    async def action_post(self) -> None:
        from ..common.dialogs import ConfirmScreen

        bank = self.app.desk.payments.bank
        try:
            lines = await self.app.db(bank.lines, "open")
            total = await self.app.db(bank.accepted_total)
        except Exception as err:  # noqa: BLE001
            self.app.report(err)
            return
        accepted = sum(1 for line in lines if line.accepted)
        if not accepted:
            self.notify(_("No statement line is accepted: Space or Alt+A accepts the current line."),
                        severity="warning", timeout=5)
            return

        async def answer(yes: bool | None) -> None:
            if yes:
                await self._post()

        question = _("Post the accepted statement lines ({n}, {total} in all) as customer payments?").format(
            n=accepted, total=fmt.amount(total))
        self.app.push_screen(ConfirmScreen(question, title=_("Post accepted lines"), yes=_("Post")), answer)

    async def _post(self) -> None:
        from ...model.core.errors import PostingError
        from ..common.dialogs import ProblemsScreen

        try:
            payments = await self.app.db(self.app.desk.payments.bank.post_accepted)
        except PostingError as err:
            self.app.push_screen(ProblemsScreen(_("Nothing was posted"), err.problems or [str(err)]))
            self._reload()
            return
        except Exception as err:  # noqa: BLE001
            self.app.report(err, title=_("Not posted"))
            self._reload()
            return
        nos = [p.no for p in payments]
        nos = " ".join(nos) if len(nos) <= 8 else f"{nos[0]} … {nos[-1]}"
        self.notify(_("Payments posted ({n}): {nos}").format(n=len(payments), nos=nos), title=_("Posted"), timeout=8)
        self._reload()

    def action_open_customer(self) -> None:
        row = self._current()
        if row is None:
            return
        customer = self._value(row, "customer_no")
        if not customer:
            self.notify(_("This line has no customer yet: Enter matches it by hand."), severity="warning", timeout=4)
            return
        self.app.open_customer(customer, here=True)
