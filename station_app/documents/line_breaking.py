"""Line breaking after GB/T 9704-2012 (禁则), taught to reportlab, and character widths for it.

reportlab measures each character of a Chinese paragraph through several layers of calls; the
widths here come straight from the font's width table, giving the same numbers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics


def char_widths(word: str, font_name: str, size: float) -> list[float]:
    """The width of each character, as ``reportlab.lib.textsplit.getCharWidths`` computes it."""
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    table = getattr(face, "charWidths", None)
    if not isinstance(table, dict):  # not a TrueType font: reportlab's own measure
        return [float(pdfmetrics.stringWidth(c, font_name, size)) for c in word]
    default = face.defaultWidth  # type: ignore[union-attr]
    scale = 0.001 * size
    get = table.get
    return [scale * get(ord(c), default) for c in word]


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
        widths = None if hasattr(f, "cbDefn") or not text else char_widths(text, f.fontName, f.fontSize)
        if widths is None:
            units.extend(rl.cjkU(t, f, encoding) for t in text or [text])
            continue
        for t, width in zip(text, widths, strict=True):
            unit = str.__new__(rl.cjkU, t)  # as cjkU(t, f) makes it, with the width looked up directly
            unit._frag, unit._width = f, width
            units.append(unit)
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
    textsplit.getCharWidths = char_widths
    paragraph.cjkFragSplit = _cjk_frag_split


install_line_breaking()


def use_binary_streams() -> None:
    """Keep compressed streams binary: ASCII85 makes them a quarter larger and costs time (idempotent)."""
    from reportlab import rl_config

    rl_config.useA85 = 0


use_binary_streams()
