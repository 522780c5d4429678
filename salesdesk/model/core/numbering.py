"""Number series: the next number is taken inside the caller's transaction, so a failed
unit of work uses no number and posted numbers have no gaps."""

from __future__ import annotations

import re

from sqlmodel import Field, Session, SQLModel

from ...i18n import _
from .errors import SalesDeskError


class NoSeries(SQLModel, table=True):
    """A number series (BC's No. Series): the pattern and the last number taken."""
    __tablename__ = "no_series"
    __table_args__ = {"info": {"label": "number series"}}
    code: str = Field(primary_key=True, max_length=20)
    description: str = ""
    pattern: str = Field(max_length=20)  # e.g. "C#####": the #s take the zero-padded number
    last_no: int = 0
    manual_nos: bool = False

# code -> (description, pattern, manual numbers allowed)
DEFAULT_SERIES: dict[str, tuple[str, str, bool]] = {
    "CUST": ("Customers", "C#####", True),
    "ITEM": ("Items", "I#####", True),
    "S-QUOTE": ("Sales quotes", "SQ-#####", False),
    "S-ORDER": ("Sales orders", "SO-#####", False),
    "S-INVOICE": ("Sales invoices", "SI-#####", False),
    "S-CRMEMO": ("Sales credit memos", "SCM-#####", False),
    "S-RETURN": ("Sales return orders", "SR-#####", False),
    "S-BLANKET": ("Blanket sales orders", "SB-#####", False),
    "P-SHIPMENT": ("Posted sales shipments", "PSS-#####", False),
    "P-INVOICE": ("Posted sales invoices", "PSI-#####", False),
    "P-CRMEMO": ("Posted sales credit memos", "PSC-#####", False),
    "P-RETRCPT": ("Posted return receipts", "PRR-#####", False),
    "I-JNL": ("Item journal documents", "IJ-#####", False),
    "PAYMENT": ("Customer payments", "PAY-#####", False),
    "VEND": ("Vendors", "V#####", True),
    "PU-ORDER": ("Purchase orders", "PO-#####", False),
    "PU-INVOICE": ("Purchase invoices", "PI-#####", False),
    "PU-CRMEMO": ("Purchase credit memos", "PCM-#####", False),
    "P-RECEIPT": ("Posted purchase receipts", "PPR-#####", False),
    "P-PINVOICE": ("Posted purchase invoices", "PPI-#####", False),
    "P-PCRMEMO": ("Posted purchase credit memos", "PPC-#####", False),
    "P-RETSHIP": ("Posted return shipments", "PRS-#####", False),
    "V-PAYMENT": ("Vendor payments", "VPAY-#####", False),
}

# Posted documents' series: their numbers are legal (an invoice register has no gaps).
POSTED_SERIES = frozenset({"P-SHIPMENT", "P-INVOICE", "P-CRMEMO", "P-RETRCPT", "P-RECEIPT", "P-PINVOICE",
                           "P-PCRMEMO", "P-RETSHIP"})

_HASHES = re.compile(r"#+")


def check_last_no(code: str, used: int, wanted: int) -> str | None:
    """The message when Last No. Used may not move from ``used`` to ``wanted``: never below a
    number already taken (the next one would be a duplicate), and on a posted documents'
    series not at all once it was used (a gap in legal numbers)."""
    if wanted == used or used == 0:
        return None
    if wanted < used:
        return _("Last No. Used of {code} cannot go back below {n}, a number already used.").format(
            code=code, n=used)
    if code in POSTED_SERIES:
        return _("Last No. Used of {code} cannot be raised: posted documents' numbers have no gaps.").format(
            code=code)
    return None


def format_no(pattern: str, number: int) -> str:
    """Fill the run of '#' in ``pattern`` with ``number``, zero-padded to its width."""
    match = _HASHES.search(pattern)
    if match is None:
        return f"{pattern}{number}"
    width = match.end() - match.start()
    digits = str(number).zfill(width)
    if len(digits) > width:
        raise SalesDeskError(
            _("Number series pattern '{pattern}' has no room for number {n}.").format(pattern=pattern, n=number)
        )
    return pattern[: match.start()] + digits + pattern[match.end():]


def check_pattern(pattern: str) -> str | None:
    if not pattern.strip():
        return _("Pattern must be filled in.")
    if len(_HASHES.findall(pattern)) != 1:
        return _("Pattern must have exactly one run of '#' for the number, e.g. 'C#####'.")
    return None


def series(session: Session, code: str) -> NoSeries:
    row = session.get(NoSeries, code)
    if row is None:
        raise SalesDeskError(_("Number series '{code}' does not exist.").format(code=code))
    return row


def next_no(session: Session, code: str, *, is_free=None) -> str:
    """Take the next number of series ``code``. ``is_free(no)`` lets master-data series skip
    numbers already typed by hand; document series never skip (no gaps)."""
    row = series(session, code)
    while True:
        row.last_no += 1
        candidate = format_no(row.pattern, row.last_no)
        if is_free is None or is_free(candidate):
            break
    session.add(row)
    session.flush()
    return candidate


_TAKE = None


def take_no(session: Session, code: str) -> str:
    """``next_no`` for document series, in one statement (UPDATE ... RETURNING): posting
    takes two numbers every time. The caller must not hold the series as an ORM object."""
    global _TAKE
    if _TAKE is None:
        from sqlalchemy import bindparam, update

        from .db import FastQuery

        _TAKE = FastQuery(update(NoSeries).where(NoSeries.code == bindparam("code"))
                          .values(last_no=NoSeries.last_no + 1).returning(NoSeries.last_no, NoSeries.pattern))
    rows = _TAKE.run(session, code=code)
    if not rows:
        raise SalesDeskError(_("Number series '{code}' does not exist.").format(code=code))
    last_no, pattern = rows[0]
    return format_no(pattern, last_no)


def allow_manual(session: Session, code: str) -> None:
    row = series(session, code)
    if not row.manual_nos:
        raise SalesDeskError(
            _("Number series '{code}' does not allow numbers typed by hand.").format(code=code)
        )
