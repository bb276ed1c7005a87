"""Font faces on disk: copies found without parsing, and what each face draws, remembered.

Parsing a Chinese face takes a large part of a second. A face is therefore parsed only when a
document really draws with it; whether it *has* a character is answered from a small cache in the
data folder (keyed by the file's path, size and modification time), so a new process need not
parse the fallback fonts just to learn that the first font already has every character.
"""

from __future__ import annotations

import hashlib
import json
import logging
import lzma
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app import paths

log = logging.getLogger(__name__)

CACHE_FILE = "font-coverage.json"
CACHE_VERSION = 1


@dataclass(frozen=True)
class FontFile:
    """A candidate font face on disk; ``family`` is what the system calls it (lower case)."""

    path: Path
    index: int
    family: str


def face_bytes(path: Path) -> bytes:
    """The font file's bytes; the shipped faces are stored xz-compressed (``.xz``)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".xz":
        try:
            return lzma.decompress(data)
        except lzma.LZMAError as exc:
            raise OSError(f"字体文件已损坏：{path}") from exc
    return data


def _digest(path: Path) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def distinct_faces(
    candidates: Iterable[FontFile], digest_of: Callable[[Path], str] = _digest
) -> list[FontFile]:
    """The candidates in order, without a face whose file is a copy of an earlier one's.

    The shipped WenQuanYi is often installed on the system too. Only files of equal size are
    read to compare them, so the usual case costs one ``stat`` per file.
    """
    seen_faces: set[tuple[str, int]] = set()
    by_size: dict[int, list[Path]] = {}
    digests: dict[Path, str] = {}

    def digest(path: Path) -> str:
        if path not in digests:
            digests[path] = digest_of(path)
        return digests[path]

    canonical: dict[Path, Path] = {}
    result: list[FontFile] = []
    for candidate in candidates:
        try:
            real = candidate.path.resolve()
            size = real.stat().st_size
        except OSError:
            result.append(candidate)  # a missing file fails later, with its own message
            continue
        if real not in canonical:
            canonical[real] = real
            for other in by_size.get(size, []):
                try:
                    same = digest(other) == digest(real)
                except OSError:
                    same = False
                if same:
                    canonical[real] = other
                    break
            by_size.setdefault(size, []).append(real)
        key = (str(canonical[real]), candidate.index)
        if key in seen_faces:
            log.debug("字体 %s#%d 与已有字体相同，跳过", candidate.path, candidate.index)
            continue
        seen_faces.add(key)
        result.append(candidate)
    return result


def _ranges(glyphs: Iterable[int]) -> list[int]:
    """Sorted code points as flat [start, end, start, end, …] (inclusive)."""
    flat: list[int] = []
    for cp in sorted(glyphs):
        if flat and flat[-1] == cp - 1:
            flat[-1] = cp
        else:
            flat += [cp, cp]
    return flat


def _from_ranges(flat: list[int]) -> frozenset[int]:
    glyphs: set[int] = set()
    for start, end in zip(flat[::2], flat[1::2], strict=True):
        glyphs.update(range(start, end + 1))
    return frozenset(glyphs)


class CoverageCache:
    """Which characters each face draws, kept in ``cache/font-coverage.json`` of the data folder."""

    def __init__(self) -> None:
        self._entries: dict[str, Any] | None = None
        self._lock = threading.Lock()

    @staticmethod
    def _file() -> Path | None:
        try:
            return paths.cache_dir() / CACHE_FILE
        except OSError:
            return None

    @staticmethod
    def _key(face: FontFile) -> tuple[str, list[int]] | None:
        try:
            real = face.path.resolve()
            stat = real.stat()
        except OSError:
            return None
        return f"{real}#{face.index}", [stat.st_size, stat.st_mtime_ns]

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = {}
            file = self._file()
            try:
                if file is not None and file.is_file():
                    stored = json.loads(file.read_text("utf-8"))
                    if isinstance(stored, dict) and stored.get("version") == CACHE_VERSION:
                        self._entries = dict(stored.get("faces", {}))
            except (OSError, ValueError) as exc:
                log.info("字体缓存不可用，将重新读取字体：%s", exc)
        return self._entries

    def get(self, face: FontFile) -> frozenset[int] | None:
        key = self._key(face)
        if key is None:
            return None
        with self._lock:
            entry = self._load().get(key[0])
        if not isinstance(entry, dict) or entry.get("stamp") != key[1]:
            return None
        try:
            return _from_ranges(list(entry["ranges"]))
        except (KeyError, TypeError, ValueError):
            return None

    def digest(self, path: Path) -> str:
        """The file's content digest, remembered while the file keeps its size and time."""
        key = self._key(FontFile(path, -1, ""))
        if key is not None:
            with self._lock:
                entry = self._load().get(key[0])
            if (
                isinstance(entry, dict)
                and entry.get("stamp") == key[1]
                and isinstance(entry.get("digest"), str)
            ):
                return str(entry["digest"])
        digest = _digest(path)
        if key is not None:
            self._store(key, {"digest": digest})
        return digest

    def put(self, face: FontFile, glyphs: frozenset[int]) -> None:
        key = self._key(face)
        if key is not None:
            self._store(key, {"ranges": _ranges(glyphs)})

    def _store(self, key: tuple[str, list[int]], value: dict[str, Any]) -> None:
        file = self._file()
        if file is None:
            return
        with self._lock:
            entries = self._load()
            entries[key[0]] = {"stamp": key[1], **value}
            text = json.dumps({"version": CACHE_VERSION, "faces": entries}, separators=(",", ":"))
            partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
            try:
                partial.write_text(text, "utf-8")
                os.replace(partial, file)
            except OSError as exc:  # a read-only or full disk: the cache is only a shortcut
                log.info("字体缓存未能保存：%s", exc)
                partial.unlink(missing_ok=True)
