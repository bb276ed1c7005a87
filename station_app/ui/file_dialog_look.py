"""Qt's own (non-native) file dialog in the clerk's words: sizes as 「12.5 KB」 rather than Qt's
「12.50 KiB」, and columns wide enough for a Chinese name, size, type and date. Qt's print dialog
(Linux): the output file's browse button had no text and no icon, and the path was cut short.

The dialogs are opened through Qt's static functions all over the program (and tests replace
those); so one application-wide filter adjusts every file dialog as it is shown. A native dialog
(Windows) is left alone: it speaks the system's language already.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QIdentityProxyModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QLineEdit,
    QToolButton,
    QTreeView,
)

SIZE_COLUMN = 1
_DONE = "chinese_look"


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    for unit, scale in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < scale * 1024 or unit == "GB":
            return f"{size / scale:.1f} {unit}"
    return f"{size} 字节"  # unreachable: GB is the last unit


class ChineseSizes(QIdentityProxyModel):
    """The file list with 「KB/MB」 sizes; everything else as Qt shows it."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        source = self.sourceModel()
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.column() == SIZE_COLUMN
            and isinstance(source, QFileSystemModel)
        ):
            inner = self.mapToSource(index)
            if not source.isDir(inner):
                return size_text(source.size(inner))
        return super().data(index, role)


class FileDialogLook(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and not watched.property(_DONE):
            browse = watched.findChild(QToolButton, "fileBrowser")  # Qt's print dialog on Linux
            if browse is not None:
                watched.setProperty(_DONE, True)
                adjust_print_dialog(watched, browse)
                return False
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QFileDialog)
            and not watched.property(_DONE)
            and watched.findChild(QTreeView, "treeView") is not None  # Qt's widget dialog
        ):
            watched.setProperty(_DONE, True)
            adjust(watched)
        return False


def adjust(dialog: QFileDialog) -> None:
    dialog.setProxyModel(ChineseSizes(dialog))
    files = dialog.findChild(QTreeView, "treeView")
    if files is not None:
        header = files.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
    if dialog.width() < 820:
        dialog.resize(820, max(dialog.height(), 480))


def adjust_print_dialog(dialog: QDialog, browse: QToolButton) -> None:
    if not browse.text().strip("."):
        browse.setText("浏览…")
    browse.setToolTip("选择输出文件")
    browse.setMinimumWidth(browse.fontMetrics().horizontalAdvance("浏览…") + 16)
    path = dialog.findChild(QLineEdit, "filename")
    if path is not None:
        path.setMinimumWidth(420)
        path.setToolTip(path.text())
        path.textChanged.connect(lambda text: path.setToolTip(text))
    dialog.adjustSize()


def install(app: QApplication) -> None:
    """Once per application (``make_application`` may be asked again for the same one)."""
    if app.findChild(FileDialogLook) is None:
        app.installEventFilter(FileDialogLook(app))
