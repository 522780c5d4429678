"""Warnings on a document: credit limit, overdue balance, stock-out. They inform; they
never block (BC's Credit Limit and Stockout warnings)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, select, type_coerce

from ..i18n import _
from .kinds import DocKind
from .money import Quantity, plain
from .tables import (
    CustLedgerEntry,
    Customer,
    Item,
    ItemLedgerEntry,
    SalesHeader,
    SalesLine,
)


class Warnings:
    """The warnings half of ``desk.sales``."""

    def warnings(self, doc) -> list[str]:
        """Every warning that applies to ``doc`` now (an empty list when all is well)."""
        with self._desk.db.read() as s:
            header = self._header(s, doc)
            snapshot = self._snapshot(s, header)
            found: list[str] = []
            customer_no = header.bill_to_customer_no or header.customer_no
            customer = s.get(Customer, customer_no)
            if DocKind(header.kind) in (DocKind.QUOTE, DocKind.ORDER, DocKind.INVOICE, DocKind.BLANKET_ORDER):
                balance = s.execute(select(func.sum(CustLedgerEntry.amount)).where(
                    CustLedgerEntry.customer_no == customer_no)).scalar() or Decimal("0.00")
                if customer.credit_limit and balance + snapshot.amount_incl_vat > customer.credit_limit:
                    found.append(_(
                        "Customer {no} {name}: balance {balance} plus this document {amount} exceeds the "
                        "credit limit {limit}."
                    ).format(no=customer.no, name=customer.name, balance=balance,
                             amount=snapshot.amount_incl_vat, limit=customer.credit_limit))
                overdue = s.execute(select(CustLedgerEntry.remaining_amount).where(
                    CustLedgerEntry.customer_no == customer_no, CustLedgerEntry.open.is_(True),
                    CustLedgerEntry.due_date < self._desk.today())).scalars().all()
                overdue_total = sum(overdue, Decimal("0.00"))
                if overdue_total > 0:
                    found.append(_("Customer {no} {name} has an overdue balance of {amount}.").format(
                        no=customer.no, name=customer.name, amount=overdue_total))
            if DocKind(header.kind) in (DocKind.ORDER, DocKind.INVOICE, DocKind.QUOTE):
                found.extend(self._stock_warnings(s, header, snapshot))
            return found

    def _stock_warnings(self, s, header: SalesHeader, snapshot) -> list[str]:
        found = []
        for line in snapshot.lines:
            needed = line.quantity - line.quantity_shipped
            if line.type != "item" or not line.no or needed <= 0:
                continue
            item = s.get(Item, line.no)
            if item is None or item.type != "inventory":
                continue
            location = line.location or "MAIN"
            on_hand = s.execute(select(func.sum(ItemLedgerEntry.quantity)).where(
                ItemLedgerEntry.item_no == line.no, ItemLedgerEntry.location == location)).scalar() or Decimal(0)
            other_demand = s.execute(select(type_coerce(func.sum(SalesLine.quantity - SalesLine.quantity_shipped),
                                                         Quantity)).where(
                SalesLine.no == line.no, SalesLine.type == "item", SalesLine.location == location,
                SalesLine.kind.in_((DocKind.ORDER.value, DocKind.INVOICE.value)),
                ~and_(SalesLine.kind == header.kind, SalesLine.document_no == header.no),
            )).scalar() or Decimal(0)
            available = on_hand - other_demand
            if available < needed:
                found.append(_("Line {line}: item {no} {name} has {available} available at {loc} "
                               "(in stock {stock}, other orders {demand}); {needed} is needed.").format(
                    line=line.line_no, no=line.no, name=line.description, available=plain(available),
                    loc=location, stock=plain(on_hand), demand=plain(other_demand),
                    needed=plain(needed)))
        return found
