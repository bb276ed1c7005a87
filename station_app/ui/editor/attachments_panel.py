"""附件: photos, scans of the signed sign-in sheet and documents kept with the record."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app import paths
from station_app.errors import InputError
from station_app.services import attachments
from station_app.services.attachments import AttachmentInfo
from station_app.ui import folders, messages
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.tab_base import EditorTab

log = logging.getLogger(__name__)
OWNER_KIND = "consultation"
HEADERS = ("文件名", "大小", "添加时间")
FILE_FILTER = (
    "所有文件 (*);;照片 (*.jpg *.jpeg *.png *.bmp *.heic);;文档 (*.pdf *.doc *.docx *.xls *.xlsx *.wps *.txt)"
)
EMPTY_TEXT = "还没有附件。可以添加现场照片、签到表扫描件、调研材料等。"
OPENED_DIR = "opened"  # copies under their own names, so the system knows how to open them


class AttachmentsPanel(EditorTab):
    key = "attachments"
    title = "附件"

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.items: list[AttachmentInfo] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("attachments")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 100)
        self.table.setColumnWidth(2, 150)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("attachments_empty")
        self.add_button = QPushButton("添加文件/照片…")
        self.add_button.setObjectName("add_attachment_button")
        self.add_button.clicked.connect(self.add_files)
        self.open_button = QPushButton("打开")
        self.open_button.setObjectName("open_attachment_button")
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton("删除")
        self.remove_button.setObjectName("remove_attachment_button")
        self.remove_button.clicked.connect(self.remove_selected)

        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

    def load(self, record: RecordView) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.items = attachments.list_attachments(self.ctx.db, OWNER_KIND, self.ctx.cid)
        self.table.setRowCount(len(self.items))
        for row, info in enumerate(self.items):
            added = info.added_at.astimezone().strftime("%Y-%m-%d %H:%M")
            for column, text in enumerate((info.filename, info.size_text, added)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.empty_label.setVisible(not self.items)

    def selected(self) -> AttachmentInfo | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            return self.items[row]
        messages.show_info(self, "请先在列表中选中一个附件。")
        return None

    def add_files(self) -> None:
        start = folders.start_folder("attachments")
        chosen, _filter = QFileDialog.getOpenFileNames(self, "添加附件", start, FILE_FILTER)
        if not chosen:
            return
        folders.remember("attachments", chosen[0])
        for name in chosen:
            if self.host is None or not self.host.run_action(self._adder(Path(name))):
                break
        self.refresh()

    def _adder(self, source: Path) -> Callable[[], object]:
        return lambda: attachments.add_attachment(
            self.ctx.db, OWNER_KIND, self.ctx.cid, source, actor=self.ctx.actor
        )

    def open_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        try:
            stored = attachments.attachment_file(info)
            target = paths.data_dir() / OPENED_DIR / info.sha256[:16] / info.filename
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(stored, target)
        except InputError as error:
            messages.show_known_error(self, error)
            return
        except OSError:
            log.exception("could not copy attachment for opening")
            messages.show_error(self, f"无法打开附件“{info.filename}”，请检查磁盘空间后重试。")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            messages.show_error(self, f"本机没有可以打开“{info.filename}”的程序。文件位置：{target}")

    def remove_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if not messages.ask_yes_no(self, f"确定删除附件“{info.filename}”吗？"):
            return
        if self.host is not None and self.host.run_action(
            lambda: attachments.remove_attachment(self.ctx.db, info.id, actor=self.ctx.actor)
        ):
            self.refresh()

    def apply_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
