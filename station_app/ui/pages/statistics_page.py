"""统计: the KPI board for a period and a scope, with charts and report exports.

At a hub the scope is the city, a county or one station; at a station it is its own data.
All figures come from ``hub.kpi`` (the same functions as the report and the command line).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import figures, townships
from station_app.domain.classifications import RESULT_CODES, ROLE_CITY, ROLE_COUNTY, SATISFACTION
from station_app.domain.periods import default_period
from station_app.errors import KnownError
from station_app.hub import kpi, report, status
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import folders, messages
from station_app.ui.charts import ChartView
from station_app.ui.editor.date_field import DateField
from station_app.ui.pages.township_table import TownshipTable

GOOD = "#1b7f3b"
SHORT = "#b3261e"
FIELD_BARS = 8  # the most frequent fields shown in the chart
BOARD_COLUMNS = 6
BOARD = (
    "total",
    "active",
    "not_taken_up",
    "revoked",
    "overdue_actions",
    "meetings",
    "minsheng_share",
    "supervision_share",
    "conversion_rate",
    "satisfaction_rate",
    "members",
)


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
        self._shown_before = False  # built with fresh figures; a later showing re-counts

        title = QLabel("统计")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        start, end = default_period(date.today())
        self.date_from = DateField("statistics_from", start, required=True)
        self.date_to = DateField("statistics_to", end, required=True)
        self.scope_box = QComboBox()
        self.scope_box.setObjectName("scope_box")
        for scope in self.scopes:
            self.scope_box.addItem(scope.label)
        self.scope_box.setEnabled(len(self.scopes) > 1)
        # Never squeezed below its longest name (「市中区牟子镇」 was cut on a narrow screen).
        longest = max(
            (scope.label for scope in self.scopes), key=self.scope_box.fontMetrics().horizontalAdvance
        )
        self.scope_box.setMinimumWidth(self.scope_box.fontMetrics().horizontalAdvance(longest) + 48)
        self.scope_box.setToolTip("统计哪些联络站的数据")
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
        for index, key in enumerate(BOARD):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setToolTip(figures.definition(key))
            inner = QVBoxLayout(box)
            caption = QLabel(figures.label(key))
            value = QLabel("—")
            value.setObjectName(f"figure_{key}")
            value_font = value.font()
            value_font.setPointSizeF(value_font.pointSizeF() * 1.8)
            value_font.setBold(True)
            value.setFont(value_font)
            inner.addWidget(caption)
            inner.addWidget(value)
            self.figures[key] = value
            grid.addWidget(box, index // BOARD_COLUMNS, index % BOARD_COLUMNS)

        self.stage_chart = ChartView(figures.label("by_stage"), figures.definition("by_stage"))
        self.field_chart = ChartView("议题领域（有效议题，前八位）", figures.definition("by_field"))
        self.result_chart = ChartView(figures.label("results"), figures.definition("results"))
        self.rating_chart = ChartView(figures.label("ratings"), figures.definition("ratings"))
        charts = QGridLayout()
        charts.addWidget(self.stage_chart, 0, 0)
        charts.addWidget(self.field_chart, 0, 1)
        charts.addWidget(self.result_chart, 1, 0)
        charts.addWidget(self.rating_chart, 1, 1)

        self.note = QLabel(
            "统计期间按议题提出日期。民生议题和民主监督议题占比的目标均为不低于30%。"
            "把鼠标停在指标上可看口径说明。"
        )
        self.note.setWordWrap(True)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addLayout(charts)
        self.township_title = QLabel("各乡镇（街道）对比（与统计报表第四表相同；点击表头排序）")
        self.townships = TownshipTable()
        layout.addWidget(self.township_title)
        layout.addWidget(self.townships)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after records changed elsewhere (a topic saved, a package imported): count afresh."""
        super().showEvent(event)
        if self._shown_before:
            self.refresh()
        self._shown_before = True

    def scope(self) -> kpi.Scope:
        return self.scopes[max(self.scope_box.currentIndex(), 0)]

    def period(self) -> kpi.Period:
        return kpi.Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))

    def refresh(self) -> None:
        try:
            period = self.period()
            with self._db.session() as session:
                self.kpis = kpi.compute(session, self.scope(), period)
            compare = self._info.is_hub and self.scope().kind != kpi.SCOPE_STATION
            rows = status.station_table(self._db, self.scope(), date.today(), period) if compare else []
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        self._show(self.kpis)
        self.townships.show_rows(rows)
        self.townships.setVisible(compare)
        self.township_title.setVisible(compare)

    def _share(self, key: str, value: float | None, count: int) -> None:
        label = self.figures[key]
        label.setText(f"{kpi.percent(value)}（{count}个）")
        if value is None:  # no active topic: neither short of the target nor above it
            label.setStyleSheet("")
            label.setToolTip(figures.definition(key))
            return
        color = GOOD if value >= kpi.TARGET_SHARE else SHORT
        label.setStyleSheet(f"color: {color};")
        verdict = "已达到30%的目标" if value >= kpi.TARGET_SHARE else "低于30%的目标"
        label.setToolTip(f"{figures.definition(key)}\n{verdict}")

    def _show(self, k: kpi.Kpis) -> None:
        f = k.figures
        for key in ("total", "active", "not_taken_up", "revoked", "overdue_actions", "meetings", "members"):
            self.figures[key].setText(str(getattr(f, key)))
        self._share("minsheng_share", f.minsheng_share, f.minsheng)
        self._share("supervision_share", f.supervision_share, f.supervision)
        self.figures["conversion_rate"].setText(
            f"{kpi.percent(f.conversion_rate)}（{f.converted}/{f.consulted}）"
        )
        self.figures["satisfaction_rate"].setText(
            f"{kpi.percent(f.satisfaction_rate)}（{f.satisfied}/{f.rated}）"
        )
        self.stage_chart.show_bars([(s, f.by_stage.get(s, 0)) for s in figures.stage_order()])
        self.field_chart.show_bars(
            sorted(f.by_field.items(), key=lambda item: (-item[1], item[0]))[:FIELD_BARS]
        )
        self.result_chart.show_bars(
            [(f"{code} {name}", f.results.get(code, 0)) for code, name in RESULT_CODES.items()]
        )
        self.rating_chart.show_pie([(rating, f.ratings.get(rating, 0)) for rating in SATISFACTION])

    def export(self, suffix: str) -> Path | None:
        if self.kpis is None:
            return None
        target = folders.ask_report_file(self, "导出统计报表", f"统计报表-{self.scope().label}", suffix)
        if target is None:
            return None
        try:
            data = report.report_data(self._db, self._info, self.scope(), self.period())
            written = report.write_report(data, target)
        except KnownError as error:
            messages.show_known_error(self, error)
            return None
        messages.show_info(self, f"已生成统计报表：\n{written}", title="导出完成")
        return written
