"""「登记办理反馈」 at a county or city office: the reply that goes back to the station."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import RESULT_CODES
from station_app.errors import KnownError
from station_app.ui import messages
from station_app.ui.editor.date_field import DateField

if TYPE_CHECKING:
    from station_app.storage.engine import Database


class FeedbackDialog(QDialog):
    """Saves through ``hub.feedback.save_feedback``; the dialog stays open on a refusal."""

    def __init__(
        self, db: Database, consultation_id: str, title: str, author: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"登记办理反馈 — {title}")
        self.setObjectName("feedback_dialog")
        self._db = db
        self._consultation_id = consultation_id
        self.saved_id: str | None = None
        self.result_combo = QComboBox()
        self.result_combo.setObjectName("feedback_result")
        self.result_combo.addItem("（未定）", "")
        for code, meaning in RESULT_CODES.items():
            self.result_combo.addItem(f"{code} {meaning}", code)
        self.reply_edit = QPlainTextEdit()
        self.reply_edit.setObjectName("feedback_reply")
        self.reply_on = DateField("feedback_reply_on", date.today(), required=True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("feedback_note")
        self.note_edit.setMaximumHeight(80)
        self.author_edit = QLineEdit(author)
        self.author_edit.setObjectName("feedback_author")
        self.topic_label = QLabel(title)  # the title bar may be cut or hidden: the topic is named here too
        self.topic_label.setObjectName("feedback_topic")
        self.topic_label.setWordWrap(True)
        self.topic_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.topic_label.font()
        bold.setBold(True)
        self.topic_label.setFont(bold)
        form = QFormLayout()
        form.addRow("议题：", self.topic_label)
        form.addRow("办理结果：", self.result_combo)
        form.addRow("反馈内容：", self.reply_edit)
        form.addRow("反馈日期：", self.reply_on)
        form.addRow("办理进展：", self.note_edit)
        form.addRow("填写人：", self.author_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def save(self) -> None:
        from station_app.hub.feedback import FeedbackInput, save_feedback

        day = self.reply_on.date()
        entry = FeedbackInput(
            consultation_id=self._consultation_id,
            result_code=str(self.result_combo.currentData() or ""),
            reply_text=self.reply_edit.toPlainText(),
            reply_on=date(day.year(), day.month(), day.day()),
            author=self.author_edit.text(),
            progress_note=self.note_edit.toPlainText(),
        )
        try:
            self.saved_id = save_feedback(self._db, entry)
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self.accept()
        messages.show_info(self.parentWidget(), saved_text(self.topic_label.text()), title="已登记")


def saved_text(topic: str) -> str:
    from station_app.hub.feedback_state import WRITE_HINT

    return f"已登记{topic}的办理反馈，打开该议题可以看到。\n\n还没有发给联络站：{WRITE_HINT}"
