"""The three lists of a meeting: participants, statements and action items (with deadline colours)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from station_app.domain.classifications import ATTENDANCE, PARTICIPANT_CATEGORIES
from station_app.domain.fieldcheck import deadline_state
from station_app.services.meetings import ActionItemInput, ParticipantInput, StatementInput
from station_app.ui.editor.row_table import Column, RowTable

MEMBER_CATEGORY = "政协委员"
ON_THE_SPOT_CATEGORY = "群众代表"
PRESENT = "出席"

# (text, text colour, row background) by fieldcheck.deadline_state
DEADLINE_LOOK: dict[str, tuple[str, str, str]] = {
    "due_soon": ("即将到期", "#8a4b00", "#ffe0b2"),
    "overdue": ("已逾期", "#b71c1c", "#ffcdd2"),
    "done": ("已完成", "#2e7d32", ""),
    "ok": ("", "", ""),
    "none": ("", "", ""),
}


class ParticipantsTable(RowTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "participants",
            (
                Column("name", "姓名", width=100),
                Column("category", "人员类别", "choice", PARTICIPANT_CATEGORIES, width=130),
                Column("attendance", "出席情况", "choice", ATTENDANCE, width=90),
                Column("unit", "工作单位", placeholder="单位或村组"),
                Column("phone", "联系电话", width=130),
            ),
            parent,
        )

    def add_person(self, category: str = ON_THE_SPOT_CATEGORY) -> int:
        return self.add_row({"category": category, "attendance": PRESENT})

    def add_member(self, member_id: str, name: str, unit: str, phone: str) -> int:
        """A member from the registry; listed once however often the button is pressed."""
        for row in range(self.rowCount()):
            if self.row_values(row).get("member_id") == member_id:
                self.selectRow(row)
                return row
        row = self.add_row(
            {
                "name": name,
                "category": MEMBER_CATEGORY,
                "attendance": PRESENT,
                "unit": unit,
                "phone": phone,
                "member_id": member_id,
            }
        )
        self.changed.emit()
        return row

    def inputs(self) -> tuple[ParticipantInput, ...]:
        return tuple(
            ParticipantInput(
                name=r["name"],
                category=r["category"],
                attendance=r["attendance"],
                unit=r["unit"],
                phone=r["phone"],
                member_id=r.get("member_id"),
                id=r.get("id"),
            )
            for r in self.rows()
        )

    def names(self) -> list[str]:
        return [str(r["name"]).strip() for r in self.rows() if str(r["name"]).strip()]


class StatementsTable(RowTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "statements",
            (
                Column("speaker", "发言人", width=110),
                Column("text", "发言要点", placeholder="发言的主要意见"),
            ),
            parent,
        )

    def inputs(self) -> tuple[StatementInput, ...]:
        return tuple(
            StatementInput(
                speaker=r["speaker"], text=r["text"], category=r.get("category") or "", id=r.get("id")
            )
            for r in self.rows()
        )


class ActionItemsTable(RowTable):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        self._today = today
        super().__init__(
            "action_items",
            (
                Column("matter", "事项", placeholder="要办的事"),
                Column("unit", "责任单位", width=210),  # 「市中区住房和城乡建设局」 fits
                Column("person", "责任人", width=80),
                Column("due_on", "时限", "date", width=115),
                Column("done_on", "完成日期", "date", width=115),
                Column("state", "进度", "label", width=80),
            ),
            parent,
        )
        self.today = today

    def state_of(self, row: int) -> str:
        return deadline_state(self.value(row, "due_on"), self.value(row, "done_on"), self._today())

    def apply_row(self, row: int) -> None:
        state = self.state_of(row)
        text, colour, background = DEADLINE_LOOK[state]
        label = self.cell(row, "state")
        assert isinstance(label, QLabel)
        label.setText(text)
        label.setProperty("deadline_state", state)
        look = [
            f"color: {colour}; font-weight: bold;" if colour else "",
            f"background-color: {background};" if background else "",
        ]
        label.setStyleSheet(" ".join(look).strip())
        # The whole row is tinted so an overdue item stands out when the list is long.
        for column in self.columns:
            cell = self.cell(row, column.key)
            if cell is not label:
                cell.setStyleSheet(look[1])

    def refresh_states(self) -> None:
        for row in range(self.rowCount()):
            self.apply_row(row)

    def inputs(self) -> tuple[ActionItemInput, ...]:
        return tuple(
            ActionItemInput(
                matter=r["matter"],
                unit=r["unit"],
                due_on=r["due_on"],
                person=r["person"],
                done_on=r["done_on"],
                id=r.get("id"),
            )
            for r in self.rows()
        )


def json_ready(rows: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Inputs (dataclasses) from the service as plain rows for :meth:`RowTable.set_rows`."""
    return [dict(r.__dict__) for r in rows]
