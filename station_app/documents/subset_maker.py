"""A TrueType subset cut as reportlab's ``TTFontFace.makeSubset`` cuts it, byte for byte, faster.

Every document whose characters differ from the last ones needs new subsets (three or four for the
minutes), and reportlab's pure-Python cut copied the face's whole outline table (megabytes) for
each, read every glyph through its file-reader calls and summed the finished file twice for its
checksum. Here the outlines are sliced from a view of the face's bytes, the tables are read
directly, and the file's checksum is the sum of its tables' sums (a TrueType checksum is a sum of
32-bit words, and every table starts on a 4-byte boundary, padded with zeros).
``tests/documents/test_subset_maker.py`` compares the two on generated subsets of every shipped face.
"""

from __future__ import annotations

import contextlib
import struct
import sys
from array import array
from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import add32
from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
)

_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # tables taken over as they are
_ZEROS = (b"", b"\0", b"\0\0", b"\0\0\0")
FRESH = -1  # a part made for this subset alone
Part = tuple[bytes, int]  # bytes of the file and the glyph they outline, or FRESH
_SHORT = struct.Struct(">h")
_TWO_USHORTS = struct.Struct(">HH")


def _set_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + struct.pack(">H", value) + data[offset + 2 :]


def _component_skip(flags: int) -> int:
    """Bytes after a component's flags and glyph index: its arguments and its transform."""
    skip = 4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2
    if flags & GF_WE_HAVE_A_SCALE:
        skip += 2
    elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
        skip += 4
    elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
        skip += 8
    return skip


def _glyph_map(face: Any, subset: Sequence[int]) -> tuple[list[int], dict[int, int], list[int]]:
    """New → old glyph numbers (the components of composite glyphs added), old → new, and the new
    glyph of each code."""
    char_to_glyph = face.charToGlyph
    glyph_map = [0]
    glyph_set = {0: 0}
    new_of_code: list[int] = []
    for code in subset:
        old = char_to_glyph.get(code, 0)
        if old not in glyph_set:
            glyph_set[old] = len(glyph_map)
            glyph_map.append(old)
        new_of_code.append(glyph_set[old])
    data = face._ttf_data
    start = face.get_table_pos("glyf")[0]
    positions = face.glyphPos
    n = 0
    while n < len(glyph_map):
        old = glyph_map[n]
        n += 1
        at = positions[old]
        if not positions[old + 1] - at:
            continue
        at += start
        if _SHORT.unpack(data[at : at + 2])[0] >= 0:
            continue  # a simple glyph
        at += 10
        flags = GF_MORE_COMPONENTS
        while flags & GF_MORE_COMPONENTS:
            flags, component = _TWO_USHORTS.unpack(data[at : at + 4])
            if component not in glyph_set:
                glyph_set[component] = len(glyph_map)
                glyph_map.append(component)
            at += 4 + _component_skip(flags)
    return glyph_map, glyph_set, new_of_code


def _hmtx(face: Any, glyph_map: list[int]) -> tuple[bytes, int]:
    metrics = face.hmetrics
    hmtx: list[int] = []
    for old in glyph_map:
        advance, bearing = metrics[old]
        hmtx.append(int(advance))
        hmtx.append(int(bearing))
    # The trailing run of equal advances is written once (numberOfHMetrics).
    n = len(hmtx) - 2
    while n and hmtx[n] == hmtx[n - 2]:
        n -= 2
    n += 2
    hmtx = hmtx[:n] + hmtx[n + 1 :: 2]
    return struct.pack(f">{len(hmtx)}H", *hmtx), n >> 1


def _glyf(face: Any, glyph_map: list[int], glyph_set: dict[int, int]) -> tuple[list[Part], list[int]]:
    """The outlines of the subset, each padded to 4 bytes, and their offsets. A simple glyph's part
    names its glyph (the same bytes in every subset); a composite's is renumbered for this one."""
    start, length = face.get_table_pos("glyf")
    table = memoryview(face._ttf_data)[start : start + length]
    positions = face.glyphPos
    parts: list[Part] = []
    offsets: list[int] = []
    pos = 0
    for old in glyph_map:
        offsets.append(pos)
        at = positions[old]
        size = positions[old + 1] - at
        data: Any = table[at : at + size]
        glyph = old
        if size > 2 and _SHORT.unpack(data[:2])[0] < 0:  # composite: renumber its components
            glyph = FRESH
            data = bytes(data)
            inside = 10
            flags = GF_MORE_COMPONENTS
            while flags & GF_MORE_COMPONENTS:
                flags, component = _TWO_USHORTS.unpack(data[inside : inside + 4])
                data = _set_ushort(data, inside + 2, glyph_set[component])
                inside += 4 + _component_skip(flags)
        padding = -size % 4
        parts.append((bytes(data) + _ZEROS[padding], glyph))
        pos += size + padding
    offsets.append(pos)
    return parts, offsets


def make_subset(face: Any, subset: Sequence[int]) -> bytes:
    """The TrueType file of ``face`` holding the glyphs of the character codes ``subset``."""
    return b"".join(data for data, _ in subset_parts(face, subset))


def subset_parts(face: Any, subset: Sequence[int]) -> list[Part]:
    """The file of :func:`make_subset` in order, as parts: each simple glyph's outline is a part
    named by its glyph number (see ``font_subsets``, which compresses such a part once)."""
    glyph_map, glyph_set, new_of_code = _glyph_map(face, subset)
    tables: dict[str, bytes] = {}
    for tag in _COPIED:
        with contextlib.suppress(KeyError):  # cvt, fpgm and prep are optional
            tables[tag] = face.get_table(tag)
    tables["post"] = b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16
    tables["hmtx"], long_metrics = _hmtx(face, glyph_map)
    tables["hhea"] = _set_ushort(face.get_table("hhea"), 34, long_metrics)
    tables["maxp"] = _set_ushort(face.get_table("maxp"), 4, len(glyph_map))
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset), *new_of_code]
    tables["cmap"] = struct.pack(f">{len(cmap)}H", *cmap)
    glyphs, offsets = _glyf(face, glyph_map, glyph_set)
    tables["glyf"] = b"".join(data for data, _ in glyphs)
    pos = offsets[-1]
    long_offsets = (pos + 1) >> 1 > 0xFFFF
    if long_offsets:
        tables["loca"] = struct.pack(f">{len(offsets)}L", *offsets)
    else:
        tables["loca"] = struct.pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
    head = _set_ushort(face.get_table("head"), 50, 1 if long_offsets else 0)
    tables["head"] = head[:8] + b"\0\0\0\0" + head[12:]  # checksumAdjustment, set below
    return _file(tables, glyphs)


def checksum(data: bytes) -> int:
    """reportlab's ``calcChecksum`` (the sum of the big-endian 32-bit words, modulo 2**32), summed
    from an array of machine words rather than a tuple of unpacked numbers: half the time."""
    if len(data) & 3:
        data += b"\0" * (4 - (len(data) & 3))
    words = array("I")
    if words.itemsize != 4:  # (a platform whose unsigned int is not 32 bits)
        return int(sum(struct.unpack(f">{len(data) >> 2}L", data))) & 0xFFFFFFFF
    words.frombytes(data)
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _file(tables: dict[str, bytes], glyphs: list[Part]) -> list[Part]:
    """``TTFontMaker.makeStream``: the directory, the tables in tag order (the outlines as their
    parts), the head's adjustment."""
    count = len(tables)
    search_range, entry_selector = 1, 0
    while search_range * 2 <= count:
        search_range *= 2
        entry_selector += 1
    search_range *= 16
    shift = count * 16 - search_range
    header = [struct.pack(">lHHHH", 0x00010000, count, search_range, entry_selector, shift)]
    body: list[Part] = []
    offset = 12 + count * 16
    total = 0
    head_at = -1
    for tag, data in sorted(tables.items()):
        table_sum = checksum(data)
        total += table_sum
        header.append(tag.encode("latin1") + struct.pack(">LLL", table_sum, offset, len(data)))
        padded = (len(data) + 3) & ~3
        if tag == "glyf":
            body.extend(glyphs)  # each already padded to 4 bytes
        else:
            if tag == "head":
                head_at = len(body)
            body.append((data + _ZEROS[padded - len(data)], FRESH))
        offset += padded
    directory = b"".join(header)
    total += checksum(directory)
    adjustment = add32(0xB1B0AFBA, -(total & 0xFFFFFFFF))
    head = body[head_at][0]
    body[head_at] = (head[:8] + struct.pack(">L", adjustment) + head[12:], FRESH)
    return [(directory, FRESH), *body]
