"""A Chinese paragraph's characters and lines, as reportlab builds them, a run at a time.

reportlab's ``cjkFragSplit`` makes one ``cjkU`` string object per character (its width behind a
property) and ``makeCJKParaLine`` then asks every character of a line for its font's ascent and
whether its fragment equals the previous one. Here the characters, widths and fragment runs are
plain lists, and each line is assembled from its runs: the very same ``FragLine`` (same words, same
numbers, added in the same order), several times faster. ``tests/documents/test_cjk_lines.py``
checks it against reportlab's own functions on generated paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as rl


class _Widths(dict[str, float]):
    """Character → width in one face at one size, each computed as reportlab computes it once."""

    def __init__(self, face: Any, size: float) -> None:
        super().__init__()
        self.face = face
        self._scale = 0.001 * size
        self._table: dict[int, float] = face.charWidths
        self._default: float = face.defaultWidth

    def __missing__(self, char: str) -> float:
        width = self[char] = self._scale * self._table.get(ord(char), self._default)
        return width


_widths: dict[tuple[str, float], _Widths] = {}
_KEPT_WIDTHS = 64  # (face, size) pairs; a document uses about a dozen


def char_widths(word: str, font_name: str, size: float) -> list[float]:
    """The width of each character, as ``reportlab.lib.textsplit.getCharWidths`` computes it:
    from a TrueType face's width table, each character's width remembered per face and size."""
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    if not isinstance(getattr(face, "charWidths", None), dict):  # not TrueType: reportlab's measure
        return [float(pdfmetrics.stringWidth(c, font_name, size)) for c in word]
    widths = _widths.get((font_name, size))
    if widths is None or widths.face is not face:  # (a name registered again with another face)
        if len(_widths) >= _KEPT_WIDTHS:
            _widths.clear()
        widths = _widths[font_name, size] = _Widths(face, size)
    return list(map(widths.__getitem__, word))


@dataclass(frozen=True)
class Run:
    """The characters ``start:end`` of a paragraph, all from one fragment."""

    start: int
    end: int
    frag: Any
    plain: bool  # text only: no callback (image, anchor) and no forced line break
    ascent: float
    descent: float


@dataclass
class Units:
    """A paragraph as reportlab's line breaker sees it: one unit per character."""

    chars: list[str]
    widths: list[float]
    runs: list[Run]
    hard_breaks: frozenset[int]  # units that end a line whatever their width (``<br/>``)
    all_plain: bool
    text: str  # the units as one string, a space for a unit that is not one character

    def spaced(self, start: int, end: int) -> int:
        """How many units of ``start:end`` are characters drawn with spacing."""
        if self.all_plain:
            return end - start
        return sum(min(r.end, end) - max(r.start, start) for r in self.runs_in(start, end) if r.plain)

    def runs_in(self, start: int, end: int) -> list[Run]:
        return [r for r in self.runs if r.start < end and r.end > start]


def units_of(frags: Any, encoding: str = "utf8", calc_bounds: Any = False) -> Units:
    """The units ``cjkFragSplit`` would make of ``frags``: a unit per character, and one for an
    empty fragment (a ``<br/>``, an image)."""
    chars: list[str] = []
    widths: list[float] = []
    runs: list[Run] = []
    hard: list[int] = []
    odd = False  # a unit that is not one character (an image, an empty fragment)
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        start = len(chars)
        if hasattr(f, "cbDefn") or not text:
            odd = True
            for t in text or [text]:
                unit = rl.cjkU(t, f, encoding)
                chars.append(str(unit))
                widths.append(unit.width)
        else:
            chars.extend(text)
            widths.extend(char_widths(text, f.fontName, f.fontSize))
        if hasattr(f, "lineBreak"):
            hard.extend(range(start, len(chars)))
        plain = not (hasattr(f, "cbDefn") or hasattr(f, "lineBreak"))
        ascent, descent = _bounds(f, calc_bounds)
        runs.append(Run(start, len(chars), f, plain, ascent, descent))
    every_plain = all(r.plain for r in runs)
    text = "".join(c if len(c) == 1 else " " for c in chars) if odd else "".join(chars)
    return Units(chars, widths, runs, frozenset(hard), every_plain, text)


def _bounds(f: Any, calc_bounds: Any) -> tuple[float, float]:
    """A unit's ascent and descent as ``makeCJKParaLine`` takes them (an image's own with bounds)."""
    size = f.fontSize
    definition: Any = getattr(f, "cbDefn", None) if calc_bounds else None
    if getattr(definition, "width", 0):
        descent, ascent = rl.imgVRange(rl.imgNormV(definition.height, size), definition.valign, size)
        return ascent, descent
    ascent, descent = pdfmetrics.getAscentDescent(f.fontName, size)
    return ascent, descent


# makeCJKParaLine opens each line with an empty FragLine that it compares the first fragment with,
# and drops what it gathered under it (``words[1:]``): only compared here, never copied.
_OPENING = rl.FragLine()


def para_line(
    units: Units, start: int, end: int, max_width: float, used: float, extra: float, line_break: bool
) -> Any:
    """``makeCJKParaLine`` of the units ``start:end``."""
    same_frag = rl.sameFrag  # whatever reportlab groups runs with (reportlab_speedups may install one)
    chars = units.chars
    words: list[Any] = []
    pending: list[str] = []
    current: Any = _OPENING
    max_size: Any = 0
    max_ascent: Any = 0
    min_descent: Any = 0
    for run in units.runs_in(start, end):
        f = run.frag
        max_size = max(max_size, f.fontSize)
        max_ascent = max(max_ascent, run.ascent)
        min_descent = min(min_descent, run.descent)
        lo, hi = max(run.start, start), min(run.end, end)
        # A text fragment equals itself: its characters join one word. A callback or a break
        # never equals anything: each of its units is a word of its own.
        for i in range(lo, hi) if not run.plain else (lo,):
            if not same_frag(current, f):
                if current is not _OPENING:
                    word = current.clone()
                    word.text = "".join(pending)
                    words.append(word)
                pending = []
                current = f
            if run.plain:
                pending.extend(chars[lo:hi])
            else:
                pending.append(chars[i])
    if pending and current is not _OPENING:
        word = current.clone()
        word.text = "".join(pending)
        words.append(word)
    return rl.FragLine(
        kind=1,
        extraSpace=extra,
        wordCount=1,
        words=words,
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_width,
        currentWidth=used,
        lineBreak=line_break,
    )
