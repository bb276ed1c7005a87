"""协商: the meetings of a topic, one edited at a time; 定稿 locks the minutes, 修订 reopens them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.fieldcheck import Issue
from station_app.services import consultations, meetings
from station_app.services.meetings import MeetingDetail
from station_app.ui import messages
from station_app.ui.editor import reason_dialog
from station_app.ui.editor.meeting_editor import MeetingForm
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.tab_base import EditorTab
from station_app.ui.pages import documents_page

ID_ROLE = Qt.ItemDataRole.UserRole
SAVE_FIRST_TEXT = "这次会议还有未保存的修改，请先点击「保存会议」。"
FINALISE_QUESTION = (
    "定稿后会议纪要将锁定，不能再直接修改（如需修改可「修订纪要」，原定稿版本会保留）。确定定稿吗？"
)
SAVE_TEXT = "保存会议"
FOLLOW_UP_SAVE_TEXT = "保存完成日期"
FOLLOW_UP_TIP = "纪要已定稿锁定；下步措施的「完成日期」是会后的落实情况，仍可填写并保存。"
SWITCH_QUESTION = "当前会议有未保存的修改，要保存吗？"


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class MeetingsTab(EditorTab):
    key = "meetings"
    title = "协商"

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.meeting_id: str | None = None
        self.detail: MeetingDetail | None = None
        self.list = QListWidget()
        self.list.setObjectName("meeting_list")
        self.list.setFixedWidth(190)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = _button("新建会议", "new_meeting_button")
        self.new_button.clicked.connect(self.new_meeting)
        self.delete_button = _button("删除会议", "delete_meeting_button")
        self.delete_button.clicked.connect(self.delete_meeting)

        self.form = MeetingForm(ctx.db, ctx.today)
        self.form.research_member_ids = lambda: (
            consultations.research_member_ids(ctx.db, ctx.cid) if ctx.consultation_id else []
        )
        self.form.changed.connect(self.changed)
        self.form.changed.connect(self._update_save_button)
        self.fields = self.form.fields
        scroll = self.form_scroll = QScrollArea()
        scroll.setObjectName("meeting_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.state_label = QLabel()
        self.state_label.setObjectName("minutes_state")
        font = self.state_label.font()
        font.setBold(True)
        self.state_label.setFont(font)

        self.save_button = _button(SAVE_TEXT, "save_meeting_button")
        self.save_button.clicked.connect(self.save_clicked)
        self.finalise_button = _button("定稿", "finalise_button")
        self.finalise_button.clicked.connect(self.finalise)
        self.revise_button = _button("修订纪要", "revise_button")
        self.revise_button.clicked.connect(self.revise)
        self.versions = QComboBox()
        self.versions.setObjectName("minutes_versions")
        self.versions.setToolTip("预览当前内容，或已定稿的某一版")
        self.versions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preview_button = _button("预览纪要", "preview_button")
        self.preview_button.clicked.connect(self.preview)

        left = QVBoxLayout()
        left.addWidget(QLabel("本议题的协商会议："))
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        left.addWidget(self.delete_button)
        bar = QHBoxLayout()
        bar.addWidget(self.state_label)
        bar.addStretch(1)
        for widget in (self.save_button, self.finalise_button, self.revise_button, self.versions):
            bar.addWidget(widget)
        bar.addWidget(self.preview_button)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.mark_clean()

    # --- state --------------------------------------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        return {"meeting_id": self.meeting_id, "form": self.form.state()}

    def set_form_state(self, state: dict[str, Any]) -> None:
        wanted = state.get("meeting_id")
        self._show_meeting(str(wanted) if wanted else None)
        if self.detail is None or not self.detail.finalised:
            self.form.set_state(dict(state.get("form", {})))
        self.changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        self.form.refresh_members()  # members added on the 委员 page meanwhile are offered
        super().showEvent(event)

    def load(self, record: RecordView) -> None:
        self.form.refresh_members()
        self._show_meeting(self.meeting_id)

    def _show_meeting(self, meeting_id: str | None) -> None:
        """Re-read the list and show ``meeting_id`` (or the latest meeting, or a blank new one)."""
        found = meetings.meetings_of(self.ctx.db, self.ctx.cid)
        by_id = {m.id: m for m in found}
        if meeting_id not in by_id:
            meeting_id = found[-1].id if found else None
        self.list.blockSignals(True)
        self.list.clear()
        for detail in found:
            when = detail.data.held_at.strftime("%Y-%m-%d %H:%M") if detail.data.held_at else ""
            mark = f"\n已定稿（第{detail.minutes_version}版）" if detail.finalised else "\n未定稿"
            item = QListWidgetItem(f"{when}\n{detail.data.form}{mark}")
            item.setData(ID_ROLE, detail.id)
            self.list.addItem(item)
            if detail.id == meeting_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.meeting_id = meeting_id
        self.detail = by_id.get(meeting_id) if meeting_id else None
        self.form.clear_issues()
        self.form.load(self.detail, default_recorder=self.ctx.info.clerk_name)
        self.form.action_items.refresh_states()
        self._refresh_state()
        self.mark_clean()
        self._update_save_button()

    def _refresh_state(self) -> None:
        detail = self.detail
        if detail is None:
            text = "新会议（尚未保存）"
        elif detail.finalised:
            text = f"已定稿（第{detail.minutes_version}版）"
        elif detail.minutes_version:
            text = f"修订中（已定稿的第{detail.minutes_version}版已保留）"
        else:
            text = "未定稿"
        self.state_label.setText(text)
        self.versions.clear()
        self.versions.addItem("当前内容", None)
        for version, at in detail.versions if detail else ():
            self.versions.addItem(f"定稿第{version}版（{at.astimezone():%Y-%m-%d}）", version)
        self.versions.setVisible(self.versions.count() > 1)
        self.apply_read_only(self.read_only)

    def apply_read_only(self, read_only: bool) -> None:
        finalised = self.detail is not None and self.detail.finalised
        saved = self.detail is not None
        self.form.set_read_only(read_only or finalised)
        # What happened after the meeting (完成日期) is not part of the minutes: it stays editable.
        self.form.action_items.set_column_editable("done_on", not read_only)
        self.save_button.setText(FOLLOW_UP_SAVE_TEXT if finalised else SAVE_TEXT)
        self.save_button.setToolTip(FOLLOW_UP_TIP if finalised else "")
        self._update_save_button()
        self.finalise_button.setEnabled(not read_only and saved and not finalised)
        self.revise_button.setEnabled(not read_only and finalised)
        self.revise_button.setVisible(
            saved and (finalised or bool(self.detail and self.detail.minutes_version))
        )
        self.new_button.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only and saved and not finalised)
        self.preview_button.setEnabled(saved)

    def _update_save_button(self) -> None:
        finalised = self.detail is not None and self.detail.finalised
        # After 定稿 the button saves only 完成日期, so it wakes up when one was changed.
        self.save_button.setEnabled(not self.read_only and (not finalised or self.is_dirty()))

    # --- actions ------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.detail is not None and self.detail.finalised:
            return self._save_follow_up(self.detail)
        self.meeting_id = meetings.save_meeting(
            self.ctx.db,
            self.ctx.cid,
            self.form.meeting_input(),
            meeting_id=self.meeting_id,
            today=self.ctx.today(),
            actor=self.ctx.actor,
        )
        self._show_meeting(self.meeting_id)
        return True

    def _save_follow_up(self, detail: MeetingDetail) -> bool:
        """After 定稿 only the 完成日期 of each 下步措施 is saved; the minutes stay as finalised."""
        saved = {a.id: a.done_on for a in detail.data.action_items}
        changed = False
        for row in self.form.action_items.rows():
            item_id = str(row.get("id") or "")
            if item_id in saved and row["done_on"] != saved[item_id]:
                changed = (
                    meetings.record_completion(
                        self.ctx.db, item_id, row["done_on"], today=self.ctx.today(), actor=self.ctx.actor
                    )
                    or changed
                )
        self._show_meeting(self.meeting_id)
        return changed

    def show_action_item(self, action_item_id: str) -> bool:
        """Show the meeting holding this 下步措施 and put the cursor on its 完成日期."""
        for detail in meetings.meetings_of(self.ctx.db, self.ctx.cid):
            ids = [a.id for a in detail.data.action_items]
            if action_item_id in ids:
                if detail.id != self.meeting_id and not self._leave_current():
                    return False
                self._show_meeting(detail.id)
                row = ids.index(action_item_id)
                table = self.form.action_items
                table.selectRow(row)
                table.scrollTo(table.model().index(row, 0))
                cell = table.cell(row, "done_on")
                self.form_scroll.ensureWidgetVisible(table)
                cell.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def save_clicked(self) -> None:
        if self.host is not None:
            self.host.save_tab(self)

    def _leave_current(self) -> bool:
        """Before showing another meeting: keep or drop the edits of this one (False = stay)."""
        if not self.is_dirty():
            return True
        answer = messages.ask_save_discard_cancel(self, SWITCH_QUESTION)
        if answer == messages.SAVE:
            return self.host is not None and self.host.save_tab(self)
        return answer == messages.DISCARD

    def _chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        if not self._leave_current():
            self.list.blockSignals(True)
            if previous is not None:
                self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self._show_meeting(str(item.data(ID_ROLE)))

    def new_meeting(self) -> None:
        if not self._leave_current():
            return
        self.meeting_id = None
        self.detail = None
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.form.clear_issues()
        self.form.load(None, default_recorder=self.ctx.info.clerk_name)
        self._refresh_state()
        self.mark_clean()
        self._update_save_button()
        self.form.focus_first()

    def finalise(self) -> None:
        if self.meeting_id is None:
            return
        if self.is_dirty():
            messages.show_info(self, SAVE_FIRST_TEXT)
            return
        if not messages.ask_yes_no(self, FINALISE_QUESTION):
            return
        self._act(lambda: meetings.finalise_minutes(self.ctx.db, self.cid_meeting, actor=self.ctx.actor))

    def revise(self) -> None:
        if self.meeting_id is None:
            return
        reason = reason_dialog.ask_reason(self, "修订纪要", "请说明为什么要修订已定稿的会议纪要：")
        if reason is None:
            return
        self._act(
            lambda: meetings.revise_minutes(
                self.ctx.db, self.cid_meeting, reason=reason, actor=self.ctx.actor
            )
        )

    def delete_meeting(self) -> None:
        if self.meeting_id is None:
            return
        reason = reason_dialog.ask_reason(self, "删除会议", "请说明为什么要删除这次会议的记录：")
        if reason is None:
            return
        gone = self.meeting_id
        self.meeting_id = None
        self._act(lambda: meetings.delete_meeting(self.ctx.db, gone, reason=reason, actor=self.ctx.actor))

    @property
    def cid_meeting(self) -> str:
        assert self.meeting_id is not None
        return self.meeting_id

    def _act(self, action: Callable[[], object]) -> None:
        if self.host is not None and self.host.run_action(action):
            self._show_meeting(self.meeting_id)

    def preview(self) -> None:
        if self.meeting_id is None:
            return
        if self.is_dirty():
            messages.show_info(self, SAVE_FIRST_TEXT)
            return
        documents_page.preview_minutes(self, self.ctx.db, self.meeting_id, self.versions.currentData())

    def show_issues(self, issues: list[Issue]) -> QWidget | None:
        return self.form.show_issues(issues)

    def clear_issues(self) -> None:
        self.form.clear_issues()
