"""转为协商议题: the two things a report does not say — 领域 (always chosen, never preset) and 村（社区）."""

from __future__ import annotations

import logging
import re

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from station_app.domain.classifications import FIELD_NAMES
from station_app.ui import messages
from station_app.ui.editor.widgets import ChoiceBox

log = logging.getLogger(__name__)
_PLACE = re.compile(r"^.*?(?:村|社区)")


def village_guess(*texts: str) -> str:
    """「嘉州社区3栋居民」→「嘉州社区」: the first 村/社区 named in the report's unit or text."""
    for text in texts:
        found = _PLACE.match(text.strip())
        if found and len(found.group(0)) <= 20:
            return found.group(0)
    return ""


class ConvertDialog(QDialog):
    def __init__(self, parent: QWidget | None, village: str, villages: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("转为协商议题")
        self.field = ChoiceBox("convert_field", FIELD_NAMES)
        self.field.setMaxVisibleItems(20)
        self.village = QComboBox()
        self.village.setObjectName("convert_village")
        self.village.setEditable(True)
        self.village.addItems([v for v in villages if v])
        self.village.setCurrentText(village)
        line = self.village.lineEdit()
        if line is not None:
            line.setPlaceholderText("议题涉及的村或社区（可不填）")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("转为议题")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("所属领域：", self.field)
        form.addRow("村（社区）：", self.village)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("新议题的来源为「社情民意转化」，标题、反映人和内容从这条信息带过去。"))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.field.setFocus()

    def accept(self) -> None:
        if not self.field.value():
            messages.show_error(self, "请选择议题所属的领域。")
            self.field.setFocus()
            return
        super().accept()

    def choice(self) -> tuple[str, str]:
        return self.field.value(), self.village.currentText().strip()


def ask_conversion(parent: QWidget | None, village: str, villages: list[str]) -> tuple[str, str] | None:
    """(领域, 村（社区）) for the new topic; None when the clerk cancels (tests replace this)."""
    if not messages.has_screen():
        log.warning("conversion choice not shown (no screen)")
        return None
    dialog = ConvertDialog(parent, village, villages)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()
