"""委员: the member registry, and each member's 履职档案 for a chosen period."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.documents.privacy import mask_phone
from station_app.domain import duties
from station_app.errors import KnownError
from station_app.services.members import Activity, MemberView, list_members, member_activity
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages, worker
from station_app.ui.dialogs.member_dialog import MemberDialog
from station_app.ui.editor.date_field import DateField
from station_app.ui.empty_hint import EmptyHint
from station_app.ui.focus_return import return_focus_after
from station_app.ui.models.consultation_table import township_name
from station_app.ui.models.small_table import ROW_ROLE, SmallTableModel
from station_app.ui.pages.documents_page import member_record_source
from station_app.ui.pdf_preview import open_preview
from station_app.ui.township_filter import TownshipFilter

log = logging.getLogger(__name__)


COL_NAME, COL_SECTOR, COL_UNIT, COL_POSITION, COL_PHONE, COL_ACTIVE, COL_TOWNSHIP = range(7)
HEADERS = ("姓名", "界别", "单位", "职务", "电话", "在册", "乡镇（街道）")  # the last at a hub only
COLUMN_WIDTHS = {COL_NAME: 90, COL_SECTOR: 220, COL_POSITION: 160, COL_PHONE: 130, COL_ACTIVE: 60}
ACTIVITY_HEADERS = ("日期", "类别", "议题/标题", "备注")
NO_MEMBER_TEXT = "请在上方选择一位委员，查看他（她）在所选时间段内参加协商、调研和报送社情民意的记录。"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _cell(member: MemberView, column: int) -> str:
    # The list masks phone numbers as printed documents do; the edit form shows them in full.
    values = (member.name, member.sector, member.unit, member.position, mask_phone(member.phone),
              "是" if member.active else "否", township_name(member.origin))  # fmt: skip
    return values[column]


def totals_text(activities: list[Activity]) -> str:
    if not activities:
        return "所选时间段内没有履职记录。"
    kinds = [a.kind for a in activities]
    parts = "　".join(f"{kind} {count} 次" for kind, count in duties.kind_counts(kinds) if count)
    return f"履职 {duties.duties_performed(kinds)} 次：{parts}"


class MemberTableModel(SmallTableModel[MemberView]):
    """The registry (tens of members): all rows at once, sorted by pinyin by the service."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, _cell, parent)

    def extra_data(self, row: MemberView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return Qt.GlobalColor.gray
        return None


class MembersPage(QWidget):
    def __init__(
        self, db: Database, info: StationInfo, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self._today = today or date.today()
        self._loaded = False
        self.dialog: MemberDialog | None = None
        self.activities: list[Activity] = []
        self.last_preview: worker.JobHandle[bytes] | None = None

        self.model = MemberTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.new_action = QAction("新增委员", self)
        self.new_action.triggered.connect(self.new_member)
        self.new_button = QPushButton("新增委员 (Ctrl+N)")
        self.new_button.setObjectName("new_member_button")
        self.new_button.clicked.connect(self.new_member)
        self.edit_button = QPushButton("编辑")
        self.edit_button.setObjectName("edit_member_button")
        self.edit_button.clicked.connect(self.edit_member)
        self.count_label = QLabel()
        self.count_label.setObjectName("member_count")
        toolbar = QHBoxLayout()
        if not info.is_hub:
            self.addAction(self.new_action)
            toolbar.addWidget(self.new_button)
            toolbar.addWidget(self.edit_button)
        self.township_filter = TownshipFilter(self.proxy, COL_TOWNSHIP)
        if info.is_hub:
            toolbar.addWidget(self.township_filter)
        toolbar.addStretch(1)
        toolbar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("members_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COL_TOWNSHIP, not info.is_hub)
        self.table.activated.connect(lambda _index: self.edit_member())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self.show_activity())

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        self.empty_hint = EmptyHint(self.table, "members_empty")
        splitter.addWidget(self._build_activity_box())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

    def _build_activity_box(self) -> QGroupBox:
        box = QGroupBox("履职档案")
        self.date_from = DateField("activity_from", date(self._today.year, 1, 1), required=True)
        self.date_to = DateField("activity_to", date(self._today.year, 12, 31), required=True)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _day: self.show_activity())
        self.print_button = QPushButton("打印履职记录")
        self.print_button.setObjectName("print_member_record")
        self.print_button.clicked.connect(self.print_record)
        self.totals_label = QLabel(NO_MEMBER_TEXT)
        self.totals_label.setObjectName("activity_totals")
        self.totals_label.setWordWrap(True)
        period = QHBoxLayout()
        period.addWidget(QLabel("时间段："))
        period.addWidget(self.date_from)
        period.addWidget(QLabel("至"))
        period.addWidget(self.date_to)
        period.addSpacing(12)
        period.addWidget(self.totals_label, 1)
        period.addWidget(self.print_button)

        self.activity_table = QTableWidget(0, len(ACTIVITY_HEADERS))
        self.activity_table.setObjectName("activity_table")
        self.activity_table.setHorizontalHeaderLabels(list(ACTIVITY_HEADERS))
        self.activity_table.verticalHeader().setVisible(False)
        self.activity_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activity_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.activity_table.setAlternatingRowColors(True)
        self.activity_table.setWordWrap(False)
        header = self.activity_table.horizontalHeader()
        self.activity_table.setColumnWidth(0, 96)
        self.activity_table.setColumnWidth(1, 110)
        self.activity_table.setColumnWidth(3, 150)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(box)
        layout.addLayout(period)
        layout.addWidget(self.activity_table, 1)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    # --- registry -----------------------------------------------------------------------
    def refresh(self, select_id: str | None = None) -> None:
        current = self.selected()
        keep = select_id or (current.id if current else None)
        members = list_members(self._db)
        self.model.set_rows(members)
        self._loaded = True
        self.township_filter.set_codes(m.origin for m in members)
        active = sum(1 for m in members if m.active)
        self.count_label.setText(f"共 {len(members)} 名委员，其中在册 {active} 名")
        hint = (
            "还没有收到委员名册。导入联络站的数据包后会显示在这里。"
            if self._info.is_hub
            else "还没有委员。点「新增委员」（Ctrl+N）登记联系本乡镇（街道）的政协委员及其界别，"
            "协商会议和调研时就可以直接从名册中选择。"
        )
        self.empty_hint.show_if_empty(len(members), hint)
        if keep:
            self.select_member(keep)
        self.show_activity()

    def select_member(self, member_id: str) -> bool:
        row = self.model.row_of(member_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        return True

    def selected(self) -> MemberView | None:
        index = self.table.currentIndex()
        value = index.data(ROW_ROLE) if index.isValid() else None
        return value if isinstance(value, MemberView) else None

    def new_record(self) -> None:
        """新建 (Ctrl+N, from anywhere in the window): a new member."""
        self.new_member()

    def new_member(self) -> MemberDialog | None:
        return None if self._info.is_hub else self._open_dialog(None)

    def edit_member(self) -> MemberDialog | None:
        member = self.selected()
        if member is None or self._info.is_hub:
            return None
        return self._open_dialog(member)

    def _open_dialog(self, member: MemberView | None) -> MemberDialog:
        dialog = MemberDialog(self._db, member, self, actor=self._info.clerk_name)
        dialog.accepted.connect(lambda: self.refresh(dialog.saved_id))
        dialog.finished.connect(dialog.deleteLater)
        return_focus_after(dialog, self.table)
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- 履职档案 ----------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        return to_date(self.date_from.date()), to_date(self.date_to.date())

    def show_activity(self) -> None:
        member = self.selected()
        self.print_button.setEnabled(member is not None)
        self.activities = []
        self.activity_table.setRowCount(0)
        if member is None:
            self.totals_label.setText(NO_MEMBER_TEXT)
            return
        start, end = self.period()
        try:
            self.activities = member_activity(self._db, member.id, start, end)
        except KnownError as error:  # e.g. the end before the start
            self.totals_label.setText(error.message)
            self.print_button.setEnabled(False)
            return
        self.totals_label.setText(f"{member.name}：" + totals_text(self.activities))
        self.activity_table.setRowCount(len(self.activities))
        for row, activity in enumerate(self.activities):
            values = (activity.on.isoformat(), activity.kind, activity.title, activity.note)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(text)
                self.activity_table.setItem(row, column, item)

    def print_record(self) -> worker.JobHandle[bytes] | None:
        """Preview the 委员履职记录 for the period; print or save it from the preview."""
        member = self.selected()
        if member is None:
            messages.show_error(self, "请先选择一位委员。")
            return None
        start, end = self.period()
        if end < start:
            messages.show_error(self, "结束日期不能早于开始日期。")
            return None
        self.last_preview = open_preview(self, member_record_source(self._db, member, start, end))
        return self.last_preview
