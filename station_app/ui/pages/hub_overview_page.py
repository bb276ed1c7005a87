"""汇总概览: every township in the hub's scope — last package, gaps, and all-time figures
(议题总数, 有效议题, topics by stage, 逾期事项) from ``domain.figures``; each header's tooltip
gives the definition. Stations never heard from are shown grey, stations with missing packages orange.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
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

from station_app.domain import figures
from station_app.hub import status, trust
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.sort_arrow import use_sort_arrows

STAGES = figures.stage_order()  # the five stages, then 不予立题 and 已撤销: they add up to 议题总数
FIGURE_COLUMNS = {"total": 6, "active": 7, "overdue_actions": 7 + len(STAGES) + 1}
HEADERS = [
    "区划代码",
    "县（市、区）",
    "乡镇（街道）",
    "最近包号",
    "报送日期",
    "缺号",
    figures.label("total"),
    figures.label("active"),
    *STAGES,
    figures.label("overdue_actions"),
    "待处理",
]
NEVER = QColor("#eeeeee")
GAP = QColor("#ffe2b8")
LATE = QColor("#b3261e")


# What the columns that are not figures of domain.figures mean, for the header tooltips.
COLUMN_TIPS = {
    "最近包号": "该站最近一个已导入的数据包的序号。联络站每导出一次数据包，序号加 1。",
    "报送日期": "该站写出最近一个数据包的日期。",
    "缺号": (
        "序号比最近包号小、但还没有导入的数据包（例如已导入第 1、3 号，缺第 2 号）。\n"
        "请该站把缺的数据包找出来补交，或重新导出一次；补齐后缺号自动消失。"
    ),
    "待处理": (
        "需要汇总单位处理的记录数 = 待处理的冲突（同一条记录与已导入的不一致，要选用哪一份）"
        "+ 等待中的记录（它所属的议题还没有导入，补齐缺号后自动并入）。\n"
        "冲突在「同步」页的「待处理的冲突」中处理。"
    ),
}


def _header_tip(column: int) -> str:
    if HEADERS[column] in COLUMN_TIPS:
        return COLUMN_TIPS[HEADERS[column]]
    for key, at in FIGURE_COLUMNS.items():
        if at == column:
            return figures.definition(key)
    if FIGURE_COLUMNS["active"] < column < FIGURE_COLUMNS["overdue_actions"]:
        return figures.definition("by_stage")
    return ""


class HubOverviewPage(QWidget):
    township_chosen = Signal(str)  # a township's code: show its topics

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
        for column, text in enumerate(HEADERS):
            header = QTableWidgetItem(text)
            header.setToolTip(_header_tip(column))
            self.table.setHorizontalHeaderItem(column, header)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        heads = self.table.horizontalHeader()
        heads.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The counts share the width left: at 1366×768 every column shows without scrolling sideways
        # (sized to contents, each would also keep room for a sort arrow it does not show).
        for column in range(FIGURE_COLUMNS["total"], len(HEADERS)):
            heads.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # … but never narrower than their headings: on a 1024-px screen 「议题总数」 read 「题总」.
        self.table.viewport().installEventFilter(self)
        self.table.setSortingEnabled(True)
        use_sort_arrows(self.table.horizontalHeader())
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by code, as listed
        self.table.cellDoubleClicked.connect(self._open_row)
        self.table.setToolTip("双击一个乡镇（街道）查看它的协商议题")
        legend = QLabel(
            "双击一行查看该乡镇（街道）的议题。"
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

    def _open_row(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.township_chosen.emit(item.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._keep_heads_readable()
        return False

    def _keep_heads_readable(self) -> None:
        """The figures share the width while each keeps room for its heading; narrower than that
        (a 1024-px screen), they keep that room and the table scrolls sideways instead."""
        heads = self.table.horizontalHeader()
        columns = range(FIGURE_COLUMNS["total"], len(HEADERS))
        needed = max(heads.fontMetrics().horizontalAdvance(HEADERS[c]) for c in columns) + 8
        others = sum(heads.sectionSize(c) for c in range(FIGURE_COLUMNS["total"]))
        narrow = self.table.viewport().width() < others + needed * len(columns)
        mode = QHeaderView.ResizeMode.Interactive if narrow else QHeaderView.ResizeMode.Stretch
        for column in columns:
            if heads.sectionResizeMode(column) != mode:
                heads.setSectionResizeMode(column, mode)
                if narrow:
                    heads.resizeSection(column, needed)

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
            f"有缺号 {gaps} 个；全部时间{figures.label('total')} {sum(r.total for r in self.rows)} 个，"
            f"其中{figures.label('active')} {sum(r.active for r in self.rows)} 个。"
        )
        self.summary.setToolTip("\n".join(figures.footnote(("total", "active"))))
        contacts = trust.contact_lines(self._db)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            when = row.last_created_at.astimezone().strftime("%Y-%m-%d") if row.last_created_at else ""
            values: list[object] = [
                row.township_code,
                row.county_name,
                row.township_name,
                status.NEVER_SENT if row.never_heard else row.last_sequence,
                when,
                row.gaps_text(),
                row.total,
                row.active,
                *[row.figures.by_stage.get(stage, 0) for stage in STAGES],
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
                if column == 2 and row.township_code in contacts:  # 站长/联络员/电话, as the station set them
                    item.setToolTip(contacts[row.township_code])
                if column == len(values) - 2 and row.overdue_actions:
                    item.setForeground(QBrush(LATE))
                if column == len(values) - 1 and values[column]:
                    item.setToolTip(
                        f"待处理的冲突 {row.open_conflicts} 条，等待所属议题的记录 {row.waiting_records} 条"
                    )
                if column == 5 and row.gaps:
                    item.setToolTip(COLUMN_TIPS["缺号"])
                self.table.setItem(index, column, item)
        self.table.setSortingEnabled(True)
