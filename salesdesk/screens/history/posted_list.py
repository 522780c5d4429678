"""A list of posted documents of one kind, newest first: read-only history."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...model.output.report_data import DocumentKey
from ...widgets import format as fmt
from ...widgets.paged_table import Column
from ..common.list_base import ListScreen
from ..output.output_actions import OUTPUT_BINDINGS, OutputActions
from .posted_card import NAVIGATE, POSTED_PLURAL, WITH_AMOUNTS


class PostedListScreen(OutputActions, ListScreen):
    FILTER_HINT = _("Type to filter by number, customer or external document no.")
    NOUN = _("documents")
    NOUN_ONE = _("document")

    BINDINGS = [
        Binding("ctrl+o", "open", _("Open card"), id="postedlist.open"),
        NAVIGATE,
        *OUTPUT_BINDINGS,
    ]

    def __init__(self, kind: str):
        self.kind = kind
        self.TITLE_TEXT = POSTED_PLURAL[kind]
        super().__init__()

    def columns(self) -> list[Column]:
        columns = [
            Column(_("No."), 10),
            Column(_("Customer No."), 12),
            Column(_("Customer Name"), 0),
            Column(_("Posting Date"), 12, format=fmt.date),
        ]
        if self.kind in WITH_AMOUNTS:
            columns += [Column(_("Amount"), 12, "right", fmt.amount),
                        Column(_("Amount Incl. VAT"), 16, "right", fmt.amount)]
        # the order (return order) it was posted from, or the invoice's (credit memo's) own number
        return columns + [Column(_("Source Doc. No."), 15)]

    def fetch_page(self, text, offset, limit):
        rows = self.app.desk.posted.page(self.kind, text, offset, limit)
        # (no, customer no., name, date, source no., amount, incl. VAT): the source goes last
        if self.kind in WITH_AMOUNTS:
            return [row[:4] + row[5:7] + row[4:5] for row in rows]
        return [row[:5] for row in rows]

    def fetch_count(self, text):
        return self.app.desk.posted.count(self.kind, text)

    # Print / Send by E-mail the document under the cursor (OutputActions)
    def output_doc(self):
        key = self.table.current_key
        return DocumentKey(True, self.kind, str(key)) if key is not None else None

    def open_row(self, key) -> None:
        self.app.open_posted(self.kind, str(key))

    def action_navigate(self) -> None:
        key = self.table.current_key
        if key is not None:
            self.app.open_navigate(str(key))
