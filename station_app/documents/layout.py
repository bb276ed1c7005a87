"""Page geometry, text styles and line breaking after GB/T 9704-2012 (党政机关公文格式).

Page numbers follow the standard: 4号 「— n —」 whose top lies 7 mm below the type area, odd
pages right-aligned and even pages left-aligned, each inset by one character, so that a
double-sided print has the numbers on the outer edge.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib import colors
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

from station_app.documents import fonts
from station_app.documents.fonts import FontRole
from station_app.documents.text_styles import BODY_LEADING as BODY_LEADING
from station_app.documents.text_styles import BODY_SIZE as BODY_SIZE
from station_app.documents.text_styles import CHAR as CHAR
from station_app.documents.text_styles import LINES_PER_PAGE as LINES_PER_PAGE
from station_app.documents.text_styles import TABLE_SIZE as TABLE_SIZE
from station_app.documents.text_styles import TITLE_SIZE as TITLE_SIZE
from station_app.documents.text_styles import TYPE_HEIGHT as TYPE_HEIGHT
from station_app.documents.text_styles import Styles as Styles
from station_app.documents.text_styles import TextStyle as TextStyle
from station_app.documents.text_styles import styles as styles

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
TYPE_WIDTH = 156 * mm
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TYPE_WIDTH  # 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TYPE_HEIGHT  # ≈35 mm

PAGE_NUMBER_SIZE = 14.0  # 4号

CANNOT_START = "，。、；：？！）」』”’》〉】〕…—·%％,.;:?!)]}"
CANNOT_END = "（「『“‘《〈【〔([{"


# ---------------------------------------------------------------- line breaking (禁则)


def _is_space(char: str) -> bool:
    return unicodedata.category(char) == "Zs"


def _among(char: str, group: str) -> bool:
    return len(char) == 1 and char in group


def _line_end(chars: Sequence[str], start: int, overflow: int) -> int:
    """Where the line beginning at ``start`` ends, given that ``chars[overflow]`` does not fit.

    Never hangs a character past the margin: it pulls characters down to the next line instead,
    so that no line starts with closing punctuation nor ends with opening punctuation, and a run
    of Latin letters or digits is not cut when a better place lies in the second half of the line.
    """
    end = overflow
    if ord(chars[overflow]) < 0x3000 and not _is_space(chars[overflow]):
        for j in range(overflow - 1, (start + overflow) // 2, -1):
            if _is_space(chars[j]) or ord(chars[j]) >= 0x3000:
                end = j + 1
                break
    for candidate in range(end, start, -1):
        # Spaces at a break vanish, so judge the first character the next line will show.
        shown = candidate
        while shown < len(chars) - 1 and _is_space(chars[shown]):
            shown += 1
        if not _among(chars[shown], CANNOT_START) and not _among(chars[candidate - 1], CANNOT_END):
            return candidate
    return overflow if overflow > start else start + 1


def _dumb_split(word: str, widths: Sequence[float], max_widths: Any) -> list[list[Any]]:
    """Replacement for ``reportlab.lib.textsplit.dumbSplit`` (single-font paragraphs)."""
    if not isinstance(max_widths, list | tuple):
        max_widths = [max_widths]
    lines: list[list[Any]] = []
    start = 0
    n = len(word)
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n and (used + widths[i] <= max_width + 1e-6 or i == start):
            used += widths[i]
            i += 1
        if i < n:
            i = _line_end(word, start, i)
        used = sum(widths[start:i])
        text = word[start:i]
        lines.append([max_width - used, text.strip() if i < n else text])
        start = i
        while start < n and lines and _is_space(word[start]):
            start += 1
    return lines


def _cjk_frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """Replacement for ``reportlab.platypus.paragraph.cjkFragSplit`` (multi-font paragraphs)."""
    from reportlab.platypus import paragraph as rl

    units: list[Any] = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            units.extend(rl.cjkU(t, f, encoding) for t in text)
        else:
            units.append(rl.cjkU(text, f, encoding))
    lines: list[Any] = []
    start = 0
    n = len(units)
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        line_break = False
        while i < n:
            u = units[i]
            if hasattr(u.frag, "lineBreak"):
                line_break = True
                i += 1
                break
            if used + u.width > max_width + 1e-6 and i > start:
                break
            used += u.width
            i += 1
        if not line_break and i < n:
            i = _line_end([str(u) for u in units], start, i)
        used = sum(u.width for u in units[start:i])
        lines.append(
            rl.makeCJKParaLine(units[start:i], max_width, used, max_width - used, line_break, calc_bounds)
        )
        start = i
    return rl.ParaLines(kind=1, lines=lines)


def install_line_breaking() -> None:
    """Teach reportlab the Chinese 禁则 (idempotent; reportlab's own rules hang punctuation)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra_start = "".join(c for c in CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    extra_end = "".join(c for c in CANNOT_END if c not in textsplit.ALL_CANNOT_END)
    textsplit.ALL_CANNOT_START += extra_start
    textsplit.ALL_CANNOT_END += extra_end
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    textsplit.dumbSplit = _dumb_split
    paragraph.cjkFragSplit = _cjk_frag_split


install_line_breaking()


# ---------------------------------------------------------------- text styles


def para(
    text: str,
    style: TextStyle,
    *,
    prefix: str = "",
    prefix_role: FontRole | None = None,
    right_indent: float | None = None,
) -> Paragraph:
    """A paragraph whose every character is drawn with a font that has it."""
    body = fonts.markup(text, style.role, untagged=style.style.fontName)
    if prefix:
        body = fonts.markup(prefix, prefix_role or style.role) + body
    st = style.style
    if right_indent is not None:
        st = ParagraphStyle(f"{st.name}-ri", parent=st, rightIndent=right_indent)
    return Paragraph(body, st)


def heading(text: str, style: TextStyle) -> list[Flowable]:
    """A heading that never ends a page: keepWithNext would push a whole long paragraph along."""
    return [CondPageBreak(3 * BODY_LEADING), para(text, style)]


def text_width(text: str, style: TextStyle) -> float:
    size = float(style.style.fontSize)
    return sum(float(stringWidth(chunk, name, size)) for name, chunk in fonts.runs(text, style.role))


def signature_block(name: str, when: date) -> list[Flowable]:
    """发文机关署名 centred over the date, the date 右空四字 (GB/T 9704 7.3.5.1)."""
    s = styles()
    date_text = cn_date(when)
    date_right = 4 * CHAR
    name_right = max(0.0, date_right + (text_width(date_text, s.right) - text_width(name, s.right)) / 2)
    return [para(name, s.right, right_indent=name_right), para(date_text, s.right, right_indent=date_right)]


# ---------------------------------------------------------------- tables


def table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    row_heights: Sequence[float | None] | None = None,
    split_in_row: bool = False,
) -> Table:
    """A ruled table; the header row repeats on every page it flows over."""
    t = Table(
        rows,
        colWidths=list(widths),
        rowHeights=list(row_heights) if row_heights else None,
        repeatRows=1 if header else 0,
        splitInRow=1 if split_in_row else 0,
        hAlign="CENTER",
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        # Plain-string cells would otherwise use a non-embedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_set().primary(FontRole.BODY)),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
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
    name = fonts.font_set().primary(FontRole.TITLE)
    width = stringWidth(text, name, PAGE_NUMBER_SIZE)
    ascent = PAGE_NUMBER_SIZE * 0.8
    y = MARGIN_BOTTOM - 7 * mm - ascent
    if number % 2:
        x = MARGIN_LEFT + TYPE_WIDTH - PAGE_NUMBER_SIZE - width
    else:
        x = MARGIN_LEFT + PAGE_NUMBER_SIZE
    canvas.saveState()
    _draw_runs(canvas, x, y, text, FontRole.TITLE, PAGE_NUMBER_SIZE)
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
