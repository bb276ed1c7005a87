"""Reading a file the clerk named: a regular file only, and never more than a limit.

A pipe (FIFO) would block the program forever, a link to ``/dev/zero`` would fill the memory, and a
file can grow while it is read. :func:`read_regular` opens without blocking, checks with ``fstat`` on
the opened file that it is a regular file within the limit, and reads at most ``limit + 1`` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from station_app.errors import InputError

MB = 1024 * 1024


class UnreadableInputError(InputError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"不能读取“{path}”：{reason}。")


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size // MB} MB"


def too_large(path: Path, limit: int) -> UnreadableInputError:
    return UnreadableInputError(path, f"文件太大（超过 {_megabytes(limit)}），不是本程序会用到的文件")


def _open(path: Path) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError as exc:
        raise UnreadableInputError(path, "文件不存在") from exc
    except IsADirectoryError as exc:
        raise UnreadableInputError(path, "这是一个文件夹，不是文件") from exc
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.ENODEV):  # a FIFO or socket nobody writes to
            raise UnreadableInputError(path, "这不是普通文件（是管道、设备等特殊文件）") from exc
        raise UnreadableInputError(path, f"无法打开（{exc.strerror or exc}）") from exc


def _check(fd: int, path: Path, limit: int) -> int:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInputError(path, "这是一个文件夹，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInputError(path, "这不是普通文件（是管道、设备等特殊文件）")
    if info.st_size > limit:
        raise too_large(path, limit)
    return info.st_size


def check_regular(path: Path, limit: int) -> int:
    """Refuse ``path`` unless it is a regular file of at most ``limit`` bytes; its size."""
    fd = _open(Path(path))
    try:
        return _check(fd, Path(path), limit)
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes (also if it grows while read)."""
    path = Path(path)
    fd = _open(path)
    try:
        _check(fd, path, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        read = 0
        while True:
            chunk = os.read(fd, max(min(limit + 1 - read, 4 * MB), 1))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
            if read > limit:
                raise too_large(path, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableInputError(path, f"读取出错（{exc.strerror or exc}）") from exc
    finally:
        os.close(fd)
