"""Posted documents and ledger entries as the API returns them: frozen snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PostedLine:
    document_no: str
    line_no: int
    type: str
    no: str
    description: str
    location: str | None
    quantity: Decimal
    uom: str
    unit_price: Decimal
    unit_cost: Decimal
    line_discount_pct: Decimal
    line_discount_amount: Decimal
    line_amount: Decimal
    inv_discount_amount: Decimal
    amount: Decimal
    vat_amount: Decimal
    amount_incl_vat: Decimal
    vat_prod_group: str
    vat_pct: Decimal
    order_no: str
    order_line_no: int
    shipment_no: str
    shipment_line_no: int
    item_entry_no: int | None
    cost_amount: Decimal = Decimal(0)
    appl_from_kind: str = ""
    appl_from_no: str = ""
    appl_from_line_no: int = 0
    return_reason_code: str | None = None
    correction: bool = False  # an Undo Shipment line
    blanket_order_no: str = ""  # the blanket order line the order line drew on
    blanket_order_line_no: int = 0
    drop_shipment: bool = False
    purchase_order_no: str = ""
    purchase_line_no: int = 0
    quantity_invoiced: Decimal = Decimal(0)  # shipment and receipt lines: billed since
    returned_quantity: Decimal = Decimal(0)  # invoice and shipment lines: returned since
    pending_return: Decimal = Decimal(0)  # on credit memos and return orders not yet posted

    @property
    def returnable(self) -> Decimal:
        return self.quantity - self.returned_quantity - self.pending_return

    @property
    def qty_not_invoiced(self) -> Decimal:
        """Shipment lines: Qty. Shipped Not Invoiced; receipt lines: received not invoiced."""
        return self.quantity - self.quantity_invoiced

    qty_shipped_not_invoiced = qty_not_invoiced


@dataclass(frozen=True)
class PostedDocument:
    kind: str  # shipment, invoice, credit_memo, return_receipt
    no: str
    customer_no: str
    customer_name: str
    bill_to_customer_no: str
    ship_to_name: str
    ship_to_address: str
    ship_to_post_code: str
    ship_to_city: str
    ship_to_country: str
    posting_date: dt.date
    document_date: dt.date | None
    due_date: dt.date | None
    external_document_no: str
    your_reference: str
    payment_terms: str | None
    shipment_method: str | None
    location: str | None
    currency_code: str
    prices_incl_vat: bool
    vat_bus_group: str
    invoice_disc_pct: Decimal
    source_kind: str
    order_no: str
    pre_assigned_no: str
    quote_no: str
    amount: Decimal
    inv_discount_amount: Decimal
    vat_amount: Decimal
    amount_incl_vat: Decimal
    applies_to_doc_no: str = ""
    bill_to_name: str = ""  # the bill-to address as posted
    bill_to_address: str = ""
    bill_to_address2: str = ""
    bill_to_post_code: str = ""
    bill_to_city: str = ""
    bill_to_country: str = ""
    bill_to_vat_reg_no: str = ""
    issued_customer_no: str = ""  # the customer no. as issued, when a merge moved it ("": customer_no)
    prepayment: bool = False
    lines: tuple[PostedLine, ...] = ()
    cancelled: bool = False
    cancelled_by: str = ""  # the posted document that cancelled this one
    corrects: str = ""  # the posted document this one cancelled

    def line(self, line_no: int) -> PostedLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise KeyError(line_no)


@dataclass(frozen=True, kw_only=True)
class LedgerEntrySnapshot:
    """What a customer and a vendor ledger entry have in common."""

    entry_no: int
    posting_date: dt.date
    document_type: str
    document_no: str
    description: str
    amount: Decimal
    remaining_amount: Decimal
    due_date: dt.date | None
    open: bool
    external_document_no: str
    transaction_no: int
    pmt_discount_date: dt.date | None = None
    pmt_disc_possible: Decimal = Decimal(0)
    payment_method: str = ""

    def _overdue(self, on: dt.date, owed: Decimal) -> int:
        if not self.open or self.due_date is None or owed <= 0:
            return 0
        return max((on - self.due_date).days, 0)


@dataclass(frozen=True, kw_only=True)
class CustomerEntry(LedgerEntrySnapshot):
    customer_no: str
    sales_amount: Decimal
    source_entry_no: int | None = None

    def days_overdue(self, on: dt.date) -> int:
        """Days past the due date on ``on`` for an open entry (0 when not yet due or closed)."""
        return self._overdue(on, self.remaining_amount)


@dataclass(frozen=True, kw_only=True)
class VendorEntry(LedgerEntrySnapshot):
    """A vendor ledger entry: an invoice is negative (we owe), a payment positive (BC's signs)."""

    vendor_no: str
    purchase_amount: Decimal

    def days_overdue(self, on: dt.date) -> int:
        """Days past the due date on ``on`` for an open invoice we owe (0 when not yet due or closed)."""
        return self._overdue(on, -self.remaining_amount)


@dataclass(frozen=True)
class ItemEntry:
    entry_no: int
    item_no: str
    posting_date: dt.date
    entry_type: str
    document_type: str
    document_no: str
    location: str
    description: str
    quantity: Decimal
    cost_amount: Decimal
    customer_no: str | None
    vendor_no: str | None = None
    remaining_quantity: Decimal = Decimal(0)  # inbound entries: what is still in stock
    open: bool = False


@dataclass(frozen=True)
class GLEntry:
    entry_no: int
    transaction_no: int
    posting_date: dt.date
    document_type: str
    document_no: str
    account_no: str
    description: str
    amount: Decimal
    source_type: str
    source_no: str


@dataclass(frozen=True)
class VatEntry:
    entry_no: int
    transaction_no: int
    posting_date: dt.date
    document_type: str
    document_no: str
    type: str
    bus_group: str
    prod_group: str
    vat_pct: Decimal
    base: Decimal
    amount: Decimal
    bill_to_customer_no: str
    vendor_no: str = ""


def from_row(cls, row, **extra):
    """A snapshot of ``cls`` from a Core row with (at least) its fields."""
    mapping = row._mapping
    names = cls.__dataclass_fields__
    return cls(**{k: mapping[k] for k in names if k in mapping}, **extra)
