"""Marking a common issue 「拟列入专题协商」 with the office's opinion, and never losing what was typed.

A marked group's opinion is saved by its button (「保存意见」), Enter or Ctrl+S, and when another
group, another page or the window is chosen; an opinion typed for a group not marked yet waits for
it as a draft. The page (``common_issues_page``) lays out the field and the buttons made here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPushButton, QWidget

from station_app.domain.classifications import ROLE_CITY
from station_app.errors import KnownError
from station_app.hub import common_issues as ci
from station_app.hub.kpi import Period
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages

MARK_TEXT = f"标记为「{ci.MARK_LABEL}」"
SAVE_NOTE_TEXT = "保存意见"
SAVED_MS = 5000


class IssueMarking(QObject):
    marks_changed = Signal()  # a mark made, changed or taken back: the page shows the marks anew

    def __init__(
        self,
        db: Database,
        info: StationInfo,
        issues: Callable[[], Sequence[ci.CommonIssue]],
        selected: Callable[[], ci.CommonIssue | None],
        period: Callable[[], Period],
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self._db = db
        self._issues = issues
        self._selected = selected
        self._period = period
        self._host = host
        self.marks: list[ci.Mark] = []
        self.issue_marks: list[ci.Mark | None] = []  # the mark of each group shown (ci.marks_for)
        self._mark_by_issue: dict[int, ci.Mark] = {}  # the same, by the group's identity
        self._note_for: ci.CommonIssue | None = None  # the group whose opinion the field shows
        self._drafts: dict[tuple[str, ...], str] = {}  # opinions typed for groups not marked yet
        self.note = QLineEdit()
        self.note.setObjectName("issues_note")
        # The office's own committee: a county's 政协 is not the city's.
        office = "市" if info.role == ROLE_CITY else "县（区）"
        self.note.setPlaceholderText(f"写入情况报告，如：建议由{office}政协社法委牵头开展专题协商")
        self.note.setMaxLength(ci.NOTE_LIMIT)
        self.note.textChanged.connect(lambda _text: self.update_buttons())
        self.note.returnPressed.connect(self.save_typed)
        # Ctrl+S saves the opinion, as it saves a topic elsewhere (a hidden page's shortcut never fires).
        save = QShortcut(QKeySequence.StandardKey.Save, host)
        save.setContext(Qt.ShortcutContext.WindowShortcut)
        save.activated.connect(self.save_typed)
        self.mark_button = QPushButton(MARK_TEXT)
        self.mark_button.setObjectName("issues_mark")
        self.mark_button.clicked.connect(self.mark_selected)
        self.unmark_button = QPushButton("取消标记")
        self.unmark_button.setObjectName("issues_unmark")
        self.unmark_button.clicked.connect(self.unmark_selected)

    def reload(self) -> None:
        """The marks read anew and matched with the groups shown (call when either changes)."""
        self.marks = ci.list_marks(self._db)
        issues = self._issues()
        self.issue_marks = ci.marks_for(issues, self.marks)
        self._mark_by_issue = {id(i): m for i, m in zip(issues, self.issue_marks, strict=True) if m}

    def mark_of(self, issue: ci.CommonIssue | None) -> ci.Mark | None:
        return self._mark_by_issue.get(id(issue)) if issue else None

    def show(self, issue: ci.CommonIssue | None) -> None:
        """The opinion of ``issue`` in the field, after keeping what was typed for the one before."""
        self.keep()
        mark = self.mark_of(issue)
        self._note_for = issue
        self.note.setText(mark.note if mark else self._drafts.get(issue.consultations, "") if issue else "")
        self.update_buttons()

    def keep(self) -> None:
        """What was typed for the group shown is not lost: a marked group's opinion is saved, an
        unmarked one's kept as a draft for its marking. The field then belongs to no group until
        ``show`` or ``resume``."""
        issue, self._note_for = self._note_for, None
        if issue is None:
            return
        mark = self.mark_of(issue)
        text = self.note.text()
        if mark is None:
            self._drafts[issue.consultations] = text
        elif text.strip() != mark.note:
            self._save(mark, text)

    def resume(self) -> None:
        """The field goes on belonging to the selected group (after ``keep`` on leaving the page)."""
        self._note_for = self._selected()

    def update_buttons(self) -> None:
        issue = self._selected()
        mark = self.mark_of(issue)
        self.mark_button.setText(SAVE_NOTE_TEXT if mark else MARK_TEXT)
        changed = mark is not None and self.note.text().strip() != mark.note
        self.mark_button.setEnabled(issue is not None and (mark is None or changed))
        self.unmark_button.setEnabled(mark is not None)

    def mark_selected(self) -> None:
        issue = self._selected()
        if issue is None:
            return
        mark = self.mark_of(issue)
        if mark is not None:  # the button saves the opinion of a group marked already
            self._save(mark, self.note.text())
            return
        if not self._overlap_accepted(issue):
            return
        try:
            ci.mark_issue(self._db, issue, self._period(), self.note.text())
        except KnownError as error:
            messages.show_known_error(self._host, error)
            return
        self._drafts.pop(issue.consultations, None)
        self._changed()

    def _overlap_accepted(self, issue: ci.CommonIssue) -> bool:
        """Topics already in another marked group would stand in two sections of the report: the
        office decides (a group of another period may hold a few of this one's topics)."""
        overlapping = [(m, m.shared(issue)) for m in self.marks if m.shared(issue)]
        if not overlapping:
            return True
        named = "、".join(f"「{m.title}」中的 {n} 个" for m, n in overlapping)
        return messages.ask_yes_no(
            self._host,
            f"这个问题的议题中，有{named}已标记为「{ci.MARK_LABEL}」，情况报告中这些议题会出现两次。仍要标记吗？",
        )

    def save_typed(self) -> None:
        """Enter or Ctrl+S: the opinion of a marked group is saved (an unmarked one waits for 标记)."""
        mark = self.mark_of(self._selected())
        if mark is not None and self.note.text().strip() != mark.note:
            self._save(mark, self.note.text())

    def unmark_selected(self) -> None:
        issue = self._selected()
        mark = self.mark_of(issue)
        if issue is None or mark is None:
            return
        question = f"取消「{mark.title}」的「{ci.MARK_LABEL}」标记？它将不再列入情况报告。"
        if not messages.ask_yes_no(self._host, question + "（办公室意见仍留在输入框中，可重新标记。）"):
            return
        self._drafts[issue.consultations] = self.note.text()  # the opinion waits, should it be marked again
        ci.unmark(self._db, mark.id)
        self._changed()

    def _save(self, mark: ci.Mark, text: str) -> None:
        try:
            ci.update_note(self._db, mark.id, text)
        except KnownError as error:
            messages.show_known_error(self._host, error)
        else:
            window = self._host.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(f"已保存「{mark.title}」的办公室意见。", SAVED_MS)
        self._changed()

    def _changed(self) -> None:
        self.reload()
        self.update_buttons()
        self.marks_changed.emit()
