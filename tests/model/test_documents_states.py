"""Document status: release and reopen, what a released document refuses and allows,
deleting documents, and the home screen's counts of open documents."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from salesdesk.model import DocKind, NotFound, SalesDeskError
from salesdesk.model.sales.doc_states import ALLOWED
from salesdesk.model.tables import SalesHeader, SalesLine


def set_line(desk, doc, line_no, /, **values):
    """Write a line's fields straight into the database (to simulate a posting)."""
    with desk.db.write() as s:
        s.execute(update(SalesLine).where(
            SalesLine.kind == doc.kind.value, SalesLine.document_no == doc.no, SalesLine.line_no == line_no,
        ).values(**values))


def rows(desk, model, doc):
    key = model.document_no if model is SalesLine else model.no
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(model).where(
            model.kind == doc.kind.value, key == doc.no)).scalar_one()


@pytest.fixture
def order(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(o, "A", 5)
    shop.sales.add_line(o, type="comment", description="Fragile")
    return shop.sales.get(DocKind.ORDER, o.no)


@pytest.fixture
def released(shop, order):
    return shop.sales.release(order)


# -- release -------------------------------------------------------------------------------

def test_a_new_document_is_open_and_may_be_edited_and_released(shop, order):
    assert order.status == "open"
    actions = shop.sales.allowed_actions(order)
    assert {"edit_header", "edit_lines", "release", "delete", "post"} <= actions
    assert "reopen" not in actions


def test_release_locks_the_document(shop, order):
    doc = shop.sales.release(order)
    assert doc.status == "released"
    assert shop.sales.get(DocKind.ORDER, order.no).status == "released"
    actions = shop.sales.allowed_actions(order)
    assert actions == ALLOWED["released"]
    assert {"reopen", "post", "edit_quantities_to_handle"} <= actions
    assert not {"edit_header", "edit_lines", "release", "change_customer", "copy_document"} & actions
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (
        Decimal("50.00"), Decimal("10.00"), Decimal("60.00"))


def test_an_empty_document_cannot_be_released(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    with pytest.raises(SalesDeskError, match="nothing to release for Order SO-00001: no line has a quantity"):
        shop.sales.release(o)
    assert shop.sales.get(DocKind.ORDER, o.no).status == "open"


def test_comment_lines_and_zero_quantities_are_nothing_to_release(shop):
    q = shop.sales.create(DocKind.QUOTE, "C")
    shop.sales.add_line(q, type="comment", description="Call first")
    shop.sales.add_line(q, "A", 0)
    with pytest.raises(SalesDeskError, match="nothing to release for Quote SQ-00001"):
        shop.sales.release(q)
    shop.sales.update_line(q, 20000, quantity=1)
    assert shop.sales.release(q).status == "released"


def test_releasing_twice_is_refused(shop, released):
    with pytest.raises(SalesDeskError, match="Order SO-00001 is Released: you cannot release it"):
        shop.sales.release(released)


@pytest.mark.parametrize("kind", list(DocKind))
def test_every_kind_can_be_released_and_reopened(shop, kind):
    doc = shop.sales.create(kind, "C")
    shop.sales.add_line(doc, "A", 1)
    assert shop.sales.release(doc).status == "released"
    assert shop.sales.reopen(doc).status == "open"


# -- what a released document refuses ------------------------------------------------------

def assert_refused_with_reopen(err):
    message = str(err.value)
    assert "Order SO-00001 is Released" in message
    assert "Reopen it first." in message


def test_released_refuses_new_lines(shop, released):
    with pytest.raises(SalesDeskError) as err:
        shop.sales.add_line(released, "A", 1)
    assert_refused_with_reopen(err)
    assert "change lines" in str(err.value)
    assert rows(shop, SalesLine, released) == 2


@pytest.mark.parametrize("fields", [
    {"quantity": 6}, {"unit_price": "9"}, {"line_discount_pct": 5}, {"description": "x"},
    {"quantity": 6, "qty_to_ship": 1},
])
def test_released_refuses_line_changes(shop, released, fields):
    with pytest.raises(SalesDeskError) as err:
        shop.sales.update_line(released, 10000, **fields)
    assert_refused_with_reopen(err)
    assert shop.sales.get(DocKind.ORDER, released.no).lines == released.lines


def test_released_refuses_deleting_a_line(shop, released):
    with pytest.raises(SalesDeskError) as err:
        shop.sales.delete_line(released, 20000)
    assert_refused_with_reopen(err)
    assert rows(shop, SalesLine, released) == 2


def test_released_refuses_header_changes(shop, released):
    with pytest.raises(SalesDeskError) as err:
        shop.sales.update(released, your_reference="x")
    assert_refused_with_reopen(err)
    assert "change the header" in str(err.value)
    assert shop.sales.get(DocKind.ORDER, released.no).your_reference == ""


def test_released_refuses_a_new_customer(shop, released):
    shop.customers.create("Other", no="O")
    with pytest.raises(SalesDeskError) as err:
        shop.sales.update(released, customer_no="O")
    assert_refused_with_reopen(err)
    assert shop.sales.get(DocKind.ORDER, released.no).customer_no == "C"


def test_released_refuses_copying_lines_into_it(shop, released):
    q = shop.sales.create(DocKind.QUOTE, "C")
    shop.sales.add_line(q, "A", 1)
    with pytest.raises(SalesDeskError) as err:
        shop.sales.copy_document(released, DocKind.QUOTE, q.no)
    assert_refused_with_reopen(err)
    assert rows(shop, SalesLine, released) == 2


# -- what a released document allows ------------------------------------------------------

def test_released_allows_changing_the_quantities_to_handle(shop, released):
    line = shop.sales.update_line(released, 10000, qty_to_ship=2)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("2"), Decimal("2"))
    line = shop.sales.update_line(released, 10000, qty_to_invoice=1)
    assert line.qty_to_invoice == Decimal("1")
    assert shop.sales.get(DocKind.ORDER, released.no).status == "released"


def test_released_still_checks_the_quantities_to_handle(shop, released):
    with pytest.raises(SalesDeskError, match="Qty. to Ship on line 10000 cannot be more"):
        shop.sales.update_line(released, 10000, qty_to_ship=6)


def test_reopen_makes_it_editable_again(shop, released):
    doc = shop.sales.reopen(released)
    assert doc.status == "open"
    assert shop.sales.update_line(released, 10000, quantity=6).quantity == Decimal("6")
    assert shop.sales.update(released, your_reference="again").your_reference == "again"
    assert shop.sales.add_line(released, "A", 1).line_no == 30000


def test_an_open_document_cannot_be_reopened(shop, order):
    with pytest.raises(SalesDeskError, match="Order SO-00001 is Open: you cannot reopen it."):
        shop.sales.reopen(order)


# -- deleting ------------------------------------------------------------------------------

def test_delete_removes_the_document_and_its_lines(shop, order):
    shop.sales.delete(order)
    with pytest.raises(NotFound, match="Order SO-00001 does not exist"):
        shop.sales.get(DocKind.ORDER, order.no)
    assert rows(shop, SalesHeader, order) == 0
    assert rows(shop, SalesLine, order) == 0
    assert shop.sales.count(DocKind.ORDER) == 0


def test_delete_uses_up_the_number(shop, order):
    shop.sales.delete(order)
    assert shop.sales.create(DocKind.ORDER, "C").no == "SO-00002"


def test_delete_leaves_other_documents_alone(shop, order):
    other = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(other, "A", 1)
    shop.sales.delete(order)
    assert [line.quantity for line in shop.sales.get(DocKind.ORDER, other.no).lines] == [Decimal("1")]


def test_a_released_document_can_be_deleted(shop, released):
    shop.sales.delete(released)
    assert rows(shop, SalesHeader, released) == 0


def test_deleting_an_unknown_document_is_refused(shop):
    from types import SimpleNamespace

    with pytest.raises(NotFound):
        shop.sales.delete(SimpleNamespace(kind=DocKind.ORDER, no="SO-99999"))


def test_delete_is_refused_while_a_line_is_shipped_and_not_invoiced(shop, order):
    set_line(shop, order, 10000, quantity_shipped=Decimal("2"))
    with pytest.raises(SalesDeskError) as err:
        shop.sales.delete(order)
    assert str(err.value) == "Order SO-00001 cannot be deleted: line 10000 has been shipped but not invoiced."
    assert rows(shop, SalesHeader, order) == 1
    assert rows(shop, SalesLine, order) == 2


def test_delete_is_allowed_once_the_shipped_quantity_is_invoiced(shop, order):
    set_line(shop, order, 10000, quantity_shipped=Decimal("2"), quantity_invoiced=Decimal("2"))
    shop.sales.delete(order)
    assert rows(shop, SalesHeader, order) == 0


def test_a_return_order_with_received_not_invoiced_lines_cannot_be_deleted(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 3)
    set_line(shop, ret, 10000, return_qty_received=Decimal("3"))
    with pytest.raises(SalesDeskError, match="line 10000 has been received but not invoiced"):
        shop.sales.delete(ret)
    assert rows(shop, SalesHeader, ret) == 1


def test_a_return_order_received_and_credited_can_be_deleted(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 5)
    set_line(shop, ret, 10000, return_qty_received=Decimal("3"), quantity_invoiced=Decimal("3"))
    shop.sales.delete(ret)
    assert rows(shop, SalesHeader, ret) == 0


# -- counts --------------------------------------------------------------------------------

def test_counts_count_open_documents_per_kind(shop):
    counts = shop.counts()
    assert (counts["customers"], counts["items"]) == (1, 1)
    assert all(counts[kind.value] == 0 for kind in DocKind)
    for kind, how_many in ((DocKind.QUOTE, 2), (DocKind.ORDER, 3), (DocKind.INVOICE, 1),
                           (DocKind.CREDIT_MEMO, 1), (DocKind.RETURN_ORDER, 1), (DocKind.BLANKET_ORDER, 1)):
        for _ in range(how_many):
            shop.sales.create(kind, "C")
    assert shop.counts() == {"customers": 1, "items": 1, "quote": 2, "order": 3, "invoice": 1,
                             "credit_memo": 1, "return_order": 1, "blanket_order": 1, "journal": 0, "bank": 0,
                             "outbox_failed": 0}


def test_released_documents_are_not_counted_as_open(shop, order):
    shop.sales.create(DocKind.ORDER, "C")
    assert shop.counts()["order"] == 2
    shop.sales.release(order)
    assert shop.counts()["order"] == 1
    assert shop.sales.count(DocKind.ORDER) == 2  # the list still shows both
    shop.sales.reopen(order)
    assert shop.counts()["order"] == 2
    shop.sales.delete(order)
    assert shop.counts()["order"] == 1
