"""The shape every list shares: a filter line, the paged table, a count, the Footer.

Typing goes to the filter; arrows, Page Up/Down move the cursor; Enter opens the card. A list
keeps its filter and cursor while you visit a card and refreshes its rows when you come back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from ...i18n import _
from ...widgets.footer import DeskFooter
from ...widgets.paged_table import Column, PagedTable


class ListScreen(Screen):
    TITLE_TEXT = ""
    FILTER_HINT = _("Type to filter")
    NOUN = _("rows")
    NOUN_ONE = _("row")

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="list.back"),
        Binding("up", "table('cursor_up')", show=False),
        Binding("down", "table('cursor_down')", show=False),
        Binding("pageup", "table('page_up')", show=False),
        Binding("pagedown", "table('page_down')", show=False),
        Binding("ctrl+home", "table('first')", show=False),
        Binding("ctrl+end", "table('last')", show=False),
        Binding("f5", "refresh_rows", _("Refresh"), id="list.refresh", show=False),
    ]

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def fetch_page(self, text: str, offset: int, limit: int) -> list[tuple]:
        raise NotImplementedError

    def fetch_count(self, text: str) -> int:
        raise NotImplementedError

    fetch_details = None  # optional: keys -> {key: (values of the last columns)}

    def open_row(self, key) -> None:
        raise NotImplementedError

    def delete_row(self, row: tuple) -> tuple[str, object]:
        """(question, model call) to delete ``row``; lists that allow deleting override it."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.TITLE_TEXT, classes="title")
        yield Input(placeholder=self.FILTER_HINT, id="filter", classes="filter")
        yield PagedTable(self.columns(), self.fetch_page, self.fetch_count, id="rows",
                         fetch_details=self.fetch_details,
                         empty_text=_("No {noun} match.").format(noun=self.NOUN))
        yield Static(_("Loading…"), id="count", classes="status-line", markup=False)
        yield DeskFooter()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#rows", PagedTable)

    def on_mount(self) -> None:
        self.sub_title = self.TITLE_TEXT
        self.query_one("#filter", Input).focus()
        self._built = True
        if self._initial_filter:
            self.filter_on(self._initial_filter)

    _left = False  # set once the clerk has gone to another screen and may have changed rows

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        # Back from a card: rows may have changed. (Resume also comes on first show, when
        # the table has just loaded its first page itself.)
        if self._left:
            self.table.reload()
            # The filter stays (the rows the clerk came from) but is selected: what is typed
            # next replaces it instead of being appended to it.
            self.query_one("#filter", Input).select_all()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.table.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.action_open()

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.open_row(event.key)

    def on_paged_table_loaded(self, event: PagedTable.Loaded) -> None:
        text = self.table.filter_text
        noun = self.NOUN_ONE if event.count == 1 else self.NOUN
        shown = _("{n} {noun}").format(n=f"{event.count:,}", noun=noun)
        if text:
            shown += " " + _("matching '{text}'").format(text=text)
        self.query_one("#count", Static).update(shown)

    _initial_filter = ""
    _built = False  # on_mount has run: the filter line exists

    def filter_on(self, text: str) -> None:
        """Show the rows matching ``text``, typed into the filter (the desk's Find does this)."""
        if not self._built:  # a list shown for the first time: filtered as it is built
            self._initial_filter = text
            return
        box = self.query_one("#filter", Input)
        box.value = text
        box.cursor_position = len(text)
        box.focus()

    def action_table(self, action: str) -> None:
        getattr(self.table, f"action_{action}")()

    def action_open(self) -> None:
        self.table.select_when_ready()

    def action_delete(self) -> None:
        row = self.table.current_row
        if row is None:
            return
        from .dialogs import confirm_delete

        question, delete = self.delete_row(row)

        def deleted() -> None:
            self.notify(_("Deleted: {what}").format(what=f"{row[0]} {row[1]}"))
            self.table.reload()

        confirm_delete(self, question, delete, deleted)

    def action_refresh_rows(self) -> None:
        self.table.reload()

    def action_back(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            filter_input.value = ""  # first Escape clears the filter, the next goes back
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.switch_mode("desk")
