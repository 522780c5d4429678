"""Bank statement reconciliation: import camt.053 / CSV, automatic matching with a confidence,
the clerk's changes, posting every accepted line in one transaction, no line imported twice."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import PostingError, SalesDeskError, ValidationError
from salesdesk.model.receivables.bank_files import StatementFileError
from tests.bank_support import CUSTOMERS, DATA, bank_fixture, open_remaining  # noqa: F401 - fixture
from tests.model.corrections_support import assert_unchanged, full_state
from tests.model.test_posting_support import assert_gl_balanced

D = Decimal


def test_a_camt053_statement_is_matched_line_by_line(bank):
    result = bank.payments.bank.import_file(DATA / "camt053_sample.xml")
    assert (result.imported, result.already_imported, result.matched) == (7, 0, 5)
    lines = {(line.amount, line.counterparty): line for line in bank.payments.bank.lines()}
    paid_one = lines[(D("120.00"), "Durand SARL")]
    assert (paid_one.customer_no, paid_one.apply_to, paid_one.confidence, paid_one.accepted) == (
        "DUR", "PSI-00001", 100, True)
    paid_two = lines[(D("90.00"), "Martin et Fils")]
    assert (paid_two.customer_no, paid_two.apply_to, paid_two.confidence) == ("MAR", "PSI-00002 PSI-00003", 100)
    by_name = lines[(D("58.80"), "Durand SARL")]
    assert (by_name.customer_no, by_name.apply_to, by_name.confidence) == ("DUR", "PSI-00006", 90)
    assert "name" in by_name.match_reason
    unknown = lines[(D("45.50"), "Inconnu SA")]
    assert (unknown.customer_no, unknown.confidence, unknown.accepted) == ("", 0, False)
    fee = lines[(D("-12.00"), "")]
    assert fee.confidence == 0 and not fee.accepted
    assert lines[(D("25.00"), "Boulangerie Éclair")].apply_to == "PSI-00005"
    assert bank.payments.bank.accepted_total() == D("343.80")

    payments = bank.payments.bank.post_accepted()

    assert [p.amount for p in payments] == [D("120.00"), D("90.00"), D("58.80"), D("50.00"), D("25.00")]
    for customer_no in CUSTOMERS:
        assert open_remaining(bank, customer_no) == {}, customer_no
    assert {line.status for line in bank.payments.bank.lines(status=None)} == {"open", "posted"}
    assert [line.amount for line in bank.payments.bank.lines()] == [D("45.50"), D("-12.00")]
    posted = [line for line in bank.payments.bank.lines(status="posted")]
    assert all(line.payment_no.startswith("PAY-") for line in posted)
    (entry,) = [e for e in bank.ledger.customer_entries("DUR") if e.document_no == payments[0].no]
    assert entry.posting_date == dt.date(2026, 3, 10)  # the booking date
    assert_gl_balanced(bank)


def test_the_same_statement_is_not_imported_twice(bank):
    bank.payments.bank.import_file(DATA / "camt053_sample.xml")
    bank.payments.bank.post_accepted()
    before = full_state(bank)
    again = bank.payments.bank.import_file(DATA / "camt053_sample.xml")
    assert (again.imported, again.already_imported) == (0, 7)
    assert_unchanged(bank, before)
    newer = bank.payments.bank.import_file(DATA / "camt053_v8.xml")
    assert newer.imported == 2


def test_the_clerk_matches_a_line_by_hand_ignores_fees_and_posts(bank):
    bank.payments.bank.import_file(DATA / "camt053_sample.xml")
    lines = {line.amount: line for line in bank.payments.bank.lines()}
    unknown, fee = lines[D("45.50")], lines[D("-12.00")]
    with pytest.raises(ValidationError) as err:
        bank.payments.bank.set_match(unknown.id, customer_no="PET", apply_to="PSI-00001")
    assert "not a posted document of customer PET" in err.value.errors["apply_to"]
    assert bank.payments.bank.line(unknown.id).customer_no == ""  # kept as it was
    bank.payments.bank.set_match(unknown.id, customer_no="PET")  # on account: a credit for Petit
    with pytest.raises(SalesDeskError, match="no customer"):
        bank.payments.bank.accept(fee.id)
    bank.payments.bank.ignore(fee.id)
    bank.payments.bank.accept(lines[D("58.80")].id, False)  # the clerk is not sure
    payments = bank.payments.bank.post_accepted()
    assert len(payments) == 5
    assert open_remaining(bank, "PET")["PAY-00003"] == D("-45.50")
    assert open_remaining(bank, "DUR") == {"PSI-00006": D("58.80")}
    assert [line.amount for line in bank.payments.bank.lines()] == [D("58.80")]
    assert [line.amount for line in bank.payments.bank.lines(status="ignored")] == [D("-12.00")]
    with pytest.raises(SalesDeskError, match="nothing to post"):
        bank.payments.bank.post_accepted()


def test_posting_is_all_or_nothing(bank):
    bank.payments.bank.import_file(DATA / "camt053_sample.xml")
    bank.customers.update("MAR", blocked="all")
    before = full_state(bank)
    with pytest.raises(PostingError) as err:
        bank.payments.bank.post_accepted()
    assert "blocked for all" in str(err.value) and "Statement line" in str(err.value)
    assert_unchanged(bank, before)


def test_a_csv_statement_is_imported_and_matched(bank):
    result = bank.payments.bank.import_file(DATA / "statement.csv")
    assert (result.imported, result.matched) == (4, 2)
    assert {line.apply_to for line in bank.payments.bank.lines() if line.accepted} == {
        "PSI-00001", "PSI-00002 PSI-00003"}
    assert bank.payments.bank.import_file(DATA / "statement.csv").imported == 0


def test_a_partial_payment_by_document_number_is_proposed_but_not_accepted(bank):
    csv = b"date;amount;text;reference\n10/03/2026;100,00;Facture PSI-00001 acompte;\n"
    bank.payments.bank.import_statement(csv, "partial.csv")
    (line,) = bank.payments.bank.lines()
    assert (line.customer_no, line.apply_to, line.confidence, line.accepted) == ("DUR", "PSI-00001", 70, False)


def test_a_bad_file_is_refused_with_its_line_and_nothing_is_imported(bank):
    before = full_state(bank)
    with pytest.raises(StatementFileError, match="Line 3"):
        bank.payments.bank.import_file(DATA / "bad_amount.csv")
    with pytest.raises(SalesDeskError, match="Cannot read"):
        bank.payments.bank.import_file(DATA / "missing.xml")
    assert_unchanged(bank, before)
