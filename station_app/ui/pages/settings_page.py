"""设置: who this installation is and where its data lives; the people and contact can be corrected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app import __version__, paths
from station_app.domain.classifications import ROLE_STATION
from station_app.errors import KnownError
from station_app.services.station import ContactInput, StationInfo, update_contact
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.editor.widgets import REQUIRED_NOTE, line_edit, required_label


def database_location(db: Database) -> str:
    """The file path for SQLite; the URL without its password for a server."""
    url = db.engine.url
    if db.is_sqlite and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def _value(text: str, name: str) -> QLabel:
    label = QLabel(text or "（未填写）")
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


SAVED_TEXT = "已保存。修改已记入操作记录，并会随下一个数据包报送上级。"
NOTE_TEXT = (
    "名称、用途和区划在初始设置时确定，会随数据包报送上级，不能在这里修改；人员、电话和地址可以在上面更正。"
    + REQUIRED_NOTE
)


class SettingsPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.info = info
        station = info.role == ROLE_STATION
        head, clerk = ("站长", "联络员") if station else ("负责人", "经办人")
        self.head_edit = line_edit("settings_head_edit", f"{head}姓名", 50)
        self.clerk_edit = line_edit("settings_clerk_edit", f"{clerk}姓名", 50)
        self.phone_edit = line_edit("settings_phone_edit", "如：0833-2123456 或 13812345678", 30)
        self.address_edit = line_edit("settings_address_edit", "联络站办公地址", 200)
        self.save_button = QPushButton("保存修改")
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("settings_saved")
        self.saved_label.setStyleSheet("color: #2e7d32;")
        self._fill()
        for edit in (self.head_edit, self.clerk_edit, self.phone_edit, self.address_edit):
            edit.textEdited.connect(self._edited)
            edit.returnPressed.connect(self.save)
        self._edited()

        identity = QGroupBox("本机身份")
        form = QFormLayout(identity)
        form.addRow("名称：", _value(info.station_name, "settings_station_name"))
        form.addRow("用途：", _value(info.role_label, "settings_role"))
        form.addRow("县（市、区）：", _value(f"{info.county_name}（{info.county_code}）", "settings_county"))
        if station:
            township = f"{info.township_name}（{info.township_code}）"
            form.addRow("乡镇（街道）：", _value(township, "settings_township"))
        form.addRow(required_label(f"{head}：", self.head_edit), self.head_edit)
        form.addRow(required_label(f"{clerk}：", self.clerk_edit), self.clerk_edit)
        form.addRow("联系电话：", self.phone_edit)
        form.addRow("地址：", self.address_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        form.addRow("", buttons)
        if station:
            from station_app.services.keys import station_fingerprint  # loads the crypto only here

            fingerprint = _value(station_fingerprint(), "settings_fingerprint")
            fingerprint.setToolTip("县政协核对数据包来源用；与「联络站密钥登记表」上的指纹一致。")
            form.addRow("本站公钥指纹：", fingerprint)

        storage = QGroupBox("数据存放位置")
        where = QFormLayout(storage)
        where.addRow("数据目录：", _value(str(paths.data_dir()), "settings_data_dir"))
        where.addRow("数据库：", _value(database_location(db), "settings_database"))
        where.addRow("程序版本：", _value(__version__, "settings_version"))

        note = QLabel(NOTE_TEXT)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(identity)
        layout.addWidget(storage)
        layout.addWidget(note)
        layout.addStretch(1)

    def _fill(self) -> None:
        self.head_edit.setText(self.info.head_name)
        self.clerk_edit.setText(self.info.clerk_name)
        self.phone_edit.setText(self.info.phone)
        self.address_edit.setText(self.info.address)

    def contact(self) -> ContactInput:
        return ContactInput(
            self.head_edit.text(), self.clerk_edit.text(), self.phone_edit.text(), self.address_edit.text()
        )

    def _edited(self, *_args: object) -> None:
        stored = ContactInput(self.info.head_name, self.info.clerk_name, self.info.phone, self.info.address)
        dirty = self.contact() != stored
        self.save_button.setEnabled(dirty)
        if dirty:
            self.saved_label.setText("")

    def save(self) -> bool:
        try:
            self.info = update_contact(self._db, self.contact(), actor=self.info.clerk_name)
        except KnownError as error:
            messages.show_known_error(self, error)
            return False
        self._fill()
        self._edited()
        self.saved_label.setText(SAVED_TEXT)
        self.saved.emit()
        return True
