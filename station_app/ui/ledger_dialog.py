"""「从Excel台账导入…」 and 「下载台账模板…」 for the 协商议题 page.

The file is read and checked off the UI thread; the dialog then lists every bad row with its
number and reason. With errors the clerk chooses 「仅导入正确的行」 or 「取消」; without, 「导入」.
Importing runs ``import_ledger`` as a job: one transaction, so a cancel leaves nothing behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import KnownError
from station_app.ui import folders, messages, worker
from station_app.ui.pages.ledger_buttons import IMPORT_TEXT

if TYPE_CHECKING:  # the ledger code (and openpyxl) loads when a ledger is first read or written
    from station_app.services.ledger import ImportResult, LedgerFile
    from station_app.storage.engine import Database

log = logging.getLogger(__name__)

TEMPLATE_NAME = "协商议题台账模板.xlsx"
OPEN_FILTER = "台账文件 (*.xlsx *.xlsm *.json);;Excel 台账 (*.xlsx *.xlsm);;JSON 文件 (*.json)"
SAVE_FILTER = "Excel 文件 (*.xlsx)"
ONLY_GOOD_TEXT = "仅导入正确的行"
IMPORT_ALL_TEXT = "导入"
CANCEL_TEXT = "取消"
ERROR_HEADERS = ("行号", "项目", "问题")


def _start_folder() -> str:
    return folders.start_folder("ledger")


def download_template(parent: QWidget | None) -> Path | None:
    """Ask where to save the blank template and write it there."""
    start = str(Path(_start_folder()) / TEMPLATE_NAME)
    chosen, _selected = QFileDialog.getSaveFileName(parent, "保存台账模板", start, SAVE_FILTER)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    from station_app.services.ledger import write_template

    try:
        write_template(target)
    except KnownError as error:
        messages.show_known_error(parent, error)
        return None
    log.info("ledger template written: %s", target)
    messages.show_info(parent, f"已保存台账模板：{target}\n请按模板填写后，用「{IMPORT_TEXT}」导入。")
    return target


def _read_job(path: Path, today: date) -> Callable[[CancelToken], Job[LedgerFile]]:
    def job(_token: CancelToken) -> Job[LedgerFile]:
        from station_app.services.ledger import read_ledger

        yield Progress(0, 0, f"正在读取台账“{path.name}”……")
        return read_ledger(path, today=today)

    return job


def choose_and_read(
    parent: QWidget | None, today: date, on_read: Callable[[LedgerFile], None]
) -> worker.JobHandle[LedgerFile] | None:
    """Ask for a ledger file, then read and check it off the UI thread; ``on_read`` gets the result."""
    chosen, _selected = QFileDialog.getOpenFileName(parent, "选择要导入的台账", _start_folder(), OPEN_FILTER)
    if not chosen:
        return None
    folders.remember("ledger", chosen)
    return worker.run_job(parent, "正在读取台账", _read_job(Path(chosen), today), on_read)


def result_text(result: ImportResult) -> str:
    lines = [f"已导入 {result.imported} 个议题。"]
    if result.skipped_rows:
        rows = "、".join(str(r) for r in result.skipped_rows[:20])
        more = "等" if len(result.skipped_rows) > 20 else ""
        lines.append(f"有问题的第{rows}{more}行没有导入。")
    lines.extend(result.notes)
    return "\n".join(lines)


class LedgerImportDialog(QDialog):
    """Shows what was read (good rows, bad rows with reasons, warnings) and imports on request."""

    imported = Signal(object)  # ImportResult

    def __init__(self, db: Database, ledger: LedgerFile, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledger_import_dialog")
        self.setWindowTitle("导入台账")
        self._db = db
        self._ledger = ledger
        self._today = today
        self.result_value: ImportResult | None = None

        good, bad = len(ledger.rows), len(ledger.bad_rows)
        summary = f"文件：{ledger.path.name}\n可以导入的议题：{good} 个"
        if bad:
            summary += f"；有问题的行：{bad} 行（见下表，这些行不会导入）"
        self.summary = QLabel(summary)
        self.summary.setObjectName("ledger_summary")
        self.summary.setWordWrap(True)

        self.errors = QTableWidget(len(ledger.errors), len(ERROR_HEADERS))
        self.errors.setObjectName("ledger_errors")
        self.errors.setHorizontalHeaderLabels(list(ERROR_HEADERS))
        self.errors.verticalHeader().setVisible(False)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.setWordWrap(True)
        for number, error in enumerate(ledger.errors):
            row_item = QTableWidgetItem(str(error.row))
            row_item.setData(Qt.ItemDataRole.UserRole, error.row)
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.errors.setItem(number, 0, row_item)
            self.errors.setItem(number, 1, QTableWidgetItem(error.field_label))
            self.errors.setItem(number, 2, QTableWidgetItem(error.message))
        header = self.errors.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.setVisible(bool(ledger.errors))

        self.warnings = QLabel("\n".join(ledger.warnings))
        self.warnings.setObjectName("ledger_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.warnings.setVisible(bool(ledger.warnings))

        buttons = QDialogButtonBox()
        if ledger.errors:
            self.import_button = QPushButton(ONLY_GOOD_TEXT)
            self.import_button.setEnabled(good > 0)
        else:
            self.import_button = QPushButton(IMPORT_ALL_TEXT)
        self.import_button.setObjectName("ledger_import")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton(CANCEL_TEXT)
        self.cancel_button.setObjectName("ledger_cancel")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(buttons)
        self.resize(720, 460 if ledger.errors else 200)

    @property
    def only_good(self) -> bool:
        return bool(self._ledger.errors)

    def start_import(self) -> worker.JobHandle[ImportResult]:
        self.import_button.setEnabled(False)
        db, ledger, today, only_good = self._db, self._ledger, self._today, self.only_good

        def job(token: CancelToken) -> Job[ImportResult]:
            from station_app.services.ledger import import_ledger

            return import_ledger(db, ledger, only_good=only_good, today=today, cancel=token)

        def failed(error: BaseException) -> None:
            self.import_button.setEnabled(True)
            worker.report_error(self, error)

        return worker.run_job(self, "正在导入台账", job, self._done, failed)

    def _done(self, result: ImportResult) -> None:
        self.result_value = result
        log.info("ledger imported: %d topics from %s", result.imported, self._ledger.path)
        self.accept()
        self.imported.emit(result)
        messages.show_info(self.parentWidget(), result_text(result))


def start_import(
    parent: QWidget,
    db: Database,
    today: date,
    on_dialog: Callable[[LedgerImportDialog | None], None],
    on_imported: Callable[[ImportResult], None],
) -> None:
    """The whole 「从Excel台账导入…」: choose, read, then show the (window-modal) dialog.

    ``on_dialog`` hears of the dialog when it opens and gets None once it is gone.
    """

    def show(ledger: LedgerFile) -> None:
        dialog = LedgerImportDialog(db, ledger, today, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(on_imported)
        dialog.destroyed.connect(lambda *_args: on_dialog(None))
        on_dialog(dialog)
        dialog.open()

    choose_and_read(parent, today, show)
