"""The shape every card shares: a form of fields checked as you leave them, a FactBox,
Save (Ctrl+S) and Close (Esc, asking before changes are thrown away), F4 lookups."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from ... import styles
from ...i18n import _
from ...widgets.footer import DeskFooter
from ...widgets.record_form import RecordForm


class CardScreen(Screen):
    """Subclasses give the service (``desk.customers``…), sections, titles and defaults."""

    CSS_PATH = styles.CARD
    HORIZONTAL_BREAKPOINTS = styles.CARD_BREAKPOINTS
    NOUN = _("record")
    KEY_FIELDS: tuple[str, ...] = ("no",)

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="card.save"),
        Binding("escape", "close", _("Close"), id="card.close"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="card.lookup"),
        Binding("ctrl+n,alt+n", "new", _("New"), id="card.new"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="card.delete", priority=True),
    ]

    def __init__(self, key: str | None):
        super().__init__()
        self.key = key

    # -- what subclasses provide ----------------------------------------------------------

    @property
    def service(self):
        raise NotImplementedError

    def sections(self) -> list[tuple[str, list[str]]]:
        raise NotImplementedError

    def defaults(self) -> dict[str, Any]:
        return {}

    def heading(self, record) -> str:
        return f"{self.NOUN} {' / '.join(str(getattr(record, k)) for k in self.KEY_FIELDS)}"

    def key_of(self, record):
        return getattr(record, self.KEY_FIELDS[0])

    def _set_keys_read_only(self, read_only: bool) -> None:
        for name in self.KEY_FIELDS:
            if name in self.form.field_names():
                self.form.set_read_only(name, read_only)

    def compose_factbox(self) -> ComposeResult:
        yield from ()

    async def refresh_factbox(self) -> None:
        """Fill the FactBox for ``self.key`` (runs after load and save)."""

    def create(self, values: dict):
        return self.service.create(**values)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="card-title", classes="title", markup=False)
        with Horizontal(classes="card-body"):
            yield RecordForm(self.service.rules, self.sections(), id="form")
            with Vertical(classes="factbox", id="factbox"):
                yield from self.compose_factbox()
        yield DeskFooter()

    @property
    def form(self) -> RecordForm:
        return self.query_one("#form", RecordForm)

    async def on_mount(self) -> None:
        await self.load()

    async def load(self) -> None:
        form = self.form
        if self.key is None:
            self.query_one("#card-title", Static).update(_("New {noun}").format(noun=self.NOUN))
            form.load(self.defaults())
            self._set_keys_read_only(False)
            form.row(form.field_names()[0]).editor.focus()
            return
        try:
            record = await self.app.db(self.service.get, self.key)
        except Exception as err:
            self.app.report(err)
            self.dismiss_card()
            return
        form.load(record.model_dump())
        self._set_keys_read_only(True)
        self.query_one("#card-title", Static).update(self.heading(record))
        first = next(n for n in form.field_names() if n not in form.read_only)
        form.row(first).editor.focus()
        await self.refresh_factbox()

    # -- as-you-type checks -----------------------------------------------------------------

    async def on_record_form_field_edited(self, event: RecordForm.FieldEdited) -> None:
        if event.name in self.KEY_FIELDS and self.key is not None:
            return
        if event.name == "no" and not event.value:
            self.form.row(event.name).set_error(_("Blank: the next number of the series."))
            return
        try:
            message = await self.app.db(self.service.check, event.name, event.value)
        except Exception as err:
            self.app.report(err)
            return
        if event.name in self.form.field_names():
            self.form.row(event.name).set_error(message)

    # -- actions -----------------------------------------------------------------------------

    async def action_save(self) -> bool:
        from ...model.core.errors import ValidationError

        form = self.form
        try:
            if self.key is None:
                values = {k: v for k, v in form.values().items() if not (k == "no" and not v)}
                record = await self.app.db(self.create, values)
            else:
                changed = form.changed_values()
                if not changed:
                    self.notify(_("Nothing to save."), timeout=2)
                    return True
                record = await self.app.db(lambda: self.service.update(self.key, **changed))
        except ValidationError as err:
            form.show_errors(err.errors)
            self.notify(_("Not saved: {n} field(s) to correct.").format(n=len(err.errors)),
                        severity="error", timeout=5)
            return False
        except Exception as err:
            self.app.report(err, title=_("Not saved"))
            return False
        self.key = self.key_of(record)
        form.load(record.model_dump())
        self._set_keys_read_only(True)
        self.query_one("#card-title", Static).update(self.heading(record))
        self.notify(_("Saved {what}.").format(what=self.heading(record)), timeout=3)
        await self.refresh_factbox()
        return True

    def unsaved_changes(self) -> str | None:
        """What Ctrl+Q would throw away: the card's title when a field was changed and not saved."""
        return str(self.query_one("#card-title", Static).render()) if self.form.dirty else None

    def action_close(self) -> None:
        if not self.form.dirty:
            self.dismiss_card()
            return
        from .dialogs import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss_card()

        self.app.push_screen(ConfirmScreen(_("Close without saving your changes?"), yes=_("Discard")), answer)

    def dismiss_card(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    def _key_text(self) -> str:
        return " / ".join(self.key) if isinstance(self.key, tuple) else str(self.key)

    def action_lookup(self) -> None:
        form = self.form
        name = form.focused_field()
        rule = form.rules.get(name) if name else None
        if rule is None or not rule.lookup or name in form.read_only:
            self.notify(_("No lookup for this field."), timeout=2)
            return
        from .lookup import LookupScreen

        row = form.row(name)

        def picked(code: str | None) -> None:
            if code is not None:
                row.set_value(code)
                row.set_error(None)
                row.editor.focus()

        self.app.push_screen(LookupScreen(rule.lookup, str(row.get_value() or "")), picked)

    def action_new(self) -> None:
        if self.form.dirty:
            self.notify(_("Save or close this card first."), severity="warning")
            return
        self.app.pop_screen()
        self.app.push_screen(type(self)(None))

    def action_delete(self) -> None:
        if self.key is None:
            self.dismiss_card()
            return
        from .dialogs import ConfirmScreen

        key = self.key

        async def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                await self.app.db(self.service.delete, key)
            except Exception as err:
                self.app.report(err, title=_("Not deleted"))
                return
            self.notify(_("Deleted {noun} {key}.").format(noun=self.NOUN, key=self._key_text()))
            self.dismiss_card()

        self.app.push_screen(ConfirmScreen(_("Delete {noun} {key}?").format(noun=self.NOUN, key=self._key_text()),
                                           yes=_("Delete")), answer)


class PartyCardScreen(CardScreen):
    """A customer's or vendor's card: created from its name, a FactBox of figures that postings
    elsewhere change (read again when the card comes back on top), its ledger entries."""

    LEDGER = ""  # the ledger Ctrl+F7 opens, narrowed to this card ("customer", "vendor")
    SAVE_FIRST = _("Save the card first.")
    FACTBOX_TITLE = ""

    def create(self, values: dict):
        name = values.pop("name", "")
        return self.service.create(name, **values)

    def heading(self, record) -> str:
        return f"{self.NOUN} {record.no} · {record.name}"

    def factbox_lines(self, desk, key: str) -> list[str]:
        """The FactBox's lines for the card's ``key`` (read in a thread: one trip for them all)."""
        raise NotImplementedError

    @staticmethod
    def factbox_line(label: str, value: str) -> str:
        return f"{label:<22}{value:>16}"

    def compose_factbox(self) -> ComposeResult:
        yield Static(self.FACTBOX_TITLE, classes="factbox-title")
        yield Static("", id="stats", markup=False)

    async def refresh_factbox(self) -> None:
        if self.key is None:
            return
        try:
            lines = await self.app.db(self.factbox_lines, self.app.desk, str(self.key))
        except Exception as err:
            self.app.report(err)
            return
        self.query_one("#stats", Static).update("\n".join(lines))

    _left = False  # set once another screen (a document, a posting) came on top

    def on_screen_suspend(self) -> None:
        self._left = True

    async def on_screen_resume(self) -> None:
        # Back from the ledger or a posting elsewhere: the balance may have changed.
        if self._left and self.key is not None:
            await self.refresh_factbox()

    def saved_key(self) -> str | None:
        """The card's number, or None (and a word to the clerk) while it is not saved yet."""
        if self.key is None:
            self.notify(self.SAVE_FIRST, severity="warning")
            return None
        return str(self.key)

    def action_entries(self) -> None:
        key = self.saved_key()
        if key is not None:
            self.app.open_entries(self.LEDGER, key=key)
