"""The vendor card: general, address, invoicing and payment fields (VENDOR_RULES); what we owe
in the FactBox; ledger entries (Ctrl+F7 / Alt+L) and a vendor payment (Alt+P) from here."""

from __future__ import annotations

from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...i18n import _
from ...widgets import format as fmt
from ..common.card_base import PartyCardScreen


class VendorCardScreen(PartyCardScreen):
    NOUN = _("Vendor")
    LEDGER = "vendor"
    SAVE_FIRST = _("Save the vendor first.")

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

    def heading(self, record) -> str:
        return f"{_('Vendor')} {record.no} · {record.name}"

    def compose_factbox(self) -> ComposeResult:
        yield Static(_("Vendor Statistics"), classes="factbox-title")
        yield Static("", id="stats", markup=False)

    async def refresh_factbox(self) -> None:
        if self.key is None:
            return
        desk = self.app.desk
        key = self.key

        def read():  # one trip off the UI thread
            entries = desk.ledger.vendor_entries(key, open_only=True)
            return desk.vendors.balance(key), entries, desk.vendors.get(key), desk.today()

        try:
            balance, entries, vendor, today = await self.app.db(read)
        except Exception as err:
            self.app.report(err)
            return
        due = -sum((e.remaining_amount for e in entries if e.due_date is not None and e.due_date <= today),
                   Decimal(0))
        invoices = [e for e in entries if e.remaining_amount < 0]
        lines = [
            f"{_('Balance (we owe)'):<22}{fmt.amount(balance):>16}",
            f"{_('Balance Due (LCY)'):<22}{fmt.amount(due):>16}",
            f"{_('Open invoices'):<22}{len(invoices):>16}",
        ]
        if vendor.blocked:
            lines.append("")
            lines.append(_("Blocked: {what}").format(what=vendor.blocked))
        self.query_one("#stats", Static).update("\n".join(lines))

    def action_pay(self) -> None:
        key = self.saved_key()
        if key is None:
            return
        from .vendor_payment_dialog import VendorPaymentDialog

        async def paid(payment) -> None:
            if payment is not None:
                await self.refresh_factbox()

        self.app.push_screen(VendorPaymentDialog(key), paid)
