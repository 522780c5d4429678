"""Navigate (BC's Find Entries): every table holding rows for one document number — posted
documents, unposted documents, and each ledger — with how many. Enter opens what it found."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Static

from ...i18n import _
from ...widgets.footer import DeskFooter
from ...widgets.paged_table import Column, PagedTable
from .posted_card import POSTED_CSS


class NavigateScreen(Screen):
    CSS_PATH = POSTED_CSS

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="navigate.back"),
        Binding("ctrl+o", "show", _("Show"), id="navigate.show"),
        Binding("f5", "find", _("Find"), id="navigate.find", show=False),
    ]

    def __init__(self, document_no: str | None = None):
        super().__init__()
        self.document_no = (document_no or "").strip()
        self.hits: list[tuple] = []  # (label, count, table)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Navigate"), id="navigate-title", classes="title", markup=False)
        with Horizontal(id="docno-bar"):
            yield Label(_("Document No."), id="docno-label")
            yield Input(self.document_no, placeholder=_("Document No."), id="docno", classes="filter")
        yield PagedTable([Column(_("Related Entries"), 0), Column(_("No. of Entries"), 16, "right")],
                         self._page, self._count, id="hits",
                         empty_text=_("Type a document number and press Enter."))
        yield Static("", id="count", classes="status-line", markup=False)
        yield DeskFooter()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#hits", PagedTable)

    def _page(self, _text: str, offset: int, limit: int) -> list[tuple]:
        return self.hits[offset:offset + limit]

    def _count(self, _text: str) -> int:
        return len(self.hits)

    def on_mount(self) -> None:
        self.sub_title = _("Navigate")
        if self.document_no:
            self.run_worker(self.find(self.document_no), group="navigate", exclusive=True)
        else:
            self.query_one("#docno", Input).focus()

    async def find(self, document_no: str) -> None:
        """Look the number up and show the tables that hold it."""
        self.document_no = document_no.strip()
        status = self.query_one("#count", Static)
        if not self.document_no:
            self.hits = []
            self.table.reload()
            status.update("")
            return
        try:
            hits = await self.app.db(self.app.desk.ledger.navigate, self.document_no)
        except Exception as err:
            self.app.report(err)
            return
        self.hits = [(hit.label, hit.count, hit.table) for hit in hits]
        self.table.cursor = 0
        self.table.reload()
        self.query_one("#navigate-title", Static).update(_("Navigate · {no}").format(no=self.document_no))
        if hits:
            status.update(_("{n} related tables for document {no}").format(n=len(hits), no=self.document_no))
            self.table.focus()
        else:
            status.update(_("Nothing was posted or entered with document no. {no}.").format(no=self.document_no))
            self.query_one("#docno", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "docno":
            event.stop()
            self.run_worker(self.find(event.value), group="navigate", exclusive=True)

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.show(event.row)

    def action_show(self) -> None:
        row = self.table.current_row
        if row is not None:
            self.show(row)

    def action_find(self) -> None:
        self.run_worker(self.find(self.query_one("#docno", Input).value), group="navigate", exclusive=True)

    def show(self, row: tuple) -> None:
        _label, _count, table = row
        where, _sep, what = table.partition(":")
        no = self.document_no
        if where == "posted":
            self.app.open_posted(what, no)
        elif where == "document":
            self.app.open_document(what, no)
        elif where == "entries":
            self.app.open_entries(what, document_no=no)
        elif where == "posted_purchase":
            self.app.open_posted_purchase(what, no)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.switch_mode("desk")
