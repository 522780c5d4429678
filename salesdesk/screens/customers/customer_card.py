"""The customer card: general, invoicing and shipping fields; balance and balance due in the
FactBox; ledger entries (Ctrl+F7) and a statement (Alt+S) from here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...i18n import _
from ...widgets import format as fmt
from ..common.card_base import PartyCardScreen


class CustomerCardScreen(PartyCardScreen):
    NOUN = _("Customer")
    LEDGER = "customer"
    SAVE_FIRST = _("Save the customer first.")

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

    def heading(self, record) -> str:
        return f"{_('Customer')} {record.no} · {record.name}"

    def compose_factbox(self) -> ComposeResult:
        yield Static(_("Customer Statistics"), classes="factbox-title")
        yield Static("", id="stats", markup=False)

    async def refresh_factbox(self) -> None:
        if self.key is None:
            return
        desk = self.app.desk
        key = self.key

        def read():  # one trip off the UI thread for the three figures
            return (desk.customers.balance(key), desk.receivables.balance_due(key), desk.customers.get(key))

        try:
            balance, due, customer = await self.app.db(read)
        except Exception as err:
            self.app.report(err)
            return
        limit = customer.credit_limit
        lines = [
            f"{_('Balance (LCY)'):<22}{fmt.amount(balance):>16}",
            f"{_('Balance Due (LCY)'):<22}{fmt.amount(due):>16}",
            f"{_('Credit Limit (LCY)'):<22}{fmt.amount(limit) if limit else _('unlimited'):>16}",
        ]
        if limit:
            lines.append(f"{_('Available Credit'):<22}{fmt.amount(limit - balance):>16}")
        if customer.blocked:
            lines.append("")
            lines.append(_("Blocked: {what}").format(what=customer.blocked))
        self.query_one("#stats", Static).update("\n".join(lines))

    def action_statement(self) -> None:
        key = self.saved_key()
        if key is None:
            return
        from .statement_dialog import StatementDialog

        self.app.push_screen(StatementDialog(key))
