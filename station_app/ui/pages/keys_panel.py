"""The two safety panels at the foot of the 同步 page.

* 密钥: the station's fingerprint, the office keys installed, and the registration form;
* 备份与恢复: the daily automatic backup, a copy to a stick, restore from a backup.

File dialogs go through the ``ask_*`` functions here, so tests replace them in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app import paths
from station_app.errors import KnownError
from station_app.services import backup_catalog, backups, keys
from station_app.services.restore_check import check_restorable
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.migrate import upgrade
from station_app.ui import folders, messages
from station_app.ui.dialogs.backup_chooser import BackupChooser

log = logging.getLogger(__name__)

CODE_ROLE = Qt.ItemDataRole.UserRole
RESTORE_QUESTION = (
    "确定用这个备份替换本机的全部数据吗？\n\n{name}（{when}，{kind}）\n\n{compare}\n\n"
    "恢复前会先自动备份当前数据。恢复后需要重新打开程序。"
)
BACKUP_FILTER = "数据库备份 (*.sqlite3);;所有文件 (*)"
NONE_INSTALLED = "（尚未安装。导出的数据包不会加密，请向县政协索取单位公钥文件。）"
KEY_FILTER = "单位公钥文件 (*.json);;所有文件 (*)"


def ask_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, "选择U盘或文件夹", start)


def ask_open_file(parent: QWidget, title: str, start: str, filters: str) -> str:
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, start, filters)
    return chosen


def ask_backup_file(parent: QWidget, known: list[backups.BackupInfo]) -> str:
    """The list of known backups, with a button for any other file; '' when cancelled."""
    start = str(paths.backups_dir())
    chooser = BackupChooser(
        known, lambda: ask_open_file(parent, "选择要恢复的备份", start, BACKUP_FILTER), parent
    )
    return chooser.chosen if chooser.exec() else ""


def ask_key_file(parent: QWidget) -> str:
    return ask_open_file(parent, "选择县政协公钥文件", folders.start_folder("keys"), KEY_FILTER)


def ask_pdf_target(parent: QWidget, suggested: str) -> str:
    chosen, _filter = QFileDialog.getSaveFileName(parent, "保存密钥登记表", suggested, "PDF 文件 (*.pdf)")
    return chosen


class KeysPanel(QGroupBox):
    """Shown on the 同步 page; ``recipients_changed`` fires after a key is added or removed."""

    recipients_changed = Signal()

    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__("密钥", parent)
        self.setObjectName("keys_panel")
        self._db = db
        self._info = info

        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("keys_fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipients = QListWidget()
        self.recipients.setObjectName("keys_recipients")
        self.recipients.setMaximumHeight(70)
        self.add_button = QPushButton("添加县政协公钥…")
        self.add_button.setObjectName("keys_add")
        self.remove_button = QPushButton("删除所选公钥")
        self.remove_button.setObjectName("keys_remove")
        self.print_button = QPushButton("打印密钥登记表")
        self.print_button.setObjectName("keys_print")
        self.add_button.clicked.connect(self.add_recipient)
        self.remove_button.clicked.connect(self.remove_selected)
        self.print_button.clicked.connect(self.print_registration)

        form = QFormLayout()
        form.addRow("本站公钥指纹：", self.fingerprint)
        form.addRow("已安装的上级公钥：", self.recipients)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.fingerprint.setText(keys.station_fingerprint())
        except KnownError as error:
            self.fingerprint.setText(error.message)
        self.recipients.clear()
        installed = keys.list_recipients()
        for key in installed:
            item = QListWidgetItem(keys.describe(key))
            item.setData(CODE_ROLE, key.office_code)
            self.recipients.addItem(item)
        if not installed:
            placeholder = QListWidgetItem(NONE_INSTALLED)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recipients.addItem(placeholder)
        self.remove_button.setEnabled(bool(installed))

    def add_recipient(self) -> None:
        chosen = ask_key_file(self)
        if not chosen:
            return
        try:
            key = keys.add_recipient(Path(chosen), self._info)
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self.refresh()
        self.recipients_changed.emit()
        messages.show_info(
            self,
            f"已安装公钥：{keys.describe(key)}\n\n"
            "请与县政协电话核对指纹，确认无误。今后导出的数据包将加密，只有县政协能够打开。",
        )

    def remove_selected(self) -> None:
        item = self.recipients.currentItem()
        code = item.data(CODE_ROLE) if item is not None else None
        if not code:
            messages.show_error(self, "请先在列表中选择要删除的公钥。")
            return
        if not messages.ask_yes_no(
            self, f"确定删除“{item.text()}”吗？删除后导出的数据包将不再加密给该单位。"
        ):
            return
        try:
            keys.remove_recipient(str(code))
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self.refresh()
        self.recipients_changed.emit()

    def print_registration(self) -> None:
        chosen = ask_pdf_target(self, f"{self._info.station_name}密钥登记表.pdf")
        if not chosen:
            return
        try:
            written = keys.key_registration_pdf(self._db, Path(chosen))
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        messages.show_info(self, f"已生成密钥登记表：\n{written}\n\n请打印后由站长签字，交县政协核对。")


class BackupPanel(QGroupBox):
    """备份与恢复. ``restored`` fires after the database file was replaced (the window then closes)."""

    restored = Signal()

    def __init__(
        self, db: Database, default_folder: Callable[[], Path | None], parent: QWidget | None = None
    ) -> None:
        super().__init__("备份与恢复", parent)
        self.setObjectName("backup_panel")
        self._db = db
        self._default_folder = default_folder
        name = db.engine.url.database
        self.db_file = Path(name) if db.is_sqlite and name and name != ":memory:" else None
        self.status = QLabel()
        self.status.setObjectName("sync_backup_status")
        self.status.setWordWrap(True)
        self.backup_button = QPushButton("备份到U盘或文件夹…")
        self.backup_button.setObjectName("sync_backup")
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.setObjectName("sync_restore")
        self.backup_button.clicked.connect(self.backup_to_folder)
        self.restore_button.clicked.connect(self.restore_from_backup)
        self.backup_button.setEnabled(self.db_file is not None)
        self.restore_button.setEnabled(self.db_file is not None)
        row = QHBoxLayout(self)
        row.addWidget(self.status, 1)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        self.refresh()

    def refresh(self) -> None:
        if self.db_file is None:
            self.status.setText("数据库在服务器上，请用服务器自带的工具备份。")
            return
        latest = backup_catalog.latest_backup()
        if latest is None:
            self.status.setText("本机还没有备份。程序每天第一次打开时会自动备份。")
            return
        when = latest.created_at.strftime("%Y-%m-%d %H:%M")
        self.status.setText(f"最近一次备份：{when}（{latest.kind_label}），保存在 {latest.path}")
        self.status.setToolTip(str(latest.path))

    def run_daily_backup(self) -> None:
        """Once a day, on the UI thread: a station database copies in well under a second."""
        if self.db_file is None:
            return
        try:
            made = backups.backup_if_due(self.db_file)
        except KnownError as error:
            log.warning("daily backup failed: %s", error.message)
            self.status.setText(f"今天的自动备份没有成功：{error.message}")
            return
        if made is not None:
            self.refresh()

    def backup_to_folder(self) -> None:
        start = self._default_folder() or Path(folders.start_folder("keys"))
        chosen = ask_folder(self, str(start)) if self.db_file else ""
        if not self.db_file or not chosen:
            return
        try:
            made = backups.backup_to(self.db_file, Path(chosen))
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self.refresh()
        messages.show_info(self, f"已备份到：\n{made}")

    def restore_from_backup(self) -> None:
        chosen = ask_backup_file(self, backup_catalog.known_backups()) if self.db_file else ""
        if not self.db_file or not chosen:
            return
        source = Path(chosen)
        try:
            check_restorable(self.db_file, source)
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        info = next((b for b in backup_catalog.known_backups() if b.path == source), None)
        question = RESTORE_QUESTION.format(
            name=source.name,
            when=(info.created_at if info else backups.stamp_or_mtime(source)).strftime("%Y-%m-%d %H:%M"),
            kind=info.kind_label if info else "备份文件",
            compare=backup_catalog.comparison(self.db_file, source),
        )
        if not messages.ask_yes_no(self, question):
            return
        self._db.dispose()  # no connection may stay open while the file is replaced
        try:
            before = backups.restore(self.db_file, source)
            upgrade(self._db)  # an older backup is brought up to date (copied first)
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self.refresh()
        kept = f"\n恢复前的数据已保存为：{before}" if before else ""
        messages.show_info(self, f"已从备份恢复：{source.name}{kept}\n\n程序将关闭，请重新打开。")
        self.restored.emit()
        window = self.window()
        if isinstance(window, QMainWindow):
            window.close()
