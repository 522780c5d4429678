"""S10. Gap-free posted numbers.

Post three invoices; make the second fail a check (blocked item). The two posted invoices carry
consecutive numbers; the failure used no number and wrote nothing. Posting the corrected second
invoice takes the next number.
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError
from tests.model.test_posting_support import assert_gap_free, assert_gl_balanced, db_state, series_last_nos

D = Decimal


@pytest.fixture
def invoices(shop):
    shop.items.create("B", no="B", unit_price=D("40.00"), unit_cost=D("25.00"), vat_prod_group="STD")
    shop.items.adjust("B", D("10"))
    docs = []
    for item in ("A", "B", "A"):
        doc = shop.sales.create(DocKind.INVOICE, "C")
        shop.sales.add_line(doc, item, D("1"))
        docs.append(doc)
    shop.items.update("B", blocked=True)
    return docs


def test_a_failed_posting_takes_no_number(shop, invoices):
    first, second, third = invoices

    assert shop.sales.post(first).invoice_no == "PSI-00001"

    before = db_state(shop)
    with pytest.raises(PostingError) as err:
        shop.sales.post(second)
    assert err.value.problems == ["Line 10000: item B B is blocked."]
    assert db_state(shop) == before  # nothing written, no number used
    assert series_last_nos(shop)["P-INVOICE"] == 1
    assert series_last_nos(shop)["P-SHIPMENT"] == 1

    assert shop.sales.post(third).invoice_no == "PSI-00002"
    assert [i.no for i in shop.posted.invoices()] == ["PSI-00001", "PSI-00002"]
    assert [i.pre_assigned_no for i in shop.posted.invoices()] == [first.no, third.no]

    shop.items.update("B", blocked=False)
    result = shop.sales.post(second)
    assert result.invoice_no == "PSI-00003"
    assert shop.posted.invoice("PSI-00003").pre_assigned_no == second.no
    assert shop.posted.invoice("PSI-00003").amount_incl_vat == D("48.00")
    assert [s.no for s in shop.posted.shipments()] == ["PSS-00001", "PSS-00002", "PSS-00003"]
    assert series_last_nos(shop)["P-INVOICE"] == 3
    assert shop.customers.balance("C") == D("12.00") + D("12.00") + D("48.00")
    assert_gap_free(shop)
    assert_gl_balanced(shop)
