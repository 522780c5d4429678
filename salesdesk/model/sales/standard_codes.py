"""Standard (recurring) sales codes and their lines (``desk.sales.standard_codes``): sets of
lines a clerk puts on a document in one go. Codes hold no prices: items are priced by the
document for its customer; a G/L account line carries its amount excl. VAT and VAT group."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError, ValidationError
from ..core.fields import FieldRule, check_field, clean
from ..core.text import fold, search_key
from ..customers.standard_codes import is_valid_on
from ..tables import (
    CustomerStandardCode,
    GLAccount,
    Item,
    SalesHeader,
    SalesLine,
    StandardSalesCode,
    StandardSalesLine,
    VatProdGroup,
)
from .kinds import DocKind

LINE_STEP = 10000
STANDARD_LINE_TYPES = ("item", "gl_account", "comment")

CODE_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("code", _("Code"), "code", required=True, max_length=20),
    FieldRule("description", _("Description"), max_length=100),
    FieldRule("currency_code", _("Currency Code"), "code", max_length=3),
)}

LINE_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("type", _("Type"), "choice", choices=STANDARD_LINE_TYPES),
    FieldRule("no", _("No."), "code", max_length=20),
    FieldRule("description", _("Description"), max_length=100),
    FieldRule("quantity", _("Quantity"), "decimal", scale=5),
    FieldRule("amount", _("Amount Excl. VAT"), "decimal", minimum=Decimal(0)),
    FieldRule("vat_prod_group", _("VAT Prod. Posting Group"), "code", lookup="vat_prod_group"),
)}

# the insert mode of each kind of document that takes recurring lines on creation (BC: never
# blanket orders nor return orders)
MODE_FIELD = {DocKind.QUOTE: "insert_on_quotes", DocKind.ORDER: "insert_on_orders",
              DocKind.INVOICE: "insert_on_invoices", DocKind.CREDIT_MEMO: "insert_on_credit_memos"}

LIST_COLUMNS = ("code", "description", "currency_code")


@dataclass(frozen=True)
class StandardLine:
    line_no: int
    type: str
    no: str
    description: str
    quantity: Decimal
    amount: Decimal
    vat_prod_group: str


@dataclass(frozen=True)
class StandardCode:
    code: str
    description: str
    currency_code: str
    lines: tuple[StandardLine, ...] = ()


class StandardCodeService:
    """``desk.sales.standard_codes``."""

    rules = CODE_RULES
    line_rules = LINE_RULES

    def __init__(self, desk):
        self._desk = desk

    # -- codes -------------------------------------------------------------------------------

    def check(self, field: str, value) -> str | None:
        with self._desk.db.read() as s:
            return check_field(s, CODE_RULES, field, value)

    def check_line(self, field: str, value) -> str | None:
        with self._desk.db.read() as s:
            return check_field(s, LINE_RULES, field, value)

    def create(self, code: str, description: str = "", *, currency_code: str = "") -> StandardCode:
        """A new code without lines. Refuses a blank or existing code."""
        with self._desk.db.write() as s:
            data = _cleaned(s, CODE_RULES, {"code": code, "description": description,
                                             "currency_code": currency_code})
            if s.get(StandardSalesCode, data["code"]) is not None:
                raise ValidationError({"code": _("Standard sales code {code} already exists.").format(
                    code=data["code"])})
            row = StandardSalesCode(**data)
            s.add(row)
            s.flush()
            return _snapshot(s, row)

    def get(self, code: str) -> StandardCode:
        """The code with its lines."""
        with self._desk.db.read() as s:
            return _snapshot(s, find_code(s, code))

    def update(self, code: str, /, **fields) -> StandardCode:
        """Change the description or the currency; the code itself cannot change."""
        with self._desk.db.write() as s:
            row = find_code(s, code)
            data = _cleaned(s, CODE_RULES, fields)
            if data.get("code", row.code) != row.code:
                raise ValidationError({"code": _("The code of an existing record cannot be changed.")})
            for field, value in data.items():
                setattr(row, field, value)
            s.add(row)
            s.flush()
            return _snapshot(s, row)

    def delete(self, code: str) -> None:
        """Delete a code and its lines; refused while a customer uses it."""
        with self._desk.db.write() as s:
            row = find_code(s, code)
            users = list(s.scalars(select(CustomerStandardCode.customer_no).where(
                CustomerStandardCode.code == row.code).order_by(CustomerStandardCode.customer_no).limit(5)))
            if users:
                raise SalesDeskError(_("Standard sales code {code} cannot be deleted: customers {nos} use it.")
                                     .format(code=row.code, nos=", ".join(users)))
            s.delete(row)

    def page(self, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of the codes as tuples in ``LIST_COLUMNS`` order (a short table: filtered here)."""
        return self._matching(text)[offset:offset + limit]

    def count(self, text: str = "") -> int:
        return len(self._matching(text))

    def _matching(self, text: str) -> list[tuple]:
        words = fold(text).split()
        with self._desk.db.read() as s:
            rows = s.execute(select(StandardSalesCode.code, StandardSalesCode.description,
                                    StandardSalesCode.currency_code).order_by(StandardSalesCode.code)).all()
        return [tuple(r) for r in rows if all(w in search_key(*r) for w in words)]

    # -- lines -------------------------------------------------------------------------------

    def add_line(self, code: str, no: str | None = None, quantity=0, *, type: str = "item",
                 amount=None, description: str | None = None, vat_prod_group: str | None = None) -> StandardLine:
        """Add a line at the end of the code: an item (``no``, ``quantity``), a G/L account
        (``no`` the account, ``amount`` its price excl. VAT, ``vat_prod_group`` its VAT) or a
        comment (``description``). Refuses an unknown item, account or VAT group, a blocked item
        or account, a G/L line without a VAT group and values that break the field rules."""
        values = {"type": type, "no": no or "", "quantity": quantity, "amount": amount or 0,
                  "description": description or "", "vat_prod_group": vat_prod_group or ""}
        with self._desk.db.write() as s:
            row = find_code(s, code)
            last = s.execute(select(func.max(StandardSalesLine.line_no)).where(
                StandardSalesLine.code == row.code)).scalar() or 0
            line = StandardSalesLine(code=row.code, line_no=last + LINE_STEP)
            _set_values(s, line, values)
            s.add(line)
            s.flush()
            return _line_snapshot(line)

    def update_line(self, code: str, line_no: int, **fields) -> StandardLine:
        """Change a line's fields (the same checks as ``add_line``)."""
        with self._desk.db.write() as s:
            line = _line(s, code, line_no)
            if fields.get("type", line.type) != line.type:
                fields.setdefault("no", "")
            _set_values(s, line, {**_values_of(line), **fields})
            s.add(line)
            s.flush()
            return _line_snapshot(line)

    def delete_line(self, code: str, line_no: int) -> None:
        with self._desk.db.write() as s:
            s.delete(_line(s, code, line_no))

    # -- what a new document offers ---------------------------------------------------------

    def valid_for(self, doc) -> list[tuple[str, str]]:
        """(code, description) of the customer's codes that Get Recurring Sales Lines lists
        for ``doc``: not blocked, valid on its order date."""
        return [(a.code, a.description) for a in self._assignments(doc)]

    def offered(self, doc) -> list[tuple[str, str]]:
        """The codes to propose after ``doc`` was created: its customer's valid codes set to
        "always_ask", or "automatic" when several are (none was inserted). Empty once the
        document has lines, and for kinds that take no recurring lines."""
        kind = DocKind(doc.kind)
        if kind not in MODE_FIELD:
            return []
        with self._desk.db.read() as s:
            if s.execute(select(SalesLine.line_no).where(SalesLine.kind == kind.value,
                                                         SalesLine.document_no == doc.no).limit(1)).first():
                return []
        field = MODE_FIELD[kind]
        assignments = self._assignments(doc)
        automatic = [a for a in assignments if getattr(a, field) == "automatic"]
        return [(a.code, a.description) for a in assignments
                if getattr(a, field) == "always_ask" or (len(automatic) > 1 and a in automatic)]

    def _assignments(self, doc) -> list[CustomerStandardCode]:
        with self._desk.db.read() as s:
            header = s.get(SalesHeader, (DocKind(doc.kind).value, doc.no))
            if header is None:
                raise NotFound(_("Document {no} does not exist.").format(no=doc.no))
            return usable_assignments(s, header)


def usable_assignments(s: Session, header: SalesHeader) -> list[CustomerStandardCode]:
    """The sell-to customer's assignments that are not blocked and are valid on the
    document's order date."""
    rows = s.scalars(select(CustomerStandardCode).where(
        CustomerStandardCode.customer_no == header.customer_no, CustomerStandardCode.blocked.is_(False))
        .order_by(CustomerStandardCode.code))
    return [a for a in rows if is_valid_on(a, header.order_date or header.document_date)]


def _cleaned(s: Session, rules: dict, values: dict) -> dict:
    data, errors = clean(s, rules, values)
    if errors:
        raise ValidationError(errors)
    return data


def find_code(s: Session, code: str) -> StandardSalesCode:
    row = s.get(StandardSalesCode, str(code).strip().upper())
    if row is None:
        raise NotFound(_("Standard sales code {code} does not exist.").format(code=code))
    return row


def _line(s: Session, code: str, line_no: int) -> StandardSalesLine:
    row = find_code(s, code)
    line = s.get(StandardSalesLine, (row.code, int(line_no)))
    if line is None:
        raise NotFound(_("Standard sales code {code} has no line {n}.").format(code=row.code, n=line_no))
    return line


def _values_of(line: StandardSalesLine) -> dict:
    return {f: getattr(line, f) for f in LINE_RULES}


def _set_values(s: Session, line: StandardSalesLine, values: dict) -> None:
    """Check a line's values together and set them: an item or account that exists and is
    not blocked; a G/L account line needs its VAT group; a comment keeps only its text."""
    data = _cleaned(s, LINE_RULES, values)
    kind, no = data.get("type", "item"), data.get("no", "")
    errors: dict[str, str] = {}
    if kind == "item":
        item = s.get(Item, no) if no else None
        if not no:
            errors["no"] = _("An item line needs an item number.")
        elif item is None:
            errors["no"] = _("Item '{no}' does not exist.").format(no=no)
        elif item.blocked or item.sales_blocked:
            errors["no"] = _("Item {no} {name} is blocked for sales.").format(no=item.no, name=item.description)
        elif not data.get("description"):
            data["description"] = item.description
    elif kind == "gl_account":
        account = s.get(GLAccount, no) if no else None
        if account is None:
            errors["no"] = (_("G/L account '{no}' does not exist.").format(no=no) if no
                            else _("A G/L account line needs an account number."))
        elif account.blocked:
            errors["no"] = _("G/L account {no} {name} is blocked.").format(no=account.no, name=account.name)
        elif not data.get("description"):
            data["description"] = account.name
        if not data.get("vat_prod_group"):
            errors["vat_prod_group"] = _("A G/L account line needs a VAT Prod. Posting Group.")
        elif s.get(VatProdGroup, data["vat_prod_group"]) is None:
            errors["vat_prod_group"] = _("VAT Prod. Posting Group '{code}' does not exist.").format(
                code=data["vat_prod_group"])
    else:
        data.update(no="", quantity=Decimal(0), amount=Decimal(0), vat_prod_group="")
    if kind == "item":
        data.update(amount=Decimal(0), vat_prod_group="")
    if errors:
        raise ValidationError(errors)
    for field, value in data.items():
        setattr(line, field, value)


def _line_snapshot(line: StandardSalesLine) -> StandardLine:
    return StandardLine(line.line_no, line.type, line.no, line.description, line.quantity, line.amount,
                        line.vat_prod_group)


def _snapshot(s: Session, row: StandardSalesCode) -> StandardCode:
    lines = s.scalars(select(StandardSalesLine).where(StandardSalesLine.code == row.code)
                      .order_by(StandardSalesLine.line_no))
    return StandardCode(row.code, row.description, row.currency_code, tuple(_line_snapshot(x) for x in lines))
