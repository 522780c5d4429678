"""Company information: name, address, VAT registration no., currency, inventory policy,
posting and receivables accounts, and what documents out need: the legal mentions printed
on documents, the print folder and the SMTP server e-mails leave by."""

from __future__ import annotations

from ...i18n import _
from ..common.card_base import CardScreen


class _CompanyService:
    def __init__(self, setup):
        self.setup = setup
        from ...model.setup.setup import COMPANY_RULES

        self.rules = COMPANY_RULES

    def get(self, _key):
        return self.setup.company()

    def check(self, field, value):
        return self.setup.check_company(field, value)

    def update(self, _key, **values):
        return self.setup.update_company(**values)

    def delete(self, _key):
        from ...model.core.errors import SalesDeskError

        raise SalesDeskError(_("The company itself cannot be deleted."))


class CompanyCardScreen(CardScreen):
    NOUN = _("Company")
    KEY_FIELDS = ()

    def __init__(self):
        super().__init__("company")

    @property
    def service(self):
        return _CompanyService(self.app.desk.setup)

    def sections(self):
        return [
            (_("General"), ["name", "address", "post_code", "city", "country", "phone", "email"]),
            (_("Invoicing"), ["vat_reg_no", "currency"]),
            (_("Inventory"), ["allow_negative_inventory"]),
            (_("Posting"), ["allow_posting_from", "allow_posting_to", "receivables_account", "discount_posting",
                            "ext_doc_no_mandatory"]),
            (_("Receivables"), ["bank_account", "pmt_disc_account", "prepayment_account"]),
            (_("Printed Documents"), ["language", "registration_no", "legal_form", "legal_mentions", "iban", "bic",
                                      "website", "logo_path", "payment_link"]),
            (_("Print"), ["print_folder", "open_printed"]),
            (_("E-Mail (SMTP; the password comes from SALESDESK_SMTP_PASSWORD or the OS keyring)"),
             ["smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_sender", "smtp_timeout"]),
        ]

    def heading(self, record) -> str:
        return _("Company Information · {name}").format(name=record.name)

    def key_of(self, record):
        return "company"

    def check_action(self, action: str, parameters) -> bool | None:
        # one company per database: nothing to create, delete or look up here
        return action not in ("new", "delete", "lookup")
