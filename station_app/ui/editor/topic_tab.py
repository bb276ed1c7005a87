"""选题: what the topic is, where it came from, who raised it."""

from __future__ import annotations

import itertools
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from station_app.domain.classifications import FIELD_NAMES, SOURCES
from station_app.services import consultations
from station_app.services.consultations import TopicInput
from station_app.services.similar_topics import SimilarTitles, SimilarTopic, station_titles
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
    required_note,
    set_read_only,
)

SIMILAR_DELAY_MS = 400  # the check runs once the clerk pauses typing, not at every key


class TopicTab(EditorTab):
    key = "topic"
    title = "选题"
    open_similar = Signal(str)  # the clerk clicked a similar topic of this station

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title_edit = line_edit("topic_title", "如：嘉州社区老旧小区加装电梯", 100)
        self.source = ChoiceBox("topic_source", SOURCES)
        self.field = ChoiceBox("topic_field", FIELD_NAMES)
        self.field.setMaxVisibleItems(20)
        self.village = line_edit("topic_village", "议题涉及的村或社区", 50)
        self.proposer = line_edit("topic_proposer", "提出议题的群众、委员或单位", 30)
        self.proposed_on = DateField("topic_proposed_on", ctx.today(), today=ctx.today)
        self.description = plain_text(
            "topic_description", "议题的背景、群众反映的问题、希望协商解决什么", 160
        )

        self.similar_label = QLabel()
        self.similar_label.setObjectName("topic_similar")
        self.similar_label.setTextFormat(Qt.TextFormat.RichText)
        self.similar_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.similar_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.similar_label.setStyleSheet("color: #8a5a00;")
        self.similar_label.setVisible(False)
        self.similar_label.linkActivated.connect(self.open_similar.emit)
        self.similar: list[SimilarTopic] = []
        self._titles: SimilarTitles | None = None
        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._similar_timer.timeout.connect(self.check_similar)
        self.title_edit.textEdited.connect(lambda _text: self._similar_timer.start())

        form = QFormLayout(self)
        form.setContentsMargins(16, 16, 16, 16)
        form.setVerticalSpacing(10)
        form.addRow(required_label("议题名称：", self.title_edit), self.title_edit)
        form.addRow("", self.similar_label)
        form.addRow(required_label("议题来源：", self.source), self.source)
        form.addRow(required_label("所属领域：", self.field), self.field)
        form.addRow("村（社区）：", self.village)
        form.addRow("提出人：", self.proposer)
        form.addRow(required_label("提出日期：", self.proposed_on), self.proposed_on)
        form.addRow("议题说明：", self.description)
        form.addRow("", required_note())
        self.fields = {
            "title": self.title_edit,
            "source": self.source,
            "field": self.field,
            "village": self.village,
            "proposer": self.proposer,
            "proposed_on": self.proposed_on,
            "description": self.description,
        }
        # Tab walks the form top to bottom, as it reads; the date box takes typing like a text box.
        order = list(self.fields.values())
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.watch(*self.fields.values())
        self.mark_clean()

    def check_similar(self) -> None:
        """Show the station's topics that look like the title typed so far (never blocks saving)."""
        if self.read_only or self.ctx.info.is_hub:
            return
        if self._titles is None:
            self._titles = station_titles(self.ctx.db)
        self.similar = self._titles.similar(self.title_edit.text(), exclude=self.ctx.consultation_id)
        if not self.similar:
            self.similar_label.setVisible(False)
            return
        links = "<br>".join(
            f'<a href="{escape(s.uuid)}">{escape(s.number)}《{escape(s.title)}》（{escape(s.status)}）</a>'
            for s in self.similar
        )
        self.similar_label.setText(f"本站已有相似议题（可点击打开查看，或继续填写）：<br>{links}")
        self.similar_label.setVisible(True)

    def topic_input(self) -> TopicInput:
        return TopicInput(
            title=self.title_edit.text(),
            source=self.source.value(),
            field=self.field.value(),
            proposed_on=self.proposed_on.value(),
            village=self.village.text(),
            proposer=self.proposer.text(),
            description=self.description.toPlainText(),
        )

    def form_state(self) -> dict[str, Any]:
        topic = self.topic_input()
        return {**topic.__dict__, "proposed_on": iso(topic.proposed_on)}

    def set_form_state(self, state: dict[str, Any]) -> None:
        self.title_edit.setText(str(state.get("title", "")))
        self.source.set_value(str(state.get("source", "")))
        self.field.set_value(str(state.get("field", "")))
        self.village.setText(str(state.get("village", "")))
        self.proposer.setText(str(state.get("proposer", "")))
        self.proposed_on.set_value(from_iso(state.get("proposed_on")))
        self.description.setPlainText(str(state.get("description", "")))

    def load(self, record: RecordView) -> None:
        self.set_form_state({**record.values, "proposed_on": iso(record.values["proposed_on"])})  # type: ignore[arg-type]
        self.mark_clean()

    def save(self) -> bool:
        topic = self.topic_input()
        if self.ctx.consultation_id is None:
            self.ctx.consultation_id = consultations.create_topic(
                self.ctx.db, topic, today=self.ctx.today(), actor=self.ctx.actor
            )
            return True
        return consultations.update_topic(
            self.ctx.db, self.ctx.consultation_id, topic, today=self.ctx.today(), actor=self.ctx.actor
        )

    def apply_read_only(self, read_only: bool) -> None:
        set_read_only(self, read_only)
