"""评价: how people rated the result; each rating is added once and can be removed with a question."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import RATER_TYPES, SATISFACTION
from station_app.services import conversion
from station_app.services.conversion import EvaluationInput
from station_app.ui import messages
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.tab_base import EditorTab
from station_app.ui.editor.widgets import (
    ChoiceBox,
    DateField,
    from_iso,
    iso,
    line_edit,
    plain_text,
    required_label,
    set_read_only,
)

ID_ROLE = Qt.ItemDataRole.UserRole
HEADERS = ("评价人类别", "评价人", "满意度", "评价意见", "评价日期")


class EvaluationTab(EditorTab):
    key = "evaluation"
    title = "评价"

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("evaluations")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column, width in ((0, 110), (1, 100), (2, 90), (4, 100)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton("删除所选评价")
        self.remove_button.setObjectName("remove_evaluation_button")
        self.remove_button.clicked.connect(self.remove_selected)
        self.summary = QLabel()
        self.summary.setObjectName("evaluation_summary")

        self.rater_type = ChoiceBox("rater_type", RATER_TYPES)
        self.rater_name = line_edit("rater_name", "可不填", 30)
        self.rating = ChoiceBox("rating", SATISFACTION)
        self.rated_on = DateField("rated_on", ctx.today(), today=ctx.today)
        self.comments = plain_text("rating_comments", "评价意见（可不填）", 60)
        self.comments.setMaximumHeight(110)
        self.add_button = QPushButton("添加评价")
        self.add_button.setObjectName("add_evaluation_button")
        self.add_button.clicked.connect(self.add_clicked)

        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.addWidget(required_label("评价人类别：", self.rater_type), 0, 0)
        form.addWidget(self.rater_type, 0, 1)
        form.addWidget(QLabel("评价人："), 0, 2)
        form.addWidget(self.rater_name, 0, 3)
        form.addWidget(required_label("满意度：", self.rating), 1, 0)
        form.addWidget(self.rating, 1, 1)
        form.addWidget(QLabel("评价日期："), 1, 2)
        form.addWidget(self.rated_on, 1, 3)
        form.addWidget(QLabel("评价意见："), 2, 0)
        form.addWidget(self.comments, 2, 1, 1, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        add_bar = QHBoxLayout()
        add_bar.addStretch(1)
        add_bar.addWidget(self.add_button)
        add_box = QGroupBox("登记一条评价")
        add_layout = QVBoxLayout(add_box)
        add_layout.addLayout(form)
        add_layout.addLayout(add_bar)

        list_bar = QHBoxLayout()
        list_bar.addWidget(self.summary)
        list_bar.addStretch(1)
        list_bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_bar)
        layout.addWidget(add_box)
        self.fields = {
            "rater_type": self.rater_type,
            "rater_name": self.rater_name,
            "rating": self.rating,
            "comments": self.comments,
            "rated_on": self.rated_on,
        }
        self.watch(*self.fields.values())
        self.mark_clean()

    def evaluation_input(self) -> EvaluationInput:
        return EvaluationInput(
            rater_type=self.rater_type.value(),
            rating=self.rating.value(),
            rater_name=self.rater_name.text(),
            comments=self.comments.toPlainText(),
            rated_on=self.rated_on.value(),
        )

    def form_state(self) -> dict[str, Any]:
        value = self.evaluation_input()
        return {**value.__dict__, "rated_on": iso(value.rated_on)}

    def set_form_state(self, state: dict[str, Any]) -> None:
        self.rater_type.set_value(str(state.get("rater_type", "")))
        self.rating.set_value(str(state.get("rating", "")))
        self.rater_name.setText(str(state.get("rater_name", "")))
        self.comments.setPlainText(str(state.get("comments", "")))
        self.rated_on.set_value(from_iso(state.get("rated_on")) or self.ctx.today())

    def _clear_form(self) -> None:
        self.set_form_state({})
        self.mark_clean()

    def load(self, record: RecordView) -> None:
        self._fill(record.id)
        self._clear_form()

    def _fill(self, consultation_id: str) -> None:
        rows = conversion.evaluations(self.ctx.db, consultation_id)
        self.table.setRowCount(len(rows))
        for row, view in enumerate(rows):
            when = view.rated_on.isoformat() if view.rated_on else ""
            for column, text in enumerate(
                (view.rater_type, view.rater_name, view.rating, view.comments, when)
            ):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, view.id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        counts = {level: sum(1 for r in rows if r.rating == level) for level in SATISFACTION}
        self.summary.setText(
            f"共 {len(rows)} 条评价：" + "，".join(f"{k} {v}" for k, v in counts.items())
            if rows
            else "还没有评价。"
        )

    def save(self) -> bool:
        conversion.add_evaluation(
            self.ctx.db, self.ctx.cid, self.evaluation_input(), today=self.ctx.today(), actor=self.ctx.actor
        )
        self._fill(self.ctx.cid)
        self._clear_form()
        return True

    def add_clicked(self) -> None:
        if self.host is not None:
            self.host.save_tab(self)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            messages.show_info(self, "请先在列表中选中要删除的评价。")
            return
        cells = [self.table.item(row, column) for column in range(3)]
        kind, name, rating = (cell.text() if cell is not None else "" for cell in cells)
        if not messages.ask_yes_no(self, f"确定删除这条评价（{kind}{name}“{rating}”）吗？"):
            return
        evaluation_id = str(cells[0].data(ID_ROLE)) if cells[0] is not None else ""
        if self.host is not None and self.host.run_action(
            lambda: conversion.remove_evaluation(self.ctx.db, evaluation_id, actor=self.ctx.actor)
        ):
            self._fill(self.ctx.cid)

    def apply_read_only(self, read_only: bool) -> None:
        set_read_only(self, read_only, skip=(self.table,))
