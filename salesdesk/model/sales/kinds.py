"""Document kinds and their number series."""

from dataclasses import dataclass
from enum import StrEnum


class DocKind(StrEnum):
    QUOTE = "quote"
    ORDER = "order"
    INVOICE = "invoice"
    CREDIT_MEMO = "credit_memo"
    RETURN_ORDER = "return_order"
    BLANKET_ORDER = "blanket_order"


@dataclass(frozen=True)
class DocRef:
    """Names a document by kind and number: what every ``doc`` argument needs."""

    kind: DocKind
    no: str


SERIES_OF_KIND = {
    DocKind.QUOTE: "S-QUOTE",
    DocKind.ORDER: "S-ORDER",
    DocKind.INVOICE: "S-INVOICE",
    DocKind.CREDIT_MEMO: "S-CRMEMO",
    DocKind.RETURN_ORDER: "S-RETURN",
    DocKind.BLANKET_ORDER: "S-BLANKET",
}
