"""The 委员 form: add or edit one member of the registry; the service checks it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.classifications import SECTORS
from station_app.domain.fieldcheck import ValidationError
from station_app.errors import KnownError
from station_app.services.members import MemberInput, MemberView, add_member, update_member
from station_app.storage.engine import Database
from station_app.ui.editor.widgets import INVALID_STYLE, mark_invalid, required_label

ERROR_STYLE = "color: #c0392b;"


class MemberDialog(QDialog):
    """新增/编辑委员. ``saved_id`` is set once the service has stored it."""

    def __init__(
        self,
        db: Database,
        member: MemberView | None = None,
        parent: QWidget | None = None,
        *,
        actor: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("member_dialog")
        self.setWindowTitle("编辑委员信息" if member else "新增委员")
        self.setStyleSheet(INVALID_STYLE)
        self._db = db
        self._member = member
        self._actor = actor
        self.saved_id: str | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("member_name")
        self.sector_combo = QComboBox()
        self.sector_combo.setObjectName("member_sector")
        self.sector_combo.addItems(list(SECTORS))
        self.sector_combo.setMaxVisibleItems(16)
        self.sector_combo.setPlaceholderText("请选择界别")
        self.sector_combo.setCurrentIndex(-1)  # a new member's 界别 is chosen, never assumed
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("member_unit")
        self.position_edit = QLineEdit()
        self.position_edit.setObjectName("member_position")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("member_phone")
        self.phone_edit.setPlaceholderText("手机号码，或带区号的固定电话")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("member_note")
        self.active_check = QCheckBox("在册（仍联系本站）")
        self.active_check.setObjectName("member_active")
        self.active_check.setChecked(True)
        self._fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "sector": self.sector_combo,
            "unit": self.unit_edit,
            "position": self.position_edit,
            "phone": self.phone_edit,
            "note": self.note_edit,
        }

        form = QFormLayout()
        form.addRow(required_label("姓名：", self.name_edit), self.name_edit)
        form.addRow(required_label("界别：", self.sector_combo), self.sector_combo)
        form.addRow("工作单位：", self.unit_edit)
        form.addRow("职务：", self.position_edit)
        form.addRow("联系电话：", self.phone_edit)
        form.addRow("备注：", self.note_edit)
        form.addRow("", self.active_check)

        self.error_label = QLabel()
        self.error_label.setObjectName("member_errors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("保存")
        self.ok_button.setObjectName("member_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(480, 320)
        if member is not None:
            self._load(member)

    def _load(self, member: MemberView) -> None:
        self.name_edit.setText(member.name)
        self.sector_combo.setCurrentText(member.sector)
        self.unit_edit.setText(member.unit)
        self.position_edit.setText(member.position)
        self.phone_edit.setText(member.phone)
        self.note_edit.setText(member.note)
        self.active_check.setChecked(member.active)

    def value(self) -> MemberInput:
        return MemberInput(
            name=self.name_edit.text(),
            sector=self.sector_combo.currentText(),
            unit=self.unit_edit.text(),
            position=self.position_edit.text(),
            phone=self.phone_edit.text(),
            note=self.note_edit.text(),
            active=self.active_check.isChecked(),
        )

    def show_problem(self, text: str, fields: set[str] | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        for key, widget in self._fields.items():
            mark_invalid(widget, key in (fields or set()))

    def save(self) -> bool:
        value = self.value()
        try:
            if self._member is None:
                self.saved_id = add_member(self._db, value, actor=self._actor)
            else:
                update_member(self._db, self._member.id, value, actor=self._actor)
                self.saved_id = self._member.id
        except ValidationError as error:
            lines = "\n".join(f"· {issue.text}" for issue in error.issues)
            self.show_problem("没有保存，请先改正：\n" + lines, {issue.field for issue in error.issues})
            first = next((self._fields[i.field] for i in error.issues if i.field in self._fields), None)
            if first is not None:
                first.setFocus()
            return False
        except KnownError as error:
            self.show_problem(error.message)
            return False
        self.show_problem("")
        self.accept()
        return True
