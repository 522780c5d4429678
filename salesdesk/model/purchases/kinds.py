"""Purchase document kinds, their number series and how messages name them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ...i18n import _
from ..core.errors import SalesDeskError


class PurchaseKind(StrEnum):
    ORDER = "order"
    INVOICE = "invoice"
    CREDIT_MEMO = "credit_memo"


@dataclass(frozen=True)
class PurchaseRef:
    """Names a purchase document by kind and number: what every ``doc`` argument needs."""

    kind: PurchaseKind
    no: str


SERIES_OF_KIND = {
    PurchaseKind.ORDER: "PU-ORDER",
    PurchaseKind.INVOICE: "PU-INVOICE",
    PurchaseKind.CREDIT_MEMO: "PU-CRMEMO",
}

KIND_LABELS = {
    PurchaseKind.ORDER: _("Purchase Order"),
    PurchaseKind.INVOICE: _("Purchase Invoice"),
    PurchaseKind.CREDIT_MEMO: _("Purchase Credit Memo"),
}


def purchase_kind_of(value) -> PurchaseKind:
    """The PurchaseKind a value names; refused with a clerk's message when it names none."""
    try:
        return PurchaseKind(getattr(value, "value", value))
    except ValueError:
        raise SalesDeskError(_("'{kind}' is not a kind of purchase document.").format(kind=value)) from None


def describe(kind: PurchaseKind, no: str) -> str:
    """How messages name a purchase document: "Purchase Order PO-00001"."""
    return f"{KIND_LABELS[kind]} {no}"
