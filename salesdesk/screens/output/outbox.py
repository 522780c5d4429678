"""E-Mail Outbox and Sent E-Mails (BC's Email Outbox / Sent Emails in one list): every
document e-mailed from the desk, newest first, with its status. A failed e-mail keeps its
error and its attachment; Alt+R sends it again exactly as it was, Alt+X cancels it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ... import styles
from ...i18n import _
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen

STATUS_LABELS = {"queued": _("Queued"), "sending": _("Sending"), "sent": _("Sent"), "failed": _("Failed"),
                 "cancelled": _("Cancelled")}


def _when(value) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


class OutboxScreen(ListScreen):
    TITLE_TEXT = _("E-Mail Outbox and Sent E-Mails")
    FILTER_HINT = _("Type to filter by document, address or subject")
    NOUN = _("e-mails")
    NOUN_ONE = _("e-mail")

    BINDINGS = [
        Binding("alt+r", "retry", _("Send Again"), id="outbox.retry"),
        Binding("alt+shift+r", "retry_all", _("Send All Failed Again"), id="outbox.retry_all"),
        Binding("alt+x", "cancel_sending", _("Cancel Sending"), id="outbox.cancel"),
        Binding("alt+f", "toggle_failed", _("Failed Only"), id="outbox.failed"),
        Binding("ctrl+o", "open_document", _("Open document"), id="outbox.document"),
    ]

    def __init__(self):
        super().__init__()
        self.failed_only = False
        self._sending = False

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 6, "right"),
            Column(_("Created"), 16),
            Column(_("Document"), 24),
            Column(_("To"), 24),
            Column(_("Subject"), 0),
            Column(_("Status"), 9),
            Column(_("Tries"), 5, "right"),
            Column(_("Error / Message-ID"), 22),
        ]

    def fetch_page(self, text, offset, limit):
        status = "failed" if self.failed_only else None
        rows = self.app.desk.mail.outbox(status=status, text=text, offset=offset, limit=limit)
        return [(e.id, _when(e.created_at), e.document, e.to_addr, e.subject, STATUS_LABELS.get(e.status, e.status),
                 e.attempts, e.error or e.message_id) for e in rows]

    def fetch_count(self, text):
        return self.app.desk.mail.outbox_count(status="failed" if self.failed_only else None, text=text)

    def open_row(self, key) -> None:
        self.run_worker(self._open(int(key)), group="outbox")

    async def _open(self, entry_id: int) -> None:
        try:
            entry = await self.app.db(self.app.desk.mail.entry, entry_id)
        except Exception as err:
            self.app.report(err)
            return

        def answered(action: str | None) -> None:
            if action == "retry":
                self.action_retry(entry_id)
            elif action == "cancel":
                self.run_worker(self._cancel(entry_id), group="outbox")

        self.app.push_screen(OutboxEntryScreen(entry), answered)

    def _current_id(self) -> int | None:
        row = self.table.current_row
        return int(row[0]) if row is not None else None

    def action_retry(self, entry_id: int | None = None) -> None:
        entry_id = entry_id if entry_id is not None else self._current_id()
        if entry_id is None:
            return
        if self._sending:
            self.notify(_("An e-mail is being sent: wait for it to finish."), timeout=3)
            return
        self._sending = True  # one at a time from this screen (the model refuses a second claim too)
        self.run_worker(self._retry(entry_id), group="outbox")

    async def _retry(self, entry_id: int) -> None:
        """A failed e-mail is sent again as it is; a sent (or cancelled) one, once confirmed, as
        a new e-mail (Resend)."""
        try:
            entry = await self.app.db(self.app.desk.mail.entry, entry_id)
        except Exception as err:
            self._sending = False
            self.app.report(err, title=_("Not sent"))
            return
        if entry.status not in ("sent", "cancelled"):
            await self._send_again(entry_id, resend=False)
            return
        from ..common.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._send_again(entry_id, resend=True), group="outbox")
            else:
                self._sending = False

        self.app.push_screen(ConfirmScreen(_("E-mail {n} was {status}. Send it to {to} once more, as a new e-mail?")
                                           .format(n=entry_id, status=STATUS_LABELS[entry.status].lower(),
                                                   to=entry.to_addr), yes=_("Send Again")), answer)

    async def _send_again(self, entry_id: int, *, resend: bool) -> None:
        from ...model.output.mail import MailError

        mail = self.app.desk.mail
        self.notify(_("Sending e-mail {n} again…").format(n=entry_id), timeout=3)
        try:
            message_id = await self.app.db(mail.resend if resend else mail.retry, entry_id)
        except MailError as err:
            self.notify(str(err), title=_("Not sent"), severity="error", timeout=12, markup=False)
        except Exception as err:
            self.app.report(err, title=_("Not sent"))
        else:
            self.notify(_("Sent. Message-ID {id}").format(id=message_id), title=_("E-mail sent"), markup=False)
        finally:
            self._sending = False
        self.table.reload()

    def action_retry_all(self) -> None:
        if self._sending:
            self.notify(_("An e-mail is being sent: wait for it to finish."), timeout=3)
            return
        self._sending = True
        self.run_worker(self._retry_all(), group="outbox")

    async def _retry_all(self) -> None:
        """Every failed e-mail sent again, with the count so far in the status line."""
        status = self.query_one("#count", Static)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(status.update, _("Sending again: {done} of {total}…").format(
                done=done, total=total))

        try:
            results = await self.app.db(self.app.desk.mail.retry_failed, progress)
        except Exception as err:
            self.app.report(err, title=_("Not sent"))
            return
        finally:
            self._sending = False
            self.table.reload()
        failed = [error for _id, _mid, error in results if error]
        if not results:
            self.notify(_("No e-mail waits to be sent."), timeout=4)
        elif failed:
            self.notify(_("{sent} of {total} sent. Still failing: {error}").format(
                sent=len(results) - len(failed), total=len(results), error=failed[0]),
                title=_("Not all sent"), severity="warning", timeout=15, markup=False)
        else:
            self.notify(_("{n} e-mail(s) sent.").format(n=len(results)), title=_("E-mail sent"))

    def action_cancel_sending(self) -> None:
        entry_id = self._current_id()
        if entry_id is None:
            return
        from ..common.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._cancel(entry_id), group="outbox")

        self.app.push_screen(ConfirmScreen(_("Cancel sending e-mail {n}? It stays in the list as cancelled.")
                                           .format(n=entry_id), yes=_("Cancel Sending")), answer)

    async def _cancel(self, entry_id: int) -> None:
        try:
            await self.app.db(self.app.desk.mail.cancel, entry_id)
        except Exception as err:
            self.app.report(err, title=_("Not cancelled"))
            return
        self.notify(_("E-mail {n} will not be sent.").format(n=entry_id))
        self.table.reload()

    def action_toggle_failed(self) -> None:
        self.failed_only = not self.failed_only
        self.sub_title = self.TITLE_TEXT + (" · " + _("failed only") if self.failed_only else "")
        self.table.reload()

    def action_open_document(self) -> None:
        entry_id = self._current_id()
        if entry_id is not None:
            self.run_worker(self._open_document(entry_id), group="outbox")

    async def _open_document(self, entry_id: int) -> None:
        try:
            entry = await self.app.db(self.app.desk.mail.entry, entry_id)
        except Exception as err:
            self.app.report(err)
            return
        if entry.posted:
            self.app.open_posted(entry.doc_kind, entry.doc_no)
        elif entry.key.purchase:  # a purchase order sent to its vendor
            self.app.open_purchase(entry.key.purchase_kind.value, entry.doc_no)
        else:
            self.app.open_document(entry.doc_kind, entry.doc_no)


class OutboxEntryScreen(ModalScreen):
    """One e-mail as it was (or will be) sent: returns "retry", "cancel" or None."""

    CSS_PATH = styles.DIALOGS
    DEFAULT_CSS = """
    OutboxEntryScreen #entry-body { height: auto; max-height: 18; border: round $panel; padding: 0 1; }
    OutboxEntryScreen #entry-error { color: $text-error; }
    """
    BINDINGS = [
        Binding("escape", "choose(None)", _("Close"), id="outbox_entry.close"),
        Binding("alt+r", "choose('retry')", _("Send Again"), id="outbox_entry.retry"),
        Binding("alt+x", "choose('cancel')", _("Cancel Sending"), id="outbox_entry.cancel"),
    ]

    def __init__(self, entry):
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        e = self.entry
        head = [
            (_("Document"), e.document), (_("To"), e.to_addr), (_("Subject"), e.subject),
            (_("Attachment"), e.attachment_name), (_("Status"), STATUS_LABELS.get(e.status, e.status)),
            (_("Created"), _when(e.created_at)), (_("Sent"), _when(e.sent_at)), (_("Tries"), str(e.attempts)),
            (_("Message-ID"), e.message_id),
        ]
        width = max(len(label) for label, _v in head) + 2
        with Vertical(classes="dialog mail"):
            yield Static(_("E-mail {n}").format(n=e.id), classes="title", markup=False)
            yield Static("\n".join(f"{label:<{width}}{value}" for label, value in head if value), markup=False)
            if e.error:
                yield Static(e.error, id="entry-error", markup=False)
            with VerticalScroll(id="entry-body"):
                yield Static(e.body, markup=False)
            hint = _("Alt+R: send again · Esc: close")
            if e.status in ("failed", "queued"):
                hint = _("Alt+R: send again · Alt+X: cancel sending · Esc: close")
            yield Static(hint, classes="status-line", markup=False)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "choose" and parameters and parameters[0] == "cancel":
            return self.entry.status in ("failed", "queued")
        if action == "choose" and parameters and parameters[0] == "retry":
            return self.entry.status != "sending"
        return True

    def action_choose(self, action: str | None) -> None:
        self.dismiss(action)
