"""Bank statement files: ISO 20022 camt.053 (XML) and simple CSV exports, parsed into plain lines.

Pure parsing: no database, no Textual. ``parse_statement`` sniffs the format and returns a
``StatementFile`` whose lines carry an exact, signed amount (positive = money received on our
account, negative = paid out) and an ``import_key`` that stays the same when the same file (or an
overlapping statement of the same account) is read again, so an import can refuse a line twice.

Every refusal is a ``StatementFileError`` whose message says what is wrong and where: the CSV line
number, or the camt entry number (1-based, counting every ``Ntry`` of the file, pending ones too).

Import keys
    camt, entry with a bank reference:  ``camt:{account}:{AcctSvcrRef or NtryRef}``, plus ``:{n}``
        (n = 1, 2, ...) for each transaction of a batch entry that is split into one line per
        transaction. Should the same reference occur twice in one file, the later ones get ``#2``,
        ``#3``... so that keys stay unique within the file.
    camt, entry without reference:  ``camt:{account}:{sha256}:{k}`` where the hash covers (account,
        booking date, amount, text, reference, counterparty) and k = 1, 2... counts identical lines.
    csv:  ``csv:{sha256}:{k}`` where the hash covers (date, amount, text, reference) and k = 1, 2...
        counts identical rows within the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.text import fold, without_control_characters

__all__ = [
    "StatementFile",
    "StatementFileError",
    "StatementLine",
    "parse_camt053",
    "parse_csv",
    "parse_statement",
]

CENT = Decimal("0.01")
MAX_AMOUNT_DIGITS = 13  # digits before the decimal point; far above any bank line, far below Decimal's precision
FORMAT_CAMT053 = "camt.053"
FORMAT_CSV = "csv"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class StatementFileError(SalesDeskError):
    """A bank statement file that cannot be read; the message names the file line or entry number."""


@dataclass(frozen=True)
class StatementLine:
    booking_date: dt.date
    amount: Decimal  # > 0 received (CRDT), < 0 paid out (DBIT); always 2 decimals
    text: str
    reference: str
    counterparty: str
    import_key: str


@dataclass(frozen=True)
class StatementFile:
    format: str  # "camt.053" or "csv"
    statement_id: str
    account: str
    lines: tuple[StatementLine, ...]


# ---------------------------------------------------------------------------------------------------------------------
# Sniffing


# A day's statement of a busy shop is a few hundred lines; these bounds keep a wrong or
# hostile file from filling memory or holding the database for minutes.
MAX_STATEMENT_BYTES = 6 * 1024 * 1024  # a 5 MB file imports in ~7 s with a ~350 MB peak
MAX_STATEMENT_LINES = 100_000


def parse_statement(data: bytes, filename: str = "") -> StatementFile:
    """Parse a bank statement file: camt.053 when it looks like XML (or is named ``*.xml``), else CSV."""
    if not data or not _strip_bom(data).strip():
        raise StatementFileError(_("The bank statement file is empty."))
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementFileError(_("The bank statement file is {size:,} bytes; at most {most:,} are imported at "
                                   "once. Ask the bank for a shorter period.").format(
            size=len(data), most=MAX_STATEMENT_BYTES))
    if _looks_like_xml(data) or filename.lower().endswith(".xml"):
        return parse_camt053(data)
    return parse_csv(data)


def _strip_bom(data: bytes) -> bytes:
    return data.removeprefix(_UTF8_BOM)


def _looks_like_xml(data: bytes) -> bool:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16").lstrip().startswith("<")
        except UnicodeDecodeError:
            return False
    return _strip_bom(data).lstrip().startswith(b"<")


# ---------------------------------------------------------------------------------------------------------------------
# Shared helpers


def _clean(text: str | None) -> str:
    """Collapse runs of whitespace (line breaks included) into single spaces; a control
    character (ESC, BEL...) from the bank's text becomes U+FFFD."""
    return without_control_characters(" ".join((text or "").split()))


def _reference(text: str | None) -> str:
    ref = _clean(text)
    return "" if ref.upper() == "NOTPROVIDED" else ref


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------------------------------
# camt.053


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(el: ET.Element | None, name: str) -> list[ET.Element]:
    if el is None:
        return []
    return [c for c in el if _local(c.tag) == name]


def _find(el: ET.Element | None, *path: str) -> ET.Element | None:
    """The first element down ``path`` of local names (namespace ignored), or None."""
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _findall(el: ET.Element | None, *path: str) -> list[ET.Element]:
    """Every element down ``path`` of local names (all branches)."""
    found = [el] if el is not None else []
    for name in path:
        found = [c for parent in found for c in parent if _local(c.tag) == name]
    return found


def _text(el: ET.Element | None, *path: str) -> str:
    found = _find(el, *path)
    return _clean(found.text) if found is not None else ""


def _load_xml(data: bytes) -> ET.Element:
    """Parse ``data`` as XML, refusing DTDs and entity declarations (no entity expansion at all)."""

    def refuse(*_args):
        raise StatementFileError(_("The XML file declares a DTD or entities; bank statements never do. "
                                   "It was not read."))

    skipped_lines = 0
    if not data.startswith(_UTF16_BOMS):  # tolerate a BOM or blank lines before the XML declaration
        body = _strip_bom(data).lstrip()
        skipped_lines, data = data[:len(data) - len(body)].count(b"\n"), body
    checker = xml.parsers.expat.ParserCreate()
    checker.StartDoctypeDeclHandler = refuse
    checker.EntityDeclHandler = refuse
    try:
        checker.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise StatementFileError(
            _("The file is not well-formed XML (line {line}, column {column}): {reason}.").format(
                line=exc.lineno + skipped_lines, column=exc.offset + 1, reason=xml.parsers.expat.ErrorString(exc.code))
        ) from None
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        raise StatementFileError(_("The XML file cannot be read: {reason}.").format(reason=exc)) from None
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:  # pragma: no cover - expat already accepted it
        raise StatementFileError(_("The file is not well-formed XML: {reason}.").format(reason=exc)) from None


def parse_camt053(data: bytes) -> StatementFile:
    """Parse an ISO 20022 camt.053 statement (any version: elements are matched by local name)."""
    if not data or not _strip_bom(data).strip():
        raise StatementFileError(_("The bank statement file is empty."))
    root = _load_xml(data)
    body = _find(root, "BkToCstmrStmt") if _local(root.tag) == "Document" else None
    if body is None:
        raise StatementFileError(_("This XML file is not a camt.053 bank statement "
                                   "(no Document/BkToCstmrStmt element)."))
    statements = _kids(body, "Stmt")
    if not statements:
        raise StatementFileError(_("This camt.053 file contains no statement (Stmt element)."))

    ids: list[str] = []
    accounts: list[str] = []
    raw: list[_RawLine] = []
    entry_no = 0
    for stmt in statements:
        stmt_id = _text(stmt, "Id")
        account = _text(stmt, "Acct", "Id", "IBAN") or _text(stmt, "Acct", "Id", "Othr", "Id")
        account_ccy = _text(stmt, "Acct", "Ccy")
        for value, seen in ((stmt_id, ids), (account, accounts)):
            if value and value not in seen:
                seen.append(value)
        for entry in _kids(stmt, "Ntry"):
            entry_no += 1
            raw.extend(_entry_lines(entry, entry_no, account, account_ccy))

    _check_control_sums(body, statements, raw)
    return StatementFile(
        format=FORMAT_CAMT053,
        statement_id=", ".join(ids),
        account=", ".join(accounts),
        lines=tuple(_camt_keys(raw)),
    )


def _check_control_sums(body: ET.Element, statements: list[ET.Element], raw: list) -> None:
    """A camt.053 states how many entries it holds and their sum (TxsSummry/TtlNtries, and
    GrpHdr/MsgPgntn for the pages): a file that does not add up was cut or altered."""
    for number, stmt in enumerate(statements, 1):
        booked = [e for e in _kids(stmt, "Ntry") if _status(e) not in _SKIPPED_STATUSES]  # as banks count
        declared = _text(stmt, "TxsSummry", "TtlNtries", "NbOfNtries")
        found = len(booked)
        if declared and declared.isdigit() and int(declared) != found:
            raise StatementFileError(_("Statement {n} says it holds {declared} entries but {found} are in the "
                                       "file: it was cut short or altered. Download it again.").format(
                n=number, declared=declared, found=found))
        declared_sum = _text(stmt, "TxsSummry", "TtlNtries", "Sum")
        if declared_sum:
            total = sum((_camt_amount(_text(e, "Amt"), f"statement {number}") for e in booked), Decimal(0))
            if _camt_amount(declared_sum, f"statement {number}") != total:
                raise StatementFileError(_("Statement {n}: its entries add up to {total}, not to the {declared} "
                                           "it states: it was cut short or altered. Download it again.").format(
                    n=number, total=total, declared=declared_sum))


@dataclass(frozen=True)
class _RawLine:
    account: str
    booking_date: dt.date
    amount: Decimal
    text: str
    reference: str
    counterparty: str
    bank_ref: str  # AcctSvcrRef or NtryRef, "" if none
    tx_index: int  # 0 for an entry kept whole, 1.. for a split batch


_SKIPPED_STATUSES = {"PDNG", "PENDING", "INFO", "FUTR"}


def _status(entry: ET.Element) -> str:
    return (_text(entry, "Sts", "Cd") or _text(entry, "Sts", "Prtry") or _text(entry, "Sts")).upper()
_BOOKED_STATUSES = {"", "BOOK", "BOOKED"}


def _entry_lines(entry: ET.Element, entry_no: int, account: str, account_ccy: str) -> list[_RawLine]:
    bank_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    where = (_("Entry {no} ({ref})").format(no=entry_no, ref=bank_ref) if bank_ref
             else _("Entry {no}").format(no=entry_no))

    status = _status(entry)
    if status in _SKIPPED_STATUSES:
        return []
    if status not in _BOOKED_STATUSES:
        raise StatementFileError(_("{where}: unknown entry status '{status}'.").format(where=where, status=status))

    sign = _sign(_text(entry, "CdtDbtInd"), where)
    amount_el = _find(entry, "Amt")
    if amount_el is None:
        raise StatementFileError(_("{where}: the amount is missing.").format(where=where))
    amount = _camt_amount(amount_el.text, where)
    ccy = (amount_el.get("Ccy") or "").strip()
    if account_ccy and ccy and ccy != account_ccy:
        raise StatementFileError(_("{where}: the amount is in {ccy}, but the account is in {acct}.").format(
            where=where, ccy=ccy, acct=account_ccy))
    booking_date = _camt_date(_find(entry, "BookgDt"), where) or _camt_date(_find(entry, "ValDt"), where)
    if booking_date is None:
        raise StatementFileError(_("{where}: the booking date is missing.").format(where=where))
    entry_info = _text(entry, "AddtlNtryInf")

    txs = _findall(entry, "NtryDtls", "TxDtls")
    details = [_tx_details(tx, sign, where, no) for no, tx in enumerate(txs, start=1)]

    # A batch booking: one line per transaction, when each has its own amount and they add up.
    amounts = [d[0] for d in details]
    if len(details) > 1 and None not in amounts and sum(amounts) == sign * amount:
        return [
            _RawLine(account, booking_date, tx_amount, text or entry_info, ref, party, bank_ref, no)
            for no, (tx_amount, text, ref, party) in enumerate(details, start=1)
        ]

    def joined(values: list[str], sep: str) -> str:
        return sep.join(dict.fromkeys(v for v in values if v))

    text = joined([d[1] for d in details], " ") or entry_info
    reference = joined([d[2] for d in details], " ")
    party = joined([d[3] for d in details], ", ")
    return [_RawLine(account, booking_date, sign * amount, text, reference, party, bank_ref, 0)]


def _tx_details(tx: ET.Element, entry_sign: int, where: str, tx_no: int) -> tuple[Decimal | None, str, str, str]:
    """(signed amount or None, text, reference, counterparty) of one TxDtls."""
    tx_where = _("{where}, transaction {no}").format(where=where, no=tx_no)
    sign = _sign(_text(tx, "CdtDbtInd"), tx_where) if _text(tx, "CdtDbtInd") else entry_sign
    amount_el = _find(tx, "AmtDtls", "TxAmt", "Amt")
    if amount_el is None:
        amount_el = _find(tx, "Amt")
    amount = sign * _camt_amount(amount_el.text, tx_where) if amount_el is not None else None

    rmt = _find(tx, "RmtInf")
    parts = [_clean(u.text) for u in _kids(rmt, "Ustrd")]
    parts += [_clean(r.text) for r in _findall(rmt, "Strd", "CdtrRefInf", "Ref")]
    text = " ".join(p for p in parts if p) or _text(tx, "AddtlTxInf")

    reference = _reference(_text(tx, "Refs", "EndToEndId"))
    role = "Dbtr" if sign > 0 else "Cdtr"
    party = _text(tx, "RltdPties", role, "Nm") or _text(tx, "RltdPties", role, "Pty", "Nm")
    return amount, text, reference, party


def _sign(indicator: str, where: str) -> int:
    code = indicator.upper()
    if code == "CRDT":
        return 1
    if code == "DBIT":
        return -1
    if not code:
        raise StatementFileError(_("{where}: the credit/debit indicator (CdtDbtInd) is missing.").format(where=where))
    raise StatementFileError(_("{where}: the credit/debit indicator '{code}' is neither CRDT nor DBIT.").format(
        where=where, code=indicator))


_CAMT_AMOUNT = re.compile(r"\d+(\.\d+)?")


def _camt_amount(text: str | None, where: str) -> Decimal:
    value = (text or "").strip()
    if not value:
        raise StatementFileError(_("{where}: the amount is missing.").format(where=where))
    if value.startswith("-"):
        raise StatementFileError(_("{where}: the amount '{value}' is negative; camt amounts are unsigned "
                                   "(CdtDbtInd gives the direction).").format(where=where, value=_shorten(value)))
    if not _CAMT_AMOUNT.fullmatch(value):
        raise StatementFileError(_("{where}: the amount '{value}' is not a number.").format(where=where, value=_shorten(value)))
    if len(value.partition(".")[0].lstrip("0")) > MAX_AMOUNT_DIGITS:
        raise StatementFileError(_("{where}: the amount '{value}' is too large.").format(
            where=where, value=_shorten(value)))
    amount = Decimal(value)
    if amount != amount.quantize(CENT):
        raise StatementFileError(_("{where}: the amount '{value}' has more than 2 decimals.").format(
            where=where, value=_shorten(value)))
    return amount.quantize(CENT)


def _camt_date(el: ET.Element | None, where: str) -> dt.date | None:
    """The date of a BookgDt/ValDt element (its Dt, or the date part of its DtTm)."""
    if el is None:
        return None
    value = _text(el, "Dt") or _text(el, "DtTm")[:10]
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StatementFileError(_("{where}: the date '{value}' is not a valid date.").format(
            where=where, value=_shorten(value))) from None


def _camt_keys(raw: list[_RawLine]) -> list[StatementLine]:
    lines: list[StatementLine] = []
    seen: Counter[str] = Counter()
    for r in raw:
        if r.bank_ref:
            key = f"camt:{r.account}:{r.bank_ref}" + (f":{r.tx_index}" if r.tx_index else "")
            seen[key] += 1
            if seen[key] > 1:
                key += f"#{seen[key]}"
        else:
            digest = _digest(r.account, r.booking_date.isoformat(), str(r.amount), r.text, r.reference,
                             r.counterparty)
            seen[digest] += 1
            key = f"camt:{r.account}:{digest}:{seen[digest]}"
        lines.append(StatementLine(r.booking_date, r.amount, r.text, r.reference, r.counterparty, key))
    return lines


# ---------------------------------------------------------------------------------------------------------------------
# CSV

_COLUMN_ALIASES = {
    "date": ("date", "booking date", "date operation", "date d'operation", "date de l'operation",
             "date comptable", "transaction date"),
    "amount": ("amount", "montant"),
    "debit": ("debit",),
    "credit": ("credit",),
    "text": ("text", "libelle", "description", "label", "libelle operation", "libelle de l'operation"),
    "reference": ("reference", "ref"),
}


def _column_name(role: str) -> str:
    names = {"amount": _("amount"), "debit": _("debit"), "credit": _("credit")}
    return names[role]

_HEADER_SEARCH_ROWS = 20
_MAX_SHOWN = 120  # characters of a header quoted back in an error message
_DELIMITERS = (";", "\t", ",")


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise StatementFileError(_("The file cannot be read: it starts like UTF-16 text but is not.")) from None
    data = _strip_bom(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _header_key(cell: str) -> str:
    """Fold a header cell for matching: no accents, no case, no "(EUR)" suffix, no trailing ":"."""
    key = fold(cell)
    key = re.sub(r"\s*\(.*?\)\s*", " ", key).strip().rstrip(":.").strip()
    return key.replace("\u2019", "'")


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _header_key(cell)
        for role, aliases in _COLUMN_ALIASES.items():
            if key in aliases and role not in found:
                found[role] = index
    return found


def _usable(columns: dict[str, int]) -> bool:
    return "date" in columns and ("amount" in columns or ("debit" in columns and "credit" in columns))


def _sniff_delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties: the earlier of ; tab ,
    return best if counts[best] else None


def parse_csv(data: bytes) -> StatementFile:
    """Parse a CSV bank export: a header row naming the columns, then one row per statement line."""
    if not data or not _strip_bom(data).strip():
        raise StatementFileError(_("The bank statement file is empty."))
    text = _decode(data)
    physical = re.split(r"\r\n|\r|\n", text)
    if len(physical) > MAX_STATEMENT_LINES:
        raise StatementFileError(_("The bank statement file has {n:,} lines; at most {most:,} are imported at "
                                   "once.").format(n=len(physical), most=MAX_STATEMENT_LINES))
    if physical[-1].strip():
        # a file that stops inside a line may have been cut short: "45,50" would read as 45
        raise StatementFileError(_("Line {line}: the file ends inside this line (no line end after it), so it "
                                   "may be cut short. Download the statement again; if it is whole, end its last "
                                   "line and import it again.").format(line=len(physical)))

    header_line = None
    delimiter = None
    columns: dict[str, int] = {}
    first_nonblank = None
    looked = 0
    for index, line in enumerate(physical):
        if not line.strip():
            continue
        if first_nonblank is None:
            first_nonblank = index
        looked += 1
        if looked > _HEADER_SEARCH_ROWS:
            break
        delim = _sniff_delimiter(line)
        if delim is None:
            continue
        cols = _columns(next(csv.reader([line], delimiter=delim)))
        if _usable(cols):
            header_line, delimiter, columns = index, delim, cols
            break
    if header_line is None:
        raise _missing_columns(physical, first_nonblank)

    reader = csv.reader(io.StringIO("\n".join(physical[header_line + 1:])), delimiter=delimiter)
    decimal_comma = delimiter == ";"
    raw: list[tuple[dt.date, Decimal, str, str]] = []
    last_line = header_line + 1  # physical line number (1-based) of the header
    while True:
        line_no = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise StatementFileError(_("Line {line}: the CSV row cannot be read ({reason}).").format(
                line=line_no, reason=exc)) from None
        last_line = header_line + 1 + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        raw.append(_csv_row(row, columns, line_no, decimal_comma))

    lines: list[StatementLine] = []
    seen: Counter[str] = Counter()
    for booking_date, amount, label, reference in raw:
        digest = _digest(booking_date.isoformat(), str(amount), label, reference)
        seen[digest] += 1
        lines.append(StatementLine(booking_date, amount, label, reference, "", f"csv:{digest}:{seen[digest]}"))
    return StatementFile(format=FORMAT_CSV, statement_id="", account="", lines=tuple(lines))


def _missing_columns(physical: list[str], first_nonblank: int | None) -> StatementFileError:
    if first_nonblank is None:  # e.g. only a UTF-16 byte order mark
        return StatementFileError(_("The bank statement file is empty."))
    line = physical[first_nonblank]
    delim = _sniff_delimiter(line) or ";"
    header = [c.strip() for c in next(csv.reader([line], delimiter=delim)) if c.strip()]
    found = ", ".join(header)
    if len(found) > _MAX_SHOWN:
        found = found[:_MAX_SHOWN - 1] + "…"
    return StatementFileError(
        _("Line {line}: the CSV file needs a header row with a date column and an amount column "
          "(or a debit and a credit column); found: {found}.").format(
            line=first_nonblank + 1, found=found or _("nothing")))


def _cell(row: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _csv_row(row: list[str], columns: dict[str, int], line_no: int,
             decimal_comma: bool) -> tuple[dt.date, Decimal, str, str]:
    booking_date = _csv_date(_cell(row, columns, "date"), line_no)
    if "amount" in columns:
        value = _cell(row, columns, "amount")
        if not value:
            raise StatementFileError(_("Line {line}: the amount is missing.").format(line=line_no))
        amount = _csv_amount(value, line_no, "amount", decimal_comma)
    else:
        debit_text, credit_text = _cell(row, columns, "debit"), _cell(row, columns, "credit")
        debit = _csv_amount(debit_text, line_no, "debit", decimal_comma) if debit_text else None
        credit = _csv_amount(credit_text, line_no, "credit", decimal_comma) if credit_text else None
        if debit is None and credit is None:
            raise StatementFileError(_("Line {line}: the debit and the credit are both empty.").format(line=line_no))
        if debit and credit:
            raise StatementFileError(_("Line {line}: it has both a debit and a credit.").format(line=line_no))
        amount = abs(credit) if credit else -abs(debit or Decimal(0)) + 0
    return booking_date, amount, _clean(_cell(row, columns, "text")), _reference(_cell(row, columns, "reference"))


_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),
)


def _csv_date(value: str, line_no: int) -> dt.date:
    if not value:
        raise StatementFileError(_("Line {line}: the date is missing.").format(line=line_no))
    for pattern, (y, m, d) in _DATE_FORMATS:
        match = pattern.fullmatch(value)
        if match:
            try:
                return dt.date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                break
    raise StatementFileError(_("Line {line}: the date '{value}' is not a valid date "
                               "(expected yyyy-mm-dd, dd/mm/yyyy or dd.mm.yyyy).").format(line=line_no, value=_shorten(value)))


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_CURRENCY = re.compile(r"^(€|EUR)|(€|EUR)$", re.IGNORECASE)


def _csv_amount(value: str, line_no: int, role: str, decimal_comma: bool) -> Decimal:
    """A text amount as written by banks: "1234.56", "1 234,56", "1.234,56", "-12,00", "+90.00"."""

    def not_a_number() -> StatementFileError:
        return StatementFileError(_("Line {line}: the {column} '{value}' is not a number.").format(
            line=line_no, column=_column_name(role), value=_shorten(value)))

    body = _SPACES.sub("", value)
    body = _CURRENCY.sub("", body)
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1]
    if body.startswith(("+", "-")):
        negative, body = (body[0] == "-") != negative, body[1:]
    elif body.endswith("-"):
        negative, body = True, body[:-1]
    if not re.fullmatch(r"[\d.,]+", body):
        raise not_a_number()

    dots, commas = body.count("."), body.count(",")
    decimal_sep = thousands_sep = None
    if dots and commas:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        if body.count(decimal_sep) > 1 or body.rfind(thousands_sep) > body.rfind(decimal_sep):
            raise not_a_number()
    elif commas:
        if commas == 1:
            decimal_sep = ","
        else:
            thousands_sep = ","
    elif dots:
        after = body.rsplit(".", 1)[1]
        if dots == 1 and not (decimal_comma and len(after) == 3):
            decimal_sep = "."
        else:
            thousands_sep = "."

    whole, _sep, fraction = body.partition(decimal_sep) if decimal_sep else (body, "", "")
    if thousands_sep:
        groups = whole.split(thousands_sep)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise not_a_number()
        whole = "".join(groups)
    if not whole.isdigit() and not (whole == "" and fraction.isdigit()):
        raise not_a_number()
    if decimal_sep and not fraction.isdigit():
        raise not_a_number()
    if len(whole.lstrip("0")) > MAX_AMOUNT_DIGITS:
        raise StatementFileError(_("Line {line}: the {column} '{value}' is too large.").format(
            line=line_no, column=_column_name(role), value=_shorten(value)))
    if len(fraction) > 2:
        raise StatementFileError(_("Line {line}: the {column} '{value}' has more than 2 decimals.").format(
            line=line_no, column=_column_name(role), value=_shorten(value)))
    try:
        amount = Decimal(f"{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the checks above leave only digits
        raise not_a_number() from None
    return (-amount if negative else amount).quantize(CENT) + 0  # + 0 turns -0.00 into 0.00
