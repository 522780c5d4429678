"""Posting from the document card: Post (F9), Post and New, Preview Posting, Post and Send;
the question Post asks, every problem shown at once, and what was posted."""

from __future__ import annotations

from ...i18n import _
from ...widgets import format as fmt
from .document_header import KIND_TITLES


class DocumentPosting:
    """Mixed into DocumentScreen: the posting actions."""

    _posting = False
    _send_by = "email"  # Post and Send: the customer's Send Documents By, read before posting

    def action_post(self) -> None:
        self._start_posting("post")

    def action_post_new(self) -> None:
        self._start_posting("post_new")

    def action_preview_post(self) -> None:
        self._start_posting("preview")

    def action_post_and_send(self) -> None:
        """Post, then e-mail what was posted (the invoice, or the delivery note of a shipment
        only), previewing the message first (BC's Post and Send)."""
        self._start_posting("post_send")

    def _start_posting(self, mode: str) -> None:
        if self.doc is None or self._posting:
            return
        self._posting = True  # until the posting is done or the question is cancelled
        self.run_worker(self._ask_then_post(mode), group="post")

    async def _ask_then_post(self, mode: str) -> None:
        """Save what is typed, then ask what to post; the answer starts the posting."""
        from ..common.dialogs import ConfirmScreen
        from .post_dialogs import WHOLE, PostOptionsScreen, needs_choice

        try:
            saved = await self._save_pending()
        except BaseException:
            self._posting = False
            raise
        if not saved:
            self._posting = False
            return
        doc = self.doc
        what = f"{KIND_TITLES[self.kind]} {doc.no}"
        if mode == "post_send" and not await self._sending_ready(doc):
            self._posting = False
            return

        def answered(answer) -> None:
            if not answer:
                self._posting = False
                return
            choice = answer if isinstance(answer, str) else None
            self.run_worker(self._post(mode, doc, what, choice), group="post")

        if needs_choice(self.kind):
            self.app.push_screen(PostOptionsScreen(
                self.kind, _("What do you want to post of {what}?").format(what=what),
                title=POST_TITLES.get(mode, _("Post"))), answered)
        elif mode == "preview":
            answered(True)
        else:
            question = (_("Post {kind} {no} and send it by e-mail?") if mode == "post_send"
                        else _("Post {kind} {no}?")).format(kind=WHOLE[self.kind], no=doc.no)
            self.app.push_screen(ConfirmScreen(question, title=POST_TITLES.get(mode, _("Post")),
                                               yes=POST_TITLES.get(mode, _("Post"))), answered)

    async def _sending_ready(self, doc) -> bool:
        """Post and Send follows the customer's Send Documents By (e-mail, print, both); it posts
        only when the e-mail can leave: else every missing setting is listed and nothing is
        posted."""
        from ..common.dialogs import ProblemsScreen

        try:
            self._send_by = await self.app.db(self.app.desk.mail.sending_profile, doc)
            problems = [] if self._send_by == "print" else await self.app.db(self.app.desk.mail.settings_problems)
        except Exception as err:
            self.app.report(err, title=_("Not posted"))
            return False
        if problems:
            self.app.push_screen(ProblemsScreen(_("Not posted: e-mail is not set up (Setup · Company)"), problems))
        return not problems

    async def _post(self, mode: str, doc, what: str, choice: str | None) -> None:
        try:
            await self._post_and_show(mode, doc, what, choice)
        finally:
            self._posting = False

    async def _post_and_show(self, mode: str, doc, what: str, choice: str | None) -> None:
        """Post (or preview) in one transaction, then show the result or every problem at once."""
        from ...model.core.errors import PostingError
        from ..common.dialogs import ProblemsScreen
        from .post_dialogs import CHOICES, post_flags

        preview = mode == "preview"
        flags = post_flags(self.kind, choice)
        desk = self.app.desk
        try:
            if preview:
                result = await self.app.db(desk.sales.preview_post, doc, **flags)
            else:
                result = await self.app.db(desk.sales.post, doc, **flags)
        except PostingError as err:
            self.app.push_screen(ProblemsScreen(_("{what} cannot be posted").format(what=what), err.problems))
            return
        except Exception as err:
            self.app.report(err, title=_("Not posted"))
            return
        if preview:
            from .posting_preview import PostingPreviewScreen

            try:
                accounts = await self.app.db(desk.setup.records, "gl_account")
            except Exception:
                accounts = []
            label = next((label for c, label, _keys in CHOICES.get(self.kind, ()) if c == choice), "")
            self.app.push_screen(PostingPreviewScreen(what, result, choice=label,
                                                      account_names={a.no: a.name for a in accounts}))
            return
        customer_no = doc.bill_to_customer_no or doc.customer_no
        message = _("Posted {documents}.").format(documents=_posted_list(result))
        if result.document_deleted and self.kind in ("order", "return_order"):
            message += " " + _("{what} is fully posted and was deleted.").format(what=what)
        try:
            balance = await self.app.db(desk.customers.balance, customer_no)
        except Exception:
            balance = None
        if balance is not None:
            message += "\n" + _("Customer {no} balance: {balance}").format(no=customer_no,
                                                                          balance=fmt.amount(balance))
        self.notify(message, title=_("Posted"), timeout=12)
        if mode == "post_send":
            def after() -> None:
                if result.document_deleted:
                    self.app.pop_screen()
                else:
                    self.run_worker(self.reload(), group="reload")

            sent = posted_to_send(result)
            if sent is not None and self._send_by in ("print", "both"):
                await self._print_report(None, sent)
            if sent is None or self._send_by == "print":
                after()
                return
            await self._send(sent, title=_("Post and Send · {what}").format(what=sent.describe()), after=after)
            return
        if mode == "post_new":
            self.app.pop_screen()
            self.app.push_screen(type(self)(self.kind, None))
            return
        if result.document_deleted:
            self.app.pop_screen()
            return
        await self.reload()


POST_TITLES = {"preview": _("Preview Posting"), "post_send": _("Post and Send")}


def posted_to_send(result):
    """What Post and Send e-mails: the invoice (credit memo) posted, else the shipment
    (return receipt): a DocumentKey, or None."""
    from ...model.output.report_data import DocumentKey

    for attr, kind in (("invoice_no", "invoice"), ("credit_memo_no", "credit_memo"), ("shipment_no", "shipment"),
                       ("return_receipt_no", "return_receipt")):
        if getattr(result, attr):
            return DocumentKey(True, kind, getattr(result, attr))
    return None


POSTED_WORDS = (("shipment_no", _("shipment")), ("return_receipt_no", _("return receipt")),
                ("invoice_no", _("invoice")), ("credit_memo_no", _("credit memo")))


def _posted_list(result) -> str:
    """The posted numbers in words: shipment PSS-00001 and invoice PSI-00001."""
    parts = [f"{word} {getattr(result, attr)}" for attr, word in POSTED_WORDS if getattr(result, attr)]
    parts += [f"{_('purchase receipt')} {no}" for no in getattr(result, "purchase_receipt_nos", ())]
    if len(parts) <= 1:
        return "".join(parts)
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])
