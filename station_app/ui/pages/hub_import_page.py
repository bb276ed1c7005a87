"""The hub's 同步 page: import many station packages, confirm new stations' keys, decide
conflicts side by side, and write receipt/feedback packages for a station.

The work is in ``hub.importer``, ``hub.conflicts`` and ``hub.feedback``; jobs run through
``ui.worker.run_job``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.progress import CancelToken, Job
from station_app.errors import KnownError
from station_app.hub import conflicts, trust
from station_app.hub.conflict_words import CURRENT, INCOMING, confirmation
from station_app.hub.importer import PackageOutcome, import_packages
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.sync import drives
from station_app.sync.crypto import format_fingerprint
from station_app.ui import folders, messages, worker
from station_app.ui.dialogs.conflict_dialog import ConflictDialog
from station_app.ui.pages.hub_feedback_box import FeedbackBox

PACKAGE_FILTER = "数据包 (*.jzsync);;所有文件 (*)"
CONFLICT_HEADERS = ("联络站", "记录", "原因")
_AROUND = 12  # characters shown before the first difference in a compare cell


def excerpt(text: str, other: str) -> str:
    """A cell's text starting a little before where it differs from ``other``."""
    start = next((i for i, (a, b) in enumerate(zip(text, other, strict=False)) if a != b), None)
    if start is None:
        start = min(len(text), len(other))
    return text if start <= _AROUND else "…" + text[start - _AROUND :]


class HubImportPage(QWidget):
    imported = Signal()

    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self.outcomes: list[PackageOutcome] = []
        self.open_conflicts: list[conflicts.ConflictView] = []

        files_button = QPushButton("选择数据包…")
        folder_button = QPushButton("选择文件夹…")
        stick_button = QPushButton("从U盘导入")
        files_button.clicked.connect(self.choose_files)
        folder_button.clicked.connect(self.choose_folder)
        stick_button.clicked.connect(self.from_stick)
        buttons = QHBoxLayout()
        for button in (files_button, folder_button, stick_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.results = QListWidget()
        self.results.setObjectName("import_results")
        self.results.setWordWrap(True)  # long lines wrap instead of being cut at the window's edge
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        import_box = QGroupBox("导入联络站数据包")
        import_layout = QVBoxLayout(import_box)
        import_layout.addWidget(
            QLabel(
                "可一次选择多个数据包或整个文件夹。每个数据包核对签名和校验值后整体导入，有问题的整包拒绝，不会改动已有数据。"
            )
        )
        import_layout.addLayout(buttons)
        import_layout.addWidget(self.results)

        self.conflict_table = QTableWidget(0, len(CONFLICT_HEADERS))
        self.conflict_table.setObjectName("conflict_table")
        self.conflict_table.setHorizontalHeaderLabels(CONFLICT_HEADERS)
        self.conflict_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.conflict_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.conflict_table.horizontalHeader().setStretchLastSection(True)
        self.conflict_table.itemSelectionChanged.connect(self._show_conflict)
        self.conflict_table.doubleClicked.connect(lambda _index: self.open_comparison())
        self.conflict_table.setToolTip("双击并排比较两份内容的全文")
        self.compare = QTableWidget(0, 3)
        self.compare.setObjectName("conflict_compare")
        self.compare.setHorizontalHeaderLabels(("不同的内容", CURRENT, INCOMING))
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setWordWrap(True)
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare.doubleClicked.connect(lambda _index: self.open_comparison())
        self.compare.setToolTip("双击并排比较两份内容的全文")
        self.comparison: ConflictDialog | None = None
        self.compare_button = QPushButton("并排比较全文…")
        self.compare_button.setObjectName("conflict_compare_button")
        self.compare_button.clicked.connect(lambda: self.open_comparison())
        self.take_button = QPushButton("采用新收到的")
        self.keep_button = QPushButton("保留本单位现有的")
        self.take_button.clicked.connect(lambda: self.resolve(take_new=True))
        self.keep_button.clicked.connect(lambda: self.resolve(take_new=False))
        decide = QHBoxLayout()
        decide.addWidget(self.compare_button)
        decide.addStretch(1)
        decide.addWidget(self.take_button)
        decide.addWidget(self.keep_button)
        conflict_box = QGroupBox("待处理的冲突")
        conflict_layout = QHBoxLayout(conflict_box)
        conflict_layout.addWidget(self.conflict_table, 2)
        right = QVBoxLayout()
        right.addWidget(self.compare)
        right.addLayout(decide)
        conflict_layout.addLayout(right, 3)

        self.feedback = FeedbackBox(db, info)
        self.station_box = self.feedback.station_box

        self.description = QLabel(
            "在这里导入各联络站用U盘报送的数据包，核对后汇总，处理冲突，并给各站写回执和办理反馈。"
        )
        self.description.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.description)
        layout.addWidget(import_box, 3)
        layout.addWidget(conflict_box, 3)
        layout.addWidget(self.feedback)
        self.refresh_conflicts()

    # -- importing --------------------------------------------------------------------------

    def choose_files(self) -> None:
        start = folders.start_folder("packages")
        chosen, _ = QFileDialog.getOpenFileNames(self, "选择数据包", start, PACKAGE_FILTER)
        if chosen:
            folders.remember("packages", chosen[0])
            self.start_import([Path(p) for p in chosen])

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "选择存放数据包的文件夹", folders.start_folder("packages")
        )
        if chosen:
            folders.remember("packages", chosen)
            self.start_import([Path(chosen)])

    def from_stick(self) -> None:
        drives_found = drives.list_candidate_drives()
        if not drives_found:
            messages.show_error(self, "没有找到U盘。请插入U盘，或用「选择文件夹…」选择数据包所在位置。")
            return
        self.start_import([d.path for d in drives_found])

    def start_import(
        self, paths: list[Path], *, trust_new: bool = False
    ) -> worker.JobHandle[list[PackageOutcome]]:
        def make_job(token: CancelToken) -> Job[list[PackageOutcome]]:
            return import_packages(self._db, paths, trust_new=trust_new, cancel=token)

        return worker.run_job(self, "导入数据包", make_job, self._imported)

    def log(self, text: str) -> None:
        self.results.addItem(text)
        self.results.scrollToBottom()

    def _imported(self, outcomes: list[PackageOutcome]) -> None:
        self.outcomes.extend(outcomes)
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
        self.log(f"—— {stamp} 导入 {len(outcomes)} 个文件 ——")
        for outcome in outcomes:
            self.log(outcome.line())
        self.refresh_conflicts()
        self.imported.emit()
        confirmed = self._confirm_new_stations([o for o in outcomes if o.needs_trust])
        replaced = self._confirm_new_keys([o for o in outcomes if o.key_changed])
        if replaced:
            self.start_import(replaced)
        if confirmed:
            self.start_import(confirmed, trust_new=True)

    def _confirm_new_stations(self, new: list[PackageOutcome]) -> list[Path]:
        confirmed: list[Path] = []
        for station in {o.station: o for o in new}.values():
            question = (
                f"“{station.station_name}”（{station.station}）第一次报送数据。\n\n"
                f"数据包的密钥指纹：\n{format_fingerprint(station.fingerprint)}\n\n"
                "请与该站交来的「联络站密钥登记表」上的指纹逐组核对。完全一致才能信任。\n\n指纹一致，信任这个联络站吗？"
            )
            paths = [o.path for o in new if o.station == station.station]
            if messages.ask_yes_no(self, question):
                confirmed += paths
            else:
                self.log(
                    f"未信任：{station.station_name} 的 {len(paths)} 个数据包没有导入。"
                    "与该站核对指纹后，重新导入这些数据包即可再次确认。"
                )
        return confirmed

    def _confirm_new_keys(self, changed: list[PackageOutcome]) -> list[Path]:
        """A known station with a new key (a replaced PC): replace it only after the fingerprint check."""
        replaced: list[Path] = []
        for station in {o.station: o for o in changed}.values():
            question = (
                f"“{station.station_name}”（{station.station}）换了新的签名密钥（电脑可能重装或更换过）。\n\n"
                f"新密钥指纹：\n{format_fingerprint(station.fingerprint)}\n\n"
                "请与该站新交来的「联络站密钥登记表」逐组核对。完全一致才能换用。\n\n指纹一致，换用新密钥吗？"
            )
            paths = [o.path for o in changed if o.station == station.station]
            if not messages.ask_yes_no(self, question):
                self.log(f"未换用新密钥：{station.station_name} 的 {len(paths)} 个数据包没有导入。")
                continue
            try:
                trust.replace_key(
                    self._db,
                    station.station,
                    station.public_key,
                    station.fingerprint,
                    actor=self._info.clerk_name,
                )
            except KnownError as error:
                messages.show_known_error(self, error)
                continue
            new_print = format_fingerprint(station.fingerprint)
            self.log(f"已换用新密钥：{station.station_name}，新指纹 {new_print}")
            replaced += paths
        return replaced

    # -- conflicts --------------------------------------------------------------------------

    def refresh_conflicts(self) -> None:
        self.open_conflicts = conflicts.list_conflicts(self._db)
        self.conflict_table.setRowCount(len(self.open_conflicts))
        for index, item in enumerate(self.open_conflicts):
            values = (item.station_name, item.record_name(), item.reason)
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.conflict_table.setItem(index, column, cell)
        self.compare.setRowCount(0)
        has = bool(self.open_conflicts)
        for button in (self.take_button, self.keep_button, self.compare_button):
            button.setEnabled(has)
        if has:
            self.conflict_table.selectRow(0)
            self._show_conflict()  # also when row 0 stays selected (no selection change then)

    def current_conflict(self) -> conflicts.ConflictView | None:
        row = self.conflict_table.currentRow()
        return self.open_conflicts[row] if 0 <= row < len(self.open_conflicts) else None

    def _show_conflict(self) -> None:
        item = self.current_conflict()
        if item is None:
            return
        # Only what differs, each cell from just before the first difference; the full text in
        # the tooltip and in the side-by-side comparison.
        found = item.differences()
        self.compare.setRowCount(len(found))
        for index, diff in enumerate(found):
            texts = (diff.label, excerpt(diff.current, diff.incoming), excerpt(diff.incoming, diff.current))
            tips = (diff.label, diff.current, diff.incoming)
            for column, (text, tip) in enumerate(zip(texts, tips, strict=True)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(tip)
                self.compare.setItem(index, column, cell)
        self.compare.resizeRowsToContents()

    def open_comparison(self) -> ConflictDialog | None:
        item = self.current_conflict()
        if item is None:
            return None
        if self.comparison is not None:
            self.comparison.close()
        self.comparison = ConflictDialog(item, self)
        self.comparison.show()
        return self.comparison

    def resolve(self, *, take_new: bool) -> None:
        item = self.current_conflict()
        if item is None:
            return
        question = confirmation(item.record_name(), item.station_name, item.differences(), take_new=take_new)
        if not messages.ask_yes_no(self, question):
            return
        try:
            summary = conflicts.resolve(self._db, item.id, take_new=take_new, actor=self._info.clerk_name)
        except KnownError as error:
            messages.show_known_error(self, error)
        else:
            self.log(f"已处理冲突：{item.station_name} {item.record_name()}：{summary}")
        self.refresh_conflicts()
        self.imported.emit()

    def fill_stations(self) -> None:
        self.feedback.fill_stations()

    def write_feedback(self) -> worker.JobHandle[Path] | None:
        return self.feedback.write_feedback()

    def export_key(self) -> Path | None:
        return self.feedback.export_key()
