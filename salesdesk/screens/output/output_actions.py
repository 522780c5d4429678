"""Print and Send by E-mail, on every document card and posted document card.

Print writes the document's PDF to the print folder (and opens it where there is a desktop);
Send by E-mail composes the message, shows it (EmailPreviewScreen), and sends exactly what
was shown. The PDF, the file and the SMTP conversation all happen in a worker; the result (the
file, the message id, or why it failed and that the e-mail waits in the outbox) is a
notification. A screen using this mixin says which document it shows with ``output_doc()``
and which reports it offers with ``output_reports()``.
"""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _

OUTPUT_BINDINGS = [
    Binding("alt+w", "print_document", _("Print"), id="output.print", priority=True),
    Binding("alt+shift+e", "send_document", _("Send by E-mail"), id="output.send", priority=True),
]
POST_AND_SEND = Binding("alt+shift+y", "post_and_send", _("Post and Send"), id="doc.post_and_send", priority=True)

REPORT_NAMES = {
    "quote": _("Quote"), "order_confirmation": _("Order Confirmation"), "picking_list": _("Picking List"),
    "pro_forma": _("Pro Forma Invoice"), "draft_credit_memo": _("Credit Memo (draft)"),
    "return_order": _("Return Order Confirmation"), "blanket_order": _("Blanket Order"),
    "shipment": _("Delivery Note"), "return_receipt": _("Return Receipt"), "invoice": _("Invoice"),
    "credit_memo": _("Credit Memo"), "purchase_order": _("Purchase Order"),
}


class OutputActions:
    """Print / Send by E-mail for the document ``output_doc()`` returns."""

    def output_doc(self):
        """The document (unposted or posted snapshot) Print and Send act on, or None."""
        raise NotImplementedError

    def output_reports(self) -> tuple[str, ...]:
        """The reports this document prints, the default first; more than one asks which."""
        return ()

    async def output_ready(self) -> bool:
        """Save what is typed before printing (document cards); True when there is a document."""
        return self.output_doc() is not None

    # -- Print -------------------------------------------------------------------------------

    def action_print_document(self) -> None:
        self.run_worker(self._print(), group="output")

    async def _print(self) -> None:
        if not await self.output_ready():
            return
        reports = self.output_reports()
        if len(reports) > 1:
            from ..common.dialogs import ChoiceScreen

            def chosen(report: str | None) -> None:
                if report:
                    self.run_worker(self._print_report(report), group="output")

            self.app.push_screen(ChoiceScreen(_("What do you want to print?"),
                                              [(r, REPORT_NAMES.get(r, r)) for r in reports], title=_("Print")),
                                 chosen)
            return
        await self._print_report(reports[0] if reports else None)

    async def _print_report(self, report: str | None, doc=None) -> None:
        doc = doc if doc is not None else self.output_doc()
        desk = self.app.desk
        self.notify(_("Printing {no}…").format(no=doc.no), timeout=3)
        try:
            path = await self.app.db(desk.reports.print, doc, report)
            count = await self.app.db(desk.reports.printed_count, doc)
        except Exception as err:
            self.app.report(err, title=_("Not printed"))
            return
        self.notify(_("Saved {path}\nPrinted {n} time(s).").format(path=path, n=count), title=_("Printed"),
                    timeout=10, markup=False)
        if self.is_attached:  # the card may have been closed meanwhile
            self.output_done()

    def output_done(self) -> None:
        """After a print or a send: cards that show the printed counter refresh it."""

    # -- Send by E-mail ----------------------------------------------------------------------

    def action_send_document(self) -> None:
        self.run_worker(self._send(), group="output")

    async def _send(self, doc=None, *, title: str | None = None, after=None) -> None:
        """Compose, preview, send. ``after`` runs once the preview is answered (or could not
        be shown), whatever the answer: Post and Send closes the card then."""
        def finish() -> None:
            if after is not None:
                after()

        if doc is None:
            if not await self.output_ready():
                return
            doc = self.output_doc()
        desk = self.app.desk
        try:
            problems = await self.app.db(desk.mail.settings_problems)
            draft = None if problems else await self.app.db(desk.mail.compose, doc, allow_no_address=True)
        except Exception as err:
            self.app.report(err, title=_("Not sent"))
            finish()
            return
        if problems:
            from ..common.dialogs import ProblemsScreen

            self.app.push_screen(ProblemsScreen(_("E-mail is not set up (Setup · Company)"), problems),
                                 lambda _answer: finish())
            return
        from .email_dialog import EmailPreviewScreen

        def answered(edited) -> None:
            if edited is not None:
                # an app worker: the delivery goes on if the card closes meanwhile
                self.app.run_worker(self._deliver(doc, edited), group="output")
            finish()

        self.app.push_screen(EmailPreviewScreen(draft, title=title, check=desk.mail.address_problem), answered)

    async def _deliver(self, doc, draft) -> None:
        from ...model.output.mail import MailError

        desk = self.app.desk
        self.app.notify(_("Sending {name} to {to}…").format(name=draft.attachment_name, to=draft.to), timeout=4,
                    markup=False)
        try:
            message_id = await self.app.db(desk.mail.send, doc, draft.to, draft=draft)
        except MailError as err:
            self.app.notify(_("{error}\nThe e-mail waits in the outbox (x on the desk) to be sent again.").format(
                error=err), title=_("Not sent"), severity="error", timeout=15, markup=False)
            return
        except Exception as err:
            self.app.report(err, title=_("Not sent"))
            return
        self.app.notify(_("Sent to {to}.\nMessage-ID {id}").format(to=draft.to, id=message_id), title=_("E-mail sent"),
                    timeout=10, markup=False)
        if self.is_attached:  # the card may have been closed while the e-mail was on its way
            self.output_done()
