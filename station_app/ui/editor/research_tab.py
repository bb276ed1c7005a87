"""调研: when and how the research was done, who took part, what it found."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from station_app.domain.classifications import RESEARCH_METHODS
from station_app.services import consultations, members
from station_app.services.consultations import ResearchInput
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.tab_base import EditorTab
from station_app.ui.editor.widgets import (
    ChoiceBox,
    DateField,
    from_iso,
    iso,
    plain_text,
    required_label,
    set_read_only,
)

ID_ROLE = Qt.ItemDataRole.UserRole
NO_MEMBERS_TEXT = "委员名册中还没有委员，可在「委员」页面添加。"


class ResearchTab(EditorTab):
    key = "research"
    title = "调研"

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.start = DateField("research_start", today=ctx.today)
        self.end = DateField("research_end", today=ctx.today)
        self.method = ChoiceBox("research_method", RESEARCH_METHODS)
        self.findings = plain_text(
            "research_findings", "走访了哪些地方、听取了哪些意见、发现了什么问题、初步有什么建议", 150
        )
        self.members = QListWidget()
        self.members.setObjectName("research_members")
        self.members.setToolTip("勾选参与本次调研的政协委员")
        self.members.setMinimumHeight(110)
        self.members.itemChanged.connect(self._edited)
        self.no_members = QLabel(NO_MEMBERS_TEXT)
        self.no_members.setObjectName("research_no_members")

        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("至"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(16, 16, 16, 16)
        form.setVerticalSpacing(10)
        form.addRow(required_label("调研时间：", self.start), dates)
        form.addRow(required_label("调研方式：", self.method), self.method)
        form.addRow("参与委员：", self.members)
        form.addRow("", self.no_members)
        form.addRow("调研结论：", self.findings)
        self.fields = {
            "research_start": self.start,
            "research_end": self.end,
            "research_method": self.method,
            "research_findings": self.findings,
        }
        self.watch(*self.fields.values())
        self.mark_clean()

    def showEvent(self, event: QShowEvent) -> None:
        # Members added on the 委员 page while this topic was open are offered at once.
        self.refresh_member_choices()
        super().showEvent(event)

    def refresh_member_choices(self) -> None:
        """Re-read the registry, keeping what the clerk has ticked (saved or not)."""
        shown = {str(self.members.item(i).data(ID_ROLE)) for i in range(self.members.count())}
        self._fill_members(set(self.member_ids()), keep=shown)
        self.apply_read_only(self.read_only)

    def _fill_members(self, chosen: set[str], keep: frozenset[str] | set[str] = frozenset()) -> None:
        self.members.blockSignals(True)
        self.members.clear()
        for member in members.list_members(self.ctx.db):
            if not member.active and member.id not in chosen | keep:
                continue
            item = QListWidgetItem(f"{member.name}（{member.sector}）")
            item.setData(ID_ROLE, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.id in chosen else Qt.CheckState.Unchecked)
            self.members.addItem(item)
        self.members.blockSignals(False)
        self.no_members.setVisible(self.members.count() == 0)

    def member_ids(self) -> list[str]:
        return [
            str(self.members.item(i).data(ID_ROLE))
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check_member(self, member_id: str, checked: bool = True) -> None:
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.data(ID_ROLE) == member_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def research_input(self) -> ResearchInput:
        return ResearchInput(
            research_start=self.start.value(),
            research_end=self.end.value(),
            research_method=self.method.value(),
            research_findings=self.findings.toPlainText(),
            member_ids=tuple(self.member_ids()),
        )

    def form_state(self) -> dict[str, Any]:
        value = self.research_input()
        return {
            "research_start": iso(value.research_start),
            "research_end": iso(value.research_end),
            "research_method": value.research_method,
            "research_findings": value.research_findings,
            "member_ids": sorted(value.member_ids),
        }

    def set_form_state(self, state: dict[str, Any]) -> None:
        self.start.set_value(from_iso(state.get("research_start")))
        self.end.set_value(from_iso(state.get("research_end")))
        self.method.set_value(str(state.get("research_method", "")))
        self.findings.setPlainText(str(state.get("research_findings", "")))
        chosen = {str(m) for m in state.get("member_ids", [])}
        for i in range(self.members.count()):
            item = self.members.item(i)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(ID_ROLE) in chosen else Qt.CheckState.Unchecked
            )

    def load(self, record: RecordView) -> None:
        chosen = set(consultations.research_member_ids(self.ctx.db, record.id))
        self._fill_members(chosen)
        values = record.values
        self.set_form_state(
            {
                "research_start": iso(values["research_start"]),  # type: ignore[arg-type]
                "research_end": iso(values["research_end"]),  # type: ignore[arg-type]
                "research_method": values["research_method"],
                "research_findings": values["research_findings"],
                "member_ids": sorted(chosen),
            }
        )
        self.mark_clean()

    def save(self) -> bool:
        return consultations.update_research(
            self.ctx.db, self.ctx.cid, self.research_input(), today=self.ctx.today(), actor=self.ctx.actor
        )

    def apply_read_only(self, read_only: bool) -> None:
        set_read_only(self, read_only)
        for i in range(self.members.count()):
            item = self.members.item(i)
            flags = item.flags()
            if read_only:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable)
            else:
                item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
