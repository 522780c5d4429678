"""The vendor card: general, address, invoicing and payment fields (VENDOR_RULES); what we owe
in the FactBox; ledger entries (Ctrl+F7 / Alt+L) and a vendor payment (Alt+P) from here."""

from __future__ import annotations

from decimal import Decimal

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ..common.card_base import PartyCardScreen


class VendorCardScreen(PartyCardScreen):
    NOUN = _("Vendor")
    LEDGER = "vendor"
    SAVE_FIRST = _("Save the vendor first.")
    FACTBOX_TITLE = _("Vendor Statistics")

    BINDINGS = [
        # BC: Ctrl+F7 Ledger Entries; Alt+L where the terminal does not deliver Ctrl+F7
        Binding("ctrl+f7,alt+l", "entries", _("Ledger Entries"), id="vendor.entries"),
        Binding("alt+p", "pay", _("Pay vendor"), id="vendor.pay", priority=True),
    ]

    @property
    def service(self):
        return self.app.desk.vendors

    def sections(self):
        return [
            (_("General"), ["no", "name", "blocked"]),
            (_("Address & Contact"), ["address", "address2", "post_code", "city", "country",
                                      "contact", "phone", "email", "language"]),
            (_("Invoicing"), ["vat_reg_no", "vat_bus_group", "prices_incl_vat"]),
            (_("Payments"), ["payment_terms", "payment_method"]),
            (_("Receiving"), ["lead_time_days"]),
        ]

    def defaults(self):
        return {"vat_bus_group": "DOMESTIC", "blocked": "", "lead_time_days": "0"}

    def factbox_lines(self, desk, key: str) -> list[str]:
        balance, vendor, today = desk.vendors.balance(key), desk.vendors.get(key), desk.today()
        entries = desk.ledger.vendor_entries(key, open_only=True)
        due = -sum((e.remaining_amount for e in entries if e.due_date is not None and e.due_date <= today), Decimal(0))
        line = self.factbox_line
        lines = [
            line(_("Balance (we owe)"), fmt.amount(balance)),
            line(_("Balance Due (LCY)"), fmt.amount(due)),
            line(_("Open invoices"), str(sum(1 for e in entries if e.remaining_amount < 0))),
        ]
        if vendor.blocked:
            lines += ["", _("Blocked: {what}").format(what=vendor.blocked)]
        return lines

    def action_pay(self) -> None:
        key = self.saved_key()
        if key is None:
            return
        from .vendor_payment_dialog import VendorPaymentDialog

        async def paid(payment) -> None:
            if payment is not None:
                await self.refresh_factbox()

        self.app.push_screen(VendorPaymentDialog(key), paid)
