"""The item list: every item with its inventory, paged from SQL."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen


class ItemListScreen(ListScreen):
    TITLE_TEXT = _("Items")
    FILTER_HINT = _("Type to filter by number or description")
    NOUN = _("items")
    NOUN_ONE = _("item")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="item.new"),
        Binding("ctrl+o", "open", _("Open card"), id="item.open"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="item.delete", priority=True),
    ]

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 10),
            Column(_("Description"), 0),
            Column(_("Type"), 13, format=fmt.words),
            Column(_("Unit"), 5),
            Column(_("Unit Price"), 12, "right", fmt.price),
            Column(_("Inventory"), 11, "right", fmt.quantity),
            Column(_("Blocked"), 7, format=fmt.flag),
        ]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.items.page(text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.items.count(text)

    def open_row(self, key) -> None:
        self.app.open_item(str(key))

    def action_new(self) -> None:
        self.app.open_item(None)

    def delete_row(self, row):
        no, name = row[0], row[1]
        return (_("Delete item {no} {name}?").format(no=no, name=name),
                lambda: self.app.desk.items.delete(no))
