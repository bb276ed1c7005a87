"""The date-time box (协商时间): the date box of the program with a time of day after the date.

It takes the same typed dates as :class:`DateField` plus a time (9:30, 09:30, 0930); an impossible
date or time stays as typed, marked red, and the save names the field. It is never empty: clearing
it brings back the last good value. ↑/↓ step a day and keep the time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtWidgets import QWidget

from station_app.domain.fieldcheck import YEAR_MAX, YEAR_MIN
from station_app.domain.typed_moment import format_moment, typed_datetime_problem
from station_app.ui.editor.date_field import DateField

DATETIME_TIP = (
    "可直接输入：2026-12-10 09:30、20261210 0930、2026/12/10 9:30 或 12-10 9:30（今年）；"
    "↑↓ 加减一天；点右侧 ▾ 选日期（时间不变）"
)
# A new meeting usually starts at 9 o'clock.
DEFAULT_TIME = time(9, 0)


class DateTimeField(DateField):
    """``value()`` is the date and time shown (the last good one while the text is no date)."""

    def __init__(
        self, name: str, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(name, None, parent, today=today, required=True)
        self.tip = DATETIME_TIP
        self.setToolTip(DATETIME_TIP)
        self.setPlaceholderText("")
        self.setMinimumWidth(150)
        self.setMaximumWidth(200)

    def parse(self, text: str) -> tuple[date | None, str | None]:
        return typed_datetime_problem(text, self._today())

    def format(self, value: date) -> str:
        return format_moment(self._moment(value))

    def with_day(self, day: date) -> date:
        current = self.value()
        clock = current.time() if isinstance(current, datetime) else DEFAULT_TIME
        return datetime.combine(day, clock)

    def value(self) -> datetime:
        current = super().value()
        return self._moment(current) if current is not None else datetime.combine(self._today(), DEFAULT_TIME)

    def set_value(self, value: date | None) -> None:
        if value is None:
            value = datetime.combine(self._today(), DEFAULT_TIME)
        super().set_value(self._moment(value))

    def step(self, days: int) -> None:
        self.commit()
        if self.problem:
            return  # the typed text is kept for the clerk to correct
        moved = self.value() + timedelta(days=days)
        if YEAR_MIN <= moved.year <= YEAR_MAX:
            self.set_value(moved)
        self.selectAll()

    @staticmethod
    def _moment(value: date) -> datetime:
        return value if isinstance(value, datetime) else datetime.combine(value, DEFAULT_TIME)
