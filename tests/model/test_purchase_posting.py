"""Purchase posting (spec 11.7, steps 1-4 and 7-9): receive, invoice, credit memo, refusals
that write nothing, undo receipt, preview, gap-free numbers, all to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import PostingError, PurchaseKind, SalesDeskError
from salesdesk.model.tables import Company
from tests.model.test_posting_support import assert_gl_balanced, db_state, gl_by_account

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def shop(desk):
    """Vendor V1 (30 days), item A (cost 6.00, 10 on hand), VAT 20 %."""
    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.vendors.create("Vendor One", no="V1", payment_terms="30D")
    desk.items.create("Item A", no="A", unit_price=D("10"), unit_cost=D("6"), vat_prod_group="STD", vendor_no="V1")
    desk.items.adjust("A", D("10"), unit_cost=D("6"))
    return desk


def _order(desk, quantity=D("10"), cost=D("8"), **header):
    order = desk.purchases.create(PurchaseKind.ORDER, "V1", **header)
    desk.purchases.add_line(order, "A", quantity, direct_unit_cost=cost)
    return order


def test_step1_receive_brings_stock_in_at_the_direct_cost_without_gl(shop):
    order = _order(shop)
    result = shop.purchases.post(order, receive=True)
    assert result.receipt_no == "PPR-00001" and result.invoice_no is None
    assert shop.items.inventory("A") == D("20")
    entry = shop.ledger.item_entries("A")[-1]
    assert (entry.entry_type, entry.quantity, entry.cost_amount, entry.vendor_no, entry.document_no) == (
        "purchase", D("10"), D("80.00"), "V1", "PPR-00001")
    assert shop.ledger.gl_entries("PPR-00001") == []
    assert shop.items.get("A").last_direct_cost == D("8")
    line = shop.purchases.get(PurchaseKind.ORDER, order.no).lines[0]
    assert (line.quantity_received, line.qty_to_receive, line.qty_to_invoice, line.qty_rcd_not_invoiced) == (
        D("10"), D("0"), D("10"), D("10"))
    receipt = shop.posted.purchase_receipt("PPR-00001")
    assert (receipt.vendor_no, receipt.order_no, receipt.lines[0].quantity, receipt.lines[0].cost_amount) == (
        "V1", order.no, D("10"), D("80.00"))


def test_step2_invoice_writes_vendor_gl_and_vat_entries_to_the_cent(shop):
    order = _order(shop, vendor_invoice_no="F-1001")
    shop.purchases.post(order, receive=True)
    result = shop.purchases.post(order, invoice=True)
    assert result.invoice_no == "PPI-00001" and result.document_deleted
    (entry,) = shop.ledger.vendor_entries("V1")
    assert (entry.document_type, entry.amount, entry.remaining_amount, entry.external_document_no, entry.open) == (
        "invoice", D("-96.00"), D("-96.00"), "F-1001", True)
    assert entry.due_date == TODAY + dt.timedelta(days=30)
    assert shop.vendors.balance("V1") == D("96.00")
    assert gl_by_account(shop, "PPI-00001") == {"607000": D("80.00"), "445660": D("16.00"), "401000": D("-96.00"),
                                                "370000": D("80.00"), "603700": D("-80.00")}
    (vat,) = shop.ledger.vat_entries("PPI-00001")
    assert (vat.type, vat.base, vat.amount, vat.vendor_no) == ("purchase", D("80.00"), D("16.00"), "V1")
    assert_gl_balanced(shop)
    invoice = shop.posted.purchase_invoice("PPI-00001")
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat, invoice.vendor_invoice_no) == (
        D("80.00"), D("16.00"), D("96.00"), "F-1001")
    assert not shop.purchases.exists(PurchaseKind.ORDER, order.no)  # fully received and invoiced


def test_step3_duplicate_vendor_invoice_no_and_invoicing_more_than_received_write_nothing(shop):
    shop.purchases.post(_order(shop, vendor_invoice_no="F-1001"), receive=True, invoice=True)
    second = _order(shop, vendor_invoice_no="F-1001")
    before = db_state(shop)
    with pytest.raises(PostingError) as refused:
        shop.purchases.post(second, receive=True, invoice=True)
    assert "Purchase Invoice F-1001 already exists for this vendor." in refused.value.problems
    assert db_state(shop) == before

    third = _order(shop, quantity=D("12"), vendor_invoice_no="F-1002")
    shop.purchases.update_line(third, 10000, qty_to_receive=D("10"))
    shop.purchases.post(third, receive=True)
    line = shop.purchases.get(PurchaseKind.ORDER, third.no).lines[0]
    assert (line.quantity_received, line.qty_to_receive, line.qty_to_invoice) == (D("10"), D("2"), D("12"))
    before = db_state(shop)
    with pytest.raises(PostingError) as refused:
        shop.purchases.post(third, invoice=True)
    assert refused.value.problems == [f"You cannot invoice order {third.no} for more than you have received."]
    assert db_state(shop) == before


def test_qty_to_invoice_beyond_what_is_received_or_to_receive_is_refused_at_entry(shop):
    order = _order(shop)
    shop.purchases.update_line(order, 10000, qty_to_receive=D("4"))
    with pytest.raises(SalesDeskError, match="for more than you have received"):
        shop.purchases.update_line(order, 10000, qty_to_invoice=D("5"))


def test_step4_partial_receive_and_invoice_keep_the_order_until_all_is_done(shop):
    order = _order(shop, vendor_invoice_no="F-1")
    shop.purchases.update_line(order, 10000, qty_to_receive=D("4"))
    first = shop.purchases.post(order, receive=True, invoice=True)
    assert not first.document_deleted
    line = shop.purchases.get(PurchaseKind.ORDER, order.no).lines[0]
    assert (line.quantity_received, line.quantity_invoiced, line.qty_to_receive, line.qty_to_invoice) == (
        D("4"), D("4"), D("6"), D("6"))
    assert shop.ledger.vendor_entries("V1")[0].amount == D("-38.40")
    shop.purchases.reopen(order)
    shop.purchases.update(order, vendor_invoice_no="F-2")
    second = shop.purchases.post(order, receive=True, invoice=True)
    assert second.document_deleted and not shop.purchases.exists(PurchaseKind.ORDER, order.no)
    assert shop.vendors.balance("V1") == D("96.00")
    assert shop.items.inventory("A") == D("20")


def test_step7_credit_memo_sends_goods_back_and_is_applied_to_the_invoice(shop):
    shop.purchases.post(_order(shop, vendor_invoice_no="F-1001"), receive=True, invoice=True)
    memo = shop.purchases.create(PurchaseKind.CREDIT_MEMO, "V1", applies_to_doc_no="PPI-00001")
    shop.purchases.update(memo, vendor_cr_memo_no="AV-1")
    shop.purchases.add_line(memo, "A", D("2"), direct_unit_cost=D("8"))
    result = shop.purchases.post(memo)
    assert result.credit_memo_no == "PPC-00001" and result.return_shipment_no == "PRS-00001"
    invoice_entry, memo_entry = shop.ledger.vendor_entries("V1")
    assert memo_entry.amount == D("19.20") and memo_entry.remaining_amount == D("0.00") and not memo_entry.open
    assert invoice_entry.remaining_amount == D("-76.80")
    assert shop.items.inventory("A") == D("18")
    entry = shop.ledger.item_entries("A")[-1]
    assert (entry.quantity, entry.cost_amount) == (D("-2"), D("-16.00"))
    assert gl_by_account(shop, "PPC-00001") == {"607000": D("-16.00"), "445660": D("-3.20"), "401000": D("19.20"),
                                                "370000": D("-16.00"), "603700": D("16.00")}
    assert [v.base for v in shop.ledger.vat_entries("PPC-00001")] == [D("-16.00")]
    assert shop.vendors.balance("V1") == D("76.80")
    assert_gl_balanced(shop)


def test_a_credit_memo_for_more_than_is_in_stock_is_refused(shop):
    memo = shop.purchases.create(PurchaseKind.CREDIT_MEMO, "V1", vendor_cr_memo_no="AV-9")
    shop.purchases.add_line(memo, "A", D("11"), direct_unit_cost=D("6"))
    before = db_state(shop)
    with pytest.raises(PostingError, match="only|Only"):
        shop.purchases.post(memo)
    assert db_state(shop) == before


def test_step8_undo_receipt_restores_stock_and_the_order_line(shop):
    order = _order(shop)
    shop.purchases.post(order, receive=True)
    receipt = shop.posted.undo_receipt("PPR-00001")
    assert [(line.quantity, line.correction) for line in receipt.lines] == [(D("10"), False), (D("-10"), True)]
    assert shop.items.inventory("A") == D("10")
    line = shop.purchases.get(PurchaseKind.ORDER, order.no).lines[0]
    assert (line.quantity_received, line.qty_to_receive, line.qty_to_invoice) == (D("0"), D("10"), D("10"))
    with pytest.raises(SalesDeskError, match="already been undone|No line"):
        shop.posted.undo_receipt("PPR-00001")


def test_undo_receipt_is_refused_once_invoiced_or_when_the_stock_is_gone(shop):
    order = _order(shop, quantity=D("20"), vendor_invoice_no="F-7")
    shop.purchases.update_line(order, 10000, qty_to_receive=D("10"))
    shop.purchases.post(order, receive=True, invoice=True)
    with pytest.raises(SalesDeskError, match="invoiced"):
        shop.posted.undo_receipt("PPR-00001")
    shop.purchases.post(order, receive=True)  # PPR-00002: 10 more, not invoiced
    shop.items.adjust("A", D("-25"))
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match="in stock"):
        shop.posted.undo_receipt("PPR-00002")
    assert db_state(shop) == before


def test_step9_preview_lists_the_entries_of_the_post_and_saves_nothing(shop):
    order = _order(shop, vendor_invoice_no="F-1001")
    before = db_state(shop)
    preview = shop.purchases.post(order, receive=True, invoice=True, preview=True)
    assert db_state(shop) == before and preview.preview
    result = shop.purchases.post(order, receive=True, invoice=True)

    def strip(entries):
        return {name: [{k: v for k, v in row.items() if k != "search_key"} for row in rows]
                for name, rows in entries.items()}

    assert strip(preview.entries) == strip(result.entries)
    assert preview.counts() == {"Posted purchase documents": 2, "Posted purchase lines": 2,
                                "Item ledger entries": 1, "Vendor ledger entries": 1, "G/L registers": 1,
                                "G/L entries": 5, "VAT entries": 1}


def test_posted_purchase_numbers_have_no_gaps_even_after_refusals(shop):
    shop.setup.update_company(vendor_invoice_no_mandatory=True)
    for n in range(3):
        order = _order(shop)
        with pytest.raises(PostingError, match="You must specify the Vendor Invoice No."):
            shop.purchases.post(order, receive=True, invoice=True)
        shop.purchases.update(order, vendor_invoice_no=f"F-{n}")
        shop.purchases.post(order, receive=True, invoice=True)
    assert [d.no for d in shop.posted.purchase_receipts("V1")] == ["PPR-00001", "PPR-00002", "PPR-00003"]
    assert [d.no for d in shop.posted.purchase_invoices()] == ["PPI-00001", "PPI-00002", "PPI-00003"]


def test_blocked_vendor_missing_accounts_and_closed_period_are_listed_together(shop):
    order = _order(shop, vendor_invoice_no="F-1")
    shop.vendors.update("V1", blocked="all")
    shop.setup.update_company(allow_posting_from=TODAY + dt.timedelta(days=1))
    with shop.db.write() as s:  # a payables account deleted from the chart since
        s.get(Company, 1).payables_account = "999999"
    before = db_state(shop)
    with pytest.raises(PostingError) as refused:
        shop.purchases.post(order, receive=True, invoice=True)
    problems = " ".join(refused.value.problems)
    assert "blocked with type All" in problems
    assert "not within the range allowed" in problems
    assert "Payables Account 999999 does not exist" in problems
    assert db_state(shop) == before
    with pytest.raises(SalesDeskError, match="You cannot create this type of document when Vendor V1"):
        shop.purchases.create(PurchaseKind.INVOICE, "V1")


def test_a_direct_invoice_with_a_gl_account_line_receives_and_invoices_whole(shop):
    invoice = shop.purchases.create(PurchaseKind.INVOICE, "V1", vendor_invoice_no="F-50")
    shop.purchases.add_line(invoice, "A", D("1"))
    shop.purchases.add_line(invoice, "603800", D("1"), type="gl_account", direct_unit_cost=D("50"),
                            vat_prod_group="STD")
    shop.purchases.add_line(invoice, type="comment", description="Delivered Monday")
    result = shop.purchases.post(invoice)
    assert result.receipt_no == "PPR-00001" and result.invoice_no == "PPI-00001" and result.document_deleted
    gl = gl_by_account(shop, "PPI-00001")
    assert gl["603800"] == D("50.00") and gl["607000"] == D("6.00") and gl["401000"] == D("-67.20")
    assert_gl_balanced(shop)


def test_goods_sent_back_go_out_at_the_cost_they_came_in_at(shop):
    shop.purchases.post(_order(shop, vendor_invoice_no="F-1001"), receive=True, invoice=True)
    memo = shop.purchases.create(PurchaseKind.CREDIT_MEMO, "V1", applies_to_doc_no="PPI-00001",
                                 vendor_cr_memo_no="AV-2")
    shop.purchases.add_line(memo, "A", D("2"), direct_unit_cost=D("7.50"))  # the vendor credits less
    shop.purchases.post(memo)
    entry = shop.ledger.item_entries("A")[-1]
    assert (entry.quantity, entry.cost_amount) == (D("-2"), D("-16.00"))
    assert gl_by_account(shop, "PPC-00001") == {"607000": D("-15.00"), "445660": D("-3.00"), "401000": D("18.00"),
                                                "370000": D("-16.00"), "603700": D("16.00")}
    assert_gl_balanced(shop)


def test_the_vendor_entry_carries_the_payment_discount_of_the_terms(shop):
    shop.setup.add_payment_terms("10D2", due_days=30, discount_days=10, discount_pct=D("2.5"))
    order = _order(shop, vendor_invoice_no="F-9", payment_terms="10D2")
    shop.purchases.post(order, receive=True, invoice=True)
    (entry,) = shop.ledger.vendor_entries("V1")
    assert (entry.amount, entry.pmt_disc_possible, entry.pmt_discount_date, entry.due_date) == (
        D("-96.00"), D("-2.40"), TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=30))
