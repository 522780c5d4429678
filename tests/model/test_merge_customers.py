"""Merge duplicate customers (spec bc-supply-and-agreements (g), "Done when" 1-7):
C10 "Jardins Lefèvre" (balance 100.00, 3 posted invoices) and its duplicate C42 "Jardins Lefevre"
(phone differs; balance 240.00, 2 posted invoices, 1 open order, 1 payment journal line).

Not tested because it does not exist yet: Pending Approval (no approvals) and the merge right
(no users: the log records the OS user)."""

from __future__ import annotations

import datetime as dt
import getpass
import subprocess
import sys
from decimal import Decimal

import pytest
from sqlalchemy import and_, func, select

from salesdesk.model import Desk, DocKind, NotFound, SalesDeskError
from salesdesk.model.core.references import naming_columns
from salesdesk.model.customers.merging import MergeConflicts
from salesdesk.model.tables import (
    BankStatement,
    BankStatementLine,
    CustomerStandardCode,
    OutboxEntry,
    PostedPurchaseHeader,
    PurchaseHeader,
    StandardSalesCode,
    StandardSalesLine,
    Vendor,
)

from .corrections_support import post_invoice
from .test_posting_concurrency import ROOT, child_env
from .test_posting_support import db_state, every_row

D = Decimal
FIXED = dt.datetime(2026, 11, 24, 9, 30, 15)


@pytest.fixture
def jardins(shop):
    """The spec's two customers: identical but for name and phone."""
    shop.items.create("Graines", no="G", unit_price=D("10.00"), unit_cost=D("4.00"), vat_prod_group="ZERO")
    shop.items.adjust("G", D("1000"), unit_cost=D("4.00"))
    common = dict(address="3 rue des Lilas", post_code="69003", city="Lyon", payment_terms="30D")
    shop.customers.create("Jardins Lefèvre", no="C10", phone="04 78 00 00 10", **common)
    shop.customers.create("Jardins Lefevre", no="C42", phone="06 12 34 56 42", **common)
    c10 = [post_invoice(shop, ("G", q), customer="C10") for q in (2, 3, 5)]  # 20 + 30 + 50
    c42 = [post_invoice(shop, ("G", q), customer="C42") for q in (10, 14)]  # 100 + 140
    order = shop.sales.create(DocKind.ORDER, "C42")
    shop.sales.add_line(order, "G", D("1"))
    shop.payments.add_line(customer_no="C42", amount=D("15.00"))
    shop.c10_invoices, shop.c42_invoices, shop.c42_order = c10, c42, order.no
    return shop


def _names(desk, no: str) -> dict[str, int]:
    """Per registered column (table.column): how many rows name customer ``no``."""
    found = {}
    with desk.db.read() as s:
        for column, extra in naming_columns("customer"):
            condition = column == no if extra is None else and_(column == no, extra)
            if column.table.name == "customer":
                condition = and_(condition, column.table.c.no != no)
            found[f"{column.table.name}.{column.name}"] = s.execute(
                select(func.count()).select_from(column.table).where(condition)).scalar_one()
    return found


# -- 1. what Merge With shows -------------------------------------------------------------------


def test_the_preview_lists_only_the_fields_that_differ_and_the_related_counts(jardins):
    before = db_state(jardins)
    preview = jardins.customers.merge_preview("C42", "C10")
    assert [(f.field, f.label, f.current, f.duplicate) for f in preview.fields] == [
        ("name", "Name", "Jardins Lefèvre", "Jardins Lefevre"),
        ("phone", "Phone No.", "04 78 00 00 10", "06 12 34 56 42")]
    counts = {r.label: (r.current, r.duplicate) for r in preview.related}
    assert counts["customer ledger entries"] == (3, 2)
    assert counts["sales documents"] == (0, 1)
    assert counts["cash receipt journal lines"] == (0, 1)
    assert counts["posted documents"] == (6, 4)  # each invoice of items posts its shipment too
    assert (len(jardins.posted.invoices("C10")), len(jardins.posted.shipments("C42"))) == (3, 2)
    assert counts["VAT entries"] == (3, 2)
    assert counts["customer standard codes"] == (0, 0)
    assert counts["other customers"] == (0, 0)  # billed to either
    assert preview.conflicts == ()
    assert (preview.current_no, preview.duplicate_no) == ("C10", "C42")
    assert db_state(jardins) == before  # reading only


# -- 2. the merge -----------------------------------------------------------------------------


def test_merge_moves_everything_to_the_kept_customer_and_deletes_the_duplicate(jardins):
    aged_before = jardins.receivables.aged_balance()
    assert (jardins.customers.balance("C10"), jardins.customers.balance("C42")) == (D("100.00"), D("240.00"))
    c42_entries = {e.entry_no for e in jardins.ledger.customer_entries("C42")}

    kept = jardins.customers.merge("C42", "C10", take=["phone"])

    assert (kept.no, kept.name, kept.phone) == ("C10", "Jardins Lefèvre", "06 12 34 56 42")
    with pytest.raises(NotFound):
        jardins.customers.get("C42")
    assert jardins.customers.get("C10").phone == "06 12 34 56 42"
    assert jardins.sales.get(DocKind.ORDER, jardins.c42_order).customer_no == "C10"
    for no in jardins.c42_invoices:
        invoice = jardins.posted.invoice(no)
        assert (invoice.customer_no, invoice.bill_to_customer_no) == ("C10", "C10")
        assert invoice.bill_to_name == "Jardins Lefevre"  # issued to the duplicate's name: unchanged
        assert {v.bill_to_customer_no for v in jardins.ledger.vat_entries(no)} == {"C10"}
        assert {g.source_no for g in jardins.ledger.gl_entries(no) if g.source_type == "customer"} == {"C10"}
    assert {e.customer_no for e in jardins.ledger.item_entries("G") if e.entry_type == "sale"} == {"C10"}
    assert {e.entry_no for e in jardins.ledger.customer_entries("C10")} >= c42_entries
    assert [line.customer_no for line in jardins.payments.journal()] == ["C10"]
    assert jardins.customers.balance("C10") == D("340.00")
    assert jardins.customers.balance("C42") == D("0.00")
    aged = jardins.receivables.aged_balance()
    assert [(row[0], row[2]) for row in aged.rows] == [("C10", D("340.00"))]
    assert aged.totals == aged_before.totals
    assert all(n == 0 for n in _names(jardins, "C42").values())


def test_an_open_credit_of_the_duplicate_can_be_applied_to_an_invoice_of_the_kept_customer(jardins):
    payment = jardins.payments.register("C42", D("40.00"))  # on account: an open credit
    assert jardins.customers.balance("C42") == D("200.00")
    jardins.customers.merge("C42", "C10")
    (invoice_entry,) = [e for e in jardins.ledger.customer_entries("C10")
                        if e.document_no == jardins.c10_invoices[0]]  # 20.00
    applied = jardins.payments.apply(payment.entry_no, [invoice_entry.entry_no])
    assert applied.remaining_amount == D("-20.00")
    assert {e.document_no: e.remaining_amount for e in jardins.ledger.customer_entries("C10")
            }[jardins.c10_invoices[0]] == D("0.00")
    assert jardins.customers.balance("C10") == D("300.00")


def test_a_customer_billed_to_the_duplicate_is_billed_to_the_kept_one_and_the_kept_one_bills_itself(jardins):
    jardins.customers.create("Jardins Lefèvre, Villeurbanne", no="C43", bill_to_customer_no="C42")
    jardins.customers.update("C10", bill_to_customer_no="C42")
    counts = {r.label: (r.current, r.duplicate) for r in jardins.customers.merge_preview("C42", "C10").related}
    assert counts["other customers"] == (0, 2)  # C43 and C10 itself
    jardins.customers.merge("C42", "C10")
    assert jardins.customers.get("C43").bill_to_customer_no == "C10"
    assert jardins.customers.get("C10").bill_to_customer_no is None


def test_taking_the_duplicates_bill_to_customer_keeps_a_third_one_and_drops_the_kept_one(jardins):
    jardins.customers.create("Head office", no="HQ")
    jardins.customers.update("C42", bill_to_customer_no="HQ")
    jardins.customers.merge("C42", "C10", take=["bill_to_customer_no"])
    assert jardins.customers.get("C10").bill_to_customer_no == "HQ"
    jardins.customers.create("Jardins Lefevre again", no="C44", bill_to_customer_no="C10")
    jardins.customers.merge("C44", "C10", take=["bill_to_customer_no"])
    assert jardins.customers.get("C10").bill_to_customer_no is None  # billing itself: the default


def test_the_moved_documents_are_found_by_the_kept_number_and_the_old_one(jardins):
    jardins.customers.merge("C42", "C10")
    assert jardins.sales.count(DocKind.ORDER, "C10") == 1
    assert jardins.sales.count(DocKind.ORDER, "C42") == 1
    assert jardins.posted.count("invoice", "C10") == 5


def test_every_column_that_names_a_customer_names_the_kept_one_after_the_merge(jardins):
    shop = jardins
    shop.customers.create("Billed to the duplicate", no="C43", bill_to_customer_no="C42")
    with shop.db.write() as s:
        s.add(StandardSalesCode(code="WEEKLY", description="Weekly"))
        s.flush()
        s.add(CustomerStandardCode(customer_no="C42", code="WEEKLY"))
        s.add(BankStatement(imported_on=shop.today()))
        s.flush()
        s.add(BankStatementLine(statement=1, import_key="k1", booking_date=shop.today(), amount=D("5.00"),
                                customer_no="C42"))
        s.add(OutboxEntry(doc_kind="invoice", doc_no=shop.c42_invoices[0], report="invoice", customer_no="C42",
                          to_addr="a@b.fr", subject="Invoice", body="", attachment_name="x.pdf",
                          attachment=b"%PDF", created_at=FIXED.replace(tzinfo=dt.UTC), posted=True))
        # a drop shipment to the duplicate: a purchase order and a posted receipt ship to it
        s.add(Vendor(no="V1", name="Vendor"))
        s.flush()
        s.add(PurchaseHeader(kind="order", no="PO-1", vendor_no="V1", sell_to_customer_no="C42"))
        s.add(PostedPurchaseHeader(kind="receipt", no="PPR-1", vendor_no="V1", posting_date=shop.today(),
                                   sell_to_customer_no="C42"))
    order = shop.sales.create(DocKind.ORDER, "C43")  # billed to the duplicate
    assert shop.sales.get(DocKind.ORDER, order.no).bill_to_customer_no == "C42"
    before = _names(shop, "C42")
    assert all(before.values()), f"no row names the duplicate in {[k for k, n in before.items() if not n]}"
    kept_before = _names(shop, "C10")

    shop.customers.merge("C42", "C10")

    assert _names(shop, "C42") == {column: 0 for column in before}
    after = _names(shop, "C10")
    assert after == {column: kept_before[column] + before[column] for column in before}


# -- 3. issued documents stay as issued ---------------------------------------------------------


def test_a_former_duplicate_invoice_reprints_byte_for_byte(jardins):
    no = jardins.c42_invoices[1]
    before = jardins.reports.pdf(jardins.posted.invoice(no), created=FIXED)
    xml_before = jardins.reports.facturx_xml(no)
    jardins.customers.merge("C42", "C10", take=["phone"])
    assert jardins.reports.pdf(jardins.posted.invoice(no), created=FIXED) == before
    assert jardins.reports.facturx_xml(no) == xml_before
    assert jardins.posted.invoice(no).issued_customer_no == "C42"


# -- 4. conflicts -------------------------------------------------------------------------------


@pytest.fixture
def monthly(jardins):
    """Both customers have recurring code MONTHLY (two lines), each with its own settings."""
    with jardins.db.write() as s:
        s.add(StandardSalesCode(code="MONTHLY", description="Monthly maintenance"))
        s.add(StandardSalesCode(code="WEEKLY", description="Weekly visit"))
        s.flush()
        s.add(StandardSalesLine(code="MONTHLY", line_no=10000, no="G", quantity=D("2")))
        s.add(StandardSalesLine(code="MONTHLY", line_no=20000, type="comment", description="Mowing"))
        s.add(CustomerStandardCode(customer_no="C10", code="MONTHLY", insert_on_invoices="automatic"))
        s.add(CustomerStandardCode(customer_no="C42", code="MONTHLY", insert_on_invoices="always_ask"))
    return jardins


def _codes(desk) -> dict[str, set[tuple[str, str]]]:
    with desk.db.read() as s:
        rows = s.execute(select(CustomerStandardCode.customer_no, CustomerStandardCode.code,
                                CustomerStandardCode.insert_on_invoices)).all()
    found: dict[str, set] = {}
    for customer, code, how in rows:
        found.setdefault(customer, set()).add((code, how))
    return found


def test_a_conflict_refuses_the_merge_and_writes_nothing(monthly):
    before = db_state(monthly)
    with pytest.raises(MergeConflicts, match="1 conflict") as refused:
        monthly.customers.merge("C42", "C10", take=["phone"])
    assert "customer standard codes MONTHLY" in str(refused.value)
    assert [(c.table, c.keys, c.field, c.value) for c in refused.value.conflicts] == [
        ("customer_standard_code", (("code", "MONTHLY"),), "code", "MONTHLY")]
    assert db_state(monthly) == before
    (conflict,) = monthly.customers.merge_preview("C42", "C10").conflicts
    assert conflict == refused.value.conflicts[0]


def test_rename_duplicate_copies_the_code_under_the_new_name_then_the_merge_succeeds(monthly):
    (conflict,) = monthly.customers.merge_preview("C42", "C10").conflicts
    monthly.customers.resolve_conflict("C42", "C10", conflict, "rename", "monthly2")
    assert _codes(monthly)["C42"] == {("MONTHLY2", "always_ask")}
    with monthly.db.read() as s:
        copy = s.get(StandardSalesCode, "MONTHLY2")
        lines = s.execute(select(StandardSalesLine.line_no, StandardSalesLine.type, StandardSalesLine.no,
                                 StandardSalesLine.quantity, StandardSalesLine.description)
                          .where(StandardSalesLine.code == "MONTHLY2").order_by(StandardSalesLine.line_no)).all()
    assert copy.description == "Monthly maintenance"
    assert [tuple(r) for r in lines] == [(10000, "item", "G", D("2"), ""), (20000, "comment", "", D("0"), "Mowing")]
    assert monthly.customers.merge_preview("C42", "C10").conflicts == ()
    monthly.customers.merge("C42", "C10")
    assert _codes(monthly) == {"C10": {("MONTHLY", "automatic"), ("MONTHLY2", "always_ask")}}


def test_rename_duplicate_to_an_existing_code_reassigns_the_row(monthly):
    (conflict,) = monthly.customers.merge_preview("C42", "C10").conflicts
    monthly.customers.resolve_conflict("C42", "C10", conflict, "rename", "WEEKLY")
    with monthly.db.read() as s:
        assert s.execute(select(func.count()).select_from(StandardSalesCode)).scalar_one() == 2  # no copy
    monthly.customers.merge("C42", "C10")
    assert _codes(monthly) == {"C10": {("MONTHLY", "automatic"), ("WEEKLY", "always_ask")}}


def test_remove_duplicate_drops_the_duplicates_row_then_the_merge_succeeds(monthly):
    (conflict,) = monthly.customers.merge_preview("C42", "C10").conflicts
    monthly.customers.resolve_conflict("C42", "C10", conflict, "remove")
    assert "C42" not in _codes(monthly)
    monthly.customers.merge("C42", "C10")
    assert _codes(monthly) == {"C10": {("MONTHLY", "automatic")}}


def test_a_rename_onto_a_code_either_customer_has_or_blank_is_refused(monthly):
    with monthly.db.write() as s:
        s.add(CustomerStandardCode(customer_no="C10", code="WEEKLY"))
    (conflict,) = monthly.customers.merge_preview("C42", "C10").conflicts
    before = db_state(monthly)
    with pytest.raises(SalesDeskError, match="Customer C10 already has customer standard codes WEEKLY"):
        monthly.customers.resolve_conflict("C42", "C10", conflict, "rename", "weekly")
    with pytest.raises(SalesDeskError, match="Customer C42 already has customer standard codes MONTHLY"):
        monthly.customers.resolve_conflict("C42", "C10", conflict, "rename", "MONTHLY")
    with pytest.raises(SalesDeskError, match="Type the new"):
        monthly.customers.resolve_conflict("C42", "C10", conflict, "rename", "  ")
    with pytest.raises(SalesDeskError, match="too long"):
        monthly.customers.resolve_conflict("C42", "C10", conflict, "rename", "X" * 21)
    assert db_state(monthly) == before


def test_a_conflict_already_resolved_cannot_be_resolved_again(monthly):
    (conflict,) = monthly.customers.merge_preview("C42", "C10").conflicts
    monthly.customers.resolve_conflict("C42", "C10", conflict, "remove")
    with pytest.raises(NotFound, match="no longer exists"):
        monthly.customers.resolve_conflict("C42", "C10", conflict, "remove")


# -- 5. refusals --------------------------------------------------------------------------------


def test_merging_a_customer_with_itself_an_unknown_one_or_an_unknown_field_is_refused(jardins):
    before = db_state(jardins)
    refusals = [
        (lambda: jardins.customers.merge("C10", "C10"), "C10 cannot be merged with itself"),
        (lambda: jardins.customers.merge_preview("C10", "C10"), "merged with itself"),
        (lambda: jardins.customers.merge("C99", "C10"), "Customer C99 does not exist"),
        (lambda: jardins.customers.merge("C42", "C99"), "Customer C99 does not exist"),
        (lambda: jardins.customers.merge("C42", "C10", take=["no", "colour"]),
         "cannot take these fields from the duplicate: no, colour"),
    ]
    for call, message in refusals:
        with pytest.raises(SalesDeskError, match=message):
            call()
    assert db_state(jardins) == before


# -- 6. the log ---------------------------------------------------------------------------------


def test_a_merge_is_logged_with_the_os_user_the_time_the_pair_and_the_fields_taken(jardins):
    jardins.customers.merge("C42", "C10", take=["phone", "name"])
    (log,) = jardins.customers.merges()
    assert (log.user, log.duplicate_no, log.into_no, log.taken_fields) == (getpass.getuser(), "C42", "C10",
                                                                           "phone,name")
    assert log.merged_at.astimezone().date() == jardins.today()  # the work date, at the time of day
    assert abs((jardins.now().astimezone(dt.UTC) - log.merged_at).total_seconds()) < 60
    assert jardins.customers.get("C10").name == "Jardins Lefevre"
    assert jardins.customers.search("lefevre") and jardins.customers.count("06 12 34") == 1  # search key refreshed


# -- 7. kill -9 in the middle ---------------------------------------------------------------------

MERGER = r"""
import sys, time
from salesdesk.model import Desk
from salesdesk.model.customers import merging
path, stall = sys.argv[1], sys.argv[2] == "stall"
if stall:  # every reference moved and the duplicate deleted, not yet committed: wait to be killed
    real = merging.delete_duplicate
    def stalled(s, no):
        real(s, no)
        print("inside", flush=True)
        time.sleep(60)
    merging.delete_duplicate = stalled
desk = Desk.open(path)
desk.customers.merge("C42", "C10", take=["phone"])
print("done", flush=True)
desk.close()
"""


def _merger(db, mode: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", MERGER, str(db), mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)


def test_a_merge_killed_midway_leaves_both_customers_untouched_and_a_later_one_completes(jardins, database):
    before = every_row(jardins)
    jardins.close()
    child = _merger(database, "stall")
    assert child.stdout.readline().strip() == "inside", child.stderr.read()
    child.kill()  # SIGKILL inside the transaction
    child.communicate(timeout=30)
    with Desk.open(database) as desk:
        assert every_row(desk) == before
        assert desk.customers.balance("C42") == D("240.00")

    child = _merger(database, "go")
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0 and out.strip() == "done", err
    with Desk.open(database) as desk:
        with pytest.raises(NotFound):
            desk.customers.get("C42")
        assert desk.customers.balance("C10") == D("340.00")
        assert [(m.duplicate_no, m.into_no) for m in desk.customers.merges()] == [("C42", "C10")]
