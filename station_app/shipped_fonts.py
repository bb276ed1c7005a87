"""Decompressed copies of the shipped (xz-compressed) faces, kept in the cache folder.

The window shows its text in the shipped WenQuanYi face; decompressing its 5 MB on every start took
about 0.1 s of CPU before the first paint. The copy is made once, named after the source file's
size and time and its own length, written under a temporary name and renamed, so a half-written,
cut or stale copy is never taken. Without a writable cache folder the caller decompresses in
memory as before. No Qt and no reportlab here: both the window and the print code use it.
"""

from __future__ import annotations

import contextlib
import logging
import lzma
import os
import threading
from pathlib import Path

from station_app import paths

log = logging.getLogger(__name__)

FOLDER = "fonts"


def _prefix(source: Path) -> str | None:
    try:
        stat = source.stat()
    except OSError:
        return None
    stem = source.name.removesuffix(".xz")
    return f"{stem}.{stat.st_size}-{stat.st_mtime_ns}-"


def decompressed_copy(source: Path) -> Path | None:
    """A decompressed copy of ``source`` (``*.xz``) in the cache folder, made if missing."""
    prefix = _prefix(source)
    try:
        folder = paths.cache_dir() / FOLDER
        present = list(folder.glob(f"{source.name.removesuffix('.xz')}.*")) if folder.is_dir() else []
    except OSError:
        return None
    if prefix is None:
        return None
    for path in present:
        length = path.name.removeprefix(prefix)
        if path.name.startswith(prefix) and length.isdigit():
            with contextlib.suppress(OSError):
                if path.stat().st_size == int(length):
                    return path
    try:
        data = lzma.decompress(source.read_bytes())
    except (OSError, lzma.LZMAError) as exc:
        log.info("字体文件 %s 无法解压：%s", source, exc)
        return None
    target = folder / f"{prefix}{len(data)}"
    partial = folder / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:  # a read-only or full disk: the copy is only a shortcut
        log.info("字体解压副本未能保存：%s", exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return None
    for stale in present:  # copies of an earlier version of the file
        if stale != target:
            with contextlib.suppress(OSError):
                stale.unlink()
    return target
