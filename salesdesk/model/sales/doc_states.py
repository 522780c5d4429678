"""Document states as data: which actions each status allows, read by the model (to
refuse) and by the TUI (to show only what can be done)."""

from __future__ import annotations

from ...i18n import _
from ..core.errors import SalesDeskError

OPEN = "open"
RELEASED = "released"
PENDING_PREPAYMENT = "pending_prepayment"  # orders: released once the prepayment is paid

STATUS_LABELS = {OPEN: _("Open"), RELEASED: _("Released"), PENDING_PREPAYMENT: _("Pending Prepayment")}

# status -> actions allowed in it
ALLOWED: dict[str, frozenset[str]] = {
    OPEN: frozenset({"edit_header", "edit_lines", "release", "delete", "make_order", "make_invoice",
                     "copy_document", "change_customer", "post", "post_prepayment"}),
    RELEASED: frozenset({"reopen", "delete", "make_order", "make_invoice", "post",
                         "edit_quantities_to_handle"}),
    PENDING_PREPAYMENT: frozenset({"reopen", "release", "delete", "post", "post_prepayment",
                                   "edit_quantities_to_handle"}),
}

ACTION_LABELS = {
    "edit_header": _("change the header"),
    "edit_lines": _("change lines"),
    "release": _("release it"),
    "reopen": _("reopen it"),
    "delete": _("delete it"),
    "make_order": _("make an order of it"),
    "make_invoice": _("make an invoice of it"),
    "copy_document": _("copy lines into it"),
    "change_customer": _("change its customer"),
    "post": _("post it"),
    "post_prepayment": _("post a prepayment invoice"),
}


def allowed(status: str, action: str) -> bool:
    return action in ALLOWED.get(status, frozenset())


def require(status: str, action: str, what: str) -> None:
    """Refuse ``action`` on a document in ``status`` with a message naming both."""
    if not allowed(status, action):
        hint = _(" Reopen it first.") if status in (RELEASED, PENDING_PREPAYMENT) else ""
        raise SalesDeskError(
            _("{what} is {status}: you cannot {action}.{hint}").format(
                what=what, status=STATUS_LABELS.get(status, status), action=ACTION_LABELS.get(action, action),
                hint=hint)
        )
