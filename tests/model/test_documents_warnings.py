"""Warnings on a document: credit limit, overdue balance, stock-out. They inform and never
block."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import update

from salesdesk.model import DocKind
from salesdesk.model.tables import CustLedgerEntry

from .rows import add_cust_entry

TODAY = dt.date(2026, 11, 24)
D = Decimal


def order_for(desk, customer_no, *quantities, kind=DocKind.ORDER):
    doc = desk.sales.create(kind, customer_no)
    for quantity in quantities:
        desk.sales.add_line(doc, "A", quantity)
    return desk.sales.get(kind, doc.no)


def make_overdue(desk, document_no, due_date):
    with desk.db.write() as s:
        s.execute(update(CustLedgerEntry).where(CustLedgerEntry.document_no == document_no)
                  .values(due_date=due_date))


def test_no_warnings_when_all_is_fine(shop):
    shop.customers.update("C", credit_limit="5000")
    order = order_for(shop, "C", 5)
    assert shop.sales.warnings(order) == []


def test_an_empty_document_has_no_warnings(shop):
    assert shop.sales.warnings(shop.sales.create(DocKind.ORDER, "C")) == []


# -- credit limit --------------------------------------------------------------------------

def test_a_document_above_the_credit_limit_warns(shop):
    shop.customers.update("C", credit_limit="50")
    order = order_for(shop, "C", 5)
    assert order.amount_incl_vat == D("60.00")
    warnings = shop.sales.warnings(order)
    assert len(warnings) == 1
    assert "Customer C C" in warnings[0]
    assert "60.00" in warnings[0] and "50.00" in warnings[0]
    assert "exceeds the credit limit" in warnings[0]


def test_the_credit_limit_warning_never_blocks(shop):
    shop.customers.update("C", credit_limit="50")
    order = order_for(shop, "C", 5)
    assert shop.sales.release(order).status == "released"
    assert shop.sales.warnings(order) != []


def test_a_document_exactly_at_the_credit_limit_does_not_warn(shop):
    shop.customers.update("C", credit_limit="60")
    assert shop.sales.warnings(order_for(shop, "C", 5)) == []


def test_no_credit_limit_means_unlimited(shop):
    assert shop.sales.warnings(order_for(shop, "C", 80)) == []


def test_the_balance_counts_towards_the_credit_limit(shop):
    shop.customers.update("C", credit_limit="100")
    order = order_for(shop, "C", 5)  # 60.00
    assert shop.sales.warnings(order) == []
    add_cust_entry(shop, "C", D("48.00"), document_no="PSI-00001")
    warnings = shop.sales.warnings(order)
    assert len(warnings) == 1
    assert "balance 48.00" in warnings[0]
    assert "100.00" in warnings[0]


@pytest.mark.parametrize("kind", [DocKind.QUOTE, DocKind.INVOICE, DocKind.BLANKET_ORDER])
def test_quotes_invoices_and_blanket_orders_warn_too(shop, kind):
    shop.customers.update("C", credit_limit="50")
    assert any("credit limit" in w for w in shop.sales.warnings(order_for(shop, "C", 5, kind=kind)))


@pytest.mark.parametrize("kind", [DocKind.CREDIT_MEMO, DocKind.RETURN_ORDER])
def test_credit_documents_never_warn_about_credit(shop, kind):
    shop.customers.update("C", credit_limit="50")
    add_cust_entry(shop, "C", D("500.00"), document_no="PSI-00001")
    make_overdue(shop, "PSI-00001", TODAY - dt.timedelta(days=5))
    assert shop.sales.warnings(order_for(shop, "C", 5, kind=kind)) == []


def test_the_bill_to_customers_credit_limit_applies(shop):
    shop.customers.create("Payer", no="P", credit_limit="50")
    shop.customers.create("Branch", no="BR", bill_to_customer_no="P")
    warnings = shop.sales.warnings(order_for(shop, "BR", 5))
    assert len(warnings) == 1
    assert "Customer P Payer" in warnings[0]


# -- overdue balance -----------------------------------------------------------------------

def test_an_open_entry_past_its_due_date_warns(shop):
    add_cust_entry(shop, "C", D("24.00"), document_no="PSI-00001")
    make_overdue(shop, "PSI-00001", TODAY - dt.timedelta(days=1))
    warnings = shop.sales.warnings(order_for(shop, "C", 1))
    assert warnings == ["Customer C C has an overdue balance of 24.00."]


def test_entries_not_yet_due_or_due_today_do_not_warn(shop):
    add_cust_entry(shop, "C", D("24.00"), document_no="PSI-00001")  # due in 30 days
    add_cust_entry(shop, "C", D("12.00"), document_no="PSI-00002")
    make_overdue(shop, "PSI-00002", TODAY)
    assert shop.sales.warnings(order_for(shop, "C", 1)) == []


def test_only_open_overdue_entries_count(shop):
    add_cust_entry(shop, "C", D("24.00"), document_no="PSI-00001")
    add_cust_entry(shop, "C", D("36.00"), document_no="PSI-00002")
    make_overdue(shop, "PSI-00001", TODAY - dt.timedelta(days=40))
    make_overdue(shop, "PSI-00002", TODAY - dt.timedelta(days=10))
    with shop.db.write() as s:
        s.execute(update(CustLedgerEntry).where(CustLedgerEntry.document_no == "PSI-00001")
                  .values(open=False, remaining_amount=D("0")))
    assert shop.sales.warnings(order_for(shop, "C", 1)) == ["Customer C C has an overdue balance of 36.00."]


def test_an_overdue_balance_and_the_credit_limit_both_warn(shop):
    shop.customers.update("C", credit_limit="50")
    add_cust_entry(shop, "C", D("24.00"), document_no="PSI-00001")
    make_overdue(shop, "PSI-00001", TODAY - dt.timedelta(days=1))
    warnings = shop.sales.warnings(order_for(shop, "C", 3))  # 24.00 + 36.00 > 50.00
    assert len(warnings) == 2
    assert "credit limit" in warnings[0]
    assert warnings[1] == "Customer C C has an overdue balance of 24.00."


# -- stock-out -----------------------------------------------------------------------------

def test_ordering_more_than_is_in_stock_warns(shop):
    order = order_for(shop, "C", 150)
    warnings = shop.sales.warnings(order)
    assert len(warnings) == 1
    assert warnings[0].startswith("Line 10000: item A A has ")
    assert "MAIN" in warnings[0]
    assert warnings[0].endswith("is needed.")


def test_ordering_exactly_the_stock_does_not_warn(shop):
    assert shop.sales.warnings(order_for(shop, "C", 100)) == []


def test_a_stock_out_warning_never_blocks(shop):
    order = order_for(shop, "C", 150)
    assert shop.sales.release(order).status == "released"


def test_other_open_orders_count_as_demand(shop):
    first = order_for(shop, "C", 60)
    assert shop.sales.warnings(first) == []
    second = order_for(shop, "C", 50)  # 100 in stock - 60 on the first order = 40 < 50
    assert len(shop.sales.warnings(second)) == 1
    assert len(shop.sales.warnings(first)) == 1  # 100 - 50 = 50 < 60
    shop.sales.delete(second)
    assert shop.sales.warnings(first) == []


def test_other_invoices_count_as_demand_but_quotes_and_blanket_orders_do_not(shop):
    order_for(shop, "C", 200, kind=DocKind.QUOTE)
    order_for(shop, "C", 200, kind=DocKind.BLANKET_ORDER)
    order = order_for(shop, "C", 70)
    assert shop.sales.warnings(order) == []
    order_for(shop, "C", 40, kind=DocKind.INVOICE)
    assert len(shop.sales.warnings(order)) == 1


def test_what_other_orders_already_shipped_is_no_longer_demand(shop):
    from salesdesk.model.tables import SalesLine

    first = order_for(shop, "C", 60)
    # 50 of the first order have left the warehouse: stock 50, the first order still needs 10
    shop.items.adjust("A", D("-50"))
    with shop.db.write() as s:
        s.execute(update(SalesLine).where(SalesLine.document_no == first.no).values(quantity_shipped=D("50")))
    assert shop.sales.warnings(order_for(shop, "C", 40)) == []
    assert len(shop.sales.warnings(order_for(shop, "C", 1))) == 1


def test_stock_at_another_location_does_not_count(shop):
    shop.setup.add_location("YARD")
    shop.items.adjust("A", D("500"), location="YARD")
    assert len(shop.sales.warnings(order_for(shop, "C", 150))) == 1
    yard = shop.sales.create(DocKind.ORDER, "C", location="YARD")
    shop.sales.add_line(yard, "A", 150)
    assert shop.sales.warnings(yard) == []


def test_services_and_comment_lines_never_run_out(shop):
    shop.items.create("Consulting", no="S", type="service", unit_price=D("80"), vat_prod_group="ZERO")
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "S", 1000)
    shop.sales.add_line(order, type="comment", description="no stock needed")
    assert shop.sales.warnings(order) == []


def test_a_credit_memo_never_warns_about_stock(shop):
    assert shop.sales.warnings(order_for(shop, "C", 150, kind=DocKind.CREDIT_MEMO)) == []


def test_two_lines_of_one_order_together_above_stock_warn(shop):
    assert shop.sales.warnings(order_for(shop, "C", 60, 60)) != []


def test_the_stock_out_warning_gives_plain_numbers(shop):
    (warning,) = shop.sales.warnings(order_for(shop, "C", 150))
    assert warning == ("Line 10000: item A A has 100 available at MAIN (in stock 100, other orders 0); "
                       "150 is needed.")
