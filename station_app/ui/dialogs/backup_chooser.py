"""从备份恢复: the backups this computer knows of (daily, manual — also on a stick — and before a
restore or upgrade), newest first, with a button to pick any other backup file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services.backups import BackupInfo

HEADERS = ("备份时间", "类型", "大小", "位置")
PATH_ROLE = Qt.ItemDataRole.UserRole


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


class BackupChooser(QDialog):
    """``chosen`` is the path picked ('' when cancelled)."""

    def __init__(self, known: list[BackupInfo], ask_other: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backup_chooser")
        self.setWindowTitle("从备份恢复")
        self.resize(820, 360)
        self.chosen = ""
        self._ask_other = ask_other
        self.table = QTableWidget(len(known), len(HEADERS))
        self.table.setObjectName("backup_list")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, info in enumerate(known):
            cells = (
                info.created_at.strftime("%Y-%m-%d %H:%M"),
                info.kind_label,
                _size(info.size),
                str(info.path),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(info.path))
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if known:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self.accept_selected())

        note = QLabel(
            "列出本机的每日自动备份、手动备份（含保存到U盘的，需插上U盘）和恢复前、升级前的备份。"
            if known
            else "本机还没有已知的备份，请点「选择其他备份文件…」。"
        )
        note.setWordWrap(True)
        self.other_button = QPushButton("选择其他备份文件…")
        self.other_button.setObjectName("backup_other")
        self.other_button.clicked.connect(self.choose_other)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("恢复所选备份…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("backup_restore_selected")
        self.restore_button.setEnabled(bool(known))
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def accept_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        self.chosen = str(item.data(PATH_ROLE))
        self.accept()

    def choose_other(self) -> None:
        chosen = self._ask_other()
        if chosen:
            self.chosen = chosen
            self.accept()
