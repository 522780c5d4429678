"""Example tests at the bounds the mutation run found untested (issue 17): each one fails on
the surviving mutant it names (benchmarks/mutation.py, benchmarks/RESULTS.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from salesdesk.model import DocKind, PostingError, SalesDeskError
from salesdesk.model.core.money import to_decimal
from salesdesk.model.output.facturx_xml import NS, total_problems
from salesdesk.model.sales.doc_rules import beyond, capped
from salesdesk.model.sales.pricing import LineInput, VatLine, calculate
from tests.model.corrections_support import post_invoice
from tests.model.test_payments import discount_shop

D = Decimal
__all__ = ["discount_shop"]  # the fixture, imported for the tests below
TODAY = dt.date(2026, 11, 24)


# -- money.py: the separators of typed numbers ------------------------------------------------

@pytest.mark.parametrize("text", ["1.23,4", "1,23.4", "12.345.6,7"])
def test_groups_that_are_not_thousands_are_refused(text):
    """`or` -> `and` and groups[1:] -> groups[2:] in _normalise_separators."""
    with pytest.raises(SalesDeskError, match="is not a number"):
        to_decimal(text)


@pytest.mark.parametrize("text", [",234.5", ".234,5"])
def test_a_number_cannot_start_with_a_group_mark(text):
    """groups[0] -> groups[1]: the empty first group is what gives it away."""
    with pytest.raises(SalesDeskError, match="is not a number"):
        to_decimal(text)


def test_two_commas_are_ambiguous_whatever_follows():
    """count(",") > 1 -> > 2: "1,2,3" is called ambiguous, not merely "not a number"."""
    with pytest.raises(SalesDeskError, match="ambiguous"):
        to_decimal("1,2,3")


# -- pricing.py: a VAT line for every VAT identifier on the lines -------------------------------

def test_a_line_of_zero_amount_still_has_its_vat_line():
    """`line.vat_key or line.line_amount` -> `and`: a free line (100 % discount) keeps its
    VAT breakdown row, which EN 16931 wants for every category used on a line (BR-S-08)."""
    results, vat_lines = calculate([LineInput(D("0.00"), D("20"), "STD"), LineInput(D("10.00"), D("0"), "ZERO")],
                                   invoice_disc_pct=D("0"), prices_incl_vat=False)
    assert vat_lines == [VatLine("ZERO", D("0"), D("10.00"), D("0.00")), VatLine("STD", D("20"), D("0.00"), D("0.00"))]
    assert [r.amount_incl_vat for r in results] == [D("0.00"), D("10.00")]


# -- applications.py: discounts and signs at their bounds --------------------------------------

def _entry(shop, document_no):
    (found,) = [e for e in shop.ledger.customer_entries("C") if e.document_no == document_no
                and e.document_type != "payment_discount"]
    return found


def test_a_discount_of_less_than_one_unit_is_granted(discount_shop):
    """pmt_disc_possible <= 0 -> <= 1: 2 % of 4.80 is 0.10, still a discount."""
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "0.4"))  # 4.00 + 0.80 VAT
    assert _entry(shop, invoice).pmt_disc_possible == D("0.10")
    payment = shop.payments.register("C", D("4.70"), apply_to=[invoice], posting_date=TODAY)
    assert payment.discount == D("0.10")
    assert not _entry(shop, invoice).open


def test_a_payment_that_would_pay_nothing_earns_no_discount(discount_shop):
    """remaining <= discount -> <: with exactly the discount left (a credit memo took the
    rest) a cent paid in time is a cent paid, not a discount closing the invoice."""
    shop = discount_shop
    invoice = post_invoice(shop, ("A", "10"))  # 120.00, 2.40 discount
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C", applies_to_doc_no=invoice)
    shop.sales.add_line(memo, "A", D("9.8"))  # 98.00 + 19.60 = 117.60
    shop.sales.post(shop.sales.get(DocKind.CREDIT_MEMO, memo.no))
    assert _entry(shop, invoice).remaining_amount == D("2.40")
    payment = shop.payments.register("C", D("0.01"), apply_to=[invoice], posting_date=TODAY)
    assert payment.discount == D("0")
    assert _entry(shop, invoice).remaining_amount == D("2.39")


def test_amounts_under_one_unit_settle_both_ways(shop):
    """remaining > 0 -> > 1 on either side: 0.48 is a debit, -0.48 a credit."""
    invoice = post_invoice(shop, ("A", "0.04"))  # 0.40 + 0.08 VAT
    payment = shop.payments.register("C", D("0.48"), apply_to=[invoice])
    assert payment.remaining_amount == D("0.00") and not _entry(shop, invoice).open
    second = post_invoice(shop, ("A", "0.04"))
    credit = shop.payments.register("C", D("0.48"))
    shop.payments.apply(_entry(shop, second).entry_no, [credit.entry_no])  # from the invoice's side
    assert not _entry(shop, second).open and not _entry(shop, credit.no).open


# -- doc_rules.py: signed quantities to handle -------------------------------------------------

@pytest.mark.parametrize(("value", "limit", "expected"), [
    ("5", "3", "3"), ("-5", "-3", "-3"), ("2", "3", "2"), ("-2", "-3", "-2"), ("3", "3", "3"),
    ("1", "-3", "0"), ("-1", "3", "0"), ("2", "0", "0"), ("0", "3", "0"), ("0.5", "1", "0.5"),
])
def test_capped_brings_a_quantity_within_its_limit_on_the_same_side_of_zero(value, limit, expected):
    assert capped(D(value), D(limit)) == D(expected)


@pytest.mark.parametrize(("value", "limit", "expected"), [
    ("4", "3", True), ("3", "3", False), ("-4", "-3", True), ("-3", "-3", False), ("1", "-3", True),
    ("0.5", "0", True), ("0", "0", False), ("0", "3", False),
])
def test_beyond_is_further_from_zero_or_across_it(value, limit, expected):
    assert beyond(D(value), D(limit)) is expected


# -- posting.py: the invoice total, and which shipments an invoice bills ------------------------

def _zero_rated(shop):
    shop.items.create("Zero-rated", no="Z", type="service", unit_price=D("1.00"), vat_prod_group="ZERO")


def test_an_invoice_below_zero_before_vat_but_not_after_posts_as_in_business_central(shop):
    """BC refuses only when the total excl. VAT and the total incl. VAT are both below 0."""
    _zero_rated(shop)
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", D("10"))  # 100.00 + 20.00 VAT
    shop.sales.add_line(invoice, "Z", D("-110"))  # -110.00 at 0 %
    posted = shop.posted.invoice(shop.sales.post(shop.sales.get(DocKind.INVOICE, invoice.no)).invoice_no)
    assert (posted.amount, posted.amount_incl_vat) == (D("-10.00"), D("10.00"))


def test_an_invoice_at_or_above_zero_before_vat_posts_even_when_vat_takes_it_below(shop):
    _zero_rated(shop)
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "Z", D("10"))  # 10.00 at 0 %
    shop.sales.add_line(invoice, "A", D("-0.9"))  # -9.00 - 1.80 VAT
    posted = shop.posted.invoice(shop.sales.post(shop.sales.get(DocKind.INVOICE, invoice.no)).invoice_no)
    assert (posted.amount, posted.amount_incl_vat) == (D("1.00"), D("-0.80"))


def test_invoicing_no_more_than_is_shipped_now_bills_this_shipment_not_an_earlier_one(shop):
    """BC 1.5 point 8: earlier shipments are invoiced first only when a line invoices more
    than it ships now. Shipped at 6.00, then 3 more at 9.00 and invoiced 3: cost 27.00."""
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("2"))
    shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True)
    # the stock left replaced by stock at 9.00 (costing takes the cost of the stock shipped)
    shop.items.adjust("A", D("-98"))
    shop.items.adjust("A", D("98"), unit_cost=D("9.00"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("3"))
    shop.sales.update_line(order, 10000, qty_to_invoice=D("3"))
    no = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True).invoice_no
    (line,) = shop.posted.invoice(no).lines
    assert (line.quantity, line.cost_amount) == (D("3"), D("27.00"))


# -- facturx_xml.py: the totals rules with charges, prepaid and rounding amounts -----------------

def _cii(**summation) -> bytes:
    ns = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
    tax = ("<ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent>")
    totals = "".join(f"<ram:{k}>{v}</ram:{k}>" for k, v in summation.items())
    return (f"<rsm:CrossIndustryInvoice {ns}><rsm:SupplyChainTradeTransaction>"
            "<ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeSettlement>"
            f"<ram:ApplicableTradeTax>{tax}</ram:ApplicableTradeTax>"
            "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount>"
            "</ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>"
            "</ram:IncludedSupplyChainTradeLineItem><ram:ApplicableHeaderTradeSettlement>"
            f"<ram:ApplicableTradeTax><ram:CalculatedAmount>20.20</ram:CalculatedAmount>{tax}"
            "<ram:BasisAmount>101.00</ram:BasisAmount></ram:ApplicableTradeTax>"
            "<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator>"
            f"</ram:ChargeIndicator><ram:ActualAmount>1.00</ram:ActualAmount><ram:CategoryTradeTax>{tax}"
            "</ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>"
            f"<ram:SpecifiedTradeSettlementHeaderMonetarySummation>{totals}"
            "</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>"
            "</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>").encode()


TOTALS = dict(LineTotalAmount="100.00", ChargeTotalAmount="1.00", AllowanceTotalAmount="0.00",
              TaxBasisTotalAmount="101.00", TaxTotalAmount="20.20", GrandTotalAmount="121.20",
              TotalPrepaidAmount="50.00", RoundingAmount="0.01", DuePayableAmount="71.21")


def test_a_charge_a_prepaid_amount_and_a_rounding_amount_add_up():
    """BR-CO-13 adds charges; BR-CO-16 takes off what was prepaid and adds the rounding."""
    assert total_problems(etree.fromstring(_cii(**TOTALS))) == []


@pytest.mark.parametrize(("changed", "rule"), [
    ({"TaxBasisTotalAmount": "99.00", "GrandTotalAmount": "119.20", "DuePayableAmount": "69.21"}, "BR-CO-13"),
    ({"DuePayableAmount": "71.19"}, "BR-CO-16"),
    ({"DuePayableAmount": "171.21"}, "BR-CO-16"),
])
def test_totals_that_do_not_add_up_name_their_rule(changed, rule):
    problems = total_problems(etree.fromstring(_cii(**{**TOTALS, **changed})))
    assert [p.split("]")[0].lstrip("[") for p in problems] == [rule]


@pytest.mark.parametrize(("lines", "amount", "incl_vat"), [
    ((("Z", "10"), ("A", "-1")), "0.00", "-2.00"),  # excl. VAT exactly 0
    ((("A", "10"), ("Z", "-120")), "-20.00", "0.00"),  # incl. VAT exactly 0
    ((("Z", "10.5"), ("A", "-1")), "0.50", "-1.50"),  # excl. VAT under one unit
    ((("A", "10"), ("Z", "-119.5")), "-19.50", "0.50"),  # incl. VAT under one unit
])
def test_an_invoice_at_zero_on_either_total_posts(shop, lines, amount, incl_vat):
    """BC refuses only when both totals are below 0: at 0, or above it by less than a unit, it posts."""
    _zero_rated(shop)
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    for item, quantity in lines:
        shop.sales.add_line(invoice, item, D(quantity))
    posted = shop.posted.invoice(shop.sales.post(shop.sales.get(DocKind.INVOICE, invoice.no)).invoice_no)
    assert (posted.amount, posted.amount_incl_vat) == (D(amount), D(incl_vat))


def test_an_invoice_a_cent_below_zero_on_both_totals_is_refused(shop):
    _zero_rated(shop)
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", D("1"))  # 10.00 + 2.00 VAT
    shop.sales.add_line(invoice, "Z", D("-12.01"))
    with pytest.raises(PostingError, match="must be 0 or greater"):
        shop.sales.post(shop.sales.get(DocKind.INVOICE, invoice.no))


def test_lines_not_invoiced_now_leave_no_vat_behind(shop):
    """Only the lines invoiced now are priced: a zero-rated line left for later adds no VAT
    entry (of 0) to this invoice."""
    _zero_rated(shop)
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("2"))
    shop.sales.add_line(order, "Z", D("3"))
    shop.sales.update_line(order, 20000, qty_to_ship=D("0"))
    no = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True).invoice_no
    assert [(e.vat_pct, e.base) for e in shop.ledger.vat_entries(no)] == [(D("20"), D("20.00"))]


def test_a_prepaid_line_not_invoiced_now_deducts_nothing_now(shop):
    """The final invoice deducts the prepayment of the lines it invoices only: no deduction
    line (not even one of 0) for a prepaid line left for later."""
    _zero_rated(shop)
    shop.customers.update("C", prepayment_pct=D("30"))
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("2"))
    shop.sales.add_line(order, "Z", D("3"))
    prepayment_no = shop.sales.post_prepayment_invoice(order)
    shop.payments.register("C", shop.posted.invoice(prepayment_no).amount_incl_vat, apply_to=[prepayment_no])
    shop.sales.update_line(order, 20000, qty_to_ship=D("0"))
    no = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True).invoice_no
    deductions = [line for line in shop.posted.invoice(no).lines if line.type == "prepayment"]
    assert [(line.order_line_no, line.amount) for line in deductions] == [(10000, D("-6.00"))]
