"""The 协商议题 table as the list page shows it: column widths, sorting with ▲/▼, whole rows."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from station_app.ui.models import consultation_table as ct
from station_app.ui.models.consultation_table import ConsultationTableModel
from station_app.ui.sort_arrow import use_sort_arrows

COLUMN_WIDTHS = {ct.COL_NUMBER: 150, ct.COL_STATUS: 110, ct.COL_FIELD: 96, ct.COL_SOURCE: 100,
                 ct.COL_VILLAGE: 96, ct.COL_PROPOSER: 150, ct.COL_PROPOSED_ON: 96}  # fmt: skip
TOWNSHIP_WIDTH = 150


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
    return table
