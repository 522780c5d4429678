"""``desk.payables``: what we owe vendors and since when. The aged payables (current, 1-30,
31-60, 61-90, over 90 days past due) with the aged receivables' buckets and code, what we
owe shown positive. Read-only."""

from __future__ import annotations

from sqlalchemy import func, select

from ..receivables.receivables import AgedLedger
from ..tables import Vendor, VendorLedgerEntry


class PayablesService(AgedLedger):
    """``aged_balance(as_of)``, ``aged_page``, ``aged_count``, ``aged_totals`` over vendors."""

    entry = VendorLedgerEntry
    party = Vendor
    party_column = "vendor_no"
    sign = -1  # an invoice we owe is negative on the vendor ledger

    def aged(self, as_of=None):
        """The aged payables on ``as_of`` (today): ``aged_balance``, by the name design.md gives it."""
        return self.aged_balance(as_of)

    def counts(self) -> dict[str, int]:
        """What the desk shows: vendors, and open vendor entries we owe ("vendor_open_invoices")."""
        e = VendorLedgerEntry
        with self._desk.db.read() as s:
            return {"vendors": s.execute(select(func.count()).select_from(Vendor)).scalar_one(),
                    "vendor_open_invoices": s.execute(select(func.count()).select_from(e).where(
                        e.open.is_(True), e.remaining_amount < 0)).scalar_one()}
