"""One transaction of customer (vendor) and G/L entries outside Sales-Post (payments, payment
discounts, applications): it reserves a G/L register, numbers the entries, and refuses to
close unless the G/L entries sum to zero. Used inside the caller's unit of work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlmodel import Session

from ..core.errors import SalesDeskError
from ..tables import CustLedgerEntry, GLEntry, GLRegister, VendorLedgerEntry


class EntryWriter:
    def __init__(self, s: Session, posting_date: dt.date, source: str, document_no: str):
        self.s, self.posting_date, self.source, self.document_no = s, posting_date, source, document_no
        self.register = (s.execute(select(func.max(GLRegister.no))).scalar() or 0) + 1
        self._gl: list[dict] = []
        # the register row is written first, so a nested writer takes the next number
        s.execute(insert(GLRegister.__table__), [dict(
            no=self.register, posting_date=posting_date, source=source, document_no=document_no,
            from_entry_no=0, to_entry_no=-1)])

    def customer_entry(self, *, customer_no: str, document_type: str, document_no: str, amount: Decimal,
                       description: str = "", due_date: dt.date | None = None, **fields) -> int:
        """Write an open customer entry of ``amount`` now (applications update it); its number."""
        return self._entry(CustLedgerEntry, customer_no=customer_no, document_type=document_type,
                           document_no=document_no, amount=amount, description=description, due_date=due_date, **fields)

    def vendor_entry(self, *, vendor_no: str, document_type: str, document_no: str, amount: Decimal,
                     description: str = "", due_date: dt.date | None = None, **fields) -> int:
        """Write an open vendor entry of ``amount`` (negative: we owe) now; its number."""
        return self._entry(VendorLedgerEntry, vendor_no=vendor_no, document_type=document_type,
                           document_no=document_no, amount=amount, description=description, due_date=due_date, **fields)

    def _entry(self, table, *, amount: Decimal, **fields) -> int:
        entry_no = (self.s.execute(select(func.max(table.entry_no))).scalar() or 0) + 1
        self.s.execute(insert(table.__table__), [dict(
            entry_no=entry_no, posting_date=self.posting_date, amount=amount, remaining_amount=amount,
            open=amount != 0, transaction_no=self.register, **fields)])
        return entry_no

    def gl(self, account_no: str, amount: Decimal, document_type: str, document_no: str, description: str,
           source_no: str = "", source_type: str = "customer") -> None:
        if amount:
            self._gl.append(dict(account_no=account_no, amount=amount, document_type=document_type,
                                 document_no=document_no, description=description, source_type=source_type,
                                 source_no=source_no))

    def close(self) -> int:
        """Write the G/L entries and the register's entry range; returns the register number."""
        total = sum((row["amount"] for row in self._gl), Decimal(0))
        if total != 0:
            raise SalesDeskError(f"G/L entries of register {self.register} sum to {total}, not zero.")
        first = (self.s.execute(select(func.max(GLEntry.entry_no))).scalar() or 0) + 1
        if self._gl:
            self.s.execute(insert(GLEntry.__table__), [
                dict(entry_no=first + i, transaction_no=self.register, posting_date=self.posting_date, **row)
                for i, row in enumerate(self._gl)])
        register = self.s.get(GLRegister, self.register)
        register.from_entry_no, register.to_entry_no = first, first + len(self._gl) - 1
        self.s.add(register)
        self.s.flush()
        self._gl = []
        return self.register
