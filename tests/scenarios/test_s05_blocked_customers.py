"""S5. Blocked customers - the document part.

- Blocked ``ship``: creating a quote or order for the customer is refused.
- Blocked ``invoice``: no new quotes, orders or invoices either.
- Blocked ``all``: nothing at all.
- Unblocking makes all of it work again. Each refusal says which customer and why.

(Shipping, invoicing and paying for a blocked customer belong to posting and payments and
are tested with them.)
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, SalesDeskError

REASONS = {
    "ship": "blocked for shipping",
    "invoice": "blocked for invoicing",
    "all": "blocked for all transactions",
}

# blocked value -> kinds refused (the others are allowed)
REFUSED = {
    "ship": {DocKind.QUOTE, DocKind.ORDER, DocKind.BLANKET_ORDER},
    "invoice": {DocKind.QUOTE, DocKind.ORDER, DocKind.BLANKET_ORDER, DocKind.INVOICE},
    "all": set(DocKind),
}

CASES = [(blocked, kind) for blocked in REFUSED for kind in DocKind]


@pytest.fixture
def blocked_shop(shop):
    shop.customers.create("Blocked Bistro", no="B")
    return shop


@pytest.mark.parametrize(("blocked", "kind"), CASES, ids=[f"{b}-{k.value}" for b, k in CASES])
def test_creating_documents_per_blocked_value(blocked_shop, blocked, kind):
    desk = blocked_shop
    desk.customers.update("B", blocked=blocked)
    if kind in REFUSED[blocked]:
        with pytest.raises(SalesDeskError) as err:
            desk.sales.create(kind, "B")
        message = str(err.value)
        assert "Customer B Blocked Bistro" in message  # which customer
        assert REASONS[blocked] in message              # and why
        assert desk.sales.count(kind) == 0
    else:
        doc = desk.sales.create(kind, "B")
        assert doc.customer_no == "B"
        desk.sales.add_line(doc, "A", Decimal("1"))
        assert desk.sales.get(kind, doc.no).amount_incl_vat == Decimal("12.00")


def test_blocked_ship_refuses_quote_and_order_with_the_reason(blocked_shop):
    desk = blocked_shop
    desk.customers.update("B", blocked="ship")
    for kind, word in ((DocKind.QUOTE, "quote"), (DocKind.ORDER, "order")):
        with pytest.raises(SalesDeskError) as err:
            desk.sales.create(kind, "B")
        assert str(err.value) == (
            f"Customer B Blocked Bistro is blocked for shipping: no new {word} can be made for it.")


def test_a_refused_document_uses_no_number(blocked_shop):
    desk = blocked_shop
    desk.customers.update("B", blocked="all")
    with pytest.raises(SalesDeskError):
        desk.sales.create(DocKind.ORDER, "B")
    assert desk.sales.create(DocKind.ORDER, "C").no == "SO-00001"


@pytest.mark.parametrize("blocked", ["ship", "invoice", "all"])
def test_unblocking_makes_it_work_again(blocked_shop, blocked):
    desk = blocked_shop
    desk.customers.update("B", blocked=blocked)
    with pytest.raises(SalesDeskError):
        desk.sales.create(DocKind.ORDER, "B")
    desk.customers.update("B", blocked="")
    for kind in (DocKind.QUOTE, DocKind.ORDER, DocKind.INVOICE):
        doc = desk.sales.create(kind, "B")
        desk.sales.add_line(doc, "A", Decimal("2"))
        assert desk.sales.get(kind, doc.no).amount_incl_vat == Decimal("24.00")


def test_documents_made_before_blocking_stay_and_can_be_read(blocked_shop):
    desk = blocked_shop
    order = desk.sales.create(DocKind.ORDER, "B")
    desk.sales.add_line(order, "A", Decimal("1"))
    desk.customers.update("B", blocked="all")
    assert desk.sales.get(DocKind.ORDER, order.no).customer_no == "B"


def test_moving_a_document_to_a_blocked_customer_is_refused_with_the_reason(blocked_shop):
    desk = blocked_shop
    desk.customers.update("B", blocked="invoice")
    invoice = desk.sales.create(DocKind.INVOICE, "C")
    with pytest.raises(SalesDeskError, match="Customer B Blocked Bistro is blocked for invoicing"):
        desk.sales.update(invoice, customer_no="B")
    assert desk.sales.get(DocKind.INVOICE, invoice.no).customer_no == "C"


@pytest.mark.parametrize(("blocked", "refused"), [
    ("ship", {"make_order"}), ("invoice", {"make_order", "make_invoice"}), ("all", {"make_order", "make_invoice"}),
])
def test_a_quote_made_before_blocking_follows_the_same_rules(blocked_shop, blocked, refused):
    desk = blocked_shop
    for action in ("make_order", "make_invoice"):
        quote = desk.sales.create(DocKind.QUOTE, "B")
        desk.sales.add_line(quote, "A", Decimal("1"))
        desk.customers.update("B", blocked=blocked)
        if action in refused:
            with pytest.raises(SalesDeskError, match=REASONS[blocked]):
                getattr(desk.sales, action)(quote)
            assert desk.sales.get(DocKind.QUOTE, quote.no).customer_no == "B"
        else:
            assert getattr(desk.sales, action)(quote).quote_no == quote.no
        desk.customers.update("B", blocked="")
