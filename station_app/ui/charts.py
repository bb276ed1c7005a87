"""Charts a reader can trust: horizontal bars on an integer axis from 0, full category labels,
the value printed at each bar, 「暂无数据」 when there is nothing to draw.

Horizontal bars give every label the room of the axis (「食品药品安全」「不予立题」 read whole); the
value axis ends at a "nice" number with integer ticks so a bar labelled 13 ends exactly at 13.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QWidget

BAR_COLOR = QColor("#2f6fb3")
EMPTY_TEXT = "暂无数据"
HEADROOM = 1.12  # room after the longest bar for its printed value


def nice_scale(maximum: float, ticks: int = 5) -> tuple[int, int]:
    """(top, step): the axis end and an integer step of 1, 2 or 5 × 10ⁿ, at most ``ticks`` steps."""
    if maximum <= 0:
        return ticks, 1
    raw = maximum / ticks
    power = 10 ** max(math.floor(math.log10(raw)), 0)
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return int(step * math.ceil(maximum / step)), int(step)


class ChartView(QChartView):
    """One chart of the 统计 board; ``show_bars`` or ``show_pie`` replace what it shows."""

    def __init__(self, title: str, tooltip: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.setToolTip(tooltip)
        self.rows: list[tuple[str, int]] = []
        self.series: QHorizontalBarSeries | QPieSeries | None = None
        self.value_axis: QValueAxis | None = None
        self.empty_label = QGraphicsSimpleTextItem(EMPTY_TEXT)
        self._clear()

    def _clear(self) -> None:
        """A fresh chart each time: a removed axis leaves its drawn lines behind in QtCharts."""
        old = self.chart()
        chart = QChart()
        chart.setTitle(self._title)
        chart.setMargins(QMargins(4, 4, 12, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.empty_label = QGraphicsSimpleTextItem(EMPTY_TEXT, chart)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.empty_label.setFont(font)
        self.empty_label.setBrush(QColor("#888888"))
        self.empty_label.hide()
        chart.plotAreaChanged.connect(lambda _area: self._place_empty_label())
        self.setChart(chart)
        if old is not None:
            old.deleteLater()  # setChart hands the old chart back instead of deleting it
        self.series = None
        self.value_axis = None

    def _empty(self, empty: bool) -> None:
        self.empty_label.setVisible(empty)
        self.chart().legend().setVisible(not empty and isinstance(self.series, QPieSeries))
        self._place_empty_label()

    def _place_empty_label(self) -> None:
        box = self.chart().plotArea()
        size = self.empty_label.boundingRect()
        self.empty_label.setPos(box.center().x() - size.width() / 2, box.center().y() - size.height() / 2)

    def show_bars(self, rows: list[tuple[str, int]]) -> None:
        """One bar per (label, value), top to bottom in the order given."""
        self._clear()
        self.rows = list(rows)
        if not any(value for _, value in rows):
            self._empty(True)
            return
        values = QBarSet("议题数")
        values.setColor(BAR_COLOR)
        values.setBorderColor(BAR_COLOR)
        values.setLabelColor(QColor("#000000"))
        ordered = list(reversed(rows))  # a horizontal bar series draws its first category at the bottom
        for _, value in ordered:
            values.append(value)
        series = QHorizontalBarSeries()
        series.append(values)
        series.setBarWidth(0.6)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart = self.chart()
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        # Qt draws no value label on an empty bar: its 0 goes into the category's name instead.
        categories.append([label if value else f"{label}：0" for label, value in ordered])
        categories.setTruncateLabels(False)
        top, step = nice_scale(max(v for _, v in rows) * HEADROOM)
        axis = QValueAxis()
        axis.setRange(0, top)
        axis.setTickCount(top // step + 1)
        axis.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(axis)
        self.series = series
        self.value_axis = axis
        self._empty(False)

    def show_pie(self, rows: list[tuple[str, int]]) -> None:
        """Slices for the non-zero values, each labelled with its count and share."""
        self._clear()
        self.rows = list(rows)
        total = sum(value for _, value in rows)
        if not total:
            self._empty(True)
            return
        series = QPieSeries()
        for label, value in rows:
            if value:
                piece = series.append(f"{label} {value}（{value / total:.0%}）", value)
                piece.setLabelVisible(False)
        self.chart().addSeries(series)
        self.series = series
        self._empty(False)
