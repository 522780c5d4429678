"""The customer card: general, invoicing and shipping fields; balance and balance due in the
FactBox; ledger entries (Ctrl+F7) and a statement (Alt+S) from here."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ..common.card_base import PartyCardScreen


class CustomerCardScreen(PartyCardScreen):
    NOUN = _("Customer")
    LEDGER = "customer"
    SAVE_FIRST = _("Save the customer first.")
    FACTBOX_TITLE = _("Customer Statistics")

    BINDINGS = [
        # BC: Ctrl+F7 Ledger Entries; Alt+L where the terminal does not deliver Ctrl+F7
        Binding("ctrl+f7,alt+l", "entries", _("Ledger Entries"), id="customer.entries"),
        Binding("alt+s", "statement", _("Statement"), id="customer.statement", priority=True),
    ]

    @property
    def service(self):
        return self.app.desk.customers

    def sections(self):
        return [
            (_("General"), ["no", "name", "blocked"]),
            (_("Address & Contact"), ["address", "address2", "post_code", "city", "country",
                                      "contact", "phone", "email", "language", "send_by"]),
            (_("Invoicing"), ["bill_to_customer_no", "vat_reg_no", "vat_bus_group", "payment_terms",
                              "credit_limit", "invoice_disc_pct", "prices_incl_vat", "prepayment_pct"]),
            (_("Shipping"), ["shipment_method", "location", "shipping_advice", "combine_shipments"]),
        ]

    def defaults(self):
        return {"vat_bus_group": "DOMESTIC", "blocked": "", "shipping_advice": "partial",
                "credit_limit": "0", "invoice_disc_pct": "0"}

    def factbox_lines(self, desk, key: str) -> list[str]:
        balance, due, customer = desk.customers.balance(key), desk.receivables.balance_due(key), desk.customers.get(key)
        limit = customer.credit_limit
        line = self.factbox_line
        lines = [
            line(_("Balance (LCY)"), fmt.amount(balance)),
            line(_("Balance Due (LCY)"), fmt.amount(due)),
            line(_("Credit Limit (LCY)"), fmt.amount(limit) if limit else _("unlimited")),
        ]
        if limit:
            lines.append(line(_("Available Credit"), fmt.amount(limit - balance)))
        if customer.blocked:
            lines += ["", _("Blocked: {what}").format(what=customer.blocked)]
        return lines

    def action_statement(self) -> None:
        key = self.saved_key()
        if key is None:
            return
        from .statement_dialog import StatementDialog

        self.app.push_screen(StatementDialog(key))
