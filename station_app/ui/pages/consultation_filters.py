"""The 协商议题 list's filter boxes: 环节, 状态 (following the 环节), 领域, 来源, 村, 年度 and, at a hub,
乡镇 (which the 村 box follows). The page owns the search box, the count and the list itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLayout, QWidget

from station_app.domain.classifications import FIELD_NAMES, SOURCES
from station_app.domain.lifecycle import Stage, Status, statuses_of
from station_app.services.list_rows import ConsultationFilter
from station_app.ui.models import consultation_table as ct

if TYPE_CHECKING:  # the database loads after the first paint
    from station_app.storage.engine import Database

ALL_TEXT = "全部"


def _combo(name: str, values: Iterable[str] = ()) -> QComboBox:
    """A filter box: 「全部」 (no filter) first, then the values themselves."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.addItem(ALL_TEXT, None)
    for value in values:
        combo.addItem(value, value)
    return combo


def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    """Replace a filter box's values after 「全部」, keeping the chosen one where it still occurs."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class ConsultationFilters(QObject):
    changed = Signal()  # a box other than 乡镇 was changed by the clerk
    township_changed = Signal()

    def __init__(self, parent: QObject, *, with_township: bool) -> None:
        super().__init__(parent)
        self.with_township = with_township
        self.status_combo = _combo("filter_status", (s.value for s in Status))
        self.stage_combo = _combo("filter_stage", (s.value for s in Stage))
        self.field_combo = _combo("filter_field", FIELD_NAMES)
        self.source_combo = _combo("filter_source", SOURCES)
        self.village_combo = _combo("filter_village")
        self.year_combo = _combo("filter_year")
        self.township_combo = _combo("filter_township")  # at a hub: whose topics; 村 follows it
        # The status list follows the stage, so that no impossible pair can be chosen.
        self.stage_combo.currentIndexChanged.connect(self._stage_chosen)
        for combo in self._plain():
            combo.currentIndexChanged.connect(self.changed)
        self.township_combo.currentIndexChanged.connect(self.township_changed)

    def _plain(self) -> tuple[QComboBox, ...]:
        return (self.stage_combo, self.status_combo, self.field_combo, self.source_combo,
                self.village_combo, self.year_combo)  # fmt: skip

    def add_to(self, row: QLayout) -> None:
        """Each box with its label, as one piece that a narrow window moves to the next line whole."""
        labels = ("环节", "状态", "领域", "来源", "村（社区）", "年度")
        pairs = list(zip(labels, self._plain(), strict=True))
        if self.with_township:
            pairs.insert(0, ("乡镇（街道）", self.township_combo))
        for label, combo in pairs:
            piece = QWidget()
            line = QHBoxLayout(piece)
            line.setContentsMargins(0, 0, 6, 0)
            line.addWidget(QLabel(label))
            line.addWidget(combo)
            row.addWidget(piece)

    def current(self, search: str) -> ConsultationFilter:
        year = self.year_combo.currentData()
        return ConsultationFilter(
            status=str(self.status_combo.currentData() or ""),
            stage=str(self.stage_combo.currentData() or ""),
            field=str(self.field_combo.currentData() or ""),
            source=str(self.source_combo.currentData() or ""),
            village=str(self.village_combo.currentData() or ""),
            year=year if isinstance(year, int) else None,
            search=search,
            township=self.township(),
        )

    def township(self) -> str:
        return str(self.township_combo.currentData() or "")

    def reset(self) -> None:
        """Every box back to 「全部」, without signals (the page re-reads once afterwards)."""
        boxes = (*self._plain(), self.township_combo)
        for combo in boxes:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
        self._stage_chosen()  # every status again
        for combo in boxes:
            combo.blockSignals(False)

    def choose_township(self, code: str) -> None:
        if self.township_combo.findData(code) < 0:  # a township that has sent no topics: an empty list
            self.township_combo.addItem(ct.township_name(code), code)
        self.township_combo.setCurrentIndex(self.township_combo.findData(code))

    def fill_choices(self, db: Database) -> None:
        """The townships, villages and years that occur (they change after an import or a new record)."""
        from station_app.services import queries

        if self.with_township:
            towns = queries.townships_with_topics(db)
            chosen = self.township()
            if chosen and chosen not in towns:  # chosen from the overview, with no topics yet
                towns.append(chosen)
            _fill(self.township_combo, [(ct.township_name(code), code) for code in towns])
        villages, years = queries.filter_choices(db, self.township())
        _fill(self.village_combo, [(v, v) for v in villages])
        _fill(self.year_combo, [(f"{y}年", y) for y in years])

    def _stage_chosen(self) -> None:
        stage = self.stage_combo.currentData()
        allowed = [s.value for s in (statuses_of(Stage(stage)) if stage else Status)]
        chosen = self.status_combo.currentData()
        self.status_combo.blockSignals(True)
        while self.status_combo.count() > 1:
            self.status_combo.removeItem(1)
        for value in allowed:
            self.status_combo.addItem(value, value)
        index = self.status_combo.findData(chosen) if chosen in allowed else 0
        self.status_combo.setCurrentIndex(max(index, 0))
        self.status_combo.blockSignals(False)
