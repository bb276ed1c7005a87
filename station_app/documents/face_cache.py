"""Parsed font faces kept in the cache folder, so that a new process need not decompress or parse them.

Decompressing a shipped face (xz) and parsing it with reportlab's ``TTFontFace`` took most of a
first print (about 0.3 s and 0.25 s for the minutes' five faces). What the parse yields is stored
once per face in ``cache/faces/`` of the data folder: the face's plain attributes as JSON, its big
tables (character → glyph, widths, metrics, glyph offsets) as arrays, and for a shipped face its
decompressed bytes. A stored face is used only when its stamp matches (the source file's path,
size and time, this format, reportlab's version) and its checksum holds; otherwise the face is
parsed again and stored afresh. A cache that cannot be read or written costs the parse, no more.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import struct
import sys
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, BinaryIO, overload
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from station_app import paths
from station_app.documents.font_files import FontFile, face_bytes

__all__ = ["FACES_DIR", "CachedFace", "load_face", "ttfont"]

log = logging.getLogger(__name__)

FACES_DIR = "faces"
FORMAT = 1
MAGIC = b"SAFACE01"
_HEAD = struct.Struct("<8sII")  # magic, CRC-32 of everything after it, length of the JSON header
_INT32 = (-(2**31), 2**31 - 1)

# The big attributes of a parsed face and their shapes. The first two are needed for every line
# measured; the others only to cut a subset (or to shape), so they are decoded on first use.
_EAGER = {"charToGlyph": "map", "charWidths": "map"}
_LAZY = {"glyphToChar": "multimap", "hmetrics": "pairs", "glyphPos": "list"}

_lock = threading.Lock()


class Uncacheable(ValueError):
    """The parsed face holds something this format does not store (a newer reportlab?)."""


class CachedFace(TTFontFace):  # type: ignore[misc]
    """A face made from the cache; its subsetting tables are decoded when first asked for."""

    _pending: dict[str, Callable[[], Any]]

    def __getattr__(self, name: str) -> Any:
        pending = self.__dict__.get("_pending")
        if pending is not None:
            with _lock:
                if name in self.__dict__:  # another thread decoded it meanwhile
                    return self.__dict__[name]
                if name in pending:
                    value = pending.pop(name)()
                    setattr(self, name, value)
                    return value
        raise AttributeError(name)


def ttfont(name: str, face: TTFontFace) -> TTFont:
    """A reportlab ``TTFont`` named ``name`` around an already parsed ``face``.

    It sets what ``TTFont.__init__`` sets, without parsing the file again (a test compares the two).
    """
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


def parse_face(file: FontFile) -> TTFontFace:
    """Parse the face with reportlab (the shipped faces are stored xz-compressed)."""
    source: str | io.BytesIO = str(file.path)
    if file.path.suffix.lower() == ".xz":
        source = io.BytesIO(face_bytes(file.path))
    return TTFontFace(source, subfontIndex=file.index)


def load_face(file: FontFile) -> TTFontFace:
    """The parsed face: from the cache when it holds this very file, else parsed (and then stored)."""
    stamp = _stamp(file)
    target = _cache_file(file)
    if stamp is not None and target is not None:
        cached = _read(target, stamp, file)
        if cached is not None:
            return cached
    face = parse_face(file)
    if stamp is not None and target is not None:
        _write(target, stamp, face, embed=file.path.suffix.lower() == ".xz")
    return face


# --- where and under which stamp --------------------------------------------------------------


def _stamp(file: FontFile) -> dict[str, Any] | None:
    try:
        real = file.path.resolve()
        stat = real.stat()
    except OSError:
        return None
    return {
        "path": str(real),
        "index": file.index,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "format": FORMAT,
        "reportlab": reportlab.Version,
        "byteorder": sys.byteorder,
    }


def _cache_file(file: FontFile) -> Path | None:
    """One file per face (a changed font replaces its entry rather than adding one)."""
    try:
        folder = paths.cache_dir() / FACES_DIR
        real = file.path.resolve()
    except OSError:
        return None
    name = hashlib.blake2b(f"{real}#{file.index}".encode(), digest_size=12).hexdigest()
    return folder / f"{name}.face"


# --- writing ----------------------------------------------------------------------------------


def _tag(value: Any) -> Any:
    """A JSON form of a plain attribute value that :func:`_untag` turns back into the same type."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, TTFNameBytes):
        return {"$name": [bytes(value).hex(), value.ustr]}
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, tuple):
        return {"$tuple": [_tag(v) for v in value]}
    if isinstance(value, list):
        return [_tag(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$dict": {k: _tag(v) for k, v in value.items()}}
    raise Uncacheable(f"unexpected {type(value).__name__}")


def _untag(value: Any) -> Any:
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((kind, inner),) = value.items()
    if kind == "$name":
        return _name(inner)
    if kind == "$bytes":
        return bytes.fromhex(inner)
    if kind == "$tuple":
        return tuple(_untag(v) for v in inner)
    if kind == "$dict":
        return {k: _untag(v) for k, v in inner.items()}
    raise ValueError(f"unknown tag {kind}")


def _name(inner: list[str]) -> TTFNameBytes:
    name = TTFNameBytes(bytes.fromhex(inner[0]))
    name.ustr = inner[1]
    return name


def _numbers(values: Iterable[Any]) -> array[Any]:
    """An array of the values; ints and floats mixed (reportlab's metrics do that) are kept as
    floats with a per-item flag column, see :func:`_pack`."""
    items = list(values)
    kinds = {type(v) for v in items}
    if kinds <= {int}:
        fits = all(_INT32[0] <= v <= _INT32[1] for v in items)
        return array("i" if fits else "q", items)
    if kinds <= {int, float}:
        return array("d", items)
    raise Uncacheable("not numbers")


def _pack(values: Iterable[Any], body: bytearray) -> list[Any]:
    """Append the values to ``body``; returns [typecode, offset, count] (plus the offset of the
    float flags when ints and floats are mixed)."""
    items = list(values)
    column = _numbers(items)
    entry: list[Any] = [column.typecode, len(body), len(column)]
    body += column.tobytes()
    if column.typecode == "d" and any(type(v) is int for v in items):
        entry.append(len(body))
        body += bytes(type(v) is float for v in items)
    return entry


def _unpack(entry: list[Any], body: memoryview) -> tuple[array[Any], bytes | None]:
    """The column stored by :func:`_pack`, and its float flags when ints and floats were mixed."""
    typecode, offset, count, *flags = entry
    column = array(typecode)
    end = offset + count * column.itemsize
    if end > len(body) or (flags and flags[0] + count > len(body)):
        raise ValueError("truncated")
    column.frombytes(body[offset:end])
    return column, bytes(body[flags[0] : flags[0] + count]) if flags else None


def _values(column: array[Any], floats: bytes | None) -> list[Any]:
    values = column.tolist()
    if floats is None:
        return values
    return [v if f else int(v) for v, f in zip(values, floats, strict=True)]


class _Pairs(Sequence[tuple[Any, Any]]):
    """``hmetrics`` (advance, side bearing per glyph) read from two arrays, pair by pair: a subset
    needs a few dozen of the tens of thousands, so the list of tuples is never built."""

    def __init__(self, first: tuple[array[Any], bytes | None], second: tuple[array[Any], bytes | None]):
        self._columns = (first, second)

    def __len__(self) -> int:
        return len(self._columns[0][0])

    @overload
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, Any]]: ...
    def __getitem__(self, index: int | slice) -> tuple[Any, Any] | list[tuple[Any, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return (self._item(0, index), self._item(1, index))

    def _item(self, which: int, index: int) -> Any:
        column, floats = self._columns[which]
        value = column[index]
        return value if floats is None or floats[index] else int(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def _columns(shape: str, value: Any) -> list[Iterable[Any]]:
    if shape == "map" and isinstance(value, dict):
        return [value.keys(), value.values()]
    if shape == "multimap" and isinstance(value, dict):
        if not all(isinstance(v, list) for v in value.values()):
            raise Uncacheable("multimap values")
        flat = [c for chars in value.values() for c in chars]
        return [value.keys(), [len(v) for v in value.values()], flat]
    if shape == "pairs" and isinstance(value, (list, _Pairs)):
        if not all(isinstance(v, tuple) and len(v) == 2 for v in value):
            raise Uncacheable("pairs")
        return [[a for a, _ in value], [b for _, b in value]]
    if shape == "list" and isinstance(value, (list, array)):
        return [value]
    raise Uncacheable(f"{shape}: {type(value).__name__}")


def encode(face: TTFontFace, *, embed: bool) -> tuple[bytes, bytes]:
    """The JSON header and the binary body of ``face``'s cache entry (without its stamp)."""
    state = dict(vars(face))
    state.pop("_pending", None)
    font = state.pop("_ttf_data")
    state.pop("_pdfScale", None)  # a function of unitsPerEm, made again on reading
    body = bytearray()
    bulk: dict[str, list[Any]] = {}
    for name, shape in {**_EAGER, **_LAZY}.items():
        bulk[name] = [shape, [_pack(column, body) for column in _columns(shape, state.pop(name))]]
    font_entry: dict[str, Any] = {"length": len(font), "embedded": embed}
    if embed:
        font_entry["offset"] = len(body)
        body += font
    attrs = {k: _tag(v) for k, v in state.items()}
    return json.dumps({"attrs": attrs, "bulk": bulk, "font": font_entry}).encode(), bytes(body)


def _write(target: Path, stamp: dict[str, Any], face: TTFontFace, *, embed: bool) -> None:
    try:
        header, body = encode(face, embed=embed)
    except (Uncacheable, KeyError) as exc:
        log.info("字体 %s 无法缓存：%s", stamp["path"], exc)
        return
    header = json.dumps({"stamp": stamp}).encode() + b"\n" + header
    rest = header + body
    data = _HEAD.pack(MAGIC, zlib.crc32(rest), len(header)) + rest
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:  # read-only or full disk: the cache is only a shortcut
        log.info("字体缓存未能保存：%s", exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


# --- reading ----------------------------------------------------------------------------------


def _scale(units_per_em: int) -> Callable[[float], float]:
    """reportlab's font-unit → 1/1000 em scale, as ``extractInfo`` makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _decoder(shape: str, parts: list[list[Any]], body: memoryview) -> Callable[[], Any]:
    def decode() -> Any:
        columns = [_unpack(part, body) for part in parts]
        if shape == "map":
            return dict(zip(_values(*columns[0]), _values(*columns[1]), strict=True))
        if shape == "pairs":
            return _Pairs(columns[0], columns[1])
        if shape == "list":  # glyph offsets: indexed only, the array serves as it is
            column, floats = columns[0]
            return column if floats is None else _values(column, floats)
        keys, counts, flat = (_values(*c) for c in columns)
        out: dict[int, list[int]] = {}
        at = 0
        for key, count in zip(keys, counts, strict=True):
            out[key] = flat[at : at + count]
            at += count
        return out

    return decode


def _read(target: Path, stamp: dict[str, Any], file: FontFile) -> CachedFace | None:
    try:
        with target.open("rb") as handle:
            return _decode(handle, stamp, file)
    except FileNotFoundError:
        return None  # not made yet
    except (OSError, ValueError, KeyError, TypeError, IndexError, struct.error) as exc:
        log.info("字体缓存 %s 不可用，重新读取字体：%s", target.name, exc)
        return None


def _exactly(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("truncated")
    return data


def _decode(handle: BinaryIO, stamp: dict[str, Any], file: FontFile) -> CachedFace | None:
    # Read in parts, so that the font's megabytes are read once and never copied.
    magic, crc, header_length = _HEAD.unpack(_exactly(handle, _HEAD.size))
    if magic != MAGIC:
        raise ValueError("not a face cache file")
    head = _exactly(handle, header_length)
    stamp_line, _, rest = head.partition(b"\n")
    if json.loads(stamp_line).get("stamp") != stamp:
        return None  # another version of the file (or of the program): parse it again
    header = json.loads(rest)
    font = header["font"]
    if font["embedded"]:
        tables = _exactly(handle, font["offset"])
        ttf = _exactly(handle, font["length"])
        if handle.read(1):
            raise ValueError("trailing bytes")
    else:
        tables, ttf = handle.read(), b""
    if zlib.crc32(ttf, zlib.crc32(tables, zlib.crc32(head))) != crc:
        raise ValueError("damaged")
    if not font["embedded"]:
        ttf = file.path.read_bytes()
    if len(ttf) != font["length"]:
        raise ValueError("font bytes of another length")
    body = memoryview(tables)
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update({k: _untag(v) for k, v in header["attrs"].items()})
    pending: dict[str, Callable[[], Any]] = {}
    for name, (shape, parts) in header["bulk"].items():
        if name not in _EAGER and name not in _LAZY:
            raise ValueError(f"unknown table {name}")
        pending[name] = _decoder(shape, parts, body)
    for name in _EAGER:
        setattr(face, name, pending.pop(name)())
    face._ttf_data = ttf
    face._pdfScale = _scale(face.unitsPerEm)
    face._pending = pending
    return face
