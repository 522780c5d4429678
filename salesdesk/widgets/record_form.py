"""A card's fields, built from the model's field rules, each with its message beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from ..i18n import _
from . import format as fmt

CHOICE_LABELS = {
    "ship": _("Ship"),
    "invoice": _("Invoice"),
    "all": _("All"),
    "partial": _("Partial"),
    "complete": _("Complete"),
    "inventory": _("Inventory"),
    "service": _("Service"),
    "non_inventory": _("Non-Inventory"),
    "manual": _("Manual"),
    "automatic": _("Automatic"),
    "always_ask": _("Always Ask"),
    "item": _("Item"),
    "gl_account": _("G/L Account"),
    "comment": _("Comment"),
    "fifo": _("FIFO"),
    "average": _("Average"),
    "standard": _("Standard"),
}

# The empty choice means something different in each field: Blocked "" is not blocked, Language
# Code "" is the company's document language. A field rule may name it (``empty_label``);
# otherwise these, and a blank for any other field, as Business Central shows an empty option.
EMPTY_CHOICE_LABELS = {
    "blocked": _("(not blocked)"),
    "language": _("(default)"),
}
BLANK_CHOICE_LABEL = " "  # a space: an empty prompt would give the option no line to stand on


def choice_label(rule, choice: str) -> str:
    """What the clerk sees for ``choice`` in ``rule``'s field."""
    if choice == "":
        return getattr(rule, "empty_label", None) or EMPTY_CHOICE_LABELS.get(rule.name, BLANK_CHOICE_LABEL)
    return CHOICE_LABELS.get(choice, choice)


class FieldRow(Vertical):
    """Label and editor on one line; the field's message on the line below when there is one."""

    def __init__(self, rule, *, read_only: bool = False, value: Any = None):
        super().__init__(id=f"row-{rule.name}")
        self.rule = rule
        self.read_only = read_only
        self.initial = value  # given before mounting: no restyling after the first paint

    def compose(self) -> ComposeResult:
        rule = self.rule
        label = rule.label + (" *" if rule.required else "")
        with Horizontal(classes="field-line"):
            yield Label(label, classes="field-label", markup=False)
            yield from self._editor()
        yield Static("", classes="field-error", id=f"error-{rule.name}", markup=False)

    def _editor(self) -> ComposeResult:
        rule = self.rule
        editor_id = f"field-{rule.name}"
        if rule.kind == "bool":
            on = bool(self.initial)
            yield Checkbox(_("Yes") if on else _("No"), on, id=editor_id, classes="field-editor",
                           disabled=self.read_only)
        elif rule.kind == "choice":
            options = [(choice_label(rule, c), c) for c in rule.choices]
            value = self.initial if self.initial in rule.choices else rule.choices[0]
            yield Select(options, id=editor_id, classes="field-editor", allow_blank=False,
                         value=value, disabled=self.read_only)
        else:
            placeholder = _("F4 to look up") if rule.lookup else ""
            yield Input(_shown(rule, self.initial), id=editor_id, classes="field-editor", placeholder=placeholder,
                        disabled=self.read_only, max_length=rule.max_length or 0)

    @property
    def editor(self) -> Widget:
        return self.query_one(".field-editor")

    def get_value(self) -> Any:
        editor = self.editor
        if isinstance(editor, Checkbox):
            return editor.value
        if isinstance(editor, Select):
            return editor.value
        return editor.value

    def set_value(self, value: Any) -> None:
        editor = self.editor
        if isinstance(editor, Checkbox):
            editor.value = bool(value)
            editor.label = _("Yes") if editor.value else _("No")
        elif isinstance(editor, Select):
            editor.value = value if value in self.rule.choices else self.rule.choices[0]
        else:
            editor.value = _shown(self.rule, value)

    def set_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")


def _shown(rule, value) -> str:
    if value is None:
        return ""
    if rule.kind == "decimal" and isinstance(value, Decimal):
        return fmt.price(value) if rule.scale > 2 else fmt.amount(value)
    return str(value)


class RecordForm(VerticalScroll):
    """Fields in sections. ``sections`` is [(title, [field names])]; ``rules`` maps names to
    the model's FieldRule. Posts ``FieldEdited`` when the clerk leaves a changed field."""

    class FieldEdited(Message):
        def __init__(self, form: "RecordForm", name: str, value: Any):
            self.form = form
            self.name = name
            self.value = value
            super().__init__()

    def __init__(self, rules: dict, sections: list[tuple[str, list[str]]], *,
                 read_only: frozenset[str] = frozenset(), id: str | None = None, side_by_side: bool = False,
                 values: dict[str, Any] | None = None):
        super().__init__(id=id, classes="card-fields" + (" -side-by-side" if side_by_side else ""))
        self.rules = rules
        self.sections = sections
        self.side_by_side = side_by_side
        self.initial_values = values or {}
        self.read_only = set(read_only)
        self._loaded: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        for title, names in self.sections:
            rows = [FieldRow(self.rules[name], read_only=name in self.read_only,
                             value=self.initial_values.get(name)) for name in names]
            if self.side_by_side:
                yield Vertical(*rows, classes="form-column")
                continue
            yield Static(title, classes="section-title")
            yield from rows

    def row(self, name: str) -> FieldRow:
        return self.query_one(f"#row-{name}", FieldRow)

    def field_names(self) -> list[str]:
        return [n for _t, names in self.sections for n in names]

    def on_mount(self) -> None:
        self._loaded = self.values()

    def load(self, values: dict[str, Any]) -> None:
        for name in self.field_names():
            if name in values:
                self.row(name).set_value(values[name])
        self._loaded = self.values()
        self.clear_errors()

    def values(self, *, include_read_only: bool = False) -> dict[str, Any]:
        return {n: self.row(n).get_value() for n in self.field_names()
                if include_read_only or n not in self.read_only}

    def changed_values(self) -> dict[str, Any]:
        now = self.values()
        return {k: v for k, v in now.items() if self._loaded.get(k) != v}

    @property
    def dirty(self) -> bool:
        return bool(self.changed_values())

    def mark_saved(self) -> None:
        self._loaded = self.values()

    def set_read_only(self, name: str, read_only: bool) -> None:
        if read_only:
            self.read_only.add(name)
        else:
            self.read_only.discard(name)
        self.row(name).editor.disabled = read_only

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in self.field_names():
            self.row(name).set_error(errors.get(name))
        first = next((n for n in self.field_names() if n in errors), None)
        if first:
            self.row(first).editor.focus()

    def clear_errors(self) -> None:
        for name in self.field_names():
            self.row(name).set_error(None)

    def focused_field(self) -> str | None:
        focused = self.screen.focused
        for name in self.field_names():
            if self.row(name).editor is focused:
                return name
        return None

    def _name_of(self, widget) -> str | None:
        wid = widget.id or ""
        return wid.removeprefix("field-") if wid.startswith("field-") else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field, as Tab does (Business Central's Enter); leaving
        the field saves it."""
        if self._name_of(event.input) is None:
            return
        event.stop()
        self.screen.focus_next()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        name = self._name_of(event.input)
        if name:
            self.post_message(self.FieldEdited(self, name, event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        name = self._name_of(event.select)
        if name:
            self.post_message(self.FieldEdited(self, name, event.value))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = _("Yes") if event.value else _("No")
        name = self._name_of(event.checkbox)
        if name:
            self.post_message(self.FieldEdited(self, name, event.value))
