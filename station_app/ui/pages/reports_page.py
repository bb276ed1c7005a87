"""社情民意: the reports (一事一报), their form, and 「转为协商议题」."""

from __future__ import annotations

import logging
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import REPORT_CONVERTED, REPORT_STATUSES
from station_app.errors import KnownError
from station_app.services import queries
from station_app.services.members import list_members
from station_app.services.reports import ReportView, convert_to_topic, get_report, list_reports
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.dialogs import convert_dialog
from station_app.ui.dialogs.report_dialog import ReportDialog
from station_app.ui.empty_hint import EmptyHint
from station_app.ui.focus_return import return_focus_after
from station_app.ui.models.consultation_table import township_name
from station_app.ui.models.small_table import ROW_ROLE, SORT_ROLE, SmallTableModel
from station_app.ui.sort_arrow import use_sort_arrows
from station_app.ui.township_filter import TownshipFilter

log = logging.getLogger(__name__)


COL_TITLE, COL_REPORTER, COL_UNIT, COL_STATUS, COL_DATE, COL_TOPIC, COL_TOWNSHIP = range(7)
HEADERS = ("标题", "反映人", "单位", "状态", "日期", "转化议题编号", "乡镇（街道）")  # the last at a hub only
COLUMN_WIDTHS = {COL_REPORTER: 80, COL_UNIT: 170, COL_STATUS: 110, COL_DATE: 96, COL_TOPIC: 150}
EMPTY_DETAIL = "选中一条信息，在这里查看基本情况、原因分析和意见建议。"


def _cell(report: ReportView, column: int) -> str:
    data = report.data
    values = (
        data.title,
        data.reporter,
        data.reporter_unit,
        data.status,
        data.reported_on.isoformat() if data.reported_on else "",
        report.consultation_number,
        township_name(report.origin),
    )
    return values[column]


class ReportTableModel(SmallTableModel[ReportView]):
    """All live reports (a station has hundreds, not thousands); newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, _cell, parent)

    def extra_data(self, row: ReportView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            return row.data.title
        return None


def detail_html(report: ReportView) -> str:
    data = report.data
    parts = [f"<h3>{escape(data.title)}</h3>"]
    who = data.reporter + (f"（{data.reporter_unit}）" if data.reporter_unit else "")
    status = data.status
    if report.consultation_number:  # the status already says 已转为协商议题; add which topic
        status = f"{REPORT_CONVERTED}（{report.consultation_number}）"
    meta = f"反映人：{escape(who)}　状态：{escape(status)}"
    parts.append(f"<p>{meta}</p>")
    for label, text in (
        ("基本情况", data.situation),
        ("原因分析", data.cause),
        ("意见建议", data.suggestion),
    ):
        if text:
            body = escape(text).replace("\n", "<br>")
            parts.append(f"<p><b>{label}</b><br>{body}</p>")
    return "".join(parts)


class ReportFilter(QSortFilterProxyModel):
    """The 社情民意 list narrowed by a search text (title, people, unit, content, topic number) and a 状态."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.status = ""

    def set_filter(self, text: str, status: str) -> None:
        self.beginFilterChange()  # (Qt 6.10: invalidateFilter() is deprecated)
        self.text, self.status = text.strip(), status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not super().filterAcceptsRow(source_row, source_parent):
            return False  # the hub's 乡镇 filter (TownshipFilter sets the key column and pattern)
        report = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if not isinstance(report, ReportView):
            return True
        data = report.data
        if self.status and data.status != self.status:
            return False
        if not self.text:
            return True
        fields = (data.title, data.reporter, data.reporter_unit, data.situation, data.cause, data.suggestion)
        haystack = " ".join((*fields, report.consultation_number)).lower()
        return all(word in haystack for word in self.text.lower().split())


class ReportsPage(QWidget):
    open_consultation = Signal(str)  # the id of a topic to show on the 协商议题 page

    def __init__(
        self, db: Database, info: StationInfo, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self._fixed_today = today
        self._loaded = False
        self.dialog: ReportDialog | None = None

        self.model = ReportTableModel(self)
        self.proxy = ReportFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("report_search")
        self.search_box.setPlaceholderText("搜索标题、反映人、单位、内容")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(260)
        self.search_box.textChanged.connect(self._filter_changed)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("report_status_filter")
        self.status_filter.addItem("全部状态", "")
        for status in REPORT_STATUSES:
            self.status_filter.addItem(status, status)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)

        self.new_action = QAction("新建信息", self)
        self.new_action.setObjectName("action_new_report")
        self.new_action.triggered.connect(self.new_report)
        self.new_button = QPushButton("新建信息 (Ctrl+N)")
        self.new_button.setObjectName("new_report_button")
        self.new_button.clicked.connect(self.new_report)
        self.edit_button = QPushButton("编辑")
        self.edit_button.setObjectName("edit_report_button")
        self.edit_button.clicked.connect(self.edit_report)
        self.convert_button = QPushButton("转为协商议题")
        self.convert_button.setObjectName("convert_report_button")
        self.convert_button.clicked.connect(self.convert_selected)
        self.count_label = QLabel()
        self.count_label.setObjectName("report_count")
        toolbar = QHBoxLayout()
        if not info.is_hub:
            self.addAction(self.new_action)
            for button in (self.new_button, self.edit_button, self.convert_button):
                toolbar.addWidget(button)
        self.township_filter = TownshipFilter(self.proxy, COL_TOWNSHIP)
        self.township_filter.changed.connect(self._show_count)
        if info.is_hub:
            toolbar.addWidget(self.township_filter)
        toolbar.addStretch(1)
        toolbar.addWidget(self.search_box)
        toolbar.addWidget(QLabel("状态"))
        toolbar.addWidget(self.status_filter)
        toolbar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("reports_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        use_sort_arrows(self.table.horizontalHeader())
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COL_TOWNSHIP, not info.is_hub)
        self.table.activated.connect(lambda _index: self.edit_report())
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

        self.empty_hint = EmptyHint(self.table, "reports_empty")
        self.detail = QTextBrowser()
        self.detail.setObjectName("report_detail")
        self.detail.setPlaceholderText(EMPTY_DETAIL)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

    def focus_search(self) -> None:
        """搜索 (Ctrl+F, from anywhere in the window)."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_filter(self.search_box.text(), str(self.status_filter.currentData() or ""))
        self._show_count()

    def _show_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"共 {total} 条" if shown == total else f"显示 {shown} 条，共 {total} 条")
        if total == 0:
            hint = "还没有社情民意信息。点「新建信息」（Ctrl+N）登记群众反映的情况，一事一报。"
            if self._info.is_hub:
                hint = "还没有收到社情民意信息。导入联络站的数据包后会显示在这里。"
        else:
            hint = "没有符合条件的信息。请换个搜索词，或把状态选为「全部状态」。"
        self.empty_hint.show_if_empty(shown, hint)

    def today(self) -> date:
        return self._fixed_today or date.today()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    # --- list ---------------------------------------------------------------------------
    def refresh(self, select_id: str | None = None) -> None:
        current = self.selected()
        keep = select_id or (current.id if current else None)
        rows = list_reports(self._db)
        self.model.set_rows(rows)
        self._loaded = True
        self.township_filter.set_codes(r.origin for r in rows)
        self._show_count()
        if keep:
            self.select_report(keep)
        self._show_detail()

    def select_report(self, report_id: str) -> bool:
        row = self.model.row_of(report_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def selected(self) -> ReportView | None:
        index = self.table.currentIndex()
        value = index.data(ROW_ROLE) if index.isValid() else None
        return value if isinstance(value, ReportView) else None

    def _show_detail(self, *_args: object) -> None:
        report = self.selected()
        self.detail.setHtml(detail_html(report) if report else "")
        converted = report is not None and report.consultation_id is not None
        self.convert_button.setEnabled(report is not None and not converted)
        self.edit_button.setEnabled(report is not None)

    # --- the form -----------------------------------------------------------------------
    def new_record(self) -> None:
        """新建 (Ctrl+N, from anywhere in the window): a new report."""
        self.new_report()

    def new_report(self) -> ReportDialog | None:
        return None if self._info.is_hub else self._open_dialog(None)

    def edit_report(self) -> ReportDialog | None:
        report = self.selected()
        if report is None or self._info.is_hub:
            return None
        try:
            fresh = get_report(self._db, report.id)
        except KnownError as error:
            messages.show_known_error(self, error)
            self.refresh()
            return None
        return self._open_dialog(fresh)

    def _open_dialog(self, report: ReportView | None) -> ReportDialog:
        members = list_members(self._db)
        dialog = ReportDialog(self._db, members, self.today(), report, self, actor=self._info.clerk_name)
        dialog.accepted.connect(lambda: self.refresh(dialog.saved_id))
        dialog.finished.connect(dialog.deleteLater)
        return_focus_after(dialog, self.table)
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- conversion ---------------------------------------------------------------------
    def convert_selected(self) -> str | None:
        """「转为协商议题」: ask the 领域, convert, then offer to open the new topic."""
        report = self.selected()
        if report is None or self._info.is_hub:
            return None
        if report.consultation_id:
            messages.show_info(self, f"这条信息已经转为协商议题 {report.consultation_number}。")
            return None
        data = report.data
        guess = convert_dialog.village_guess(data.reporter_unit, data.title, data.situation)
        villages, _years = queries.filter_choices(self._db)
        chosen = convert_dialog.ask_conversion(self, guess, villages)
        if chosen is None:
            return None
        field, village = chosen
        try:
            topic_id = convert_to_topic(
                self._db,
                report.id,
                field=field,
                village=village,
                today=self.today(),
                actor=self._info.clerk_name,
            )
        except KnownError as error:
            messages.show_known_error(self, error)
            return None
        log.info("report converted to a topic")
        self.refresh(report.id)
        number = get_report(self._db, report.id).consultation_number
        if messages.ask_yes_no(self, f"已转为协商议题 {number}。\n现在打开这个议题吗？"):
            self.open_consultation.emit(topic_id)
        return topic_id
