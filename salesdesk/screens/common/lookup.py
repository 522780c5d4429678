"""A searchable picker for a code field (BC's lookup): type to filter, Enter picks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column, PagedTable


def lookup_spec(app, table: str):
    """(title, columns, fetch_page, fetch_count) for looking up codes of ``table``."""
    if table == "customer":
        return (_("Customers"), [Column(_("No."), 10), Column(_("Name"), 0), Column(_("City"), 16)],
                lambda t, o, n: [r[:3] for r in app.desk.customers.page(t, o, n, with_balance=False)],
                lambda t: app.desk.customers.count(t))
    if table == "vendor":
        return (_("Vendors"), [Column(_("No."), 10), Column(_("Name"), 0), Column(_("City"), 16)],
                lambda t, o, n: [r[:3] for r in app.desk.vendors.page(t, o, n)],
                lambda t: app.desk.vendors.count(t))
    if table == "item":
        return (_("Items"), [Column(_("No."), 10), Column(_("Description"), 0),
                             Column(_("Unit Price"), 12, "right", fmt.price)],
                lambda t, o, n: [(r[0], r[1], r[4]) for r in app.desk.items.page(t, o, n)],
                lambda t: app.desk.items.count(t))
    if table == "standard_sales_code":
        return (_("Standard Sales Codes"), [Column(_("Code"), 12), Column(_("Description"), 0)],
                lambda t, o, n: [r[:2] for r in app.desk.sales.standard_codes.page(t, o, n)],
                lambda t: app.desk.sales.standard_codes.count(t))
    if table.startswith("doc:"):
        kind = table.removeprefix("doc:")
        return (_("Documents"), [Column(_("No."), 12), Column(_("Customer"), 10), Column(_("Name"), 0),
                                 Column(_("Amount"), 12, "right", fmt.amount)],
                lambda t, o, n: [(r[0], r[1], r[2], r[5]) for r in app.desk.sales.page(kind, t, o, n)],
                lambda t: app.desk.sales.count(kind, t))
    if table.startswith("posted:"):
        kind = table.removeprefix("posted:")
        return (_("Posted Documents"), [Column(_("No."), 12), Column(_("Customer"), 10), Column(_("Name"), 0),
                                        Column(_("Amount"), 12, "right", fmt.amount)],
                lambda t, o, n: [(r[0], r[1], r[2], r[5]) for r in app.desk.posted.page(kind, t, o, n)],
                lambda t: app.desk.posted.count(kind, t))
    if table.startswith("open_invoices:"):
        return open_invoices_spec(app, table.removeprefix("open_invoices:"))
    if table.startswith(("vendor_open_invoices:", "open_vendor_invoices:")):  # payments, purchase credit memos
        return vendor_open_invoices_spec(app, table.split(":", 1)[1])
    if table.startswith("blanket_lines:"):
        return blanket_lines_spec(app, *table.removeprefix("blanket_lines:").split(":", 2))
    title = {
        "return_reason": _("Return Reasons"),
        "vat_bus_group": _("VAT Business Posting Groups"),
        "vat_prod_group": _("VAT Product Posting Groups"),
        "payment_terms": _("Payment Terms"),
        "payment_method": _("Payment Methods"),
        "shipment_method": _("Shipment Methods"),
        "location": _("Locations"),
        "unit_of_measure": _("Units of Measure"),
        "gl_account": _("Chart of Accounts"),
        "gen_posting_setup": _("General Posting Setup"),
        "purchasing_code": _("Purchasing Codes"),
    }.get(table, table)
    return (title, [Column(_("Code"), 12), Column(_("Description"), 0)],
            lambda t, o, n: [r[:2] for r in app.desk.setup.page(table, t, o, n)],
            lambda t: app.desk.setup.count(table, t))


def open_invoices_spec(app, customer_no: str):
    """The open posted invoices of a customer (Applies-to Doc. No. on a credit memo or return
    order): a customer has few open entries, so they are read once and filtered here."""
    return _open_invoices(customer_no, lambda: app.desk.ledger.customer_entries(customer_no, open_only=True))


def vendor_open_invoices_spec(app, vendor_no: str):
    """The open invoices of a vendor (what a vendor payment applies to), remaining negative: we owe."""
    return _open_invoices(vendor_no, lambda: app.desk.ledger.vendor_entries(vendor_no, open_only=True))


def _open_invoices(party_no: str, read_open_entries):
    rows: list[tuple] | None = None

    def matching(text: str) -> list[tuple]:
        nonlocal rows
        if rows is None:
            rows = [(e.document_no, e.posting_date, e.due_date, e.remaining_amount, e.external_document_no)
                    for e in read_open_entries() if e.document_type == "invoice"]
        words = text.lower().split()
        return [r for r in rows if all(any(w in str(v).lower() for v in r) for w in words)]

    return (_("Open Invoices of {no}").format(no=party_no),
            [Column(_("Document No."), 13), Column(_("Posting Date"), 12, format=fmt.date),
             Column(_("Due Date"), 10, format=fmt.date),
             Column(_("Remaining Amount"), 16, "right", fmt.amount), Column(_("External Doc. No."), 0)],
            lambda t, o, n: matching(t)[o:o + n],
            lambda t: len(matching(t)))


def blanket_lines_spec(app, kind: str, no: str, item_no: str):
    """The lines of the customer's blanket orders a line of document ``no`` can draw on (of
    its item when it has one), with what each can still take; picks "SB-00001/10000"."""
    from ...model.sales.kinds import DocRef

    rows: list[tuple] | None = None

    def matching(text: str) -> list[tuple]:
        nonlocal rows
        if rows is None:
            rows = [(f"{b.blanket_order_no}/{b.line_no}", b.no, b.description, b.shipment_date, b.quantity,
                     b.possible, b.unit_price)
                    for b in app.desk.sales.blanket_lines_for(DocRef(kind, no), item_no or None)]
        words = text.lower().split()
        return [r for r in rows if all(any(w in str(v).lower() for v in r) for w in words)]

    return (_("Blanket Order Lines"),
            [Column(_("Blanket / Line"), 15), Column(_("No."), 10), Column(_("Description"), 0),
             Column(_("Shipment Date"), 13, format=fmt.date), Column(_("Quantity"), 9, "right", fmt.quantity),
             Column(_("Possible"), 9, "right", fmt.quantity), Column(_("Unit Price"), 11, "right", fmt.price)],
            lambda t, o, n: matching(t)[o:o + n],
            lambda t: len(matching(t)))


class LookupScreen(ModalScreen[str | None]):
    """Returns the chosen code, or None on Escape."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="lookup.cancel"),
        Binding("enter", "pick", _("Pick"), id="lookup.pick"),
        Binding("up", "move('up')", show=False),
        Binding("down", "move('down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
    ]

    def __init__(self, table: str, initial: str = ""):
        super().__init__()
        self.table = table
        self.initial = initial

    def compose(self) -> ComposeResult:
        title, columns, page, count = lookup_spec(self.app, self.table)
        with Vertical(classes="dialog lookup"):
            yield Static(_("Look up: {title}").format(title=title), classes="title")
            # it starts on what was typed in the field (F4 or type to find)
            yield Input(self.initial.strip(), placeholder=_("Type to filter"), id="lookup-filter", classes="filter")
            table = PagedTable(columns, page, count, id="lookup-table")
            table.filter_text = self.initial.strip()
            yield table
            yield Static(_("Enter picks · Esc cancels"), classes="status-line")

    def on_mount(self) -> None:
        self.query_one("#lookup-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(PagedTable).set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_pick()

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.dismiss(str(event.key))

    def action_move(self, where: str) -> None:
        getattr(self.query_one(PagedTable), f"action_{'cursor_' + where if where in ('up', 'down') else where}")()

    def action_pick(self) -> None:
        self.query_one(PagedTable).select_when_ready()

    def action_cancel(self) -> None:
        self.dismiss(None)
