"""Vendors (``desk.vendors``): numbered from series VEND or by hand, field rules, search, the
balance (what we owe, from the vendor ledger), delete refused once anything names the vendor."""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import HasHistory, ValidationError
from salesdesk.model.tables import VendorLedgerEntry


def test_a_vendor_is_numbered_found_and_owes_nothing_at_first(desk):
    desk.setup.add_payment_terms("30D", due_days=30)
    vendor = desk.vendors.create("Pépinières du Lac", city="Annecy", payment_terms="30D", lead_time_days=5)
    assert (vendor.no, vendor.blocked, vendor.lead_time_days) == ("V00001", "", 5)
    assert desk.vendors.find("pepinieres") == ["V00001"]
    assert desk.vendors.balance("V00001") == Decimal("0.00")
    assert desk.vendors.page("lac") == [("V00001", "Pépinières du Lac", "Annecy", "", "", "", Decimal("0.00"))]


def test_bad_vendor_fields_are_refused_each_with_its_message(desk):
    with pytest.raises(ValidationError) as refused:
        desk.vendors.create("", blocked="ship", payment_terms="NOPE", lead_time_days="-1")
    assert set(refused.value.errors) == {"name", "blocked", "payment_terms", "lead_time_days"}


def test_a_vendor_with_entries_cannot_be_deleted(desk):
    vendor = desk.vendors.create("Outils Martin", no="V1")
    with desk.db.write() as s:
        s.add(VendorLedgerEntry(entry_no=1, vendor_no="V1", posting_date=dt.date(2026, 11, 24),
                                document_type="invoice", document_no="PPI-00001", amount=Decimal("-96.00"),
                                remaining_amount=Decimal("-96.00")))
    assert desk.vendors.balance(vendor.no) == Decimal("96.00")
    with pytest.raises(HasHistory, match="vendor ledger entries"):
        desk.vendors.delete("V1")
    desk.vendors.create("Unused", no="V2")
    desk.vendors.delete("V2")
