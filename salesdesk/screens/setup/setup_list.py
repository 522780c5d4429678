"""A list of one setup table (payment terms, VAT posting setup, …), and its card."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.card_base import CardScreen
from ..common.list_base import ListScreen

_FORMATS = {"decimal": fmt.price, "int": fmt.text, "bool": fmt.flag}


class SetupListScreen(ListScreen):
    NOUN = _("records")
    NOUN_ONE = _("record")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="setup.new"),
        Binding("ctrl+o", "open", _("Open card"), id="setup.open"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="setup.delete", priority=True),
    ]

    def __init__(self, table_name: str):
        self.table_name = table_name
        super().__init__()

    @property
    def spec(self):
        return self.app.desk.setup.table(self.table_name)

    def compose(self):
        self.TITLE_TEXT = self.spec.title
        self.sub_title = self.TITLE_TEXT
        yield from super().compose()

    def columns(self) -> list[Column]:
        columns = []
        for rule in self.spec.rules:
            right = rule.kind in ("decimal", "int")
            width = 0 if rule.name in ("description", "name") else (10 if right else 14)
            columns.append(Column(rule.label, width, "right" if right else "left",
                                  _FORMATS.get(rule.kind, fmt.text)))
        return columns

    def fetch_page(self, text, offset, limit):
        return self.app.desk.setup.page(self.table_name, text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.setup.count(self.table_name, text)

    def _key(self, row: tuple) -> tuple:
        return tuple(row[: len(self.spec.key)])

    def open_row(self, key) -> None:
        row = self.table.current_row
        if row is not None:
            self.app.push_screen(SetupCardScreen(self.table_name, self._key(row)))

    def action_new(self) -> None:
        self.app.push_screen(SetupCardScreen(self.table_name, None))

    def delete_row(self, row):
        key = self._key(row)
        return (_("Delete {title} {key}?").format(title=self.spec.title, key=" / ".join(key)),
                lambda: self.app.desk.setup.delete(self.table_name, *key))


class _SetupService:
    """Adapts ``desk.setup``'s generic calls to the shape a card expects."""

    def __init__(self, setup, table_name: str):
        self.setup = setup
        self.name = table_name
        self.rules = setup.table(table_name).rule_map

    def get(self, key: tuple):
        return self.setup.get(self.name, *key)

    def check(self, field, value):
        return self.setup.check(self.name, field, value)

    def create(self, **values):
        return self.setup.save(self.name, values)

    def update(self, key: tuple, **values):
        return self.setup.save(self.name, values, key=key)

    def delete(self, key: tuple):
        return self.setup.delete(self.name, *key)


class SetupCardScreen(CardScreen):
    def __init__(self, table_name: str, key: tuple | None):
        self.table_name = table_name
        super().__init__(key)

    @property
    def spec(self):
        return self.app.desk.setup.table(self.table_name)

    @property
    def service(self):
        return _SetupService(self.app.desk.setup, self.table_name)

    @property
    def KEY_FIELDS(self):  # noqa: N802 (read like the class attribute it overrides)
        return self.spec.key

    @property
    def NOUN(self):  # noqa: N802
        return self.spec.title

    def sections(self):
        return [(self.spec.title, [r.name for r in self.spec.rules])]

    def key_of(self, record):
        return tuple(getattr(record, k) for k in self.spec.key)

    def action_new(self) -> None:
        if self.form.dirty:
            self.notify(_("Save or close this card first."), severity="warning")
            return
        self.app.pop_screen()
        self.app.push_screen(SetupCardScreen(self.table_name, None))
