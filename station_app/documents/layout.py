"""Page geometry, text styles and line breaking after GB/T 9704-2012 (党政机关公文格式).

Page numbers follow the standard: 4号 「— n —」 whose top lies 7 mm below the type area, odd
pages right-aligned and even pages left-aligned, each inset by one character, so that a
double-sided print has the numbers on the outer edge.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText

from station_app.documents import fonts
from station_app.documents.font_subsets import install_subset_cache
from station_app.documents.fonts import FontRole
from station_app.documents.line_breaking import CANNOT_END as CANNOT_END
from station_app.documents.line_breaking import CANNOT_START as CANNOT_START
from station_app.documents.line_breaking import _dumb_split as _dumb_split
from station_app.documents.line_breaking import cjk_frag_split
from station_app.documents.text_styles import BODY_LEADING as BODY_LEADING
from station_app.documents.text_styles import BODY_SIZE as BODY_SIZE
from station_app.documents.text_styles import CHAR as CHAR
from station_app.documents.text_styles import LINES_PER_PAGE as LINES_PER_PAGE
from station_app.documents.text_styles import TABLE_SIZE as TABLE_SIZE
from station_app.documents.text_styles import TITLE_SIZE as TITLE_SIZE
from station_app.documents.text_styles import TYPE_HEIGHT as TYPE_HEIGHT
from station_app.documents.text_styles import TYPE_WIDTH as TYPE_WIDTH
from station_app.documents.text_styles import Styles as Styles
from station_app.documents.text_styles import TextStyle as TextStyle
from station_app.documents.text_styles import styles as styles

install_subset_cache()  # (idempotent: also done on import)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TYPE_WIDTH  # 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TYPE_HEIGHT  # ≈35 mm

PAGE_NUMBER_SIZE = 14.0  # 4号

# ---------------------------------------------------------------- text styles


def para(
    text: str,
    style: TextStyle,
    *,
    prefix: str = "",
    prefix_role: FontRole | None = None,
    right_indent: float | None = None,
    keep: Sequence[tuple[int, int]] = (),
) -> Paragraph:
    """A paragraph whose every character is drawn with a font that has it.

    ``keep`` lists spans of ``text`` (start, end offsets) that are never broken between lines.
    """
    st = style.style
    if right_indent is not None:
        st = ParagraphStyle(f"{st.name}-ri", parent=st, rightIndent=right_indent)
    head = list(fonts.runs(prefix, prefix_role or style.role)) if prefix else []
    body = list(fonts.runs(text, style.role))
    markup = fonts.markup_of(head) + fonts.markup_of(body, untagged=st.fontName)
    every = head + body
    if not every or any("\n" in chunk for _, chunk in every) or _changed_by_cleaning(markup):
        return _Paragraph(markup, st)  # line breaks or spaces to fold: reportlab's parser does it
    # Plain runs: the fragments the parser would make, without parsing the markup again.
    base = _plain_fragment(st, keep=right_indent is None)
    frags = [base.clone(text=chunk, fontName=name, link=[], us_lines=[]) for name, chunk in every]
    made = _Paragraph(markup, st, frags=frags)
    made.keep_spans = [(a + len(prefix), b + len(prefix)) for a, b in keep]
    return made


class _Paragraph(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width: tables and frames ask for the same wrap
    more than once (to size a cell, then to draw it), and line breaking is the costly part.

    Every paragraph, one font or several, is broken by :func:`line_breaking.cjk_frag_split`, so its
    lines keep to the 28-character grid and are justified by spacing the characters.
    """

    keep_spans: Sequence[tuple[int, int]] = ()

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        if not self.frags or self.style.endDots or self.bulletText:
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        justified = self.style.alignment == TA_JUSTIFY
        return cjk_frag_split(self.frags, maxWidths, False, keep=self.keep_spans, justified=justified)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.keep_spans:
            # The rest is broken again on the next page: its names stay whole there too.
            first_lines = len(parts[0].blPara.lines)
            offset = getattr(self.blPara.lines[first_lines], "unit_start", None)
            if offset is not None:
                parts[1].keep_spans = [(a - offset, b - offset) for a, b in self.keep_spans if b > offset]
        return parts

    def _get_split_blParaFunc(self) -> Any:
        # reportlab joins the lines of a split paragraph with spaces, as for Latin words.
        return _cjk_rest

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_at") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height  # (a failed split deletes blPara: then break again)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        # Only a real line breaking is kept (a too narrow width returns early without one).
        self._wrapped_at = availWidth if size[0] == availWidth and "blPara" in self.__dict__ else None
        return size


def _cjk_rest(bl_para: Any, start: int, stop: int) -> list[Any]:
    """The fragments of lines ``start:stop``, joined as Chinese is: without spaces."""
    return [word for line in bl_para.lines[start:stop] for word in line.words]


_fragments: dict[int, tuple[ParagraphStyle, Any]] = {}


def forget_fragments() -> None:
    _fragments.clear()


# Every character reportlab's cleaning folds or trims but the space: its own list and Python's
# whitespace (a test checks it against both).
_FOLDED = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)


def _changed_by_cleaning(markup: str) -> bool:
    """Whether reportlab would change the markup before parsing it (spaces folded, ends trimmed):
    never when its only blanks are single spaces between words, which is nearly always."""
    if _FOLDED.isdisjoint(markup) and "  " not in markup and markup[:1] != " " and markup[-1:] != " ":
        return False
    return bool(cleanBlockQuotedText(markup) != markup)


def _plain_fragment(st: ParagraphStyle, *, keep: bool) -> Any:
    """The fragment reportlab's parser makes for plain text in ``st`` (kept for the shared styles)."""
    known = _fragments.get(id(st))
    if known is not None and known[0] is st:
        return known[1]
    from reportlab.platypus.paraparser import ParaParser

    fragment = ParaParser().parse("x", st)[1][0]
    if keep:
        _fragments[id(st)] = (st, fragment)
    return fragment


def heading(text: str, style: TextStyle) -> list[Flowable]:
    """A heading that never ends a page: keepWithNext would push a whole long paragraph along."""
    return [CondPageBreak(3 * BODY_LEADING), para(text, style)]


def text_width(text: str, style: TextStyle) -> float:
    size = float(style.style.fontSize)
    return sum(float(stringWidth(chunk, name, size)) for name, chunk in fonts.runs(text, style.role))


def signature_block(name: str, when: date | None) -> list[Flowable]:
    """发文机关署名 centred over the date, the date 右空四字 (GB/T 9704 7.3.5.1); without a date,
    blanks to write 「年 月 日」 by hand."""
    s = styles()
    date_right = 4 * CHAR
    if when is None:
        blank = date_to_write(s.right, right_indent=date_right)
        date_width = blank.width
    else:
        blank = para(cn_date(when), s.right, right_indent=date_right)
        date_width = text_width(cn_date(when), s.right)
    name_right = max(0.0, date_right + (date_width - text_width(name, s.right)) / 2)
    return [para(name, s.right, right_indent=name_right), blank]


def date_to_write(style: TextStyle, *, right_indent: float = 0.0, year: float = 24 * mm) -> Table:
    """「      年    月    日」 with room to write each part by hand (spaces would be folded away)."""
    size = float(style.style.fontSize)
    blanks = [year, size, 3 * size, size, 3 * size, size]
    marks = [["", para("年", style), "", para("月", style), "", para("日", style), ""]]
    form = Table(marks, colWidths=[*blanks, right_indent], hAlign="RIGHT")
    form.setStyle(
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            # Blank cells would otherwise name reportlab's default, a non-embedded Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), style.style.fontName),
        ]
    )
    form.width = sum(blanks)  # the written date's width, for centring the name above it
    return form


class SignatureLines(Flowable):  # type: ignore[misc]
    """「主持人（签字）：______」 side by side, each blank a ruled line of a fixed width: underscores
    would print as dashes (character spacing) and end wherever the font puts them."""

    LINE_WIDTH = 26 * mm

    def __init__(self, labels: Sequence[str], style: TextStyle) -> None:
        super().__init__()
        self.labels = list(labels)
        self.style = style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, float(self.style.style.leading)

    def draw(self) -> None:
        size = float(self.style.style.fontSize)
        baseline = float(self.style.style.leading) - size  # where a one-line paragraph puts it
        widths = [text_width(label, self.style) for label in self.labels]
        used = sum(widths) + len(widths) * self.LINE_WIDTH
        gap = max(CHAR, (self.width - used) / max(1, len(widths) - 1))
        canvas, x = self.canv, 0.0
        canvas.setLineWidth(0.6)
        for label, width in zip(self.labels, widths, strict=True):
            _draw_runs(canvas, x, baseline, label, self.style.role, size)
            x += width
            canvas.line(x, baseline - 2, x + self.LINE_WIDTH, baseline - 2)
            x += self.LINE_WIDTH + gap


# ---------------------------------------------------------------- tables


CELL_PADDING = 4.5  # pt, left and right of a cell's text in 小四 (≈1.6 mm)
SMALL_CELL_PADDING = 3.0  # in the 9 pt type of a wide table


def table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    row_heights: Sequence[float | None] | None = None,
    split_in_row: bool = False,
    padding: float = CELL_PADDING,
    grid: bool = True,
    kind: type[Table] = Table,
) -> Table:
    """A ruled table; the header row repeats on every page it flows over. ``padding``: left and
    right of the text (less for a wide table in small type). Without ``grid`` the caller rules it."""
    t = kind(
        rows,
        colWidths=list(widths),
        rowHeights=list(row_heights) if row_heights else None,
        repeatRows=1 if header else 0,
        splitInRow=1 if split_in_row else 0,
        hAlign="CENTER",
    )
    commands: list[tuple[Any, ...]] = [
        *([("GRID", (0, 0), (-1, -1), 0.6, colors.black)] if grid else []),
        # Plain-string cells would otherwise use a non-embedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_set().primary(FontRole.BODY)),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        # A paragraph's leading falls below its last line: more padding above evens it out.
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)))
    t.setStyle(TableStyle(commands))
    return t


def cells(values: Sequence[str], style: TextStyle) -> list[Any]:
    return [para(v, style) for v in values]


# ---------------------------------------------------------------- dates

_WEEKDAYS = "一二三四五六日"


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def cn_datetime(dt: datetime) -> str:
    return f"{cn_date(dt.date())}（星期{_WEEKDAYS[dt.weekday()]}）{dt.hour:d}:{dt.minute:02d}"


# ---------------------------------------------------------------- the document


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, *, title: str, author: str, subject: str, watermark: str) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="station-app",
            lang="zh-CN",
            # Otherwise every page would reference a non-embedded Helvetica.
            initialFontName=fonts.font_set().primary(FontRole.BODY),
            initialFontSize=BODY_SIZE,
            initialLeading=BODY_LEADING,
        )
        self._watermark = watermark
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            TYPE_WIDTH,
            TYPE_HEIGHT,
            id="type-area",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Any, doc: Any) -> None:
        if self._watermark:
            _draw_watermark(canvas, self._watermark)
        _draw_page_number(canvas, canvas.getPageNumber())


def _draw_runs(canvas: Any, x: float, y: float, text: str, role: FontRole, size: float) -> None:
    for name, chunk in fonts.runs(text, role):
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, name, size)


def _draw_page_number(canvas: Any, number: int) -> None:
    text = f"— {number} —"
    name = fonts.font_set().primary(FontRole.PAGE_NUMBER)
    width = stringWidth(text, name, PAGE_NUMBER_SIZE)
    ascent = PAGE_NUMBER_SIZE * 0.8
    y = MARGIN_BOTTOM - 7 * mm - ascent
    if number % 2:
        x = MARGIN_LEFT + TYPE_WIDTH - PAGE_NUMBER_SIZE - width
    else:
        x = MARGIN_LEFT + PAGE_NUMBER_SIZE
    canvas.saveState()
    _draw_runs(canvas, x, y, text, FontRole.PAGE_NUMBER, PAGE_NUMBER_SIZE)
    canvas.restoreState()


def _draw_watermark(canvas: Any, text: str) -> None:
    size = 96.0
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.82, 0.82, 0.82))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    name = fonts.font_set().primary(FontRole.HEADING1)
    width = sum(stringWidth(c, name, size) for c in text)
    _draw_runs(canvas, -width / 2, -size / 3, text, FontRole.HEADING1, size)
    canvas.restoreState()


def render(story: list[Flowable], *, title: str, author: str, subject: str, watermark: str = "") -> bytes:
    """Lay out ``story`` on A4 pages and return the PDF (fonts embedded as subsets)."""
    buffer = io.BytesIO()
    doc = _Doc(buffer, title=title, author=author, subject=subject, watermark=watermark)
    doc.build(story)
    return buffer.getvalue()
