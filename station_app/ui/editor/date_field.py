"""The one date box of the program, in forms and in table cells.

A clerk types the date the way it is written on paper — 20261231, 2026-12-31, 2026/12/31,
2026.12.31, or 12-31 for this year — and Enter (or leaving the box) turns it into 2026-12-31.
Empty stays empty. ↑/↓ step a day, starting from today when the box is empty. The button at the
right opens a calendar. A text that is no date stays as typed, marked red, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date as Day
from datetime import timedelta

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from station_app.domain.fieldcheck import YEAR_MAX, YEAR_MIN, typed_date_problem

EMPTY_DATE_TEXT = "（未填）"
DATE_TIP = (
    "可直接输入：20261231、2026-12-31、2026/12/31 或 12-31（今年）；↑↓ 加减一天；Delete 清空；点右侧 ▾ 选日期"
)
PROBLEM_PROPERTY = "date_problem"


def _arrow_icon() -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "▾")
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A date that may be left empty. ``value()`` is the date shown (``None`` when empty)."""

    dateChanged = Signal(object)  # the new value: a date or None

    def __init__(
        self,
        name: str,
        value: Day | None = None,
        parent: QWidget | None = None,
        *,
        today: Callable[[], Day] = Day.today,
        required: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._today = today
        self._value: Day | None = None
        self.required = required  # a period's ends: emptying the box brings the date back
        self.problem = ""  # why the typed text is not a date ('' when it is one, or empty)
        self.setPlaceholderText(EMPTY_DATE_TEXT)
        self.tip = DATE_TIP
        self.setToolTip(DATE_TIP)
        self.setMaxLength(24)
        self.setMinimumWidth(100)
        self.setMaximumWidth(170)  # a date never needs the whole row; wide boxes read as text fields
        self.calendar_action = QAction(_arrow_icon(), "选日期", self)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self.commit)
        self.calendar: QCalendarWidget | None = None
        self.set_value(value)

    # --- value ---------------------------------------------------------------------------------
    def value(self) -> Day | None:
        """The date in the box; text typed but not yet committed counts when it is a date."""
        text = self.text().strip()
        if not text:
            return None
        parsed, _problem = self.parse(text)
        return parsed if parsed is not None else self._value

    def set_value(self, value: Day | None) -> None:
        self._set_problem("")
        self.setText(self.format(value) if value is not None else "")
        self._store(value)

    # What the box reads and writes; the date-time box (协商时间) changes only these.
    def parse(self, text: str) -> tuple[Day | None, str | None]:
        return typed_date_problem(text, self._today())

    def format(self, value: Day) -> str:
        return value.isoformat()

    def with_day(self, day: Day) -> Day:
        """The value once ``day`` is picked in the calendar."""
        return day

    # Qt-style access for pages that hold a period as QDate values.
    def date(self) -> QDate:
        day = self.value() or self._today()
        return QDate(day.year, day.month, day.day)

    def setDate(self, value: QDate) -> None:
        self.set_value(Day(value.year(), value.month(), value.day()))

    def commit(self) -> None:
        """Read what was typed: a date is written out in full; anything else is marked red."""
        text = self.text().strip()
        if not text and self.required and self._value is not None:
            self.set_value(self._value)
            return
        if not text:
            self._set_problem("")
            if self.text():
                self.setText("")
            self._store(None)
            return
        parsed, problem = self.parse(text)
        if parsed is None:
            self._set_problem(problem or "不是有效日期")
            return
        self._set_problem("")
        if self.text() != self.format(parsed):
            self.setText(self.format(parsed))
        self._store(parsed)

    def _store(self, value: Day | None) -> None:
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _set_problem(self, problem: str) -> None:
        self.problem = problem
        self.setProperty(PROBLEM_PROPERTY, bool(problem))
        self.setStyleSheet("QLineEdit { border: 2px solid #c62828; }" if problem else "")
        self.setToolTip(f"{problem}\n{self.tip}" if problem else self.tip)

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self.calendar_action.setVisible(not read_only)  # a locked date offers no calendar button

    # --- keys ----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.isReadOnly():
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step(1 if key == Qt.Key.Key_Up else -1)
            return
        if key == Qt.Key.Key_Delete and not self.required:
            self.set_value(None)  # Delete clears the date; Backspace edits it
            return
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def step(self, days: int) -> None:
        self.commit()
        start = self.value() or self._today()
        if self.value() is None:
            days = 0  # the first press shows today; the next ones move from there
        self.set_value(self._clamped(start + timedelta(days=days)))
        self.selectAll()

    @staticmethod
    def _clamped(day: Day) -> Day:
        return min(max(day, Day(YEAR_MIN, 1, 1)), Day(YEAR_MAX, 12, 31))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.selectAll()

    # --- the calendar --------------------------------------------------------------------------
    def show_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName(f"{self.objectName()}_calendar")
        calendar.setGridVisible(True)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        start = self.value() or self._today()
        calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        calendar.setDateRange(QDate(YEAR_MIN, 1, 1), QDate(YEAR_MAX, 12, 31))

        def chosen(day: QDate) -> None:
            self.set_value(self.with_day(Day(day.year(), day.month(), day.day())))
            menu.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        self.calendar = calendar
        menu.aboutToHide.connect(lambda: setattr(self, "calendar", None))
        calendar.setFocus()
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
