"""The desk: what is open today, what was posted, and a key to every area."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from ... import styles
from ...i18n import _
from ...widgets.footer import DeskFooter

TILES = [
    ("customers", _("Customers")),
    ("items", _("Items")),
    ("quote", _("Open quotes")),
    ("order", _("Open orders")),
    ("invoice", _("Open invoices")),
    ("credit_memo", _("Open cr. memos")),
    ("return_order", _("Open returns")),
]
# receivables: payments waiting in the journal, statement lines to reconcile (desk.counts); payables:
# vendor invoices not paid yet (desk.payables.counts)
RECEIVABLES_TILES = [
    ("journal", _("Payments in journal")),
    ("bank", _("Bank lines to post")),
    ("vendor_open_invoices", _("Vendor invoices to pay")),
    ("outbox_failed", _("E-mails not sent")),
]
# history: posted documents per kind (desk.posted.count)
POSTED_TILES = [
    ("invoice", _("Posted invoices")),
    ("shipment", _("Posted shipments")),
    ("credit_memo", _("Posted cr. memos")),
    ("return_receipt", _("Posted receipts")),
]


class Tile(Static):
    pass


class HomeScreen(Screen):
    CSS_PATH = styles.HOME
    AUTO_FOCUS = ""  # nothing focused: a letter is a shortcut until Find (/) is used
    BINDINGS = [
        Binding("c", "app.switch_area('customers')", _("Customers"), id="desk.customers"),
        Binding("i", "app.switch_area('items')", _("Items"), id="desk.items"),
        Binding("s", "app.switch_area('setup')", _("Setup"), id="desk.setup"),
        Binding("q", "app.switch_area('quotes')", _("Quotes"), id="desk.quotes"),
        Binding("o", "app.switch_area('orders')", _("Orders"), id="desk.orders"),
        Binding("v", "app.switch_area('invoices')", _("Invoices"), id="desk.invoices"),
        Binding("m", "app.switch_area('credit_memos')", _("Credit memos"), id="desk.credit_memos"),
        Binding("r", "app.switch_area('return_orders')", _("Return orders"), id="desk.return_orders"),
        # f: BC's framework agreement (commande-cadre), the blanket sales order
        Binding("f", "app.switch_area('blanket_orders')", _("Blanket orders"), id="desk.blanket_orders",
                show=False),
        Binding("p", "app.switch_area('posted_invoices')", _("Posted invoices"), id="desk.posted_invoices",
                show=False),
        Binding("h", "app.switch_area('posted_shipments')", _("Posted shipments"), id="desk.posted_shipments",
                show=False),
        Binding("d", "app.switch_area('posted_credit_memos')", _("Posted credit memos"),
                id="desk.posted_credit_memos", show=False),
        Binding("t", "app.switch_area('posted_return_receipts')", _("Posted return receipts"),
                id="desk.posted_return_receipts", show=False),
        Binding("l", "app.switch_area('customer_entries')", _("Customer ledger entries"),
                id="desk.customer_entries", show=False),
        Binding("e", "app.switch_area('item_entries')", _("Item ledger entries"), id="desk.item_entries",
                show=False),
        Binding("g", "app.switch_area('gl_entries')", _("General ledger entries"), id="desk.gl_entries",
                show=False),
        Binding("a", "app.switch_area('vat_entries')", _("VAT entries"), id="desk.vat_entries", show=False),
        Binding("j", "app.switch_area('payment_journal')", _("Cash receipt journal"), id="desk.payment_journal"),
        Binding("b", "app.switch_area('bank_reconciliation')", _("Bank reconciliation"),
                id="desk.bank_reconciliation", show=False),
        Binding("u", "app.switch_area('aged_balance')", _("Aged balance"), id="desk.aged_balance", show=False),
        Binding("x", "app.switch_area('outbox')", _("E-mail outbox"), id="desk.outbox", show=False),
        Binding("k", "app.switch_area('standard_codes')", _("Standard sales codes"), id="desk.standard_codes",
                show=False),
        Binding("y", "app.switch_area('purchase_orders')", _("Purchase orders"), id="desk.purchase_orders"),
        Binding("w", "app.switch_area('vendors')", _("Vendors"), id="desk.vendors"),
        Binding("z", "app.switch_area('aged_payables')", _("Aged payables"), id="desk.aged_payables", show=False),
        Binding("P", "app.pay_vendor", _("Pay a vendor"), id="desk.pay_vendor", show=False),
        Binding("alt+g,ctrl+g", "navigate", _("Navigate"), id="navigate", show=False),
        Binding("n", "new_customer", _("New customer"), id="desk.new_customer"),
        Binding("O", "new_document('order')", _("New order"), id="desk.new_order"),
        Binding("Q", "new_document('quote')", _("New quote"), id="desk.new_quote", show=False),
        Binding("V", "new_document('invoice')", _("New invoice"), id="desk.new_invoice", show=False),
        Binding("f5", "refresh_counts", _("Refresh"), id="desk.refresh", show=False),
        Binding("slash,ctrl+f", "find", _("Find"), id="desk.find"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="desk-body"):
            yield Static(_("The desk"), id="company", classes="title", markup=False)
            yield Input(placeholder=_("Find (/): a document, customer, vendor or item number, or a name"),
                        id="desk-find", classes="filter", select_on_focus=False)
            with Horizontal(classes="tiles"):
                for key, label in TILES:
                    yield Tile(f"…\n{label}", id=f"tile-{key}")
            yield Static(_("Receivables and payables"), classes="title tiles-title")
            with Horizontal(classes="tiles", id="receivables-tiles"):
                for key, label in RECEIVABLES_TILES:
                    yield Tile(f"…\n{label}", id=f"tile-{key}")
            yield Static(_("Posted documents"), classes="title tiles-title")
            with Horizontal(classes="tiles", id="posted-tiles"):
                for kind, label in POSTED_TILES:
                    yield Tile(f"…\n{label}", id=f"tile-posted-{kind}")
            yield Static(
                _("[b]c[/b] customers  [b]i[/b] items  [b]q[/b] quotes  [b]o[/b] orders  [b]v[/b] invoices  "
                  "[b]m[/b] credit memos  [b]r[/b] returns  [b]f[/b] blanket orders\n"
                  "new:  [b]O[/b] order  [b]Q[/b] quote  [b]V[/b] invoice     "
                  "[b]k[/b] standard sales codes (recurring lines)\n"
                  "[b]/[/b] find  [b]s[/b] setup  [b]n[/b] new customer  [b]ctrl+g[/b] navigate  "
                  "[b]ctrl+p[/b] find anything, run any action\n"
                  "posted:  [b]p[/b] invoices  [b]h[/b] shipments  [b]d[/b] credit memos  "
                  "[b]t[/b] return receipts\n"
                  "entries: [b]l[/b] customer  [b]e[/b] item  [b]g[/b] G/L  [b]a[/b] VAT  (vendor: ctrl+p)\n"
                  "receivables: [b]j[/b] cash receipt journal  [b]b[/b] bank reconciliation  "
                  "[b]u[/b] aged balance  [b]x[/b] e-mail outbox     [b]ctrl+q[/b] quit\n"
                  "purchases and payables: [b]y[/b] purchase orders  [b]w[/b] vendors  [b]z[/b] aged payables  "
                  "[b]P[/b] pay a vendor  (the rest: ctrl+p)"),
                classes="muted", id="keys-help",
            )
        yield DeskFooter()

    def on_screen_resume(self) -> None:  # also on first show
        self.load_counts()

    def load_counts(self) -> None:
        self.run_worker(self._load, thread=True, exclusive=True, group="counts")

    def _load(self) -> None:
        desk = self.app.desk
        counts = desk.counts() | desk.payables.counts()
        posted = {kind: desk.posted.count(kind) for kind, _label in POSTED_TILES}
        company = desk.setup.company()
        self.app.call_from_thread(self._show, counts, posted, company.name)

    def _show(self, counts: dict[str, int], posted: dict[str, int], company: str) -> None:
        self.query_one("#company", Static).update(_("The desk · {company}").format(company=company))
        for key, label in TILES + RECEIVABLES_TILES:
            self.query_one(f"#tile-{key}", Tile).update(f"[b]{counts.get(key, 0):,}[/b]\n{label}")
        for kind, label in POSTED_TILES:
            self.query_one(f"#tile-posted-{kind}", Tile).update(f"[b]{posted.get(kind, 0):,}[/b]\n{label}")

    # -- Find: what is typed on the desk goes to it; only a single key on an empty desk is a
    # shortcut, and a number opens the record numbered so and no other.

    @property
    def find_box(self) -> Input:
        return self.query_one("#desk-find", Input)

    def action_find(self) -> None:
        self.find_box.focus()

    def on_key(self, event: events.Key) -> None:
        """A printable key that is no shortcut (a digit, a capital, '-') starts a search."""
        if self.focused is not None or not event.is_printable or not event.character:
            return
        if event.key in self._bindings.key_to_bindings or event.character.isspace():
            return
        event.stop()
        event.prevent_default()
        box = self.find_box
        box.focus()
        box.insert_text_at_cursor(event.character)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "desk-find" and event.value.strip():
            event.stop()
            self.run_worker(self._find(event.value.strip()), group="record-load", exclusive=True)

    async def _find(self, text: str) -> None:
        app = self.app
        desk = app.desk
        found = await app.db(desk.find_number, text)
        if found is None:
            customers, items, vendors = await app.db(lambda: (
                desk.customers.find(text, 1), desk.items.find(text, 1), desk.vendors.find(text, 1)))
            if not (customers or items or vendors):
                self.find_box.focus()
                app.notify(_("Nothing is numbered or named '{text}'.").format(text=text), severity="warning")
                return
            self._leave_find()
            self._show_list("customers" if customers else "items" if items else "vendors", text)
            return
        self._leave_find()
        what, kind, no = found
        if what == "document":
            app.open_document(kind, no)
        elif what == "posted":
            app.open_posted(kind, no, switch=True)
        elif what == "purchase":
            app.open_purchase(kind, no)
        elif what == "posted_purchase":
            app.open_posted_purchase(kind, no, switch=True)
        elif what == "customer":
            app.open_customer(no)
        elif what == "vendor":
            app.open_vendor(no)
        else:
            app.open_item(no)

    def _show_list(self, area: str, text: str) -> None:
        """The area's list filtered on ``text``: cards left open on it without unsaved changes
        are closed first (one with changes stays on top, the list behind it filtered)."""
        app = self.app
        app.switch_mode(area)
        while (len(app.screen_stack) > 1 and not hasattr(app.screen, "filter_on")
               and not getattr(app.screen, "unsaved_changes", lambda: None)()):
            app.pop_screen()
        lists = [screen for screen in app.screen_stack if hasattr(screen, "filter_on")]
        if lists:
            lists[-1].filter_on(text)

    def _leave_find(self) -> None:
        self.find_box.value = ""
        self.set_focus(None)

    def key_escape(self) -> None:
        """Escape leaves the Find box (cleared), and letters are shortcuts again."""
        if self.focused is self.find_box:
            self._leave_find()

    def action_refresh_counts(self) -> None:
        self.load_counts()

    def action_new_customer(self) -> None:
        self.app.open_customer(None)

    def action_new_document(self, kind: str) -> None:
        """A new sales document, its Customer No. ready to type (Business Central's New)."""
        self.app.open_document(kind, None)

    def action_navigate(self) -> None:
        self.app.open_navigate()
