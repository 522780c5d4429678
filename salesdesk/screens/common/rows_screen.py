"""The rows that belong to one record (a standard code's lines, a customer's recurring sales
lines): a table of them, and a small card (``RowDialog``) to add or change one.

Ctrl+N adds, Enter changes, Ctrl+Delete deletes (after asking); the dialog saves with
Ctrl+S, keeps what was typed when the model refuses it and shows each message by its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Static

from ... import styles
from ...i18n import _
from ...widgets.footer import DeskFooter
from ...widgets.record_form import RecordForm


class RowDialog(ModalScreen[Any]):
    """Edit one row in a form; returns what ``save`` returned, or None on Escape."""

    CSS_PATH = [styles.DIALOGS, styles.CARD]  # the form is styled like a card
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="row.save"),
        Binding("escape", "cancel", _("Cancel"), id="row.cancel"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="row.lookup"),
    ]

    def __init__(self, title: str, rules: dict, fields: list[str], values: dict, *,
                 save: Callable[[dict], Any], check: Callable[[str, Any], str | None],
                 lookup: Callable[[str, RecordForm], str | None] | None = None,
                 read_only: frozenset[str] = frozenset()):
        super().__init__()
        self.title_text = title
        self.rules = rules
        self.fields = fields
        self.values = values
        self.save = save
        self.check = check
        self.lookup = lookup or (lambda name, _form: rules[name].lookup)
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog row-dialog"):
            yield RecordForm(self.rules, [(self.title_text, self.fields)], id="row-form", values=self.values,
                             read_only=self.read_only)
            yield Static(_("Ctrl+S: save · F4: look up · Esc: cancel"), classes="status-line")

    @property
    def form(self) -> RecordForm:
        return self.query_one("#row-form", RecordForm)

    def on_mount(self) -> None:
        first = next(n for n in self.fields if n not in self.read_only)
        self.form.row(first).editor.focus()

    async def on_record_form_field_edited(self, event: RecordForm.FieldEdited) -> None:
        if event.name in self.read_only:
            return
        try:
            message = await self.app.db(self.check, event.name, event.value)
        except Exception as err:
            self.app.report(err)
            return
        self.form.row(event.name).set_error(message)

    async def action_save(self) -> None:
        from ...model.core.errors import ValidationError

        try:
            record = await self.app.db(self.save, self.form.values())
        except ValidationError as err:
            self.form.show_errors(err.errors)
            self.notify(_("Not saved: {n} field(s) to correct.").format(n=len(err.errors)), severity="error",
                        timeout=5)
            return
        except Exception as err:
            self.app.report(err, title=_("Not saved"))
            return
        self.dismiss(record)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_lookup(self) -> None:
        look_up_field(self, self.form, lambda name: self.lookup(name, self.form) if name not in self.read_only
                      else None)


def look_up_field(screen, form: RecordForm, table_of: Callable[[str], str | None]) -> None:
    """F4 on a form: the lookup of the focused field (``table_of`` its name gives the table,
    None when it has none); the code picked goes into the field."""
    name = form.focused_field()
    table = table_of(name) if name else None
    if table is None:
        screen.notify(_("No lookup for this field."), timeout=2)
        return
    from .lookup import LookupScreen

    row = form.row(name)

    def picked(code: str | None) -> None:
        if code is not None:
            row.set_value(code)
            row.set_error(None)
            row.editor.focus()

    screen.app.push_screen(LookupScreen(table, str(row.get_value() or "")), picked)


class RowsScreen(Screen):
    """Subclasses say what the rows are (``columns``, ``read_rows``), how one is edited
    (``dialog``) and deleted (``delete_call``)."""

    CSS_PATH = styles.CARD
    TITLE_TEXT = ""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="rows.back"),
        Binding("ctrl+n,alt+n", "new", _("New"), id="rows.new"),
        # Enter on a row edits it too (the table's own Enter selects the row)
        Binding("ctrl+o", "edit", _("Edit"), id="rows.edit"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="rows.delete", priority=True),
    ]

    columns: list[tuple[str, int]] = []

    def read_rows(self) -> list[tuple[Any, tuple, dict]]:
        """(key, cells shown, values for the dialog) of every row (runs off the UI thread)."""
        raise NotImplementedError

    def dialog(self, key, values: dict | None) -> RowDialog:
        raise NotImplementedError

    def delete_call(self, key) -> tuple[str, Callable[[], Any]]:
        """(question, model call) to delete the row ``key``."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.TITLE_TEXT, classes="title", markup=False)
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="rows-count", classes="status-line", markup=False)
        yield DeskFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#rows", DataTable)

    async def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT
        for label, width in self.columns:
            self.table.add_column(label, width=width or None)
        self.table.focus()
        await self.reload()

    async def reload(self, select=None) -> None:
        try:
            rows = await self.app.db(self.read_rows)
        except Exception as err:
            self.app.report(err)
            return
        table = self.table
        table.clear()
        self._values = {}
        for key, cells, values in rows:
            table.add_row(*cells, key=str(key))
            self._values[str(key)] = (key, values)
        counted = _("1 line") if len(rows) == 1 else _("{n} lines").format(n=len(rows))
        self.query_one("#rows-count", Static).update(
            _("{counted} · Ctrl+N: new · Enter or Ctrl+O: edit · Ctrl+Delete: delete").format(counted=counted))
        if select is not None and str(select) in self._values:
            table.move_cursor(row=table.get_row_index(str(select)))

    def _current(self):
        table = self.table
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._values.get(row_key)

    def _edit(self, key, values) -> None:
        async def saved(record) -> None:
            if record is not None:
                self.notify(_("Saved."), timeout=2)
                await self.reload(select=self.key_of(record))

        self.app.push_screen(self.dialog(key, values), saved)

    def key_of(self, record):
        return None

    def action_new(self) -> None:
        self._edit(None, None)

    def action_edit(self) -> None:
        current = self._current()
        if current is not None:
            self._edit(*current)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        current = self._current()
        if current is None:
            return
        from .dialogs import confirm_delete

        question, delete = self.delete_call(current[0])
        confirm_delete(self, question, delete, self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
