"""salesdesk's model: every business rule and all persistence. Never imports Textual or Rich.

    from salesdesk.model import Desk, DocKind, SalesDeskError
    desk = Desk.open("shop.db")
"""

from .core.errors import (
    HasHistory,
    NotFound,
    PostingError,
    SalesDeskError,
    ValidationError,
)
from .desk import Desk
from .purchases.kinds import PurchaseKind, PurchaseRef
from .sales.kinds import DocKind, DocRef

__all__ = ["Desk", "DocKind", "DocRef", "PurchaseKind", "PurchaseRef", "SalesDeskError", "ValidationError", "NotFound", "HasHistory", "PostingError"]
