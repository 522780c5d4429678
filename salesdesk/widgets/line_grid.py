"""The line editor grid: a table of document lines with a cell cursor. Typing on a cell
starts editing it (the card shows the cell editor); the last row is always an empty line
ready for the next item."""

from __future__ import annotations

from dataclasses import dataclass
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

NEW_ROW = "new"


@dataclass(frozen=True)
class GridColumn:
    field: str
    label: str
    width: int
    align: str = "left"
    format: Any = fmt.text
    editable: bool = True
    quick: bool = True  # on the quick-entry path that Tab follows


def _item_columns(price: GridColumn) -> list[GridColumn]:
    """The columns every line grid starts with, around its price column (Unit Price on
    sales documents, Direct Unit Cost on purchase documents)."""
    return [
        GridColumn("type", _("Type"), 8, format=fmt.words, quick=False),
        GridColumn("no", _("No."), 10),
        GridColumn("description", _("Description"), 22, quick=False),
        GridColumn("location", _("Loc."), 5, quick=False),
        GridColumn("quantity", _("Quantity"), 9, "right", fmt.quantity),
        GridColumn("uom", _("Unit"), 5, editable=False),
        price,
        GridColumn("line_discount_pct", _("Disc. %"), 7, "right", fmt.quantity, quick=False),
        GridColumn("line_amount", _("Line Amount"), 12, "right", fmt.amount, editable=False),
    ]


def purchase_columns_for(kind: str) -> list[GridColumn]:
    """The columns of a purchase document's lines ("purchase_order", "purchase_invoice",
    "purchase_credit_memo"): Direct Unit Cost instead of Unit Price, and on orders the
    quantities to receive and invoice (BC's purchase subpage)."""
    cols = _item_columns(GridColumn("direct_unit_cost", _("Direct Unit Cost"), 12, "right", fmt.price, quick=False))
    if kind == "purchase_order":
        cols += [
            GridColumn("qty_to_receive", _("To Receive"), 10, "right", fmt.quantity, quick=False),
            GridColumn("quantity_received", _("Received"), 8, "right", fmt.quantity, editable=False),
            GridColumn("qty_to_invoice", _("To Inv."), 8, "right", fmt.quantity, quick=False),
            GridColumn("quantity_invoiced", _("Invoiced"), 8, "right", fmt.quantity, editable=False),
        ]
    return cols


def columns_for(kind: str) -> list[GridColumn]:
    """The columns a line grid shows for a document kind (BC's subpage columns)."""
    if kind.startswith("purchase_"):
        return purchase_columns_for(kind)
    cols = _item_columns(GridColumn("unit_price", _("Unit Price"), 10, "right", fmt.price, quick=False))
    if kind in ("order", "blanket_order"):
        cols += [
            GridColumn("qty_to_ship", _("To Ship"), 8, "right", fmt.quantity, quick=False),
            GridColumn("quantity_shipped", _("Shipped"), 8, "right", fmt.quantity, editable=False),
            GridColumn("qty_to_invoice", _("To Inv."), 8, "right", fmt.quantity, quick=False),
            GridColumn("quantity_invoiced", _("Invoiced"), 8, "right", fmt.quantity, editable=False),
        ]
        if kind == "blanket_order":
            cols.append(GridColumn("shipment_date", _("Shipment Date"), 10, format=fmt.date, quick=False))
        else:  # drop shipment / special order (BC's Purchasing Code)
            cols.append(GridColumn("purchasing_code", _("Purch. Code"), 10, quick=False))
    elif kind == "return_order":
        cols += [
            GridColumn("return_qty_to_receive", _("To Receive"), 10, "right", fmt.quantity, quick=False),
            GridColumn("return_qty_received", _("Received"), 8, "right", fmt.quantity, editable=False),
            GridColumn("qty_to_invoice", _("To Inv."), 8, "right", fmt.quantity, quick=False),
        ]
    if kind in ("return_order", "credit_memo"):
        cols.append(GridColumn("return_reason_code", _("Reason"), 10, quick=False))
    return cols


class LineGrid(ScrollView, can_focus=True):
    """Rows keyed by line number (text), plus the empty new-line row at the end. Only the
    rows on screen are rendered (Line API), so a 500-line order opens and edits like a
    five-line one."""

    COMPONENT_CLASSES = {"line-grid--header", "line-grid--cursor", "line-grid--row-cursor",
                         "line-grid--problem", "line-grid--new", "line-grid--comment"}

    DEFAULT_CSS = """
    LineGrid { height: 1fr; }
    LineGrid > .line-grid--header { text-style: bold; background: $panel; }
    LineGrid > .line-grid--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    LineGrid:blur > .line-grid--cursor { background: $block-cursor-blurred-background; }
    LineGrid > .line-grid--row-cursor { background: $boost; }
    LineGrid > .line-grid--problem { background: $error; color: $text; }
    LineGrid > .line-grid--new { color: $text-muted; }
    LineGrid > .line-grid--comment { color: $text-muted; text-style: italic; }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(0, -99)", show=False),
        Binding("end", "move(0, 99)", show=False),
        Binding("ctrl+home", "move(-99999, 0)", show=False),
        Binding("ctrl+end", "move(99999, 0)", show=False),
        Binding("tab", "next_cell", _("Next cell"), show=False),
        Binding("shift+tab", "previous_cell", _("Previous cell"), show=False),
        Binding("enter", "edit", _("Edit cell"), show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)
    cursor_column: reactive[int] = reactive(1, init=False)

    class EditRequested(Message):
        """The clerk wants to edit the cell under the cursor, starting with ``text``."""

        def __init__(self, grid: "LineGrid", row_key: str, field: str, text: str | None):
            self.grid = grid
            self.row_key = row_key
            self.field = field
            self.text = text
            super().__init__()

    class CellHighlighted(Message):
        """The cursor moved to another cell."""

        def __init__(self, grid: "LineGrid"):
            self.grid = grid
            super().__init__()

    def __init__(self, kind: str, **kwargs):
        super().__init__(**kwargs)
        self.kind = kind
        self.grid_columns = columns_for(kind)
        self.lines: dict[str, Any] = {}
        self._order: list[str] = [NEW_ROW]
        self._text_rows: dict[str, list[str]] = {}
        self.problem_cell: tuple[str, str] | None = None
        self._offsets: list[int] = []
        offset = 1
        for column in self.grid_columns:
            self._offsets.append(offset)
            offset += column.width + 1
        self._total_width = offset

    # -- content ---------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._order)

    def load(self, lines) -> None:
        """Show ``lines`` (snapshots) and the empty new-line row; keeps the cursor."""
        self.lines = {str(line.line_no): line for line in lines}
        self._order = [*self.lines, NEW_ROW]
        self._text_rows = {}  # formatted when first shown: only the rows on screen cost anything
        self._resize()
        self.cursor_row = min(self.cursor_row, self.row_count - 1)
        self.refresh()

    def put_line(self, line) -> None:
        """Show one changed line (or a newly added one, in line-number order)."""
        key = str(line.line_no)
        if key not in self.lines:
            self.load(sorted([*self.lines.values(), line], key=lambda item: item.line_no))
            return
        self.lines[key] = line
        self._text_rows.pop(key, None)
        self.refresh()

    def _resize(self) -> None:
        self.virtual_size = Size(self._total_width, self.row_count + 1)

    def _cells(self, line) -> list[str]:
        cells = []
        for column in self.grid_columns:
            value = getattr(line, column.field, "")
            if line.type == "comment" and column.field not in ("type", "description"):
                value = ""
            cells.append(column.format(value) if value not in (None, "") else "")
        return cells

    def get_row_index(self, row_key: str) -> int:
        return self._order.index(row_key)

    # -- rendering -------------------------------------------------------------------------

    def _fit(self, column: GridColumn, text: str) -> str:
        text = terminal_safe(text)
        if cell_len(text) > column.width:
            text = set_cell_size(text, column.width - 1) + "…"
        pad = column.width - cell_len(text)
        return " " * pad + text if column.align == "right" else text + " " * pad

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = self.get_component_rich_style("line-grid--header")
            text = " " + " ".join(self._fit(c, c.label) for c in self.grid_columns)
            return Strip([Segment(set_cell_size(text, self._total_width), style)]).crop(
                scroll_x, scroll_x + width)
        index = scroll_y + y - 1
        if index >= self.row_count:
            return Strip.blank(width, base)
        key = self._order[index]
        if key == NEW_ROW:
            cells = ["…" if c.field == "no" else "" for c in self.grid_columns]
            row_style = base + self.get_component_rich_style("line-grid--new")
        else:
            cells = self._text_rows.get(key)
            if cells is None:
                cells = self._text_rows[key] = self._cells(self.lines[key])
            row_style = base
            if self.lines[key].type == "comment":
                row_style = base + self.get_component_rich_style("line-grid--comment")
        is_cursor_row = index == self.cursor_row
        if is_cursor_row:
            row_style = row_style + self.get_component_rich_style("line-grid--row-cursor")
        segments = [Segment(" ", row_style)]
        for number, (column, cell) in enumerate(zip(self.grid_columns, cells)):
            style = row_style
            if self.problem_cell == (key, column.field):
                style = row_style + self.get_component_rich_style("line-grid--problem")
            elif is_cursor_row and number == self.cursor_column:
                style = row_style + self.get_component_rich_style("line-grid--cursor")
            segments.append(Segment(self._fit(column, cell), style))
            segments.append(Segment(" ", row_style))
        return Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width, row_style)

    def on_resize(self) -> None:
        self._resize()

    # -- cursor ----------------------------------------------------------------------------

    def watch_cursor_row(self) -> None:
        self._cursor_moved()

    def watch_cursor_column(self) -> None:
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        top, visible = self.scroll_offset.y, max(1, self.scrollable_content_region.height - 1)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)
        left = self._offsets[self.cursor_column]
        right = left + self.grid_columns[self.cursor_column].width
        view = self.scrollable_content_region.width
        if left < self.scroll_offset.x:
            self.scroll_to(x=max(0, left - 1), animate=False, immediate=True)
        elif right > self.scroll_offset.x + view:
            self.scroll_to(x=right - view + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.CellHighlighted(self))

    def move_cursor(self, *, row: int | None = None, column: int | None = None, animate: bool = False) -> None:
        if row is not None:
            self.cursor_row = min(max(0, row), self.row_count - 1)
        if column is not None:
            self.cursor_column = min(max(0, column), len(self.grid_columns) - 1)

    def action_move(self, rows: int, columns: int) -> None:
        self.move_cursor(row=self.cursor_row + rows, column=self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 2), 0)

    @property
    def current_key(self) -> str:
        return self._order[self.cursor_row]

    @property
    def current_field(self) -> str:
        return self.grid_columns[self.cursor_column].field

    @property
    def current_line(self):
        return self.lines.get(self.current_key)

    def go_to(self, row_key: str, field: str) -> None:
        row = self._order.index(row_key) if row_key in self._order else self.row_count - 1
        column = next(i for i, c in enumerate(self.grid_columns) if c.field == field)
        self.move_cursor(row=row, column=column)

    def next_field(self, field: str, *, quick: bool = True, backwards: bool = False) -> str | None:
        """The editable field after (or before) ``field`` on the Tab path."""
        fields = [c.field for c in self.grid_columns if c.editable and (c.quick or not quick or c.field == field)]
        if field not in fields:
            fields = [c.field for c in self.grid_columns if c.editable]
        if field not in fields:  # the cursor is on a column nobody edits (End went there)
            order = [c.field for c in self.grid_columns]
            here = order.index(field) if field in order else 0
            ahead = [f for f in fields if (order.index(f) < here if backwards else order.index(f) > here)]
            if not ahead:
                return None
            return ahead[-1] if backwards else ahead[0]
        index = fields.index(field) + (-1 if backwards else 1)
        return fields[index] if 0 <= index < len(fields) else None

    def action_next_cell(self) -> None:
        field = self.next_field(self.current_field, quick=False)
        if field:
            self.go_to(self.current_key, field)
        else:
            self.screen.focus_next()

    def action_previous_cell(self) -> None:
        field = self.next_field(self.current_field, quick=False, backwards=True)
        if field:
            self.go_to(self.current_key, field)
        else:
            self.screen.focus_previous()

    def action_edit(self) -> None:
        self._request(None)

    def _request(self, text: str | None) -> None:
        column = self.grid_columns[self.cursor_column]
        if not column.editable:
            self.notify(_("{column} is calculated; it cannot be typed in.").format(column=column.label),
                        timeout=2)
            return
        # Handled at once, not via the message queue: the editor is open before this key settles.
        handler = getattr(self.screen, "on_line_grid_edit_requested", None)
        request = self.EditRequested(self, self.current_key, column.field, text)
        if handler is not None:
            handler(request)
        else:
            self.post_message(request)

    def on_key(self, event) -> None:
        if event.is_printable and event.character and not event.character.isspace():
            event.stop()
            event.prevent_default()
            self._request(event.character)
        elif event.key == "backspace":
            event.stop()
            self._request("")

    def on_click(self, event) -> None:
        row = self.scroll_offset.y + event.y - 1
        x = self.scroll_offset.x + event.x
        column = max((i for i, off in enumerate(self._offsets) if off <= x), default=0)
        if 0 <= row < self.row_count:
            self.move_cursor(row=row, column=column)
