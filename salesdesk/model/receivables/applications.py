"""Applying ledger entries to each other: a credit memo or a payment settles an invoice.
One engine for both ledgers: customer entries (``CUSTOMER``, the default) and vendor entries
(``VENDOR``: pass ``ledger=VENDOR``, or call the ``*_vendor_*`` names below). Each application is an append-only row; the two entries' remaining amounts and Open
flags move with it in the same unit of work, so that for every entry

    remaining amount = amount - what was applied to it + what it applied to others.

A payment in time for an invoice's payment discount closes the invoice for less: the
discount is its own closed customer entry (document type ``payment_discount``) applied to the
invoice, with its G/L entry (discount granted / receivables). Vendor entries take no payment
discount yet (there is no discount-received account nor a source column on vendor entries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, or_, select, update
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.money import ZERO
from ..tables import (
    Company,
    CustApplication,
    CustLedgerEntry,
    VendorApplication,
    VendorLedgerEntry,
)
from .ledger_writer import EntryWriter

DISCOUNT = "payment_discount"


@dataclass(frozen=True)
class LedgerKind:
    """One ledger the engine applies: its entry and application tables, the column naming
    the party, and the messages that name it."""

    name: str
    entry: type
    application: type
    party: str  # the entry's column naming the customer (vendor)
    missing: str  # "... ledger entry {no} does not exist."
    closed: str  # "... ledger entry {no} ({doc}) is closed."
    other_party: str  # "Entry {no} belongs to ... {other}, not {party}."
    not_posted: str  # "Applies-to {no} is not a posted document of ... {party}."
    invoice_sign: int  # the sign of an invoice's amount: +1 customer (owes us), -1 vendor (we owe)
    takes_discounts: bool


CUSTOMER = LedgerKind(
    "customer", CustLedgerEntry, CustApplication, "customer_no",
    _("Customer ledger entry {no} does not exist."), _("Customer ledger entry {no} ({doc}) is closed."),
    _("Entry {no} belongs to customer {other}, not {party}."),
    _("Applies-to {no} is not a posted document of customer {party}."), invoice_sign=1, takes_discounts=True)
VENDOR = LedgerKind(
    "vendor", VendorLedgerEntry, VendorApplication, "vendor_no",
    _("Vendor ledger entry {no} does not exist."), _("Vendor ledger entry {no} ({doc}) is closed."),
    _("Entry {no} belongs to vendor {other}, not {party}."),
    _("Applies-to {no} is not a posted document of vendor {party}."), invoice_sign=-1, takes_discounts=False)


def apply_entries(s: Session, entry_no: int, applied_to_entry_no: int, amount: Decimal, posting_date: dt.date,
                  transaction_no: int = 0, *, ledger: LedgerKind = CUSTOMER) -> None:
    """``entry_no`` settles ``amount`` of ``applied_to_entry_no`` (``amount`` has the settled
    entry's sign: positive for a customer invoice, negative for a vendor invoice)."""
    s.add(ledger.application(entry_no=entry_no, applied_to_entry_no=applied_to_entry_no, amount=amount,
                             posting_date=posting_date, transaction_no=transaction_no))
    entry = ledger.entry.__table__
    for no, change in ((applied_to_entry_no, -amount), (entry_no, amount)):
        remaining = entry.c.remaining_amount + change
        s.execute(update(entry).where(entry.c.entry_no == no).values(
            remaining_amount=remaining, open=case((remaining == 0, False), else_=True)))
    s.flush()


def document_entry(s: Session, customer_no: str, document_type: str, document_no: str, *,
                   ledger: LedgerKind = CUSTOMER):
    """The ledger entry of a posted document: (entry_no, remaining_amount, open), or None
    (``customer_no``: the vendor's number with ``ledger=VENDOR``)."""
    entry = ledger.entry
    return s.execute(select(entry.entry_no, entry.remaining_amount, entry.open).where(
        getattr(entry, ledger.party) == customer_no, entry.document_type == document_type,
        entry.document_no == document_no)).first()


@dataclass(frozen=True)
class Settlement:
    """What one application did: the entry settled, the amount applied and the discount granted."""

    entry_no: int
    document_type: str
    document_no: str
    applied: Decimal  # with the settled entry's sign
    discount: Decimal = ZERO


def open_entry(s: Session, entry_no: int, *, ledger: LedgerKind = CUSTOMER):
    entry = s.get(ledger.entry, entry_no)
    if entry is None:
        raise SalesDeskError(ledger.missing.format(no=entry_no))
    if not entry.open:
        raise SalesDeskError(ledger.closed.format(no=entry_no, doc=entry.document_no))
    return entry


def discount_possible(entry: CustLedgerEntry, paying: CustLedgerEntry, ledger: LedgerKind = CUSTOMER) -> Decimal:
    """The payment discount ``paying`` earns on ``entry`` if it settles the rest of it: the
    invoice's discount, when the payment is posted on or before its discount date (BC)."""
    if (not ledger.takes_discounts or entry.pmt_disc_possible <= 0 or entry.pmt_discount_date is None
            or entry.remaining_amount <= entry.pmt_disc_possible  # the payment must pay something
            or paying.document_type not in ("payment",) or paying.posting_date > entry.pmt_discount_date):
        return ZERO
    return entry.pmt_disc_possible


def settle(s: Session, entry_no: int, to_entry_nos: list[int], posting_date: dt.date,
           writer: EntryWriter | None = None, *, ledger: LedgerKind = CUSTOMER) -> list[Settlement]:
    """Apply the open entry ``entry_no`` to the open entries ``to_entry_nos`` of the same
    customer (vendor) with the opposite sign, in the order given, each for as much as both have left;
    a payment in time takes the payment discount (written through ``writer``, made here when
    none is given). Raises SalesDeskError, naming the entry, for any entry that cannot take part."""
    entry = open_entry(s, entry_no, ledger=ledger)
    party = getattr(entry, ledger.party)
    done: list[Settlement] = []
    own_writer = None
    for no in to_entry_nos:
        target = open_entry(s, no, ledger=ledger)
        if getattr(target, ledger.party) != party:
            raise SalesDeskError(ledger.other_party.format(no=no, other=getattr(target, ledger.party), party=party))
        if (target.remaining_amount > 0) == (entry.remaining_amount > 0):
            raise SalesDeskError(_("Entry {no} ({doc}) has the same sign as entry {entry}: only a credit can "
                                   "settle a debit.").format(no=no, doc=target.document_no, entry=entry_no))
        s.refresh(entry)
        if not entry.remaining_amount:
            break
        discount = discount_possible(target, entry, ledger)
        if discount and abs(entry.remaining_amount) >= target.remaining_amount - discount:
            applied = target.remaining_amount - discount
        else:
            discount = ZERO
            applied = min(abs(entry.remaining_amount), abs(target.remaining_amount))
            applied = applied if target.remaining_amount > 0 else -applied
        if applied:
            transaction = writer.register if writer else 0
            apply_entries(s, entry.entry_no, target.entry_no, applied, posting_date, transaction, ledger=ledger)
        if discount:
            if writer is None:
                writer = own_writer = EntryWriter(s, posting_date, "payment", entry.document_no)
            _grant_discount(s, writer, entry, target, discount, posting_date)
        done.append(Settlement(target.entry_no, target.document_type, target.document_no, applied, discount))
        s.refresh(target)
    if own_writer is not None:
        own_writer.close()
    return done


def _grant_discount(s: Session, writer: EntryWriter, paying: CustLedgerEntry, target: CustLedgerEntry,
                    discount: Decimal, posting_date: dt.date) -> None:
    company = s.get(Company, 1)
    description = _("Payment discount on {doc}").format(doc=target.document_no)
    discount_no = writer.customer_entry(
        customer_no=target.customer_no, document_type=DISCOUNT, document_no=paying.document_no,
        description=description, amount=-discount, source_entry_no=paying.entry_no)
    apply_entries(s, discount_no, target.entry_no, discount, posting_date, writer.register)
    writer.gl(company.pmt_disc_account, discount, DISCOUNT, paying.document_no, description, target.customer_no)
    writer.gl(company.receivables_account, -discount, DISCOUNT, paying.document_no, description, target.customer_no)


def unapply_entry(s: Session, entry_no: int, posting_date: dt.date, *, both_sides: bool = False,
                  ledger: LedgerKind = CUSTOMER) -> int:
    """Undo every application ``entry_no`` made (and, with ``both_sides``, every application
    made to it), each by an opposite application row, so that the remaining amounts come back
    exactly. Payment discounts granted with those applications are reversed, with their G/L.
    Returns how many applications it undid."""
    application = ledger.application
    appliers = {entry_no}
    if ledger.takes_discounts:
        appliers |= set(s.scalars(select(CustLedgerEntry.entry_no).where(
            CustLedgerEntry.source_entry_no == entry_no, CustLedgerEntry.document_type == DISCOUNT)))
    where = application.entry_no.in_(appliers)
    if both_sides:
        where = or_(where, application.applied_to_entry_no == entry_no)
    rows = s.execute(select(application.entry_no, application.applied_to_entry_no,
                            func.sum(application.amount)).where(where)
                     .group_by(application.entry_no, application.applied_to_entry_no)).all()
    undone = [(applier, applied_to, amount) for applier, applied_to, amount in rows if amount]
    writer = None
    for applier, applied_to, amount in undone:
        apply_entries(s, applier, applied_to, -amount, posting_date, ledger=ledger)
        discount = s.get(ledger.entry, applier)
        if discount.document_type == DISCOUNT:
            writer = writer or EntryWriter(s, posting_date, "payment", discount.document_no)
            _reverse_discount(s, writer, discount, posting_date)
    if writer is not None:
        writer.close()
    return len(undone)


def _reverse_discount(s: Session, writer: EntryWriter, discount: CustLedgerEntry, posting_date: dt.date) -> None:
    """A discount whose payment was unapplied is taken back: an opposite entry closes it."""
    s.refresh(discount)
    left = discount.remaining_amount
    if not left:
        return
    company = s.get(Company, 1)
    description = _("Reversal: {text}").format(text=discount.description)
    reversal = writer.customer_entry(
        customer_no=discount.customer_no, document_type=DISCOUNT, document_no=discount.document_no,
        description=description, amount=-left)  # no source: unapplying again leaves it alone
    apply_entries(s, reversal, discount.entry_no, left, posting_date, writer.register)
    writer.gl(company.pmt_disc_account, left, DISCOUNT, discount.document_no, description, discount.customer_no)
    writer.gl(company.receivables_account, -left, DISCOUNT, discount.document_no, description,
              discount.customer_no)


def remaining_from_applications(s: Session, ledger: LedgerKind = CUSTOMER) -> dict[int, tuple[Decimal, Decimal]]:
    """{entry no.: (remaining amount, amount - applied to it + applied by it)} for every
    entry of the ledger: the two must always be equal (tests and checks use it)."""
    application, entry = ledger.application, ledger.entry
    given = dict(s.execute(select(application.entry_no, func.sum(application.amount))
                           .group_by(application.entry_no)).all())
    taken = dict(s.execute(select(application.applied_to_entry_no, func.sum(application.amount))
                           .group_by(application.applied_to_entry_no)).all())
    return {no: (remaining, amount - (taken.get(no) or ZERO) + (given.get(no) or ZERO))
            for no, amount, remaining in s.execute(select(entry.entry_no, entry.amount, entry.remaining_amount))}


# -- the vendor ledger's entry points (purchase posting, vendor payments) ---------------------

def apply_vendor_entries(s: Session, entry_no: int, applied_to_entry_no: int, amount: Decimal,
                         posting_date: dt.date, transaction_no: int = 0) -> None:
    """Vendor entry ``entry_no`` settles ``amount`` of ``applied_to_entry_no`` (``amount`` has
    the settled entry's sign: negative for a vendor invoice)."""
    apply_entries(s, entry_no, applied_to_entry_no, amount, posting_date, transaction_no, ledger=VENDOR)


def settle_vendor_entry(s: Session, entry_no: int, to_entry_nos: list[int], posting_date: dt.date,
                        writer: EntryWriter | None = None) -> list[Settlement]:
    """``settle`` on the vendor ledger: a payment or credit memo settles invoices, in order."""
    return settle(s, entry_no, to_entry_nos, posting_date, writer, ledger=VENDOR)


def unapply_vendor_entry(s: Session, entry_no: int, posting_date: dt.date, *, both_sides: bool = False) -> int:
    """``unapply_entry`` on the vendor ledger."""
    return unapply_entry(s, entry_no, posting_date, both_sides=both_sides, ledger=VENDOR)


def vendor_document_entry(s: Session, vendor_no: str, document_type: str, document_no: str):
    """The vendor ledger entry of a posted purchase document: (entry_no, remaining_amount, open), or None."""
    return document_entry(s, vendor_no, document_type, document_no, ledger=VENDOR)
