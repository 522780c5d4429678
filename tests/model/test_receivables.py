"""Balance due, the aged balance (current, 1-30, 31-60, 61-90, over 90 days) and statements."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import NotFound
from tests.model.corrections_support import post_invoice

D = Decimal
TODAY = dt.date(2026, 11, 24)


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def aged(shop):
    """C has invoices of 12.00 x n due 30 days after posting, posted so that they are
    overdue by -10 (not due), 0 (due today), 1, 30, 31, 60, 61, 90, 91 and 200 days."""
    shop.customers.create("D", no="D", vat_bus_group="DOMESTIC", payment_terms="30D")
    nos = {}
    for overdue in (-10, 0, 1, 30, 31, 60, 61, 90, 91, 200):
        nos[overdue] = post_invoice(shop, ("A", "1"), posting_date=days_ago(overdue + 30),
                                    document_date=days_ago(overdue + 30))
    post_invoice(shop, ("A", "5"), customer="D")  # 60.00, not due
    shop.payments.register("D", D("100.00"))  # 40.00 credit left open
    return nos


def test_the_aged_balance_puts_each_open_amount_in_its_bucket(shop, aged):
    result = shop.receivables.aged_balance()
    rows = {r[0]: r for r in result.rows}
    # balance, current (not due + due today), 1-30, 31-60, 61-90, over 90
    assert rows["C"][2:] == (D("120.00"), D("24.00"), D("24.00"), D("24.00"), D("24.00"), D("24.00"))
    assert rows["D"][2:] == (D("-40.00"), D("-40.00"), D("0.00"), D("0.00"), D("0.00"), D("0.00"))
    assert result.totals == (D("80.00"), D("-16.00"), D("24.00"), D("24.00"), D("24.00"), D("24.00"))
    assert shop.receivables.aged_totals() == result.totals
    assert shop.receivables.aged_page() == result.rows
    assert shop.receivables.aged_count() == 2
    assert [r[0] for r in shop.receivables.aged_page(overdue_only=True)] == ["C"]
    # paying the oldest moves money out of the over-90 bucket
    shop.payments.register("C", D("12.00"), apply_to=[aged[200]])
    assert shop.receivables.aged_page("C")[0][7] == D("12.00")


def test_balance_due_counts_what_has_fallen_due(shop, aged):
    assert shop.receivables.balance_due("C") == D("108.00")  # all but the invoice not yet due
    assert shop.receivables.balance_due("C", on=days_ago(95)) == D("12.00")
    assert shop.receivables.balances_due(["C", "D", "X"]) == {"C": D("108.00"), "D": D("-100.00") + D("0"),
                                                              "X": D("0.00")}


def test_the_statement_runs_the_balance_through_the_period(shop, aged):
    st = shop.receivables.statement("C", days_ago(70), TODAY)
    assert st.opening_balance == D("60.00")  # five invoices posted before the period
    assert [line.amount for line in st.lines] == [D("12.00")] * 5
    assert [line.balance for line in st.lines][-1] == D("120.00") == st.closing_balance
    assert len(st.open_entries) == 10
    assert st.aging == (D("24.00"), D("24.00"), D("24.00"), D("24.00"), D("24.00"))
    text = shop.receivables.statement_text("C", days_ago(70), TODAY)
    assert "Balance brought forward" in text and "60.00" in text and "120.00" in text
    assert "200 days overdue" in text
    with pytest.raises(NotFound):
        shop.receivables.statement("NOPE", TODAY, TODAY)
