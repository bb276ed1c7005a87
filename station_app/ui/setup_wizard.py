"""初始设置: who this installation is (a township station, a county hub or the city hub)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from station_app.domain import townships
from station_app.domain.classifications import ROLE_CITY, ROLE_COUNTY, ROLE_STATION, ROLES
from station_app.errors import KnownError
from station_app.services.station import (
    SetupRequest,
    StationInfo,
    people_problem,
    proposed_hub_name,
    setup_station,
)
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.editor.widgets import required_text

log = logging.getLogger(__name__)

WIZARD_TITLE = "初始设置"
ROLE_HINTS: dict[str, str] = {
    ROLE_STATION: "本机在乡镇（街道）政协工作联络站使用，登记本站的协商议题、社情民意和委员履职。",
    ROLE_COUNTY: "本机在县（市、区）政协使用，导入各联络站用U盘报送的数据并汇总。",
    ROLE_CITY: "本机在市政协使用，汇总全市132个联络站的数据。",
}
# The people differ by role: a station has a 站长, an office has a 负责人.
PEOPLE_LABELS: dict[str, tuple[str, str]] = {
    ROLE_STATION: ("站长", "联络员"),
    ROLE_COUNTY: ("负责人", "经办人"),
    ROLE_CITY: ("负责人", "经办人"),
}
_NEXT_ROLE_HINT = "设置完成后不能更改；如选错，请使用新的数据目录重新设置。"


class RolePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第一步：本机用在哪里？")
        self.setSubTitle(_NEXT_ROLE_HINT)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        self.buttons: dict[str, QRadioButton] = {}
        for role, label in ROLES.items():
            button = QRadioButton(label)
            button.setObjectName(f"role_{role}")
            hint = QLabel(ROLE_HINTS[role])
            hint.setWordWrap(True)
            hint.setIndent(24)
            hint.setStyleSheet("color: #555555;")  # an explanation, not a choice; still legible
            self.group.addButton(button)
            self.buttons[role] = button
            layout.addWidget(button)
            layout.addWidget(hint)
            layout.addSpacing(8)
        layout.addStretch(1)
        self.buttons[ROLE_STATION].setChecked(True)

    def role(self) -> str:
        for role, button in self.buttons.items():
            if button.isChecked():
                return role
        return ROLE_STATION


class PlacePage(QWizardPage):
    def __init__(self, role_page: RolePage) -> None:
        super().__init__()
        self._role_page = role_page
        self._name_edited = False
        self.setTitle("第二步：所在地区和人员")

        self.county_combo = QComboBox()
        self.county_combo.setObjectName("county_combo")
        self.county_combo.setPlaceholderText("请选择县（市、区）")
        for code, name in townships.counties():
            self.county_combo.addItem(name, code)
        self.county_combo.setCurrentIndex(-1)
        self.township_combo = QComboBox()
        self.township_combo.setObjectName("township_combo")
        self.township_combo.setPlaceholderText("请先选择县（市、区）")
        self.township_combo.setMaxVisibleItems(20)
        self.city_note = QLabel("市政协汇总不需要选择地区。")
        self.city_note.setObjectName("city_note")

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("station_name_edit")
        self.name_edit.setPlaceholderText("选择地区后自动填写，可以修改")
        self.head_edit = QLineEdit()
        self.head_edit.setObjectName("head_name_edit")
        self.clerk_edit = QLineEdit()
        self.clerk_edit.setObjectName("clerk_name_edit")

        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.city_note)
        self.form.addRow("县（市、区）：", self.county_combo)
        self.form.addRow("乡镇（街道）：", self.township_combo)
        self.form.addRow("名称：", self.name_edit)
        self.form.addRow("站长：", self.head_edit)
        self.form.addRow("联络员：", self.clerk_edit)

        self.county_combo.currentIndexChanged.connect(self._county_changed)
        self.township_combo.currentIndexChanged.connect(self._choice_changed)
        self.name_edit.textEdited.connect(self._name_typed)

    # --- what the clerk chose -------------------------------------------------
    def role(self) -> str:
        return self._role_page.role()

    def county_code(self) -> str:
        return self.county_combo.currentData() or ""

    def township_code(self) -> str:
        return self.township_combo.currentData() or ""

    def proposed_name(self) -> str:
        role = self.role()
        if role == ROLE_CITY:
            return proposed_hub_name(ROLE_CITY, "")
        if role == ROLE_COUNTY:
            return proposed_hub_name(ROLE_COUNTY, self.county_code()) if self.county_code() else ""
        code = self.township_code()
        return townships.proposed_station_name(townships.township_by_code(code)) if code else ""

    # --- reacting -------------------------------------------------------------
    def initializePage(self) -> None:
        role = self.role()
        self.form.setRowVisible(self.city_note, role == ROLE_CITY)
        self.form.setRowVisible(self.county_combo, role != ROLE_CITY)
        self.form.setRowVisible(self.township_combo, role == ROLE_STATION)
        head, clerk = PEOPLE_LABELS[role]
        self._set_label(self.head_edit, required_text(f"{head}："))
        self._set_label(self.clerk_edit, required_text(f"{clerk}："))
        self._set_label(self.name_edit, "联络站名称：" if role == ROLE_STATION else "单位名称：")
        self.setSubTitle(
            {
                ROLE_STATION: "请选择本站所在的县（市、区）和乡镇（街道）。",
                ROLE_COUNTY: "请选择本机所在的县（市、区）。",
                ROLE_CITY: "请填写名称和人员。",
            }[role]
        )
        self._propose()
        self.completeChanged.emit()

    def _set_label(self, field: QWidget, text: str) -> None:
        label = self.form.labelForField(field)
        if isinstance(label, QLabel):
            label.setText(text)

    def _county_changed(self) -> None:
        self.township_combo.blockSignals(True)  # one proposal per choice, not one per item added
        self.township_combo.clear()
        for town in townships.townships_of(self.county_code()):
            self.township_combo.addItem(town.name, town.code)
        self.township_combo.setCurrentIndex(-1)
        self.township_combo.setPlaceholderText("请选择乡镇（街道）")
        self.township_combo.blockSignals(False)
        self._choice_changed()

    def _choice_changed(self) -> None:
        self._propose()
        self.completeChanged.emit()

    def _name_typed(self, text: str) -> None:
        # Clearing the box hands it back to the proposal.
        self._name_edited = bool(text.strip())

    def _propose(self) -> None:
        if not self._name_edited:
            self.name_edit.setText(self.proposed_name())

    def isComplete(self) -> bool:
        role = self.role()
        if role == ROLE_STATION:
            return bool(self.township_code())
        if role == ROLE_COUNTY:
            return bool(self.county_code())
        return True

    def validatePage(self) -> bool:
        """The names are checked here, by the rule of 设置, before the summary shows them."""
        problem = people_problem(self.role(), self.head_edit.text(), self.clerk_edit.text())
        if problem is None:
            return True
        messages.show_error(self, problem)
        missing = self.head_edit if not self.head_edit.text().strip() else self.clerk_edit
        missing.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def request(self) -> SetupRequest:
        role = self.role()
        return SetupRequest(
            role=role,
            township_code=self.township_code() if role == ROLE_STATION else "",
            county_code=self.county_code() if role == ROLE_COUNTY else "",
            head_name=self.head_edit.text(),
            clerk_name=self.clerk_edit.text(),
            station_name=self.name_edit.text(),
        )


class SummaryPage(QWizardPage):
    def __init__(self, place_page: PlacePage) -> None:
        super().__init__()
        self._place = place_page
        self.setTitle("第三步：请核对")
        self.setSubTitle("点击「完成」保存。名称、人员以后可在「设置」中查看。")
        self.summary = QLabel()
        self.summary.setObjectName("summary_label")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        request = self._place.request()
        head, clerk = PEOPLE_LABELS[request.role]
        lines = [f"用途：{ROLES[request.role]}"]
        county = dict(townships.counties()).get(self._place.county_code(), "")
        if request.role != ROLE_CITY:
            lines.append(f"县（市、区）：{county}")
        if request.role == ROLE_STATION:
            lines.append(
                f"乡镇（街道）：{self._place.township_combo.currentText()}（{request.township_code}）"
            )
        lines.append(f"名称：{request.station_name.strip() or self._place.proposed_name()}")
        lines.append(f"{head}：{request.head_name.strip()}")
        lines.append(f"{clerk}：{request.clerk_name.strip()}")
        self.summary.setText("\n\n".join(lines))


class SetupWizard(QWizard):
    """Runs ``setup_station`` on 完成; on a refusal the message is shown and the wizard stays open."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self._db = db
        self.station_info: StationInfo | None = None
        self.setWindowTitle(WIZARD_TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步"),
            (QWizard.WizardButton.NextButton, "下一步 >"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)  # Chinese even without Qt's translator
        self.role_page = RolePage()
        self.place_page = PlacePage(self.role_page)
        self.summary_page = SummaryPage(self.place_page)
        for page in (self.role_page, self.place_page, self.summary_page):
            self.addPage(page)
        self.resize(640, 480)

    def accept(self) -> None:
        try:
            self.station_info = setup_station(self._db, self.place_page.request())
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        log.info("set up as %s: %s", self.station_info.role, self.station_info.station_name)
        super().accept()


def run_setup_wizard(db: Database, parent: QWidget | None = None) -> StationInfo | None:
    """Show the wizard; the new identity, or None when the clerk cancelled."""
    wizard = SetupWizard(db, parent)
    wizard.exec()
    return wizard.station_info
