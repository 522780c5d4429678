"""The Setup area: the company card and every setup table."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import _
from ...widgets.footer import DeskFooter

ENTRIES = [
    ("company", _("Company Information")),
    ("no_series", _("Number Series")),
    ("gl_account", _("Chart of Accounts")),
    ("gen_posting_setup", _("General Posting Setup")),
    ("vat_posting_setup", _("VAT Posting Setup")),
    ("vat_bus_group", _("VAT Business Posting Groups")),
    ("vat_prod_group", _("VAT Product Posting Groups")),
    ("payment_terms", _("Payment Terms")),
    ("shipment_method", _("Shipment Methods")),
    ("return_reason", _("Return Reasons")),
    ("location", _("Locations")),
    ("unit_of_measure", _("Units of Measure")),
]


class SetupMenuScreen(Screen):
    BINDINGS = [Binding("escape", "app.switch_area('desk')", _("Back"), id="setup.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Setup"), classes="title")
        yield OptionList(*(Option(label, id=key) for key, label in ENTRIES), id="setup-menu")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if key == "company":
            from .company_card import CompanyCardScreen

            self.app.push_screen(CompanyCardScreen())
        else:
            from .setup_list import SetupListScreen

            self.app.push_screen(SetupListScreen(key))
