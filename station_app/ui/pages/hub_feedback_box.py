"""The hub's 「回执和办理反馈」 box on the 同步 page: write a station's receipt/feedback package
(stations with feedback still to write come first, marked) and export the office's public key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from station_app.domain import townships
from station_app.domain.progress import CancelToken, Job
from station_app.errors import KnownError
from station_app.hub.feedback import NothingNewError, last_package_text, write_feedback_package
from station_app.hub.feedback_state import pending_by_station
from station_app.hub.status import scope_of
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.sync import drives
from station_app.sync.crypto import format_fingerprint
from station_app.ui import folders, messages, worker


class FeedbackBox(QGroupBox):
    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__("回执和办理反馈", parent)
        self._db = db
        self._info = info
        self.station_box = QComboBox()
        self.station_box.setObjectName("feedback_station")
        self.station_box.setToolTip("标有「待写入」的联络站有已登记、还没写入U盘的办理反馈")
        self.fill_stations()
        feedback_button = QPushButton("写回执/反馈包…")
        feedback_button.clicked.connect(self.write_feedback)
        feedback_layout = QHBoxLayout(self)
        feedback_layout.addWidget(QLabel("联络站"))
        feedback_layout.addWidget(self.station_box, 1)
        feedback_layout.addWidget(feedback_button)
        key_button = QPushButton("导出本单位公钥…")
        key_button.setObjectName("export_office_key")
        key_button.setToolTip("各联络站安装这个文件后，报送的数据包只有本单位能打开")
        key_button.clicked.connect(self.export_key)
        feedback_layout.addWidget(key_button)

    def fill_stations(self) -> None:
        """The stations in scope, those with registered feedback not yet on a stick first and marked."""
        pending = pending_by_station(self._db)
        chosen = self.station_box.currentData()
        towns = [t for t in townships.load_townships() if t.code in scope_of(self._info).township_codes()]
        towns.sort(key=lambda t: t.code not in pending)
        self.station_box.clear()
        for town in towns:
            mark = f"　——有 {pending[town.code]} 条办理反馈待写入" if town.code in pending else ""
            self.station_box.addItem(f"{town.county_name}{town.name}（{town.code}）{mark}", town.code)
        if chosen:
            self.station_box.setCurrentIndex(max(self.station_box.findData(chosen), 0))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fill_stations()  # feedback may have been registered on the topic list meanwhile

    def write_feedback(self) -> worker.JobHandle[Path] | None:
        code = self.station_box.currentData()
        folder = QFileDialog.getExistingDirectory(self, "选择U盘或文件夹", folders.start_folder("feedback"))
        if not code or not folder:
            return None
        folders.remember("feedback", folder)
        again = False
        try:
            write_feedback_package(self._db, str(code), Path(folder)).close()  # its checks only
        except NothingNewError as error:
            if not messages.ask_yes_no(self, f"{error.message}\n\n原来那份丢失了吗？仍要重新写一份吗？"):
                return None
            again = True
        except KnownError as error:
            messages.show_known_error(self, error)
            return None

        def make_job(token: CancelToken) -> Job[Path]:
            return write_feedback_package(self._db, str(code), Path(folder), token, again=again)

        def done(path: Path) -> None:
            self.fill_stations()
            carried = last_package_text(self._db, str(code))
            text = (
                f"{drives.MSG_DONE}\n\n回执/反馈包：{path}\n内容：{carried}。\n"
                "请交给该站在「同步」页「导入回执/反馈…」导入。"
            )
            messages.show_info(self, text, title="写入完成")

        return worker.run_job(self, "写回执/反馈包", make_job, done)

    def export_key(self) -> Path | None:
        """Write the key file the stations install; the fingerprint is shown for checking by phone."""
        from station_app.hub.keys import export_office_key, office_key

        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "导出本单位公钥",
            folders.start_file("keys", f"{self._info.station_name}公钥.json"),
            "公钥文件 (*.json)",
        )
        if not chosen:
            return None
        folders.remember("keys", chosen)
        try:
            written = export_office_key(self._info, Path(chosen))
        except KnownError as error:
            messages.show_known_error(self, error)
            return None
        fingerprint = format_fingerprint(office_key(self._info).fingerprint)
        messages.show_info(
            self,
            f"已导出：{written}\n签名指纹：{fingerprint}\n"
            "请把这个文件交给各联络站，在「同步」页点击「添加县政协公钥…」安装。",
        )
        return written
