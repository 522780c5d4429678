"""Bank statement files: camt.053 and CSV parsed into exact, signed lines with stable import keys."""

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from salesdesk.model import SalesDeskError
from salesdesk.model.receivables.bank_files import (
    StatementFile,
    StatementFileError,
    StatementLine,
    parse_camt053,
    parse_csv,
    parse_statement,
)

DATA = Path(__file__).parent.parent / "data" / "bank"
IBAN = "FR7630006000011234567890189"
D = Decimal


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def camt(entries: str, *, version: str = "02", stmt_id: str = "S-1", extra_stmt: str = "") -> bytes:
    """A minimal camt.053 document around ``entries`` (Ntry elements)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M-1</MsgId><CreDtTm>2026-03-12T18:30:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{stmt_id}</Id>
      <Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      {entries}
    </Stmt>
    {extra_stmt}
  </BkToCstmrStmt>
</Document>""".encode()


def ntry(amount="10.00", ind="CRDT", sts="BOOK", date="2026-03-10", ref="", details="", ccy="EUR") -> str:
    ref_xml = f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""
    return (f'<Ntry><Amt Ccy="{ccy}">{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd><Sts>{sts}</Sts>'
            f"<BookgDt><Dt>{date}</Dt></BookgDt>{ref_xml}<NtryDtls>{details}</NtryDtls></Ntry>")


def tx(text="", amount=None, dbtr="", e2e="") -> str:
    amt = f'<AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>' if amount else ""
    refs = f"<Refs><EndToEndId>{e2e}</EndToEndId></Refs>" if e2e else ""
    party = f"<RltdPties><Dbtr><Nm>{dbtr}</Nm></Dbtr></RltdPties>" if dbtr else ""
    return f"<TxDtls>{refs}{amt}{party}<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls>"


def error_of(parse, data: bytes) -> str:
    with pytest.raises(StatementFileError) as info:
        parse(data)
    return str(info.value)


# --- camt.053.001.02 sample -------------------------------------------------------------------------------------------


def test_camt_sample_header_and_every_booked_line():
    st = parse_statement(read("camt053_sample.xml"), "camt053_sample.xml")
    assert isinstance(st, StatementFile)
    assert (st.format, st.statement_id, st.account) == ("camt.053", "STMT-2026-03-10", IBAN)
    got = [(ln.booking_date, ln.amount, ln.text, ln.reference, ln.counterparty, ln.import_key) for ln in st.lines]
    key = f"camt:{IBAN}:"
    assert got == [
        (dt.date(2026, 3, 10), D("120.00"), "Facture PSI-00001", "E2E-DURAND-1", "Durand SARL", key + "2026031000001"),
        (dt.date(2026, 3, 10), D("90.00"), "Reglement PSI-00002 PSI-00003", "", "Martin et Fils",
         key + "2026031000002"),
        (dt.date(2026, 3, 11), D("45.50"), "Cotisation annuelle", "", "Inconnu SA", key + "2026031100003"),
        (dt.date(2026, 3, 11), D("-12.00"), "Frais bancaires", "", "", key + "2026031100004"),
        (dt.date(2026, 3, 12), D("58.80"), "Virement", "", "Durand SARL", key + "2026031200005"),
        (dt.date(2026, 3, 12), D("50.00"), "PSI-00004", "E2E-PETIT-4", "Petit Commerce", key + "2026031200006:1"),
        (dt.date(2026, 3, 12), D("25.00"), "PSI-00005", "", "Boulangerie Éclair", key + "2026031200006:2"),
    ]


def test_camt_amounts_are_exact_two_decimal_decimals():
    for line in parse_camt053(read("camt053_sample.xml")).lines:
        assert isinstance(line.amount, Decimal)
        assert line.amount.as_tuple().exponent == -2


def test_camt_pending_entry_is_skipped():
    st = parse_camt053(read("camt053_sample.xml"))
    assert D("10.00") not in [ln.amount for ln in st.lines]
    assert not any("2026031200007" in ln.import_key for ln in st.lines)
    assert not any("attente" in ln.text for ln in st.lines)


def test_camt_batch_entry_is_split_into_lines_summing_to_the_entry():
    st = parse_camt053(read("camt053_sample.xml"))
    batch = [ln for ln in st.lines if ":2026031200006" in ln.import_key]
    assert len(batch) == 2
    assert sum(ln.amount for ln in batch) == D("75.00")
    # The statement's net movement (closing 1377.30 - opening 1000.00) is preserved.
    assert sum(ln.amount for ln in st.lines) == D("377.30")


def test_camt_import_keys_are_stable_and_unique():
    first = parse_camt053(read("camt053_sample.xml"))
    again = parse_statement(read("camt053_sample.xml"))
    keys = [ln.import_key for ln in first.lines]
    assert keys == [ln.import_key for ln in again.lines]
    assert len(set(keys)) == len(keys)
    assert first == again


def test_lines_are_frozen():
    line = parse_camt053(read("camt053_sample.xml")).lines[0]
    assert isinstance(line, StatementLine)
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.amount = D("1.00")


# --- camt.053.001.08 sample -------------------------------------------------------------------------------------------


def test_camt_v8_is_read_by_local_names():
    st = parse_statement(read("camt053_v8.xml"))
    assert (st.format, st.statement_id, st.account) == ("camt.053", "STMT-2026-03-13", IBAN)
    credit, debit = st.lines
    assert credit == StatementLine(
        booking_date=dt.date(2026, 3, 13), amount=D("200.00"), text="Paiement PSI-00006",
        reference="E2E-LEROY-7", counterparty="Leroy & Cie", import_key=f"camt:{IBAN}:2026031300001")
    # A debit names the creditor; with no AcctSvcrRef the key falls back to NtryRef.
    assert debit == StatementLine(
        booking_date=dt.date(2026, 3, 13), amount=D("-30.00"), text="Remboursement PSC-00001",
        reference="REFUND-0001", counterparty="Rousseau Jean", import_key=f"camt:{IBAN}:N-0002")


def test_camt_version_04_namespace_and_othr_account_id():
    data = camt(ntry(ref="R1", details=tx("Hello", dbtr="X")), version="04").replace(
        f"<IBAN>{IBAN}</IBAN>".encode(), b"<Othr><Id>12345678</Id></Othr>")
    st = parse_camt053(data)
    assert st.account == "12345678"
    assert st.lines[0].import_key == "camt:12345678:R1"


# --- camt edge cases --------------------------------------------------------------------------------------------------


def test_camt_structured_reference_notprovided_and_whitespace():
    details = ("<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd>  Facture\n  PSI-1 </Ustrd>"
               "<Ustrd>PSI-2</Ustrd><Strd><CdtrRefInf><Ref>RF18PSI3</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>")
    line, = parse_camt053(camt(ntry(ref="R1", details=details))).lines
    assert (line.text, line.reference, line.counterparty) == ("Facture PSI-1 PSI-2 RF18PSI3", "", "")


def test_camt_entry_without_details_uses_additional_entry_info():
    entry = ('<Ntry><Amt Ccy="EUR">3.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
             "<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt><AcctSvcrRef>F1</AcctSvcrRef>"
             "<AddtlNtryInf>COMMISSION TENUE DE COMPTE</AddtlNtryInf></Ntry>")
    line, = parse_camt053(camt(entry)).lines
    assert (line.amount, line.text) == (D("-3.50"), "COMMISSION TENUE DE COMPTE")


def test_camt_value_date_stands_in_for_a_missing_booking_date():
    entry = ('<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
             "<ValDt><Dt>2026-03-09</Dt></ValDt><AcctSvcrRef>V1</AcctSvcrRef></Ntry>")
    assert parse_camt053(camt(entry)).lines[0].booking_date == dt.date(2026, 3, 9)


def test_camt_entries_without_reference_get_hash_keys_counting_identical_lines():
    same = ntry(details=tx("Virement", dbtr="A"))
    other = ntry(amount="11.00", details=tx("Virement", dbtr="A"))
    st = parse_camt053(camt(same + same + other))
    keys = [ln.import_key for ln in st.lines]
    assert len(set(keys)) == 3
    assert keys[0].startswith(f"camt:{IBAN}:") and keys[0].endswith(":1")
    assert keys[1] == keys[0][:-1] + "2"
    assert keys == [ln.import_key for ln in parse_camt053(camt(same + same + other)).lines]


def test_camt_repeated_bank_reference_still_gives_unique_keys():
    st = parse_camt053(camt(ntry(ref="R1", details=tx("a")) + ntry(ref="R1", details=tx("b"))))
    assert [ln.import_key for ln in st.lines] == [f"camt:{IBAN}:R1", f"camt:{IBAN}:R1#2"]


def test_camt_batch_whose_details_do_not_add_up_stays_one_line():
    details = tx("PSI-1", amount="50.00", dbtr="A") + tx("PSI-2", amount="20.00", dbtr="B")
    line, = parse_camt053(camt(ntry(amount="75.00", ref="B1", details=details))).lines
    assert (line.amount, line.text, line.counterparty, line.import_key) == (
        D("75.00"), "PSI-1 PSI-2", "A, B", f"camt:{IBAN}:B1")


def test_camt_debit_batch_splits_with_negative_amounts():
    details = tx("Supplier 1", amount="7.00") + tx("Supplier 2", amount="3.00")
    st = parse_camt053(camt(ntry(amount="10.00", ind="DBIT", ref="D1", details=details)))
    assert [ln.amount for ln in st.lines] == [D("-7.00"), D("-3.00")]


def test_camt_several_statements_take_all_lines():
    second = f"<Stmt><Id>S-2</Id><Acct><Id><IBAN>{IBAN}</IBAN></Id></Acct>{ntry(ref='R2', details=tx('b'))}</Stmt>"
    st = parse_camt053(camt(ntry(ref="R1", details=tx("a")), extra_stmt=second))
    assert st.statement_id == "S-1, S-2"
    assert st.account == IBAN
    assert [ln.text for ln in st.lines] == ["a", "b"]


@pytest.mark.parametrize("status", ["PDNG", "Pending", "INFO"])
def test_camt_not_booked_statuses_are_skipped(status):
    assert parse_camt053(camt(ntry(sts=status, ref="P") + ntry(ref="B"))).lines[0].import_key.endswith(":B")
    assert len(parse_camt053(camt(ntry(sts=status, ref="P"))).lines) == 0


def test_camt_status_code_element_pending_is_skipped():
    data = camt(ntry(ref="P").replace("<Sts>BOOK</Sts>", "<Sts><Cd>PDNG</Cd></Sts>"), version="08")
    assert parse_camt053(data).lines == ()


def test_camt_statement_with_no_entries_has_no_lines():
    st = parse_camt053(camt(""))
    assert (st.statement_id, st.lines) == ("S-1", ())


@pytest.mark.parametrize(("entry", "message"), [
    (ntry(amount="-5.00", ref="R9"), "Entry 2 (R9): the amount '-5.00' is negative"),
    (ntry(amount="5.001", ref="R9"), "Entry 2 (R9): the amount '5.001' has more than 2 decimals."),
    (ntry(amount="5,00", ref="R9"), "Entry 2 (R9): the amount '5,00' is not a number."),
    (ntry(amount=""), "Entry 2: the amount is missing."),
    (ntry(ind="XXXX", ref="R9"), "Entry 2 (R9): the credit/debit indicator 'XXXX' is neither CRDT nor DBIT."),
    (ntry(date="2026-02-30", ref="R9"), "Entry 2 (R9): the date '2026-02-30' is not a valid date."),
    (ntry(sts="WHAT", ref="R9"), "Entry 2 (R9): unknown entry status 'WHAT'."),
    (ntry(ccy="USD", ref="R9"), "Entry 2 (R9): the amount is in USD, but the account is in EUR."),
    (ntry(ref="R9", details=tx("x", amount="abc")), "Entry 2 (R9), transaction 1: the amount 'abc' is not a number."),
])
def test_camt_errors_name_the_entry(entry, message):
    assert message in error_of(parse_camt053, camt(ntry(ref="OK") + entry))


def test_camt_missing_booking_date_is_refused():
    entry = '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryRef>N7</NtryRef></Ntry>'
    assert error_of(parse_camt053, camt(entry)) == "Entry 1 (N7): the booking date is missing."


def test_camt_errors_are_sales_desk_errors():
    assert issubclass(StatementFileError, SalesDeskError)


@pytest.mark.parametrize(("data", "message"), [
    (b"<Document><BkToCstmrStmt><Stmt>", "not well-formed XML (line 1"),
    (b"<html><body>Hello</body></html>", "not a camt.053 bank statement"),
    (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn/></Document>',
     "not a camt.053 bank statement"),
    (b"<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>", "contains no statement"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>', "declares a DTD"),
    (b"", "empty"),
])
def test_camt_file_level_errors(data, message):
    assert message in error_of(parse_camt053, data)


# --- CSV samples ------------------------------------------------------------------------------------------------------


def test_french_csv_sample():
    st = parse_statement(read("statement.csv"), "statement.csv")
    assert (st.format, st.statement_id, st.account) == ("csv", "", "")
    got = [(ln.booking_date, ln.amount, ln.text, ln.reference, ln.counterparty) for ln in st.lines]
    assert got == [
        (dt.date(2026, 3, 10), D("120.00"), "Facture PSI-00001", "E2E-DURAND-1", ""),
        (dt.date(2026, 3, 10), D("90.00"), "Reglement PSI-00002 PSI-00003", "", ""),
        (dt.date(2026, 3, 11), D("45.50"), "Cotisation annuelle", "", ""),
        (dt.date(2026, 3, 11), D("-12.00"), "Frais bancaires", "", ""),
    ]
    keys = [ln.import_key for ln in st.lines]
    assert all(k.startswith("csv:") and k.endswith(":1") for k in keys)
    assert len(set(keys)) == 4
    assert keys == [ln.import_key for ln in parse_csv(read("statement.csv")).lines]


def test_english_comma_csv_sample():
    st = parse_statement(read("statement_comma.csv"))
    got = [(ln.booking_date, ln.amount, ln.text, ln.reference) for ln in st.lines]
    assert got == [
        (dt.date(2026, 3, 12), D("58.80"), "Virement Durand SARL", ""),
        (dt.date(2026, 3, 13), D("1234.56"), "Payment PSI-00007, thanks", "REF-7"),
    ]


def test_bad_amount_sample_names_the_line():
    assert error_of(parse_statement, read("bad_amount.csv")) == "Line 3: the amount '12,3,4' is not a number."


def test_csv_key_does_not_depend_on_the_file_layout():
    french = parse_csv("Date;Libellé;Montant\n10/03/2026;Facture PSI-00001;120,00\n".encode())
    english = parse_csv(b"amount,text,date\n120.00,Facture PSI-00001,2026-03-10\n")
    assert french.lines[0].import_key == english.lines[0].import_key


# --- CSV variants -----------------------------------------------------------------------------------------------------


def test_csv_identical_rows_are_two_lines_with_two_keys():
    data = b"date;text;amount\n2026-03-10;Virement;10,00\n2026-03-10;Virement;10,00\n"
    first, second = parse_csv(data).lines
    assert first.amount == second.amount == D("10.00")
    assert first.import_key != second.import_key
    assert first.import_key.rsplit(":", 1)[0] == second.import_key.rsplit(":", 1)[0]
    assert [ln.import_key for ln in parse_csv(data).lines] == [first.import_key, second.import_key]


def test_csv_debit_and_credit_columns():
    data = ("Date opération;Libellé;Débit;Crédit\n"
            "10/03/2026;Frais bancaires;12,00;\n"
            "10/03/2026;Virement Durand;;120,00\n"
            "11/03/2026;Prélèvement;-7,50;\n").encode()
    st = parse_csv(data)
    assert [(ln.text, ln.amount) for ln in st.lines] == [
        ("Frais bancaires", D("-12.00")), ("Virement Durand", D("120.00")), ("Prélèvement", D("-7.50"))]


@pytest.mark.parametrize(("row", "message"), [
    ("10/03/2026;x;;", "Line 2: the debit and the credit are both empty."),
    ("10/03/2026;x;1,00;2,00", "Line 2: it has both a debit and a credit."),
    ("10/03/2026;x;abc;", "Line 2: the debit 'abc' is not a number."),
])
def test_csv_debit_credit_errors(row, message):
    assert error_of(parse_csv, f"Date;Libellé;Débit;Crédit\n{row}\n".encode()) == message


def test_csv_cp1252_fallback():
    data = "Date;Libellé;Montant;Référence\n10/03/2026;Boulangerie Éclair – août;25,00;PSI-00005\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    line, = parse_csv(data).lines
    assert (line.text, line.amount, line.reference) == ("Boulangerie Éclair – août", D("25.00"), "PSI-00005")


def test_csv_utf16_tab_export():
    data = "Date\tLabel\tAmount\n10.03.2026\tCafé\t4,20\n".encode("utf-16")
    line, = parse_statement(data).lines
    assert (line.booking_date, line.text, line.amount) == (dt.date(2026, 3, 10), "Café", D("4.20"))


@pytest.mark.parametrize(("text", "expected"), [
    ("1234.56", "1234.56"),
    ("1 234,56", "1234.56"),
    ("1\u00a0234,56", "1234.56"),
    ("1\u202f234,56", "1234.56"),
    ("1.234,56", "1234.56"),
    ("1,234.56", "1234.56"),
    ("-12,00", "-12.00"),
    ("+90.00", "90.00"),
    ("7", "7.00"),
    ("0,5", "0.50"),
    ("12,00 €", "12.00"),
    ("12.00-", "-12.00"),
    ("(12,00)", "-12.00"),
    ("1.234", "1234.00"),  # decimal-comma file: a dot before 3 digits groups thousands
    ("1.234.567,89", "1234567.89"),
    ("-0,00", "0.00"),
])
def test_csv_amount_formats(text, expected):
    line, = parse_csv(f'date;text;amount\n2026-03-10;x;"{text}"\n'.encode()).lines
    assert line.amount == D(expected)
    assert str(line.amount) == expected


@pytest.mark.parametrize("text", ["12,3,4", "1.2.3", "abc", "1,2.3", "12..5", "--5", "1.", "€"])
def test_csv_malformed_amounts(text):
    assert error_of(parse_csv, f'date;text;amount\n2026-03-10;x;"{text}"\n'.encode()) == (
        f"Line 2: the amount '{text}' is not a number.")


def test_csv_more_than_two_decimals_is_refused():
    message = error_of(parse_csv, b"date,text,amount\n2026-03-10,x,1.234\n")
    assert message == "Line 2: the amount '1.234' has more than 2 decimals."


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-10", dt.date(2026, 3, 10)),
    ("10/03/2026", dt.date(2026, 3, 10)),
    ("10.03.2026", dt.date(2026, 3, 10)),
    ("1/3/2026", dt.date(2026, 3, 1)),
])
def test_csv_date_formats(text, expected):
    assert parse_csv(f"date;text;amount\n{text};x;1\n".encode()).lines[0].booking_date == expected


@pytest.mark.parametrize("text", ["31/02/2026", "2026/03/10", "10-03-2026", "03/10/26", "hier"])
def test_csv_bad_date_names_the_line(text):
    data = f"date;text;amount\n2026-03-10;ok;1\n\n{text};x;1\n".encode()
    message = error_of(parse_csv, data)
    assert message.startswith(f"Line 4: the date '{text}' is not a valid date")


def test_csv_missing_cells_name_the_line():
    assert error_of(parse_csv, b"date;text;amount\n2026-03-10;x;\n") == "Line 2: the amount is missing."
    assert error_of(parse_csv, b"date;text;amount\n;x;1\n") == "Line 2: the date is missing."


def test_csv_blank_lines_are_skipped_and_line_numbers_count_them():
    data = b"\ndate;text;amount;reference\n\n2026-03-10;a;1;NOTPROVIDED\n;;;\n\n2026-03-11;b;x\n"
    assert error_of(parse_csv, data) == "Line 7: the amount 'x' is not a number."
    st = parse_csv(data.replace(b";x\n", b";2\n"))
    assert [(ln.text, ln.amount, ln.reference) for ln in st.lines] == [("a", D("1.00"), ""), ("b", D("2.00"), "")]


def test_csv_line_numbers_after_a_multiline_quoted_field():
    data = b'date,text,amount\n2026-03-10,"two\nlines",1\n2026-03-11,x,bad\n'
    assert error_of(parse_csv, data) == "Line 4: the amount 'bad' is not a number."
    assert parse_csv(data.replace(b"bad", b"2")).lines[0].text == "two lines"


def test_csv_preamble_before_the_header_is_skipped():
    data = ("Compte courant;FR76 3000 6000 0112 3456 7890 189\n"
            "Solde au 12/03/2026;1 377,30\n"
            "\n"
            "Date;Libellé;Montant (EUR)\n"
            "12/03/2026;Virement;58,80\n"
            "12/03/2026;Virement;oops\n").encode()
    assert error_of(parse_csv, data) == "Line 6: the amount 'oops' is not a number."


def test_csv_header_only_has_no_lines():
    assert parse_csv(b"date;text;amount\n").lines == ()


@pytest.mark.parametrize(("data", "message"), [
    (b"Date;Libelle;Reference\n10/03/2026;x;y\n",
     ("Line 1: the CSV file needs a header row with a date column and an amount column "
      "(or a debit and a credit column); found: Date, Libelle, Reference.")),
    (b"Date;Libelle;Debit\n", "found: Date, Libelle, Debit."),
    (b"10/03/2026;x;1,00\n", "Line 1: the CSV file needs a header row"),
    (b"\n\nhello world\n", "Line 3: the CSV file needs a header row"),
])
def test_csv_missing_columns(data, message):
    assert message in error_of(parse_csv, data)


# --- sniffing and empty files -----------------------------------------------------------------------------------------


def test_sniffing_picks_camt_for_xml_even_with_bom_and_whitespace():
    data = b"\xef\xbb\xbf\n  " + read("camt053_v8.xml")
    assert parse_statement(data).format == "camt.053"
    assert parse_statement(data, "export.csv").format == "camt.053"


def test_sniffing_picks_csv_otherwise():
    assert parse_statement(read("statement_comma.csv"), "statement_comma.csv").format == "csv"
    assert parse_statement(read("statement.csv"), "STATEMENT.TXT").format == "csv"


def test_a_file_named_xml_is_read_as_camt():
    message = error_of(lambda d: parse_statement(d, "releve.XML"), read("statement.csv"))
    assert "not well-formed XML" in message


@pytest.mark.parametrize("data", [b"", b"   \n\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
@pytest.mark.parametrize("parse", [parse_statement, parse_csv, parse_camt053])
def test_empty_files_are_refused(parse, data):
    assert error_of(parse, data) == "The bank statement file is empty."


def test_xml_error_line_numbers_count_leading_blank_lines():
    assert "(line 3, column" in error_of(parse_camt053, b"\n\n<Document><a></b></Document>\n")


def test_huge_amounts_are_refused_not_crashing():
    big = "9" * 60
    assert "is too large" in error_of(parse_csv, f"date;text;amount\n2026-03-10;x;{big}\n".encode())
    assert "is too large" in error_of(parse_camt053, camt(ntry(amount=big, ref="R1")))
    assert parse_csv(b"date;text;amount\n2026-03-10;x;9999999999999,99\n").lines[0].amount == D("9999999999999.99")


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x00\x01",
    b"\xff\xfe",
    b"<",
])
def test_files_that_are_not_statements_give_a_clerk_readable_error(data):
    assert error_of(parse_statement, data)


def test_unknown_xml_encoding_is_a_clerk_readable_error():
    data = read("camt053_v8.xml").replace(b'encoding="UTF-8"', b'encoding="UTF-9"')
    assert "unknown encoding" in error_of(parse_statement, data)
