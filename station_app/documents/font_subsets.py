"""Embedded font subsets, kept per process once made.

reportlab cuts a new TrueType subset out of the font file for every document and compresses it
again, which is a large share of writing a short PDF. A subset depends only on the face and on the
characters in it (in order), so the program's next document with the same characters (a reprint,
a corrected draft) reuses the subset bytes and their compressed form. A document with other text
needs new subsets, but mostly of glyphs earlier ones had: each outline is compressed once, on its
own, and copied into every later subset's stream (the files are about 15 % larger than one
compression of the whole subset; a later print of other minutes is about 2 ms faster, measured).
"""

from __future__ import annotations

import functools
import threading
import zlib
from collections import OrderedDict
from typing import Any

from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFontFace

from station_app.documents.reportlab_speedups import install_speedups
from station_app.documents.subset_maker import FRESH, Part, subset_parts

KEPT = 24  # subsets kept per process (a few tens of kilobytes each)
# Glyph outlines compress little better at zlib's default level 6 than at level 1 (4 % smaller for
# the minutes' faces) but take three times as long, which a first print notices.
SUBSET_LEVEL = 1

GLYPHS_KEPT = 20_000  # compressed outlines kept per face (about 150 bytes each)
_ZLIB_HEAD = b"\x78\x01"  # deflate, 32 KB window, the fastest level

_lock = threading.Lock()
_made: OrderedDict[tuple[int, tuple[int, ...]], tuple[Any, bytes, bytes]] = OrderedDict()
# Each outline compressed on its own (a deflate stretch that starts and ends at a full flush, so it
# refers to nothing around it), per face: the next subset with that glyph copies the stretch.
_outlines: dict[int, tuple[Any, dict[int, bytes]]] = {}


class _Packed:
    """A Flate filter that returns the stream already compressed for this very content."""

    pdfname = "FlateDecode"

    def __init__(self, raw: bytes, packed: bytes) -> None:
        self._raw = raw
        self._packed = packed

    def encode(self, text: bytes | str) -> bytes:
        if text is self._raw:
            return self._packed
        data = text.encode("utf8") if isinstance(text, str) else text
        return zlib.compress(data)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


def subset_bytes(face: Any, subset: list[int]) -> tuple[bytes, bytes]:
    """The subset of ``face`` for the character codes ``subset`` and its Flate-compressed form."""
    key = (id(face), tuple(subset))
    with _lock:
        known = _made.get(key)
        if known is not None and known[0] is face:
            _made.move_to_end(key)
            return known[1], known[2]
    if _cut_as_reportlab(face):
        parts = subset_parts(face, subset)
        raw = b"".join(data for data, _ in parts)
        packed = _pack(raw, parts, _outlines_of(face))
    else:
        raw = face.makeSubset(subset)
        packed = zlib.compress(raw, SUBSET_LEVEL)
    with _lock:
        _made[key] = (face, raw, packed)
        while len(_made) > KEPT:
            _made.popitem(last=False)
    return raw, packed


def _outlines_of(face: Any) -> dict[int, bytes]:
    with _lock:
        known = _outlines.get(id(face))
        if known is None or known[0] is not face or len(known[1]) > GLYPHS_KEPT:
            known = _outlines[id(face)] = (face, {})
        return known[1]


def _pack(raw: bytes, parts: list[Part], outlines: dict[int, bytes]) -> bytes:
    """The zlib stream of ``raw`` (the parts joined), with every outline's compressed stretch
    taken from ``outlines`` or made and kept there. Only the small tables are compressed anew for
    a subset whose glyphs earlier documents had: a later print with other text compresses the
    handful of characters it is the first to use (a whole subset took 1 ms)."""
    stream = zlib.compressobj(SUBSET_LEVEL, zlib.DEFLATED, -15)
    out = [_ZLIB_HEAD]
    pending = False  # fresh bytes given to ``stream`` since its last flush
    for data, glyph in parts:
        if glyph == FRESH:
            out.append(stream.compress(data))
            pending = True
            continue
        if pending:
            out.append(stream.flush(zlib.Z_FULL_FLUSH))
            pending = False
        stretch = outlines.get(glyph)
        if stretch is None:
            stretch = stream.compress(data) + stream.flush(zlib.Z_FULL_FLUSH)
            outlines[glyph] = stretch
        out.append(stretch)
    out.append(stream.flush(zlib.Z_FINISH))
    out.append(zlib.adler32(raw).to_bytes(4, "big"))
    return b"".join(out)


def _cut_as_reportlab(face: Any) -> bool:
    """Whether ``face`` cuts its subsets with reportlab's own ``makeSubset`` (which
    :func:`make_subset` does the same as)."""
    own = type(face).makeSubset is TTFontFace.makeSubset
    return own and isinstance(getattr(face, "_ttf_data", None), bytes)


def _add_subset_objects(self: Any, doc: Any, fontname: str, subset: list[int]) -> Any:
    """``TTFontFace.addSubsetObjects`` with the subset taken from :func:`subset_bytes`."""
    raw, packed = subset_bytes(self, subset)
    font_file = pdfdoc.PDFStream()
    font_file.content = raw
    font_file.dictionary["Length1"] = len(raw)
    if doc.compression:
        font_file.filters = [_Packed(raw, packed)]
    font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
    flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    descriptor = pdfdoc.PDFDictionary(
        {
            "Type": "/FontDescriptor",
            "Ascent": self.ascent,
            "CapHeight": self.capHeight,
            "Descent": self.descent,
            "Flags": flags,
            "FontBBox": pdfdoc.PDFArray(self.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": self.italicAngle,
            "StemV": self.stemV,
            "FontFile2": font_file_ref,
            "MissingWidth": self.defaultWidth,
        }
    )
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond the BMP (CJK Ext-B and later, where rare
    names live) written as UTF-16 surrogate pairs, so that copying text out of the PDF works.
    A reprint names the same subsets: their maps are remembered with them."""
    return _cmap_text(fontname, tuple(subset))


@functools.lru_cache(maxsize=KEPT)
def _cmap_text(fontname: str, subset: tuple[int, ...]) -> str:
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{_hex(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _hex(code: int) -> str:
    return f"{code:04X}" if code <= 0xFFFF else chr(code).encode("utf-16-be").hex().upper()


def install_subset_cache() -> None:
    """Make reportlab take embedded subsets from :func:`subset_bytes` (idempotent)."""
    TTFontFace.addSubsetObjects = _add_subset_objects
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    install_speedups()  # every document comes through here; the same PDF text, made faster


install_subset_cache()
