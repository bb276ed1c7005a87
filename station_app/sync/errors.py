"""Known failures of sync packages, each with the Chinese message the clerk sees.

All texts about packages live here so that they read alike and are easy to review.
"""

from __future__ import annotations

import errno
import os

from station_app.errors import DeviceGoneError, DiskFullError, InputError, KnownError, ReadOnlyError

# The manifest's fields in a clerk's words (the plain reason of a refused package).
MANIFEST_FIELD_WORDS = {
    "sequence": "序号",
    "created_at": "写出时间",
    "format_version": "格式版本",
    "station": "联络站信息",
    "members": "文件清单",
    "counts": "记录条数",
    "signer": "签名信息",
    "payload": "加密内容",
    "recipients": "接收单位",
    "previous_sha256": "与上一个数据包的衔接信息",
    "package_kind": "数据包类型",
    "package_id": "数据包编号",
}


class PackageError(KnownError):
    """Base of every failure found while reading a sync package."""


class BadPackageError(PackageError):
    """The package is damaged, truncated or not built by the rules of FORMAT.md."""

    def __init__(self, detail: str, plain: str = "") -> None:
        super().__init__(f"同步包已损坏：{detail}")
        self.detail = detail  # in the format's own words, for the log and whoever repairs it
        self.plain = plain  # the reason in a clerk's words, where there is one worth telling

    @classmethod
    def hash_mismatch(cls, member: str) -> BadPackageError:
        return cls(f"成员 {member} 的校验值不符")

    @classmethod
    def size_mismatch(cls, member: str) -> BadPackageError:
        return cls(f"成员 {member} 的大小与清单不符")

    @classmethod
    def missing_member(cls, member: str) -> BadPackageError:
        return cls(f"缺少成员 {member}")

    @classmethod
    def unlisted_member(cls, member: str) -> BadPackageError:
        return cls(f"有清单中未列出的成员 {member}")

    @classmethod
    def not_a_package(cls) -> BadPackageError:
        return cls("文件不是有效的同步包（无法按 zip 格式读取）")

    @classmethod
    def manifest_field(cls, field: str, problem: str) -> BadPackageError:
        top = field.split(".")[0]
        name = MANIFEST_FIELD_WORDS.get(top, "说明信息")
        return cls(f"清单 manifest.json 的字段 {field} {problem}", f"数据包里的{name}不正确，可能被改动过")

    @classmethod
    def records_line(cls, line: int, problem: str) -> BadPackageError:
        return cls(f"records.jsonl 第 {line} 行{problem}")


class SuspiciousPackageError(BadPackageError):
    """The package looks crafted to harm the reader (bomb, path tricks, unexpected files)."""

    def __init__(self, message: str) -> None:
        KnownError.__init__(self, message)
        self.detail = message

    @classmethod
    def bad_path(cls, name: str) -> SuspiciousPackageError:
        return cls(f"同步包中有可疑路径：{name!s}")

    @classmethod
    def unexpected_member(cls, name: str) -> SuspiciousPackageError:
        return cls(f"同步包中有不应出现的文件：{name}")

    @classmethod
    def duplicate_member(cls, name: str) -> SuspiciousPackageError:
        return cls(f"同步包中有重名的文件：{name}")

    @classmethod
    def bomb(cls) -> SuspiciousPackageError:
        return cls("同步包解压后过大，疑似压缩炸弹")

    @classmethod
    def too_large(cls, size: int, limit: int) -> SuspiciousPackageError:
        return cls(f"同步包文件过大（{size // 2**20} MB，上限 {limit // 2**20} MB），已拒绝读取")

    @classmethod
    def too_many_members(cls, count: int, limit: int) -> SuspiciousPackageError:
        return cls(f"同步包中的文件过多（{count} 个，上限 {limit} 个），已拒绝读取")


class PackageTooNewError(PackageError):
    def __init__(self, found: str, supported_major: int) -> None:
        super().__init__(
            f"同步包格式版本 {found} 比本程序支持的 {supported_major}.x 新，请升级程序后再导入。"
        )


class BadSignatureError(PackageError):
    def __init__(self) -> None:
        super().__init__("同步包签名无效，可能被篡改。请让发送单位重新导出。")


class NotForThisOfficeError(PackageError):
    def __init__(self) -> None:
        super().__init__("这个同步包不是加密给本单位的，无法解密。请确认联络站安装的是本单位的公钥文件。")


class VerifyFailedError(KnownError):
    """The bytes read back from the stick differ from what was written."""

    def __init__(self, where: str = "") -> None:
        place = f"（{where}）" if where else ""
        super().__init__(f"写入U盘后校验失败{place}，U盘可能有故障。请换一个U盘重试，数据没有改动。")


class WriteFailedError(KnownError):
    """An OSError with no better-known meaning, on a removable drive."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"写入失败（{where}）：{reason}。请检查U盘后重试，数据没有改动。")


class KeyFileError(InputError):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"密钥文件无法使用（{where}）：{problem}")


# Windows reports some conditions only through winerror.
_WIN_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WIN_READ_ONLY = {19}  # ERROR_WRITE_PROTECT
_WIN_GONE = {15, 21, 55, 433, 1117, 1167}  # invalid drive, not ready, device gone, I/O device error

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", -1)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO}


def error_for_os(exc: OSError, where: str | os.PathLike[str]) -> KnownError:
    """Map an OSError met on a drive to the typed error the clerk understands."""
    place = str(where)
    winerror = getattr(exc, "winerror", None)
    if exc.errno in _FULL or winerror in _WIN_FULL:
        return DiskFullError(place)
    if winerror in _WIN_GONE:
        return DeviceGoneError(place)
    if exc.errno in _READ_ONLY or winerror in _WIN_READ_ONLY:
        return ReadOnlyError(place)
    if exc.errno in _GONE:
        return DeviceGoneError(place)
    return WriteFailedError(place, exc.strerror or type(exc).__name__)
