"""Corrections from a posted card (BC's Correct Posted Sales Invoice and Undo Shipment): Cancel,
Correct and Create Corrective Credit Memo on a posted invoice, Cancel on the credit memo that
cancelled an invoice, Undo Shipment on shipment lines, and the way from an invoice to the
credit memo that cancelled it (and back).

Each action asks first, saying what it will do; the work runs in a worker; then a notification
tells what was done (numbers and the customer's new balance). A refusal lists every problem in
one dialog and changes nothing. Actions that cannot apply are hidden (``check_action``)."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt

# BC has no shortcuts for these: Alt chords that are free on the posted card and the app (a
# terminal sends Alt+Shift+C as ESC C). Priority, like the document card's, so that the focused
# lines table never takes them. Each destructive one asks first.
CORRECTION_BINDINGS = [
    Binding("alt+shift+c", "cancel_invoice", _("Cancel Invoice"), id="posted.cancel_invoice", priority=True),
    Binding("alt+e", "correct_invoice", _("Correct"), id="posted.correct_invoice", priority=True),
    Binding("alt+shift+m", "corrective_credit_memo", _("Corrective Credit Memo"),
            id="posted.corrective_credit_memo", priority=True),
    Binding("alt+shift+c", "cancel_credit_memo", _("Cancel Credit Memo"), id="posted.cancel_credit_memo",
            priority=True),
    # the document that cancelled this one, and the one this one cancelled
    Binding("alt+shift+s", "show_cancelled_by('credit_memo')", _("Show Corrective Credit Memo"),
            id="posted.show_corrective_credit_memo", priority=True),
    Binding("alt+shift+s", "show_cancelled_by('invoice')", _("Show Cancelling Invoice"),
            id="posted.show_cancelling_invoice", priority=True),
    Binding("alt+shift+d", "show_corrects('invoice')", _("Show Cancelled Invoice"),
            id="posted.show_cancelled_invoice", priority=True),
    Binding("alt+shift+d", "show_corrects('credit_memo')", _("Show Cancelled Credit Memo"),
            id="posted.show_cancelled_credit_memo", priority=True),
    Binding("alt+u", "undo_shipment_line", _("Undo Shipment Line"), id="posted.undo_shipment_line",
            priority=True),
    Binding("alt+shift+u", "undo_shipment_all", _("Undo All Lines"), id="posted.undo_shipment_all",
            priority=True),
]

WORDS = {"invoice": _("invoice"), "credit_memo": _("credit memo"), "shipment": _("shipment")}
OTHER = {"invoice": "credit_memo", "credit_memo": "invoice"}
CORRECTIONS = frozenset({"cancel_invoice", "correct_invoice", "corrective_credit_memo", "cancel_credit_memo",
                         "show_cancelled_by", "show_corrects", "undo_shipment_line", "undo_shipment_all"})


def link_text(doc) -> str:
    """How a posted invoice or credit memo is tied to its cancellation, in words."""
    other = WORDS.get(OTHER.get(doc.kind, ""), "")
    parts = []
    if doc.corrects:
        parts.append(_("Cancels {what} {no}").format(what=other, no=doc.corrects))
    if doc.cancelled and doc.cancelled_by:
        parts.append(_("Cancelled by {what} {no}").format(what=other, no=doc.cancelled_by))
    elif doc.cancelled:
        parts.append(_("Cancelled"))
    return " · ".join(parts)


def line_marks(doc) -> dict[int, str]:
    """Shipment (receipt) lines touched by Undo: "correction" for the line that undoes,
    "undone" for the line it undoes."""
    marks: dict[int, str] = {}
    for line in doc.lines:
        if line.correction:
            marks[line.line_no] = "correction"
    for line in doc.lines:
        if line.correction and line.appl_from_line_no and line.appl_from_line_no not in marks:
            marks[line.appl_from_line_no] = "undone"
    return marks


def undo_problem(doc, line, marks: dict[int, str]) -> str | None:
    """Why a shipment line cannot be undone, or None when it can (as far as the card knows;
    the model checks again)."""
    if line.correction:
        return _("Line {line} is a correction line and cannot be undone.").format(line=line.line_no)
    if line.type == "comment" or line.quantity <= 0:
        return _("Line {line} has nothing to undo.").format(line=line.line_no)
    if marks.get(line.line_no) == "undone":
        return _("Line {line} has already been undone.").format(line=line.line_no)
    if line.quantity_invoiced:
        return _("Line {line} has been invoiced ({qty}); only a credit memo can reverse it.").format(
            line=line.line_no, qty=fmt.quantity(line.quantity_invoiced))
    return None


def undoable_lines(doc) -> list:
    marks = line_marks(doc)
    return [line for line in doc.lines if undo_problem(doc, line, marks) is None]


class CorrectionActions:
    """Mixed into the posted card (which has ``kind``, ``no``, ``doc``, ``lines`` and
    ``show_document``)."""

    _correcting = False  # one correction at a time, from the question to the result

    # -- what applies --------------------------------------------------------------------

    def correction_allowed(self, action: str, parameters) -> bool:
        doc = self.doc
        if doc is None:
            return False
        if action in ("cancel_invoice", "correct_invoice"):
            return self.kind == "invoice" and not doc.cancelled and not doc.corrects
        if action == "corrective_credit_memo":
            return self.kind == "invoice" and not doc.cancelled
        if action == "cancel_credit_memo":
            return self.kind == "credit_memo" and bool(doc.corrects) and not doc.cancelled
        if action == "show_cancelled_by":
            return parameters == (OTHER.get(self.kind),) and bool(doc.cancelled_by)
        if action == "show_corrects":
            return parameters == (OTHER.get(self.kind),) and bool(doc.corrects)
        if action in ("undo_shipment_line", "undo_shipment_all"):
            return self.kind == "shipment" and bool(undoable_lines(doc))
        return True

    # -- the way between an invoice and its credit memo ------------------------------------

    def action_show_cancelled_by(self, kind: str) -> None:
        if self.doc is not None and self.doc.cancelled_by:
            self.app.open_posted(kind, self.doc.cancelled_by)

    def action_show_corrects(self, kind: str) -> None:
        if self.doc is not None and self.doc.corrects:
            self.app.open_posted(kind, self.doc.corrects)

    # -- invoices ------------------------------------------------------------------------

    def action_cancel_invoice(self) -> None:
        doc = self._start()
        if doc is None:
            return
        what = _("posted invoice {no}").format(no=doc.no)
        question = _(
            "Cancel {what} ({amount}) for {customer}?\n\n"
            "This posts a corrective credit memo for the whole invoice, applied to it: the customer's "
            "balance goes down by {amount}, the items on it come back into stock at their original cost{order}, "
            "and the invoice stays in the history, marked as cancelled."
        ).format(what=what, amount=_money(doc), customer=f"{doc.customer_no} {doc.customer_name}",
                 order=_order_clause(doc))
        self._ask(question, _("Cancel Posted Invoice"), _("Cancel Invoice"), self._cancel_invoice)

    async def _cancel_invoice(self) -> None:
        doc = self.doc
        memo_no = await self._attempt(_("Invoice {no} cannot be cancelled").format(no=doc.no),
                                      self.app.desk.posted.cancel_invoice, doc.no)
        if memo_no is None:
            return
        message = _("Invoice {no} is cancelled by posted credit memo {memo}.").format(no=doc.no, memo=memo_no)
        await self._done(message, _("Cancelled"), doc)

    def action_correct_invoice(self) -> None:
        doc = self._start()
        if doc is not None:
            self.run_worker(self._asking(self._ask_correct(doc)), group="correction")

    async def _ask_correct(self, doc) -> None:
        order = await self._order_still_there(doc)
        then = (_("reopens sales order {order} (its quantities back to ship and invoice) for you to change and "
                  "post again").format(order=doc.order_no) if order else
                _("creates a new draft sales invoice with the same lines for you to change and post"))
        question = _(
            "Correct posted invoice {no} ({amount})?\n\n"
            "This first cancels it: a corrective credit memo is posted and applied to it, the items come "
            "back into stock and the invoice is left cancelled. Then it {then}."
        ).format(no=doc.no, amount=_money(doc), then=then)
        self._ask(question, _("Correct Posted Invoice"), _("Correct"), self._correct_invoice)

    async def _correct_invoice(self) -> None:
        doc = self.doc
        result = await self._attempt(_("Invoice {no} cannot be corrected").format(no=doc.no),
                                     self.app.desk.posted.correct_invoice, doc.no)
        if result is None:
            return
        kind = str(result.kind)
        made = (_("Sales order {no} is reopened to correct.") if kind == "order" else
                _("New sales invoice {no} holds its lines to correct.")).format(no=result.no)
        fresh = await self._reread()
        memo = fresh.cancelled_by if fresh is not None else ""
        message = _("Invoice {no} is cancelled by posted credit memo {memo}.").format(no=doc.no, memo=memo)
        await self._done(message + " " + made, _("Corrected"), doc, fresh=fresh)
        self.app.open_document(kind, result.no)

    def action_corrective_credit_memo(self) -> None:
        doc = self._start()
        if doc is not None:
            self.run_worker(self._asking(self._ask_credit_memo(doc)), group="correction")

    async def _ask_credit_memo(self, doc) -> None:
        entry = await self._entry(doc)
        state = ""
        if entry is None:
            state = "\n\n" + _("The invoice is closed (paid or applied): the credit memo will not be applied to it.")
        elif entry.remaining_amount != entry.amount:
            state = "\n\n" + _("The invoice is partly paid: {left} of {amount} is still open.").format(
                left=fmt.amount(entry.remaining_amount), amount=fmt.amount(entry.amount))
        question = _(
            "Create a sales credit memo with the lines of posted invoice {no} ({amount}), applied to it?\n\n"
            "Nothing is posted now: change the credit memo as needed and post it when it is right.{state}"
        ).format(no=doc.no, amount=_money(doc), state=state)
        self._ask(question, _("Create Corrective Credit Memo"), _("Create"), self._credit_memo)

    async def _credit_memo(self) -> None:
        doc = self.doc
        memo = await self._attempt(_("No credit memo for invoice {no}").format(no=doc.no),
                                   self.app.desk.posted.create_corrective_credit_memo, doc.no)
        if memo is None:
            return
        message = _("Sales credit memo {memo} created from invoice {no}").format(memo=memo.no, no=doc.no)
        message += (" " + _("and applied to it.") if getattr(memo, "applies_to_doc_no", "") else
                    "; " + _("not applied (the invoice is closed)."))
        self.notify(message, title=_("Credit memo created"), timeout=10)
        self.app.open_document(str(memo.kind), memo.no)

    # -- credit memos --------------------------------------------------------------------

    def action_cancel_credit_memo(self) -> None:
        doc = self._start()
        if doc is None:
            return
        question = _(
            "Cancel posted credit memo {no} ({amount})?\n\n"
            "It cancelled invoice {invoice}. This posts a new invoice with the same lines: the customer's "
            "balance goes up by {amount}, the items leave stock again, and invoice {invoice} is no longer "
            "cancelled."
        ).format(no=doc.no, amount=_money(doc), invoice=doc.corrects)
        self._ask(question, _("Cancel Posted Credit Memo"), _("Cancel Credit Memo"), self._cancel_credit_memo)

    async def _cancel_credit_memo(self) -> None:
        doc = self.doc
        invoice_no = await self._attempt(_("Credit memo {no} cannot be cancelled").format(no=doc.no),
                                         self.app.desk.posted.cancel_credit_memo, doc.no)
        if invoice_no is None:
            return
        message = _("Credit memo {no} is cancelled by posted invoice {invoice}.").format(no=doc.no,
                                                                                         invoice=invoice_no)
        await self._done(message, _("Cancelled"), doc)

    # -- shipments -----------------------------------------------------------------------

    def action_undo_shipment_line(self) -> None:
        doc = self.doc
        if doc is None or self._correcting:
            return
        index = self.lines.cursor
        if not 0 <= index < len(doc.lines):
            return
        line = doc.lines[index]
        problem = undo_problem(doc, line, line_marks(doc))
        if problem:
            from ..common.dialogs import ProblemsScreen

            self.app.push_screen(ProblemsScreen(_("Shipment line cannot be undone"), [problem]))
            return
        self._ask_undo(doc, [line])

    def action_undo_shipment_all(self) -> None:
        doc = self.doc
        if doc is None or self._correcting:
            return
        lines = undoable_lines(doc)
        if lines:
            self._ask_undo(doc, lines)

    def _ask_undo(self, doc, lines: list) -> None:
        self._correcting = True
        listed = "\n".join(f"  {line.line_no}: {fmt.quantity(line.quantity)} {line.uom} {line.no} {line.description}"
                           for line in lines)
        orders = sorted({line.order_no for line in lines if line.order_no})
        back = (" " + _("Order {orders} can ship them again.").format(orders=", ".join(orders))) if orders else ""
        if len(lines) == 1:
            question = _("Undo line {line} of shipment {no}?").format(line=lines[0].line_no, no=doc.no)
            how = _("A correction line with the opposite quantity is added to the shipment and the items "
                    "come back into stock at the same cost.")
        else:
            question = _("Undo {n} lines of shipment {no}?").format(n=len(lines), no=doc.no)
            how = _("Each gets a correction line with the opposite quantity on the shipment and the items "
                    "come back into stock at the same cost.")
        if any(getattr(line, "drop_shipment", False) for line in lines):
            how += " " + _("For drop shipment lines the linked purchase receipt lines are undone too, and our stock "
                           "does not change.")
        question += f"\n{listed}\n\n{how}{back} " + _("Nothing is invoiced.")
        line_nos = [line.line_no for line in lines]
        self._ask(question, _("Undo Shipment"), _("Undo"), lambda: self._undo(line_nos))

    async def _undo(self, line_nos: list[int]) -> None:
        doc = self.doc
        fresh = await self._attempt(_("Shipment {no} cannot be undone").format(no=doc.no),
                                    self.app.desk.posted.undo_shipment, doc.no, line_nos)
        if fresh is None:
            return
        self.doc = fresh
        self.show_document()
        self.refresh_bindings()
        lines = ", ".join(str(n) for n in line_nos)
        done = (_("Shipment {no}: line {lines} undone; the items are back in stock.") if len(line_nos) == 1 else
                _("Shipment {no}: lines {lines} undone; the items are back in stock."))
        self.notify(done.format(no=doc.no, lines=lines), title=_("Undone"), timeout=10)

    # -- the common steps ----------------------------------------------------------------

    def _start(self):
        """The document to correct, or None when there is none or a correction is running."""
        if self.doc is None or self._correcting:
            return None
        self._correcting = True
        return self.doc

    async def _asking(self, reading) -> None:
        """Read what the question needs, then ask; a failure before the question frees the card."""
        try:
            await reading
        except BaseException:
            self._correcting = False
            raise

    def _ask(self, question: str, title: str, yes: str, then) -> None:
        """Ask; Yes runs ``then`` (a coroutine function) in a worker, No leaves everything."""
        from ..common.dialogs import ConfirmScreen

        def answered(answer: bool | None) -> None:
            if not answer:
                self._correcting = False
                return
            self.run_worker(self._run(then), group="correction")

        try:
            self.app.push_screen(ConfirmScreen(question, title=title, yes=yes), answered)
        except BaseException:
            self._correcting = False
            raise

    async def _run(self, then) -> None:
        try:
            await then()
        finally:
            self._correcting = False

    async def _attempt(self, title: str, fn, *args):
        """Run a correction in a thread: its result, or None after showing why it was refused."""
        from ...model.history.corrections import CorrectionError
        from ..common.dialogs import ProblemsScreen

        try:
            return await self.app.db(fn, *args)
        except CorrectionError as err:
            self.app.push_screen(ProblemsScreen(title, err.problems or [str(err)]))
        except Exception as err:
            self.app.report(err, title=title)
        return None

    async def _reread(self):
        try:
            return await self.app.db(self.app.desk.posted.get, self.kind, self.no)
        except Exception as err:
            self.app.report(err)
            return None

    async def _done(self, message: str, title: str, doc, *, fresh=None) -> None:
        """Tell what was done with the customer's new balance; show the card as it now is."""
        customer_no = doc.bill_to_customer_no or doc.customer_no
        try:
            balance = await self.app.db(self.app.desk.customers.balance, customer_no)
        except Exception:
            balance = None
        if balance is not None:
            message += "\n" + _("Customer {no} balance: {balance}").format(no=customer_no,
                                                                          balance=fmt.amount(balance))
        self.notify(message, title=title, timeout=12)
        fresh = fresh or await self._reread()
        if fresh is not None:
            self.doc = fresh
            self.show_document()
            self.refresh_bindings()

    async def _order_still_there(self, doc) -> bool:
        if not doc.order_no:
            return False
        try:
            await self.app.db(self.app.desk.sales.get, "order", doc.order_no)
        except Exception:
            return False
        return True

    async def _entry(self, doc):
        """The invoice's open customer entry, or None when it is closed."""
        customer_no = doc.bill_to_customer_no or doc.customer_no
        try:
            entries = await self.app.db(self.app.desk.ledger.customer_entries, customer_no, True)
        except Exception:
            return None
        return next((e for e in entries if e.document_type == doc.kind and e.document_no == doc.no), None)


def _money(doc) -> str:
    return f"{fmt.amount(doc.amount_incl_vat)} {doc.currency_code or ''}".rstrip()


def _order_clause(doc) -> str:
    if not doc.order_no:
        return ""
    return _(", order {order} gets back what it billed (if it still exists)").format(order=doc.order_no)
