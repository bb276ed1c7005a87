"""汇总概览: every township in the hub's scope — last package, gaps, stages, overdue items.

Stations never heard from are shown grey, stations with missing packages (缺号) orange.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.lifecycle import Stage
from station_app.hub import status
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

STAGES = [stage.value for stage in Stage]
HEADERS = [
    "区划代码",
    "县（市、区）",
    "乡镇（街道）",
    "最近包号",
    "报送日期",
    "缺号",
    "议题数",
    *STAGES,
    "逾期事项",
    "待处理",
]
NEVER = QColor("#eeeeee")
GAP = QColor("#ffe2b8")
LATE = QColor("#b3261e")


class HubOverviewPage(QWidget):
    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self.rows: list[status.StationRow] = []
        title = QLabel(f"汇总概览 — {status.scope_of(info).label}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("overview_summary")
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("station_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by code, as listed
        legend = QLabel(
            "灰色：从未报送　橙色：有缺号（中间的数据包还没有导入）　红字：有逾期未完成的下步措施"
        )
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.rows = status.station_table(self._db, status.scope_of(self._info), date.today())
        heard = [r for r in self.rows if not r.never_heard]
        gaps = sum(bool(r.gaps or r.chain_breaks) for r in self.rows)
        self.summary.setText(
            f"共 {len(self.rows)} 个乡镇（街道）：已报送 {len(heard)} 个，"
            f"从未报送 {len(self.rows) - len(heard)} 个，"
            f"有缺号 {gaps} 个；议题合计 {sum(r.consultations for r in self.rows)} 个。"
        )
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            when = row.last_created_at.astimezone().strftime("%Y-%m-%d") if row.last_created_at else ""
            values: list[object] = [
                row.township_code,
                row.county_name,
                row.township_name,
                "从未报送" if row.never_heard else row.last_sequence,
                when,
                row.gaps_text(),
                row.consultations,
                *[row.by_stage.get(stage, 0) for stage in STAGES],
                row.overdue_actions,
                row.waiting_records + row.open_conflicts,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                if row.never_heard:
                    item.setBackground(QBrush(NEVER))
                elif row.gaps or row.chain_breaks:
                    item.setBackground(QBrush(GAP))
                if column == len(values) - 2 and row.overdue_actions:
                    item.setForeground(QBrush(LATE))
                self.table.setItem(index, column, item)
        self.table.setSortingEnabled(True)
