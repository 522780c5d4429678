"""A virtual list that pages its rows from the model, toolong-style.

Only the rows on screen are rendered, from an in-memory cache of pages; a missing page is
fetched in a thread worker and the list repaints when it arrives. 100,000 rows open like 100.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..i18n import _
from . import format as fmt
from .terminal_safe import terminal_safe

PAGE_SIZE = 100

FetchPage = Callable[[str, int, int], list[tuple]]
FetchCount = Callable[[str], int]
FetchDetails = Callable[[list], dict]


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 10  # 0 = takes the remaining width
    align: str = "left"
    format: Callable[[Any], str] = field(default=fmt.text)


class PagedTable(ScrollView, can_focus=True):
    """Rows come from ``fetch_page(filter, offset, limit)`` and ``fetch_count(filter)``,
    both called off the UI thread. Column 0 of a row is its key."""

    COMPONENT_CLASSES = {"paged-table--header", "paged-table--cursor", "paged-table--placeholder"}

    DEFAULT_CSS = """
    PagedTable { height: 1fr; overflow-x: hidden; }
    PagedTable > .paged-table--header { text-style: bold; background: $panel; }
    PagedTable > .paged-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    PagedTable:blur > .paged-table--cursor { background: $block-cursor-blurred-background; }
    PagedTable > .paged-table--placeholder { color: $text-muted; }
    """

    BINDINGS = [
        Binding("up", "cursor_up", _("Up"), show=False),
        Binding("down", "cursor_down", _("Down"), show=False),
        Binding("pageup", "page_up", _("Page up"), show=False),
        Binding("pagedown", "page_down", _("Page down"), show=False),
        Binding("home,ctrl+home", "first", _("First"), show=False),
        Binding("end,ctrl+end", "last", _("Last"), show=False),
        Binding("enter", "select", _("Open"), show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """Enter on a row."""

        def __init__(self, table: "PagedTable", row: tuple):
            self.table = table
            self.row = row
            self.key = row[0]
            super().__init__()

    class Highlighted(Message):
        def __init__(self, table: "PagedTable", row: tuple | None):
            self.table = table
            self.row = row
            super().__init__()

    class Loaded(Message):
        """The row count for the current filter is known."""

        def __init__(self, table: "PagedTable", count: int):
            self.table = table
            self.count = count
            super().__init__()

    def __init__(self, columns: list[Column], fetch_page: FetchPage, fetch_count: FetchCount,
                 *, fetch_details: FetchDetails | None = None, empty_text: str | None = None,
                 name=None, id=None, classes=None):
        """``fetch_details(keys) -> {key: (values…)}``, when given, fills the last columns of
        a page after its rows are painted (sums such as a balance, which cost more)."""
        super().__init__(name=name, id=id, classes=classes)
        self.columns = columns
        self._fetch_page = fetch_page
        self._fetch_count = fetch_count
        self._fetch_details = fetch_details
        self._empty_text = empty_text or _("Nothing to show.")
        self.filter_text = ""
        self._generation = 0
        self._pages: dict[int, list[tuple]] = {}
        self._loading: set[int] = set()
        self.row_count = 0
        self.count_known = False
        self._pending_select = False

    # -- data ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.reload()

    def set_filter(self, text: str) -> None:
        """Show only rows matching ``text``; the cursor goes back to the first row."""
        self.filter_text = text
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.reload()

    def reload(self) -> None:
        """Forget cached pages and fetch again (keeps the cursor where it can)."""
        self._generation += 1
        self._pages.clear()
        self._loading.clear()
        page_no = self.cursor // PAGE_SIZE
        self._loading.add(page_no)  # so that painting meanwhile does not ask for it again
        self._load(self._generation, self.filter_text, page_no, count=True)

    def _load(self, generation: int, text: str, page_no: int, count: bool = False) -> None:
        self.run_worker(self._fetch(generation, text, page_no, count), group="paged-table")

    async def _fetch(self, generation: int, text: str, page_no: int, count: bool) -> None:
        # asyncio.to_thread reuses the loop's pool threads: no thread start per keystroke.
        rows = await asyncio.to_thread(self._fetch_page, text, page_no * PAGE_SIZE, PAGE_SIZE)
        self._page_arrived(generation, page_no, rows)
        # Let the rows paint before the extra queries compete with painting for the GIL.
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        await painted.wait()
        if self._fetch_details and rows and generation == self._generation:
            details = await asyncio.to_thread(self._fetch_details, [row[0] for row in rows])
            if generation == self._generation and page_no in self._pages:
                self._pages[page_no] = [row + tuple(details.get(row[0], ())) for row in rows]
                self.refresh()
        if count and generation == self._generation:
            total = await asyncio.to_thread(self._fetch_count, text)
            self._count_arrived(generation, total)

    def _page_arrived(self, generation: int, page_no: int, rows: list[tuple]) -> None:
        if generation != self._generation:
            return
        self._pages[page_no] = rows
        self._loading.discard(page_no)
        if not self.count_known:
            provisional = page_no * PAGE_SIZE + len(rows)
            if provisional > self.row_count or len(rows) < PAGE_SIZE:
                self._set_row_count(provisional)
        self.refresh()
        if page_no == self.cursor // PAGE_SIZE:
            self.post_message(self.Highlighted(self, self.current_row))
            if self._pending_select:
                self._pending_select = False
                self.action_select()

    def _count_arrived(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.count_known = True
        self._set_row_count(total)
        self.post_message(self.Loaded(self, total))

    def _set_row_count(self, total: int) -> None:
        self.row_count = total
        self.virtual_size = Size(self.size.width, total + 1)
        if self.cursor >= total:
            self.cursor = max(0, total - 1)
        self.refresh()

    def _row(self, index: int) -> tuple | None:
        page_no = index // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            if page_no not in self._loading:
                self._loading.add(page_no)
                self._load(self._generation, self.filter_text, page_no)
            return None
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> tuple | None:
        if self.row_count == 0:
            return None
        return self._row(self.cursor)

    @property
    def current_key(self):
        row = self.current_row
        return row[0] if row else None

    # -- rendering -------------------------------------------------------------------------

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _widths(self) -> list[int]:
        total = max(self._content_width() - 1, 10)
        fixed = sum(c.width for c in self.columns if c.width) + len(self.columns) - 1
        flexible = [c for c in self.columns if not c.width]
        spare = max(total - fixed, 8 * len(flexible))
        widths = []
        for column in self.columns:
            widths.append(column.width or max(8, spare // max(1, len(flexible))))
        return widths

    def _line(self, cells: list[str], widths: list[int]) -> str:
        parts = []
        for column, cell, width in zip(self.columns, cells, widths):
            if cell_len(cell) > width:
                cell = set_cell_size(cell, width - 1) + "…"
            pad = width - cell_len(cell)
            parts.append(" " * pad + cell if column.align == "right" else cell + " " * pad)
        return " ".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        widths = self._widths()
        if y == 0:
            style = self.get_component_rich_style("paged-table--header")
            text = self._line([c.label for c in self.columns], widths)
            return Strip([Segment(set_cell_size(" " + text, width), style)])
        _scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y - 1
        base = self.rich_style
        if index >= self.row_count:
            if self.row_count == 0 and y == 1 and self.count_known:
                style = self.get_component_rich_style("paged-table--placeholder")
                return Strip([Segment(set_cell_size(" " + self._empty_text, width), style)])
            return Strip.blank(width, base)
        row = self._row(index)
        if row is None:
            style = self.get_component_rich_style("paged-table--placeholder")
            return Strip([Segment(set_cell_size(" …", width), style)])
        cells = [terminal_safe(c.format(v)) for c, v in zip(self.columns, row)]
        text = self._line(cells, widths)
        style = self.get_component_rich_style("paged-table--cursor") if index == self.cursor else base
        return Strip([Segment(set_cell_size(" " + text, width), style)])

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count + 1)

    # -- cursor ----------------------------------------------------------------------------

    def watch_cursor(self, _old: int, _new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_row))

    def _visible_rows(self) -> int:
        return max(1, self.size.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        top = self.scroll_offset.y
        visible = self._visible_rows()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def _move(self, delta: int) -> None:
        if self.row_count:
            self.cursor = min(max(0, self.cursor + delta), self.row_count - 1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-self._visible_rows())

    def action_page_down(self) -> None:
        self._move(self._visible_rows())

    def action_first(self) -> None:
        self._move(-self.cursor)

    def action_last(self) -> None:
        self._move(self.row_count)

    def select_when_ready(self) -> None:
        """Enter typed right after the filter: open the row once its page has arrived."""
        if (self.cursor // PAGE_SIZE) in self._pages:
            self.action_select()
        else:
            self._pending_select = True

    def action_select(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event) -> None:
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < self.row_count:
            self.cursor = index
