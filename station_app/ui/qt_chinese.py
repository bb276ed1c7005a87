"""Qt's own texts in Chinese: the shipped qtbase_zh_CN leaves a few file-dialog words in English,
and the file list formats dates and sizes with the system locale (C under a bare Linux session)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTranslator

# (Qt context, source text) → Chinese, for what qtbase_zh_CN does not translate.
GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&I)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QFileSystemModel", "Folder"): "文件夹",
    ("QFileSystemModel", "Drive"): "驱动器",
    ("QShortcut", "Control"): "Ctrl",
}
CHINESE_LOCALE = "zh_CN.UTF-8"


class GapTranslator(QTranslator):
    """Installed before qtbase_zh_CN, so it is asked only for what that file lacks."""

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return GAPS.get((context, source_text), "")

    def isEmpty(self) -> bool:
        return False


def use_chinese_dates_for_qt() -> bool:
    """Before the application exists: let Qt's system locale format dates and sizes the Chinese way.

    Only the time and message categories (dates; 「字节」), and only where the session says nothing
    Chinese; Windows takes its formats from the system settings, not the environment.
    Returns whether it changed anything.
    """
    if sys.platform == "win32":
        return False
    chosen = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if chosen.startswith("zh"):
        return False
    if os.environ.get("LC_ALL"):
        os.environ["LC_ALL"] = CHINESE_LOCALE  # LC_ALL overrides every category
    os.environ["LC_TIME"] = CHINESE_LOCALE
    os.environ["LC_MESSAGES"] = CHINESE_LOCALE
    return True
