"""The Cash Receipt Journal (BC's page of the same name): payments received are typed as
journal lines, kept until posted, applied to the customer's open invoices (Apply Entries or
"oldest"), then posted together in one transaction (F9)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter
from ...widgets.line_grid import NEW_ROW, GridColumn, LineGrid
from ..sales.document_lines import CellEditor, LineEditing, _raw

TITLE = _("Cash Receipt Journal")
OLDEST = "oldest"
# what F4 looks up on a cell (Applies-to opens Apply Entries instead)
LOOKUPS = {"customer_no": "customer", "payment_method": "payment_method"}

COLUMNS = [
    GridColumn("posting_date", _("Posting Date"), 12, format=fmt.date, quick=False),
    GridColumn("customer_no", _("Customer No."), 12),
    GridColumn("customer_name", _("Customer Name"), 13, editable=False),
    GridColumn("description", _("Description"), 18, quick=False),
    GridColumn("payment_method", _("Pmt. Method"), 11, quick=False),
    GridColumn("external_document_no", _("Ext. Doc. No."), 13, quick=False),
    GridColumn("amount", _("Amount"), 12, "right", fmt.amount),
    GridColumn("apply_to", _("Applies-to"), 18),
]


@dataclass(frozen=True)
class JournalRow:
    """A journal line as the grid shows it (keyed by ``line_no``: the line's id)."""

    line_no: int
    posting_date: object
    customer_no: str
    customer_name: str
    description: str
    amount: Decimal
    payment_method: str
    external_document_no: str
    apply_to: str
    type: str = "payment"

    @property
    def applies_to_documents(self) -> list[str]:
        return [] if self.apply_to == OLDEST else self.apply_to.split()


def journal_rows(desk, lines) -> list[JournalRow]:
    """Journal lines with their customers' names, read in one query (run off the UI thread)."""
    names = desk.customers.names(line.customer_no for line in lines if line.customer_no)
    return [JournalRow(line.id, line.posting_date, line.customer_no, names.get(line.customer_no, ""),
                       line.description, line.amount, line.payment_method, line.external_document_no,
                       line.apply_to) for line in lines]


def _read(desk) -> list[JournalRow]:
    return journal_rows(desk, desk.payments.journal())


def _save(desk, line_id: int | None, fields: dict) -> JournalRow:
    payments = desk.payments
    line = payments.add_line(**fields) if line_id is None else payments.update_line(line_id, **fields)
    return journal_rows(desk, [line])[0]


class JournalGrid(LineGrid):
    """The line grid with the journal's columns."""

    def __init__(self, **kwargs):
        super().__init__("journal", **kwargs)
        self.grid_columns = COLUMNS
        self._offsets = []
        offset = 1
        for column in COLUMNS:
            self._offsets.append(offset)
            offset += column.width + 1
        self._total_width = offset


class PaymentJournalScreen(LineEditing, Screen):
    CSS_PATH = styles.CARD
    DEFAULT_CSS = """
    #journal-hint { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Close"), id="journal.close"),
        Binding("ctrl+n,insert,alt+n", "new_line", _("New line"), id="journal.new_line", priority=True),
        Binding("ctrl+delete,ctrl+k", "delete_line", _("Delete line"), id="journal.delete_line"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="journal.lookup"),
        Binding("alt+a", "apply_entries", _("Apply Entries"), id="journal.apply_entries", priority=True),
        Binding("alt+o", "apply_oldest", _("Apply to oldest"), id="journal.apply_oldest", priority=True),
        Binding("f9,alt+p", "post", _("Post"), id="journal.post", priority=True),
        Binding("f5", "refresh_lines", _("Refresh"), id="journal.refresh"),
    ]

    _posting = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TITLE, id="card-title", classes="title")
        yield Static(_("The journal is empty. Ctrl+N adds a payment line (or type a customer no. on the empty "
                       "line below)."), id="journal-hint", markup=False)
        yield JournalGrid(id="lines")
        with Horizontal(id="editor-bar"):
            yield Label("", id="editor-label")
            yield CellEditor(id="cell-editor", select_on_focus=False)
            yield Static("", id="editor-error", markup=False)
        yield Static("", id="totals", markup=False)
        yield DeskFooter()

    async def on_mount(self) -> None:
        self.sub_title = TITLE
        self._idle_editor()
        await self.reload()
        self.grid.go_to(self.grid.current_key, "customer_no")
        self.grid.focus()

    async def reload(self) -> None:
        """Read the journal again (F5; after posting or deleting)."""
        from ...model.core.errors import SalesDeskError

        try:
            rows = await self.app.db(_read, self.app.desk)
        except SalesDeskError as err:
            self.app.report(err)
            return
        self.grid.load(rows)
        self._show_totals()

    def _show_totals(self) -> None:
        rows = list(self.grid.lines.values())
        total = sum((row.amount for row in rows), Decimal(0))
        count = _("1 line") if len(rows) == 1 else _("{n} lines").format(n=len(rows))
        self.query_one("#totals", Static).update(f"{count} · {_('Total Amount')} {fmt.amount(total)}")
        self.query_one("#journal-hint").display = not rows

    def _position(self, row_key: str) -> int:
        """A line's number as the clerk counts it (and as posting problems name it)."""
        return self.grid.get_row_index(row_key) + 1

    # -- the cell editor -------------------------------------------------------------------

    def on_line_grid_edit_requested(self, event: LineGrid.EditRequested) -> None:
        self.start_edit(event.row_key, event.field, event.text)

    def start_edit(self, row_key: str, field: str, text: str | None) -> None:
        super().start_edit(row_key, field, text)
        column = next(c for c in self.grid.grid_columns if c.field == field)
        where = (_("Line {n}").format(n=self._position(row_key)) if row_key != NEW_ROW else _("New line"))
        self.query_one("#editor-label", Label).update(f"{where} · {column.label}")
        hint = _("Enter: save · Tab: next · F4: look up · Esc: cancel") if field in LOOKUPS or field == "apply_to" \
            else _("Enter: save · Tab: next · Esc: cancel")
        self.query_one("#editor-error", Static).update(hint)

    def _idle_editor(self) -> None:
        self.query_one("#editor-bar").remove_class("-problem")
        self.query_one("#cell-editor", CellEditor).value = ""
        self.query_one("#editor-label", Label).update(_("Payments"))
        self.query_one("#editor-error", Static).update(
            _("Type to edit a cell · Alt+A apply entries · F9 post"))

    async def commit_cell(self, move: str) -> None:
        """Save the edited cell; on a refusal show the message and keep what was typed."""
        if self.editing is None:
            return
        from ...model.core.errors import SalesDeskError, ValidationError

        row_key, field = self.editing
        value = self.query_one("#cell-editor", CellEditor).value
        line = self.grid.lines.get(row_key)
        if row_key == NEW_ROW and not value.strip():
            self.cancel_edit()
            return
        if line is not None and value == _raw(getattr(line, field)) and self.grid.problem_cell is None:
            row = line  # unchanged: nothing to save
        else:
            try:
                row = await self.app.db(_save, self.app.desk, None if line is None else line.line_no, {field: value})
            except ValidationError as err:
                self._cell_problem(row_key, field, err.errors.get(field) or next(iter(err.errors.values())))
                return
            except SalesDeskError as err:
                self._cell_problem(row_key, field, str(err))
                return
        self.grid.problem_cell = None
        self.grid.put_line(row)
        self.editing = None
        self._idle_editor()
        self._show_totals()
        self._move_after_commit(str(row.line_no), field, move)

    def _move_after_commit(self, row_key: str, field: str, move: str, line_type: str = "") -> None:
        """Enter follows the quick path (Customer No. -> Amount -> Applies-to -> next line);
        Tab and Shift+Tab visit every editable cell."""
        grid = self.grid
        grid.focus()
        if move == "stay":
            grid.go_to(row_key, field)
            return
        following = grid.next_field(field, quick=move == "enter", backwards=move == "previous")
        if following is not None:
            grid.go_to(row_key, following)
        elif move != "previous":
            index = grid.get_row_index(row_key) + 1
            grid.move_cursor(row=index)
            grid.go_to(grid.current_key, "customer_no")

    async def _save_pending(self) -> bool:
        """Let a save in flight finish and save the cell being typed. False when it was
        refused (the message is shown by the cell)."""
        while self._busy:
            await asyncio.sleep(0.01)
        if self.editing is not None:
            await self.commit_cell("stay")
        return self.editing is None

    # -- line actions ------------------------------------------------------------------------

    async def action_new_line(self) -> None:
        from ...model.core.errors import SalesDeskError

        if not await self._save_pending():
            return
        try:
            row = await self.app.db(_save, self.app.desk, None, {})
        except SalesDeskError as err:
            self.app.report(err, title=_("No line added"))
            return
        self.grid.put_line(row)
        self._show_totals()
        self.grid.go_to(str(row.line_no), "customer_no")
        self.grid.focus()

    def action_delete_line(self) -> None:
        row = self.grid.current_line
        if row is None:
            return
        from ..common.dialogs import ConfirmScreen

        position = self._position(str(row.line_no))

        async def answer(yes: bool | None) -> None:
            from ...model.core.errors import SalesDeskError

            if not yes:
                return
            if self.editing is not None:
                self.cancel_edit()
            try:
                await self.app.db(self.app.desk.payments.delete_line, row.line_no)
            except SalesDeskError as err:
                self.app.report(err, title=_("Line not deleted"))
                return
            await self.reload()

        what = " ".join(part for part in (row.customer_no, fmt.amount(row.amount)) if part)
        self.app.push_screen(ConfirmScreen(_("Delete journal line {n} ({what})?").format(n=position, what=what),
                                           yes=_("Delete")), answer)

    async def action_refresh_lines(self) -> None:
        if self.editing is not None:
            self.cancel_edit()
        await self.reload()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.switch_mode("desk")

    async def action_lookup(self) -> None:
        field = self.editing[1] if self.editing is not None else self.grid.current_field
        if field == "apply_to":
            await self.action_apply_entries()
            return
        table = LOOKUPS.get(field)
        if table is None:
            self.notify(_("No lookup for this field."), timeout=2)
            return
        if self.editing is None:
            self.grid.action_edit()
        from ..common.lookup import LookupScreen

        editor = self.query_one("#cell-editor", CellEditor)

        def picked(code: str | None) -> None:
            editor.focus()
            if code:
                editor.value = code
                self.request_commit("enter")

        self.app.push_screen(LookupScreen(table, editor.value), picked)

    # -- Applies-to ----------------------------------------------------------------------------

    async def _current_row(self) -> JournalRow | None:
        """The line under the cursor, with what is typed saved; None (and why) when there is none."""
        if not await self._save_pending():
            return None
        row = self.grid.current_line
        if row is None:
            self.notify(_("Move to a journal line first (Ctrl+N adds one)."), severity="warning", timeout=4)
        elif not row.customer_no:
            self.notify(_("Fill in the customer of line {n} first.").format(n=self._position(str(row.line_no))),
                        severity="warning", timeout=4)
            return None
        return row

    async def _set_apply_to(self, row: JournalRow, apply_to: str) -> None:
        from ...model.core.errors import SalesDeskError

        try:
            saved = await self.app.db(_save, self.app.desk, row.line_no, {"apply_to": apply_to})
        except SalesDeskError as err:
            self.app.report(err, title=_("Applies-to not changed"))
            return
        self.grid.put_line(saved)
        self.grid.go_to(str(saved.line_no), "apply_to")
        self.grid.focus()

    async def action_apply_oldest(self) -> None:
        row = await self._current_row()
        if row is not None:
            await self._set_apply_to(row, OLDEST)

    async def action_apply_entries(self) -> None:
        """Pick the customer's open entries the line's payment settles (debits for a payment,
        credits for a refund); their document numbers go into Applies-to."""
        from ...model.core.errors import SalesDeskError
        from .apply_entries_dialog import ApplyEntriesScreen

        row = await self._current_row()
        if row is None:
            return
        sign = -1 if row.amount < 0 else 1
        try:
            candidates = await self.app.db(self.app.desk.payments.open_entries, row.customer_no, sign=sign)
        except SalesDeskError as err:
            self.app.report(err)
            return
        if not candidates:
            self.notify(_("Customer {no} has no open entry this line can settle.").format(no=row.customer_no),
                        severity="warning", timeout=5)
            return
        documents = row.applies_to_documents
        marked = [c.entry_no for c in candidates if c.document_no in documents]
        title = _("Apply line {n} · {no} {name} · amount {amount}").format(
            n=self._position(str(row.line_no)), no=row.customer_no, name=row.customer_name,
            amount=fmt.amount(row.amount))

        async def chosen(entry_nos: list[int] | None) -> None:
            if not entry_nos:
                return
            by_entry = {c.entry_no: c.document_no for c in candidates}
            numbers = list(dict.fromkeys(by_entry[no] for no in entry_nos))
            await self._set_apply_to(row, " ".join(numbers))

        self.app.push_screen(ApplyEntriesScreen(None, candidates, amount=row.amount, payment_date=row.posting_date,
                                                title=title, marked=marked), chosen)

    # -- posting -------------------------------------------------------------------------------

    def action_post(self) -> None:
        if self._posting:
            return
        self._posting = True  # until posted or the question is declined
        self.run_worker(self._ask_then_post(), group="post")

    async def _ask_then_post(self) -> None:
        from ..common.dialogs import ConfirmScreen

        try:
            saved = await self._save_pending()
        except BaseException:
            self._posting = False
            raise
        rows = list(self.grid.lines.values())
        if not saved or not rows:
            self._posting = False
            if saved:
                self.notify(_("There is nothing to post: the journal is empty."), severity="warning", timeout=4)
            return
        total = sum((row.amount for row in rows), Decimal(0))
        question = (_("Post the journal line, total {total}?") if len(rows) == 1
                    else _("Post the {n} journal lines, total {total}?")).format(n=len(rows), total=fmt.amount(total))

        def answered(yes: bool | None) -> None:
            if not yes:
                self._posting = False
                return
            self.run_worker(self._post([row.line_no for row in rows]), group="post")

        self.app.push_screen(ConfirmScreen(question, title=_("Post"), yes=_("Post")), answered)

    async def _post(self, line_ids: list[int]) -> None:
        from ...model.core.errors import PostingError, SalesDeskError
        from ..common.dialogs import ProblemsScreen

        desk = self.app.desk
        try:
            payments = await self.app.db(desk.payments.post_journal, line_ids)
            customers = list(dict.fromkeys(p.customer_no for p in payments))
            balances = await self.app.db(lambda: {no: desk.customers.balance(no) for no in customers})
        except PostingError as err:
            self.app.push_screen(ProblemsScreen(_("The journal was not posted"), err.problems))
            return
        except SalesDeskError as err:
            self.app.report(err, title=_("Not posted"))
            return
        finally:
            self._posting = False
        names = {row.customer_no: row.customer_name for row in self.grid.lines.values()}
        lines = [_("Posted {numbers}.").format(numbers=", ".join(p.no for p in payments))]
        lines += [_("{no} {name}: new balance {balance}").format(no=no, name=names.get(no, ""),
                                                                  balance=fmt.amount(balance))
                  for no, balance in balances.items()]
        self.notify("\n".join(lines), title=_("Payments posted"), timeout=10)
        await self.reload()
        self.grid.go_to(self.grid.current_key, "customer_no")
        self.grid.focus()
