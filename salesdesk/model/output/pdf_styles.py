"""The look of printed documents: embedded fonts, colours, paragraph styles, the numbers and
dates of the document's language, and the page canvas that prints "Page x of y".

Only TrueType fonts embedded in the file are used (Bitstream Vera, shipped with reportlab): they
print accented names and the euro sign, and PDF/A-3 (Factur-X) forbids fonts left out of the file.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from decimal import Decimal
from xml.sax.saxutils import escape

import reportlab
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC = "SalesDeskVera", "SalesDeskVera-Bold", "SalesDeskVera-Italic", \
    "SalesDeskVera-BoldItalic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}
_fonts_lock = threading.Lock()
_fonts_ready = False

# one accent colour, the rest black and greys
ACCENT = colors.HexColor("#1F4E79")
ACCENT_LIGHT = colors.HexColor("#E8EEF5")
INK = colors.HexColor("#1A1A1A")
GREY = colors.HexColor("#5F6368")
RULE = colors.HexColor("#B8BEC6")
ZEBRA = colors.HexColor("#F4F6F8")
WHITE = colors.white

MARGIN = 18 * mm
FOOTER_TOP = 22 * mm  # the frames end above this; the footer lives below it


def register_fonts() -> None:
    """Register the Vera family once per process (embedded, subset TrueType)."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        for name, file in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD_ITALIC)
        _fonts_ready = True


def _style(name: str, size: float, *, font: str = FONT, color=INK, align=TA_LEFT, leading: float | None = None,
           **extra) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25, textColor=color,
                          alignment=align, **extra)


class Styles:
    """The paragraph styles of a document."""

    company = _style("company", 15, font=FONT_BOLD, leading=18)
    company_small = _style("company_small", 7.5, color=GREY, leading=9.5)
    title = _style("title", 19, font=FONT_BOLD, color=ACCENT, align=TA_RIGHT, leading=23)
    number = _style("number", 10.5, font=FONT_BOLD, align=TA_RIGHT, leading=14)
    caption = _style("caption", 7, color=GREY, leading=9)
    address_name = _style("address_name", 10, font=FONT_BOLD, leading=12.5)
    address = _style("address", 9.5, leading=12)
    info_label = _style("info_label", 7.5, color=GREY, leading=10)
    info_value = _style("info_value", 8, leading=10)
    head = _style("head", 7.5, font=FONT_BOLD, color=WHITE, leading=9)
    head_right = _style("head_right", 7.5, font=FONT_BOLD, color=WHITE, align=TA_RIGHT, leading=9)
    cell = _style("cell", 8, leading=10)
    cell_right = _style("cell_right", 8, align=TA_RIGHT, leading=10)
    comment = _style("comment", 8, font=FONT_ITALIC, color=GREY, leading=10)
    deduction = _style("deduction", 8, font=FONT_ITALIC, leading=10)
    small_head = _style("small_head", 7.5, font=FONT_BOLD, color=GREY, leading=10)
    body = _style("body", 8.5, leading=11.5)
    heading = _style("heading", 9, font=FONT_BOLD, color=ACCENT, leading=12, spaceBefore=2, spaceAfter=2)
    legal = _style("legal", 7, color=GREY, leading=9)
    footer = _style("footer", 6.5, color=GREY, align=1, leading=8.5)
    running = _style("running", 8, font=FONT_BOLD, color=GREY, leading=10)
    running_right = _style("running_right", 8, color=GREY, align=TA_RIGHT, leading=10)


def text(value: str) -> str:
    """Data as paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(escape(part) for part in str(value).splitlines()) if value else ""


def _spaces(value: str) -> str:
    # babel's narrow no-break space (French grouping) is not in Vera: the no-break space is
    return value.replace("\u202f", "\u00a0")


class Formats:
    """Numbers and dates as the document's language writes them (Decimals, never floats)."""

    def __init__(self, locale: str, currency: str):
        self.locale = locale
        self.currency = currency

    def amount(self, value: Decimal | None) -> str:
        return "" if value is None else _spaces(format_decimal(value, format="#,##0.00", locale=self.locale))

    def money(self, value: Decimal) -> str:
        """An amount with its currency sign, placed as the language does (1 234,56 € / €1,234.56)."""
        return _spaces(format_currency(value, self.currency, locale=self.locale))

    def price(self, value: Decimal | None) -> str:
        return "" if value is None else _spaces(format_decimal(value, format="#,##0.00###", locale=self.locale))

    def quantity(self, value: Decimal | None) -> str:
        return "" if value is None else _spaces(format_decimal(value, format="#,##0.#####", locale=self.locale))

    def pct(self, value: Decimal | None) -> str:
        return "" if value is None else _spaces(format_decimal(value, format="#,##0.##", locale=self.locale))

    def date(self, value: dt.date | None) -> str:
        return "" if value is None else _spaces(format_date(value, format="short", locale=self.locale))


def pdf_date(created: dt.datetime) -> str:
    """``created`` as a PDF date string (D:YYYYMMDDHHmmSS, with the offset when it has one)."""
    stamp = created.strftime("D:%Y%m%d%H%M%S")
    offset = created.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        stamp += f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return stamp


class NumberedCanvas(Canvas):
    """A canvas that keeps every page until the end, so each can print "Page x of y"
    (reportlab's two-pass recipe). ``page_text(page=, pages=)`` is the words; ``created``
    stamps the document's creation date."""

    def __init__(self, *args, page_text, created: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_text = page_text
        self._page_states: list[dict] = []
        stamp = pdf_date(created)
        self.setDateFormatter(lambda *_ignored: stamp)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        kw.setdefault("F", 4)  # printable: PDF/A (Factur-X) wants the Print flag on every annotation
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def showPage(self):
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        pages = len(self._page_states)
        for page, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, 7)
            self.setFillColor(GREY)
            self.drawRightString(self._pagesize[0] - MARGIN, FOOTER_TOP - 7 * mm, self._page_text(page=page, pages=pages))
            self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)
