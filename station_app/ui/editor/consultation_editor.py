"""The consultation editor: header, status buttons, one tab per stage, saving, drafts and leaving.

The editor holds no business rules: every save and status change goes through one service call,
and the service's Chinese message is what the clerk sees when something is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.fieldcheck import ValidationError
from station_app.domain.lifecycle import Transition, TransitionKind
from station_app.errors import KnownError
from station_app.services import consultations
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.editor import drafts, reason_dialog
from station_app.ui.editor.attachments_panel import AttachmentsPanel
from station_app.ui.editor.conversion_tab import ConversionTab
from station_app.ui.editor.date_field import DateField
from station_app.ui.editor.evaluation_tab import EvaluationTab
from station_app.ui.editor.field_place import field_place
from station_app.ui.editor.history_panel import HistoryPanel
from station_app.ui.editor.meetings_tab import MeetingsTab
from station_app.ui.editor.record import EditorContext, RecordView, load_record
from station_app.ui.editor.research_tab import ResearchTab
from station_app.ui.editor.tab_base import EditorTab
from station_app.ui.editor.topic_tab import TopicTab
from station_app.ui.editor.transition_bar import TransitionBar
from station_app.ui.editor.widgets import INVALID_STYLE

log = logging.getLogger(__name__)

DRAFT_INTERVAL_MS = 5000
NEW_TITLE = "新议题（尚未保存）"
NEW_HINT = "先填写选题信息并保存，议题建立后才能填写调研、协商等内容。"
UNSAVED_TEXT = "● 有未保存的修改"
SAVED_TEXT = "已保存"
NOTHING_TEXT = "没有需要保存的修改"
HUB_TEXT = "汇总单位只能查看，议题由联络站录入和修改。"


def hub_feedback_text(db: Database, consultation_id: str) -> str:
    """The 办理反馈 this office registered for the topic, and whether it is on a stick yet."""
    from station_app.hub.feedback_state import WRITE_HINT, for_topic

    found = for_topic(db, consultation_id)
    if not found:
        return ""
    lines = "".join(f"<br>・{escape(item.line())}" for item in found)
    hint = f"<br>{WRITE_HINT}" if any(item.written_at is None for item in found) else ""
    return f"<br><b>本单位登记的办理反馈：</b>{lines}{hint}"


FINAL_TEXT = "议题已“{status}”，内容不能再修改。"
INVALID_HEAD = "没有保存，请先改正以下内容：\n"


class ConsultationEditor(QWidget):
    saved = Signal(str)
    close_requested = Signal()
    open_requested = Signal(str)  # another topic to show (a similar one the clerk clicked)

    def __init__(
        self,
        db: Database,
        info: StationInfo,
        consultation_id: str | None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consultation_editor")
        self.setStyleSheet(INVALID_STYLE)
        self.ctx = EditorContext(db, info, consultation_id, today)
        self.record: RecordView | None = None
        self._closed = False
        self._draft_pending = False  # a draft from earlier waits for 恢复/丢弃

        self.number_label = QLabel()
        self.number_label.setObjectName("editor_number")
        self.title_label = QLabel()
        self.title_label.setObjectName("editor_title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("editor_status")
        self.dirty_label = QLabel()
        self.dirty_label.setObjectName("editor_dirty")
        self.dirty_label.setStyleSheet("color: #b45309;")
        self.notice_label = QLabel()
        self.notice_label.setObjectName("editor_notice")
        self.notice_label.setWordWrap(True)
        self.transitions = TransitionBar()
        self.transitions.requested.connect(self.take_transition)
        self.save_button = QPushButton("保存(Ctrl+S)")
        self.save_button.setObjectName("save_button")
        self.save_button.clicked.connect(self.save_current)
        self.back_button = QPushButton("返回列表")
        self.back_button.setObjectName("back_button")
        self.back_button.clicked.connect(self.request_close)
        self.banner = self._build_banner()

        self.topic = TopicTab(self.ctx)
        self.research = ResearchTab(self.ctx)
        self.meetings = MeetingsTab(self.ctx)
        self.meetings.form.proposed_on = self.topic.proposed_on.value
        self.conversion = ConversionTab(self.ctx)
        self.evaluation = EvaluationTab(self.ctx)
        self.attachments = AttachmentsPanel(self.ctx)
        self.history = HistoryPanel(self.ctx)
        self.tabs_list: list[EditorTab] = [
            self.topic, self.research, self.meetings, self.conversion,
            self.evaluation, self.attachments, self.history,
        ]  # fmt: skip
        self.topic.open_similar.connect(self.open_requested.emit)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editor_tabs")
        for tab in self.tabs_list:
            tab.setObjectName(f"tab_{tab.key}")
            tab.host = self
            tab.changed.connect(self._update_dirty)
            self.tabs.addTab(tab, tab.title)
        self._build_layout()

        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        # The whole window: Ctrl+S saves even when the focus is still on the navigation after a
        # page switch or a closed dialog (a hidden editor's shortcut never fires).
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.save_current)
        self.draft_timer = QTimer(self)
        self.draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self.draft_timer.timeout.connect(self.write_draft)

        self.refresh(force=True)
        self._offer_draft()
        if not info.is_hub:
            self.draft_timer.start()

    # --- building -------------------------------------------------------------------------
    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("draft_banner")
        banner.setStyleSheet("QFrame#draft_banner { background: #fff4d6; border: 1px solid #e0b050; }")
        self.banner_label = QLabel()
        self.banner_label.setObjectName("draft_banner_text")
        self.restore_button = QPushButton("恢复未保存的内容")
        self.restore_button.setObjectName("restore_draft_button")
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button = QPushButton("丢弃")
        self.discard_button.setObjectName("discard_draft_button")
        self.discard_button.clicked.connect(self.discard_draft)
        row = QHBoxLayout(banner)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        banner.hide()
        return banner

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.number_label)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.save_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label)
        status_row.addWidget(self.dirty_label)
        status_row.addStretch(1)
        status_row.addWidget(self.transitions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addLayout(status_row)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    # --- reading --------------------------------------------------------------------------
    @property
    def consultation_id(self) -> str | None:
        return self.ctx.consultation_id

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the record: header, buttons, and every tab without unsaved edits."""
        cid = self.ctx.consultation_id
        if cid is None:
            self.number_label.setText("")
            self.title_label.setText(NEW_TITLE)
            self.status_label.setText("")
            self.notice_label.setText(NEW_HINT)
            self.transitions.set_options((), [], False)
            for index in range(1, self.tabs.count()):
                self.tabs.setTabEnabled(index, False)
            self._apply_read_only(self.ctx.info.is_hub)
            self.notice_label.setVisible(True)
            self._update_dirty()
            return
        record = self.record = load_record(self.ctx.db, cid)
        for index in range(self.tabs.count()):
            self.tabs.setTabEnabled(index, True)
        self.number_label.setText(record.number)
        self.title_label.setText(record.title)
        self.title_label.setToolTip(record.title)
        status = f"状态：{record.status}" + (f"（{record.stage_text}）" if record.stage_text else "")
        if record.status_reason:
            status += f"　理由：{record.status_reason}"
        self.status_label.setText(status)
        for tab in self.tabs_list:
            if force or not tab.is_dirty():
                tab.load(record)
        read_only = self.ctx.info.is_hub or record.is_final
        self._apply_read_only(read_only)
        if self.ctx.info.is_hub:
            self.notice_label.setText(HUB_TEXT + hub_feedback_text(self.ctx.db, record.id))
        elif record.is_final:
            self.notice_label.setText(FINAL_TEXT.format(status=record.status))
        else:
            self.notice_label.setText("")
        self.notice_label.setVisible(bool(self.notice_label.text()))
        self._update_dirty()

    def show_action_item(self, action_item_id: str) -> bool:
        """Bring a 下步措施 row into view (from the reminder strip)."""
        if not self.tabs.isTabEnabled(self.tabs.indexOf(self.meetings)):
            return False
        self.tabs.setCurrentWidget(self.meetings)
        return self.meetings.show_action_item(action_item_id)

    def _apply_read_only(self, read_only: bool) -> None:
        for tab in self.tabs_list:
            tab.set_read_only(read_only)
        self.save_button.setEnabled(not read_only)
        self.save_button.setVisible(not self.ctx.info.is_hub)  # a hub never saves a station's topic
        self.transitions.setVisible(not self.ctx.info.is_hub)

    def _refresh_transitions(self) -> None:
        if self.record is None or self.ctx.info.is_hub:
            return
        allowed = consultations.available_transitions(self.ctx.db, self.record.id)
        self.transitions.set_options(self.record.options, allowed, self.dirty_tabs() != [])

    def dirty_tabs(self) -> list[EditorTab]:
        return [tab for tab in self.tabs_list if tab.is_dirty()]

    def _update_dirty(self) -> None:
        dirty = self.dirty_tabs()
        self.dirty_label.setText(UNSAVED_TEXT if dirty else "")
        for index, tab in enumerate(self.tabs_list):
            self.tabs.setTabText(index, tab.title + (" *" if tab in dirty else ""))
        self._refresh_transitions()

    # --- saving ---------------------------------------------------------------------------
    def save_current(self) -> bool:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, EditorTab)
        typed_wrong = any(self._commit_dates(tab))
        if not tab.is_dirty() and self.ctx.consultation_id is not None and not typed_wrong:
            self.dirty_label.setText(NOTHING_TEXT if not self.dirty_tabs() else UNSAVED_TEXT)
            return True
        # A new topic saved untouched is checked all the same: the clerk learns what must be filled.
        return self.save_tab(tab)

    @staticmethod
    def _commit_dates(tab: EditorTab) -> list[str]:
        """Read every date box of ``tab``; the problems of the texts that are no date."""
        problems = []
        for field in tab.findChildren(DateField):
            field.commit()
            if field.problem:
                problems.append(field.problem)
        return problems

    def save_tab(self, tab: EditorTab) -> bool:
        """Save one tab through its service; show what is wrong and keep every edit if refused."""
        if tab.read_only:
            return False
        was_new = self.ctx.consultation_id is None
        tab.clear_issues()
        for field in tab.findChildren(DateField):
            field.commit()
            if field.problem:  # a typed text that is no date is never saved as the old date
                self.tabs.setCurrentWidget(tab)
                place = field_place(field)
                problem = f"{place}：{field.problem}" if place else field.problem
                messages.show_error(self, f"{INVALID_HEAD}· {problem}")
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                return False
        try:
            tab.save()
        except ValidationError as error:
            self._show_invalid(tab, error)
            return False
        except KnownError as error:
            messages.show_known_error(self, error)
            return False
        tab.mark_clean()  # so the refresh below re-reads it as stored (trimmed, normalised)
        if was_new:
            drafts.delete_draft(None)
        self._after_change()
        self.dirty_label.setText(SAVED_TEXT if not self.dirty_tabs() else UNSAVED_TEXT)
        return True

    def _show_invalid(self, tab: EditorTab, error: ValidationError) -> None:
        self.tabs.setCurrentWidget(tab)
        first = tab.show_issues(error.issues)
        messages.show_error(self, INVALID_HEAD + "\n".join(f"· {issue.text}" for issue in error.issues))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def run_action(self, action: Callable[[], object]) -> bool:
        """One service call that is not a form save (定稿, 添加附件 …): errors in Chinese."""
        try:
            action()
        except KnownError as error:
            messages.show_known_error(self, error)
            return False
        self._after_change()
        return True

    def _after_change(self) -> None:
        self.refresh()
        self.write_draft()
        assert self.ctx.consultation_id is not None
        self.saved.emit(self.ctx.consultation_id)

    # --- status ---------------------------------------------------------------------------
    def take_transition(self, transition: Transition) -> None:
        for tab in self.dirty_tabs():  # what was just typed counts: saved before the rules decide
            if not self.save_tab(tab):
                return
        reason = ""
        if transition.needs_reason:
            verb = "退回" if transition.kind is TransitionKind.BACK else "变为"
            prompt = f"议题将由“{transition.source}”{verb}“{transition.target}”。请填写理由："
            answer = reason_dialog.ask_reason(self, transition.label, prompt)
            if answer is None or not answer.strip():
                return
            reason = answer
        cid = self.ctx.cid
        self.run_action(
            lambda: consultations.change_status(
                self.ctx.db, cid, transition.target, reason=reason, actor=self.ctx.actor
            )
        )

    # --- drafts ---------------------------------------------------------------------------
    def write_draft(self) -> None:
        if self._closed or self._draft_pending or self.ctx.info.is_hub:
            return
        dirty = self.dirty_tabs()
        if dirty:
            drafts.write_draft(self.ctx.consultation_id, {tab.key: tab.form_state() for tab in dirty})
        else:
            drafts.delete_draft(self.ctx.consultation_id)

    def _offer_draft(self) -> None:
        if self.ctx.info.is_hub:
            return
        draft = drafts.read_draft(self.ctx.consultation_id)
        if draft is None:
            return
        self._draft_pending = True
        self._draft = draft
        when = draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.banner_label.setText(f"发现 {when} 自动保存的未保存内容，是否恢复？")
        self.banner.show()

    def restore_draft(self) -> None:
        by_key = {tab.key: tab for tab in self.tabs_list}
        for key, state in self._draft.tabs.items():
            tab = by_key.get(key)
            if tab is not None and not tab.read_only and self.tabs.isTabEnabled(self.tabs.indexOf(tab)):
                tab.set_form_state(state)
        self._draft_pending = False
        self.banner.hide()
        first = next(iter(self.dirty_tabs()), None)
        if first is not None:
            self.tabs.setCurrentWidget(first)
        self._update_dirty()

    def discard_draft(self) -> None:
        drafts.delete_draft(self.ctx.consultation_id)
        self._draft_pending = False
        self.banner.hide()

    # --- leaving --------------------------------------------------------------------------
    def maybe_close(self) -> bool:
        """Ask about unsaved edits: 保存 / 不保存 / 取消. True = the editor may go."""
        dirty = self.dirty_tabs()
        if dirty:
            names = "、".join(tab.title for tab in dirty)
            answer = messages.ask_save_discard_cancel(self, f"“{names}”中有未保存的修改，要保存吗？")
            if answer == messages.CANCEL:
                return False
            if answer == messages.SAVE:
                for tab in dirty:
                    if not self.save_tab(tab):
                        return False
        if not self._draft_pending:
            drafts.delete_draft(self.ctx.consultation_id)
        self._closed = True
        self.draft_timer.stop()
        return True

    def request_close(self) -> None:
        if self.maybe_close():
            self.close_requested.emit()
