"""Field rules: how each editable field of a card is parsed and checked.

The same rules serve the scripting API (values may be Decimal, int, bool or text) and the
cards of the TUI (values are the text the clerk typed). Validation returns every problem at
once, keyed by field, so a card can show each message beside its field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from ...i18n import _
from .errors import SalesDeskError
from .money import NumberTooLarge, to_decimal
from .text import control_character

TRUE_WORDS = {"1", "true", "yes", "y", "on", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "off", ""}


@dataclass(frozen=True)
class FieldRule:
    name: str
    label: str
    kind: str = "text"  # text, code, email, decimal, int, bool, choice, date
    required: bool = False
    choices: tuple[str, ...] = ()
    lookup: str | None = None  # table whose primary key the value must be
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    scale: int = 2  # decimal places allowed for "decimal"
    max_length: int | None = None
    multi_line: bool = False  # text that may hold line breaks (legal mentions on documents)


def _parse(rule: FieldRule, value, today: dt.date | None = None):
    """Return the clean value or raise SalesDeskError with a message for this field.
    ``today`` is the desk's work date, for dates typed as "t" or day/month."""
    if rule.kind in ("text", "code", "email"):
        text = "" if value is None else str(value).strip()
        if rule.kind == "code":
            text = text.upper()
        bad = control_character(text, multi_line=rule.multi_line)
        if bad:  # ESC, BEL, NUL... would reach terminals, files and e-mails: refused at the door
            raise SalesDeskError(_("{label} contains a control character ({char}) that cannot be typed; "
                                   "remove it.").format(label=rule.label, char=bad))
        if rule.required and not text:
            raise SalesDeskError(_("{label} must be filled in.").format(label=rule.label))
        if rule.max_length and len(text) > rule.max_length:
            raise SalesDeskError(
                _("{label} can be at most {n} characters.").format(label=rule.label, n=rule.max_length)
            )
        if rule.kind == "email" and text:
            from email_validator import (  # only when needed
                EmailNotValidError,
                validate_email,
            )

            try:
                validate_email(text, check_deliverability=False)
            except EmailNotValidError:
                raise SalesDeskError(
                    _("{label}: '{value}' is not a valid e-mail address.").format(label=rule.label, value=text)
                ) from None
        return text
    if rule.kind in ("decimal", "int"):
        try:
            number = to_decimal(value, field=rule.label)
        except NumberTooLarge:
            raise
        except SalesDeskError:
            raise SalesDeskError(_("{label}: '{value}' is not a number.").format(label=rule.label, value=value)) from None
        if rule.kind == "int":
            if number != number.to_integral_value():
                raise SalesDeskError(_("{label} must be a whole number.").format(label=rule.label))
            number = int(number)
        elif number.as_tuple().exponent < -rule.scale:
            raise SalesDeskError(
                _("{label} allows at most {n} decimal places.").format(label=rule.label, n=rule.scale)
            )
        if rule.minimum is not None and number < rule.minimum:
            raise SalesDeskError(
                _("{label} must be at least {min}.").format(label=rule.label, min=rule.minimum)
            )
        if rule.maximum is not None and number > rule.maximum:
            raise SalesDeskError(
                _("{label} must be at most {max}.").format(label=rule.label, max=rule.maximum)
            )
        return number
    if rule.kind == "date":
        return parse_date(value, rule.label, today)
    if rule.kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value or "").strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise SalesDeskError(_("{label}: answer yes or no.").format(label=rule.label))
    if rule.kind == "choice":
        text = "" if value is None else str(value).strip().lower()
        if text not in rule.choices:
            shown = ", ".join(f"'{c}'" if c else _("blank") for c in rule.choices)
            raise SalesDeskError(
                _("{label} must be one of {choices}.").format(label=rule.label, choices=shown)
            )
        return text
    raise ValueError(f"unknown field kind {rule.kind}")


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d%m%Y")


def clean_text(value, label: str, *, max_length: int = 100) -> str:
    """Free text given to an API call outside a card (a journal's description or reference):
    the same checks as a card's text field (no control characters, a length bound)."""
    return _parse(FieldRule("text", label, max_length=max_length), value)


# The dates the desk works with: a due date or an aging period computed from any of them
# stays a valid date (9999-12-31 + 30 days would overflow).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)


def parse_date(value, label: str = "Date", today: dt.date | None = None) -> dt.date | None:
    """A date from a ``date``, ISO text, day/month/year, or day/month of the current year,
    between 1900 and 2999. Blank is no date; "t" is today (BC's work date shortcut)."""
    parsed = _parse_date(value, label, today)
    if parsed is not None and not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise SalesDeskError(_("{label} {date} is out of range: a date must be between {low} and {high}.").format(
            label=label, date=parsed.isoformat(), low=EARLIEST_DATE.isoformat(), high=LATEST_DATE.isoformat()))
    return parsed


def _parse_date(value, label: str, today: dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise SalesDeskError(_("{label}: '{value}' is not a date.").format(label=label, value=value))
    text = str(value).strip()
    if not text:
        return None
    today = today or dt.date.today()
    if text.lower() in ("t", "today"):
        return today
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for sep in ("/", ".", "-"):
        parts = text.split(sep)
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            try:
                return dt.date(today.year, int(parts[1]), int(parts[0]))
            except ValueError:
                break
    raise SalesDeskError(
        _("{label}: '{value}' is not a valid date (write it as 2026-11-24 or 24/11/2026).").format(
            label=label, value=text)
    )


def _exists(session: Session, table_name: str, key: str) -> bool:
    table = SQLModel.metadata.tables[table_name]
    (pk,) = table.primary_key.columns
    return session.execute(select(pk).where(pk == key).limit(1)).first() is not None


def clean(session: Session, rules: dict[str, FieldRule], values: dict, today: dt.date | None = None
          ) -> tuple[dict, dict[str, str]]:
    """Parse and check ``values`` against ``rules``: (clean values, errors by field).
    ``today`` is the desk's work date (``desk.today()``) for dates typed as "t" or day/month;
    without it the computer's date is used."""
    result: dict = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        rule = rules.get(name)
        if rule is None:
            errors[name] = _("There is no field called '{name}'.").format(name=name)
            continue
        try:
            parsed = _parse(rule, value, today)
        except SalesDeskError as err:
            errors[name] = str(err)
            continue
        if rule.lookup:
            if parsed in ("", None):
                parsed = None if not rule.required else parsed
                if rule.required:
                    errors[name] = _("{label} must be filled in.").format(label=rule.label)
                    continue
            elif not _exists(session, rule.lookup, parsed):
                errors[name] = _("{label} '{value}' does not exist.").format(label=rule.label, value=parsed)
                continue
        result[name] = parsed
    return result, errors


def check_field(session: Session, rules: dict[str, FieldRule], name: str, value,
                today: dt.date | None = None) -> str | None:
    """The message for one field's value, or None when it is fine (for as-you-type checks)."""
    _clean, errors = clean(session, rules, {name: value}, today)
    return errors.get(name)
