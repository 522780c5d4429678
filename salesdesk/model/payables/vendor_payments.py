"""``desk.payments``' vendor side: pay a vendor, apply and unapply vendor entries (the
customer side's ``register``, ``apply`` and ``unapply``, mirrored)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ...i18n import _
from ..core.errors import NotFound, SalesDeskError
from ..core.fields import clean_text, parse_date
from ..core.money import to_decimal
from ..core.snapshots import VendorEntry, from_row
from ..receivables.applications import (
    VENDOR,
    open_entry,
    settle_vendor_entry,
    unapply_vendor_entry,
)
from ..receivables.payment_posting import parse_apply_to
from ..tables import VendorLedgerEntry
from .vendor_payment_posting import (
    VendorPayment,
    VendorPaymentInput,
    post_vendor_payment,
)


class VendorPaymentActions:
    """Mixed into ``desk.payments``: the vendor payments (payables)."""


    def register_vendor(self, vendor_no: str, amount, *, apply_to=None, posting_date: dt.date | None = None,
                        reference: str = "", payment_method: str = "", description: str = "") -> VendorPayment:
        """Post a payment made to a vendor (a negative amount is a refund received), numbered
        from series V-PAYMENT. ``apply_to``: None leaves it open (an advance), ``"oldest"``
        settles the oldest open invoices first, a list of posted document numbers settles those
        in order. G/L: payables + amount, bank (the payment method's balancing account, else
        the company's bank) - amount. Raises PostingError listing every problem (a vendor
        blocked for Payment or All is refused); then nothing is written."""
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today())
        p = VendorPaymentInput(
            vendor_no=str(vendor_no or "").strip().upper(), amount=to_decimal(amount, field=_("Amount")),
            posting_date=posting_date or self._desk.today(), apply_to=parse_apply_to(apply_to),
            description=clean_text(description, _("Description")),
            external_document_no=clean_text(reference, _("Reference"), max_length=35),
            payment_method=str(payment_method or "").strip().upper())
        with self._desk.db.write() as s:
            return post_vendor_payment(s, p)

    def apply_vendor(self, entry_no: int, to_entry_nos: list[int], *, posting_date: dt.date | None = None
                     ) -> VendorEntry:
        """Apply an open vendor entry (payment, credit memo) to open entries of the same vendor
        with the opposite sign, in the order given. Returns the applying entry as it now is."""
        with self._desk.db.write() as s:
            entry = open_entry(s, entry_no, ledger=VENDOR)
            if not to_entry_nos:
                raise SalesDeskError(_("Mark at least one entry to apply entry {no} to.").format(no=entry_no))
            dates = [entry.posting_date, *(open_entry(s, no, ledger=VENDOR).posting_date for no in to_entry_nos)]
            settle_vendor_entry(s, entry_no, list(to_entry_nos), posting_date or max(dates))
            return _vendor_entry(s, entry_no)

    def unapply_vendor(self, entry_no: int) -> VendorEntry:
        """Undo the applications of a vendor entry (those it made, or else those made to it):
        the remaining amounts come back exactly."""
        with self._desk.db.write() as s:
            is_number = isinstance(entry_no, int) and not isinstance(entry_no, bool) and 0 < entry_no < 2**63
            if not is_number or s.get(VendorLedgerEntry, entry_no) is None:
                raise NotFound(_("Vendor ledger entry {no} does not exist.").format(no=entry_no))
            today = self._desk.today()
            if not unapply_vendor_entry(s, entry_no, today) and not unapply_vendor_entry(
                    s, entry_no, today, both_sides=True):
                raise SalesDeskError(_("Entry {no} is not applied to any entry.").format(no=entry_no))
            return _vendor_entry(s, entry_no)

    def open_vendor_entries(self, vendor_no: str, *, sign: int = 0) -> list[VendorEntry]:
        """The vendor's open entries, oldest first (``sign`` -1: invoices we owe, 1: payments, credits)."""
        entries = self._desk.ledger.vendor_entries(vendor_no, open_only=True)
        if sign:
            entries = [e for e in entries if (e.remaining_amount > 0) == (sign > 0)]
        return sorted(entries, key=lambda e: (e.posting_date, e.entry_no))


def _vendor_entry(s, entry_no: int) -> VendorEntry:
    return from_row(VendorEntry, s.execute(select(VendorLedgerEntry.__table__).where(
        VendorLedgerEntry.entry_no == entry_no)).one())
