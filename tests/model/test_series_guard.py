"""Last No. Used of a number series cannot be moved so that a number repeats, nor, on a
posted documents' series, so that legal numbers have a gap."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, ValidationError
from salesdesk.model.tables import NoSeries


def _post_an_invoice(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal("1"))
    return shop.sales.post(invoice)


def _last_no(desk, code):
    with desk.db.read() as s:
        return s.get(NoSeries, code).last_no


@pytest.mark.parametrize("change", [+5, -1])
def test_a_used_posted_invoice_series_cannot_be_moved(shop, change):
    _post_an_invoice(shop)
    used = _last_no(shop, "P-INVOICE")
    with pytest.raises(ValidationError) as refused:
        shop.setup.save("no_series", {"last_no": used + change}, key=("P-INVOICE",))
    assert "Last No. Used" in str(refused.value.errors["last_no"])
    assert _last_no(shop, "P-INVOICE") == used
    posted = _post_an_invoice(shop)  # and posting goes on with the next number
    assert _last_no(shop, "P-INVOICE") == used + 1 and posted.no.endswith(str(used + 1))


def test_a_document_series_may_jump_ahead_but_never_back(shop):
    shop.sales.create(DocKind.QUOTE, "C")
    shop.setup.save("no_series", {"last_no": 1000}, key=("S-QUOTE",))
    assert shop.sales.create(DocKind.QUOTE, "C").no.endswith("01001")
    with pytest.raises(ValidationError):
        shop.setup.save("no_series", {"last_no": 3}, key=("S-QUOTE",))


def test_an_unused_series_may_start_anywhere(shop):
    shop.setup.save("no_series", {"last_no": 500}, key=("P-RETRCPT",))
    assert _last_no(shop, "P-RETRCPT") == 500
