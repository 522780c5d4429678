"""Setup: company, number series, VAT, payment terms, shipment methods, locations, units.

Every setup table is described once in ``SETUP_TABLES`` (its key and field rules), so the same
generic list and card in the TUI, and the same save/delete here, serve all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, SQLModel, select

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError, ValidationError
from ..core.fields import FieldRule, clean
from ..core.numbering import DEFAULT_SERIES, check_last_no, check_pattern
from ..core.references import refuse_delete_if_referred
from ..core.text import fold, search_key
from ..tables import (
    Company,
    GenPostingSetup,
    GLAccount,
    Location,
    NoSeries,
    PaymentMethod,
    PaymentTerms,
    ReturnReason,
    ShipmentMethod,
    UnitOfMeasure,
    VatBusGroup,
    VatPostingSetup,
    VatProdGroup,
)
from .chart import seed_chart
from .languages import DOCUMENT_LANGUAGES

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SetupTable:
    name: str
    title: str
    model: type[SQLModel]
    key: tuple[str, ...]
    rules: tuple[FieldRule, ...]

    @property
    def rule_map(self) -> dict[str, FieldRule]:
        return {r.name: r for r in self.rules}


def _code(label=None, lookup=None):
    return FieldRule("code", label or _("Code"), "code", required=True, max_length=20, lookup=lookup)


def _description(name="description"):
    return FieldRule(name, _("Description") if name == "description" else _("Name"), max_length=100)


SETUP_TABLES: dict[str, SetupTable] = {
    t.name: t
    for t in (
        SetupTable("no_series", _("Number Series"), NoSeries, ("code",), (
            _code(), _description(),
            FieldRule("pattern", _("Pattern"), required=True, max_length=20),
            FieldRule("last_no", _("Last No. Used"), "int", minimum=Decimal(0)),
            FieldRule("manual_nos", _("Manual Nos."), "bool"),
        )),
        SetupTable("vat_bus_group", _("VAT Business Posting Groups"), VatBusGroup, ("code",), (
            _code(), _description(),
        )),
        SetupTable("vat_prod_group", _("VAT Product Posting Groups"), VatProdGroup, ("code",), (
            _code(), _description(),
        )),
        SetupTable("vat_posting_setup", _("VAT Posting Setup"), VatPostingSetup, ("bus_group", "prod_group"), (
            FieldRule("bus_group", _("VAT Bus. Posting Group"), "code", required=True, lookup="vat_bus_group"),
            FieldRule("prod_group", _("VAT Prod. Posting Group"), "code", required=True, lookup="vat_prod_group"),
            FieldRule("vat_pct", _("VAT %"), "decimal", minimum=Decimal(0), maximum=HUNDRED, scale=5),
            _description(),
            FieldRule("sales_vat_account", _("Sales VAT Account"), "code", required=True, lookup="gl_account"),
            FieldRule("purchase_vat_account", _("Purchase VAT Account"), "code", required=True, lookup="gl_account"),
        )),
        SetupTable("return_reason", _("Return Reasons"), ReturnReason, ("code",), (
            _code(), _description(),
        )),
        SetupTable("gl_account", _("Chart of Accounts"), GLAccount, ("no",), (
            FieldRule("no", _("No."), "code", required=True, max_length=20), _description("name"),
            FieldRule("income_balance", _("Income/Balance"), "choice", choices=("income", "balance")),
            FieldRule("blocked", _("Blocked"), "bool"),
        )),
        SetupTable("gen_posting_setup", _("General Posting Setup"), GenPostingSetup, ("code",), (
            _code(), _description(),
            *(FieldRule(name, label, "code", required=True, lookup="gl_account") for name, label in (
                ("sales_account", _("Sales Account")),
                ("sales_credit_memo_account", _("Sales Credit Memo Account")),
                ("sales_line_disc_account", _("Sales Line Disc. Account")),
                ("sales_inv_disc_account", _("Sales Inv. Disc. Account")),
                ("cogs_account", _("COGS Account")),
                ("inventory_account", _("Inventory Account")),
                ("inventory_adjmt_account", _("Inventory Adjmt. Account")),
                ("purchase_account", _("Purchase Account")),
                ("purch_credit_memo_account", _("Purch. Credit Memo Account")),
                ("direct_cost_applied_account", _("Direct Cost Applied Account")),
            )),
        )),
        SetupTable("payment_terms", _("Payment Terms"), PaymentTerms, ("code",), (
            _code(), _description(),
            FieldRule("due_days", _("Due Days"), "int", minimum=Decimal(0), maximum=Decimal(3650)),
            FieldRule("discount_days", _("Discount Days"), "int", minimum=Decimal(0), maximum=Decimal(3650)),
            FieldRule("discount_pct", _("Discount %"), "decimal", minimum=Decimal(0), maximum=HUNDRED, scale=5),
        )),
        SetupTable("payment_method", _("Payment Methods"), PaymentMethod, ("code",), (
            _code(), _description(),
            FieldRule("bal_account_no", _("Bal. Account No."), "code", required=True, lookup="gl_account"),
        )),
        SetupTable("shipment_method", _("Shipment Methods"), ShipmentMethod, ("code",), (
            _code(), _description(),
        )),
        SetupTable("location", _("Locations"), Location, ("code",), (
            _code(), _description("name"),
            FieldRule("address", _("Address"), max_length=100),
            FieldRule("city", _("City"), max_length=50),
        )),
        SetupTable("unit_of_measure", _("Units of Measure"), UnitOfMeasure, ("code",), (
            FieldRule("code", _("Code"), "code", required=True, max_length=10), _description(),
        )),
    )
}

COMPANY_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("name", _("Name"), required=True, max_length=100),
    FieldRule("address", _("Address"), max_length=100),
    FieldRule("post_code", _("Post Code"), max_length=20),
    FieldRule("city", _("City"), max_length=50),
    FieldRule("country", _("Country/Region"), max_length=50),
    FieldRule("vat_reg_no", _("VAT Registration No."), max_length=30),
    FieldRule("phone", _("Phone No."), max_length=30),
    FieldRule("email", _("E-Mail"), "email", max_length=80),
    FieldRule("currency", _("Currency Code"), "code", required=True, max_length=3),
    FieldRule("allow_negative_inventory", _("Allow Negative Inventory"), "bool"),
    FieldRule("allow_posting_from", _("Allow Posting From"), "date"),
    FieldRule("allow_posting_to", _("Allow Posting To"), "date"),
    FieldRule("receivables_account", _("Receivables Account"), "code", required=True, lookup="gl_account"),
    FieldRule("discount_posting", _("Discount Posting"), "choice", choices=("none", "invoice", "line", "all")),
    FieldRule("ext_doc_no_mandatory", _("Ext. Doc. No. Mandatory"), "bool"),
    FieldRule("bank_account", _("Bank Account (statements)"), "code", required=True, lookup="gl_account"),
    FieldRule("pmt_disc_account", _("Payment Disc. Granted Account"), "code", required=True, lookup="gl_account"),
    FieldRule("prepayment_account", _("Sales Prepayments Account"), "code", required=True, lookup="gl_account"),
    # payables
    FieldRule("payables_account", _("Payables Account"), "code", required=True, lookup="gl_account"),
    FieldRule("vendor_invoice_no_mandatory", _("Vendor Invoice No. Mandatory"), "bool"),
    # documents out
    FieldRule("registration_no", _("Registration No."), max_length=30),
    FieldRule("legal_form", _("Legal Form and Capital"), max_length=120),
    FieldRule("legal_mentions", _("Legal Mentions"), max_length=500, multi_line=True),
    FieldRule("iban", _("IBAN"), max_length=40),
    FieldRule("bic", _("SWIFT/BIC"), max_length=11),
    FieldRule("website", _("Home Page"), max_length=80),
    FieldRule("logo_path", _("Logo (PNG/JPEG file)"), max_length=250),
    FieldRule("payment_link", _("Payment Link"), max_length=250),
    FieldRule("language", _("Document Language"), "choice", required=True, choices=DOCUMENT_LANGUAGES),
    FieldRule("print_folder", _("Print Folder"), max_length=250),
    FieldRule("open_printed", _("Open Printed PDF"), "bool"),
    FieldRule("smtp_host", _("SMTP Server"), max_length=120),
    FieldRule("smtp_port", _("SMTP Port"), "int", minimum=Decimal(1), maximum=Decimal(65535)),
    FieldRule("smtp_security", _("SMTP Security"), "choice", choices=("starttls", "ssl", "none")),
    FieldRule("smtp_user", _("SMTP User"), max_length=120),
    FieldRule("smtp_sender", _("Sender E-Mail"), "email", max_length=80),
    FieldRule("smtp_timeout", _("SMTP Timeout (s)"), "int", minimum=Decimal(1), maximum=Decimal(300)),
)}


def _key_of(table: SetupTable, values: dict) -> tuple:
    return tuple(values[k] for k in table.key)


class SetupService:
    """``desk.setup``: the company and the small tables everything else refers to."""

    def __init__(self, desk):
        self._desk = desk

    # -- generic setup tables -------------------------------------------------------------

    def table(self, name: str) -> SetupTable:
        try:
            return SETUP_TABLES[name]
        except KeyError:
            raise SalesDeskError(_("There is no setup table '{name}'.").format(name=name)) from None

    def records(self, name: str) -> list:
        """All rows of a setup table, in key order."""
        table = self.table(name)
        with self._desk.db.read() as s:
            order = [getattr(table.model, k) for k in table.key]
            return list(s.exec(select(table.model).order_by(*order)).all())

    def columns(self, name: str) -> tuple[str, ...]:
        """The field names of a setup table's rows as ``page`` returns them."""
        return tuple(r.name for r in self.table(name).rules)

    def _matching(self, name: str, text: str) -> list[tuple]:
        words = fold(text).split()
        rows = []
        for record in self.records(name):
            row = tuple(getattr(record, f) for f in self.columns(name))
            haystack = search_key(*(str(v) for v in row if v is not None))
            if all(w in haystack for w in words):
                rows.append(row)
        if words:  # a code typed in full, or its beginning, comes before matches in descriptions
            typed = fold(text).replace(" ", "")
            rows.sort(key=lambda r: (fold(str(r[0])) != typed, not fold(str(r[0])).startswith(typed)))
        return rows

    def page(self, name: str, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of a setup table as tuples in ``columns(name)`` order, filtered by ``text``
        (setup tables are small, so they are filtered here rather than in SQL)."""
        return self._matching(name, text)[offset:offset + limit]

    def count(self, name: str, text: str = "") -> int:
        return len(self._matching(name, text))

    def get(self, name: str, *key):
        table = self.table(name)
        with self._desk.db.read() as s:
            row = s.get(table.model, key if len(key) > 1 else key[0])
        if row is None:
            raise NotFound(_("{title} '{key}' does not exist.").format(title=table.title, key=" / ".join(key)))
        return row

    def check(self, name: str, field: str, value) -> str | None:
        """The message for one field's value, or None (for as-you-type checks in cards)."""
        from ..core.fields import check_field

        table = self.table(name)
        with self._desk.db.read() as s:
            return check_field(s, table.rule_map, field, value)

    def save(self, name: str, values: dict, *, key: tuple | None = None):
        """Create a row (``key`` None) or update the row with ``key``. Refuses a duplicate
        key, a changed key, values that break the field rules, and unknown codes."""
        table = self.table(name)
        with self._desk.db.write() as s:
            return self._save(s, table, values, key)

    def _save(self, s: Session, table: SetupTable, values: dict, key: tuple | None):
        data, errors = clean(s, table.rule_map, values)
        if table.name == "no_series" and "pattern" in data and "pattern" not in errors:
            problem = check_pattern(data["pattern"])
            if problem:
                errors["pattern"] = problem
        if errors:
            raise ValidationError(errors)
        if key is None:
            missing = [k for k in table.key if not data.get(k)]
            if missing:
                raise ValidationError({k: _("{label} must be filled in.").format(label=table.rule_map[k].label) for k in missing})
            new_key = _key_of(table, data)
            if s.get(table.model, new_key if len(new_key) > 1 else new_key[0]) is not None:
                raise ValidationError({table.key[-1]: _("{title} '{key}' already exists.").format(
                    title=table.title, key=" / ".join(new_key))})
            row = table.model(**data)
        else:
            row = s.get(table.model, key if len(key) > 1 else key[0])
            if row is None:
                raise NotFound(_("{title} '{key}' does not exist.").format(title=table.title, key=" / ".join(key)))
            changed = [k for k in table.key if k in data and data[k] != getattr(row, k)]
            if changed:
                raise ValidationError({k: _("The code of an existing record cannot be changed.") for k in changed})
            if table.name == "no_series" and "last_no" in data:
                problem = check_last_no(row.code, row.last_no, int(data["last_no"]))
                if problem:
                    raise ValidationError({"last_no": problem})
            for field, value in data.items():
                setattr(row, field, value)
        s.add(row)
        s.flush()
        return row

    def delete(self, name: str, *key) -> None:
        """Delete a setup row; refused while anything refers to it."""
        table = self.table(name)
        with self._desk.db.write() as s:
            row = s.get(table.model, key if len(key) > 1 else key[0])
            if row is None:
                raise NotFound(_("{title} '{key}' does not exist.").format(title=table.title, key=" / ".join(key)))
            if len(table.key) == 1:
                refuse_delete_if_referred(s, table.model.__tablename__, key[0],
                                          _("{title} '{key}'").format(title=table.title, key=key[0]))
            if table.name == "no_series" and key[0] in DEFAULT_SERIES:
                raise SalesDeskError(_("Number series '{code}' is used by salesdesk itself and cannot "
                                       "be deleted; change its pattern instead.").format(code=key[0]))
            if table.name == "location" and key[0] == "MAIN":
                raise SalesDeskError(_("Location MAIN is the default location and cannot be deleted."))
            s.delete(row)

    # -- convenience API (design.md) -----------------------------------------------------

    def set_vat(self, prod_group: str, percent, bus_group: str = "DOMESTIC", description: str = ""):
        """Set the VAT % for a product group x business group, creating the groups if new."""
        with self._desk.db.write() as s:
            for model, code in ((VatBusGroup, bus_group.upper()), (VatProdGroup, prod_group.upper())):
                if s.get(model, code) is None:
                    s.add(model(code=code, description=code.title()))
            s.flush()
            existing = s.get(VatPostingSetup, (bus_group.upper(), prod_group.upper()))
            values = {"bus_group": bus_group, "prod_group": prod_group, "vat_pct": percent}
            if description:
                values["description"] = description
            key = (bus_group.upper(), prod_group.upper()) if existing else None
            return self._save(s, SETUP_TABLES["vat_posting_setup"], values, key)

    def vat_pct(self, prod_group: str, bus_group: str = "DOMESTIC") -> Decimal | None:
        with self._desk.db.read() as s:
            row = s.get(VatPostingSetup, (bus_group, prod_group))
            return row.vat_pct if row else None

    def add_payment_terms(self, code: str, due_days: int, discount_days: int = 0, discount_pct=0,
                          description: str = ""):
        return self.save("payment_terms", {
            "code": code, "description": description, "due_days": due_days,
            "discount_days": discount_days, "discount_pct": discount_pct,
        })

    def add_shipment_method(self, code: str, description: str = ""):
        return self.save("shipment_method", {"code": code, "description": description})

    def add_location(self, code: str, name: str = "", **fields):
        return self.save("location", {"code": code, "name": name, **fields})

    def add_unit_of_measure(self, code: str, description: str = ""):
        return self.save("unit_of_measure", {"code": code, "description": description})

    def number_series(self) -> list[NoSeries]:
        return self.records("no_series")

    def set_number_series(self, code: str, **fields):
        return self.save("no_series", fields, key=(code,))

    # -- company ---------------------------------------------------------------------------

    def company(self) -> Company:
        with self._desk.db.read() as s:
            return s.get(Company, 1) or Company()

    def check_company(self, field: str, value) -> str | None:
        from ..core.fields import check_field

        with self._desk.db.read() as s:
            return check_field(s, COMPANY_RULES, field, value) or (
                payment_link_problem(value) if field == "payment_link" else None)

    def update_company(self, **fields) -> Company:
        """Change company information; refuses values that break the field rules."""
        with self._desk.db.write() as s:
            data, errors = clean(s, COMPANY_RULES, fields)
            if "payment_link" in data and "payment_link" not in errors:
                problem = payment_link_problem(data["payment_link"])
                if problem:
                    errors["payment_link"] = problem
            if errors:
                raise ValidationError(errors)
            row = s.get(Company, 1) or Company(id=1)
            for field, value in data.items():
                setattr(row, field, value)
            s.add(row)
            s.flush()
            return row


def payment_link_problem(template) -> str | None:
    """Why a payment link template would not fill in: it may name {no}, {amount} and {customer}."""
    try:
        str(template or "").format(no="PSI-00001", amount="1.00", customer="C00001")
    except (KeyError, IndexError, ValueError, AttributeError) as err:
        return _("Payment Link can use {{no}}, {{amount}} and {{customer}} only ({err}).").format(err=err)
    return None


DEFAULT_PAYMENT_METHODS = {
    "BANK": ("Bank transfer", "512000"),
    "CHEQUE": ("Cheque", "512000"),
    "CARD": ("Card", "512000"),
    "CASH": ("Cash", "530000"),
}


def seed_defaults(s: Session) -> None:
    """What every new company starts with: series, a VAT business group, PCS, MAIN."""
    if s.get(Company, 1) is None:
        s.add(Company(id=1, name="My Company", currency="EUR"))
    for code, (description, pattern, manual) in DEFAULT_SERIES.items():
        if s.get(NoSeries, code) is None:
            s.add(NoSeries(code=code, description=description, pattern=pattern, manual_nos=manual))
    if s.get(VatBusGroup, "DOMESTIC") is None:
        s.add(VatBusGroup(code="DOMESTIC", description="Domestic customers"))
    for code, description in (("PCS", "Piece"), ("HOUR", "Hour")):
        if s.get(UnitOfMeasure, code) is None:
            s.add(UnitOfMeasure(code=code, description=description))
    if s.get(Location, "MAIN") is None:
        s.add(Location(code="MAIN", name="Main warehouse"))
    seed_chart(s)
    seed_payment_methods(s)


def seed_payment_methods(s: Session) -> None:
    for code, (description, account) in DEFAULT_PAYMENT_METHODS.items():
        if s.get(PaymentMethod, code) is None:
            s.add(PaymentMethod(code=code, description=description, bal_account_no=account))
