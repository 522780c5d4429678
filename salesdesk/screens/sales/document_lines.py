"""Editing the line grid of a document card: the cell editor, quick entry, insert and
delete lines, comment lines, item lookup (mixed into the document card)."""

from __future__ import annotations

from decimal import Decimal

from textual.binding import Binding
from textual.widgets import Input, Label, Static

from ...i18n import _
from ...widgets.line_grid import NEW_ROW, LineGrid

LOOKUPS = {"no": "item", "location": "location", "uom": "unit_of_measure", "return_reason_code": "return_reason",
           "purchasing_code": "purchasing_code"}


class CellEditor(Input):
    """The one-line editor of the cell under the grid's cursor."""

    BINDINGS = [
        Binding("tab", "commit('next')", _("Next cell"), show=False),
        Binding("shift+tab", "commit('previous')", _("Previous cell"), show=False),
        Binding("escape", "cancel", _("Cancel edit"), show=False),
    ]

    def action_commit(self, move: str) -> None:
        self.screen.request_commit(move)

    def action_cancel(self) -> None:
        self.screen.cancel_edit()


def _raw(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class LineEditing:
    """What the document card does with its grid."""

    LINE_BINDINGS = [
        Binding("ctrl+insert,alt+i", "insert_line", _("Insert line"), id="doc.insert_line"),
        Binding("ctrl+delete,ctrl+k", "delete_line", _("Delete line"), id="doc.delete_line"),
        Binding("ctrl+t", "comment_line", _("Comment line"), id="doc.comment_line"),
    ]

    CHOOSE_PARTY_FIRST = _("Choose the customer first.")
    editing: tuple[str, str] | None = None  # (row key, field)
    insert_before: int | None = None
    new_line_type = "item"
    _busy = False

    # -- saving a cell: a worker in the "commit" group, which the next key waits for
    # (salesdesk.key_order), so keys typed during a save go to the cell after it.

    def request_commit(self, move: str) -> None:
        if self._busy:
            return
        self._busy = True
        self.run_worker(self._commit(move), group="commit")

    async def _commit(self, move: str) -> None:
        try:
            await self.commit_cell(move)
        finally:
            self._busy = False

    @property
    def grid(self) -> LineGrid:
        return self.query_one(LineGrid)

    def on_line_grid_edit_requested(self, event: LineGrid.EditRequested) -> None:
        if self.doc is None:
            self.notify(self.CHOOSE_PARTY_FIRST, severity="warning")
            self.form.row(self.PARTY_FIELD).editor.focus()
            return
        if event.row_key == NEW_ROW:
            self.insert_before = None
            self.new_line_type = "item"
            if event.field != "no":  # a new line starts with its item number
                self.grid.go_to(NEW_ROW, "no")
                event = LineGrid.EditRequested(self.grid, NEW_ROW, "no", event.text)
        self.start_edit(event.row_key, event.field, event.text)

    def start_edit(self, row_key: str, field: str, text: str | None) -> None:
        line = self.grid.lines.get(row_key)
        column = next(c for c in self.grid.grid_columns if c.field == field)
        where = _("Line {n}").format(n=row_key) if line else (
            _("New comment line") if self.new_line_type == "comment" else _("New line"))
        if self.insert_before and not line:
            where += " " + _("(before {n})").format(n=self.insert_before)
        self.editing = (row_key, field)
        self.query_one("#editor-label", Label).update(f"{where} · {column.label}")
        self.query_one("#editor-error", Static).update(_("Enter: save · Tab: next · F4: look up · Esc: cancel"))
        self.query_one("#editor-bar").remove_class("-problem")
        editor = self.query_one("#cell-editor", CellEditor)
        editor.value = text if text is not None else _raw(getattr(line, field, "") if line else "")
        editor.focus()
        editor.cursor_position = len(editor.value)

    def _idle_editor(self) -> None:
        """The editor bar stays on screen (no relayout of a long grid); idle, it only hints."""
        self.query_one("#editor-bar").remove_class("-problem")
        editor = self.query_one("#cell-editor", CellEditor)
        editor.value = ""  # stays enabled: toggling it would restyle the screen on every edit
        self.query_one("#editor-label", Label).update(_("Lines"))
        self.query_one("#editor-error", Static).update(
            _("Type on a cell to change it · Enter: next line · Ctrl+T comment · Ctrl+Del delete line"))

    def cancel_edit(self) -> None:
        self.editing = None
        self.insert_before = None
        self.grid.problem_cell = None
        self._idle_editor()
        self.grid.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "cell-editor":
            event.stop()
            self.request_commit("enter")

    async def commit_cell(self, move: str) -> None:
        """Save the edited cell; on a refusal show the message and keep what was typed."""
        if self.editing is None:
            return
        from ...model.core.errors import SalesDeskError, ValidationError

        row_key, field = self.editing
        value = self.query_one("#cell-editor", CellEditor).value
        sales = self.documents
        if field == "no" and value.strip() and self._is_item_line(row_key):
            value = await self._typed_item(value, move)
            if value is None:  # several items match: the lookup, filtered on them, is open
                return
        try:
            if row_key == NEW_ROW:
                if not value.strip():
                    self.cancel_edit()
                    return
                if self.new_line_type == "comment":
                    line = await self.app.db(sales.add_line, self.doc, type="comment", description=value,
                                             before=self.insert_before)
                else:
                    line = await self.app.db(sales.add_line, self.doc, value, before=self.insert_before)
            else:
                line = await self.app.db(sales.update_line, self.doc, int(row_key), **{field: value})
        except ValidationError as err:
            self._cell_problem(row_key, field, err.errors.get(field) or next(iter(err.errors.values())))
            return
        except SalesDeskError as err:
            self._cell_problem(row_key, field, str(err))
            return
        self.grid.problem_cell = None
        self.insert_before = None
        self.grid.put_line(line)
        self.editing = None
        self._idle_editor()
        await self.after_lines_changed(line.document)
        self._move_after_commit(str(line.line_no), field, move, line.type)

    def _is_item_line(self, row_key: str) -> bool:
        if row_key == NEW_ROW:
            return self.new_line_type == "item"
        line = self.grid.lines.get(row_key)
        return line is not None and line.type == "item"

    async def _typed_item(self, value: str, move: str) -> str | None:
        """Type to find (Business Central's): an item number, or a part of a number or of a
        description. The item numbered so, or the only match, is taken; with several matches
        the item lookup opens filtered on what was typed (None); with none, what was typed is
        kept for the model to refuse."""
        matches = await self.app.db(self.app.desk.items.find, value)
        if not matches:
            return value
        if len(matches) == 1 or matches[0] == value.strip().upper():
            return matches[0]
        self._open_item_lookup(value, move)
        return None

    def _open_item_lookup(self, text: str, move: str = "enter") -> None:
        from ..common.lookup import LookupScreen

        editor = self.query_one("#cell-editor", CellEditor)

        def picked(code: str | None) -> None:
            editor.focus()
            if code:
                editor.value = code
                self.request_commit(move)

        self.app.push_screen(LookupScreen("item", text), picked)

    def _cell_problem(self, row_key: str, field: str, message: str) -> None:
        self.query_one("#editor-error", Static).update(message)
        self.query_one("#editor-bar").add_class("-problem")
        self.grid.problem_cell = (row_key, field)
        self.grid.refresh()
        self.query_one("#cell-editor", CellEditor).focus()

    def _move_after_commit(self, row_key: str, field: str, move: str, line_type: str) -> None:
        """Enter follows the quick-entry path (No. -> Quantity -> next line); Tab and
        Shift+Tab visit every editable cell."""
        grid = self.grid
        grid.focus()
        if line_type == "comment" and move == "enter":
            next_field = None
        elif move == "enter":
            next_field = grid.next_field(field, quick=True)
        else:
            next_field = grid.next_field(field, quick=False, backwards=move == "previous")
        if next_field is None:
            grid.go_to(NEW_ROW, "no")
        else:
            grid.go_to(row_key, next_field)

    # -- line actions ------------------------------------------------------------------------

    def action_insert_line(self) -> None:
        if self.doc is None or self.grid.current_line is None:
            self.grid.go_to(NEW_ROW, "no")
            self.grid.focus()
            return
        self.insert_before = self.grid.current_line.line_no
        self.new_line_type = "item"
        self.start_edit(NEW_ROW, "no", "")

    def action_comment_line(self) -> None:
        if self.doc is None:
            return
        current = self.grid.current_line
        self.insert_before = current.line_no if current else None
        self.new_line_type = "comment"
        self.start_edit(NEW_ROW, "description", "")

    def action_delete_line(self) -> None:
        line = self.grid.current_line
        if self.doc is None or line is None:
            return
        from ..common.dialogs import ConfirmScreen

        async def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                await self.app.db(self.documents.delete_line, self.doc, line.line_no)
            except Exception as err:
                self.app.report(err, title=_("Line not deleted"))
                return
            await self.reload()

        text = f"{line.no} {line.description}".strip()
        self.app.push_screen(ConfirmScreen(_("Delete line {n} ({text})?").format(n=line.line_no, text=text),
                                           yes=_("Delete")), answer)

    def lookup_in_editor(self) -> bool:
        """F4 on (or while editing) a No./Location/Unit/Return Reason cell: pick from a list
        into the editor, which saves the pick."""
        if self.editing is None:
            grid = self.grid
            if self.focused is not grid or grid.current_field not in LOOKUPS:
                return False
            grid.action_edit()  # starts editing the cell (a new line: its No.)
            if self.editing is None:  # refused (no customer yet): the reason is shown
                return True
        _row_key, field = self.editing
        table = LOOKUPS.get(field)
        if table is None or (field == "no" and self.new_line_type == "comment"):
            return False
        from ..common.lookup import LookupScreen

        editor = self.query_one("#cell-editor", CellEditor)

        def picked(code: str | None) -> None:
            editor.focus()
            if code:
                editor.value = code
                self.request_commit("enter")

        # the lookup starts on what was typed; on a value already saved, on the whole list
        line = self.grid.lines.get(_row_key)
        saved = _raw(getattr(line, field, "")) if line else ""
        typed = "" if editor.value == saved else editor.value
        self.app.push_screen(LookupScreen(table, typed), picked)
        return True
