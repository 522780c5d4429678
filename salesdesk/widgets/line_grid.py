"""The line editor grid: a table of document lines with a cell cursor. Typing on a cell
starts editing it (the card shows the cell editor); the last row is always an empty line
ready for the next item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from ..i18n import _
from . import format as fmt

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


def columns_for(kind: str) -> list[GridColumn]:
    """The columns a line grid shows for a document kind (BC's subpage columns)."""
    cols = [
        GridColumn("type", _("Type"), 8, format=fmt.words, quick=False),
        GridColumn("no", _("No."), 10),
        GridColumn("description", _("Description"), 22, quick=False),
        GridColumn("location", _("Loc."), 5, quick=False),
        GridColumn("quantity", _("Quantity"), 9, "right", fmt.quantity),
        GridColumn("uom", _("Unit"), 5, editable=False),
        GridColumn("unit_price", _("Unit Price"), 10, "right", fmt.price, quick=False),
        GridColumn("line_discount_pct", _("Disc. %"), 7, "right", fmt.quantity, quick=False),
        GridColumn("line_amount", _("Line Amount"), 12, "right", fmt.amount, editable=False),
    ]
    if kind in ("order", "blanket_order"):
        cols += [
            GridColumn("qty_to_ship", _("To Ship"), 8, "right", fmt.quantity, quick=False),
            GridColumn("quantity_shipped", _("Shipped"), 8, "right", fmt.quantity, editable=False),
            GridColumn("qty_to_invoice", _("To Inv."), 8, "right", fmt.quantity, quick=False),
            GridColumn("quantity_invoiced", _("Invoiced"), 8, "right", fmt.quantity, editable=False),
        ]
    elif kind == "return_order":
        cols += [
            GridColumn("return_qty_to_receive", _("To Receive"), 10, "right", fmt.quantity, quick=False),
            GridColumn("return_qty_received", _("Received"), 8, "right", fmt.quantity, editable=False),
            GridColumn("qty_to_invoice", _("To Inv."), 8, "right", fmt.quantity, quick=False),
        ]
    return cols


class LineGrid(DataTable):
    """Rows keyed by line number (text), plus the empty new-line row at the end."""

    BINDINGS = [
        Binding("tab", "next_cell", _("Next cell"), show=False),
        Binding("shift+tab", "previous_cell", _("Previous cell"), show=False),
        Binding("enter", "edit", _("Edit cell"), show=False),
        Binding("f2", "edit", _("Edit cell"), show=False, priority=True),
    ]

    class EditRequested(Message):
        """The clerk wants to edit the cell under the cursor, starting with ``text``."""

        def __init__(self, grid: "LineGrid", row_key: str, field: str, text: str | None):
            self.grid = grid
            self.row_key = row_key
            self.field = field
            self.text = text
            super().__init__()

    def __init__(self, kind: str, **kwargs):
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)
        self.kind = kind
        self.grid_columns = columns_for(kind)
        self.lines: dict[str, Any] = {}
        self.problem_cell: tuple[str, str] | None = None

    def on_mount(self) -> None:
        for column in self.grid_columns:
            label = Text(column.label, justify="right" if column.align == "right" else "left")
            self.add_column(label, key=column.field, width=column.width)

    # -- content ---------------------------------------------------------------------------

    def load(self, lines) -> None:
        """Show ``lines`` (snapshots) and the empty new-line row; keeps the cursor."""
        cursor = self.cursor_coordinate
        self.clear()
        self.lines = {}
        for line in lines:
            self.lines[str(line.line_no)] = line
            self.add_row(*self._cells(line), key=str(line.line_no))
        self.add_row(*self._empty_cells(), key=NEW_ROW)
        row = min(cursor.row, self.row_count - 1)
        self.move_cursor(row=row, column=cursor.column, animate=False)

    def put_line(self, line) -> None:
        """Show one changed line (or a newly added one, before the new-line row)."""
        key = str(line.line_no)
        if key in self.lines:
            self.lines[key] = line
            for column, value in zip(self.grid_columns, self._cells(line)):
                self.update_cell(key, column.field, value)
        else:
            self.load([*self.lines.values(), line])

    def _cells(self, line) -> list:
        cells = []
        for column in self.grid_columns:
            value = getattr(line, column.field, "")
            if line.type == "comment" and column.field not in ("type", "description"):
                value = ""
            shown = column.format(value) if value not in (None, "") else ""
            if self.problem_cell == (str(line.line_no), column.field):
                cells.append(Text(shown, style="reverse red"))
            else:
                cells.append(Text(shown, justify="right" if column.align == "right" else "left"))
        return cells

    def _empty_cells(self) -> list:
        return [Text("…" if c.field == "no" else "", style="dim") for c in self.grid_columns]

    # -- cursor ----------------------------------------------------------------------------

    @property
    def current_key(self) -> str:
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    @property
    def current_field(self) -> str:
        return self.grid_columns[self.cursor_coordinate.column].field

    @property
    def current_line(self):
        return self.lines.get(self.current_key)

    def go_to(self, row_key: str, field: str) -> None:
        row = self.get_row_index(row_key) if row_key in self.lines or row_key == NEW_ROW else self.row_count - 1
        column = next(i for i, c in enumerate(self.grid_columns) if c.field == field)
        self.move_cursor(row=row, column=column, animate=False)

    def next_field(self, field: str, *, quick: bool = True, backwards: bool = False) -> str | None:
        """The editable field after (or before) ``field`` on the Tab path."""
        fields = [c.field for c in self.grid_columns if c.editable and (c.quick or not quick or c.field == field)]
        if field not in fields:
            fields = [c.field for c in self.grid_columns if c.editable]
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
        column = self.grid_columns[self.cursor_coordinate.column]
        if not column.editable:
            self.notify(_("{column} is calculated; it cannot be typed in.").format(column=column.label),
                        timeout=2)
            return
        # Handled at once, not via the message queue: the keys typed right after this one
        # must already reach the cell editor.
        handler = getattr(self.screen, "on_line_grid_edit_requested", None)
        request = self.EditRequested(self, self.current_key, column.field, text)
        if handler is not None:
            handler(request)
        else:
            self.post_message(request)

    def on_key(self, event) -> None:
        screen = self.screen
        stash = getattr(screen, "stash_key", None)
        if stash is not None and stash(event):
            return
        if getattr(screen, "editing", None) is not None:  # queued for me before the editor opened
            event.stop()
            event.prevent_default()
            screen.route_key(event.key, event.character)
            return
        if event.is_printable and event.character and not event.character.isspace():
            event.stop()
            event.prevent_default()
            self._request(event.character)
        elif event.key == "backspace":
            event.stop()
            self._request("")

    def cell_at(self, row_key: str, field: str) -> Coordinate:
        return Coordinate(self.get_row_index(row_key),
                          next(i for i, c in enumerate(self.grid_columns) if c.field == field))
