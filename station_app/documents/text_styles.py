"""Type sizes and the paragraph styles of every document (GB/T 9704-2012: 3号仿宋 body, 22 lines).

A style names its role's font, which registers (parses) that font; each style is therefore made the
first time a document uses it, so that e.g. the monospaced face is read only for a key sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from station_app.documents import fonts
from station_app.documents.fonts import FontRole

TYPE_HEIGHT = 225 * mm
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
TABLE_SIZE = 12.0  # 小四: tables need more columns than body text allows
LINES_PER_PAGE = 22
BODY_LEADING = TYPE_HEIGHT / LINES_PER_PAGE - 0.05  # ≈28.9 pt; the margin keeps 22 lines inside
CHARS_PER_LINE = 28
TYPE_WIDTH = 156 * mm
# One character of the 28-a-line grid (15.8 pt for 16 pt type: the grid takes 1.3 % off each
# character's advance, as the standard's character grid does), for indents.
CHAR = TYPE_WIDTH / CHARS_PER_LINE
_CELL = TABLE_SIZE * 1.5
_FORM = TABLE_SIZE * 1.4
_INDENT: Final = {"firstLineIndent": 2 * CHAR}
# 「出席：」 and its list: continuation lines hang after the colon.
_HANGING: Final = {"firstLineIndent": -3 * CHAR, "leftIndent": 5 * CHAR, "alignment": TA_JUSTIFY}

# attribute: (reportlab style name, role, size, leading, further ParagraphStyle settings)
_SPECS: Final[dict[str, tuple[str, FontRole, float, float, dict[str, Any]]]] = {
    "title": ("title", FontRole.TITLE, TITLE_SIZE, 36, {"alignment": TA_CENTER}),
    "number": ("number", FontRole.BODY, BODY_SIZE, BODY_LEADING, {"alignment": TA_CENTER}),
    "body": ("body", FontRole.BODY, BODY_SIZE, BODY_LEADING, {"alignment": TA_JUSTIFY, **_INDENT}),
    "plain": ("plain", FontRole.BODY, BODY_SIZE, BODY_LEADING, {"alignment": TA_LEFT}),
    "hanging": ("hanging", FontRole.BODY, BODY_SIZE, BODY_LEADING, _HANGING),
    "h1": ("h1", FontRole.HEADING1, BODY_SIZE, BODY_LEADING, _INDENT),
    "h2": ("h2", FontRole.HEADING2, BODY_SIZE, BODY_LEADING, _INDENT),
    "right": ("right", FontRole.BODY, BODY_SIZE, BODY_LEADING, {"alignment": TA_RIGHT}),
    # Cells are ragged: a narrow column spread to its width reads as letter-spaced.
    "cell": ("cell", FontRole.BODY, TABLE_SIZE, _CELL, {"alignment": TA_LEFT}),
    # A one-sheet form (报送单): a little closer, so that a full form stays on its sheet.
    "form": ("form", FontRole.BODY, TABLE_SIZE, _FORM, {"alignment": TA_LEFT}),
    "form_head": ("form_h", FontRole.HEADING1, TABLE_SIZE, _FORM, {"alignment": TA_CENTER}),
    "cell_center": ("cell_c", FontRole.BODY, TABLE_SIZE, _CELL, {"alignment": TA_CENTER}),
    "head": ("head", FontRole.HEADING1, TABLE_SIZE, _CELL, {"alignment": TA_CENTER}),
    "small": ("small", FontRole.BODY, 9, 12.5, {}),
    "small_center": ("small_c", FontRole.BODY, 9, 12.5, {"alignment": TA_CENTER}),
    "small_head": ("small_h", FontRole.HEADING1, 9, 12.5, {"alignment": TA_CENTER}),
    "attachment": ("attachment", FontRole.HEADING1, BODY_SIZE, BODY_LEADING, {"alignment": TA_LEFT}),
    "mono": ("mono", FontRole.MONO, TABLE_SIZE, _CELL, {}),
    "info": ("info", FontRole.BODY, 14, 24, {"alignment": TA_LEFT}),
}


@dataclass(frozen=True)
class TextStyle:
    style: ParagraphStyle
    role: FontRole


def _style(name: str, role: FontRole, size: float, leading: float, **kw: Any) -> TextStyle:
    style = ParagraphStyle(
        name,
        fontName=fonts.font_set().primary(role),
        fontSize=size,
        leading=leading,
        wordWrap="CJK",
        textColor=colors.black,
        **kw,
    )
    return TextStyle(style, role)


class Styles:
    """The styles of every document, each made on first use."""

    title: TextStyle
    number: TextStyle
    body: TextStyle
    hanging: TextStyle
    attachment: TextStyle
    plain: TextStyle
    h1: TextStyle
    h2: TextStyle
    right: TextStyle
    cell: TextStyle
    cell_center: TextStyle
    form: TextStyle
    form_head: TextStyle
    head: TextStyle
    small: TextStyle  # wide tables (a report's per-station table)
    small_center: TextStyle
    small_head: TextStyle
    mono: TextStyle
    info: TextStyle

    def __getattr__(self, attr: str) -> TextStyle:
        spec = _SPECS.get(attr)
        if spec is None:
            raise AttributeError(attr)
        name, role, size, leading, extra = spec
        made = _style(name, role, size, leading, **extra)
        setattr(self, attr, made)  # found as a plain attribute from now on
        return made


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        _styles = Styles()
    return _styles


def reset_styles() -> None:
    """Forget the styles (they name the faces of the font set they were made with)."""
    global _styles
    _styles = None
