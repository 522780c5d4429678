"""Dialogs of the document card: Statistics (totals per VAT rate) and Copy Document."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt


class StatisticsScreen(ModalScreen[None]):
    """F7: the document's amounts and its VAT per rate."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [Binding("escape,enter,f7", "close", _("Close"), id="stats.close")]

    def __init__(self, doc):
        super().__init__()
        self.doc = doc

    def compose(self) -> ComposeResult:
        doc = self.doc
        rows = [f"{_('VAT %'):>8} {_('Base'):>14} {_('VAT'):>12} {_('Incl. VAT'):>14}"]
        for vat in doc.vat_lines:
            rows.append(f"{fmt.quantity(vat.vat_pct):>8} {fmt.amount(vat.base):>14} "
                        f"{fmt.amount(vat.vat_amount):>12} {fmt.amount(vat.amount_incl_vat):>14}")
        rows.append("")
        purchase = hasattr(doc, "vendor_no")  # a purchase document has no invoice discount
        if not purchase:
            rows.append(f"{_('Invoice Discount'):<24}{fmt.amount(doc.inv_discount_amount):>16}")
        rows.append(f"{_('Total Excl. VAT'):<24}{fmt.amount(doc.amount):>16}")
        rows.append(f"{_('VAT Amount'):<24}{fmt.amount(doc.vat_amount):>16}")
        rows.append(f"{_('Total Incl. VAT'):<24}{fmt.amount(doc.amount_incl_vat):>16}")
        if doc.kind.value in ("order", "blanket_order"):  # BC's Shipping (Receiving) / Invoicing FastTabs
            rows.append("")
            handled = ((_("Quantity Received"), "quantity_received") if purchase
                       else (_("Quantity Shipped"), "quantity_shipped"))
            for label, field in ((_("Quantity"), "quantity"), handled,
                                 (_("Quantity Invoiced"), "quantity_invoiced")):
                total = sum((getattr(line, field) for line in doc.lines if line.type != "comment"), start=0)
                rows.append(f"{label:<24}{fmt.quantity(total):>16}")
        with Vertical(classes="dialog"):
            yield Static(_("Statistics · {no}").format(no=doc.no), classes="title")
            yield Static("\n".join(rows), id="statistics")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_button_pressed(self, _event) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


COPY_KINDS = [("quote", _("Quote")), ("order", _("Order")), ("invoice", _("Invoice")),
              ("credit_memo", _("Credit Memo")), ("return_order", _("Return Order")),
              ("blanket_order", _("Blanket Order")), ("posted_shipment", _("Posted Shipment")),
              ("posted_invoice", _("Posted Invoice")), ("posted_credit_memo", _("Posted Credit Memo")),
              ("posted_return_receipt", _("Posted Return Receipt"))]


class CopyDocumentScreen(ModalScreen):
    """Copy Document: from which document, with or without its header, repriced or not."""

    CSS_PATH = styles.DIALOGS
    BINDINGS = [
        Binding("ctrl+s", "copy", _("Copy"), id="copy.ok"),
        Binding("escape", "cancel", _("Cancel"), id="copy.cancel"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="copy.lookup"),
    ]

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Copy Document"), classes="title")
            yield Label(_("Document Type"))
            yield Select([(label, k) for k, label in COPY_KINDS], value=self.kind, allow_blank=False, id="from-kind")
            yield Label(_("Document No."))
            yield Input(id="from-no", placeholder=_("F4 to look up"))
            yield Checkbox(_("Include Header"), id="include-header")
            yield Checkbox(_("Recalculate Lines"), value=True, id="recalculate")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Copy") + " (Ctrl+S)", id="copy", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#from-no", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_copy()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_copy() if event.button.id == "copy" else self.action_cancel()

    def action_copy(self) -> None:
        no = self.query_one("#from-no", Input).value.strip().upper()
        if not no:
            self.notify(_("Type the number of the document to copy from."), severity="warning")
            return
        self.dismiss((self.query_one("#from-kind", Select).value, no,
                      self.query_one("#include-header", Checkbox).value,
                      self.query_one("#recalculate", Checkbox).value))

    def action_lookup(self) -> None:
        from ..common.lookup import LookupScreen

        kind = self.query_one("#from-kind", Select).value

        def picked(code: str | None) -> None:
            if code:
                self.query_one("#from-no", Input).value = code

        table = f"posted:{kind.removeprefix('posted_')}" if kind.startswith("posted_") else f"doc:{kind}"
        self.app.push_screen(LookupScreen(table), picked)

    def action_cancel(self) -> None:
        self.dismiss(None)
