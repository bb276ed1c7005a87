"""The 协商议题 table as the list page shows it: column widths, sorting with ▲/▼, whole rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from station_app.ui.models import consultation_table as ct
from station_app.ui.models.consultation_table import ConsultationTableModel
from station_app.ui.sort_arrow import use_sort_arrows

# Column widths that fit the Chinese texts at 1366×768; the title takes the rest.
# 提出人 is often a unit (中共大佛街道工委): wide enough for eight characters.
COLUMN_WIDTHS = {ct.COL_NUMBER: 150, ct.COL_STATUS: 110, ct.COL_FIELD: 96, ct.COL_SOURCE: 100,
                 ct.COL_VILLAGE: 96, ct.COL_PROPOSER: 150, ct.COL_PROPOSED_ON: 96}  # fmt: skip
TOWNSHIP_WIDTH = 150
TITLE_ROOM = 200  # what the 议题名称 keeps on a narrow screen
SHRINK_FLOOR = 0.5
FIXED_COLUMNS = frozenset({ct.COL_NUMBER, ct.COL_STATUS, ct.COL_PROPOSED_ON})  # unreadable when cut


def consultations_view(model: ConsultationTableModel, *, with_township: bool) -> QTableView:
    """The table over ``model``; the 乡镇 column shows at a hub (``with_township``) only."""
    table = QTableView()
    table.setObjectName("consultations_table")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.setSortingEnabled(True)
    header = table.horizontalHeader()
    use_sort_arrows(header)
    header.setSortIndicator(ct.DEFAULT_SORT_COLUMN, ct.DEFAULT_ORDER)
    header.setHighlightSections(False)
    for column, width in COLUMN_WIDTHS.items():
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(ct.COL_TITLE, QHeaderView.ResizeMode.Stretch)
    table.setColumnHidden(ct.COL_TOWNSHIP, not with_township)
    table.setColumnWidth(ct.COL_TOWNSHIP, TOWNSHIP_WIDTH)
    TitleRoom(table)
    return table


class TitleRoom(QObject):
    """On a narrow screen (1024 px) the fixed columns would leave the 议题名称 a few pixels: then
    the columns that can give way (not the number, the status or the date) narrow in proportion, down to
    ``SHRINK_FLOOR`` of their width and never below their heading, so the title keeps
    ``TITLE_ROOM``. Widths change only when the
    table crosses between wide and narrow, so a column the clerk widened stays so."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._narrow: bool | None = None
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit(self._table.viewport().width())
        return False

    def _widths(self) -> dict[int, int]:
        widths = {**COLUMN_WIDTHS, ct.COL_TOWNSHIP: TOWNSHIP_WIDTH}
        return {c: w for c, w in widths.items() if not self._table.isColumnHidden(c)}

    def _fit(self, room: int) -> None:
        widths = self._widths()
        narrow = room - sum(widths.values()) < TITLE_ROOM
        if narrow == self._narrow:
            return
        self._narrow = narrow
        if narrow:
            widths = self._narrowed(widths, room - TITLE_ROOM)
        for column, width in widths.items():
            self._table.setColumnWidth(column, width)

    def _narrowed(self, widths: dict[int, int], budget: int) -> dict[int, int]:
        """The columns that can give way narrowed in one proportion to fit ``budget`` with the
        others, never below ``SHRINK_FLOOR`` nor their heading (村（社区）); a column held at its
        heading leaves the rest to share what remains."""
        header = self._table.horizontalHeader()
        floors = {c: header.sectionSizeHint(c) for c in widths if c not in FIXED_COLUMNS}
        share = budget - sum(w for c, w in widths.items() if c in FIXED_COLUMNS)
        held: set[int] = set()
        scale = 1.0
        for _round in range(len(floors) + 1):
            free = sum(widths[c] for c in floors if c not in held)
            scale = max(SHRINK_FLOOR, (share - sum(floors[c] for c in held)) / free) if free else 1.0
            newly = {c for c in floors if c not in held and widths[c] * scale < floors[c]}
            if not newly:
                break
            held |= newly
        return {c: max(int(w * scale), floors[c]) if c in floors else w for c, w in widths.items()}
