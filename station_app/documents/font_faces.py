"""Parsed font faces, kept between runs of the program.

reportlab reads a Chinese face's character tables (cmap, widths, glyph offsets) in pure Python,
which takes a good part of the first document of every new process. Those tables are stored once
per face file in the data folder's cache (keyed by path, size, modification time and the reportlab
version) and put back into a face whose other, small tables are read from the file as usual. Any
doubt about a stored file means the face is simply parsed again.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from station_app import paths

log = logging.getLogger(__name__)

FORMAT = 2
# What extractInfo() reads only when asked for character information, and where it stops reading.
CHARACTER_TABLES = (
    "charToGlyph",
    "glyphToChar",
    "charWidths",
    "hmetrics",
    "defaultWidth",
    "glyphPos",
    "_pos",
)


class _StoredFace(TTFontFace):  # type: ignore[misc]
    """A face whose character tables come from the cache; everything else is read from the file."""

    def __init__(self, filename: str, index: int, tables: dict[str, Any]) -> None:
        self._stored_tables = tables
        super().__init__(filename, validate=0, subfontIndex=index)

    def extractInfo(self, charInfo: int = 1) -> None:
        super().extractInfo(0)
        self.__dict__.update(self._stored_tables)
        del self._stored_tables


def _font_around(name: str, face: TTFontFace) -> TTFont:
    """A TTFont for an already made face: what ``TTFont.__init__`` sets, without reading the file."""
    font: TTFont = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


def _cache_file(path: Path, index: int) -> tuple[Path, list[Any]] | None:
    try:
        real = path.resolve()
        stat = real.stat()
        folder = paths.cache_dir() / "fonts"
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    stamp = [FORMAT, REPORTLAB_VERSION, str(real), index, stat.st_size, stat.st_mtime_ns]
    name = hashlib.blake2b(repr(stamp).encode("utf-8"), digest_size=10).hexdigest()
    return folder / f"{name}.face", stamp


def _read(file: Path, stamp: list[Any]) -> dict[str, Any] | None:
    try:
        stored = marshal.loads(file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("stamp") != stamp:
        return None
    tables = stored.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(CHARACTER_TABLES):
        return None
    return tables


def _write(file: Path, stamp: list[Any], face: TTFontFace) -> None:
    tables = {key: getattr(face, key) for key in CHARACTER_TABLES}
    partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        partial.write_bytes(marshal.dumps({"stamp": stamp, "tables": tables}))
        os.replace(partial, file)
    except (OSError, ValueError) as exc:  # a full or read-only disk: the cache is only a shortcut
        log.info("字体缓存未能保存：%s", exc)
        partial.unlink(missing_ok=True)


def load_face(name: str, path: Path, index: int) -> TTFont:
    """The face as ``TTFont(name, path, subfontIndex=index)`` makes it, from the cache when possible.

    Raises what reportlab raises for a file it cannot read.
    """
    cache = _cache_file(path, index)
    if cache is not None:
        tables = _read(*cache)
        if tables is not None:
            try:
                return _font_around(name, _StoredFace(str(path), index, tables))
            except Exception as exc:  # the file changed in a way the stamp missed: parse it
                log.info("字体缓存无效（%s#%d）：%s", path, index, exc)
    font = TTFont(name, str(path), subfontIndex=index)
    if cache is not None:
        _write(*cache, font.face)
    return font
