"""A posted document's card: header, lines and totals, all read-only (posted documents are
history: corrections are new documents). Navigate (Alt+G) finds every entry it made; the
corrections (Cancel, Correct, Create Corrective Credit Memo, Undo Shipment) are in
correction_dialogs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.markup import escape
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Header, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.footer import DeskFooter
from ...widgets.paged_table import Column, PagedTable
from ..output.output_actions import OUTPUT_BINDINGS, OutputActions
from .correction_dialogs import (
    CORRECTION_BINDINGS,
    CORRECTIONS,
    CorrectionActions,
    line_marks,
    link_text,
)

POSTED_KINDS = ("shipment", "invoice", "credit_memo", "return_receipt")
POSTED_TITLES = {"shipment": _("Posted Sales Shipment"), "invoice": _("Posted Sales Invoice"),
                 "credit_memo": _("Posted Sales Credit Memo"), "return_receipt": _("Posted Return Receipt")}
POSTED_PLURAL = {"shipment": _("Posted Sales Shipments"), "invoice": _("Posted Sales Invoices"),
                 "credit_memo": _("Posted Sales Credit Memos"), "return_receipt": _("Posted Return Receipts")}
# posted documents with amounts (shipments and receipts carry quantities only)
WITH_AMOUNTS = ("invoice", "credit_memo")

# Navigate: BC's Alt+G ("Find entries"); Ctrl+G where the terminal keeps Alt for itself.
POSTED_CSS = styles.STYLES / "posted.tcss"

NAVIGATE = Binding("alt+g,ctrl+g", "navigate", _("Navigate"), id="navigate")


def _line_columns(kind: str) -> tuple[list[Column], list]:
    """The line table's columns and, for each, how to read it from a posted line and its
    undo mark ("correction", "undone" or "")."""
    if kind in WITH_AMOUNTS:
        spec = [
            (Column(_("No."), 10), lambda ln, _m: ln.no),
            (Column(_("Description"), 0), lambda ln, _m: ln.description),
            (Column(_("Quantity"), 9, "right", fmt.quantity),
             lambda ln, _m: ln.quantity if ln.type != "comment" else None),
            (Column(_("Unit"), 5), lambda ln, _m: ln.uom if ln.type != "comment" else ""),
            (Column(_("Unit Price"), 11, "right", fmt.price),
             lambda ln, _m: ln.unit_price if ln.type != "comment" else None),
            (Column(_("Disc. %"), 7, "right", fmt.quantity),
             lambda ln, _m: ln.line_discount_pct if ln.line_discount_pct else None),
            (Column(_("Line Amount"), 12, "right", fmt.amount),
             lambda ln, _m: ln.line_amount if ln.type != "comment" else None),
            (Column(_("VAT %"), 5, "right", fmt.quantity),
             lambda ln, _m: ln.vat_pct if ln.type != "comment" else None),
        ]
    else:
        # a correction line (Undo Shipment) is never invoiced: its invoicing columns stay blank
        def counts(ln, mark) -> bool:
            return ln.type != "comment" and mark != "correction"

        spec = [
            (Column(_("No."), 10), lambda ln, _m: ln.no),
            (Column(_("Description"), 0), lambda ln, _m: ln.description),
            (Column(_("Location"), 8), lambda ln, _m: ln.location or ""),
            (Column(_("Quantity"), 9, "right", fmt.quantity),
             lambda ln, _m: ln.quantity if ln.type != "comment" else None),
            (Column(_("Unit"), 5), lambda ln, _m: ln.uom if ln.type != "comment" else ""),
            (Column(_("Qty. Invoiced"), 13, "right", fmt.quantity),
             lambda ln, m: ln.quantity_invoiced if counts(ln, m) else None),
            (Column(_("Qty. Not Invoiced"), 17, "right", fmt.quantity),
             lambda ln, m: ln.qty_not_invoiced if counts(ln, m) else None),
            (Column(_("Correction"), 10), lambda _ln, m: MARK_WORDS.get(m, "")),
        ]
    return [c for c, _get in spec], [get for _c, get in spec]


MARK_WORDS = {"correction": _("Yes"), "undone": _("Undone")}


class PostedLinesTable(PagedTable):
    """The card's lines; correction lines (Undo Shipment) and the lines they undo stand out."""

    COMPONENT_CLASSES = PagedTable.COMPONENT_CLASSES | {"posted-lines--correction", "posted-lines--undone"}

    DEFAULT_CSS = """
    PostedLinesTable > .posted-lines--correction { color: $text-warning; text-style: italic; }
    PostedLinesTable > .posted-lines--undone { color: $text-muted; }
    """

    def __init__(self, *args, mark=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._mark = mark or (lambda _index: "")

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y - 1
        if y == 0 or index == self.cursor or not 0 <= index < self.row_count:
            return strip
        mark = self._mark(index)
        if not mark:
            return strip
        style = self.get_component_rich_style(f"posted-lines--{mark}", partial=True)
        return Strip([seg._replace(style=seg.style + style if seg.style else style) for seg in strip],
                     strip.cell_length)


def header_fields(doc, printed: int | None = None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The header as two columns of (label, value), the fields BC shows on the posted card
    (with No. Printed when it is known)."""
    kind = doc.kind
    left = [(_("Customer No."), doc.customer_no), (_("Customer Name"), doc.customer_name)]
    if doc.bill_to_customer_no and doc.bill_to_customer_no != doc.customer_no:
        left.append((_("Bill-to Customer No."), doc.bill_to_customer_no))
    if kind in ("shipment", "return_receipt"):
        left.append((_("Ship-to"), ", ".join(p for p in (doc.ship_to_name, doc.ship_to_city) if p)))
    left.append((_("External Document No."), doc.external_document_no))
    if doc.your_reference:
        left.append((_("Your Reference"), doc.your_reference))
    right = [(_("Posting Date"), fmt.date(doc.posting_date)), (_("Document Date"), fmt.date(doc.document_date))]
    if kind in WITH_AMOUNTS:
        right.append((_("Due Date"), fmt.date(doc.due_date)))
    order_label = _("Return Order No.") if kind in ("credit_memo", "return_receipt") else _("Order No.")
    if doc.order_no:
        right.append((order_label, doc.order_no))
    if doc.pre_assigned_no:
        right.append((_("Pre-Assigned No."), doc.pre_assigned_no))
    if not doc.order_no and not doc.pre_assigned_no:
        right.append((order_label, ""))
    if doc.quote_no:
        right.append((_("Quote No."), doc.quote_no))
    if kind in WITH_AMOUNTS:
        right.append((_("Payment Terms"), doc.payment_terms or ""))
    else:
        right.append((_("Shipment Method"), doc.shipment_method or ""))
    if printed is not None:
        left.append((_("No. Printed"), str(printed)))
    return left, right


def _column_text(fields: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label:<22}{value or ''}" for label, value in fields)


class PostedDocumentScreen(OutputActions, CorrectionActions, Screen):
    """Nothing on this card can be changed: it has no editor, only a table to read. What
    corrects it makes new documents (the keys of CORRECTION_BINDINGS)."""

    CSS_PATH = [styles.CARD, POSTED_CSS]
    HORIZONTAL_BREAKPOINTS = styles.CARD_BREAKPOINTS

    BINDINGS = [
        Binding("escape", "close", _("Close"), id="posted.close"),
        NAVIGATE,
        *CORRECTION_BINDINGS,
        *OUTPUT_BINDINGS,
    ]

    def __init__(self, kind: str, no: str, *, doc=None):
        super().__init__()
        self.kind = kind
        self.no = no
        self.doc = doc
        self._rows: list[tuple] = []
        self._marks: list[str] = []  # per row: "correction", "undone" or ""
        self.printed: int | None = None  # No. Printed, once read
        self.columns, self._getters = _line_columns(kind)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="card-title", classes="title")
        yield Static("", id="correction-link", markup=False)
        with Horizontal(id="posted-header"):
            yield Static("", id="header-left", classes="posted-fields", markup=False)
            yield Static("", id="header-right", classes="posted-fields", markup=False)
        yield PostedLinesTable(self.columns, self._page, self._count, id="lines", empty_text=_("No lines."),
                               mark=self._mark_of)
        yield Static("", id="totals", markup=False)
        yield DeskFooter()

    @property
    def lines(self) -> PagedTable:
        return self.query_one("#lines", PagedTable)

    # the lines are in memory: the table pages them from the snapshot
    def _page(self, _text: str, offset: int, limit: int) -> list[tuple]:
        return self._rows[offset:offset + limit]

    def _count(self, _text: str) -> int:
        return len(self._rows)

    def _mark_of(self, index: int) -> str:
        return self._marks[index] if 0 <= index < len(self._marks) else ""

    async def on_mount(self) -> None:
        self.sub_title = POSTED_TITLES[self.kind]
        self.query_one("#totals", Static).display = self.kind in WITH_AMOUNTS
        if self.doc is None:
            try:
                self.doc = await self.app.db(self.app.desk.posted.get, self.kind, self.no)
            except Exception as err:
                self.app.report(err)
                self.app.pop_screen()
                return
        self.show_document()
        self.refresh_bindings()  # the corrections that apply depend on the document
        self.output_done()
        self.lines.focus()

    def show_document(self) -> None:
        doc = self.doc
        state = f" · [b]{escape(_('Cancelled'))}[/b]" if doc.cancelled else ""
        self.query_one("#card-title", Static).update(
            f"{POSTED_TITLES[self.kind]} {escape(doc.no)} · {escape(doc.customer_name)}{state}")
        link = self.query_one("#correction-link", Static)
        link.update(link_text(doc))
        link.display = bool(doc.cancelled or doc.corrects)
        self._show_header()
        marks = line_marks(doc)
        self._marks = [marks.get(line.line_no, "") for line in doc.lines]
        self._rows = [tuple(get(line, mark) for get in self._getters) for line, mark in zip(doc.lines, self._marks)]
        self.lines.reload()
        if self.kind in WITH_AMOUNTS:
            discount = (f"{_('Inv. Discount')} {fmt.amount(doc.inv_discount_amount)}   "
                        if doc.inv_discount_amount else "")
            self.query_one("#totals", Static).update(
                f"{discount}{_('Total Excl. VAT')} {fmt.amount(doc.amount)}   {_('VAT')} {fmt.amount(doc.vat_amount)}"
                f"   {_('Total Incl. VAT')} {fmt.amount(doc.amount_incl_vat)} {doc.currency_code or ''}".rstrip())

    def _show_header(self) -> None:
        left, right = header_fields(self.doc, self.printed)
        self.query_one("#header-left", Static).update(_column_text(left))
        self.query_one("#header-right", Static).update(_column_text(right))
        self.query_one("#posted-header").styles.height = max(len(left), len(right))

    def check_action(self, action: str, parameters) -> bool | None:
        if action in CORRECTIONS:
            return self.correction_allowed(action, parameters)
        return True

    def action_navigate(self) -> None:
        self.app.open_navigate(self.no)

    # Print / Send by E-mail (OutputActions)
    def output_doc(self):
        return self.doc

    def output_done(self) -> None:
        """Read No. Printed again (after a print or a send) and show it."""
        self.run_worker(self._show_printed(), group="printed", exclusive=True)

    async def _show_printed(self) -> None:
        if self.doc is None:
            return
        try:
            self.printed = await self.app.db(self.app.desk.reports.printed_count, self.doc)
        except Exception:
            return  # the counter is a courtesy: the card is readable without it
        if self.is_attached and self.query("#header-left"):  # not once the card is closing
            self._show_header()

    def action_close(self) -> None:
        self.app.pop_screen()
