"""The document card: header fields (saved as you leave them), the line grid, totals, and a
FactBox with the customer's balance and the current line's item availability."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from .. import styles
from ..i18n import _
from ..model.doc_states import STATUS_LABELS
from ..widgets import format as fmt
from ..widgets.footer import DeskFooter
from ..widgets.line_grid import NEW_ROW, LineGrid
from ..widgets.record_form import RecordForm
from .document_lines import CellEditor, LineEditing
from .output_actions import OUTPUT_BINDINGS, POST_AND_SEND, OutputActions

KIND_TITLES = {
    "quote": _("Sales Quote"), "order": _("Sales Order"), "invoice": _("Sales Invoice"),
    "credit_memo": _("Sales Credit Memo"), "return_order": _("Sales Return Order"),
    "blanket_order": _("Blanket Sales Order"),
}

# All header fields, shown with "Show more" (Alt+H), in two columns.
HEADER_SECTIONS = {
    "quote": [["customer_no", "external_document_no", "your_reference", "quote_valid_until", "prices_incl_vat"],
              ["order_date", "requested_delivery_date", "payment_terms", "location", "shipment_method"]],
    "order": [["customer_no", "external_document_no", "your_reference", "shipping_advice", "location",
               "shipment_method"],
              ["order_date", "posting_date", "requested_delivery_date", "promised_delivery_date",
               "payment_terms", "due_date", "prepayment_pct"]],
    "invoice": [["customer_no", "external_document_no", "your_reference", "location"],
                ["posting_date", "document_date", "payment_terms", "due_date"]],
}
HEADER_SECTIONS["credit_memo"] = [["customer_no", "external_document_no", "your_reference", "location"],
                                  ["posting_date", "document_date", "payment_terms", "due_date", "applies_to_doc_no"]]
HEADER_SECTIONS["return_order"] = HEADER_SECTIONS["credit_memo"]
HEADER_SECTIONS["blanket_order"] = HEADER_SECTIONS["quote"]

# The fields a clerk needs on every document, shown by default (BC's "Show less"): every field
# costs the card time to build, and these four are what order entry touches.
COMPACT_SECTIONS = {
    "quote": [["customer_no", "external_document_no"], ["order_date", "quote_valid_until"]],
    "order": [["customer_no", "external_document_no"], ["order_date", "due_date"]],
    "invoice": [["customer_no", "external_document_no"], ["posting_date", "due_date"]],
}
# a credit note settles an invoice: Applies-to Doc. No. takes the due date's place
COMPACT_SECTIONS["credit_memo"] = [["customer_no", "external_document_no"], ["posting_date", "applies_to_doc_no"]]
COMPACT_SECTIONS["return_order"] = COMPACT_SECTIONS["credit_memo"]
COMPACT_SECTIONS["blanket_order"] = COMPACT_SECTIONS["quote"]

# the kinds that post (quotes and blanket orders are made into orders or invoices first)
POSTABLE = frozenset({"order", "invoice", "credit_memo", "return_order"})

# action -> what the document's status must allow (doc_states.ALLOWED) and kinds it applies to
ACTION_RULES = {
    "release": ("release", None),
    "reopen": ("reopen", None),
    "make_order": ("make_order", {"quote"}),
    "make_invoice": ("make_invoice", {"quote"}),
    "copy_document": ("copy_document", None),
    "delete_document": ("delete", None),
    "insert_line": ("edit_lines", None),
    "delete_line": ("edit_lines", None),
    "comment_line": ("edit_lines", None),
    "post": ("post", POSTABLE),
    "post_new": ("post", POSTABLE),
    "preview_post": ("post", POSTABLE),
    "get_shipment_lines": ("edit_lines", {"invoice"}),
    "get_lines_to_reverse": ("edit_lines", {"credit_memo", "return_order"}),
    "picking_list": ("post", {"order"}),
    "post_prepayment": ("post_prepayment", {"order"}),
    "post_and_send": ("post", POSTABLE),
}


class DocumentScreen(OutputActions, LineEditing, Screen):
    CSS_PATH = styles.CARD
    HORIZONTAL_BREAKPOINTS = styles.CARD_BREAKPOINTS

    BINDINGS = [
        Binding("escape", "close", _("Close"), id="doc.close"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="doc.lookup"),
        # Priority: a terminal sends Alt+P with the character "p", which the grid and the text
        # boxes would otherwise take as typing. Shift+F9 arrives as F21 from many terminals.
        Binding("f9,alt+p", "post", _("Post"), id="doc.post", priority=True),
        Binding("shift+f9,f21,alt+shift+n", "post_new", _("Post and New"), id="doc.post_new", priority=True),
        Binding("alt+shift+p", "preview_post", _("Preview Posting"), id="doc.preview_post", priority=True),
        Binding("ctrl+f9,alt+r", "release", _("Release"), id="doc.release"),
        Binding("alt+o", "reopen", _("Reopen"), id="doc.reopen"),
        Binding("alt+m", "make_order", _("Make Order"), id="doc.make_order"),
        Binding("alt+v", "make_invoice", _("Make Invoice"), id="doc.make_invoice"),
        Binding("alt+c", "copy_document", _("Copy Document"), id="doc.copy"),
        Binding("f7,alt+s", "statistics", _("Statistics"), id="doc.statistics"),
        Binding("ctrl+n,alt+n", "new", _("New"), id="doc.new"),
        Binding("alt+x", "delete_document", _("Delete document"), id="doc.delete"),
        Binding("alt+h", "toggle_header", _("Show more / less"), id="doc.toggle_header"),
        Binding("alt+l", "get_shipment_lines", _("Get Shipment Lines"), id="doc.get_shipment_lines", priority=True),
        # Alt+L gets lines on every kind that takes posted lines: shipment lines on an invoice,
        # posted lines to reverse on a credit memo or return order (each hidden on the others).
        Binding("alt+l,alt+shift+g", "get_lines_to_reverse", _("Get Posted Lines to Reverse"),
                id="doc.get_lines_to_reverse", priority=True),
        Binding("alt+k", "picking_list", _("Picking List"), id="doc.picking_list", priority=True),
        Binding("alt+shift+i", "post_prepayment", _("Post Prepayment Invoice"), id="doc.post_prepayment",
                priority=True),
        *OUTPUT_BINDINGS,
        POST_AND_SEND,
        *LineEditing.LINE_BINDINGS,
    ]

    def __init__(self, kind: str, no: str | None, *, doc=None, allowed: frozenset[str] = frozenset()):
        """``doc`` and ``allowed``, when the caller has read them already, let the card be
        built with its values instead of filling them in after the first paint."""
        super().__init__()
        self.kind = kind
        self.no = no
        self.doc = doc
        self.allowed = allowed
        self.shown_warnings: set[str] = set()
        self.full_header = False

    # -- layout ------------------------------------------------------------------------------

    def _make_form(self) -> RecordForm:
        layout = HEADER_SECTIONS if self.full_header else COMPACT_SECTIONS
        sections = [(str(i), names) for i, names in enumerate(layout[self.kind])]
        values = {} if self.doc is None else {
            name: getattr(self.doc, name) for _title, names in sections for name in names}
        read_only = frozenset(name for _title, names in sections for name in names
                              if self.doc is None and name != "customer_no"
                              or self.doc is not None and "edit_header" not in self.allowed)
        rules = self.app.desk.sales.header_rules
        if any("applies_to_doc_no" in names for _t, names in sections):
            # F4 looks it up among the customer's open invoices (the model's rule names no
            # table to check it against): the form shows the F4 hint like on any lookup field
            from dataclasses import replace

            rules = {**rules, "applies_to_doc_no": replace(rules["applies_to_doc_no"], lookup="open_invoices")}
        return RecordForm(rules, sections, id="form", side_by_side=True, values=values, read_only=read_only)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="card-title", classes="title")
        with Horizontal(classes="card-body"):
            with Vertical(classes="doc-main"):
                yield self._make_form()
                yield LineGrid(self.kind, id="lines")
                with Horizontal(id="editor-bar"):
                    yield Label("", id="editor-label")
                    yield CellEditor(id="cell-editor", select_on_focus=False)
                    yield Static("", id="editor-error", markup=False)
                yield Static("", id="totals")
            with Vertical(classes="factbox doc-factbox", id="factbox"):
                yield Static(_("Customer"), classes="factbox-title")
                yield Static("", id="customer-facts", markup=False)
                yield Static(_("Item Availability"), classes="factbox-title")
                yield Static("", id="item-facts", markup=False)
        yield DeskFooter()

    @property
    def form(self) -> RecordForm:
        return self.query_one("#form", RecordForm)

    async def on_mount(self) -> None:
        if self.no is None:
            self.query_one("#card-title", Static).update(_("New {title}").format(title=KIND_TITLES[self.kind]))
            self.form.row("customer_no").editor.focus()
            self._show_totals(None)
            return
        if self.doc is None:
            await self.reload()
        else:
            self.show_document(header=False)
        self._idle_editor()
        self.grid.go_to("new", "no")
        self.grid.focus()

    async def reload(self) -> None:
        """Read the document again and show it."""
        sales = self.app.desk.sales
        try:
            self.doc = await self.app.db(sales.get, self.kind, self.no)
            self.allowed = await self.app.db(sales.allowed_actions, self.doc)
        except Exception as err:
            self.app.report(err)
            self.app.pop_screen()
            return
        self.show_document()

    def show_document(self, *, header: bool = True) -> None:
        doc = self.doc
        form = self.form
        if header:
            form.load({name: getattr(doc, name) for name in form.field_names()})
            editable = "edit_header" in self.allowed
            for name in form.field_names():
                form.set_read_only(name, not editable)
        status = STATUS_LABELS.get(doc.status, doc.status)
        quote = f" · {_('Quote No.')} {doc.quote_no}" if doc.quote_no else ""
        self.query_one("#card-title", Static).update(
            f"{KIND_TITLES[self.kind]} {escape(doc.no)} · {escape(doc.customer_name)} · [b]{status}[/b]{escape(quote)}")
        self.grid.load(doc.lines)
        self._show_totals(doc)
        self.refresh_bindings()
        self.run_worker(self._customer_facts(), group="facts", exclusive=True)

    def _show_totals(self, doc) -> None:
        if doc is None:
            self.query_one("#totals", Static).update("")
            return
        discount = (f"{_('Inv. Discount')} {fmt.amount(doc.inv_discount_amount)}   "
                    if doc.inv_discount_amount else "")
        self.query_one("#totals", Static).update(
            f"{discount}{_('Total Excl. VAT')} {fmt.amount(doc.amount)}   {_('VAT')} {fmt.amount(doc.vat_amount)}"
            f"   {_('Total Incl. VAT')} {fmt.amount(doc.amount_incl_vat)} {doc.currency_code or ''}")

    async def after_lines_changed(self, doc=None) -> None:
        """Totals and warnings after a line was added, changed or deleted."""
        self.doc = doc or await self.app.db(self.app.desk.sales.get, self.kind, self.no)
        self._show_totals(self.doc)
        # warnings read the whole document again: after the totals have painted
        self.call_after_refresh(self.run_worker, self._show_warnings(), group="warnings", exclusive=True)

    async def _show_warnings(self) -> None:
        try:
            warnings = await self.app.db(self.app.desk.sales.warnings, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        for warning in warnings:
            if warning not in self.shown_warnings:
                self.notify(warning, title=_("Warning"), severity="warning", timeout=8)
        self.shown_warnings = set(warnings)

    async def _customer_facts(self) -> None:
        desk = self.app.desk
        customer_no = self.doc.bill_to_customer_no or self.doc.customer_no
        balance = await self.app.db(desk.customers.balance, customer_no)
        customer = await self.app.db(desk.customers.get, customer_no)
        limit = customer.credit_limit
        lines = [f"{customer.no} {customer.name}",
                 f"{_('Balance (LCY)'):<19}{fmt.amount(balance):>13}",
                 f"{_('Credit Limit (LCY)'):<19}{fmt.amount(limit) if limit else _('unlimited'):>13}"]
        if limit:
            lines.append(f"{_('Available Credit'):<19}{fmt.amount(limit - balance):>13}")
        if customer.blocked:
            lines.append(_("Blocked: {what}").format(what=customer.blocked))
        printed = await self.app.db(desk.reports.printed_count, self.doc)
        lines.append(f"{_('No. Printed'):<19}{printed:>13}")
        for facts in self.query("#customer-facts").results(Static):  # none once the card is closing
            facts.update("\n".join(lines))

    async def on_line_grid_cell_highlighted(self, event: LineGrid.CellHighlighted) -> None:
        line = self.grid.current_line
        facts = self.query_one("#item-facts", Static)
        if line is None or line.type != "item" or not line.no:
            facts.update("")
            return
        try:
            on_hand = await self.app.db(self.app.desk.items.inventory, line.no, line.location)
        except Exception:
            facts.update("")
            return
        facts.update(f"{line.no} {line.description}\n"
                     f"{_('Inventory at')} {line.location or _('all')}: {fmt.quantity(on_hand)}")

    # -- header ------------------------------------------------------------------------------

    async def on_record_form_field_edited(self, event: RecordForm.FieldEdited) -> None:
        from ..model.errors import SalesDeskError, ValidationError

        if event.form is not self.form:
            return
        sales = self.app.desk.sales
        row = self.form.row(event.name)
        if self.doc is None:
            if event.name != "customer_no" or not str(event.value).strip():
                return
            try:
                self.doc = await self.app.db(sales.create, self.kind, event.value)
            except ValidationError as err:
                row.set_error(next(iter(err.errors.values())))
                return
            except SalesDeskError as err:
                row.set_error(str(err))
                return
            self.no = self.doc.no
            await self.reload()
            self.grid.go_to("new", "no")
            self.grid.focus()
            return
        await self._save_field(event.name, event.value)

    async def _save_field(self, name: str, value) -> bool:
        """Save a header field the clerk changed. False when it was refused (the message is
        shown beside the field, which keeps what was typed) or waits for a confirmation."""
        from ..model.errors import SalesDeskError, ValidationError

        row = self.form.row(name)
        if _same(getattr(self.doc, name), value) or name in self.form.read_only:
            row.set_error(None)
            return True
        if name == "customer_no":
            self._confirm_customer_change(value)
            return False
        try:
            self.doc = await self.app.db(self.app.desk.sales.update, self.doc, **{name: value})
        except ValidationError as err:
            row.set_error(err.errors.get(name) or str(err))
            return False
        except SalesDeskError as err:
            row.set_error(str(err))
            return False
        row.set_error(None)
        self._show_totals(self.doc)
        if name in ("payment_terms", "document_date") and "due_date" in self.form.field_names():
            self.form.row("due_date").set_value(self.doc.due_date)
        return True

    def _confirm_customer_change(self, customer_no: str) -> None:
        from .dialogs import ConfirmScreen

        async def answer(yes: bool | None) -> None:
            if not yes:
                self.form.row("customer_no").set_value(self.doc.customer_no)
                return
            try:
                self.doc = await self.app.db(self.app.desk.sales.update, self.doc, customer_no=customer_no)
            except Exception as err:
                self.form.row("customer_no").set_error(str(err))
                return
            await self.reload()

        self.app.push_screen(ConfirmScreen(
            _("Change the customer to {no}? The header takes the new customer's terms and every line is "
              "priced again.").format(no=customer_no), yes=_("Change")), answer)

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("print_document", "send_document"):
            return self.doc is not None
        rule = ACTION_RULES.get(action)
        if rule is None:
            return True
        needed, kinds = rule
        if kinds is not None and self.kind not in kinds:
            return False
        if self.doc is None:
            return False
        return needed in self.allowed

    def action_lookup(self) -> None:
        if self.lookup_in_editor():
            return
        name = self.form.focused_field()
        rule = self.form.rules.get(name) if name else None
        table = self._header_lookup(name) if rule is not None else None
        if table is None or name in self.form.read_only:
            self.notify(_("No lookup for this field."), timeout=2)
            return
        from .lookup import LookupScreen

        row = self.form.row(name)

        def picked(code: str | None) -> None:
            row.editor.focus()
            if code is not None:
                row.set_value(code)
                self.post_message(RecordForm.FieldEdited(self.form, name, code))

        self.app.push_screen(LookupScreen(table, str(row.get_value() or "")), picked)

    def _header_lookup(self, name: str) -> str | None:
        """What F4 on a header field looks up: the field's table, or for Applies-to Doc. No.
        the open posted invoices of the bill-to customer."""
        if name == "applies_to_doc_no":
            if self.doc is None:
                return None
            return "open_invoices:" + (self.doc.bill_to_customer_no or self.doc.customer_no)
        return self.form.rules[name].lookup or None

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
        await self._status_action(self.app.desk.sales.reopen, _("Reopened."))

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
        from .dialogs import ConfirmScreen

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
        try:
            new = await self.app.db(call, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        self.notify(_("{title} {no} made from quote {quote}; the quote is gone.").format(
            title=title, no=new.no, quote=self.doc.no), timeout=6)
        self.app.pop_screen()
        self.app.push_screen(DocumentScreen(new.kind.value, new.no))

    async def action_make_order(self) -> None:
        await self._convert(self.app.desk.sales.make_order, KIND_TITLES["order"])

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
        from .text_report import TextReportScreen

        try:
            text = await self.app.db(self.app.desk.reports.picking_list_text, self.doc)
        except Exception as err:
            self.app.report(err)
            return
        self.app.push_screen(TextReportScreen(_("Picking List · {no}").format(no=self.doc.no), text,
                                              f"picking-list-{self.doc.no}.txt"))

    async def action_toggle_header(self) -> None:
        """Show every header field, or only the four that order entry needs."""
        self.full_header = not self.full_header
        old = self.form
        await old.remove()
        await self.query_one(".doc-main").mount(self._make_form(), before=self.grid)
        self.grid.focus()

    def action_statistics(self) -> None:
        if self.doc is None:
            return
        from .document_dialogs import StatisticsScreen

        self.app.push_screen(StatisticsScreen(self.doc))

    def action_new(self) -> None:
        self.app.pop_screen()
        self.app.push_screen(DocumentScreen(self.kind, None))

    def action_delete_document(self) -> None:
        from .dialogs import ConfirmScreen

        async def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                await self.app.db(self.app.desk.sales.delete, self.doc)
            except Exception as err:
                self.app.report(err, title=_("Not deleted"))
                return
            self.notify(_("{title} {no} deleted.").format(title=KIND_TITLES[self.kind], no=self.doc.no))
            self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(_("Delete {title} {no} and all its lines?").format(
            title=KIND_TITLES[self.kind], no=self.doc.no), yes=_("Delete")), answer)

    # -- posting -----------------------------------------------------------------------------

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

    # Print / Send by E-mail (OutputActions)
    def output_doc(self):
        return self.doc

    def output_reports(self) -> tuple[str, ...]:
        return ("order_confirmation", "picking_list") if self.kind == "order" else ()

    async def output_ready(self) -> bool:
        return self.doc is not None and await self._save_pending()

    def output_done(self) -> None:
        """No. Printed, in the FactBox, counts the print or e-mail just made."""
        self.run_worker(self._customer_facts(), group="facts", exclusive=True)

    def _start_posting(self, mode: str) -> None:
        if self.doc is None or self._posting:
            return
        self._posting = True  # until the posting is done or the question is cancelled
        self.run_worker(self._ask_then_post(mode), group="post")

    async def _ask_then_post(self, mode: str) -> None:
        """Save what is typed, then ask what to post; the answer starts the posting."""
        from .dialogs import ConfirmScreen
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
        from .dialogs import ProblemsScreen

        try:
            self._send_by = await self.app.db(self.app.desk.mail.sending_profile, doc)
            problems = [] if self._send_by == "print" else await self.app.db(self.app.desk.mail.settings_problems)
        except Exception as err:
            self.app.report(err, title=_("Not posted"))
            return False
        if problems:
            self.app.push_screen(ProblemsScreen(_("Not posted: e-mail is not set up (Setup · Company)"), problems))
        return not problems

    async def _save_pending(self) -> bool:
        """Save what is typed but not saved yet (the line cell being edited, a header field
        not left yet), so that what is posted is what the screen shows. False when refused:
        the message is where it was typed, which is kept."""
        while self._busy:  # a cell is being saved already
            await asyncio.sleep(0.02)
        if self.editing is not None:
            await self.commit_cell("stay")
            if self.editing is not None:
                self.notify(_("The line being edited is not saved: correct it or press Esc, then post again."),
                            title=_("Not posted"), severity="warning", timeout=8)
                return False
        if self.doc is None:
            return False
        form = self.form
        for name in form.field_names():
            if name in form.read_only:
                continue
            row = form.row(name)
            value = row.get_value()
            if _same(getattr(self.doc, name), value):
                continue
            if name == "customer_no":
                row.editor.focus()
                self.notify(_("Finish changing the customer (leave the field) before posting."),
                            title=_("Not posted"), severity="warning", timeout=8)
                return False
            if not await self._save_field(name, value):
                row.editor.focus()
                self.notify(_("{field} is not saved: correct it, then post again.").format(field=row.rule.label),
                            title=_("Not posted"), severity="warning", timeout=8)
                return False
        return True

    async def _post(self, mode: str, doc, what: str, choice: str | None) -> None:
        try:
            await self._post_and_show(mode, doc, what, choice)
        finally:
            self._posting = False

    async def _post_and_show(self, mode: str, doc, what: str, choice: str | None) -> None:
        """Post (or preview) in one transaction, then show the result or every problem at once."""
        from ..model.errors import PostingError
        from .dialogs import ProblemsScreen
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
            self.app.push_screen(DocumentScreen(self.kind, None))
            return
        if result.document_deleted:
            self.app.pop_screen()
            return
        await self.reload()

    # -- keys ----------------------------------------------------------------------------------

    def _move_after_commit(self, row_key: str, field: str, move: str, line_type: str) -> None:
        if move == "stay":  # saved before an action (Post): the cursor stays on the cell
            self.grid.focus()
            self.grid.go_to(row_key, field)
            return
        super()._move_after_commit(row_key, field, move, line_type)

    def route_key(self, key: str, character: str | None) -> None:
        """A shortcut (F9, Alt+P…) typed while a cell was being saved runs its action once the
        save is done, instead of being typed into the grid."""
        if _is_shortcut(key):
            self.app.simulate_key(key)
            return
        super().route_key(key, character)

    def action_close(self) -> None:
        if self.editing is not None:
            self.cancel_edit()
            return
        self.app.pop_screen()


def _same(current, typed) -> bool:
    if current is None:
        return typed in (None, "")
    if isinstance(typed, bool) or isinstance(current, bool):
        return bool(current) == bool(typed)
    from decimal import Decimal, InvalidOperation

    if isinstance(current, Decimal):
        try:
            return Decimal(str(typed).replace(",", "")) == current
        except InvalidOperation:
            return False
    return str(current) == str(typed).strip()


def _is_shortcut(key: str) -> bool:
    *modifiers, name = key.split("+")
    return bool({"ctrl", "alt", "super", "meta"} & set(modifiers)) or (
        name.startswith("f") and name[1:].isdigit())


POST_TITLES = {"preview": _("Preview Posting"), "post_send": _("Post and Send")}


def posted_to_send(result):
    """What Post and Send e-mails: the invoice (credit memo) posted, else the shipment
    (return receipt): a DocumentKey, or None."""
    from ..model.report_data import DocumentKey

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
    if len(parts) <= 1:
        return "".join(parts)
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])
