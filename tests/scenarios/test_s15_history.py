"""S15. Nothing is deleted that has history.

Deleting customer C or item A once they have ledger entries is refused. Deleting a posted
invoice is impossible through any command.

Posting does not exist yet: the customer's ledger entry is written directly, the way posting
will write it (one unit of work). Item A's entry comes from the shop's opening adjustment.
"""

from decimal import Decimal

import pytest
from sqlalchemy import select

from salesdesk.model import HasHistory, SalesDeskError
from salesdesk.model.tables import Customer, Item
from tests.model.rows import add_cust_entry, add_item_entry


def exists(desk, model, no) -> bool:
    with desk.db.read() as s:
        return s.execute(select(model.no).where(model.no == no)).first() is not None


def test_item_a_with_its_opening_stock_cannot_be_deleted(shop):
    assert shop.items.entry_count("A") == 1
    with pytest.raises(HasHistory) as err:
        shop.items.delete("A")
    assert "item ledger entries" in str(err.value)
    assert exists(shop, Item, "A")
    assert shop.items.inventory("A") == Decimal("100")


def test_item_a_stays_undeletable_when_its_stock_is_back_to_zero(shop):
    shop.items.adjust("A", Decimal("-100"))
    with pytest.raises(HasHistory):
        shop.items.delete("A")
    assert shop.items.entry_count("A") == 2


def test_customer_c_with_a_ledger_entry_cannot_be_deleted(shop):
    add_cust_entry(shop, "C", Decimal("24.00"), document_no="PSI-00001")
    with pytest.raises(HasHistory) as err:
        shop.customers.delete("C")
    assert "customer ledger entries" in str(err.value)
    assert exists(shop, Customer, "C")
    assert shop.customers.balance("C") == Decimal("24.00")


def test_customer_c_paid_in_full_still_cannot_be_deleted(shop):
    add_cust_entry(shop, "C", Decimal("24.00"), document_no="PSI-00001")
    add_cust_entry(shop, "C", Decimal("-24.00"), document_no="PAY-1", document_type="payment")
    assert shop.customers.balance("C") == Decimal("0.00")
    with pytest.raises(HasHistory):
        shop.customers.delete("C")


def test_customer_c_with_a_shipment_entry_cannot_be_deleted(shop):
    add_item_entry(shop, "A", Decimal("-5"), customer_no="C")
    with pytest.raises(SalesDeskError, match="item ledger entries"):
        shop.customers.delete("C")
    assert exists(shop, Customer, "C")


def test_customers_and_items_without_history_can_still_be_deleted(shop):
    shop.customers.create("Fresh", no="F")
    shop.items.create("Fresh item", no="FI", vat_prod_group="STD")
    shop.customers.delete("F")
    shop.items.delete("FI")
    assert not exists(shop, Customer, "F")
    assert not exists(shop, Item, "FI")


def test_no_command_deletes_a_posted_invoice(shop):
    posted = getattr(shop, "posted", None)
    if posted is None:
        pytest.skip("desk.posted (posted documents) is not built yet")
    assert [name for name in dir(posted) if "delete" in name.lower() and not name.startswith("_")] == []
