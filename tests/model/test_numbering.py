"""Number series: defaults, patterns, formatting, running out, skipping hand-typed numbers."""

import pytest
from sqlalchemy import select

from salesdesk.model import SalesDeskError, ValidationError
from salesdesk.model.sales.kinds import SERIES_OF_KIND, DocKind
from salesdesk.model.core.numbering import check_pattern, format_no, next_no
from salesdesk.model.tables import NoSeries

POSTED = ("P-SHIPMENT", "P-INVOICE", "P-CRMEMO", "P-RETRCPT")


def series_rows(desk):
    with desk.db.read() as s:
        return {r.code: (r.pattern, r.last_no, r.manual_nos)
                for r in s.execute(select(NoSeries.code, NoSeries.pattern, NoSeries.last_no,
                                          NoSeries.manual_nos)).all()}


def test_a_new_company_has_a_series_for_every_kind_of_number(desk):
    rows = series_rows(desk)
    expected = {"CUST", "ITEM", "S-QUOTE", "S-ORDER", "S-INVOICE", "S-CRMEMO", "S-RETURN",
                "S-BLANKET", *POSTED}
    assert expected <= set(rows)
    assert {SERIES_OF_KIND[k] for k in DocKind} <= set(rows)
    assert rows["CUST"] == ("C#####", 0, True)
    assert rows["ITEM"] == ("I#####", 0, True)
    for code in ("S-ORDER", "S-INVOICE", *POSTED):
        pattern, last, manual = rows[code]
        assert last == 0
        assert manual is False  # documents and posted documents are never numbered by hand
        assert check_pattern(pattern) is None


def test_every_document_kind_has_its_own_pattern(desk):
    rows = series_rows(desk)
    patterns = [rows[c][0] for c in rows]
    assert len(set(patterns)) == len(patterns)
    assert rows["P-INVOICE"][0] == "PSI-#####"


@pytest.mark.parametrize("pattern, number, expected", [
    ("C#####", 1, "C00001"),
    ("C#####", 99999, "C99999"),
    ("SO-####", 42, "SO-0042"),
    ("#####-2026", 7, "00007-2026"),
    ("INV#", 9, "INV9"),
])
def test_format_no_fills_the_hashes_zero_padded(pattern, number, expected):
    assert format_no(pattern, number) == expected


def test_format_no_refuses_a_number_wider_than_the_hashes():
    with pytest.raises(SalesDeskError, match="no room"):
        format_no("C###", 1000)


@pytest.mark.parametrize("pattern, ok", [
    ("C#####", True),
    ("SO-####-X", True),
    ("C00", False),        # no '#'
    ("C##-##", False),     # two runs
    ("", False),
    ("   ", False),
])
def test_a_pattern_needs_exactly_one_run_of_hashes(pattern, ok):
    assert (check_pattern(pattern) is None) is ok


def test_a_series_with_a_bad_pattern_is_refused(desk):
    with pytest.raises(ValidationError) as err:
        desk.setup.set_number_series("CUST", pattern="C##-##")
    assert "pattern" in err.value.errors
    with pytest.raises(ValidationError) as err:
        desk.setup.save("no_series", {"code": "X", "pattern": "NOHASH"})
    assert "pattern" in err.value.errors
    assert series_rows(desk)["CUST"][0] == "C#####"
    assert "X" not in series_rows(desk)


def test_numbers_follow_the_changed_pattern(desk):
    desk.setup.set_number_series("CUST", pattern="K-###", last_no=41)
    assert desk.customers.create("Forty-two").no == "K-042"
    assert series_rows(desk)["CUST"][1] == 42


def test_a_series_that_runs_out_of_digits_refuses_and_uses_nothing(desk):
    desk.setup.set_number_series("CUST", pattern="C#", last_no=8)
    assert desk.customers.create("Nine").no == "C9"
    with pytest.raises(SalesDeskError, match="no room"):
        desk.customers.create("Ten")
    assert series_rows(desk)["CUST"][1] == 9
    assert desk.customers.count() == 1


def test_master_data_series_skip_numbers_typed_by_hand(desk):
    desk.customers.create("Typed", no="C00002")
    assert desk.customers.create("First").no == "C00001"
    assert desk.customers.create("Third").no == "C00003"  # C00002 is taken: skipped
    assert series_rows(desk)["CUST"][1] == 3


def test_document_series_never_skip(desk):
    with desk.db.write() as s:
        taken = [next_no(s, "S-ORDER"), next_no(s, "S-ORDER"), next_no(s, "P-INVOICE")]
    assert taken == ["SO-00001", "SO-00002", "PSI-00001"]


def test_an_unknown_series_is_refused(desk):
    with pytest.raises(SalesDeskError, match="NOPE"):
        with desk.db.write() as s:
            next_no(s, "NOPE")


def test_last_no_cannot_be_negative(desk):
    with pytest.raises(ValidationError) as err:
        desk.setup.set_number_series("CUST", last_no=-1)
    assert "last_no" in err.value.errors


def test_the_series_salesdesk_needs_cannot_be_deleted(desk):
    with pytest.raises(SalesDeskError, match="cannot be deleted"):
        desk.setup.delete("no_series", "CUST")
    desk.setup.save("no_series", {"code": "EXTRA", "pattern": "X###"})
    desk.setup.delete("no_series", "EXTRA")
    assert desk.customers.create("Still numbered").no == "C00001"
