"""The line breaker as it was before it worked on plain lists (``line_breaking.cjk_frag_split``
up to issue 15's third round): one ``cjkU`` per character, its width looked up each time, and
reportlab's own ``makeCJKParaLine``.
Kept as the reference the faster one must match line for line and byte for byte."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics

from station_app.documents.line_breaking import (
    _keep_whole,
    _line_end,
    _no_lone_last_character,
    _unbreakable_spans,
    fits,
)


def char_widths(word: str, font_name: str, size: float) -> list[float]:
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    table = getattr(face, "charWidths", None)
    if not isinstance(table, dict):  # not a TrueType font: reportlab's own measure
        return [float(pdfmetrics.stringWidth(c, font_name, size)) for c in word]
    default = face.defaultWidth  # type: ignore[union-attr]
    scale = 0.001 * size
    get = table.get
    return [scale * get(ord(c), default) for c in word]


def cjk_frag_split(
    frags: Any,
    max_widths: Any,
    calc_bounds: Any,
    encoding: str = "utf8",
    *,
    keep: Sequence[tuple[int, int]] = (),
    justified: bool = False,
) -> Any:
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
    chars = [str(u) for u in units]
    text = "".join(c if len(c) == 1 else " " for c in chars)
    keep = sorted([*keep, *_unbreakable_spans(text, ragged=not justified)])
    breaks: list[tuple[int, int, bool]] = []  # (start, end, ends with a forced break)
    start = 0
    n = len(units)
    while start < n:
        max_width = max_widths[min(len(breaks), len(max_widths) - 1)]
        used = 0.0
        i = start
        line_break = False
        while i < n:
            u = units[i]
            if hasattr(u.frag, "lineBreak"):
                line_break = True
                i += 1
                break
            if not fits(used + u.width, max_width) and i > start:
                break
            used += u.width
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
        used = sum(u.width for u in units[start:end])
        extra = max_width - used
        line = rl.makeCJKParaLine(units[start:end], max_width, used, extra, line_break, calc_bounds)
        line.unit_start = start
        line.spaced = sum(
            0 if hasattr(u.frag, "cbDefn") or hasattr(u.frag, "lineBreak") else 1 for u in units[start:end]
        )
        lines.append(line)
    return rl.ParaLines(kind=1, lines=lines)
