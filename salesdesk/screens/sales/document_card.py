"""The document card: header fields (saved as you leave them), the line grid, totals, and a
FactBox with the customer's balance and the current line's item availability.

One concern per module: the header (``document_header``), the lines (``document_lines``),
the actions (``document_actions``), posting (``document_posting``); this module lays them out
and says which action each key runs and when it is allowed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from ... import styles
from ...i18n import _
from ...model.sales.doc_states import STATUS_LABELS
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter
from ...widgets.line_grid import LineGrid
from ..output.output_actions import OUTPUT_BINDINGS, POST_AND_SEND, OutputActions
from .document_actions import DocumentActions
from .document_header import KIND_TITLES, DocumentHeader
from .document_lines import CellEditor, LineEditing
from .document_posting import DocumentPosting
from .standard_lines_actions import GET_STANDARD_LINES, StandardLineActions
from .supply_actions import CREATE_PURCHASE_ORDERS, SupplyActions, has_vendor_supplied_lines, supply_fact

# the kinds that post (quotes and blanket orders are made into orders or invoices first)
POSTABLE = frozenset({"order", "invoice", "credit_memo", "return_order"})

# action -> what the document's status must allow (doc_states.ALLOWED) and kinds it applies to
ACTION_RULES = {
    "release": ("release", None),
    "reopen": ("reopen", None),
    "make_order": ("make_order", {"quote", "blanket_order"}),
    "blanket_line": ("edit_lines", {"order", "invoice", "credit_memo", "return_order"}),
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
    "get_standard_lines": ("edit_lines", None),
    "create_purchase_orders": ("post", {"order"}),
}


class DocumentScreen(DocumentHeader, DocumentActions, StandardLineActions, SupplyActions, DocumentPosting,
                     OutputActions, LineEditing, Screen):
    """A sales document: its header, its lines and every action on it (one mixin per concern)."""

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
        # Alt+B arrives from terminals as Ctrl+Left (word back): Alt+Shift+B
        Binding("alt+shift+b", "blanket_line", _("Blanket Order Line"), id="doc.blanket_line", priority=True),
        Binding("alt+k", "picking_list", _("Picking List"), id="doc.picking_list", priority=True),
        Binding("alt+shift+i", "post_prepayment", _("Post Prepayment Invoice"), id="doc.post_prepayment",
                priority=True),
        GET_STANDARD_LINES,
        CREATE_PURCHASE_ORDERS,
        *OUTPUT_BINDINGS,
        POST_AND_SEND,
        *LineEditing.LINE_BINDINGS,
    ]

    FACTBOX_TITLES = (_("Customer"), _("Item Availability"))

    @property
    def grid_kind(self) -> str:
        """The kind of line grid the card shows (its columns)."""
        return self.kind

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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="card-title", classes="title")
        with Horizontal(classes="card-body"):
            with Vertical(classes="doc-main"):
                yield self._make_form()
                yield LineGrid(self.grid_kind, id="lines")
                with Horizontal(id="editor-bar"):
                    yield Label("", id="editor-label")
                    yield CellEditor(id="cell-editor", select_on_focus=False)
                    yield Static("", id="editor-error", markup=False)
                yield Static("", id="totals")
            with Vertical(classes="factbox doc-factbox", id="factbox"):
                yield Static(self.FACTBOX_TITLES[0], classes="factbox-title")
                yield Static("", id="customer-facts", markup=False)
                yield Static(self.FACTBOX_TITLES[1], classes="factbox-title")
                yield Static("", id="item-facts", markup=False)
        yield DeskFooter()

    async def on_mount(self) -> None:
        if self.no is None:
            self.query_one("#card-title", Static).update(_("New {title}").format(title=self.title_of_kind()))
            self.form.row(self.PARTY_FIELD).editor.focus()
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
        sales = self.documents
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
            for name in form.field_names():
                form.set_read_only(name, not self.header_field_editable(name))
        self.query_one("#card-title", Static).update(self.card_title(doc))
        self.grid.load(doc.lines)
        self._show_totals(doc)
        self.refresh_bindings()
        self.run_worker(self._customer_facts(), group="facts", exclusive=True)

    def card_title(self, doc) -> str:
        """The card's title line (markup): kind, number, customer, status."""
        status = STATUS_LABELS.get(doc.status, doc.status)
        quote = f" · {_('Quote No.')} {doc.quote_no}" if doc.quote_no else ""
        return f"{KIND_TITLES[self.kind]} {escape(doc.no)} · {escape(doc.customer_name)} · [b]{status}[/b]{escape(quote)}"

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
        self.doc = doc or await self.app.db(self.documents.get, self.kind, self.no)
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
        blanket = (f"\n{_('Blanket Order')}: {line.blanket_order_no} / {line.blanket_order_line_no}"
                   if getattr(line, "blanket_order_no", "") else "")  # purchase lines have none
        facts.update(f"{line.no} {line.description}\n"
                     f"{_('Inventory at')} {line.location or _('all')}: {fmt.quantity(on_hand)}{blanket}"
                     f"{supply_fact(line)}")

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
        if action == "create_purchase_orders" and not has_vendor_supplied_lines(self.doc):
            return False  # shown only on orders with drop-shipment or special-order lines
        return needed in self.allowed

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

    # -- keys ----------------------------------------------------------------------------------

    def _move_after_commit(self, row_key: str, field: str, move: str, line_type: str) -> None:
        if move == "stay":  # saved before an action (Post): the cursor stays on the cell
            self.grid.focus()
            self.grid.go_to(row_key, field)
            return
        super()._move_after_commit(row_key, field, move, line_type)

    def unsaved_changes(self) -> str | None:
        """What Ctrl+Q would throw away: a cell typed into and not saved, a header field
        changed and not left; None when everything shown is saved."""
        from .document_header import same_value
        from .document_lines import CellEditor, _raw

        title = str(self.query_one("#card-title", Static).render())
        if self.editing is not None:
            row_key, field = self.editing
            line = self.grid.lines.get(row_key)
            typed = self.query_one("#cell-editor", CellEditor).value
            if typed != (_raw(getattr(line, field, "")) if line else ""):
                return title
        form = self.form
        for name in form.field_names():
            if name in form.read_only:
                continue
            value = form.row(name).get_value()
            if (self.doc is None and str(value or "").strip()) or (
                    self.doc is not None and not same_value(getattr(self.doc, name), value)):
                return title
        return None

    def action_close(self) -> None:
        if self.editing is not None:
            self.cancel_edit()
            return
        self.app.pop_screen()

