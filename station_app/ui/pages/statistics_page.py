"""统计: the KPI board for a period and a scope, with charts and report exports.

At a hub the scope is the city, a county or one station; at a station it is its own data.
All figures come from ``hub.kpi`` (the same functions as the report and the command line).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QPieSeries, QValueAxis
from PySide6.QtCore import QDate, QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import townships
from station_app.domain.classifications import ROLE_CITY, ROLE_COUNTY, SATISFACTION
from station_app.errors import KnownError
from station_app.hub import kpi, report
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import folders, messages
from station_app.ui.editor.date_field import DateField

GOOD = "#1b7f3b"
SHORT = "#b3261e"
FIELD_BARS = 8  # the most frequent fields shown in the chart


def scope_choices(info: StationInfo) -> list[kpi.Scope]:
    """What the scope selector offers: the hub's whole area first, then smaller ones."""
    if info.role == ROLE_CITY:
        found = [kpi.city_scope()]
        found += [kpi.county_scope(code) for code, _ in townships.counties()]
        return found + [kpi.station_scope(t.code) for t in townships.load_townships()]
    if info.role == ROLE_COUNTY:
        found = [kpi.county_scope(info.county_code)]
        return found + [kpi.station_scope(t.code) for t in townships.townships_of(info.county_code)]
    return [kpi.station_scope(info.township_code)]


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class StatisticsPage(QWidget):
    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self.kpis: kpi.Kpis | None = None
        self.scopes = scope_choices(info)

        title = QLabel("统计")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        this_year = date.today().year
        self.date_from = DateField("statistics_from", date(this_year, 1, 1), required=True)
        self.date_to = DateField("statistics_to", date(this_year, 12, 31), required=True)
        self.scope_box = QComboBox()
        self.scope_box.setObjectName("scope_box")
        for scope in self.scopes:
            self.scope_box.addItem(scope.label)
        self.scope_box.setEnabled(len(self.scopes) > 1)
        refresh = QPushButton("统计")
        refresh.setObjectName("refresh_button")
        refresh.clicked.connect(self.refresh)
        self.pdf_button = QPushButton("导出PDF报表…")
        self.xlsx_button = QPushButton("导出Excel报表…")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))

        bar = QHBoxLayout()
        for widget in (
            QLabel("统计期间"),
            self.date_from,
            QLabel("至"),
            self.date_to,
            QLabel("范围"),
            self.scope_box,
            refresh,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)

        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        names = [
            ("consultations", "协商议题"),
            ("meetings", "协商会议"),
            ("minsheng", "民生议题占比"),
            ("supervision", "民主监督议题占比"),
            ("conversion", "成果转化率"),
            ("satisfaction", "群众满意率"),
            ("members", "参与委员"),
            ("not_taken_up", "不予立题、已撤销"),
        ]
        for index, (key, text) in enumerate(names):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(box)
            caption = QLabel(text)
            value = QLabel("—")
            value.setObjectName(f"figure_{key}")
            value_font = value.font()
            value_font.setPointSizeF(value_font.pointSizeF() * 1.8)
            value_font.setBold(True)
            value.setFont(value_font)
            inner.addWidget(caption)
            inner.addWidget(value)
            self.figures[key] = value
            grid.addWidget(box, index // 4, index % 4)

        self.stage_chart = self._chart_view("议题所处阶段")
        self.field_chart = self._chart_view("议题领域（前八位）")
        self.result_chart = self._chart_view("办理结果")
        self.rating_chart = self._chart_view("群众评价")
        charts = QGridLayout()
        charts.addWidget(self.stage_chart, 0, 0)
        charts.addWidget(self.field_chart, 0, 1)
        charts.addWidget(self.result_chart, 1, 0)
        charts.addWidget(self.rating_chart, 1, 1)

        self.note = QLabel(
            "民生议题和民主监督议题占比的目标均为不低于30%。成果转化率＝已报送及以后的议题÷已协商及以后的议题。"
        )
        self.note.setWordWrap(True)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addLayout(charts)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    @staticmethod
    def _chart_view(title: str) -> QChartView:
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(240)
        return view

    def scope(self) -> kpi.Scope:
        return self.scopes[max(self.scope_box.currentIndex(), 0)]

    def period(self) -> kpi.Period:
        return kpi.Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))

    def refresh(self) -> None:
        try:
            period = self.period()
            with self._db.session() as session:
                self.kpis = kpi.compute(session, self.scope(), period)
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self._show(self.kpis)

    def _share(self, key: str, value: float | None, count: int) -> None:
        label = self.figures[key]
        label.setText(f"{kpi.percent(value)}（{count}个）")
        if value is not None:
            color = GOOD if value >= kpi.TARGET_SHARE else SHORT
            label.setStyleSheet(f"color: {color};")
            label.setToolTip("已达到30%的目标" if value >= kpi.TARGET_SHARE else "低于30%的目标")

    def _show(self, k: kpi.Kpis) -> None:
        self.figures["consultations"].setText(str(k.consultations))
        self.figures["meetings"].setText(str(k.meetings))
        self._share("minsheng", k.minsheng_share, k.minsheng)
        self._share("supervision", k.supervision_share, k.supervision)
        self.figures["conversion"].setText(kpi.percent(k.conversion_rate))
        self.figures["satisfaction"].setText(kpi.percent(k.satisfaction_rate))
        self.figures["members"].setText(str(k.members))
        self.figures["not_taken_up"].setText(str(k.not_taken_up))
        self._bars(self.stage_chart, "议题数", report.stage_rows(k))
        fields = sorted(k.by_field.items(), key=lambda item: -item[1])[:FIELD_BARS]
        self._bars(self.field_chart, "议题数", fields)
        self._pie(self.result_chart, [(label, n) for label, n in report.result_rows(k)])
        self._pie(self.rating_chart, [(rating, k.ratings.get(rating, 0)) for rating in SATISFACTION])

    @staticmethod
    def _bars(view: QChartView, name: str, rows: list[tuple[str, int]]) -> None:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        values = QBarSet(name)
        values.setColor(QColor("#2f6fb3"))
        for _, count in rows:
            values.append(count)
        series = QBarSeries()
        series.append(values)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([label for label, _ in rows] or ["无"])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setRange(0, max([n for _, n in rows] + [1]) * 1.15)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setVisible(False)

    @staticmethod
    def _pie(view: QChartView, rows: list[tuple[str, int]]) -> None:
        chart = view.chart()
        chart.removeAllSeries()
        series = QPieSeries()
        for label, count in rows:
            if count:
                pie_slice = series.append(f"{label} {count}", count)
                pie_slice.setLabelVisible(False)
        chart.addSeries(series)
        chart.legend().setVisible(True)

    def export(self, suffix: str) -> Path | None:
        if self.kpis is None:
            return None
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 文件 (*.xlsx)"
        default = folders.start_file("reports", f"统计报表-{self.scope().label}{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(self, "导出统计报表", default, kind)
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        try:
            data = report.report_data(self._db, self._info, self.scope(), self.period())
            written = report.write_report(data, target)
        except KnownError as error:
            messages.show_known_error(self, error)
            return None
        messages.show_info(self, f"已生成统计报表：\n{written}", title="导出完成")
        return written
