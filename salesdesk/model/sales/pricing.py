"""Line amounts, invoice discount and VAT: pure functions over exact Decimals.

BC's rules: Line Amount = round(Qty x Unit Price) - Line Discount Amount, with the discount
rounded on its own; the invoice discount is taken on the document total and spread over the
lines; VAT is computed per VAT rate on the document total and spread over that rate's lines
so that the lines add up to the document exactly (running-total distribution).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..core.money import ZERO, round_amount, round_scale

HUNDRED = Decimal(100)


def line_amounts(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal) -> tuple[Decimal, Decimal]:
    """(line discount amount, line amount) for one line."""
    gross = round_amount(quantity * unit_price)
    discount = round_amount(gross * discount_pct / HUNDRED)
    return discount, gross - discount


def price_for(unit_price_excl_vat: Decimal, vat_pct: Decimal, prices_incl_vat: bool) -> Decimal:
    """The unit price shown on a document: the item's price, with VAT added when the
    document's prices include VAT."""
    if not prices_incl_vat:
        return unit_price_excl_vat
    return round_scale(unit_price_excl_vat * (HUNDRED + vat_pct) / HUNDRED, 5)


def convert_price(unit_price: Decimal, vat_pct: Decimal, to_prices_incl_vat: bool) -> Decimal:
    """A document's unit price after Prices Including VAT is switched (BC): turned on, the
    price gains its VAT (x (100 + VAT %) / 100); turned off, it loses it (/ the same);
    rounded to 5 decimals as ``price_for``."""
    if to_prices_incl_vat:
        return price_for(unit_price, vat_pct, True)
    return round_scale(unit_price * HUNDRED / (HUNDRED + vat_pct), 5)


def spread(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` over ``weights`` in proportion, each share rounded so that the
    shares add up to ``total`` exactly (running totals, as BC does)."""
    whole = sum(weights, ZERO)
    if whole == 0:
        return [ZERO for _ in weights]
    shares, running_weight, given = [], ZERO, ZERO
    for weight in weights:
        running_weight += weight
        target = round_amount(total * running_weight / whole)
        shares.append(target - given)
        given = target
    return shares


@dataclass(frozen=True)
class LineInput:
    """What the calculation needs from a line."""

    line_amount: Decimal  # after the line discount, in document prices (incl. VAT or not)
    vat_pct: Decimal
    vat_key: str  # lines with the same key share one VAT calculation (the VAT identifier)


@dataclass(frozen=True)
class LineResult:
    inv_discount_amount: Decimal
    amount: Decimal  # excl. VAT, after invoice discount
    vat_amount: Decimal
    amount_incl_vat: Decimal


@dataclass(frozen=True)
class VatLine:
    """One VAT rate's totals (Statistics / the VAT breakdown)."""

    vat_key: str
    vat_pct: Decimal
    base: Decimal
    vat_amount: Decimal

    @property
    def amount_incl_vat(self) -> Decimal:
        return self.base + self.vat_amount


def calculate(lines: Sequence[LineInput], *, invoice_disc_pct: Decimal, prices_incl_vat: bool
              ) -> tuple[list[LineResult], list[VatLine]]:
    """Amounts per line and per VAT rate for a whole document."""
    total = sum((line.line_amount for line in lines), ZERO)
    inv_total = round_amount(total * invoice_disc_pct / HUNDRED)
    inv_discounts = spread(inv_total, [line.line_amount for line in lines])
    after_discount = [line.line_amount - d for line, d in zip(lines, inv_discounts)]

    by_key: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.vat_key or line.line_amount:  # comment lines have neither
            by_key.setdefault(line.vat_key, []).append(index)

    vat = [ZERO] * len(lines)
    net = list(after_discount)
    vat_lines = []
    for key, indexes in by_key.items():
        pct = lines[indexes[0]].vat_pct
        amounts = [after_discount[i] for i in indexes]
        subtotal = sum(amounts, ZERO)
        if prices_incl_vat:
            rate_vat = round_amount(subtotal * pct / (HUNDRED + pct))
        else:
            rate_vat = round_amount(subtotal * pct / HUNDRED)
        for i, share in zip(indexes, spread(rate_vat, amounts)):
            vat[i] = share
            if prices_incl_vat:
                net[i] = after_discount[i] - share
        base = subtotal - rate_vat if prices_incl_vat else subtotal
        vat_lines.append(VatLine(key, pct, base, rate_vat))
    results = [LineResult(d, n, v, n + v) for d, n, v in zip(inv_discounts, net, vat)]
    vat_lines.sort(key=lambda v: (v.vat_pct, v.vat_key))
    return results, vat_lines
