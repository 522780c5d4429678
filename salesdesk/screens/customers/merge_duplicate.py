"""Merge Duplicate (BC's page): the kept customer (Current) and the duplicate side by side.

Fields: only those whose values differ; Space ticks Override to take the duplicate's value.
Related Tables: how many rows of each table name each customer. Conflicts: rows both customers
have under the same key, settled with Remove Duplicate or Rename Duplicate before Merge (F9).
The screen returns the kept customer's number once merged, None when closed without merging."""

from __future__ import annotations

from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter
from ...widgets.paged_table import Column, PagedTable


def shown(value) -> str:
    """A field's value as the card shows it."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):  # amounts and percentages: two decimals at least
        return fmt.price(value)
    return fmt.text(value)


def _rows(rows: list[tuple]):
    """(fetch_page, fetch_count) for rows held in a list the screen refills."""
    return (lambda _text, offset, limit: rows[offset:offset + limit]), (lambda _text: len(rows))


class MergeDuplicateScreen(Screen[str | None]):
    CSS_PATH = styles.STYLES / "merge.tcss"

    BINDINGS = [
        Binding("escape", "close", _("Close"), id="merge.close"),
        Binding("space", "override", _("Override"), id="merge.override"),
        Binding("alt+d", "remove", _("Remove Duplicate"), id="merge.remove"),
        Binding("alt+r", "rename", _("Rename Duplicate"), id="merge.rename"),
        Binding("f9,alt+m", "merge", _("Merge"), id="merge.merge"),
    ]

    def __init__(self, duplicate_no: str, into_no: str, preview=None):
        """``preview``: ``desk.customers.merge_preview`` as read by the opener (else read here)."""
        super().__init__()
        self.duplicate_no = duplicate_no
        self.into_no = into_no
        self.preview = preview
        self.taken: set[str] = set()
        self._field_rows: list[tuple] = []
        self._related_rows: list[tuple] = []
        self._conflict_rows: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Merge Duplicate"), id="merge-title", classes="title", markup=False)
        yield Static(_("Fields (Space: Override, take the duplicate's value)"), classes="merge-section")
        yield PagedTable([Column(_("Field"), 24), Column(_("Current"), 30), Column(_("Duplicate"), 30),
                          Column(_("Override"), 8)], *_rows(self._field_rows), id="merge-fields",
                         empty_text=_("No field differs."))
        yield Static(_("Related Tables"), classes="merge-section")
        yield PagedTable([Column(_("Table"), 0), Column(_("Current Count"), 14, "right"),
                          Column(_("Duplicate Count"), 16, "right")], *_rows(self._related_rows),
                         id="merge-related")
        yield Static(_("Conflicts (Alt+D: Remove Duplicate, Alt+R: Rename Duplicate)"), classes="merge-section")
        yield PagedTable([Column(_("Table"), 0), Column(_("Key"), 16), Column(_("Value"), 24)],
                         *_rows(self._conflict_rows), id="merge-conflicts", empty_text=_("No conflicts."))
        yield Static("", id="merge-status", classes="status-line", markup=False)
        yield DeskFooter()

    def table(self, name: str) -> PagedTable:
        return self.query_one(f"#merge-{name}", PagedTable)

    def on_mount(self) -> None:
        self.sub_title = _("Merge Duplicate")
        if self.preview is not None:
            self.show(self.preview)
        else:
            self.run_worker(self.load(), group="record-load", exclusive=True)  # keys wait for it

    async def load(self) -> None:
        """Read the preview again (after a conflict was settled or a merge refused)."""
        try:
            preview = await self.app.db(self.app.desk.customers.merge_preview, self.duplicate_no, self.into_no)
        except Exception as err:  # a customer deleted or merged by another clerk meanwhile
            self.app.report(err, title=_("Cannot merge"))
            self.dismiss(None)
            return
        self.show(preview)

    def show(self, preview) -> None:
        """Fill the title, the three tables and the status line."""
        self.preview = preview
        self.taken &= {f.field for f in preview.fields}
        self.query_one("#merge-title", Static).update(_("Merge Duplicate · keep {into} {into_name} · merge {dup} {dup_name}")
                                                      .format(into=preview.current_no, into_name=preview.current_name,
                                                              dup=preview.duplicate_no, dup_name=preview.duplicate_name))
        self._fill_fields()
        self._related_rows[:] = [(r.label, r.current, r.duplicate) for r in preview.related]
        self._conflict_rows[:] = [(c.label, c.field, c.value) for c in preview.conflicts]
        for name in ("related", "conflicts"):
            self.table(name).reload()
        conflicts = len(preview.conflicts)
        self.query_one("#merge-status", Static).update(
            _("Resolve ({n}) conflicts before merge.").format(n=conflicts) if conflicts
            else _("No conflicts: F9 merges {dup} into {into}.").format(dup=preview.duplicate_no,
                                                                        into=preview.current_no))
        self.table("conflicts" if conflicts else "fields").focus()

    def _fill_fields(self) -> None:
        self._field_rows[:] = [(f.label, shown(f.current), shown(f.duplicate), "[x]" if f.field in self.taken else "[ ]")
                               for f in self.preview.fields]
        self.table("fields").reload()

    # -- actions ---------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_override(self) -> None:
        if self.preview is None or not self.preview.fields:
            self.notify(_("No field differs: nothing to override."), timeout=3)
            return
        table = self.table("fields")
        if self.focused is not table:  # the first Space goes to the fields, the next ticks
            table.focus()
            return
        field = self.preview.fields[table.cursor].field
        self.taken ^= {field}
        self._fill_fields()

    def _conflict(self):
        if self.preview is None or not self.preview.conflicts:
            self.notify(_("No conflicts to resolve."), timeout=3)
            return None
        return self.preview.conflicts[min(self.table("conflicts").cursor, len(self.preview.conflicts) - 1)]

    async def _resolve(self, conflict, action: str, new_value: str | None = None) -> None:
        try:
            await self.app.db(self.app.desk.customers.resolve_conflict, self.duplicate_no, self.into_no,
                              conflict, action, new_value)
        except Exception as err:
            self.app.report(err, title=_("Conflict not resolved"))
        else:
            done = (_("Removed the duplicate's {what} {value}.") if action == "remove"
                    else _("Renamed the duplicate's {what} {value} to {new}."))
            self.notify(done.format(what=conflict.label, value=conflict.value, new=(new_value or "").strip().upper()),
                        timeout=4)
        await self.load()

    def action_remove(self) -> None:
        conflict = self._conflict()
        if conflict is None:
            return
        from ..common.dialogs import ConfirmScreen

        async def answer(yes: bool | None) -> None:
            if yes:
                await self._resolve(conflict, "remove")

        self.app.push_screen(ConfirmScreen(
            _("Remove the duplicate's {what} {value}? The current customer's stays.").format(
                what=conflict.label, value=conflict.value), yes=_("Remove Duplicate")), answer)

    def action_rename(self) -> None:
        conflict = self._conflict()
        if conflict is None:
            return
        from .new_key_dialog import NewKeyDialog

        async def renamed(value: str | None) -> None:
            if value is not None:
                await self._resolve(conflict, "rename", value)

        self.app.push_screen(NewKeyDialog(_("New {field} for the duplicate's {what} {value}:").format(
            field=conflict.field, what=conflict.label, value=conflict.value)), renamed)

    def action_merge(self) -> None:
        preview = self.preview
        if preview is None:
            return
        if preview.conflicts:
            from ..common.dialogs import ProblemsScreen

            self.app.push_screen(ProblemsScreen(
                _("Resolve ({n}) conflicts before merge").format(n=len(preview.conflicts)),
                [str(c) for c in preview.conflicts]))
            return
        from ..common.dialogs import ConfirmScreen

        taken = [f.label for f in preview.fields if f.field in self.taken]
        question = _("Merge customer {dup} {dup_name} into {into} {into_name}? Its history and open documents "
                     "move to {into}, and {dup} is deleted.").format(
            dup=preview.duplicate_no, dup_name=preview.duplicate_name, into=preview.current_no,
            into_name=preview.current_name)
        question += "\n" + (_("Taken from the duplicate: {fields}").format(fields=", ".join(taken)) if taken
                            else _("Every field keeps the current customer's value."))

        async def answer(yes: bool | None) -> None:
            if yes:
                await self._merge([f.field for f in preview.fields if f.field in self.taken])

        self.app.push_screen(ConfirmScreen(question, title=_("Merge"), yes=_("Merge")), answer)

    async def _merge(self, take: list[str]) -> None:
        from ...model.customers.merging import MergeConflicts

        try:
            kept = await self.app.db(lambda: self.app.desk.customers.merge(self.duplicate_no, self.into_no, take=take))
        except MergeConflicts as err:  # another clerk added one meanwhile
            from ..common.dialogs import ProblemsScreen

            await self.load()
            self.app.push_screen(ProblemsScreen(_("Not merged"), err.problems))
            return
        except Exception as err:
            self.app.report(err, title=_("Not merged"))
            await self.load()
            return
        self.notify(_("Merged {dup} into {into}.").format(dup=self.duplicate_no, into=kept.no), timeout=5)
        self.dismiss(kept.no)
