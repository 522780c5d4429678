"""A bank statement file from outside is bounded and checked before anything is written: no
pipe or device, no file beyond the size and line bounds, no CSV cut inside its last line,
no camt.053 whose entries do not add up to what it states."""

import os
import threading
import time
from decimal import Decimal

import pytest

from salesdesk.model import SalesDeskError
from salesdesk.model.receivables import bank_files, bank_matching
from salesdesk.model.receivables.bank_files import (
    StatementFileError,
    parse_camt053,
    parse_csv,
)

from .test_bank_files import camt, ntry
from .test_posting_support import every_row

CSV = "Date;Libellé;Montant;Référence\n10/03/2026;Facture PSI-00001;120,00;E2E-1\n11/03/2026;Cotisation;45,50;\n"


def test_a_csv_cut_inside_its_last_line_is_refused_with_the_line():
    whole = CSV.encode()
    assert [line.amount for line in parse_csv(whole).lines] == [Decimal("120.00"), Decimal("45.50")]
    cut = CSV[:-4].encode()  # "...;45" : the amount 45,50 cut to 45
    with pytest.raises(StatementFileError, match="Line 3: the file ends inside this line"):
        parse_csv(cut)


def _summary(count, total):
    return (f"<TxsSummry><TtlNtries><NbOfNtries>{count}</NbOfNtries><Sum>{total}</Sum></TtlNtries>"
            f"</TxsSummry>")


def test_a_camt_whose_entries_do_not_add_up_is_refused():
    entries = ntry("10.00") + ntry("5.50", ind="DBIT")
    assert len(parse_camt053(camt(_summary(2, "15.50") + entries)).lines) == 2
    with pytest.raises(StatementFileError, match="says it holds 3 entries but 2"):
        parse_camt053(camt(_summary(3, "15.50") + entries))
    with pytest.raises(StatementFileError, match="add up to 15.50, not to the 25.50"):
        parse_camt053(camt(_summary(2, "25.50") + entries))


def test_a_pending_entry_is_not_counted_as_banks_do():
    entries = ntry("10.00") + ntry("99.00", sts="PDNG")
    assert len(parse_camt053(camt(_summary(1, "10.00") + entries)).lines) == 1


def test_a_pipe_is_refused_at_once_and_nothing_waits_for_it(shop, tmp_path):
    fifo = tmp_path / "statement.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(SalesDeskError, match="is not a file"):
        shop.payments.bank.import_file(fifo)
    assert time.monotonic() - started < 2


def test_a_device_is_refused(shop):
    with pytest.raises(SalesDeskError, match="is not a file"):
        shop.payments.bank.import_file("/dev/zero")


def test_a_file_beyond_the_size_bound_is_refused_without_reading_it(shop, tmp_path, monkeypatch):
    monkeypatch.setattr(bank_files, "MAX_STATEMENT_BYTES", 1000)
    from salesdesk.model.receivables import bank

    monkeypatch.setattr(bank, "MAX_STATEMENT_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_text(CSV + "12/03/2026;x;1,00;\n" * 200)
    before = every_row(shop)
    with pytest.raises(SalesDeskError, match="at most 1,000 are imported"):
        shop.payments.bank.import_file(big)
    with pytest.raises(SalesDeskError, match="at most 1,000 are imported"):
        shop.payments.bank.import_statement(big.read_bytes(), "big.csv")
    assert every_row(shop) == before


def test_a_file_beyond_the_line_bound_is_refused(monkeypatch):
    monkeypatch.setattr(bank_files, "MAX_STATEMENT_LINES", 10)
    with pytest.raises(StatementFileError, match="at most 10 are imported"):
        parse_csv((CSV + "12/03/2026;x;1,00;\n" * 20).encode())


def _a_clerk_saves_while_importing(shop, path, started_slow_step: threading.Event) -> float:
    """Import ``path`` in another thread; once its slow step has started, save a customer
    here and return how long that took (a held write lock would make it wait, or fail)."""
    done = {}
    importer = threading.Thread(target=lambda: done.setdefault("result", shop.payments.bank.import_file(path)))
    importer.start()
    assert started_slow_step.wait(5)
    started = time.monotonic()
    shop.customers.create("Meanwhile", no="M1")
    took = time.monotonic() - started
    importer.join(10)
    assert done["result"].imported == 2
    return took


def test_another_clerk_writes_while_a_large_file_is_parsed(shop, tmp_path, monkeypatch):
    """Parsing runs before the write lock is taken: a clerk saving meanwhile is not refused."""
    real_parse = bank_files.parse_csv
    parsing = threading.Event()

    def slow_parse(data):
        parsing.set()
        time.sleep(1.0)  # a long parse
        return real_parse(data)

    monkeypatch.setattr(bank_files, "parse_csv", slow_parse)
    path = tmp_path / "statement.csv"
    path.write_text(CSV, encoding="utf-8")
    assert _a_clerk_saves_while_importing(shop, path, parsing) < 0.5


def test_another_clerk_writes_while_the_lines_are_matched(shop, tmp_path, monkeypatch):
    """Matching reads only: it runs before the write lock too (57,000 lines took 5 s)."""
    real_match = bank_matching.Matcher.match
    matching = threading.Event()

    def slow_match(self, line):
        matching.set()
        time.sleep(0.5)
        return real_match(self, line)

    monkeypatch.setattr(bank_matching.Matcher, "match", slow_match)
    path = tmp_path / "statement.csv"
    path.write_text(CSV, encoding="utf-8")
    assert _a_clerk_saves_while_importing(shop, path, matching) < 0.3


def test_lines_another_clerk_imported_meanwhile_are_not_imported_twice(shop, tmp_path, monkeypatch):
    """Between the matching (read) and the writing, another clerk imports the same file: the
    lines are counted as known, not written twice."""
    real_match = bank_matching.Matcher.match
    path = tmp_path / "statement.csv"
    path.write_text(CSV, encoding="utf-8")
    other = {}

    def match_while_another_imports(self, line):
        if not other:
            other["result"] = None
            worker = threading.Thread(target=lambda: other.update(result=shop.payments.bank.import_file(path)))
            worker.start()
            worker.join(10)
        return real_match(self, line)

    monkeypatch.setattr(bank_matching.Matcher, "match", match_while_another_imports)
    result = shop.payments.bank.import_file(path)
    assert other["result"].imported == 2
    assert (result.imported, result.already_imported) == (0, 2)
    assert len(shop.payments.bank.lines(status=None)) == 2


def test_control_characters_in_the_banks_text_are_made_harmless():
    hostile = "Date;Libellé;Montant;Référence\n10/03/2026;Acme\x1b[2J\x07 Corp;12,00;R\x1b[2J1\n"
    (line,) = parse_csv(hostile.encode()).lines
    assert "\x1b" not in line.text + line.reference and "\x07" not in line.text
    assert line.text.startswith("Acme\ufffd")
