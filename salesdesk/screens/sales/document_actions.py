"""The document card's actions other than posting: release and reopen, the prepayment invoice,
make order / invoice from a quote, copy document, get shipment lines, get posted lines to
reverse, picking list, statistics, new and delete."""

from __future__ import annotations

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.line_grid import NEW_ROW
from .document_header import KIND_TITLES


class DocumentActions:
    """Mixed into DocumentScreen: every action key of the card except posting."""

    async def _status_action(self, call, done: str) -> None:
        try:
            self.doc = await self.app.db(call, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        self.notify(done, timeout=3)
        await self.reload()

    async def action_release(self) -> None:
        try:
            self.doc = await self.app.db(self.app.desk.sales.release, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        pending = self.doc.status == "pending_prepayment"
        self.notify(await self._release_message(), severity="warning" if pending else "information",
                    timeout=8 if pending else 3)
        await self.reload()
        await self._show_warnings()
        await self._show_warnings()

    async def action_reopen(self) -> None:
        await self._status_action(self.documents.reopen, _("Reopened."))

    async def _release_message(self) -> str:
        """Released, or why the order waits (Pending Prepayment)."""
        if self.doc is None or self.doc.status != "pending_prepayment":
            return _("Released.")
        try:
            state = await self.app.db(self.app.desk.sales.prepayment, self.doc)
        except Exception:
            return _("Pending Prepayment.")
        return _("Pending Prepayment: ") + state.message(_("the order"))

    def action_post_prepayment(self) -> None:
        """Post the order's prepayment invoice (Prepayment % of its lines), after a confirmation."""
        from ..common.dialogs import ConfirmScreen

        doc = self.doc
        if doc is None:
            return
        if not doc.prepayment_pct:
            self.notify(_("This order has no Prepayment %: set it in the header (Alt+H shows it)."),
                        severity="warning", timeout=5)
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not await self._save_pending():
                return
            try:
                no = await self.app.db(self.app.desk.sales.post_prepayment_invoice, self.doc)
                state = await self.app.db(self.app.desk.sales.prepayment, self.doc)
            except Exception as err:
                self.app.report(err, title=_("Prepayment invoice not posted"))
                return
            self.notify(_("Prepayment invoice {no} posted: {amount} to be paid before the order ships.").format(
                no=no, amount=fmt.amount(state.unpaid)), timeout=8)
            await self.reload()

        self.app.push_screen(ConfirmScreen(_("Post a prepayment invoice for {pct} % of order {no}? The order ships "
                                             "once it is paid.").format(pct=fmt.quantity(doc.prepayment_pct),
                                                                         no=doc.no)), answered)

    async def _convert(self, call, title: str) -> None:
        if not await self._save_pending():
            return
        try:
            new = await self.app.db(call, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        if self.kind == "blanket_order":
            self.notify(_("{title} {no} made from blanket order {blanket}; the blanket order stays.").format(
                title=title, no=new.no, blanket=self.doc.no), timeout=6)
        else:
            self.notify(_("{title} {no} made from quote {quote}; the quote is gone.").format(
                title=title, no=new.no, quote=self.doc.no), timeout=6)
        self.app.pop_screen()
        self.app.push_screen(type(self)(new.kind.value, new.no))

    async def action_make_order(self) -> None:
        if self.kind != "blanket_order":
            await self._convert(self.app.desk.sales.make_order, KIND_TITLES["order"])
            return
        from ..common.dialogs import ConfirmScreen

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._convert(self.app.desk.sales.make_order, KIND_TITLES["order"])

        self.app.push_screen(ConfirmScreen(_("Make an order of the lines of blanket order {no} that have a Qty. to "
                                             "Ship? The blanket order stays.").format(no=self.doc.no)), answered)

    def action_blanket_line(self) -> None:
        """Link the current line (or a new one) to a line of one of the customer's blanket
        orders: a lookup of their open lines with what each can still take."""
        from ..common.lookup import LookupScreen

        line = self.grid.current_line
        item = line.no if line is not None and line.type == "item" else ""

        async def chosen(key: str | None) -> None:
            if not key:
                return
            no, _sep, line_no = key.partition("/")
            if not await self._save_pending():
                return
            link = {"blanket_order_no": no, "blanket_order_line_no": line_no}
            try:
                if line is None:
                    saved = await self.app.db(self.app.desk.sales.add_line, self.doc, None, 0, **link)
                else:
                    saved = await self.app.db(self.app.desk.sales.update_line, self.doc, line.line_no, **link)
            except Exception as err:
                self.app.report(err, title=_("Not linked"))
                return
            self.notify(_("Line linked to blanket order {no} line {line}.").format(no=no, line=line_no), timeout=4)
            await self.reload()
            self.grid.go_to(str(saved.line_no), "quantity")  # what is left to type: how many

        self.app.push_screen(LookupScreen(f"blanket_lines:{self.kind}:{self.doc.no}:{item}"), chosen)

    async def action_make_invoice(self) -> None:
        await self._convert(self.app.desk.sales.make_invoice, KIND_TITLES["invoice"])

    def action_copy_document(self) -> None:
        from .document_dialogs import CopyDocumentScreen

        async def chosen(choice) -> None:
            if not choice:
                return
            from_kind, from_no, include_header, recalculate = choice
            try:
                self.doc = await self.app.db(self.app.desk.sales.copy_document, self.doc, from_kind, from_no,
                                             include_header=include_header, recalculate_lines=recalculate)
            except Exception as err:
                self.app.report(err, title=_("Not copied"))
                return
            self.notify(_("Lines copied from {no}.").format(no=from_no), timeout=4)
            await self.reload()

        self.app.push_screen(CopyDocumentScreen(self.kind), chosen)

    async def action_get_shipment_lines(self) -> None:
        """Pick posted shipment lines of the bill-to customer not yet invoiced onto this invoice."""
        from .shipment_lines_dialog import ShipmentLinesScreen

        bill_to = self.doc.bill_to_customer_no or self.doc.customer_no
        try:
            rows = await self.app.db(self.app.desk.posted.uninvoiced_shipment_lines, bill_to)
        except Exception as err:
            self.app.report(err)
            return
        if not rows:
            self.notify(_("Customer {no} has no shipped lines left to invoice.").format(no=bill_to), timeout=5)
            return

        async def chosen(lines) -> None:
            if not lines:
                return
            try:
                self.doc = await self.app.db(self.app.desk.sales.get_shipment_lines, self.doc, lines=lines)
            except Exception as err:
                self.app.report(err, title=_("No lines taken"))
                return
            self.notify(_("{n} shipment lines added.").format(n=len(lines)), timeout=4)
            await self.reload()

        self.app.push_screen(ShipmentLinesScreen(rows), chosen)

    async def action_get_lines_to_reverse(self) -> None:
        """Get Posted Document Lines to Reverse: pick posted invoice (or shipment) lines of the
        bill-to customer that can still be returned onto this credit memo or return order."""
        from .reverse_lines_dialog import ReverseLinesScreen, reversible_rows

        if self.editing is not None:  # save the cell being typed first: the card is read again after
            await self.commit_cell("stay")
            if self.editing is not None:
                return
        bill_to = self.doc.bill_to_customer_no or self.doc.customer_no
        try:
            rows = await self.app.db(reversible_rows, self.app.desk, bill_to, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        if not any(rows.values()):
            self.notify(_("Customer {no} has no posted invoice or shipment lines left to return.").format(
                no=bill_to), title=_("Nothing to reverse"), severity="warning", timeout=6)
            return

        async def chosen(choice) -> None:
            if not choice:
                return
            from_kind, by_document = choice
            before = len([line for line in self.doc.lines if line.type != "comment"])
            sales = self.app.desk.sales
            try:
                for from_no, line_nos in by_document.items():
                    self.doc = await self.app.db(sales.get_posted_lines_to_reverse, self.doc, from_kind, from_no,
                                                 line_nos=line_nos)
            except Exception as err:
                self.app.report(err, title=_("Not all lines taken"))
                await self.reload()
                return
            added = len([line for line in self.doc.lines if line.type != "comment"]) - before
            message = _("1 line added from {documents}.") if added == 1 else _("{n} lines added from {documents}.")
            self.notify(message.format(n=added, documents=", ".join(by_document)), timeout=5)
            await self.reload()
            self.grid.go_to(NEW_ROW, "no")
            self.grid.focus()

        self.app.push_screen(ReverseLinesScreen(rows, bill_to), chosen)

    async def action_picking_list(self) -> None:
        """The order's picking list (what to take from where), to read or save as text."""
        from ..common.text_report import TextReportScreen

        try:
            text = await self.app.db(self.app.desk.reports.picking_list_text, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        self.app.push_screen(TextReportScreen(_("Picking List · {no}").format(no=self.doc.no), text,
                                              f"picking-list-{self.doc.no}.txt"))

    def action_statistics(self) -> None:
        if self.doc is None:
            return
        from .document_dialogs import StatisticsScreen

        self.app.push_screen(StatisticsScreen(self.doc))

    def action_new(self) -> None:
        self.app.pop_screen()
        self.app.push_screen(type(self)(self.kind, None))

    def action_delete_document(self) -> None:
        from ..common.dialogs import ConfirmScreen

        async def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                await self.app.db(self.documents.delete, self.doc)
            except Exception as err:
                self.app.report(err, title=_("Not deleted"))
                return
            self.notify(_("{title} {no} deleted.").format(title=self.title_of_kind(), no=self.doc.no))
            self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(_("Delete {title} {no} and all its lines?").format(
            title=self.title_of_kind(), no=self.doc.no), yes=_("Delete")), answer)

    def title_of_kind(self) -> str:
        return KIND_TITLES[self.kind]
