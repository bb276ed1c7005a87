"""Writing a package onto a USB stick so that a file with the final name is always a good one.

The file is written under ``<name>.part``, fsynced, renamed, then read back and checked.
On any failure or cancel the partial file (and an unverified final file) is removed.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import DeviceGoneError, DiskFullError, InputError, KnownError
from station_app.output_guard import check_output_folder
from station_app.sync.errors import VerifyFailedError, error_for_os
from station_app.sync.package import FILE_SUFFIX, verify_package_bytes

CHUNK = 1024 * 1024
SAFETY_MARGIN = 4 * 1024 * 1024  # FAT directory entries and the .part file's slack
PART_SUFFIX = ".part"
MSG_WRITING = "正在写入U盘……"
MSG_VERIFYING = "正在校验写入的文件……"
MSG_DONE = "已安全写入，可以拔出U盘"


@dataclass(frozen=True)
class DriveInfo:
    path: Path
    label: str
    free_bytes: int
    total_bytes: int


def free_space(path: Path) -> int:
    try:
        return shutil.disk_usage(path).free
    except OSError as exc:
        raise error_for_os(exc, path) from exc


def check_target(folder: Path, needed_bytes: int, *, margin: int = SAFETY_MARGIN) -> None:
    """Precondition before a write: the folder exists, takes a new file, and has room."""
    check_output_folder(folder)
    if not folder.is_dir():
        raise DeviceGoneError(str(folder))
    clear_leftovers(folder)
    probe = folder / f"{PROBE_PREFIX}{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        os.remove(probe)
    except OSError as exc:
        _remove_quietly(probe)
        raise error_for_os(exc, folder) from exc
    if free_space(folder) < needed_bytes + margin:
        raise DiskFullError(str(folder))


PROBE_PREFIX = ".station-app-probe-"


def clear_leftovers(folder: Path) -> None:
    """Remove what a write cut short by a crash or power loss left behind (probes, .part files)."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            name = path.name
            probe = name.startswith(PROBE_PREFIX) and name.endswith(".tmp")
            if probe or name.endswith(FILE_SUFFIX + PART_SUFFIX):
                _remove_quietly(path)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # the stick may be gone; nothing more can be done
        path.unlink(missing_ok=True)


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable; Windows has no directory handles for this, FAT may refuse."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def _drop_cache(fd: int) -> None:
    """Ask the kernel to forget the cached pages, so the read-back comes from the stick itself."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _check_name(name: str) -> None:
    if not name or name in (".", "..") or any(ch in name for ch in '/\\:*?"<>|\x00'):
        raise InputError(f"文件名不合适：{name}")


def write_verified(folder: Path, name: str, data: bytes, cancel: CancelToken | None = None) -> Job[Path]:
    """Write ``data`` as ``folder/name``, read it back and verify; returns the final path."""
    _check_name(name)
    check_target(folder, len(data))
    part = folder / (name + PART_SUFFIX)
    final = folder / name
    expected = hashlib.sha256(data).hexdigest()
    total = 2 * len(data) if data else 2
    view = memoryview(data)
    renamed = False
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            for start in range(0, len(data), CHUNK):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                _write_all(fd, view[start : start + CHUNK])
                yield Progress(min(start + CHUNK, len(data)), total, MSG_WRITING)
            os.fsync(fd)
            _drop_cache(fd)
        finally:
            os.close(fd)
        if cancel is not None:
            cancel.raise_if_cancelled()
        os.replace(part, final)
        renamed = True
        _fsync_directory(folder)

        digest = hashlib.sha256()
        back: list[bytes] = []
        read = 0
        for chunk in _read_file_chunks(final):
            if cancel is not None:
                cancel.raise_if_cancelled()
            digest.update(chunk)
            back.append(chunk)
            read += len(chunk)
            yield Progress(len(data) + min(read, len(data)), total, MSG_VERIFYING)
        if digest.hexdigest() != expected:
            raise VerifyFailedError(str(final))
        try:
            verify_package_bytes(b"".join(back))
        except KnownError as exc:
            raise VerifyFailedError(str(final)) from exc
    except OSError as exc:
        _cleanup(part, final if renamed else None)
        raise error_for_os(exc, folder) from exc
    except BaseException:
        # Cancel, a failed check, or the consumer closing the generator: leave nothing behind.
        _cleanup(part, final if renamed else None)
        raise
    yield Progress(total, total, MSG_DONE)
    return final


def _cleanup(part: Path, final: Path | None) -> None:
    _remove_quietly(part)
    if final is not None:
        _remove_quietly(final)


# --- finding sticks without Qt (the command line; the window uses QStorageInfo) --------------


def _drive_info(path: Path, label: str) -> DriveInfo | None:
    try:
        usage = shutil.disk_usage(path)
    except OSError:
        return None
    return DriveInfo(path=path, label=label, free_bytes=usage.free, total_bytes=usage.total)


def _linux_candidates() -> list[Path]:
    patterns = ("/media/*/*", "/media/*", "/run/media/*/*", "/mnt/*")
    seen: list[Path] = []
    for pattern in patterns:
        for found in sorted(glob.glob(pattern)):
            path = Path(found)
            if path not in seen and os.path.ismount(path):
                seen.append(path)
    return seen


def list_candidate_drives() -> list[DriveInfo]:
    """Mounted removable drives a package could be written to."""
    drives: list[DriveInfo] = []
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        drive_removable = 2
        mask = kernel32.GetLogicalDrives()
        for index in range(26):
            if not mask & (1 << index):
                continue
            root = f"{chr(ord('A') + index)}:\\"
            if kernel32.GetDriveTypeW(root) == drive_removable:
                info = _drive_info(Path(root), root[:2])
                if info is not None:
                    drives.append(info)
    else:
        for path in _linux_candidates():
            info = _drive_info(path, path.name)
            if info is not None:
                drives.append(info)
    return drives
