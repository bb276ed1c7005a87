"""Five of reportlab's pure-Python helpers made faster, giving the same results.

Without its optional C accelerator (``rl_accel``, not installed) reportlab writes every coordinate
through a pure-Python formatter (a logarithm, a ``%`` format, trailing zeros stripped), about a
tenth of a minutes' time; a document repeats the same few hundred numbers, so each number's text is
remembered after its first formatting. And a Chinese line is grouped into runs by comparing each
character's fragment with the previous one's, field by field, though they are nearly always the
very same fragment. And writing the file formats every number and name of its objects (the widths
of every font subset, a few thousand a document) through a general dispatch and a text codec; their
bytes are remembered the same way, and ASCII text skips the PDFDocEncoding codec. A string's
width adds its characters' widths with a ``map``.
``tests/documents/test_reportlab_speedups.py`` checks each against reportlab's own functions and
the minutes byte for byte.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Callable
from itertools import repeat
from typing import Any

from reportlab.lib import rl_accel
from reportlab.lib.utils import isSeq
from reportlab.pdfbase import pdfdoc, ttfonts

# The reportlab modules that bound ``fp_str`` at import (``from reportlab.lib.rl_accel import fp_str``).
_USERS = (
    "reportlab.pdfbase.pdfdoc",
    "reportlab.pdfbase.ttfonts",
    "reportlab.pdfgen.canvas",
    "reportlab.pdfgen.textobject",
    "reportlab.pdfgen.pathobject",
    "reportlab.platypus.flowables",
    "reportlab.platypus.tables",
)
_LIMIT = 200_000  # numbers remembered before starting afresh (a few MB at most)

original_fp_str: Callable[..., str] = rl_accel.fp_str


_PLAIN = frozenset((float, int))


def _remembering(format_one: Callable[..., str]) -> Callable[..., str]:
    texts: dict[Any, str] = {}
    calls: dict[tuple[Any, ...], str] = {}  # whole argument lists: a cell's or a line's position

    def fp_str(*numbers: Any) -> str:
        if len(numbers) == 1 and isSeq(numbers[0]):
            numbers = numbers[0]  # one sequence, as reportlab accepts it
        whole = type(numbers) is tuple and _PLAIN.issuperset(map(type, numbers))
        if whole:
            known = calls.get(numbers)
            if known is not None:
                return known
        out = []
        for number in numbers:
            # By value: 1, 1.0 and True format alike; a bool or a numpy number takes the usual way.
            if type(number) is float or type(number) is int:
                text = texts.get(number)
                if text is None:
                    if len(texts) >= _LIMIT:
                        texts.clear()
                    text = texts[number] = format_one(number)
            else:
                text = format_one(number)
            out.append(text)
        joined = " ".join(out)
        if whole:
            if len(calls) >= _LIMIT:
                calls.clear()
            calls[numbers] = joined
        return joined

    return fp_str


original_same_frag: Callable[[Any, Any], Any] = rl_accel.sameFrag


def same_frag(f: Any, g: Any) -> Any:
    """``rl_accel.sameFrag``, answering at once when both are the same fragment."""
    if f is g:
        d = f.__dict__
        return 0 if "cbDefn" in d or "lineBreak" in d else True  # a list equals itself
    return original_same_frag(f, g)


original_format: Callable[..., bytes] = pdfdoc.format
_SHORT = 64  # names and the like; longer text is rare and seldom repeated


def _formatting() -> Callable[..., bytes]:
    numbers: dict[Any, bytes] = {}
    names: dict[str, bytes] = {}

    def format(element: Any, document: Any, toplevel: int = 0) -> bytes:
        """``pdfdoc.format``, a number's or a short string's bytes remembered after the first time."""
        kind = type(element)
        if kind is float or kind is int:
            out = numbers.get(element)
            if out is None:
                if len(numbers) >= _LIMIT:
                    numbers.clear()
                out = numbers[element] = pdfdoc.pdfdocEnc(pdfdoc.fp_str(element))
            return out
        if kind is str and len(element) <= _SHORT:
            text = names.get(element)
            if text is None:
                if len(names) >= _LIMIT:
                    names.clear()
                text = names[element] = pdfdoc.pdfdocEnc(element)
            return text
        return original_format(element, document, toplevel)

    return format


original_pdfdoc_enc: Callable[[Any], Any] = pdfdoc.pdfdocEnc
_NOT_PDFDOC = re.compile("[\x18-\x1f]")  # ASCII that PDFDocEncoding gives other meanings (refused)


def pdfdoc_enc(text: Any) -> Any:
    """``pdfdoc.pdfdocEnc``: plain ASCII text (object numbers, names, operators) encodes to the
    same bytes as ASCII, without going through the PDFDocEncoding codec's Python functions."""
    if type(text) is str and text.isascii() and not _NOT_PDFDOC.search(text):
        return text.encode("ascii")
    return original_pdfdoc_enc(text)


original_string_width: Callable[..., float] = rl_accel.instanceStringWidthTTF


def string_width(font: Any, text: str | bytes, size: float, encoding: str = "utf8") -> float:
    """``instanceStringWidthTTF``: the same widths added in the same order, looked up by ``map``
    rather than one generator step per character."""
    if not isinstance(text, str):
        text = text.decode(encoding or "utf8")
    face = font.face
    total: float = sum(map(face.charWidths.get, map(ord, text), repeat(face.defaultWidth)))
    return 0.001 * size * total


original_split_string: Callable[..., Any] = ttfonts.TTFont.splitString


def split_string(font: Any, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
    """``TTFont.splitString``, at once when every character already has its code in the document's
    first subset (a line of characters met before, the usual case): one piece, the same bytes."""
    state = font.state.get(doc) if type(text) is str and text and "\xa0" not in text else None
    if state is not None:
        try:
            codes = list(map(state.assignments.__getitem__, map(ord, text)))
        except KeyError:  # a character new to this document: reportlab assigns it a code
            codes = None
        if codes is not None and max(codes) < 256:
            return [(0, bytes(codes))]
    return original_split_string(font, text, doc, encoding)


original_flate: Callable[[Any, Any], bytes] = pdfdoc.PDFStreamFilterZCompress.encode
# Deflate level of the page and font streams. reportlab's default (6) spends 6 % of a print's CPU
# on it; level 1 makes the files 0.6 % larger (165 KB for 164 KB, the demo minutes, measured).
FLATE_LEVEL = 1


def flate(_filter: Any, text: str | bytes) -> bytes:
    return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, FLATE_LEVEL)


def install_speedups() -> None:
    """Put the faster helpers where reportlab bound the pure-Python ones (idempotent)."""
    import importlib

    from reportlab.platypus import paragraph

    if paragraph.sameFrag is original_same_frag and _pure_python(original_same_frag):
        paragraph.sameFrag = same_frag
    if pdfdoc.PDFStreamFilterZCompress.encode is original_flate:
        pdfdoc.PDFStreamFilterZCompress.encode = flate
    if pdfdoc.format is original_format:
        pdfdoc.format = _formatting()
    if pdfdoc.pdfdocEnc is original_pdfdoc_enc:
        pdfdoc.pdfdocEnc = pdfdoc_enc
    if ttfonts.TTFont.splitString is original_split_string:
        ttfonts.TTFont.splitString = split_string
    if ttfonts.instanceStringWidthTTF is original_string_width and _pure_python(original_string_width):
        ttfonts.instanceStringWidthTTF = string_width
    if rl_accel.fp_str is not original_fp_str or not _pure_python(original_fp_str):
        return  # the C accelerator, or installed already

    fast = _remembering(original_fp_str)
    rl_accel.fp_str = fast
    for name in _USERS:
        module = sys.modules.get(name) or importlib.import_module(name)
        if getattr(module, "fp_str", None) is original_fp_str:
            module.fp_str = fast  # type: ignore[attr-defined]


def _pure_python(function: Any) -> bool:
    return getattr(function, "__module__", "") == "reportlab.lib.rl_accel"
