"""Aged Accounts Payable: what we owe every vendor, by age past the due date (current, 1-30,
31-60, 61-90, over 90 days) on an "aged as of" date, with the totals of all vendors: the aged
receivables screen over ``desk.payables``. Enter shows the vendor's open entries, Ctrl+O the
vendor card, Alt+P pays the vendor, Alt+D changes the date, Alt+O keeps overdue vendors only."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ..receivables.aged_balance import AgedBalanceScreen


class AgedPayablesScreen(AgedBalanceScreen):
    TITLE_TEXT = _("Aged Accounts Payable")
    FILTER_HINT = _("Type to filter by vendor number or name")
    NOUN = _("vendors")
    NOUN_ONE = _("vendor")
    SERVICE = "payables"
    LEDGER = "vendor"
    PARTY_NO_LABEL = _("Vendor No.")
    NONE_SELECTED = _("No vendor is selected.")
    OVERDUE_ONLY = _("Only vendors with an overdue amount.")
    EVERY_PARTY = _("Every vendor with an open amount.")

    BINDINGS = [
        Binding("ctrl+o", "open_card", _("Vendor card"), id="aged_payables.card"),
        Binding("alt+p", "pay", _("Pay vendor"), id="aged_payables.pay", priority=True),
    ]

    def check_action(self, action: str, parameters) -> bool | None:
        return action != "statement"  # there is no vendor statement

    def action_open_card(self) -> None:
        no = self._current_party()
        if no is not None:
            self.app.open_vendor(no, here=True)

    def action_pay(self) -> None:
        from .vendor_payment_dialog import VendorPaymentDialog

        no = self._current_party()
        if no is None:
            return

        def paid(payment) -> None:
            if payment is not None:
                self._reload()

        self.app.push_screen(VendorPaymentDialog(no), paid)
