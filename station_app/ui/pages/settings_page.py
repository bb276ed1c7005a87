"""设置: who this installation is and where its data lives (read-only for now)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from station_app import __version__, paths
from station_app.domain.classifications import ROLE_STATION
from station_app.services.station import StationInfo
from station_app.storage.engine import Database


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


class SettingsPage(QWidget):
    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        station = info.role == ROLE_STATION
        head, clerk = ("站长", "联络员") if station else ("负责人", "经办人")

        identity = QGroupBox("本机身份")
        form = QFormLayout(identity)
        form.addRow("名称：", _value(info.station_name, "settings_station_name"))
        form.addRow("用途：", _value(info.role_label, "settings_role"))
        form.addRow("县（市、区）：", _value(f"{info.county_name}（{info.county_code}）", "settings_county"))
        if station:
            township = f"{info.township_name}（{info.township_code}）"
            form.addRow("乡镇（街道）：", _value(township, "settings_township"))
        form.addRow(f"{head}：", _value(info.head_name, "settings_head"))
        form.addRow(f"{clerk}：", _value(info.clerk_name, "settings_clerk"))
        if station:
            from station_app.services.keys import station_fingerprint  # loads the crypto only here

            fingerprint = _value(station_fingerprint(), "settings_fingerprint")
            fingerprint.setToolTip("县政协核对数据包来源用；与「联络站密钥登记表」上的指纹一致。")
            form.addRow("本站密钥指纹：", fingerprint)

        storage = QGroupBox("数据存放位置")
        where = QFormLayout(storage)
        where.addRow("数据目录：", _value(str(paths.data_dir()), "settings_data_dir"))
        where.addRow("数据库：", _value(database_location(db), "settings_database"))
        where.addRow("程序版本：", _value(__version__, "settings_version"))

        note = QLabel("本机身份在初始设置时确定，会随数据包报送上级，因此不能在这里修改。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(identity)
        layout.addWidget(storage)
        layout.addWidget(note)
        layout.addStretch(1)
