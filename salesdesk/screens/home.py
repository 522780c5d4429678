"""The desk: what is open today, and a key to every area."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from .. import styles
from ..i18n import _
from ..widgets.footer import DeskFooter

TILES = [
    ("customers", _("Customers")),
    ("items", _("Items")),
    ("quote", _("Open quotes")),
    ("order", _("Open orders")),
    ("invoice", _("Open invoices")),
    ("credit_memo", _("Open credit memos")),
    ("return_order", _("Open return orders")),
]


class Tile(Static):
    pass


class HomeScreen(Screen):
    CSS_PATH = styles.HOME
    BINDINGS = [
        Binding("c", "app.switch_area('customers')", _("Customers"), id="desk.customers"),
        Binding("i", "app.switch_area('items')", _("Items"), id="desk.items"),
        Binding("s", "app.switch_area('setup')", _("Setup"), id="desk.setup"),
        Binding("q", "app.switch_area('quotes')", _("Quotes"), id="desk.quotes"),
        Binding("o", "app.switch_area('orders')", _("Orders"), id="desk.orders"),
        Binding("v", "app.switch_area('invoices')", _("Invoices"), id="desk.invoices"),
        Binding("m", "app.switch_area('credit_memos')", _("Credit memos"), id="desk.credit_memos"),
        Binding("r", "app.switch_area('return_orders')", _("Return orders"), id="desk.return_orders"),
        Binding("n", "new_customer", _("New customer"), id="desk.new_customer"),
        Binding("f5", "refresh_counts", _("Refresh"), id="desk.refresh", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(_("The desk"), id="company", classes="title", markup=False)
            with Horizontal(classes="tiles"):
                for key, label in TILES:
                    yield Tile(f"…\n{label}", id=f"tile-{key}")
            yield Static(
                _("[b]c[/b] customers   [b]i[/b] items   [b]q[/b] quotes   [b]o[/b] orders   [b]v[/b] invoices   "
                  "[b]m[/b] credit memos   [b]r[/b] return orders   [b]s[/b] setup\n"
                  "[b]n[/b] new customer   [b]ctrl+p[/b] find anything, run any action   [b]ctrl+q[/b] quit"),
                classes="muted", id="keys-help",
            )
        yield DeskFooter()

    def on_screen_resume(self) -> None:  # also on first show
        self.load_counts()

    def load_counts(self) -> None:
        self.run_worker(self._load, thread=True, exclusive=True, group="counts")

    def _load(self) -> None:
        desk = self.app.desk
        counts = desk.counts()
        company = desk.setup.company()
        self.app.call_from_thread(self._show, counts, company.name)

    def _show(self, counts: dict[str, int], company: str) -> None:
        self.query_one("#company", Static).update(_("The desk · {company}").format(company=company))
        for key, label in TILES:
            self.query_one(f"#tile-{key}", Tile).update(f"[b]{counts.get(key, 0):,}[/b]\n{label}")

    def action_refresh_counts(self) -> None:
        self.load_counts()

    def action_new_customer(self) -> None:
        self.app.open_customer(None)
