"""The 社情民意信息 form (一事一报): new or edit; the service checks it and nothing is saved when invalid."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import FIELD_NAMES, REPORT_CONVERTED, REPORT_DRAFT, REPORT_STATUSES
from station_app.domain.fieldcheck import ValidationError
from station_app.errors import KnownError
from station_app.services.members import MemberView
from station_app.services.reports import ReportInput, ReportView, add_report, update_report
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.editor.date_field import DateField
from station_app.ui.editor.widgets import INVALID_STYLE, REQUIRED_NOTE, mark_invalid, required_label

log = logging.getLogger(__name__)

NO_MEMBER_TEXT = "（无）"
ERROR_STYLE = "color: #c0392b;"


def ask_field(parent: QWidget | None) -> str | None:
    """Which 领域 the new topic belongs to; None when the clerk cancels (tests replace this)."""
    if not messages.has_screen():
        log.warning("field choice not shown (no screen)")
        return None
    chosen, ok = QInputDialog.getItem(
        parent, "转为协商议题", "请选择议题所属的领域：", list(FIELD_NAMES), 0, False
    )
    return chosen if ok and chosen else None


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _long_edit(name: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


class ReportDialog(QDialog):
    """新建/编辑社情民意信息. ``saved_id`` is set once the service has stored it."""

    def __init__(
        self,
        db: Database,
        members: list[MemberView],
        today: date,
        report: ReportView | None = None,
        parent: QWidget | None = None,
        *,
        actor: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report_dialog")
        self.setWindowTitle("编辑社情民意信息" if report else "新建社情民意信息")
        self.setStyleSheet(INVALID_STYLE)
        self._db = db
        self._today = today
        self._report = report
        self._actor = actor
        self.saved_id: str | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("report_title")
        self.reporter_edit = QLineEdit()
        self.reporter_edit.setObjectName("report_reporter")
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("report_unit")
        self.member_combo = QComboBox()
        self.member_combo.setObjectName("report_member")
        self.member_combo.addItem(NO_MEMBER_TEXT, None)
        for member in members:
            label = f"{member.name}（{member.sector}）" + ("" if member.active else "（已不在册）")
            self.member_combo.addItem(label, member.id)
        self.situation_edit = _long_edit("report_situation", 90)
        self.cause_edit = _long_edit("report_cause")
        self.suggestion_edit = _long_edit("report_suggestion")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("report_status")
        for status in REPORT_STATUSES:
            if status != REPORT_CONVERTED or (report and report.data.status == REPORT_CONVERTED):
                self.status_combo.addItem(status)
        # A draft has not been sent: its 报送日期 stays empty until the status says it was.
        self.date_edit = DateField("report_date", None, today=lambda: today)
        self.status_combo.currentTextChanged.connect(self._status_changed)

        self._fields: dict[str, QWidget] = {
            "title": self.title_edit,
            "reporter": self.reporter_edit,
            "reporter_unit": self.unit_edit,
            "situation": self.situation_edit,
            "cause": self.cause_edit,
            "suggestion": self.suggestion_edit,
            "status": self.status_combo,
            "reported_on": self.date_edit,
        }
        form = QFormLayout()
        form.addRow(required_label("标题：", self.title_edit), self.title_edit)
        form.addRow(required_label("反映人：", self.reporter_edit), self.reporter_edit)
        form.addRow("反映人单位：", self.unit_edit)
        form.addRow("关联委员：", self.member_combo)
        form.addRow(required_label("基本情况：", self.situation_edit), self.situation_edit)
        form.addRow("原因分析：", self.cause_edit)
        form.addRow("意见建议：", self.suggestion_edit)
        form.addRow("状态：", self.status_combo)
        form.addRow("报送日期：", self.date_edit)

        note = QLabel(REQUIRED_NOTE)
        note.setStyleSheet("color: #666666;")
        form.addRow("", note)
        self.error_label = QLabel()
        self.error_label.setObjectName("report_errors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("保存")
        self.ok_button.setObjectName("report_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(620, 620)
        if report is not None:
            self._load(report)

    def _load(self, report: ReportView) -> None:
        data = report.data
        self.title_edit.setText(data.title)
        self.reporter_edit.setText(data.reporter)
        self.unit_edit.setText(data.reporter_unit)
        index = self.member_combo.findData(data.member_id) if data.member_id else 0
        self.member_combo.setCurrentIndex(max(index, 0))
        self.situation_edit.setPlainText(data.situation)
        self.cause_edit.setPlainText(data.cause)
        self.suggestion_edit.setPlainText(data.suggestion)
        self.status_combo.setCurrentText(data.status)
        self.status_combo.setEnabled(data.status != REPORT_CONVERTED)
        self.date_edit.set_value(data.reported_on)

    def value(self) -> ReportInput:
        member = self.member_combo.currentData()
        return ReportInput(
            title=self.title_edit.text(),
            reporter=self.reporter_edit.text(),
            situation=self.situation_edit.toPlainText(),
            reporter_unit=self.unit_edit.text(),
            cause=self.cause_edit.toPlainText(),
            suggestion=self.suggestion_edit.toPlainText(),
            status=self.status_combo.currentText(),
            reported_on=self.date_edit.value(),
            member_id=member if isinstance(member, str) else None,
        )

    def _status_changed(self, status: str) -> None:
        if status != REPORT_DRAFT and self.date_edit.value() is None:
            self.date_edit.set_value(self._today)  # sent today, unless the clerk writes another day

    def _mark(self, fields: set[str]) -> None:
        for key, widget in self._fields.items():
            mark_invalid(widget, key in fields)

    def show_problem(self, text: str, fields: set[str] | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self._mark(fields or set())

    def save(self) -> bool:
        """Store through the service; on a refusal keep the dialog open and say why."""
        value = self.value()
        try:
            if self._report is None:
                self.saved_id = add_report(self._db, value, today=self._today, actor=self._actor)
            else:
                update_report(self._db, self._report.id, value, today=self._today, actor=self._actor)
                self.saved_id = self._report.id
        except ValidationError as error:
            lines = "\n".join(f"· {issue.text}" for issue in error.issues)
            self.show_problem("没有保存，请先改正：\n" + lines, {issue.field for issue in error.issues})
            first = next((self._fields.get(i.field) for i in error.issues if i.field in self._fields), None)
            if first is not None:
                first.setFocus()
            return False
        except KnownError as error:
            self.show_problem(error.message)
            return False
        self.show_problem("")
        self.accept()
        return True
