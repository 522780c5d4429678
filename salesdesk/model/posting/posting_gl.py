"""The G/L and VAT side of an invoice or credit memo: which account gets which amount.

BC's invoice posting buffer, simplified to this desk's setup: sales amounts go to the general
posting setup's sales (or credit memo) account of the item's product group, or to the G/L
account of a G/L line; discounts to their own accounts when Discount Posting says so; VAT per
rate to the VAT setup's account; the total incl. VAT to receivables; the cost of the goods
invoiced from inventory to cost of goods sold. Debits are positive, and the amounts always sum
to zero because the receivable is built from the same rounded line amounts.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.money import ZERO, round_amount
from ..sales.pricing import HUNDRED


def net_of_vat(amount: Decimal, vat_pct: Decimal, prices_incl_vat: bool) -> Decimal:
    if not prices_incl_vat or not amount:
        return amount
    return round_amount(amount * HUNDRED / (HUNDRED + vat_pct))


class GLBuilder:
    """Collects amounts per G/L account for one posting (``sign`` 1 invoice, -1 credit memo)."""

    def __init__(self, sign: int, discount_posting: str):
        self.sign = sign
        self.post_line_disc = discount_posting in ("line", "all")
        self.post_inv_disc = discount_posting in ("invoice", "all")
        self.amounts: dict[str, Decimal] = {}

    def add(self, account: str, amount: Decimal) -> None:
        if amount:
            self.amounts[account] = self.amounts.get(account, ZERO) + amount

    def sale(self, *, account: str, net: Decimal, line_disc: Decimal, inv_disc: Decimal,
             line_disc_account: str, inv_disc_account: str) -> None:
        """One invoiced line: ``net`` excl. VAT after all discounts; the discounts already net
        of VAT. Posted discounts gross the sales account up by the same amount."""
        credit = -self.sign
        gross = net
        if self.post_line_disc and line_disc:
            gross += line_disc
            self.add(line_disc_account, -credit * line_disc)
        if self.post_inv_disc and inv_disc:
            gross += inv_disc
            self.add(inv_disc_account, -credit * inv_disc)
        self.add(account, credit * gross)

    def vat(self, account: str, vat_amount: Decimal) -> None:
        self.add(account, -self.sign * vat_amount)

    def receivable(self, account: str, amount_incl_vat: Decimal) -> None:
        self.add(account, self.sign * amount_incl_vat)

    def cost(self, cogs_account: str, inventory_account: str, cost: Decimal) -> None:
        """Goods leaving (invoice) or coming back (credit memo) at their cost."""
        self.add(cogs_account, self.sign * cost)
        self.add(inventory_account, -self.sign * cost)

    def entries(self) -> list[tuple[str, Decimal]]:
        return [(account, amount) for account, amount in self.amounts.items() if amount]
