"""Rows written straight into the ledgers, for rules whose posting API does not exist yet.

Each helper opens its own unit of work (``desk.db.write()``), exactly as posting will.
"""

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, insert, select

from salesdesk.model.inventory.costing import open_inbound
from salesdesk.model.inventory.stock import move_stock, next_item_entry_no
from salesdesk.model.tables import CustLedgerEntry, ItemLedgerEntry, SalesHeader

TODAY = dt.date(2026, 11, 24)


def add_cust_entry(desk, customer_no: str, amount: Decimal, *, document_no: str = "PSI-TEST",
                   document_type: str = "invoice") -> None:
    with desk.db.write() as s:
        entry_no = (s.execute(select(func.max(CustLedgerEntry.entry_no))).scalar() or 0) + 1
        s.execute(insert(CustLedgerEntry), [{
            "entry_no": entry_no, "customer_no": customer_no, "posting_date": TODAY, "document_type": document_type,
            "document_no": document_no, "amount": amount, "remaining_amount": amount,
            "due_date": TODAY + dt.timedelta(days=30), "open": True,
        }])


def add_item_entry(desk, item_no: str, quantity: Decimal, *, customer_no: str | None = None,
                   entry_type: str = "sale", document_no: str = "PSS-TEST") -> None:
    with desk.db.write() as s:
        row = {
            "entry_no": next_item_entry_no(s), "item_no": item_no, "posting_date": TODAY, "entry_type": entry_type,
            "document_type": "shipment", "document_no": document_no, "location": "MAIN",
            "description": "", "quantity": quantity, "cost_amount": Decimal("0"),
            "customer_no": customer_no,
        }
        if quantity > 0:
            open_inbound(row)  # stock that came in, as every writer of inbound entries does
        s.execute(insert(ItemLedgerEntry), [row])
        move_stock(s, [(item_no, "MAIN", quantity)])


def add_sales_header(desk, customer_no: str, *, kind: str = "order", no: str = "SO-TEST") -> None:
    with desk.db.write() as s:
        s.add(SalesHeader(kind=kind, no=no, customer_no=customer_no, order_date=TODAY))



def add_vendor_entry(desk, vendor_no: str, amount: Decimal, *, document_no: str = "PPI-TEST",
                     document_type: str = "invoice", posting_date: dt.date = TODAY,
                     due_date: dt.date | None = None) -> int:
    """A vendor ledger entry as purchase posting writes it (an invoice is negative: we owe); its number."""
    from salesdesk.model.tables import VendorLedgerEntry

    with desk.db.write() as s:
        entry_no = (s.execute(select(func.max(VendorLedgerEntry.entry_no))).scalar() or 0) + 1
        s.execute(insert(VendorLedgerEntry), [{
            "entry_no": entry_no, "vendor_no": vendor_no, "posting_date": posting_date,
            "document_type": document_type, "document_no": document_no, "amount": amount,
            "remaining_amount": amount, "due_date": due_date or posting_date + dt.timedelta(days=30), "open": True,
        }])
    return entry_no
