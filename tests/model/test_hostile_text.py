"""Hostile text through the API: a control character (ESC, BEL, NUL, CR, C1) or a lone
surrogate is refused with a field message wherever text enters, nothing is written, and
nothing read back holds an escape sequence."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, SalesDeskError

from .test_posting_support import every_row

HOSTILE = [
    "Acme\x1b[2J\x1b]0;pwned\x07Corp",  # clear screen, retitle the window
    "a\x00b",  # NUL
    "line\rover",  # CR
    "two\nlines",  # newline in a one-line field
    "c1\x9b31m",  # C1 CSI
    "del\x7f",
    "lone\ud800surrogate",
]


def _order(desk):
    return desk.sales.create(DocKind.ORDER, "C")


CALLS = {
    "customer name": lambda d, t: d.customers.create(t),
    "customer address": lambda d, t: d.customers.update("C", address=t),
    "item description": lambda d, t: d.items.create(t, unit_price=Decimal("1"), vat_prod_group="STD"),
    "company name": lambda d, t: d.setup.update_company(name=t),
    "setup description": lambda d, t: d.setup.save("return_reason", {"code": "RR", "description": t}),
    "order external document no.": lambda d, t: d.sales.update(d.sales.get(DocKind.ORDER, "SO-00001"),
                                                               external_document_no=t),
    "comment line": lambda d, t: d.sales.add_line(d.sales.get(DocKind.ORDER, "SO-00001"), type="comment",
                                                  description=t),
    "line description": lambda d, t: d.sales.update_line(d.sales.get(DocKind.ORDER, "SO-00001"), 10000,
                                                         description=t),
    "payment description": lambda d, t: d.payments.register("C", Decimal("10"), description=t),
    "payment reference": lambda d, t: d.payments.register("C", Decimal("10"), reference=t),
    "item journal description": lambda d, t: d.items.adjust("A", Decimal("1"), description=t),
}


@pytest.fixture
def hostile_shop(shop):
    order = _order(shop)
    assert order.no == "SO-00001"
    shop.sales.add_line(order, "A", Decimal("1"))
    return shop


@pytest.mark.parametrize("where", list(CALLS))
@pytest.mark.parametrize("text", HOSTILE, ids=["esc", "nul", "cr", "lf", "c1", "del", "surrogate"])
def test_control_characters_are_refused_and_nothing_is_written(hostile_shop, where, text):
    before = every_row(hostile_shop)
    with pytest.raises(SalesDeskError) as refused:
        CALLS[where](hostile_shop, text)
    assert "control character" in str(refused.value)
    assert every_row(hostile_shop) == before


def test_tabs_and_accents_are_plain_text(hostile_shop):
    customer = hostile_shop.customers.create("Pépinière\tMoreau « Ôté »")
    assert hostile_shop.customers.get(customer.no).name == "Pépinière\tMoreau « Ôté »"


def test_nothing_read_back_holds_an_escape(hostile_shop):
    for where, call in CALLS.items():
        try:
            call(hostile_shop, HOSTILE[0])
        except SalesDeskError:
            pass
    dump = "".join(map(str, every_row(hostile_shop).values()))
    assert "\x1b" not in dump and "pwned" not in dump
