"""Line breaking after GB/T 9704-2012 (禁则), taught to reportlab.

A paragraph's characters, their widths and the finished lines are built by :mod:`cjk_lines` from
plain lists, as reportlab's own ``cjkFragSplit`` would build them from one object per character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from station_app.documents.cjk_lines import char_widths as char_widths
from station_app.documents.cjk_lines import para_line, units_of

# GB/T 9704 sets 28 characters of 3号 (16 pt) in 156 mm, i.e. on a grid 1.3 % narrower than the
# type: a line fits when its characters, each drawn that much closer, fit. The difference to the
# measured width is given back by character spacing when the line is drawn.
GRID_SQUEEZE = 1 - (156 * 72 / 25.4) / (28 * 16)
_TOLERANCE = 0.01  # pt


def fits(used: float, max_width: float) -> bool:
    return used * (1 - GRID_SQUEEZE) <= max_width + _TOLERANCE


CANNOT_START = "，。、；：？！）」』”’》〉】〕…—·%％,.;:?!)]}"
CANNOT_END = "（「『“‘《〈【〔([{"


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
        while i < n and (fits(used + widths[i], max_width) or i == start):
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


# A date is read as one word: 「2026年12月22日」 is never broken between lines.
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}")


# A short bracketed note is read with its brackets: 「村（社区）干部」 never breaks inside 「（社区）」.
_BRACKETED = re.compile(r"（[^（）]{1,4}）")
# Words a cell never breaks (a label, the last unit of an organisation's name).
_WORDS = re.compile(
    r"责任单位|牵头单位|责任人|联系人|负责人|联系电话|委员会|居委会|办公室|办事处|人民政府|联络站"
)
# An organisation's name is read unit by unit (大佛街道/经济发展办公室, 岷江社区/居民委员会): in a
# cell, a short piece ending with such a unit, counted from the previous unit or punctuation, is
# kept whole on one line when it can be.
_UNIT_END = re.compile(r"街道|社区|委员会|办公室|办事处|人民政府|党委|政府|镇|乡")
_PIECE_BREAK = re.compile(r"[\s，。、；：？！（）「」《》“”]")
_LONGEST_PIECE = 8


def _unit_pieces(text: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _UNIT_END.finditer(text):
        if m.start() < start:
            continue
        cut = max((p.end() for p in _PIECE_BREAK.finditer(text, start, m.start())), default=start)
        if 1 < m.end() - cut <= _LONGEST_PIECE:
            pieces.append((cut, m.end()))
        start = m.end()
    return pieces


def _unbreakable_spans(text: str, *, ragged: bool = False) -> list[tuple[int, int]]:
    spans = [m.span() for m in _DATE.finditer(text)]
    spans += [m.span() for m in _BRACKETED.finditer(text)]
    if ragged:
        spans += [m.span() for m in _WORDS.finditer(text)]
        spans += _unit_pieces(text)
    return spans


def _keep_whole(end: int, start: int, keep: list[tuple[int, int]]) -> int:
    """Move a break that falls inside a kept span (a date, a name) to before it (unless the span
    starts the line)."""
    for a, b in keep:
        if a < end < b and a > start:
            return a
    return end


def _no_lone_last_character(breaks: list[tuple[int, int, bool]], chars: list[str]) -> None:
    """A ragged paragraph's (a cell's) last line never holds a single character (「…办公/室」): the
    line before gives it one more, where the rules allow. Justified body text keeps its full lines:
    a line one character short would be stretched."""
    if len(breaks) < 2:
        return
    (a, b, forced), (_c, d, last_forced) = breaks[-2], breaks[-1]
    shown = [c for c in chars[b:d] if c.strip() and not _among(c, CANNOT_START)]
    if forced or len(shown) != 1 or b - a < 4:
        return
    for end in range(b - 1, a + 2, -1):
        if not _among(chars[end], CANNOT_START) and not _among(chars[end - 1], CANNOT_END):
            breaks[-2:] = [(a, end, False), (end, d, last_forced)]
            return


def cjk_frag_split(
    frags: Any,
    max_widths: Any,
    calc_bounds: Any,
    encoding: str = "utf8",
    *,
    keep: Sequence[tuple[int, int]] = (),
    justified: bool = False,
) -> Any:
    """Replacement for ``reportlab.platypus.paragraph.cjkFragSplit``: 禁则 and the 28-character grid.

    ``keep`` holds spans (character offsets) never broken between lines, such as names; dates
    are always kept whole. Each line is marked ``spaced``: :func:`install_spaced_drawing` draws
    it with the character spacing that puts it on the grid (justified when it is full).
    """
    from reportlab.platypus import paragraph as rl

    units = units_of(frags, encoding, calc_bounds)
    chars, widths, hard = units.chars, units.widths, units.hard_breaks
    keep = sorted([*keep, *_unbreakable_spans(units.text, ragged=not justified)])
    breaks: list[tuple[int, int, bool]] = []  # (start, end, ends with a forced break)
    start = 0
    n = len(chars)
    narrower = 1 - GRID_SQUEEZE  # fits(), written out: this loop runs for every character
    while start < n:
        max_width = max_widths[min(len(breaks), len(max_widths) - 1)]
        room = max_width + _TOLERANCE
        used = 0.0
        i = start
        line_break = False
        while i < n:
            if hard and i in hard:
                line_break = True
                i += 1
                break
            width = widths[i]
            if (used + width) * narrower > room and i > start:
                break
            used += width
            i += 1
        if not line_break and i < n:
            i = _keep_whole(_line_end(chars, start, i), start, keep)
        breaks.append((start, i, line_break))
        start = i
    if not justified:
        _no_lone_last_character(breaks, chars)
    lines: list[Any] = []
    for start, end, line_break in breaks:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = sum(widths[start:end])
        extra = max_width - used
        line = para_line(units, start, end, max_width, used, extra, line_break)
        line.unit_start = start  # where a split paragraph's rest begins, to carry the kept spans
        line.spaced = units.spaced(start, end)
        lines.append(line)
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
    textsplit.getCharWidths = char_widths
    paragraph.cjkFragSplit = cjk_frag_split


install_line_breaking()


def _spaced_drawing(original: Any, left: Any, *, justify: bool) -> Any:
    """A reportlab line-drawing function that spaces the characters of a marked line to its width:
    squeezed onto the grid when the line is wider than the measure, stretched when justified."""

    def draw(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        glyphs = getattr(line, "spaced", 0)
        extra = float(line.extraSpace)
        size = float(line.fontSize)
        # Only a full line is justified: one a character short because of the 禁则. A line cut
        # shorter (to keep a date or a name whole) and a paragraph's last line keep the grid's
        # spacing rather than being spread thin.
        full = 0 < extra <= size + _TOLERANCE
        stretch = justify and full and not last and not line.lineBreak
        if glyphs < 2 or not (extra < -1e-6 or stretch or justify):
            return original(tx, offset, line, last)
        if extra < -1e-6 or stretch:
            tx.setCharSpace(extra / (glyphs - 1))
        else:  # a short line of justified text: on the grid, aligned with the full lines above
            tx.setCharSpace(-size * GRID_SQUEEZE)
        line.extraSpace = 0.0
        try:
            return left(tx, offset, line, last)
        finally:
            line.extraSpace = extra
            tx.setCharSpace(0)

    draw.spaced = True  # type: ignore[attr-defined]
    return draw


def install_spaced_drawing() -> None:
    """Draw marked CJK lines with character spacing (idempotent)."""
    from reportlab.platypus import paragraph as rl

    if getattr(rl._leftDrawParaLineX, "spaced", False):
        return
    left = rl._leftDrawParaLineX
    rl._justifyDrawParaLineX = _spaced_drawing(rl._justifyDrawParaLineX, left, justify=True)
    rl._centerDrawParaLineX = _spaced_drawing(rl._centerDrawParaLineX, left, justify=False)
    rl._rightDrawParaLineX = _spaced_drawing(rl._rightDrawParaLineX, left, justify=False)
    rl._leftDrawParaLineX = _spaced_drawing(left, left, justify=False)


install_spaced_drawing()


def use_binary_streams() -> None:
    """Keep compressed streams binary: ASCII85 makes them a quarter larger and costs time (idempotent)."""
    from reportlab import rl_config

    rl_config.useA85 = 0


use_binary_streams()
