"""Known failures: typed errors that carry a plain Chinese message for the clerk.

Anything that is not a KnownError is a bug: it is logged and shown in the crash dialog.
"""

from __future__ import annotations


class KnownError(Exception):
    """A failure the clerk can understand and act on; ``message`` is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(KnownError):
    """Bad input from the clerk or the command line (a date, a code, a missing field)."""


class UnknownPlaceError(InputError):
    """A 区划代码 that is not in the shipped list of Leshan's townships and counties."""


class NotSetUpError(KnownError):
    def __init__(self) -> None:
        super().__init__("本机尚未完成初始设置，请先运行设置向导（或 station-app setup）。")


class DiskFullError(KnownError):
    def __init__(self, where: str = "") -> None:
        place = f"（{where}）" if where else ""
        super().__init__(f"磁盘空间不足{place}，请清理空间或换一个U盘后重试。数据没有改动。")


class ReadOnlyError(KnownError):
    def __init__(self, where: str = "") -> None:
        place = f"（{where}）" if where else ""
        super().__init__(f"目标位置只读，无法写入{place}。请检查U盘的写保护开关或文件夹权限。")


class DeviceGoneError(KnownError):
    def __init__(self, where: str = "") -> None:
        place = f"（{where}）" if where else ""
        super().__init__(f"找不到目标位置{place}，U盘可能已被拔出。请重新插入后再试，数据没有改动。")


class DatabaseLockedError(KnownError):
    def __init__(self) -> None:
        super().__init__("数据库正被另一个程序占用，请关闭其他正在运行的本程序窗口后重试。")


class DatabaseUnreachableError(KnownError):
    def __init__(self) -> None:
        super().__init__(
            "无法打开数据库文件：所在的文件夹不存在、没有访问权限，或U盘已被拔出。请检查数据目录后重试。"
        )


class DatabaseDriverMissingError(KnownError):
    def __init__(self, scheme: str) -> None:
        super().__init__(
            f"本程序没有安装连接这种数据库（{scheme}）所需的组件。市政协汇总使用 PostgreSQL 时，"
            '请安装带 PostgreSQL 支持的版本（pip install "station-app[postgres]"）。'
        )


class DatabaseCorruptError(KnownError):
    def __init__(self, detail: str = "") -> None:
        extra = f"：{detail}" if detail else ""
        super().__init__(f"数据库文件已损坏{extra}。请从备份恢复（设置 → 备份与恢复）。")


class DatabaseTooNewError(KnownError):
    def __init__(self, found: str, supported: str) -> None:
        super().__init__(
            f"这个数据库由更新版本的程序创建（数据格式 {found}，本程序支持 {supported}），"
            "为保护数据，本程序不会打开或修改它。请安装最新版本的程序。"
        )


class Cancelled(KnownError):
    def __init__(self) -> None:
        super().__init__("操作已取消。")
