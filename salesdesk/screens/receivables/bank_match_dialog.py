"""Match a bank statement line by hand: the customer who paid and the documents the money pays
(F4 picks them from the customer's open entries in Apply Entries, with its running total of
what is marked)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt

OLDEST_WORDS = ("oldest",)


def _is_oldest(text: str) -> bool:
    return text.strip().lower() in {*OLDEST_WORDS, _("oldest").lower()}


def normalize_apply_to(text: str) -> str:
    """What the clerk typed in Applies-to, as the model reads it: document numbers upper case,
    separated by one space ("oldest" kept as it is)."""
    if _is_oldest(text):
        return text.strip().lower()
    return " ".join(text.replace(",", " ").upper().split())


def describe_line(line) -> str:
    """The statement line as the dialog shows it: what the bank says, then the proposal."""
    said = " · ".join(part for part in (fmt.date(line.booking_date), fmt.amount(line.amount),
                                         line.counterparty, getattr(line, "reference", "")) if part)
    proposal = " · ".join(part for part in (line.customer_no, line.apply_to,
                                            f"{line.confidence} %" if line.confidence else "",
                                            line.match_reason) if part)
    return "\n".join((said, line.text or "—", _("Proposal: {what}").format(what=proposal or "—")))


class BankMatchScreen(ModalScreen):
    """Returns the line as saved by ``set_match``, or None when cancelled."""

    CSS_PATH = styles.DIALOGS
    DEFAULT_CSS = """
    BankMatchScreen .bank-match { width: 76; }
    BankMatchScreen #match-line { margin-bottom: 1; }
    BankMatchScreen .field-error { color: $text-error; height: auto; }
    BankMatchScreen Input.-invalid { border: tall $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="bankmatch.save"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="bankmatch.lookup"),
        Binding("escape", "cancel", _("Cancel"), id="bankmatch.cancel"),
    ]

    def __init__(self, line):
        super().__init__()
        self.line = line
        self.saving = False

    def compose(self) -> ComposeResult:
        line = self.line
        with Vertical(classes="dialog bank-match"):
            yield Static(_("Match statement line {id} by hand").format(id=line.id), classes="title", markup=False)
            yield Static(describe_line(line), id="match-line", markup=False)
            yield Label(_("Customer No."))
            yield Input(value=line.customer_no or "", id="match-customer", placeholder=_("F4 to look up"))
            yield Static("", id="match-customer-error", classes="field-error", markup=False)
            yield Label(_("Applies-to (document nos., 'oldest', blank: on account)"))
            yield Input(value=line.apply_to or "", id="match-apply", placeholder=_("F4 picks open entries"))
            yield Static("", id="match-apply-error", classes="field-error", markup=False)
            yield Static("", id="match-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save") + " (Ctrl+S)", id="save", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        for selector in ("#match-customer-error", "#match-apply-error", "#match-error"):
            self.query_one(selector).display = False
        self.query_one("#match-customer", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_worker(self.action_save(), group="bank-match")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.action_save()
        else:
            self.action_cancel()

    # -- errors per field --------------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        fields = {"customer_no": ("#match-customer", "#match-customer-error"),
                  "apply_to": ("#match-apply", "#match-apply-error")}
        first = None
        for name, (field, message) in fields.items():
            text = errors.get(name, "")
            self._message(message, text)
            self.query_one(field, Input).set_class(bool(text), "-invalid")
            if text and first is None:
                first = field
        self._message("#match-error", general)
        if first:
            self.query_one(first, Input).focus()

    def _message(self, selector: str, text: str) -> None:
        message = self.query_one(selector, Static)
        message.update(text)
        message.display = bool(text)

    # -- actions -----------------------------------------------------------------------------

    async def action_save(self) -> None:
        if self.saving:
            return
        from ...model.core.errors import SalesDeskError, ValidationError

        customer = self.query_one("#match-customer", Input).value.strip().upper()
        apply_to = normalize_apply_to(self.query_one("#match-apply", Input).value)
        bank = self.app.desk.payments.bank
        self.saving = True
        try:
            line = await self.app.db(bank.set_match, self.line.id, customer_no=customer, apply_to=apply_to,
                                     accepted=True)
        except ValidationError as err:
            self._show_errors(err.errors)
            return
        except SalesDeskError as err:
            self._show_errors({}, str(err))
            return
        except Exception as err:  # noqa: BLE001 - reported, the dialog keeps what was typed
            self.app.report(err)
            return
        finally:
            self.saving = False
        self.dismiss(line)

    def action_lookup(self) -> None:
        customer_input = self.query_one("#match-customer", Input)
        if self.focused is customer_input:
            from ..common.lookup import LookupScreen

            def picked(code: str | None) -> None:
                if code:
                    customer_input.value = code
                    self._show_errors({})
                    self.query_one("#match-apply", Input).focus()

            self.app.push_screen(LookupScreen("customer"), picked)
        elif self.focused is self.query_one("#match-apply", Input):
            self.run_worker(self._pick_entries(), group="bank-match-pick")
        else:
            self.notify(_("No lookup for this field."), timeout=2)

    async def _pick_entries(self) -> None:
        from .apply_entries_dialog import (
            ApplyEntriesScreen,
            documents_of_entries,
            entries_of_documents,
        )

        customer = self.query_one("#match-customer", Input).value.strip().upper()
        apply_input = self.query_one("#match-apply", Input)
        if not customer:
            self._show_errors({"customer_no": _("Fill in the customer first: F4 then shows their open entries.")})
            return
        sign = 1 if self.line.amount > 0 else -1
        desk = self.app.desk
        try:
            entries = await self.app.db(desk.payments.open_entries, customer, sign=sign)
            others = await self.app.db(desk.payments.bank.lines, "open")
        except Exception as err:  # noqa: BLE001 - shown to the clerk
            self.app.report(err)
            return
        if not entries:
            self.notify(_("Customer {no} has no open entry this line can pay: leave Applies-to blank to keep "
                          "the payment open on account.").format(no=customer), severity="warning", timeout=5)
            return
        # documents other statement lines already mean to pay: worth a second look
        taken: dict[str, list[str]] = {}
        for other in others:
            if other.id != self.line.id and other.customer_no == customer:
                for no in (other.apply_to or "").split():
                    taken.setdefault(no, []).append(str(other.id))
        notes = {e.entry_no: _("also on line {ids}").format(ids=", ".join(taken[e.document_no]))
                 for e in entries if e.document_no in taken}
        marked = entries_of_documents(entries, normalize_apply_to(apply_input.value).split())
        title = _("Open entries of {no} · statement line {id} · amount {amount}").format(
            no=customer, id=self.line.id, amount=fmt.amount(self.line.amount))

        def picked(entry_nos: list[int] | None) -> None:
            if entry_nos is not None:
                apply_input.value = " ".join(documents_of_entries(entries, entry_nos))
                self._show_errors({})
                apply_input.focus()

        self.app.push_screen(ApplyEntriesScreen(None, entries, amount=self.line.amount,
                                                payment_date=self.line.booking_date, title=title, marked=marked,
                                                notes=notes), picked)

    def action_cancel(self) -> None:
        self.dismiss(None)

