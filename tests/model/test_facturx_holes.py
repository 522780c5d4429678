"""Factur-X rules that no check caught when broken (issue 17): the net unit price of a
prices-incl.-VAT line keeps its decimals (quantity x price = line amount), and the app's own
totals check holds BR-CO-16 (the amount due)."""

from decimal import ROUND_HALF_UP, Decimal

from salesdesk.model.output.facturx_xml import NS, total_problems

from .test_facturx import fx, parse, post_invoice  # noqa: F401  (fx: the e-invoicing shop)

D = Decimal


def test_a_prices_incl_vat_line_states_a_net_price_that_multiplies_to_its_amount(fx):  # noqa: F811
    fx.customers.create("Retail", no="P", country="France", prices_incl_vat=True, payment_terms="30D")
    no = post_invoice(fx, ("F", "2", {"unit_price": D("3.33")}), ("A", "3", {"unit_price": D("9.99")}),
                      customer="P")  # 3.33 incl. 5.5 %: net 3.15640...
    tree = parse(fx.reports.facturx_xml(no))
    items = tree.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)
    assert items
    for item in items:
        price = D(item.findtext("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount",
                                namespaces=NS))
        quantity = D(item.findtext("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", namespaces=NS))
        net = D(item.findtext("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
                              "/ram:LineTotalAmount", namespaces=NS))
        assert (quantity * price).quantize(D("0.01"), rounding=ROUND_HALF_UP) == net, (quantity, price, net)


def test_the_apps_totals_check_holds_the_amount_due(fx):  # noqa: F811
    no = post_invoice(fx, ("A", "2"))
    xml = fx.reports.facturx_xml(no)
    assert total_problems(parse(xml)) == []
    (due,) = parse(xml).xpath("//ram:DuePayableAmount/text()", namespaces=NS)
    tampered = xml.replace(f"<ram:DuePayableAmount>{due}</ram:DuePayableAmount>".encode(),
                           f"<ram:DuePayableAmount>{D(due) + D('0.01')}</ram:DuePayableAmount>".encode())
    assert tampered != xml
    assert [p.split("]")[0] for p in total_problems(parse(tampered))] == ["[BR-CO-16"]
