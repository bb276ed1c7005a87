"""The form of one consultation meeting: who, when, where, what was said, agreed and is to be done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import MEETING_FORMS
from station_app.domain.fieldcheck import Issue
from station_app.domain.typed_moment import moment_warning
from station_app.services import members
from station_app.services.meetings import MeetingDetail, MeetingInput
from station_app.storage.engine import Database
from station_app.ui.editor.meeting_tables import (
    ActionItemsTable,
    ParticipantsTable,
    StatementsTable,
    json_ready,
)
from station_app.ui.editor.row_table import RowTable
from station_app.ui.editor.widgets import (
    ChoiceBox,
    DateTimeField,
    line_edit,
    mark_invalid,
    plain_text,
    required_label,
    set_read_only,
)

# Row issues from the service are labelled 「参加人员第2行·姓名」; the prefix names the table.
_TABLE_PREFIXES = ("参加人员", "发言", "下步措施")


def _button(text: str, name: str, handler: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda: handler())
    return button


class MeetingForm(QWidget):
    changed = Signal()

    def __init__(self, db: Database, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.form = ChoiceBox("meeting_form", MEETING_FORMS)
        self.held_at = DateTimeField("meeting_held_at", today=today)
        self.held_at_warning = QLabel()
        self.held_at_warning.setObjectName("meeting_held_at_warning")
        self.held_at_warning.setStyleSheet("color: #b26a00;")
        self.held_at_warning.setWordWrap(True)
        self.held_at_warning.hide()
        # The topic's 提出日期 (set by the tab): a meeting before it is worth a second look.
        self.proposed_on: Callable[[], date | None] = lambda: None
        self.place = line_edit("meeting_place", "如：嘉州社区议事室", 100)
        self.chair = line_edit("meeting_chair", "", 30)
        self.recorder = line_edit("meeting_recorder", "", 30)
        self.background = plain_text("meeting_background", "议题由来、调研情况、会前准备", 70)
        self.consensus = plain_text("meeting_consensus", "一行写一条共识", 80)
        self.disagreements = plain_text("meeting_disagreements", "尚未取得一致的意见（没有可不填）", 60)
        self.participants = ParticipantsTable()
        self.statements = StatementsTable()
        self.action_items = ActionItemsTable(today)
        self.member_picker = QComboBox()
        self.member_picker.setObjectName("member_picker")
        self.member_picker.setMinimumWidth(150)
        self.member_picker.setToolTip("从委员名册中选择，单位和电话自动填入")
        self._member_info: dict[str, members.MemberView] = {}
        # The ids of the members who took part in 调研 (set by the tab: it knows the topic).
        self.research_member_ids: Callable[[], list[str]] = list
        self.tables: dict[str, RowTable] = {
            "参加人员": self.participants,
            "发言": self.statements,
            "下步措施": self.action_items,
        }
        for caption, table in self.tables.items():
            table.caption = caption
        self.fields: dict[str, QWidget] = {
            "form": self.form,
            "held_at": self.held_at,
            "place": self.place,
            "chair": self.chair,
            "recorder": self.recorder,
            "background": self.background,
            "consensus": self.consensus,
            "disagreements": self.disagreements,
            "statements": self.statements,
        }
        self._build()
        for widget in (self.place, self.chair, self.recorder):
            widget.textChanged.connect(self.changed)
        for text in (self.background, self.consensus, self.disagreements):
            text.textChanged.connect(self.changed)
        self.form.currentIndexChanged.connect(self.changed)
        self.held_at.dateChanged.connect(self.changed)
        self.held_at.dateChanged.connect(self.check_held_at)
        for table in self.tables.values():
            table.changed.connect(self.changed)

    def _build(self) -> None:
        top = QGridLayout()
        top.setHorizontalSpacing(10)
        top.addWidget(required_label("协商形式：", self.form), 0, 0)
        top.addWidget(self.form, 0, 1)
        top.addWidget(required_label("协商时间：", self.held_at), 0, 2)
        top.addWidget(self.held_at, 0, 3)
        top.addWidget(required_label("协商地点：", self.place), 1, 0)
        top.addWidget(self.place, 1, 1, 1, 3)
        top.addWidget(required_label("主持人：", self.chair), 2, 0)
        top.addWidget(self.chair, 2, 1)
        top.addWidget(required_label("记录人：", self.recorder), 2, 2)
        top.addWidget(self.recorder, 2, 3)
        top.addWidget(self.held_at_warning, 3, 0, 1, 4)
        top.setColumnStretch(1, 1)
        top.setColumnStretch(3, 1)

        people_bar = QHBoxLayout()
        people_bar.addWidget(QLabel("从委员名册："))
        people_bar.addWidget(self.member_picker)
        self.add_member_button = _button("添加委员", "add_member_button", self.add_chosen_member)
        self.add_person_button = _button("添加其他人员", "add_person_button", self.participants.add_person)
        self.add_research_button = _button("添加调研委员", "add_research_members", self.add_research_members)
        self.add_research_button.setToolTip("把「调研」页勾选的委员都加入参加人员")
        people_bar.addWidget(self.add_member_button)
        people_bar.addWidget(self.add_research_button)
        people_bar.addWidget(self.add_person_button)
        people_bar.addStretch(1)
        people_bar.addWidget(
            _button("删除所选人员", "remove_person_button", self.participants.remove_current_row)
        )
        self.participants.setMinimumHeight(32 * 8 + 30)  # eight people visible without scrolling

        statements_bar = QHBoxLayout()
        statements_bar.addWidget(_button("添加发言", "add_statement_button", self.statements.add_row))
        statements_bar.addStretch(1)
        statements_bar.addWidget(
            _button("删除所选发言", "remove_statement_button", self.statements.remove_current_row)
        )
        self.statements.setMinimumHeight(120)

        items_bar = QHBoxLayout()
        items_bar.addWidget(_button("添加事项", "add_action_button", self.action_items.add_row))
        legend = QLabel("时限前7天内显示「即将到期」（橙色），过了时限未完成显示「已逾期」（红色）。")
        legend.setObjectName("deadline_legend")
        legend.setEnabled(False)
        items_bar.addWidget(legend)
        items_bar.addStretch(1)
        items_bar.addWidget(
            _button("删除所选事项", "remove_action_button", self.action_items.remove_current_row)
        )
        self.action_items.setMinimumHeight(120)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        text_form = QFormLayout()
        text_form.addRow("基本情况：", self.background)
        layout.addLayout(text_form)
        layout.addWidget(self._group("参加人员", people_bar, self.participants))
        layout.addWidget(self._group("发言情况", statements_bar, self.statements))
        outcome = QFormLayout()
        outcome.addRow("形成共识：", self.consensus)
        outcome.addRow("不同意见：", self.disagreements)
        layout.addLayout(outcome)
        layout.addWidget(self._group("下步措施", items_bar, self.action_items))

    @staticmethod
    def _group(title: str, bar: QHBoxLayout, table: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addLayout(bar)
        inner.addWidget(table)
        return box

    def check_held_at(self, *_args: object) -> None:
        """Warn, without refusing, about an unusual 协商时间 (at night, before the topic was raised)."""
        warning = moment_warning(self.held_at.value(), self.proposed_on())
        self.held_at_warning.setText(f"请注意：协商时间{warning}。" if warning else "")
        self.held_at_warning.setVisible(bool(warning))

    # --- the member registry ---------------------------------------------------------------
    def refresh_members(self) -> None:
        self.member_picker.clear()
        self._member_info = {m.id: m for m in members.list_members(self._db, include_inactive=False)}
        for member in self._member_info.values():
            self.member_picker.addItem(f"{member.name}（{member.sector}）", member.id)
        empty = not self._member_info
        self.member_picker.setPlaceholderText("（委员名册为空）" if empty else "请选择委员")
        self.member_picker.setCurrentIndex(-1)

    def add_research_members(self) -> int:
        """The members chosen at 调研, each listed once; how many were added."""
        chosen = set(self.research_member_ids())
        before = self.participants.rowCount()
        for member in members.list_members(self._db, include_inactive=True):  # the registry's order
            if member.id in chosen:
                self.participants.add_member(member.id, member.name, member.unit, member.phone)
        return self.participants.rowCount() - before

    def add_chosen_member(self) -> None:
        member = self._member_info.get(str(self.member_picker.currentData() or ""))
        if member is not None:
            self.participants.add_member(member.id, member.name, member.unit, member.phone)

    # --- values -----------------------------------------------------------------------------
    def meeting_input(self) -> MeetingInput:
        return MeetingInput(
            form=self.form.value(),
            held_at=self.held_at.value(),
            place=self.place.text(),
            chair=self.chair.text(),
            recorder=self.recorder.text(),
            background=self.background.toPlainText(),
            consensus=self.consensus.toPlainText(),
            disagreements=self.disagreements.toPlainText(),
            participants=self.participants.inputs(),
            statements=self.statements.inputs(),
            action_items=self.action_items.inputs(),
        )

    def state(self) -> dict[str, Any]:
        return {
            "form": self.form.value(),
            "held_at": self.held_at.value().isoformat(timespec="minutes"),
            "place": self.place.text(),
            "chair": self.chair.text(),
            "recorder": self.recorder.text(),
            "background": self.background.toPlainText(),
            "consensus": self.consensus.toPlainText(),
            "disagreements": self.disagreements.toPlainText(),
            "participants": self.participants.json_rows(),
            "statements": self.statements.json_rows(),
            "action_items": self.action_items.json_rows(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        self.blockSignals(True)
        self.form.set_value(str(state.get("form", "")))
        held = state.get("held_at")
        self.held_at.set_value(datetime.fromisoformat(str(held)) if held else None)
        self.place.setText(str(state.get("place", "")))
        self.chair.setText(str(state.get("chair", "")))
        self.recorder.setText(str(state.get("recorder", "")))
        self.background.setPlainText(str(state.get("background", "")))
        self.consensus.setPlainText(str(state.get("consensus", "")))
        self.disagreements.setPlainText(str(state.get("disagreements", "")))
        self.participants.set_rows(list(state.get("participants", [])))
        self.statements.set_rows(list(state.get("statements", [])))
        self.action_items.set_rows(list(state.get("action_items", [])))
        self.blockSignals(False)
        self.check_held_at()

    def load(self, detail: MeetingDetail | None, default_recorder: str = "") -> None:
        if detail is None:
            self.set_state({"recorder": default_recorder})
            self.add_research_members()  # a new meeting starts with the members who did the 调研
            return
        data = detail.data
        self.set_state(
            {
                **{k: getattr(data, k) for k in ("form", "place", "chair", "recorder")},
                **{k: getattr(data, k) for k in ("background", "consensus", "disagreements")},
                "held_at": data.held_at.isoformat() if data.held_at else None,
                "participants": json_ready(data.participants),
                "statements": json_ready(data.statements),
                "action_items": json_ready(data.action_items),
            }
        )

    def set_read_only(self, read_only: bool) -> None:
        set_read_only(self, read_only)
        for table in self.tables.values():
            table.set_read_only(read_only)

    # --- errors -----------------------------------------------------------------------------
    def show_issues(self, issues: list[Issue]) -> QWidget | None:
        first: QWidget | None = None
        for issue in issues:
            widget = self._widget_for(issue)
            if widget is not None:
                mark_invalid(widget, True)
                first = first or widget
        return first

    def _widget_for(self, issue: Issue) -> QWidget | None:
        prefix, _, rest = issue.label.partition("第")
        table = self.tables.get(prefix)
        if table is not None and "行" in rest:
            row = int(rest.split("行", 1)[0]) - 1
            if 0 <= row < table.rowCount():
                table.selectRow(row)
                if any(c.key == issue.field for c in table.columns):
                    return table.cell(row, issue.field)
            return table
        return self.fields.get(issue.field)

    def clear_issues(self) -> None:
        for widget in [*self.fields.values(), *self.tables.values()]:
            mark_invalid(widget, False)
        for table in self.tables.values():
            for row in range(table.rowCount()):
                for column in table.columns:
                    mark_invalid(table.cell(row, column.key), False)

    def focus_first(self) -> None:
        self.form.setFocus(Qt.FocusReason.OtherFocusReason)
