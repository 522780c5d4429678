"""Putting a standard code's lines on a document: by hand (Get Recurring Sales Lines), or at
once when a new document is made for a customer with one "automatic" code (BC's Standard
Codes Mgt.; mixed into ``desk.sales``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..tables import (
    Company,
    CustomerStandardCode,
    SalesHeader,
    SalesLine,
    StandardSalesLine,
)
from . import doc_states
from .kinds import DocKind
from .pricing import price_for
from .standard_codes import (
    LINE_STEP,
    MODE_FIELD,
    StandardCodeService,
    find_code,
    usable_assignments,
)


class StandardLines:
    """The standard-lines half of ``desk.sales``."""

    @property
    def standard_codes(self) -> StandardCodeService:
        """``desk.sales.standard_codes``: the codes and their lines."""
        return StandardCodeService(self._desk)

    def insert_standard_lines(self, doc, code: str):
        """Append the lines of standard code ``code`` to ``doc`` (after its last line, 10000
        apart): items priced by the document for its customer, G/L account lines at the code's
        amount (with VAT added when prices include VAT), comments as they are. Refuses a
        document that is not open, a code in another currency than the document's, and a code
        whose assignment to the customer is blocked; writes nothing when it refuses."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            assignment = s.get(CustomerStandardCode, (header.customer_no, str(code).strip().upper()))
            if assignment is not None and assignment.blocked:
                raise SalesDeskError(_("The recurring sales lines {code} of customer {no} are blocked.").format(
                    code=assignment.code, no=header.customer_no))
            self._apply_standard_code(s, header, code)
            return self._refresh_totals(s, header)

    def _apply_standard_code(self, s: Session, header: SalesHeader, code: str) -> None:
        doc_states.require(header.status, "edit_lines", self._what(header))
        row = find_code(s, code)
        if (row.currency_code or "") != (header.currency_code or ""):
            company = s.get(Company, 1).currency
            raise SalesDeskError(_("Standard sales code {code} is in {code_currency}, but {what} is in "
                                   "{doc_currency}.").format(code=row.code, what=self._what(header),
                                                            code_currency=row.currency_code or company,
                                                            doc_currency=header.currency_code or company))
        last = s.execute(select(func.max(SalesLine.line_no)).where(
            SalesLine.kind == header.kind, SalesLine.document_no == header.no)).scalar() or 0
        standard = s.scalars(select(StandardSalesLine).where(StandardSalesLine.code == row.code)
                             .order_by(StandardSalesLine.line_no))
        # every line is built (and so checked) before any is written: a refusal writes nothing
        lines = [self._line_from_standard(s, header, std, last + LINE_STEP * n)
                 for n, std in enumerate(standard, start=1)]
        s.add_all(lines)

    def _line_from_standard(self, s: Session, header: SalesHeader, std: StandardSalesLine, line_no: int) -> SalesLine:
        line = SalesLine(kind=header.kind, document_no=header.no, line_no=line_no, type=std.type)
        values: dict = {"description": std.description}
        if std.type == "comment":
            self._clear_item_values(line)
        else:
            line.location = header.location
            values.update(no=std.no, quantity=std.quantity)
        if std.type == "gl_account":
            vat_pct = self._vat_pct(s, header, std.vat_prod_group)
            values.update(vat_prod_group=std.vat_prod_group,
                          unit_price=price_for(std.amount, vat_pct, header.prices_incl_vat))
        if std.type == "item" and not std.description:
            values.pop("description")
        try:
            self._set_line_values(s, header, line, values, new=True)
        except SalesDeskError as err:
            raise SalesDeskError(_("Line {n} of standard sales code {code}: {problem}").format(
                n=std.line_no, code=std.code, problem=err)) from None
        return line

    def _insert_automatic(self, s: Session, header: SalesHeader) -> tuple[bool, str | None]:
        """On a new document: the customer's one valid "automatic" code for its kind, inserted;
        nothing when there are none or several (the clerk picks, see ``offered``). Returns
        whether lines were inserted, and the problem when the code could not be (the document
        is made all the same)."""
        field = MODE_FIELD.get(DocKind(header.kind))
        if field is None:
            return False, None
        automatic = [a for a in usable_assignments(s, header) if getattr(a, field) == "automatic"]
        if len(automatic) != 1:
            return False, None
        try:
            self._apply_standard_code(s, header, automatic[0].code)
        except SalesDeskError as err:
            return False, _("The recurring sales lines {code} were not inserted: {problem}").format(
                code=automatic[0].code, problem=err)
        return True, None
