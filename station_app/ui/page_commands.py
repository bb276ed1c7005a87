"""Window-wide commands whose meaning follows the page on show: 新建 (Ctrl+N) and 搜索 (Ctrl+F).

The shortcuts belong to the window, so they work wherever the focus is (the navigation list, a
table, a button); the page on show decides what they do through ``new_record``/``focus_search``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

NOTHING_NEW_TEXT = "本页没有可新建的内容"
NOTHING_TO_FIND_TEXT = "本页没有搜索框"
STATUS_MS = 4000


def _act(page: QWidget | None, method: str) -> bool:
    handler = getattr(page, method, None)
    if not callable(handler):
        return False
    handler()
    return True


def install(
    window: QMainWindow, menu: QMenu, current_page: Callable[[], QWidget | None]
) -> dict[str, QAction]:
    """Add 新建 and 搜索 to ``menu``, with window-wide shortcuts."""

    def new() -> None:
        if not _act(current_page(), "new_record"):
            window.statusBar().showMessage(NOTHING_NEW_TEXT, STATUS_MS)

    def find() -> None:
        if not _act(current_page(), "focus_search"):
            window.statusBar().showMessage(NOTHING_TO_FIND_TEXT, STATUS_MS)

    actions: dict[str, QAction] = {}
    for key, text, shortcut, handler in (
        ("new", "新建(&N)", QKeySequence.StandardKey.New, new),
        ("find", "搜索(&S)", QKeySequence.StandardKey.Find, find),
    ):
        action = QAction(text, window)
        action.setObjectName(f"action_{key}")
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(handler)
        menu.addAction(action)
        actions[key] = action
    return actions
