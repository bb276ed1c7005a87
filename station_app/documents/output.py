"""Writing a PDF so that the target holds either the old file or the whole new one, never a part."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from station_app.errors import DeviceGoneError, DiskFullError, ReadOnlyError
from station_app.output_guard import check_output_file

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


def write_file_atomically(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` via a fresh temporary file (flush, fsync, rename); return ``path``.

    The target is checked first (never the program's own files, never a device or a pipe), and the
    temporary file is created exclusively, so an existing name or a link planted beside the target
    is never written through.
    """
    path = check_output_file(Path(path))
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise known_error(exc, path.parent) from exc
    _fsync_dir(path.parent)
    return path


def write_pdf_atomically(pdf: bytes, path: Path) -> Path:
    """Write a PDF (see :func:`write_file_atomically`)."""
    return write_file_atomically(pdf, path)
