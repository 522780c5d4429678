"""The customer list: every customer, paged from SQL, filtered as you type. Balance and
Balance Due are filled after the page is painted (one grouped query each per page).

The amounts stay in view however narrow the terminal: E-Mail goes first (below 134 columns),
then Phone No. (below 105), and at 80 columns Name and City share what is left."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen

# the model's row (desk.customers.page without the balance): what each value is shown as
MODEL = ("no", "name", "city", "phone", "email", "blocked")
COLUMNS = {
    "no": Column(_("No."), 10),
    "name": Column(_("Name"), 0),
    "city": Column(_("City"), 16),
    "phone": Column(_("Phone No."), 18),
    "email": Column(_("E-Mail"), 28),
    "blocked": Column(_("Blocked"), 8, format=fmt.text),
}
# filled after painting, from fetch_details, always the last columns
AMOUNTS = [Column(_("Balance (LCY)"), 14, "right", fmt.amount), Column(_("Balance Due"), 14, "right", fmt.amount)]
LAYOUTS = (MODEL, ("no", "name", "city", "phone", "blocked"))
NARROW = ("no", "name", "city", "blocked")  # City shares the spare width with Name
NAME_MIN = 16


def layout(screen_width: int) -> tuple[str, ...]:
    """The columns shown on a screen this wide (a scrollbar and the row margin take 3)."""
    room = screen_width - 3
    for names in LAYOUTS:
        fixed = sum(COLUMNS[n].width for n in names) + sum(c.width for c in AMOUNTS)
        if fixed + len(names) + len(AMOUNTS) - 1 + NAME_MIN <= room:
            return names
    return NARROW


class CustomerListScreen(ListScreen):
    TITLE_TEXT = _("Customers")
    FILTER_HINT = _("Type to filter by number, name, city, e-mail or phone")
    NOUN = _("customers")
    NOUN_ONE = _("customer")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="customer.new"),
        Binding("ctrl+o", "open", _("Open card"), id="customer.open"),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="customer.delete", priority=True),
    ]

    _shown: tuple[str, ...] = MODEL

    def columns(self) -> list[Column]:
        flexible = ("name", "city") if self._shown == NARROW else ("name",)
        return [Column(COLUMNS[n].label, 0, COLUMNS[n].align, COLUMNS[n].format) if n in flexible else COLUMNS[n]
                for n in self._shown] + AMOUNTS

    def compose(self):
        self._shown = layout(self.app.size.width)
        yield from super().compose()

    def on_resize(self, event) -> None:
        names = layout(event.size.width)
        if names != self._shown:
            self._shown = names
            self.table.columns = self.columns()
            self.table.reload()  # rows are read in the new shape

    def fetch_page(self, text, offset, limit):
        rows = self.app.desk.customers.page(text, offset, limit, with_balance=False)
        if self._shown == MODEL:
            return rows
        shown = [MODEL.index(n) for n in self._shown]
        return [tuple(row[i] for i in shown) for row in rows]

    def fetch_details(self, nos):
        desk = self.app.desk
        balances = desk.customers.balances(nos)
        due = desk.receivables.balances_due(nos)
        return {no: (*balances.get(no, (None,)), due.get(no)) for no in nos}

    def fetch_count(self, text):
        return self.app.desk.customers.count(text)

    def open_row(self, key) -> None:
        self.app.open_customer(str(key))

    def action_new(self) -> None:
        self.app.open_customer(None)

    def delete_row(self, row):
        no, name = row[0], row[1]
        return (_("Delete customer {no} {name}?").format(no=no, name=name),
                lambda: self.app.desk.customers.delete(no))
