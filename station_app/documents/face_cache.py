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
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, BinaryIO
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from station_app import paths
from station_app.documents import face_codec
from station_app.documents.font_files import FontFile, face_bytes

__all__ = ["FACES_DIR", "CachedFace", "load_face", "ttfont"]

log = logging.getLogger(__name__)

FACES_DIR = "faces"
FORMAT = 1
MAGIC = b"SAFACE01"
_HEAD = struct.Struct("<8sII")  # magic, CRC-32 of everything after it, length of the JSON header

# The big attributes of a parsed face and their shapes. The first two are needed for every line
# measured; the others only to cut a subset (or to shape), so they are decoded on first use.
_EAGER = {"charToGlyph": "map", "charWidths": "map"}
_LAZY = {"glyphToChar": "multimap", "hmetrics": "pairs", "glyphPos": "list"}

_lock = threading.Lock()


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


def encode(face: TTFontFace, *, embed: bool) -> tuple[bytes, bytes]:
    """The JSON header and the binary body of ``face``'s cache entry (without its stamp)."""
    state = dict(vars(face))
    state.pop("_pending", None)
    font = state.pop("_ttf_data")
    state.pop("_pdfScale", None)  # a function of unitsPerEm, made again on reading
    body = bytearray()
    bulk: dict[str, list[Any]] = {}
    for name, shape in {**_EAGER, **_LAZY}.items():
        bulk[name] = [
            shape,
            [face_codec.pack(column, body) for column in face_codec.columns(shape, state.pop(name))],
        ]
    font_entry: dict[str, Any] = {"length": len(font), "embedded": embed}
    if embed:
        font_entry["offset"] = len(body)
        body += font
    attrs = {k: face_codec.tag(v) for k, v in state.items()}
    return json.dumps({"attrs": attrs, "bulk": bulk, "font": font_entry}).encode(), bytes(body)


def _write(target: Path, stamp: dict[str, Any], face: TTFontFace, *, embed: bool) -> None:
    try:
        header, body = encode(face, embed=embed)
    except (face_codec.Uncacheable, KeyError) as exc:
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
    face.__dict__.update({k: face_codec.untag(v) for k, v in header["attrs"].items()})
    pending: dict[str, Callable[[], Any]] = {}
    for name, (shape, parts) in header["bulk"].items():
        if name not in _EAGER and name not in _LAZY:
            raise ValueError(f"unknown table {name}")
        pending[name] = face_codec.decoder(shape, parts, body)
    for name in _EAGER:
        setattr(face, name, pending.pop(name)())
    face._ttf_data = ttf
    face._pdfScale = _scale(face.unitsPerEm)
    face._pending = pending
    return face
