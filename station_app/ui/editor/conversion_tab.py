"""转化: where the result was sent, who handles it, the reply, and dated progress notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import OUTPUT_TYPES, RESULT_CODES
from station_app.domain.fieldcheck import deadline_state
from station_app.services import conversion
from station_app.services.conversion import ConversionInput
from station_app.ui.editor.meeting_tables import DEADLINE_LOOK
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.tab_base import EditorTab
from station_app.ui.editor.widgets import (
    ChoiceBox,
    DateField,
    from_iso,
    iso,
    line_edit,
    plain_text,
    set_read_only,
)

RESULT_CHOICES = [(code, f"{code}（{label}）") for code, label in RESULT_CODES.items()]
DATE_KEYS = ("sent_on", "deadline", "reply_on")


def sent_to_example(township: str) -> str:
    """The placeholder of 报送对象, in this station's own words: a 街道 has a 党工委 and an 办事处,
    a 镇 or 乡 a 党委 and a 政府."""
    if not township:
        return "如：乡镇党委、政府"
    return f"如：{township}党工委、办事处" if township.endswith("街道") else f"如：{township}党委、政府"


class ConversionTab(EditorTab):
    key = "conversion"
    title = "转化"

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.output_type = ChoiceBox("conversion_output_type", OUTPUT_TYPES)
        self.sent_to = line_edit("conversion_sent_to", sent_to_example(ctx.info.township_name), 100)
        self.sent_on = DateField("conversion_sent_on", today=ctx.today)
        self.lead_unit = line_edit("conversion_lead_unit", "牵头办理的部门或单位", 100)
        self.deadline = DateField("conversion_deadline", today=ctx.today)
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("conversion_deadline_state")
        self.result_code = ChoiceBox("conversion_result_code", RESULT_CHOICES)
        self.result_code.setToolTip(
            "A 已解决：问题已经解决\nB 正在解决：正在办理\nC 以后解决：列入计划\nD 留作参考"
        )
        self.reply_text = plain_text("conversion_reply_text", "办理单位的答复或反馈内容", 90)
        self.reply_text.setMaximumHeight(160)
        self.reply_on = DateField("conversion_reply_on", today=ctx.today)
        self.notes = QListWidget()
        self.notes.setObjectName("progress_notes")
        self.notes.setMinimumHeight(80)
        self.note_date = DateField("note_date", ctx.today(), today=ctx.today)
        self.note_text = line_edit("note_text", "办理进展，如：已完成选址，正在招标", 500)
        self.add_note_button = QPushButton("添加进展")
        self.add_note_button.setObjectName("add_note_button")
        self.add_note_button.clicked.connect(self.add_note)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        rows: list[tuple[str, QWidget, str, QWidget]] = [
            ("成果形式：", self.output_type, "报送对象：", self.sent_to),
            ("报送日期：", self.sent_on, "牵头办理单位：", self.lead_unit),
            (
                "办理时限：",
                self._with_label(self.deadline, self.deadline_label),
                "办理结果：",
                self.result_code,
            ),
            ("反馈日期：", self.reply_on, "", QWidget()),
        ]
        for row, (label1, widget1, label2, widget2) in enumerate(rows):
            grid.addWidget(QLabel(label1), row, 0)
            grid.addWidget(widget1, row, 1)
            grid.addWidget(QLabel(label2), row, 2)
            grid.addWidget(widget2, row, 3)
        grid.addWidget(QLabel("反馈内容："), 4, 0)
        grid.addWidget(self.reply_text, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 2)

        note_bar = QHBoxLayout()
        note_bar.addWidget(self.note_date)
        note_bar.addWidget(self.note_text, 1)
        note_bar.addWidget(self.add_note_button)
        notes_box = QGroupBox("办理进展")
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addLayout(note_bar)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        layout.addLayout(grid)
        layout.addWidget(notes_box, 1)
        self.fields = {
            "output_type": self.output_type,
            "sent_to": self.sent_to,
            "sent_on": self.sent_on,
            "lead_unit": self.lead_unit,
            "deadline": self.deadline,
            "result_code": self.result_code,
            "reply_text": self.reply_text,
            "reply_on": self.reply_on,
        }
        self.watch(*self.fields.values(), self.note_text)
        self.deadline.dateChanged.connect(self._show_deadline)
        self.reply_on.dateChanged.connect(self._show_deadline)
        self.mark_clean()

    @staticmethod
    def _with_label(field: QWidget, label: QLabel) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field)
        row.addWidget(label)
        row.addStretch(1)
        return holder

    def _show_deadline(self, *_args: object) -> None:
        # The deadline counts as met once the reply has come; with no deadline there is nothing to show.
        deadline = self.deadline.value()
        state = deadline_state(deadline, self.reply_on.value(), self.ctx.today()) if deadline else "none"
        text, colour, _background = DEADLINE_LOOK[state]
        self.deadline_label.setText(text)
        self.deadline_label.setProperty("deadline_state", state)
        self.deadline_label.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")

    def conversion_input(self) -> ConversionInput:
        return ConversionInput(
            output_type=self.output_type.value(),
            sent_to=self.sent_to.text(),
            sent_on=self.sent_on.value(),
            lead_unit=self.lead_unit.text(),
            deadline=self.deadline.value(),
            result_code=self.result_code.value(),
            reply_text=self.reply_text.toPlainText(),
            reply_on=self.reply_on.value(),
        )

    def _form_values(self) -> dict[str, Any]:
        values = dict(self.conversion_input().__dict__)
        return {k: iso(v) if k in DATE_KEYS else v for k, v in values.items()}

    def form_state(self) -> dict[str, Any]:
        return {**self._form_values(), "note_text": self.note_text.text()}

    def set_form_state(self, state: dict[str, Any]) -> None:
        self.output_type.set_value(str(state.get("output_type", "")))
        self.sent_to.setText(str(state.get("sent_to", "")))
        self.sent_on.set_value(from_iso(state.get("sent_on")))
        self.lead_unit.setText(str(state.get("lead_unit", "")))
        self.deadline.set_value(from_iso(state.get("deadline")))
        self.result_code.set_value(str(state.get("result_code", "")))
        self.reply_text.setPlainText(str(state.get("reply_text", "")))
        self.reply_on.set_value(from_iso(state.get("reply_on")))
        self.note_text.setText(str(state.get("note_text", "")))
        self._show_deadline()

    def load(self, record: RecordView) -> None:
        values = {k: record.values[k] for k in ConversionInput.__dataclass_fields__}
        self.set_form_state({k: iso(v) if k in DATE_KEYS else v for k, v in values.items()})  # type: ignore[arg-type]
        self.notes.clear()
        for note in conversion.progress_notes(self.ctx.db, record.id):
            self.notes.addItem(f"{note.noted_on:%Y-%m-%d}　{note.text}")
        self.mark_clean()

    def save(self) -> bool:
        """The conversion fields, then a progress note still waiting in its box (if any)."""
        saved = False
        if self._form_values() != {k: v for k, v in self._baseline.items() if k != "note_text"}:
            saved = conversion.save_conversion(
                self.ctx.db,
                self.ctx.cid,
                self.conversion_input(),
                today=self.ctx.today(),
                actor=self.ctx.actor,
            )
        if self.note_text.text().strip():
            self._add_note()
            saved = True
        return saved

    def _add_note(self) -> None:
        conversion.add_progress_note(
            self.ctx.db,
            self.ctx.cid,
            self.note_date.value(),
            self.note_text.text(),
            today=self.ctx.today(),
            actor=self.ctx.actor,
        )
        self.note_text.clear()

    def add_note(self) -> None:
        if self.host is not None and self.host.run_action(self._add_note):
            self._reload_notes()

    def _reload_notes(self) -> None:
        self.notes.clear()
        for note in conversion.progress_notes(self.ctx.db, self.ctx.cid):
            self.notes.addItem(f"{note.noted_on:%Y-%m-%d}　{note.text}")
        self._baseline["note_text"] = self.note_text.text()
        self.changed.emit()

    def apply_read_only(self, read_only: bool) -> None:
        set_read_only(self, read_only)
