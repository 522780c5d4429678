"""The vendor list: every vendor with what we owe it, paged from SQL, filtered as you type.
Alt+P pays the vendor under the cursor."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen


class VendorListScreen(ListScreen):
    TITLE_TEXT = _("Vendors")
    FILTER_HINT = _("Type to filter by number, name, city, e-mail or phone")
    NOUN = _("vendors")
    NOUN_ONE = _("vendor")

    BINDINGS = [
        Binding("ctrl+n,alt+n", "new", _("New"), id="vendor.new"),
        Binding("ctrl+o", "open", _("Open card"), id="vendor.open"),
        Binding("ctrl+f7,alt+l", "entries", _("Ledger Entries"), id="vendor.list_entries"),
        Binding("alt+p", "pay", _("Pay vendor"), id="vendor.list_pay", priority=True),
        Binding("ctrl+delete,alt+x", "delete", _("Delete"), id="vendor.delete", priority=True),
    ]

    def columns(self) -> list[Column]:
        # desk.vendors.page: no, name, city, phone, email, blocked, balance (what we owe)
        return [
            Column(_("No."), 10),
            Column(_("Name"), 0),
            Column(_("City"), 16),
            Column(_("Phone No."), 18),
            Column(_("E-Mail"), 26),
            Column(_("Blocked"), 8, format=fmt.text),
            Column(_("Balance (LCY)"), 14, "right", fmt.amount),
        ]

    def fetch_page(self, text, offset, limit):
        return self.app.desk.vendors.page(text, offset, limit)

    def fetch_count(self, text):
        return self.app.desk.vendors.count(text)

    def open_row(self, key) -> None:
        self.app.open_vendor(str(key))

    def action_new(self) -> None:
        self.app.open_vendor(None)

    def _current(self) -> str | None:
        key = self.table.current_key
        if key is None:
            self.notify(_("No vendor is selected."), severity="warning", timeout=3)
        return None if key is None else str(key)

    def action_entries(self) -> None:
        no = self._current()
        if no is not None:
            self.app.open_entries("vendor", key=no)

    def action_pay(self) -> None:
        from .vendor_payment_dialog import VendorPaymentDialog

        no = self._current()
        if no is not None:
            self.app.push_screen(VendorPaymentDialog(no), lambda paid: paid and self.table.reload())

    def delete_row(self, row):
        no, name = row[0], row[1]
        return (_("Delete vendor {no} {name}?").format(no=no, name=name),
                lambda: self.app.desk.vendors.delete(no))
