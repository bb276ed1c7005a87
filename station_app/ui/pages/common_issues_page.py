"""共性问题 (hub): topics that several townships raise about the same problem, for a period.

The grouping runs on the worker helper with progress and cancel; a group can be marked
「拟列入专题协商」 with the office's opinion (``issue_marking``, kept in the hub's database), and
the marked groups exported as a report (情况报告: PDF in 公文 style, or .xlsx).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.periods import default_period
from station_app.domain.progress import CancelToken, Job
from station_app.domain.similarity.counted import COUNTED_RULE
from station_app.errors import KnownError
from station_app.hub import common_issues as ci
from station_app.hub import common_issues_report as briefing
from station_app.hub.closeness import CLOSENESS_HEADER, CLOSENESS_TIP, WORD_TIPS, closeness
from station_app.hub.kpi import Period
from station_app.hub.status import scope_of
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import folders, messages, worker
from station_app.ui.editor.date_field import DateField
from station_app.ui.pages.issue_marking import IssueMarking

HEADERS = [
    "共性问题",
    "乡镇数",
    "议题数",
    "涉及乡镇（街道）",
    "领域",
    "议题状态",
    "关键词",
    CLOSENESS_HEADER,
    "标记",
]
TOPIC_HEADERS = ["乡镇（街道）", "议题编号", "议题", "领域", "状态"]
MARKED = f"已{ci.MARK_LABEL}"
NOTHING_MARKED_TIP = f"请先标记{ci.MARK_LABEL}的问题"
EXPORT_TIP = f"把全部已标记{ci.MARK_LABEL}的问题写成情况报告（各按标记时的期间和议题，附办公室意见）"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CommonIssuesPage(QWidget):
    open_consultation = Signal(str)
    found = Signal()  # a search has finished and the table shows its groups

    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self.issues: list[ci.CommonIssue] = []
        self._with_county = True
        self.period = Period(*default_period(date.today()))
        title = QLabel(f"共性问题 — {scope_of(info).label}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        explain = QLabel(
            "把不同乡镇（街道）用各自说法提出的同一类具体问题归并在一起，供选定专题协商议题参考。"
            f"{COUNTED_RULE}。"
        )
        explain.setWordWrap(True)
        # The program's one date editor: 20250101, 2025-01-01, 2025/1/1 … typed; arrows step days.
        self.date_from = DateField("issues_from", self.period.start, required=True)
        self.date_to = DateField("issues_to", self.period.end, required=True)
        self.min_stations = QSpinBox()
        self.min_stations.setObjectName("issues_min_stations")
        self.min_stations.setRange(1, 132)
        self.min_stations.setValue(2)
        self.find_button = QPushButton("查找共性问题")
        self.find_button.setObjectName("issues_find")
        self.find_button.clicked.connect(self.search_issues)
        controls = QHBoxLayout()
        for widget in (QLabel("提出日期"), self.date_from, QLabel("至"), self.date_to):
            controls.addWidget(widget)
        controls.addWidget(QLabel("　至少涉及"))
        controls.addWidget(self.min_stations)
        controls.addWidget(QLabel("个乡镇（街道）"))
        controls.addWidget(self.find_button)
        controls.addStretch(1)
        self.summary = QLabel("请选择期间后点击「查找共性问题」。")
        self.summary.setObjectName("issues_summary")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("issues_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        header_item = self.table.horizontalHeaderItem(HEADERS.index(CLOSENESS_HEADER))
        if header_item is not None:
            header_item.setToolTip(CLOSENESS_TIP)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((190, 56, 56, 250, 110, 140, 180, 70, 130)):
            self.table.setColumnWidth(column, width)
        # The townships and the key terms take the room; the mark column only says 「拟列入…」.
        for column in (HEADERS.index("涉及乡镇（街道）"), HEADERS.index("关键词")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_topics)
        self.topics = QTableWidget(0, len(TOPIC_HEADERS))
        self.topics.setObjectName("issues_topics")
        self.topics.setHorizontalHeaderLabels(TOPIC_HEADERS)
        self.topics.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.topics.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.topics.verticalHeader().setVisible(False)
        self.topics.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((160, 150, 380, 100)):
            self.topics.setColumnWidth(column, width)
        self.topics.doubleClicked.connect(lambda _index: self._open_topic())
        self.open_button = QPushButton("打开议题")
        self.open_button.setObjectName("issues_open")
        self.open_button.clicked.connect(self._open_topic)
        self.marking = IssueMarking(
            db, info, lambda: self.issues, self.selected_issue, lambda: self.period, self
        )
        self.marking.marks_changed.connect(self._refresh_marks)
        self.note = self.marking.note
        self.mark_button = self.marking.mark_button
        self.unmark_button = self.marking.unmark_button
        self.pdf_button = QPushButton("导出情况报告（PDF）")
        self.pdf_button.setObjectName("issues_pdf")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button = QPushButton("导出情况报告（Excel）")
        self.xlsx_button.setObjectName("issues_xlsx")
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(QLabel("办公室意见"))
        actions.addWidget(self.note, 1)
        for button in (self.mark_button, self.unmark_button, self.pdf_button, self.xlsx_button):
            actions.addWidget(button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("所选共性问题包含的议题（双击打开）："))
        lower_layout.addWidget(self.topics, 1)
        lower_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([300, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.marking.reload()  # marks of earlier searches: the report can be written at once
        self._update_buttons()

    # --- finding ------------------------------------------------------------------------------

    def search_issues(self) -> None:
        try:
            period = Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        scope, wanted = scope_of(self._info), self.min_stations.value()
        self.find_button.setEnabled(False)

        def make_job(token: CancelToken) -> Job[list[ci.CommonIssue]]:
            return ci.find_common_issues(self._db, scope, period, min_stations=wanted, cancel=token)

        def failed(error: BaseException) -> None:
            self.find_button.setEnabled(True)
            worker.report_error(self, error)

        def done(issues: list[ci.CommonIssue]) -> None:
            self.find_button.setEnabled(True)
            self.period = period
            self.show_issues(issues)
            self.found.emit()

        worker.run_job(self, "正在查找共性问题", make_job, done, failed)

    def show_issues(self, issues: list[ci.CommonIssue]) -> None:
        self.marking.keep()
        self.issues = issues
        # One county's office knows its county: the township alone leaves room for more of them.
        self._with_county = ci.with_county(code for issue in issues for code in issue.townships)
        self.marking.reload()
        self._show_summary()
        self.table.setRowCount(len(issues))
        for row, issue in enumerate(issues):
            statuses = "、".join(f"{s}{n}" for s, n in issue.statuses().items())
            values: list[object] = [
                issue.title,
                len(issue.townships),
                len(issue.topics),
                "、".join(issue.township_names(self._with_county)),
                "、".join(issue.fields),
                statuses,
                "、".join(issue.key_terms),
                closeness(issue.score),
                "",  # the mark: _show_mark
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                if column in (3, 4, 5, 6):  # lists a narrow cell may cut: read in full on hover
                    item.setToolTip(str(value))
                elif column == HEADERS.index(CLOSENESS_HEADER):
                    item.setToolTip(f"{WORD_TIPS[str(value)]}\n\n{CLOSENESS_TIP}")
                self.table.setItem(row, column, item)
            self._show_mark(row, issue)
        self.table.clearSelection()
        if issues:
            self.table.selectRow(0)
        self._show_topics()  # also when row 0 was selected before (no selection change then)

    def _show_summary(self) -> None:
        towns = {code for issue in self.issues for code in issue.townships}
        topics = sum(len(i.topics) for i in self.issues)
        self.summary.setText(
            f"{self.period.label()}：共找到 {len(self.issues)} 个共性问题，涉及 {len(towns)} 个乡镇（街道）、"
            f"{topics} 个议题；{ci.marks_summary(self.marking.issue_marks, self.marking.marks)}"
        )
        # Which groups the marks are, and for which period: a mark of another period is found there.
        marks = self.marking.marks
        listed = "\n".join(f"· {m.title}（{m.period.label()}）" for m in marks)
        self.summary.setToolTip(
            f"已标记「{ci.MARK_LABEL}」的问题（括号内是标记时的期间，按该期间查找即可在表中看到）：\n{listed}"
            if marks
            else ""
        )

    # --- the selected group ----------------------------------------------------------------------

    def _show_mark(self, row: int, issue: ci.CommonIssue) -> None:
        """The 标记 cell; its hover says which marked group it is (the name may differ over another
        period), for which period, and the office's opinion."""
        item = self.table.item(row, len(HEADERS) - 1)
        if item is None:
            return
        mark = self.marking.mark_of(issue)
        item.setText(MARKED if mark else "")
        opinion = f"\n办公室意见：{mark.note}" if mark and mark.note else ""
        item.setToolTip(
            f"标记的问题：{mark.title}\n标记时的期间：{mark.period.label()}{opinion}" if mark else ""
        )

    def selected_issue(self) -> ci.CommonIssue | None:
        rows = self.table.selectionModel().selectedRows()
        return self.issues[rows[0].row()] if rows else None

    def _show_topics(self) -> None:
        issue = self.selected_issue()
        topics = issue.topics if issue else ()
        self.topics.setRowCount(len(topics))
        for row, topic in enumerate(topics):
            for column, value in enumerate(
                (
                    topic.township_label(self._with_county),
                    topic.number,
                    topic.title,
                    topic.field,
                    topic.status,
                )
            ):
                self.topics.setItem(row, column, QTableWidgetItem(value))
        if topics:
            self.topics.selectRow(0)
        self.marking.show(issue)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_issue() is not None)
        self.marking.update_buttons()
        has_marks = bool(self.marking.marks)
        tip = EXPORT_TIP if has_marks else NOTHING_MARKED_TIP
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(has_marks)
            button.setToolTip(tip)

    def _open_topic(self) -> None:
        issue = self.selected_issue()
        rows = self.topics.selectionModel().selectedRows()
        if issue and rows:
            self.open_consultation.emit(issue.topics[rows[0].row()].uuid)

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page chosen, or the window closed: what was typed is kept, as on choosing a group.
        self.marking.keep()
        self.marking.resume()
        super().hideEvent(event)

    def _refresh_marks(self) -> None:
        """The marks changed: update the 标记 column and the summary, keep the selected group and
        its topic table as they are."""
        for row, issue in enumerate(self.issues):
            self._show_mark(row, issue)
        self._show_summary()
        self._update_buttons()

    # --- the briefing ----------------------------------------------------------------------------

    def export(self, suffix: str) -> Path | None:
        # dated, so that last month's briefing is not overwritten by default
        name = f"共性问题情况报告-{date.today().isoformat()}"
        target = folders.ask_report_file(self, "导出共性问题情况报告", name, suffix)
        if target is None:
            return None
        self.marking.keep()  # an opinion being typed goes into the report
        self.marking.resume()
        try:
            data = briefing.briefing_data(self._db, self._info.station_name)
            written = briefing.write_briefing(data, target)
        except KnownError as error:
            messages.show_known_error(self, error)
            return None
        messages.show_info(self, f"已生成共性问题情况报告：\n{written}", title="导出完成")
        return written
