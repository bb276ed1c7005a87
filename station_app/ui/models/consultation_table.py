"""The 协商议题 list as a table model that reads its rows a page at a time.

Opening the list costs one count and one page, however many records there are; the view asks
for more (``canFetchMore``/``fetchMore``) as the clerk scrolls. Sorting and filtering re-query
the service, so the database does the work and paging stays stable.

At start-up the model may begin with the first page read ahead (``services.first_screen``) and no
database: it shows those rows and pages in the rest once ``attach`` gives it the database.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.domain import townships
from station_app.errors import KnownError
from station_app.services.list_rows import ConsultationFilter, ConsultationRow

if TYPE_CHECKING:  # the database side loads after the first paint (see MainWindow.opening)
    from station_app.storage.engine import Database

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200

COL_NUMBER = 0
COL_TITLE = 1
COL_STATUS = 2
COL_FIELD = 3
COL_SOURCE = 4
COL_VILLAGE = 5
COL_PROPOSER = 6
COL_PROPOSED_ON = 7
COL_TOWNSHIP = 8  # shown at a hub only

HEADERS: tuple[str, ...] = (
    "编号",
    "议题名称",
    "环节/状态",
    "领域",
    "来源",
    "村（社区）",
    "提出人",
    "提出日期",
    "乡镇（街道）",
)
# The service's sort key for each column.
SORT_KEYS: tuple[str, ...] = (
    "number", "title", "status", "field", "source", "village", "proposer", "proposed_on", "origin",
)  # fmt: skip

ROW_ROLE = Qt.ItemDataRole.UserRole  # the ConsultationRow itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a plain value to compare by

DEFAULT_SORT_COLUMN = COL_NUMBER
DEFAULT_ORDER = Qt.SortOrder.DescendingOrder  # newest first


def status_text(row: ConsultationRow) -> str:
    return f"{row.stage} · {row.status}" if row.stage else row.status


def _display(row: ConsultationRow, column: int) -> str:
    if column == COL_NUMBER:
        return row.number
    if column == COL_TITLE:
        return row.title
    if column == COL_STATUS:
        return status_text(row)
    if column == COL_FIELD:
        return row.field
    if column == COL_SOURCE:
        return row.source
    if column == COL_VILLAGE:
        return row.village
    if column == COL_PROPOSER:
        return row.proposer
    if column == COL_PROPOSED_ON:
        return row.proposed_on.isoformat() if row.proposed_on else ""
    if column == COL_TOWNSHIP:
        return township_name(row.origin)
    return ""


@functools.cache
def township_name(code: str) -> str:
    try:
        town = townships.township_by_code(code)
    except KnownError:
        return code
    return f"{town.county_name}{town.name}"


def _sort_value(row: ConsultationRow, column: int) -> Any:
    if column == COL_NUMBER:
        return (row.year, row.seq)
    if column == COL_PROPOSED_ON:
        return row.proposed_on.isoformat() if row.proposed_on else ""
    return _display(row, column)


class ConsultationTableModel(QAbstractTableModel):
    """Rows of ``list_consultations`` for one filter and one sort order, read page by page."""

    def __init__(
        self,
        db: Database | None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        first_rows: Sequence[ConsultationRow] = (),
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._page_size = page_size
        self._filter = ConsultationFilter()
        self._sort_key = SORT_KEYS[DEFAULT_SORT_COLUMN]
        self._sort_column = DEFAULT_SORT_COLUMN
        self._order = DEFAULT_ORDER
        self._rows: list[ConsultationRow] = list(first_rows)
        self._total = len(self._rows)  # counted once there is a database
        self._stale = False  # a sort or filter was asked for before the database came
        if db is not None:
            self.reload()

    def attach(self, db: Database) -> None:
        """The database, after a start that showed the first page read ahead: count, then page on."""
        from station_app.services.queries import count_consultations

        self._db = db
        if self._stale:
            self.reload()
        else:
            self._total = count_consultations(db, self._filter)

    # --- what is shown ------------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many records match the filter (loaded or not)."""
        return self._total

    @property
    def current_filter(self) -> ConsultationFilter:
        return self._filter

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._order

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            return row.title
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return _sort_value(row, column)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def row_at(self, row: int) -> ConsultationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, consultation_id: str) -> int:
        """The row showing this record, or -1 when it is not loaded."""
        for number, row in enumerate(self._rows):
            if row.id == consultation_id:
                return number
        return -1

    # --- paging -------------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        return self._db is not None and not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        more = self._page(len(self._rows))
        if not more:  # records went away since the count: stop asking
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def _page(self, offset: int, limit: int | None = None) -> list[ConsultationRow]:
        from station_app.services.queries import list_consultations

        assert self._db is not None, "no database attached yet"
        return list_consultations(
            self._db,
            self._filter,
            sort=self._sort_key,
            descending=self._order == Qt.SortOrder.DescendingOrder,
            offset=offset,
            limit=self._page_size if limit is None else limit,
        )

    # --- changing what is shown ---------------------------------------------------------
    def reload(self) -> None:
        """Count again and read the first page (after a filter, a sort or an import)."""
        from station_app.services.queries import count_consultations

        assert self._db is not None, "no database attached yet"
        self.beginResetModel()
        self._total = count_consultations(self._db, self._filter)
        self._rows = self._page(0) if self._total else []
        self.endResetModel()

    def set_filter(self, flt: ConsultationFilter) -> None:
        self._filter = flt
        self._reload_when_attached()

    def _reload_when_attached(self) -> None:
        if self._db is None:
            self._stale = True
        else:
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS):
            return
        if column == self._sort_column and order == self._order:
            return
        self._sort_column, self._sort_key, self._order = column, SORT_KEYS[column], order
        # The service sorts: the first page in the new order replaces what was loaded.
        self._reload_when_attached()

    def refresh_row(self, consultation_id: str) -> bool:
        """Re-read one record after an edit: a targeted ``dataChanged`` when it keeps its place.

        Returns False when the list had to be reloaded instead (a new record, or one that moved
        or no longer matches the filter).
        """
        number = self.row_of(consultation_id)
        if number >= 0:
            fresh = self._page(number, 1)
            if fresh and fresh[0].id == consultation_id:
                self._rows[number] = fresh[0]
                last = self.columnCount() - 1
                self.dataChanged.emit(self.index(number, 0), self.index(number, last))
                return True
        self.reload()
        return False
