"""Corrections (bc-posting-rules.md section 2, bc-sales-features.md sections 8-10): Cancel and
Correct a posted invoice, Create Corrective Credit Memo, cancelling the corrective credit memo,
returns that never return the same goods twice, and Undo Shipment.

Every refusal is checked to have written nothing at all: every row of every table (ledger
entries, remaining amounts, number series, documents) is exactly as before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound, SalesDeskError

from .corrections_support import (
    assert_nets_to_zero,
    assert_unchanged,
    entry_of,
    full_state,
    pay,
    post_invoice,
)
from .test_posting_support import assert_gap_free, assert_gl_balanced, row_counts

D = Decimal
TODAY = dt.date(2026, 11, 24)
ACTIONS = ["cancel_invoice", "correct_invoice"]


def refused(desk, call, *args, match: str, **kwargs) -> str:
    """Call, expect a SalesDeskError whose message matches, and nothing written; the message."""
    before = full_state(desk)
    with pytest.raises(SalesDeskError, match=match) as err:
        call(*args, **kwargs)
    assert_unchanged(desk, before)
    return str(err.value)


def reverse_into(desk, kind: DocKind, invoice_no: str, quantity: Decimal | None = None, *, from_kind="invoice"):
    """A credit memo / return order for C with the lines of a posted document; the first line
    set to ``quantity`` if given. The document as read back."""
    doc = desk.sales.create(kind, "C")
    desk.sales.get_posted_lines_to_reverse(doc, from_kind, invoice_no)
    doc = desk.sales.get(kind, doc.no)
    if quantity is not None:
        desk.sales.update_line(doc, doc.lines[0].line_no, quantity=quantity)
        doc = desk.sales.get(kind, doc.no)
    return doc


@pytest.fixture
def invoiced(shop):
    """A posted direct invoice of 5 x A at 10 % discount: 45.00 / 9.00 / 54.00."""
    return post_invoice(shop, ("A", "5", {"line_discount_pct": D("10")}))


# -- Cancel / Correct: blocking tests (2.1), in BC's order -------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_an_invoice_of_zero_amount(shop, action):
    no = post_invoice(shop, ("A", "1", {"unit_price": D("0")}))
    assert shop.posted.invoice(no).amount_incl_vat == D("0.00")
    refused(shop, getattr(shop.posted, action), no, match=r"(?i)zero|amount")


@pytest.mark.parametrize("action", ACTIONS)
def test_an_invoice_posted_outside_the_allowed_posting_dates(shop, invoiced, action):
    shop.setup.update_company(allow_posting_from=TODAY + dt.timedelta(days=1))
    refused(shop, getattr(shop.posted, action), invoiced, match=r"(?i)posting date")
    shop.setup.update_company(allow_posting_from=None)
    getattr(shop.posted, action)(invoiced)  # allowed again
    assert shop.posted.invoice(invoiced).cancelled is True


@pytest.mark.parametrize("action", ACTIONS)
def test_an_invoice_already_cancelled(shop, invoiced, action):
    shop.posted.cancel_invoice(invoiced)
    refused(shop, getattr(shop.posted, action), invoiced, match="already cancelled")


@pytest.mark.parametrize("action", ACTIONS)
def test_an_invoice_that_is_itself_a_correction(shop, invoiced, action):
    memo_no = shop.posted.cancel_invoice(invoiced)
    corrective = shop.posted.cancel_credit_memo(memo_no)
    assert shop.posted.invoice(corrective).corrects == memo_no
    refused(shop, getattr(shop.posted, action), corrective, match=r"(?i)correct")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("paid", [D("54.00"), D("0.01"), D("20.00")], ids=["fully", "a-cent", "partly"])
def test_a_paid_or_partly_paid_invoice(shop, invoiced, action, paid):
    pay(shop, invoiced, paid)
    refused(shop, getattr(shop.posted, action), invoiced, match="paid")
    assert shop.posted.invoice(invoiced).cancelled is False


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("blocked", ["invoice", "all"])
def test_a_blocked_sell_to_customer(shop, invoiced, action, blocked):
    shop.customers.update("C", blocked=blocked)
    message = refused(shop, getattr(shop.posted, action), invoiced, match="blocked")
    assert "Customer C C is blocked" in message


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("blocked", ["invoice", "all"])
def test_a_blocked_bill_to_customer(shop, action, blocked):
    shop.customers.create("Payer", no="P", payment_terms="30D")
    shop.customers.create("Shop floor", no="S", payment_terms="30D", bill_to_customer_no="P")
    no = post_invoice(shop, ("A", "1"), customer="S")
    shop.customers.update("P", blocked=blocked)
    message = refused(shop, getattr(shop.posted, action), no, match="blocked")
    assert "Customer P Payer is blocked" in message


def test_a_customer_blocked_for_shipping_may_still_be_cancelled(shop, invoiced):
    shop.customers.update("C", blocked="ship")
    shop.posted.cancel_invoice(invoiced)
    assert shop.posted.invoice(invoiced).cancelled is True
    assert shop.customers.balance("C") == D("0.00")


@pytest.mark.parametrize("action", ACTIONS)
def test_a_blocked_item(shop, invoiced, action):
    shop.items.update("A", blocked=True)
    message = refused(shop, getattr(shop.posted, action), invoiced, match="blocked")
    assert "item A A is blocked" in message


@pytest.mark.parametrize("action", ACTIONS)
def test_goods_partly_returned_by_a_credit_memo(shop, invoiced, action):
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("1"))
    shop.sales.post(memo)
    refused(shop, getattr(shop.posted, action), invoiced, match="returned")


@pytest.mark.parametrize("action", ACTIONS)
def test_goods_received_back_on_a_return_order(shop, invoiced, action):
    ret = reverse_into(shop, DocKind.RETURN_ORDER, invoiced, D("2"))
    shop.sales.post(ret, receive=True)  # received, not yet credited
    refused(shop, getattr(shop.posted, action), invoiced, match="returned")


@pytest.mark.parametrize("action", ACTIONS + ["create_corrective_credit_memo"])
def test_an_invoice_that_does_not_exist(shop, action):
    before = full_state(shop)
    with pytest.raises(NotFound):
        getattr(shop.posted, action)("PSI-99999")
    assert_unchanged(shop, before)


# -- Cancel -----------------------------------------------------------------------------------


def test_cancel_a_direct_invoice(shop, invoiced):
    memo_no = shop.posted.cancel_invoice(invoiced)
    assert memo_no == "PSC-00001"
    memo = shop.posted.credit_memo(memo_no)
    assert (memo.amount, memo.vat_amount, memo.amount_incl_vat) == (D("45.00"), D("9.00"), D("54.00"))
    assert (memo.corrects, memo.applies_to_doc_no) == (invoiced, invoiced)
    (line,) = [l for l in memo.lines if l.type == "item"]
    assert (line.no, line.quantity, line.unit_price, line.line_discount_pct) == ("A", D("5"), D("10.00"), D("10"))
    invoice = shop.posted.invoice(invoiced)
    assert (invoice.cancelled, invoice.cancelled_by) == (True, memo_no)
    assert shop.ledger.customer_entries("C", open_only=True) == []
    assert shop.customers.balance("C") == D("0.00")
    assert shop.items.inventory("A") == D("100")
    assert shop.ledger.item_entries("A")[-1].cost_amount == D("30.00")  # at the original cost
    assert_nets_to_zero(shop, invoiced, memo_no)
    assert_gl_balanced(shop)
    assert_gap_free(shop)
    # nothing is left to return of a cancelled invoice
    assert shop.posted.reversible_lines("C", kind="invoice") == []


def test_cancel_an_order_invoice_rolls_the_order_back(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("6"), qty_to_invoice=D("4"))
    result = shop.sales.post(order, ship=True, invoice=True)
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity_shipped, line.quantity_invoiced) == (D("6"), D("4"))

    memo_no = shop.posted.cancel_invoice(result.invoice_no)

    # Quantity Shipped and Quantity Invoiced go back by the invoiced 4
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity_shipped, line.quantity_invoiced, line.outstanding_quantity,
            line.qty_shipped_not_invoiced) == (D("2"), D("0"), D("8"), D("2"))
    assert shop.items.inventory("A") == D("98")  # the 4 invoiced came back; 2 are still out
    assert shop.customers.balance("C") == D("0.00")
    assert_nets_to_zero(shop, result.invoice_no, memo_no)

    # the order goes on: ship the 8 left and invoice all 10
    shop.sales.update_line(order, 10000, qty_to_ship=D("8"), qty_to_invoice=D("10"))
    final = shop.sales.post(order, ship=True, invoice=True)
    assert final.document_deleted is True
    assert shop.posted.invoice(final.invoice_no).amount_incl_vat == D("120.00")
    assert shop.customers.balance("C") == D("120.00")
    assert shop.items.inventory("A") == D("90")
    assert_gl_balanced(shop)


def test_cancel_an_invoice_whose_order_is_gone(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("3"))
    result = shop.sales.post(order, ship=True, invoice=True)
    assert result.document_deleted is True
    memo_no = shop.posted.cancel_invoice(result.invoice_no)
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.ORDER, order.no)
    assert shop.items.inventory("A") == D("100")
    assert shop.customers.balance("C") == D("0.00")
    assert_nets_to_zero(shop, result.invoice_no, memo_no)


# -- Correct ----------------------------------------------------------------------------------


def test_correct_a_direct_invoice_gives_a_new_draft_invoice(shop, invoiced):
    posted = shop.posted.invoice(invoiced)

    draft = shop.posted.correct_invoice(invoiced)

    assert draft.kind == DocKind.INVOICE
    assert draft.no != posted.pre_assigned_no  # a new number
    assert draft.customer_no == "C"
    assert [(l.type, l.no, l.quantity, l.unit_price, l.line_discount_pct, l.line_amount) for l in draft.lines] == [
        ("item", "A", D("5"), D("10.00"), D("10"), D("45.00"))]
    assert (draft.amount, draft.vat_amount, draft.amount_incl_vat) == (D("45.00"), D("9.00"), D("54.00"))
    assert shop.sales.get(DocKind.INVOICE, draft.no).lines == draft.lines  # it is saved

    # the old invoice is cancelled by a posted credit memo; nothing else is posted
    invoice = shop.posted.invoice(invoiced)
    assert invoice.cancelled is True
    assert [m.no for m in shop.posted.credit_memos()] == [invoice.cancelled_by]
    assert [i.no for i in shop.posted.invoices()] == [invoiced]
    assert shop.customers.balance("C") == D("0.00")
    assert shop.items.inventory("A") == D("100")

    # the clerk fixes the draft and posts it
    shop.sales.update_line(draft, draft.lines[0].line_no, quantity=D("4"))
    result = shop.sales.post(draft)
    assert result.invoice_no == "PSI-00002"
    assert shop.customers.balance("C") == D("43.20")
    assert shop.items.inventory("A") == D("96")
    assert_gl_balanced(shop)
    assert_gap_free(shop)


def test_correct_an_order_invoice_reopens_the_order(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("4"))
    result = shop.sales.post(order, ship=True, invoice=True)
    assert result.document_deleted is False

    corrected = shop.posted.correct_invoice(result.invoice_no)

    assert (corrected.kind, corrected.no, corrected.status) == (DocKind.ORDER, order.no, "open")
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity, line.quantity_shipped, line.quantity_invoiced, line.outstanding_quantity) == (
        D("10"), D("0"), D("0"), D("10"))
    assert shop.posted.invoice(result.invoice_no).cancelled is True
    assert shop.sales.count(DocKind.INVOICE) == 0  # no new draft invoice: the order is the draft
    assert shop.items.inventory("A") == D("100")
    assert shop.customers.balance("C") == D("0.00")

    final = shop.sales.post(order, ship=True, invoice=True)
    assert final.document_deleted is True
    assert shop.customers.balance("C") == D("120.00")
    assert shop.items.inventory("A") == D("90")
    assert_gl_balanced(shop)
    assert_gap_free(shop)


# -- Create Corrective Credit Memo --------------------------------------------------------------


def test_create_corrective_credit_memo_posts_nothing(shop, invoiced):
    counts = row_counts(shop)
    memo = shop.posted.create_corrective_credit_memo(invoiced)

    assert memo.kind == DocKind.CREDIT_MEMO
    assert memo.customer_no == "C"
    assert memo.applies_to_doc_no == invoiced
    assert [(l.type, l.no, l.quantity, l.unit_price, l.line_discount_pct, l.unit_cost) for l in memo.lines] == [
        ("item", "A", D("5"), D("10.00"), D("10"), D("6.00"))]
    assert (memo.amount, memo.vat_amount, memo.amount_incl_vat) == (D("45.00"), D("9.00"), D("54.00"))
    after = row_counts(shop)
    posted_tables = ("posted_header", "posted_line", "item_ledger_entry", "cust_ledger_entry", "gl_entry",
                     "vat_entry", "gl_register")
    assert {t: after[t] for t in posted_tables} == {t: counts[t] for t in posted_tables}
    assert shop.posted.invoice(invoiced).cancelled is False
    assert entry_of(shop, "C", invoiced).remaining_amount == D("54.00")

    # editable: credit 2 of the 5, then post; the invoice is settled by that much
    shop.sales.update_line(memo, memo.lines[0].line_no, quantity=D("2"))
    result = shop.sales.post(memo)
    assert shop.posted.credit_memo(result.credit_memo_no).amount_incl_vat == D("21.60")
    assert entry_of(shop, "C", invoiced).remaining_amount == D("32.40")
    assert shop.customers.balance("C") == D("32.40")
    assert shop.items.inventory("A") == D("97")


def test_create_corrective_credit_memo_in_full_closes_the_invoice(shop, invoiced):
    memo = shop.posted.create_corrective_credit_memo(invoiced)
    result = shop.sales.post(memo)
    assert (entry_of(shop, "C", invoiced).open, entry_of(shop, "C", result.credit_memo_no).open) == (False, False)
    assert shop.customers.balance("C") == D("0.00")
    assert_nets_to_zero(shop, invoiced, result.credit_memo_no)


# -- cancelling the corrective credit memo ----------------------------------------------------


def test_cancel_the_corrective_credit_memo_restores_the_invoice(shop, invoiced):
    memo_no = shop.posted.cancel_invoice(invoiced)

    new_invoice = shop.posted.cancel_credit_memo(memo_no)

    assert new_invoice == "PSI-00002"
    invoice = shop.posted.invoice(invoiced)
    assert (invoice.cancelled, invoice.cancelled_by) == (False, "")
    memo = shop.posted.credit_memo(memo_no)
    assert memo.cancelled is True
    assert memo.cancelled_by == new_invoice
    again = shop.posted.invoice(new_invoice)
    assert again.corrects == memo_no
    assert (again.amount, again.vat_amount, again.amount_incl_vat) == (D("45.00"), D("9.00"), D("54.00"))
    assert_nets_to_zero(shop, new_invoice, memo_no)  # the new invoice undoes the credit memo
    # the customer owes the invoice again; the goods are out again
    assert shop.customers.balance("C") == D("54.00")
    entries = shop.ledger.customer_entries("C")
    assert sum((e.remaining_amount for e in entries), D(0)) == D("54.00")
    assert shop.items.inventory("A") == D("95")
    assert_gl_balanced(shop)
    assert_gap_free(shop)
    # the credit memo cannot be cancelled twice
    refused(shop, shop.posted.cancel_credit_memo, memo_no, match="already cancelled")


def test_a_credit_memo_that_cancelled_nothing_is_not_cancelled_this_way(shop, invoiced):
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("1"))
    memo_no = shop.sales.post(memo).credit_memo_no
    refused(shop, shop.posted.cancel_credit_memo, memo_no, match=r"(?i)cancel|correct")


# -- applies-to document ----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["PSI-99999", "other"])
def test_applies_to_must_be_a_posted_invoice_of_the_customer(shop, invoiced, target):
    shop.customers.create("Other", no="O", payment_terms="30D")
    other = post_invoice(shop, ("A", "1"), customer="O")
    no = other if target == "other" else target
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("1"))
    # refused when entered, and again when posted (writing nothing): posting is checked with
    # the value written past the entry check, so that both checks are reached
    try:
        shop.sales.update(memo, applies_to_doc_no=no)
    except SalesDeskError:
        assert shop.sales.get(DocKind.CREDIT_MEMO, memo.no).applies_to_doc_no == ""
        _hold_applies_to(shop, memo, no)
    message = refused(shop, shop.sales.post, memo, match="Applies-to")
    assert no in message


def test_applies_to_a_closed_invoice_is_refused(shop, invoiced):
    pay(shop, invoiced, D("54.00"))
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("1"))
    try:
        shop.sales.update(memo, applies_to_doc_no=invoiced)
    except SalesDeskError:
        _hold_applies_to(shop, memo, invoiced)  # so that the posting-time check is reached too
    refused(shop, shop.sales.post, memo, match="closed")


def _hold_applies_to(shop, memo, no: str) -> None:
    """Write Applies-to Doc. No. straight to the header, past the check made where it is typed."""
    from salesdesk.model.tables import SalesHeader

    with shop.db.write() as s:
        s.get(SalesHeader, ("credit_memo", memo.no)).applies_to_doc_no = no


def test_a_credit_memo_bigger_than_the_invoice_left_stays_open_for_the_rest(shop, invoiced):
    pay(shop, invoiced, D("50.00"))  # 4.00 left open
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("1"))  # 10.80
    shop.sales.update(memo, applies_to_doc_no=invoiced)
    result = shop.sales.post(memo)
    assert (entry_of(shop, "C", invoiced).remaining_amount, entry_of(shop, "C", invoiced).open) == (D("0.00"), False)
    memo_entry = entry_of(shop, "C", result.credit_memo_no)
    assert (memo_entry.amount, memo_entry.remaining_amount, memo_entry.open) == (D("-10.80"), D("-6.80"), True)
    assert shop.customers.balance("C") == D("54.00") - D("50.00") - D("10.80")


# -- returns never return the same goods twice ---------------------------------------------------


def test_two_return_orders_against_one_invoice_line(shop, invoiced):
    first = reverse_into(shop, DocKind.RETURN_ORDER, invoiced, D("3"))
    shop.sales.post(first, receive=True)
    (line,) = shop.posted.reversible_lines("C", kind="invoice")
    assert line.returnable == D("2")

    second = reverse_into(shop, DocKind.RETURN_ORDER, invoiced)
    (line,) = second.lines
    assert line.quantity == D("2")  # only what is left to return

    # asking for 3 again is refused, at the line or at posting, and writes nothing
    try:
        shop.sales.update_line(second, line.line_no, quantity=D("3"))
    except SalesDeskError:
        pass
    else:
        before = full_state(shop)
        with pytest.raises(SalesDeskError, match=r"(?i)return"):
            shop.sales.post(second, receive=True)
        assert_unchanged(shop, before)
        shop.sales.update_line(second, line.line_no, quantity=D("2"))

    shop.sales.post(second, receive=True)
    assert shop.posted.reversible_lines("C", kind="invoice") == []
    assert shop.items.inventory("A") == D("100")

    # nothing left: a third return order gets no line (or is refused)
    third = shop.sales.create(DocKind.RETURN_ORDER, "C")
    try:
        shop.sales.get_posted_lines_to_reverse(third, "invoice", invoiced)
    except SalesDeskError:
        pass
    assert shop.sales.get(DocKind.RETURN_ORDER, third.no).lines == ()


def test_two_unposted_returns_of_the_same_goods_only_one_posts(shop, invoiced):
    first = reverse_into(shop, DocKind.RETURN_ORDER, invoiced, D("2"))
    second = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced)
    assert second.lines[0].quantity == D("3")  # what the first return order does not take
    # the first return order asks for all 5 again: refused now or when it is posted
    try:
        shop.sales.update_line(first, first.lines[0].line_no, quantity=D("5"))
    except SalesDeskError:
        return
    shop.sales.post(second)
    before = full_state(shop)
    with pytest.raises(SalesDeskError, match=r"(?i)return"):
        shop.sales.post(first, receive=True)
    assert_unchanged(shop, before)
    assert shop.items.inventory("A") == D("98")


def test_a_credit_memo_line_may_not_return_more_than_was_invoiced(shop, invoiced):
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced)
    line_no = memo.lines[0].line_no
    try:
        shop.sales.update_line(memo, line_no, quantity=D("6"))
    except SalesDeskError:
        return
    before = full_state(shop)
    with pytest.raises(SalesDeskError, match=r"(?i)return"):
        shop.sales.post(memo)
    assert_unchanged(shop, before)


def test_returning_from_the_shipment_counts_what_the_invoice_returned(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("5"))
    result = shop.sales.post(order, ship=True, invoice=True)
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, result.invoice_no, D("3"))
    shop.sales.post(memo)

    (line,) = shop.posted.reversible_lines("C", kind="shipment")
    assert line.returnable == D("2")  # the same goods: 3 came back already
    ret = reverse_into(shop, DocKind.RETURN_ORDER, result.shipment_no, from_kind="shipment")
    (ret_line,) = ret.lines
    assert (ret_line.no, ret_line.quantity, ret_line.unit_cost) == ("A", D("2"), D("6.00"))
    assert (ret_line.appl_from_kind, ret_line.appl_from_no) == ("shipment", result.shipment_no)


def test_returns_and_cancellations_keep_the_books_balanced(shop, invoiced):
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("2"))
    shop.sales.update(memo, applies_to_doc_no=invoiced)
    shop.sales.post(memo)
    second = post_invoice(shop, ("A", "1"))
    shop.posted.cancel_invoice(second)
    assert shop.customers.balance("C") == D("32.40")
    assert sum((e.amount for e in shop.ledger.customer_entries("C")), D(0)) == D("32.40")
    assert sum((e.remaining_amount for e in shop.ledger.customer_entries("C")), D(0)) == D("32.40")
    assert shop.items.inventory("A") == D("97")
    assert_gl_balanced(shop)
    assert_gap_free(shop)


# -- Undo Shipment ------------------------------------------------------------------------------


@pytest.fixture
def shipped(shop):
    """An order of 10 x A and 3 x A; 4 and 3 shipped on PSS-00001."""
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("10"))
    shop.sales.add_line(order, "A", D("3"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("4"))
    assert shop.sales.post(order, ship=True).shipment_no == "PSS-00001"
    assert shop.items.inventory("A") == D("93")
    return order


def test_undo_one_line_of_a_shipment(shop, shipped):
    shipment = shop.posted.undo_shipment("PSS-00001", line_nos=[20000])
    corrections = [l for l in shipment.lines if l.correction]
    assert [(l.no, l.quantity, l.order_line_no) for l in corrections] == [("A", D("-3"), 20000)]
    order = shop.sales.get(DocKind.ORDER, shipped.no)
    assert (order.line(10000).quantity_shipped, order.line(20000).quantity_shipped) == (D("4"), D("0"))
    assert shop.items.inventory("A") == D("96")
    left = shop.posted.uninvoiced_shipment_lines("C")
    assert [(r.line_no, r.left) for r in left] == [(10000, D("4"))]


def test_undo_a_partly_invoiced_shipment_line_is_refused(shop, shipped):
    shop.sales.update_line(shipped, 10000, qty_to_ship=D("0"), qty_to_invoice=D("2"))
    shop.sales.update_line(shipped, 20000, qty_to_ship=D("0"), qty_to_invoice=D("0"))
    shop.sales.post(shipped, invoice=True)
    refused(shop, shop.posted.undo_shipment, "PSS-00001", line_nos=[10000], match="invoiced")
    refused(shop, shop.posted.undo_shipment, "PSS-00001", match="invoiced")  # all lines: one is invoiced
    shop.posted.undo_shipment("PSS-00001", line_nos=[20000])  # the other line is free
    assert shop.items.inventory("A") == D("96")


def test_undo_a_line_already_undone_is_refused(shop, shipped):
    shop.posted.undo_shipment("PSS-00001", line_nos=[10000])
    refused(shop, shop.posted.undo_shipment, "PSS-00001", line_nos=[10000], match=r"(?i)undone|already|correct")


def test_undo_a_correction_line_is_refused(shop, shipped):
    shipment = shop.posted.undo_shipment("PSS-00001", line_nos=[10000])
    (correction,) = [l for l in shipment.lines if l.correction]
    refused(shop, shop.posted.undo_shipment, "PSS-00001", line_nos=[correction.line_no], match=r"(?i)correction")


def test_undo_the_shipment_of_a_posted_invoice_is_refused(shop, invoiced):
    (shipment,) = shop.posted.shipments()
    refused(shop, shop.posted.undo_shipment, shipment.no, match="invoiced")


def test_undo_a_shipment_that_does_not_exist(shop):
    before = full_state(shop)
    with pytest.raises(NotFound):
        shop.posted.undo_shipment("PSS-99999")
    assert_unchanged(shop, before)


def test_undo_then_ship_again_then_undo_again(shop, shipped):
    shop.posted.undo_shipment("PSS-00001")
    shop.sales.update_line(shipped, 10000, qty_to_ship=D("5"))
    shop.sales.update_line(shipped, 20000, qty_to_ship=D("0"))
    second = shop.sales.post(shipped, ship=True).shipment_no
    assert second == "PSS-00002"
    shop.posted.undo_shipment(second)
    order = shop.sales.get(DocKind.ORDER, shipped.no)
    assert [l.quantity_shipped for l in order.lines] == [D("0"), D("0")]
    assert shop.items.inventory("A") == D("100")
    assert sum((e.quantity for e in shop.ledger.item_entries("A")), D(0)) == D("100")
    assert_gap_free(shop)


def test_reversible_lines_leave_out_what_unposted_returns_already_take(shop, invoiced):
    reverse_into(shop, DocKind.RETURN_ORDER, invoiced, D("3"))
    (line,) = shop.posted.reversible_lines("C", kind="invoice")
    assert (line.returned_quantity, line.pending_return, line.returnable) == (D("0"), D("3"), D("2"))


def test_a_credit_memo_applied_after_posting_and_unapplied_again(shop, invoiced):
    memo = reverse_into(shop, DocKind.CREDIT_MEMO, invoiced, D("2"))
    memo_no = shop.sales.post(memo).credit_memo_no
    memo_entry = entry_of(shop, "C", memo_no)
    invoice_entry = entry_of(shop, "C", invoiced)
    assert (memo_entry.remaining_amount, invoice_entry.remaining_amount) == (D("-21.60"), D("54.00"))

    applied = shop.ledger.apply(memo_entry.entry_no, [invoice_entry.entry_no])
    assert (applied.remaining_amount, applied.open) == (D("0.00"), False)
    assert entry_of(shop, "C", invoiced).remaining_amount == D("32.40")
    with pytest.raises(SalesDeskError, match="closed"):
        shop.ledger.apply(memo_entry.entry_no, [invoice_entry.entry_no])

    restored = shop.ledger.unapply(memo_entry.entry_no)
    assert (restored.remaining_amount, restored.open) == (D("-21.60"), True)
    assert (entry_of(shop, "C", invoiced).remaining_amount, entry_of(shop, "C", invoiced).open) == (D("54.00"), True)
    assert shop.customers.balance("C") == D("32.40")
    with pytest.raises(SalesDeskError, match="not applied"):
        shop.ledger.unapply(memo_entry.entry_no)


def test_applying_two_debits_to_each_other_is_refused(shop, invoiced):
    second = post_invoice(shop, ("A", "1"))
    with pytest.raises(SalesDeskError, match="same sign"):
        shop.ledger.apply(entry_of(shop, "C", second).entry_no, [entry_of(shop, "C", invoiced).entry_no])
