"""Posting one vendor payment: its vendor entry (positive: it pays what we owe), the G/L
entries payables / bank, and its applications to open invoices (to documents named, to the
oldest, or none) through the one application engine. Inside the caller's unit of work; every
problem is reported at once and nothing is written unless all is well."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ...i18n import _
from ..core.errors import PostingError
from ..core.money import plain
from ..core.numbering import take_no
from ..receivables.applications import VENDOR, settle_vendor_entry
from ..receivables.ledger_writer import EntryWriter
from ..receivables.payment_posting import (
    PaymentDetails,
    PostedPayment,
    amount_problems,
    applies_to_problems,
    balancing_account,
    target_entries,
)
from ..setup.posting_period import posting_date_problem
from ..tables import Company, Vendor, VendorLedgerEntry

SERIES = "V-PAYMENT"
BLOCKS_PAYMENTS = ("payment", "all")  # BC: a vendor blocked for Payment or All is not paid


@dataclass(frozen=True, kw_only=True)
class VendorPaymentInput(PaymentDetails):
    """A vendor payment: ``amount`` paid to the vendor is positive (a refund received, negative)."""

    vendor_no: str


@dataclass(frozen=True, kw_only=True)
class VendorPayment(PostedPayment):
    """A posted vendor payment: remaining amount positive while unapplied (an advance to the
    vendor); ``applied_amount`` has the invoices' sign (negative: what we owed)."""

    vendor_no: str


def vendor_payment_problems(s: Session, p: VendorPaymentInput, company: Company) -> list[str]:
    """Everything wrong with one vendor payment, each naming the field."""
    problems = []
    vendor = s.get(Vendor, p.vendor_no) if p.vendor_no else None
    if not p.vendor_no:
        problems.append(_("Vendor No. must be filled in."))
    elif vendor is None:
        problems.append(_("Vendor {no} does not exist.").format(no=p.vendor_no))
    elif vendor.blocked in BLOCKS_PAYMENTS:
        problems.append(_("You cannot post this type of document when Vendor {no} is blocked with type {type}.")
                        .format(no=vendor.no, type=_("Payment") if vendor.blocked == "payment" else _("All")))
    problems += amount_problems(p.amount)
    problem = posting_date_problem(p.posting_date, company)
    if problem:
        problems.append(problem)
    problems += balancing_account(s, p, company)[1]
    if vendor is not None and isinstance(p.apply_to, list):
        problems += applies_to_problems(s, p.apply_to, p.amount, vendor.no, ledger=VENDOR)
    return problems


def post_vendor_payment(s: Session, p: VendorPaymentInput, *, company: Company | None = None) -> VendorPayment:
    """Post one vendor payment; raises PostingError with every problem and writes nothing then."""
    company = company or s.get(Company, 1)
    problems = vendor_payment_problems(s, p, company)
    if problems:
        raise PostingError(problems, _("Payment of {amount} to {vendor}").format(
            amount=plain(p.amount), vendor=p.vendor_no or "?"))
    account = balancing_account(s, p, company)[0]
    no = take_no(s, SERIES)
    refund = p.amount < 0
    document_type = "refund" if refund else "payment"
    vendor = s.get(Vendor, p.vendor_no)
    description = p.description or (_("Refund from {name}") if refund else _("Payment to {name}")).format(
        name=vendor.name)
    writer = EntryWriter(s, p.posting_date, "payment", no)
    entry_no = writer.vendor_entry(
        vendor_no=p.vendor_no, document_type=document_type, document_no=no, description=description,
        amount=p.amount, external_document_no=p.external_document_no, payment_method=p.payment_method,
        due_date=p.posting_date)
    writer.gl(company.payables_account, p.amount, document_type, no, description, p.vendor_no, "vendor")
    writer.gl(account, -p.amount, document_type, no, description, p.vendor_no, "vendor")
    targets = target_entries(s, p.vendor_no, p.apply_to, p.amount, ledger=VENDOR)
    applied = settle_vendor_entry(s, entry_no, targets, p.posting_date, writer)
    writer.close()
    entry = s.get(VendorLedgerEntry, entry_no)
    s.refresh(entry)
    return VendorPayment(no=no, entry_no=entry_no, vendor_no=p.vendor_no, posting_date=p.posting_date,
                         amount=p.amount, remaining_amount=entry.remaining_amount, applied=tuple(applied))
