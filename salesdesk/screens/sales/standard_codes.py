"""Standard Sales Codes (BC's Recurring Sales Lines page): the list, the card (code,
description, currency; its lines in the FactBox) and the lines, each editable by keys."""

from __future__ import annotations

from dataclasses import asdict

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ...widgets.record_form import CHOICE_LABELS
from ..common.card_base import CardScreen
from ..common.list_base import ListScreen
from ..common.rows_screen import RowDialog, RowsScreen

LINE_FIELDS = ["type", "no", "description", "quantity", "amount", "vat_prod_group"]
LOOKUP_OF_TYPE = {"item": "item", "gl_account": "gl_account"}  # the No. field looks up by the line's type


class StandardCodeListScreen(ListScreen):
    TITLE_TEXT = _("Standard Sales Codes")
    FILTER_HINT = _("Type to filter by code or description")
    NOUN = _("codes")
    NOUN_ONE = _("code")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="stdcodes.new"),
        Binding("ctrl+o", "open", _("Open card"), id="stdcodes.open"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="stdcodes.delete", priority=True),
    ]

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 12), Column(_("Description"), 0), Column(_("Currency Code"), 13)]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.sales.standard_codes.page(text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.sales.standard_codes.count(text)

    def open_row(self, key) -> None:
        self.app.push_screen(StandardCodeCardScreen(str(key)))

    def action_new(self) -> None:
        self.app.push_screen(StandardCodeCardScreen(None))

    def delete_row(self, row):
        code = row[0]
        return (_("Delete standard sales code {code} and its lines?").format(code=code),
                lambda: self.app.desk.sales.standard_codes.delete(code))


class _Record:
    """A standard code as the card reads it (``model_dump`` like a table row)."""

    def __init__(self, code):
        self.code = code.code
        self._values = {k: v for k, v in asdict(code).items() if k != "lines"}

    def model_dump(self) -> dict:
        return dict(self._values)


class _CodeService:
    """``desk.sales.standard_codes`` in the shape a card expects."""

    def __init__(self, codes):
        self.codes = codes
        self.rules = codes.rules

    def get(self, code):
        return _Record(self.codes.get(code))

    def check(self, field, value):
        return self.codes.check(field, value)

    def create(self, code="", description="", currency_code=""):
        return _Record(self.codes.create(code, description, currency_code=currency_code))

    def update(self, code, **values):
        return _Record(self.codes.update(code, **values))

    def delete(self, code):
        self.codes.delete(code)


class StandardCodeCardScreen(CardScreen):
    NOUN = _("Standard Sales Code")
    KEY_FIELDS = ("code",)

    BINDINGS = [Binding("alt+l", "lines", _("Lines"), id="stdcode.lines", priority=True)]

    @property
    def service(self):
        return _CodeService(self.app.desk.sales.standard_codes)

    def sections(self):
        return [(_("General"), ["code", "description", "currency_code"])]

    def compose_factbox(self) -> ComposeResult:
        yield Static(_("Lines (Alt+L)"), classes="factbox-title")
        yield Static("", id="code-lines", markup=False)

    async def refresh_factbox(self) -> None:
        if self.key is None:
            return
        try:
            code = await self.app.db(self.app.desk.sales.standard_codes.get, self.key)
        except Exception as err:
            self.app.report(err)
            return
        shown = [line.description if line.type == "comment" else
                 f"{fmt.quantity(line.quantity)} × {line.no} {line.description}" for line in code.lines]
        self.query_one("#code-lines", Static).update("\n".join(shown) or _("No lines yet: Alt+L adds them."))

    async def on_screen_resume(self) -> None:
        await self.refresh_factbox()

    def action_lines(self) -> None:
        if self.key is None:
            self.notify(_("Save the code first (Ctrl+S)."), severity="warning")
            return
        self.app.push_screen(StandardLinesScreen(str(self.key)))


class StandardLinesScreen(RowsScreen):
    """The lines of one standard code: type, no. (F4 looks up items or G/L accounts),
    description, quantity, amount excl. VAT and VAT group of a G/L account line."""

    columns = [(_("Line"), 6), (_("Type"), 11), (_("No."), 10), (_("Description"), 30), (_("Quantity"), 9),
               (_("Amount Excl. VAT"), 16), (_("VAT Prod. Posting Group"), 10)]

    def __init__(self, code: str):
        self.code = code
        self.TITLE_TEXT = _("Standard Sales Code {code} · Lines").format(code=code)
        super().__init__()

    @property
    def codes(self):
        return self.app.desk.sales.standard_codes

    def read_rows(self):
        return [(line.line_no, (str(line.line_no), CHOICE_LABELS.get(line.type, line.type), line.no,
                                line.description, fmt.quantity(line.quantity) if line.type != "comment" else "",
                                fmt.amount(line.amount) if line.type == "gl_account" else "", line.vat_prod_group),
                 {f: getattr(line, f) for f in LINE_FIELDS})
                for line in self.codes.get(self.code).lines]

    def key_of(self, record):
        return record.line_no

    def dialog(self, key, values):
        codes, code = self.codes, self.code

        def save(typed: dict):
            if key is None:
                return codes.add_line(code, typed.pop("no"), typed.pop("quantity"), **typed)
            return codes.update_line(code, key, **typed)

        def lookup(name, form):
            if name == "no":
                return LOOKUP_OF_TYPE.get(form.row("type").get_value())
            return codes.line_rules[name].lookup

        title = _("New line of {code}").format(code=code) if key is None else _("Line {n} of {code}").format(
            n=key, code=code)
        return RowDialog(title, codes.line_rules, LINE_FIELDS, values or {"type": "item", "quantity": "1"},
                         save=save, check=codes.check_line, lookup=lookup)

    def delete_call(self, key):
        return (_("Delete line {n} of {code}?").format(n=key, code=self.code),
                lambda: self.codes.delete_line(self.code, key))
