"""The customer list: every customer, paged from SQL, filtered as you type."""

from __future__ import annotations

from textual.binding import Binding

from ..i18n import _
from ..widgets import format as fmt
from ..widgets.paged_table import Column
from .list_base import ListScreen


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

    def columns(self) -> list[Column]:
        return [
            Column(_("No."), 10),
            Column(_("Name"), 0),
            Column(_("City"), 16),
            Column(_("Phone No."), 18),
            Column(_("E-Mail"), 28),
            Column(_("Blocked"), 8, format=fmt.text),
            Column(_("Balance (LCY)"), 14, "right", fmt.amount),
        ]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.customers.page(text, offset, limit, with_balance=False)

    def fetch_details(self, nos):
        return self.app.desk.customers.balances(nos)

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
