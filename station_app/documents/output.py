"""Writing a PDF so that the target holds either the old file or the whole new one, never a part."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from station_app.errors import DeviceGoneError, DiskFullError, ReadOnlyError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
# A USB stick pulled out mid-write shows up as a vanished path or an I/O error.
_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO}


def known_error(exc: OSError, where: Path) -> Exception:
    """The clerk-facing error for ``exc``, or ``exc`` itself when it is not a known failure."""
    place = str(where)
    if exc.errno in _DISK_FULL:
        return DiskFullError(place)
    if exc.errno in _READ_ONLY:
        return ReadOnlyError(place)
    if exc.errno in _GONE:
        return DeviceGoneError(place)
    return exc


def temp_path(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_pdf_atomically(pdf: bytes, path: Path) -> Path:
    """Write ``pdf`` to ``path`` via ``path.tmp`` (flush, fsync, rename) and return ``path``."""
    path = Path(path)
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
        try:
            view = memoryview(pdf)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise known_error(exc, path.parent) from exc
    _fsync_dir(path.parent)
    return path
