"""Moving a shop's books to another database (``salesdesk copy-to``): the demo company copied
from its SQLite file into a new database (PostgreSQL when SALESDESK_TEST_PG is set, else a
new SQLite file) has the same rows in every table, the same balances and ledgers, and goes
on working there."""

from decimal import Decimal

import pytest

from salesdesk.model import Desk, DocKind, SalesDeskError
from salesdesk.model.copying import copy_database

from .rows import TODAY
from .test_posting_support import assert_gap_free, assert_gl_balanced, every_row


@pytest.fixture
def demo(tmp_path):
    desk = Desk.open(tmp_path / "source.db", clock=lambda: TODAY)
    desk.load_demo()
    order = desk.sales.create(DocKind.ORDER, desk.customers.page(limit=1)[0][0])
    desk.sales.add_line(order, desk.items.page(limit=1)[0][0], Decimal("1"))
    desk.sales.post(desk.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True)
    yield desk
    desk.close()


def test_the_copy_has_every_row_of_every_table(demo, empty_database):
    checks = copy_database(demo.db, empty_database)
    assert checks and all(check.same for check in checks)
    with Desk.open(empty_database, clock=lambda: TODAY) as copy:
        assert every_row(copy) == every_row(demo)
        customers = [row[0] for row in demo.customers.page(limit=100)]
        assert copy.customers.balances(customers) == demo.customers.balances(customers)
        assert [e.entry_no for e in copy.ledger.gl_entries()] == [e.entry_no for e in demo.ledger.gl_entries()]


def test_the_copy_goes_on_numbering_where_the_original_stopped(demo, empty_database):
    copy_database(demo.db, empty_database)
    with Desk.open(empty_database, clock=lambda: TODAY) as copy:
        customer = copy.customers.create("After the move")
        item = copy.items.page(limit=1)[0][0]
        order = copy.sales.create(DocKind.ORDER, customer.no)
        copy.sales.add_line(order, item, Decimal("1"))
        result = copy.sales.post(copy.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True)
        copy.payments.register(customer.no, copy.posted.invoice(result.invoice_no).amount_incl_vat,
                               apply_to=[result.invoice_no])
        assert copy.customers.balance(customer.no) == Decimal("0.00")
        assert_gl_balanced(copy)
        assert_gap_free(copy)


def test_copying_into_a_database_with_books_is_refused(demo, database):
    with Desk.open(database) as other:
        other.customers.create("Already here")
    with pytest.raises(SalesDeskError, match="not empty"):
        copy_database(demo.db, database)
