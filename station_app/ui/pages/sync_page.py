"""同步: write packages to a USB stick, see what was sent and received, back up and restore.

All the work is in the services (export, feedback_import, backups, keys); this page picks the
target, runs the jobs through ``ui.worker.run_job`` and shows the results.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QStorageInfo, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.progress import CancelToken, Job
from station_app.errors import Cancelled, KnownError
from station_app.services.export import (
    MSG_DONE,
    MSG_NOT_ENCRYPTED,
    ExportResult,
    NothingToExportError,
    describe_counts,
    export_log,
    export_package,
    plan_export,
)
from station_app.services.feedback_import import FeedbackResult, import_feedback
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.sync.package import FILE_SUFFIX, RECEIPT_PREFIX
from station_app.ui import folders, messages, worker
from station_app.ui.pages import keys_panel
from station_app.ui.pages.keys_panel import BackupPanel, KeysPanel
from station_app.ui.window_settings import window_settings

log = logging.getLogger(__name__)

LAST_TARGET_KEY = "sync/last_target"
LOG_HEADERS = ("序号", "导出时间", "文件", "记录数", "类型", "已回执")
PACKAGE_FILTER = "同步包 (*.jzsync);;所有文件 (*)"
# Receipts are named 「回执-…」: the station's own packages are not offered first.
RECEIPT_FILTER = f"回执/反馈包 ({RECEIPT_PREFIX}*{FILE_SUFFIX});;全部同步包 (*{FILE_SUFFIX});;所有文件 (*)"
NO_DRIVE_TEXT = "未发现U盘：请插入U盘后点「刷新」，或点「选择文件夹…」"
NO_TARGET = "请先选择U盘或文件夹。"
CANCELLED_TEXT = "已取消导出，数据没有改动，下次导出会包含同样的变化。"
_LINUX_MOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/")


def _size(n: int) -> str:
    if n >= 2**30:
        return f"{n / 2**30:.1f} GB"
    if n >= 2**20:
        return f"{n / 2**20:.0f} MB"
    return f"{max(1, round(max(n, 0) / 2**10))} KB"  # a small package is tens of KB, never 「0 MB」


def _removable_like(root: str) -> bool:
    """QStorageInfo does not say "removable"; sticks are mounted in known places."""
    if sys.platform == "win32":
        system = os.environ.get("SYSTEMDRIVE", "C:").upper()
        return not root.upper().startswith(system)
    return root.startswith(_LINUX_MOUNT_ROOTS)


def candidate_volumes() -> list[tuple[str, str]]:
    """(root path, label) of writable, mounted volumes that look like USB sticks."""
    found: list[tuple[str, str]] = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        if not _removable_like(root):
            continue
        name = volume.displayName() or root
        found.append((root, f"{name}（{root}，可用 {_size(volume.bytesAvailable())}）"))
    return found


class SyncPage(QWidget):
    exported = Signal()  # after a package is written and logged
    restored = Signal()  # after the database file was replaced

    def __init__(
        self, db: Database, info: StationInfo, parent: QWidget | None = None, *, auto_backup: bool = True
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self._busy = False
        self.result_path: Path | None = None

        # --- export ---
        self.target = QComboBox()
        self.target.setObjectName("sync_target")
        self.target.setMinimumWidth(240)
        self.target.setPlaceholderText(NO_DRIVE_TEXT)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setObjectName("sync_refresh_targets")
        self.folder_button = QPushButton("选择文件夹…")
        self.folder_button.setObjectName("sync_choose_folder")
        self.summary = QLabel()
        self.summary.setObjectName("sync_summary")
        self.summary.setWordWrap(True)
        self.warning = QLabel(MSG_NOT_ENCRYPTED)
        self.warning.setObjectName("sync_unencrypted_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.incremental_button = QPushButton("增量导出")
        self.incremental_button.setObjectName("sync_export_incremental")
        self.full_button = QPushButton("全部导出")
        self.full_button.setObjectName("sync_export_full")
        self.result = QLabel()
        self.result.setObjectName("sync_result")
        self.result.setWordWrap(True)
        self.refresh_button.clicked.connect(self.refresh_targets)
        self.folder_button.clicked.connect(self.choose_folder)
        self.incremental_button.clicked.connect(lambda: self.export(full=False))
        self.full_button.clicked.connect(lambda: self.export(full=True))

        export_box = QGroupBox("导出到U盘")
        target_row = QHBoxLayout()
        target_row.addWidget(QLabel("写入到："))
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.refresh_button)
        target_row.addWidget(self.folder_button)
        button_row = QHBoxLayout()
        button_row.addWidget(self.incremental_button)
        button_row.addWidget(self.full_button)
        button_row.addStretch(1)
        export_layout = QVBoxLayout(export_box)
        export_layout.addLayout(target_row)
        export_layout.addWidget(self.summary)
        export_layout.addWidget(self.warning)
        export_layout.addLayout(button_row)
        export_layout.addWidget(self.result)

        # --- log and feedback ---
        self.log_table = QTableWidget(0, len(LOG_HEADERS))
        self.log_table.setMinimumHeight(160)
        self.log_table.setObjectName("sync_log_table")
        self.log_table.setHorizontalHeaderLabels(LOG_HEADERS)
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_table.verticalHeader().setVisible(False)
        self.log_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.feedback_button = QPushButton("导入回执/反馈…")
        self.feedback_button.setObjectName("sync_import_feedback")
        self.feedback_button.clicked.connect(self.import_feedback)
        log_box = QGroupBox("导出记录")
        log_layout = QVBoxLayout(log_box)
        log_layout.addWidget(self.log_table)
        feedback_row = QHBoxLayout()
        feedback_row.addWidget(self.feedback_button)
        feedback_row.addStretch(1)
        log_layout.addLayout(feedback_row)

        # --- keys and backups ---
        self.keys_panel = KeysPanel(db, info)
        self.keys_panel.recipients_changed.connect(self.refresh_summary)
        self.backup_panel = BackupPanel(db, self.current_target)
        self.backup_panel.restored.connect(self.restored)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(export_box)
        layout.addWidget(log_box, 1)
        layout.addWidget(self.keys_panel)
        layout.addWidget(self.backup_panel)
        # Scrolls rather than forcing a minimum size: clerks' screens can be 1366×768 or smaller.
        scroll = QScrollArea()
        scroll.setObjectName("sync_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.refresh_targets()
        self.refresh()
        if auto_backup:
            # The program was opened today: take the daily backup once the window is up.
            # The panel is the context: the timer dies with it if the window closes first.
            QTimer.singleShot(0, self.backup_panel, self.backup_panel.run_daily_backup)

    # --- state ----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._busy:
            self.refresh()

    def refresh(self) -> None:
        self.refresh_summary()
        self.refresh_log()
        self.backup_panel.refresh()

    def refresh_summary(self) -> None:
        try:
            plan = plan_export(self._db, full=False)
        except KnownError as error:
            self.summary.setText(error.message)
            return
        if plan.nothing_to_export:
            text = f"自上次导出以来没有新的变化。下一个数据包为第 {plan.sequence} 号。"
        else:
            text = (
                f"将导出第 {plan.sequence} 号数据包：{describe_counts(plan.counts)}，"
                f"共 {plan.total_records} 条记录，约 {_size(plan.estimated_bytes)}。"
            )
        if plan.encrypted:
            text += f"\n数据包将加密给：{'、'.join(plan.recipients)}。"
        self.summary.setText(text)
        self.warning.setVisible(not plan.encrypted)

    def refresh_log(self) -> None:
        rows = export_log(self._db)
        self.log_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            acknowledged = (
                row.acknowledged_at.astimezone().strftime("%Y-%m-%d") if row.acknowledged_at else "未回执"
            )
            values = (
                str(row.sequence),
                row.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                row.file_name,
                str(row.total_records),
                "全量" if row.full else "增量",
                acknowledged,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(describe_counts(row.counts) if column == 3 else value)
                self.log_table.setItem(index, column, item)
        self.log_table.resizeColumnsToContents()

    # --- choosing the target --------------------------------------------------------------------
    def refresh_targets(self) -> None:
        chosen = self.current_target()
        last = str(window_settings().value(LAST_TARGET_KEY, "") or "")
        self.target.clear()
        for root, label in candidate_volumes():
            self.target.addItem(label, root)
        for extra in (last, str(chosen) if chosen else ""):
            if extra and Path(extra).is_dir() and self.target.findData(extra) < 0:
                self.target.addItem(f"文件夹：{extra}", extra)
        wanted = str(chosen) if chosen else last
        index = self.target.findData(wanted) if wanted else -1
        self.target.setCurrentIndex(index if index >= 0 else (0 if self.target.count() else -1))

    def current_target(self) -> Path | None:
        data = self.target.currentData()
        return Path(data) if data else None

    def choose_folder(self) -> None:
        current = self.current_target()
        chosen = keys_panel.ask_folder(self, str(current) if current else folders.start_folder("stick"))
        if not chosen:
            return
        if self.target.findData(chosen) < 0:
            self.target.addItem(f"文件夹：{chosen}", chosen)
        self.target.setCurrentIndex(self.target.findData(chosen))

    # --- export ---------------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.incremental_button, self.full_button, self.feedback_button):
            button.setEnabled(not busy)
        self.backup_panel.restore_button.setEnabled(not busy and self.backup_panel.db_file is not None)

    def export(self, *, full: bool) -> worker.JobHandle[ExportResult] | None:
        folder = self.current_target()
        if folder is None:
            messages.show_error(self, NO_TARGET)
            return None
        settings = window_settings()
        settings.setValue(LAST_TARGET_KEY, str(folder))
        settings.sync()
        self.result.clear()
        self._set_busy(True)
        db = self._db

        def make_job(token: CancelToken) -> Job[ExportResult]:
            return export_package(db, folder, full=full, cancel=token)

        title = "全部导出" if full else "增量导出"
        return worker.run_job(self, title, make_job, self._export_done, self._export_failed)

    def _export_done(self, result: ExportResult) -> None:
        self._set_busy(False)
        self.result_path = result.path
        self.result.setText(f"{MSG_DONE}\n第 {result.sequence} 号数据包：{result.path}")
        self.refresh()
        self.exported.emit()
        text = f"{MSG_DONE}\n\n文件：{result.path}\n内容：{describe_counts(result.counts)}"
        for warning in result.warnings:
            text += f"\n\n注意：{warning}"
        messages.show_info(self, text, title="导出完成")

    def _export_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.refresh()
        if isinstance(error, NothingToExportError):
            self.result.setText(error.message)
            messages.show_info(self, error.message)
        elif isinstance(error, Cancelled):
            self.result.setText(CANCELLED_TEXT)
        else:
            if isinstance(error, KnownError):
                self.result.setText(error.message)
            worker.report_error(self, error)

    # --- feedback -------------------------------------------------------------------------------
    def import_feedback(self) -> worker.JobHandle[FeedbackResult] | None:
        start = str(self.current_target() or folders.start_folder("stick"))
        chosen = keys_panel.ask_open_file(
            self, "选择县政协发回的回执包（文件名以「回执-」开头）", start, RECEIPT_FILTER
        )
        if not chosen:
            return None
        db, source = self._db, Path(chosen)
        self._set_busy(True)

        def make_job(token: CancelToken) -> Job[FeedbackResult]:
            return import_feedback(db, source, token)

        return worker.run_job(self, "导入回执", make_job, self._feedback_done, self._feedback_failed)

    def _feedback_done(self, result: FeedbackResult) -> None:
        self._set_busy(False)
        self.refresh()
        messages.show_info(self, result.describe(), title="导入完成")

    def _feedback_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        worker.report_error(self, error)
