"""文档: preview, print and save the documents of a record, and export a year's minutes at once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.periods import default_period
from station_app.errors import Cancelled, KnownError
from station_app.services import meetings, members, printing, year_export
from station_app.storage.engine import Database
from station_app.ui import folders, messages, worker
from station_app.ui.editor.date_field import DateField
from station_app.ui.pdf_preview import DocumentSource, PdfPreviewDialog, open_preview

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
CURRENT_TEXT = "当前内容"
EMPTY_TEXT = "还没有录入协商会议。录入会议后，可以在这里生成会议纪要、签到表和协商成果报送单。"
NO_MEMBERS_TEXT = "（委员名册为空）"


# --- what each button previews --------------------------------------------------------------
def minutes_source(db: Database, meeting_id: str, version: int | None = None) -> DocumentSource:
    number, held_at = printing.meeting_label(db, meeting_id)
    name = printing.minutes_file_name(number, held_at)
    if version is not None:
        name = name.removesuffix(".pdf") + f"-定稿第{version}版.pdf"
    return DocumentSource(
        "会议纪要",
        name,
        lambda mask: printing.minutes_pdf(db, meeting_id, version=version, mask_phones=mask),
        has_phones=True,
    )


def signin_source(db: Database, meeting_id: str) -> DocumentSource:
    number, held_at = printing.meeting_label(db, meeting_id)
    name = printing.pdf_file_name(number, "签到表", f"{held_at:%Y-%m-%d}")
    return DocumentSource("签到表", name, lambda _mask: printing.signin_pdf(db, meeting_id))


def result_report_source(db: Database, consultation_id: str, number: str) -> DocumentSource:
    name = printing.pdf_file_name(number, "协商成果报送单")
    return DocumentSource(
        "协商成果报送单", name, lambda _mask: printing.result_report_pdf(db, consultation_id)
    )


def member_record_source(db: Database, member: members.MemberView, start: date, end: date) -> DocumentSource:
    name = printing.pdf_file_name(member.name, "委员履职记录", f"{start:%Y%m%d}至{end:%Y%m%d}")
    return DocumentSource(
        "委员履职记录", name, lambda _mask: printing.member_record_pdf(db, member.id, start, end)
    )


def preview_minutes(
    parent: QWidget | None, db: Database, meeting_id: str, version: int | None = None
) -> worker.JobHandle[bytes]:
    """预览纪要 for any screen that shows a meeting (the consultation editor calls this)."""
    return open_preview(parent, minutes_source(db, meeting_id, version))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(day: date, name: str) -> DateField:
    return DateField(name, day, required=True)


class DocumentsPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._today = today or date.today()
        self.last_preview: PdfPreviewDialog | None = None  # for tests and for raising it again

        heading = QLabel("文档")
        heading.setObjectName("page_title")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(self._build_record_box(), 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self._build_member_box(), 3)
        bottom.addWidget(self._build_export_box(), 2)
        layout.addLayout(bottom)

    # --- building -----------------------------------------------------------------------
    def _build_record_box(self) -> QGroupBox:
        box = QGroupBox("协商议题的文档")
        self.search = QLineEdit()
        self.search.setObjectName("documents_search")
        self.search.setPlaceholderText("按编号或议题名称查找，如 2026-3、老年食堂")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh_consultations)
        self.consultations = QListWidget()
        self.consultations.setObjectName("documents_consultations")
        self.consultations.currentItemChanged.connect(self._consultation_chosen)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("documents_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.meeting_combo = QComboBox()
        self.meeting_combo.setObjectName("documents_meeting")
        self.meeting_combo.currentIndexChanged.connect(self._meeting_chosen)
        self.version_combo = QComboBox()
        self.version_combo.setObjectName("documents_version")
        self.minutes_button = QPushButton("会议纪要")
        self.minutes_button.setObjectName("minutes_button")
        self.minutes_button.clicked.connect(self.preview_minutes)
        self.signin_button = QPushButton("签到表")
        self.signin_button.setObjectName("signin_button")
        self.signin_button.clicked.connect(self.preview_signin)
        self.report_button = QPushButton("协商成果报送单")
        self.report_button.setObjectName("report_button")
        self.report_button.clicked.connect(self.preview_result_report)

        form = QFormLayout()
        form.addRow("协商会议：", self.meeting_combo)
        form.addRow("纪要版本：", self.version_combo)
        buttons = QHBoxLayout()
        for button in (self.minutes_button, self.signin_button, self.report_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel("点击按钮先预览，在预览窗口中可以打印或另存为PDF。电话号码默认隐去中间四位。")
        hint.setWordWrap(True)
        hint.setEnabled(False)

        layout = QVBoxLayout(box)
        layout.addWidget(self.search)
        layout.addWidget(self.consultations, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        return box

    def _build_member_box(self) -> QGroupBox:
        box = QGroupBox("委员履职记录")
        self.member_combo = QComboBox()
        self.member_combo.setObjectName("documents_member")
        self.member_combo.setEditable(True)  # type to find a name in a long roll
        self.member_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        start, end = default_period(self._today)
        self.date_from = _date_edit(start, "documents_from")
        self.date_to = _date_edit(end, "documents_to")
        self.member_button = QPushButton("委员履职记录")
        self.member_button.setObjectName("member_button")
        self.member_button.clicked.connect(self.preview_member_record)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("至"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        period.addSpacing(12)
        period.addWidget(self.member_button)
        form = QFormLayout(box)
        form.addRow("委员：", self.member_combo)
        form.addRow("期间：", period)
        return box

    def _build_export_box(self) -> QGroupBox:
        box = QGroupBox("批量导出")
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("documents_year")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(self._today.year)
        self.year_spin.setSuffix(" 年")
        self.export_button = QPushButton("导出本年度全部纪要…")
        self.export_button.setObjectName("export_year_button")
        self.export_button.clicked.connect(self.export_year)
        note = QLabel("把这一年每次协商会议的纪要各存为一个PDF文件。")
        note.setWordWrap(True)
        note.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.year_spin)
        row.addWidget(self.export_button)
        row.addStretch(1)
        form = QFormLayout(box)
        form.addRow("年度：", row)
        form.addRow(note)
        return box

    # --- filling ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        # Records change on other pages; read them again whenever the page comes into view.
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self.refresh_consultations()
        self._fill_members()

    def refresh_consultations(self) -> None:
        chosen = self.current_consultation_id()
        self.consultations.blockSignals(True)
        self.consultations.clear()
        for choice in printing.consultations_with_meetings(self._db, self.search.text()):
            times = f"{choice.meeting_count}次会议，" if choice.meeting_count > 1 else ""
            item = QListWidgetItem(f"{choice.label}    （{times}{choice.last_meeting:%Y-%m-%d}）")
            item.setData(ID_ROLE, choice.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, choice.number)
            self.consultations.addItem(item)
            if choice.id == chosen:
                self.consultations.setCurrentItem(item)
        if self.consultations.currentItem() is None and self.consultations.count():
            self.consultations.setCurrentRow(0)
        self.consultations.blockSignals(False)
        has_any = self.consultations.count() > 0
        self.empty_label.setVisible(not has_any and not self.search.text().strip())
        self._consultation_chosen()

    def _fill_members(self) -> None:
        chosen = self.member_combo.currentData()
        self.member_combo.clear()
        for member in members.list_members(self._db):
            self.member_combo.addItem(f"{member.name}（{member.sector}）", member)
            if isinstance(chosen, members.MemberView) and chosen.id == member.id:
                self.member_combo.setCurrentIndex(self.member_combo.count() - 1)
        line = self.member_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(NO_MEMBERS_TEXT if not self.member_combo.count() else "")
        self.member_button.setEnabled(self.member_combo.count() > 0)

    def current_consultation_id(self) -> str | None:
        item = self.consultations.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def select_consultation(self, consultation_id: str) -> None:
        for row in range(self.consultations.count()):
            if self.consultations.item(row).data(ID_ROLE) == consultation_id:
                self.consultations.setCurrentRow(row)
                return

    def _consultation_chosen(self, *_args: object) -> None:
        self.meeting_combo.blockSignals(True)
        self.meeting_combo.clear()
        consultation_id = self.current_consultation_id()
        if consultation_id is not None:
            for n, detail in enumerate(meetings.meetings_of(self._db, consultation_id), 1):
                when = detail.data.held_at
                state = f"已定稿第{detail.minutes_version}版" if detail.finalised else "草稿"
                label = (
                    f"第{n}次  {when:%Y-%m-%d %H:%M}  {detail.data.form}（{state}）" if when else f"第{n}次"
                )
                self.meeting_combo.addItem(label, detail)
            self.meeting_combo.setCurrentIndex(self.meeting_combo.count() - 1)  # the latest
        self.meeting_combo.blockSignals(False)
        self._meeting_chosen()
        enabled = consultation_id is not None
        for button in (self.minutes_button, self.signin_button, self.report_button):
            button.setEnabled(enabled)

    def _meeting_chosen(self, *_args: object) -> None:
        self.version_combo.clear()
        detail = self.meeting_combo.currentData()
        if not isinstance(detail, meetings.MeetingDetail):
            return
        if not detail.finalised:
            self.version_combo.addItem(f"{CURRENT_TEXT}（草稿）", None)
        for version, at in reversed(detail.versions):
            self.version_combo.addItem(f"定稿第{version}版（{at:%Y-%m-%d}）", version)

    def current_meeting_id(self) -> str | None:
        detail = self.meeting_combo.currentData()
        return detail.id if isinstance(detail, meetings.MeetingDetail) else None

    # --- actions ------------------------------------------------------------------------
    def _show(self, make_source: Callable[[], DocumentSource]) -> worker.JobHandle[bytes] | None:
        try:
            source = make_source()
        except KnownError as error:  # e.g. the meeting was deleted meanwhile
            messages.show_known_error(self, error)
            return None
        return open_preview(self, source, self._remember)

    def _remember(self, dialog: PdfPreviewDialog) -> None:
        self.last_preview = dialog

    def preview_minutes(self) -> None:
        meeting_id = self.current_meeting_id()
        if meeting_id is not None:
            version = self.version_combo.currentData()
            chosen = version if isinstance(version, int) else None
            self._show(lambda: minutes_source(self._db, meeting_id, chosen))

    def preview_signin(self) -> None:
        meeting_id = self.current_meeting_id()
        if meeting_id is not None:
            self._show(lambda: signin_source(self._db, meeting_id))

    def preview_result_report(self) -> None:
        item = self.consultations.currentItem()
        if item is not None:
            number = str(item.data(Qt.ItemDataRole.UserRole + 1))
            consultation_id = str(item.data(ID_ROLE))
            self._show(lambda: result_report_source(self._db, consultation_id, number))

    def preview_member_record(self) -> None:
        member = self.member_combo.currentData()
        if not isinstance(member, members.MemberView):
            messages.show_error(self, "请先选择一位委员。")
            return
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        if end < start:
            messages.show_error(self, "结束日期不能早于开始日期。")
            return
        self._show(lambda: member_record_source(self._db, member, start, end))

    def export_year(self) -> worker.JobHandle[list[Path]] | None:
        start = folders.start_folder("documents")
        chosen = QFileDialog.getExistingDirectory(self, "选择导出到的文件夹", start)
        if not chosen:
            return None
        folders.remember("documents", chosen)
        folder, year, db = Path(chosen), self.year_spin.value(), self._db

        def done(written: list[Path]) -> None:
            revoked = year_export.revoked_note(year_export.revoked_in(db, year))
            if not written:
                nothing = "没有可导出的会议纪要" if revoked else "没有协商会议记录"
                messages.show_info(self, f"{year}年{nothing}，没有导出文件。{revoked}")
            else:
                notes = year_export.export_notes(db, year)
                note = f"\n{notes}" if notes else ""
                messages.show_info(self, f"已导出 {year} 年的 {len(written)} 份会议纪要到：\n{folder}{note}")

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                messages.show_info(self, f"导出已取消。已生成的文件完整保留在：\n{folder}")
            else:
                worker.report_error(self, error)

        return worker.run_job(
            self,
            f"导出{year}年全部纪要",
            lambda token: printing.export_year_minutes(db, year, folder, token),
            done,
            failed,
        )
