"""The zip layer: deterministic writing, and a reader that checks structure before unpacking.

Every member list, size and name is judged from the central directory first; only then is
anything decompressed, and each read is capped at the declared size.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from station_app.sync.errors import BadPackageError, SuspiciousPackageError

MiB = 1024 * 1024
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip's earliest date: keeps the bytes deterministic
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = MiB

# zipfile and zlib raise a wide range of exceptions on hostile bytes; all mean "damaged".
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    OverflowError,
    IndexError,
    KeyError,
)


@dataclass(frozen=True)
class Limits:
    """Bounds checked before unpacking; generous for a township's year of work, tight for a bomb."""

    max_package_bytes: int = 512 * MiB
    max_members: int = 10_000
    max_total_bytes: int = 1024 * MiB  # sum of uncompressed member sizes
    max_ratio: int = 100  # uncompressed / compressed, per member
    max_overall_ratio: int = 50  # uncompressed / compressed, whole container
    ratio_floor_bytes: int = MiB  # members this small are never judged by ratio
    max_manifest_bytes: int = 8 * MiB
    max_line_bytes: int = MiB  # one line of records.jsonl


DEFAULT_LIMITS = Limits()


@contextmanager
def zip_errors_as_bad_package() -> Iterator[None]:
    try:
        yield
    except ZIP_ERRORS as exc:
        raise BadPackageError.not_a_package() from exc


def build_zip(members: Mapping[str, bytes], *, stored: Callable[[str], bool] = lambda _: False) -> bytes:
    """A zip of ``members`` in the given order, fixed timestamps and attributes, no comment."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if stored(name) else zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the attributes below mean the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def check_member_name(name: str) -> None:
    """Refuse names that could escape a folder or mean different files on different systems."""
    parts = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or (len(name) >= 2 and name[1] == ":")
        or any(part in ("", ".", "..") for part in parts)
        or any(ord(ch) < 0x20 for ch in name)
    ):
        raise SuspiciousPackageError.bad_path(name)


def check_structure(archive: zipfile.ZipFile, allowed: Callable[[str], bool], limits: Limits) -> None:
    """Judge the central directory: counts, names, methods, declared sizes and ratios."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise SuspiciousPackageError.too_many_members(len(infos), limits.max_members)
    seen: set[str] = set()
    total_plain = 0
    total_packed = 0
    for info in infos:
        for name in {info.filename, info.orig_filename}:
            check_member_name(name)
        if info.is_dir() or not allowed(info.filename):
            raise SuspiciousPackageError.unexpected_member(info.filename)
        folded = info.filename.casefold()
        if folded in seen:
            raise SuspiciousPackageError.duplicate_member(info.filename)
        seen.add(folded)
        if info.flag_bits & 0x1:
            raise BadPackageError(f"成员 {info.filename} 使用了 zip 密码加密，本格式不允许")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BadPackageError(f"成员 {info.filename} 使用了不支持的压缩方式")
        plain, packed = info.file_size, info.compress_size
        if plain < 0 or packed < 0:
            raise BadPackageError.not_a_package()
        if plain > limits.max_total_bytes:
            raise SuspiciousPackageError.bomb()
        if plain > limits.ratio_floor_bytes and plain > max(packed, 1) * limits.max_ratio:
            raise SuspiciousPackageError.bomb()
        total_plain += plain
        total_packed += packed
    if total_plain > limits.max_total_bytes:
        raise SuspiciousPackageError.bomb()
    if (
        total_plain > limits.ratio_floor_bytes
        and total_plain > max(total_packed, 1) * limits.max_overall_ratio
    ):
        raise SuspiciousPackageError.bomb()


def open_zip(data: bytes, allowed: Callable[[str], bool], limits: Limits) -> zipfile.ZipFile:
    """Open ``data`` as a zip and run :func:`check_structure`; nothing is decompressed yet."""
    if len(data) > limits.max_package_bytes:
        raise SuspiciousPackageError.too_large(len(data), limits.max_package_bytes)
    if not data.startswith(_ZIP_MAGIC):
        raise BadPackageError.not_a_package()
    with zip_errors_as_bad_package(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names; we refuse them ourselves
        archive = zipfile.ZipFile(io.BytesIO(data), "r")
    check_structure(archive, allowed, limits)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """Read one member, never producing more than its declared size or ``cap`` bytes."""
    with zip_errors_as_bad_package():
        info = archive.getinfo(name)
        if info.file_size > cap:
            raise SuspiciousPackageError.bomb()
        parts: list[bytes] = []
        size = 0
        with archive.open(info, "r") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > info.file_size or size > cap:
                    raise SuspiciousPackageError.bomb()
                parts.append(chunk)
    if size != info.file_size:
        raise BadPackageError.size_mismatch(name)
    return b"".join(parts)


def member_names(archive: zipfile.ZipFile) -> list[str]:
    return [info.filename for info in archive.infolist()]
