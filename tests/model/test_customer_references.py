"""Every column that names a customer, foreign key or plain text, is known to the model
(``naming_columns("customer")``): the delete check uses it, and a merge of duplicate
customers will. A new column naming a customer that is not registered fails here."""

from decimal import Decimal

import pytest
from sqlmodel import SQLModel

import salesdesk.model.tables  # noqa: F401  (registers every table)
from salesdesk.model import HasHistory
from salesdesk.model.core.references import naming_columns

from .test_posting_support import every_row

# Columns that hold a customer's name or something else, never its number; and the number a
# posted document was issued to, kept as printed after a merge moved it (history, not a reference).
NOT_A_CUSTOMER_NUMBER = {("posted_header", "customer_name"), ("sales_header", "customer_name"),
                         ("posted_header", "issued_customer_no")}


def _looks_like_a_customer_number(table, column) -> bool:
    return column.name.endswith("customer_no") or column.name in ("source_no", "customer")


def test_every_column_that_names_a_customer_is_registered():
    registered = {(c.table.name, c.name) for c, _when in naming_columns("customer")}
    suspects = {(t.name, c.name) for t in SQLModel.metadata.sorted_tables for c in t.columns
                if _looks_like_a_customer_number(t, c)}
    unregistered = suspects - registered - NOT_A_CUSTOMER_NUMBER
    assert unregistered == set(), (
        f"{sorted(unregistered)} name a customer: give them a foreign key to customer.no or "
        "sa_column_kwargs=refers_to('customer') (salesdesk/model/core/references.py)")
    assert {("vat_entry", "bill_to_customer_no"), ("gl_entry", "source_no"), ("outbox", "customer_no"),
            ("payment_journal_line", "customer_no"), ("bank_statement_line", "customer_no")} <= registered


def test_a_customer_named_only_by_a_journal_line_cannot_be_deleted(shop):
    shop.customers.create("Pays soon", no="P")
    shop.payments.add_line(customer_no="P", amount=Decimal("10.00"))
    before = every_row(shop)
    with pytest.raises(HasHistory, match="cash receipt journal lines"):
        shop.customers.delete("P")
    assert every_row(shop) == before


def test_a_g_l_source_names_a_customer_only_when_its_source_type_says_so(shop):
    from salesdesk.model.tables import GLEntry

    shop.customers.create("Namesake of an item", no="A1")
    with shop.db.write() as s:  # an item's G/L source that happens to read like a customer no.
        s.add(GLEntry(entry_no=999, transaction_no=999, posting_date=shop.today(), account_no="411000",
                      amount=Decimal("0"), source_type="item", source_no="A1"))
    shop.customers.delete("A1")  # not named by that entry
    assert shop.customers.count("Namesake") == 0
