"""Posting from the purchase document card: Post (F9) asks Receive / Invoice / Receive and
Invoice on an order (a yes/no question on an invoice or credit memo), Preview Posting shows
the entries with nothing saved; every problem is shown at once, never a traceback."""

from __future__ import annotations

from ...i18n import _

ORDER_CHOICES = "purchase_order"  # the option menu of post_dialogs.CHOICES


def purchase_post_flags(kind: str, choice: str | None) -> dict[str, bool]:
    """The keyword arguments of ``desk.purchases.post`` for a document kind and an answer."""
    if kind == "order":
        return {"receive": choice in ("handle", "both"), "invoice": choice in ("invoice", "both")}
    return {}


class PurchasePosting:
    """Mixed into the purchase document card (before the sales card, whose ``_start_posting``
    and ``_post`` run these): the question Post asks and the posting itself."""

    def action_post(self) -> None:
        self._start_posting("post")

    def action_preview_post(self) -> None:
        self._start_posting("preview")

    async def _ask_then_post(self, mode: str) -> None:
        from ..common.dialogs import ConfirmScreen
        from ..sales.post_dialogs import PostOptionsScreen

        try:
            saved = await self._save_pending()
        except BaseException:
            self._posting = False
            raise
        if not saved:
            self._posting = False
            return
        doc = self.doc
        what = f"{self.title_of_kind()} {doc.no}"
        title = _("Preview Posting") if mode == "preview" else _("Post")

        def answered(answer) -> None:
            if not answer:
                self._posting = False
                return
            choice = answer if isinstance(answer, str) else None
            self.run_worker(self._post(mode, doc, what, choice), group="post")

        if self.kind == "order":
            self.app.push_screen(PostOptionsScreen(
                ORDER_CHOICES, _("What do you want to post of {what}?").format(what=what), title=title), answered)
        elif mode == "preview":
            answered(True)
        else:
            self.app.push_screen(ConfirmScreen(_("Post {what}?").format(what=what), title=title, yes=title),
                                 answered)

    async def _post_and_show(self, mode: str, doc, what: str, choice: str | None) -> None:
        from ...model.core.errors import PostingError
        from ..common.dialogs import ProblemsScreen
        from ..sales.post_dialogs import CHOICES

        desk = self.app.desk
        flags = purchase_post_flags(self.kind, choice)
        try:
            if mode == "preview":
                result = await self.app.db(desk.purchases.preview_post, doc, **flags)
            else:
                result = await self.app.db(desk.purchases.post, doc, **flags)
        except PostingError as err:
            self.app.push_screen(ProblemsScreen(_("{what} cannot be posted").format(what=what), err.problems))
            return
        except Exception as err:
            self.app.report(err, title=_("Not posted"))
            return
        if mode == "preview":
            from ..sales.posting_preview import PostingPreviewScreen

            try:
                accounts = await self.app.db(desk.setup.records, "gl_account")
            except Exception:
                accounts = []
            label = next((label for c, label, _keys in CHOICES[ORDER_CHOICES] if c == choice), "")
            self.app.push_screen(PostingPreviewScreen(what, result, choice=label,
                                                      account_names={a.no: a.name for a in accounts}))
            return
        self.notify(_("Posted {documents}.").format(documents=", ".join(result.posted_nos)), timeout=6)
        if result.document_deleted:
            self.app.pop_screen()
            return
        await self.reload()
