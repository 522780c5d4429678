"""S15. Nothing is deleted that has history.

Deleting customer C or item A once they have ledger entries is refused. Deleting a posted
invoice is impossible through any command.

Every entry here is written by real posting (and item A's first entry by the shop's opening
adjustment).
"""

from decimal import Decimal

import pytest
from sqlalchemy import select

from salesdesk.model import DocKind, DocRef, HasHistory, NotFound, SalesDeskError
from salesdesk.model.tables import Customer, Item
from tests.model.test_posting_support import db_state

D = Decimal


def exists(desk, model, no) -> bool:
    with desk.db.read() as s:
        return s.execute(select(model.no).where(model.no == no)).first() is not None


def post_invoice(desk, quantity="2", kind=DocKind.INVOICE):
    doc = desk.sales.create(kind, "C")
    desk.sales.add_line(doc, "A", D(quantity))
    return doc, desk.sales.post(doc)


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


def test_item_a_sold_out_by_posting_cannot_be_deleted(shop):
    post_invoice(shop, "100")
    assert shop.items.inventory("A") == D("0")
    with pytest.raises(HasHistory, match="item ledger entries"):
        shop.items.delete("A")
    assert exists(shop, Item, "A")


def test_customer_c_with_a_posted_invoice_cannot_be_deleted(shop):
    _doc, result = post_invoice(shop)
    assert result.invoice_no == "PSI-00001"
    with pytest.raises(HasHistory) as err:
        shop.customers.delete("C")
    assert "customer ledger entries" in str(err.value)
    assert exists(shop, Customer, "C")
    assert shop.customers.balance("C") == Decimal("24.00")


def test_customer_c_credited_in_full_still_cannot_be_deleted(shop):
    post_invoice(shop)
    post_invoice(shop, kind=DocKind.CREDIT_MEMO)
    assert [e.amount for e in shop.ledger.customer_entries("C")] == [D("24.00"), D("-24.00")]
    assert shop.customers.balance("C") == Decimal("0.00")
    with pytest.raises(HasHistory, match="customer ledger entries"):
        shop.customers.delete("C")
    assert exists(shop, Customer, "C")


def test_customer_c_with_a_shipment_entry_cannot_be_deleted(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("5"))
    shop.sales.post(order, ship=True)
    assert shop.ledger.customer_entries("C") == []  # shipped, not invoiced
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


def public_names(obj) -> list[str]:
    return [name for name in dir(obj) if not name.startswith("_")]


def test_no_command_deletes_a_posted_invoice(shop):
    doc, result = post_invoice(shop)
    invoice_no = result.invoice_no
    posted = shop.posted.invoice(invoice_no)
    before = db_state(shop)

    # no service offers a way to delete history
    for service in (shop.posted, shop.ledger):
        assert [n for n in public_names(service)
                if any(w in n.lower() for w in ("delete", "remove", "drop", "purge", "erase"))] == []
    # the document commands do not reach posted documents: not by the posted number, not by
    # the number the invoice had before posting
    for kind in DocKind:
        for no in (invoice_no, doc.no, "PSS-00001"):
            with pytest.raises(NotFound):
                shop.sales.delete(DocRef(kind, no))
    # nor do the setup commands
    with pytest.raises(SalesDeskError):
        shop.setup.delete("posted_header", "invoice", invoice_no)

    assert db_state(shop) == before
    assert shop.posted.invoice(invoice_no) == posted
    assert [e.document_no for e in shop.ledger.customer_entries("C")] == [invoice_no]
    assert shop.customers.balance("C") == D("24.00")
