"""Recurring sales lines on the document card: Get Recurring Sales Lines (Alt+G) lists the
customer's valid codes and inserts the one picked; a new document asks which code to insert
when the customer's codes say "always ask" (or several say "automatic")."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _

GET_STANDARD_LINES = Binding("alt+g", "get_standard_lines", _("Recurring Lines"),
                             id="doc.get_standard_lines", priority=True)


class StandardLineActions:
    """Mixed into DocumentScreen."""

    async def action_get_standard_lines(self) -> None:
        if self.editing is not None:  # save the cell being typed first: the card is read again after
            await self.commit_cell("stay")
            if self.editing is not None:
                return
        try:
            codes = await self.app.db(self.app.desk.sales.standard_codes.valid_for, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        if not codes:
            self.notify(_("Customer {no} has no recurring sales lines that are valid on {date} and not blocked.").format(
                no=self.doc.customer_no, date=self.doc.order_date), severity="warning", timeout=5)
            return
        self._ask_for_code(codes, _("Get Recurring Sales Lines"), _("Which lines do you want to insert?"))

    async def offer_standard_codes(self, notes: tuple[str, ...] = ()) -> None:
        """After the document was made: what went wrong with an automatic code (``notes``),
        then the codes to ask about (Esc inserts nothing)."""
        for note in notes:
            self.notify(note, title=_("Recurring sales lines"), severity="warning", timeout=10)
        try:
            codes = await self.app.db(self.app.desk.sales.standard_codes.offered, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        if codes:
            self._ask_for_code(codes, _("Recurring sales lines"), _(
                "Customer {no} has recurring sales lines. Insert which? (Esc: none)").format(no=self.doc.customer_no))

    def _ask_for_code(self, codes: list[tuple[str, str]], title: str, question: str) -> None:
        from ..common.dialogs import ChoiceScreen

        async def chosen(code: str | None) -> None:
            if not code:
                return
            try:
                self.doc = await self.app.db(self.app.desk.sales.insert_standard_lines, self.doc, code)
            except Exception as err:
                self.app.report(err, title=_("No lines inserted"))
                return
            self.notify(_("Lines of {code} inserted.").format(code=code), timeout=4)
            await self.reload()

        options = [(code, f"{code}  {description}") for code, description in codes]
        self.app.push_screen(ChoiceScreen(question, options, title=title), chosen)
