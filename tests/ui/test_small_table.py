"""The shared model behind the 委员 and 社情民意 tables passes Qt's model checks."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from station_app.ui.models.small_table import ROW_ROLE, SORT_ROLE, SmallTableModel


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    unit: str


def test_rows_headers_roles_and_lookup(qtmodeltester: ModelTester) -> None:
    model: SmallTableModel[Item] = SmallTableModel(
        ("姓名", "单位"), lambda row, col: (row.name, row.unit)[col]
    )
    model.set_rows([Item("a", "张三丰", "茶叶协会"), Item("b", "李四", "")])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "单位"
    index = model.index(0, 1)
    assert model.data(index) == "茶叶协会" == model.data(index, SORT_ROLE)
    assert model.data(index, ROW_ROLE) == Item("a", "张三丰", "茶叶协会")
    assert model.row_of("b") == 1 and model.row_of("zz") == -1
    model.set_rows([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0
