from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QStackedWidget
from pytestqt.qtbot import QtBot

from station_app import APP_TITLE, __version__, paths
from station_app.domain.classifications import ROLE_COUNTY
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry
from station_app.ui import main_window
from station_app.ui.export_status import NEVER, last_export_text
from station_app.ui.main_window import MainWindow
from station_app.ui.window_settings import FILE_NAME, window_settings

from .helpers import Shown

LATEST = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)
NAV = ["协商议题", "社情民意", "委员", "文档", "同步", "统计", "设置"]


@pytest.fixture
def window(qtbot: QtBot, db: Database, station: StationInfo) -> MainWindow:
    widget = MainWindow(db, station)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def nav(window: MainWindow) -> QListWidget:
    widget = window.findChild(QListWidget, "nav_list")
    assert widget is not None
    return widget


def test_title_and_navigation(window: MainWindow) -> None:
    assert window.windowTitle() == f"{APP_TITLE} — 市中区大佛街道政协工作联络站"
    items = nav(window)
    assert [items.item(i).text() for i in range(items.count())] == NAV
    assert window.findChild(QStackedWidget, "page_stack").count() == 7


def test_clicking_the_navigation_switches_pages(qtbot: QtBot, window: MainWindow) -> None:
    stack = window.findChild(QStackedWidget, "page_stack")
    assert window.current_page_key() == "consultations"
    items = nav(window)
    for row, text in enumerate(NAV):
        rect = items.visualItemRect(items.item(row))
        qtbot.mouseClick(items.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert stack.currentIndex() == row, text
    assert stack.currentWidget() is window.pages["settings"]


def test_every_page_is_a_real_page(window: MainWindow) -> None:
    from station_app.ui.pages.members_page import MembersPage
    from station_app.ui.pages.reports_page import ReportsPage
    from station_app.ui.pages.statistics_page import StatisticsPage
    from station_app.ui.pages.sync_page import SyncPage

    assert isinstance(window.pages["reports"], ReportsPage)
    assert isinstance(window.pages["members"], MembersPage)
    assert isinstance(window.pages["sync"], SyncPage)
    assert isinstance(window.pages["statistics"], StatisticsPage)


def test_status_bar_shows_station_role_and_export(window: MainWindow) -> None:
    texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "市中区大佛街道政协工作联络站（乡镇联络站）" in texts
    assert "上次导出：尚未导出" in texts


def test_settings_page_shows_the_key_fingerprint(window: MainWindow) -> None:
    from station_app.services.keys import station_fingerprint

    window.show_page("settings")
    label = window.pages["settings"].findChild(QLabel, "settings_fingerprint")
    assert label is not None and label.text() == station_fingerprint()
    assert len(label.text().split()) >= 8  # grouped in blocks of four for reading aloud


def test_settings_page_shows_the_identity(window: MainWindow, db: Database) -> None:
    window.show_page("settings")
    page = window.pages["settings"]
    names = ("station_name", "role", "county", "township", "data_dir", "database", "version")
    value = {name: page.findChild(QLabel, f"settings_{name}").text() for name in names}
    for name in ("head", "clerk"):  # editable since 设置 lets the clerk correct them
        value[name] = page.findChild(QLineEdit, f"settings_{name}_edit").text()
    assert value["station_name"] == "市中区大佛街道政协工作联络站"
    assert value["role"] == "乡镇联络站"
    assert value["county"] == "市中区（511102）"
    assert value["township"] == "大佛街道（511102004）"
    assert (value["head"], value["clerk"]) == ("王站长", "李联络")
    assert value["data_dir"] == str(paths.data_dir())
    assert value["database"] == db.engine.url.database
    assert value["version"] == __version__


def test_about_shows_version_and_data_folder(window: MainWindow, shown: Shown) -> None:
    window.findChild(type(window.menuBar().actions()[0]), "action_about").trigger()
    assert len(shown.infos) == 1
    assert __version__ in shown.infos[0] and str(paths.data_dir()) in shown.infos[0]


def test_quit_closes_the_window_and_remembers_its_geometry(qtbot: QtBot, window: MainWindow) -> None:
    window.setGeometry(QRect(QPoint(30, 40), QSize(1000, 600)))
    window.findChild(type(window.menuBar().actions()[0]), "action_quit").trigger()
    assert not window.isVisible()
    assert (paths.data_dir() / FILE_NAME).exists()
    saved = window_settings().value(main_window.GEOMETRY_KEY)
    assert isinstance(saved, QByteArray) and not saved.isEmpty()


def test_window_fits_a_1366x768_screen(window: MainWindow) -> None:
    # 1366×768 less a taskbar is the smallest screen clerks have; no page may force more.
    assert main_window.DEFAULT_SIZE.width() <= 1366 and main_window.DEFAULT_SIZE.height() <= 728
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    available = window.screen().availableGeometry().size()  # 800×800 on the offscreen platform
    assert window.height() == min(main_window.DEFAULT_SIZE.height(), available.height())


def test_geometry_is_restored_next_time(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    window.resize(window.width(), 600)  # the default is 720 high
    window.close()
    again = MainWindow(db, window.info)
    qtbot.addWidget(again)
    assert again.height() == 600


def test_hub_window_speaks_of_stations(qtbot: QtBot, db: Database) -> None:
    info = setup_station(db, SetupRequest(role=ROLE_COUNTY, county_code="511181"))
    widget = MainWindow(db, info)
    qtbot.addWidget(widget)
    assert widget.station_label.text() == "乐山市峨眉山市政协办公室（县（区）政协汇总）"
    assert "各联络站" in widget.pages["sync"].description.text()
    assert widget.nav.item(0).text() == "汇总概览"
    assert widget.export_label.text() == "上次导入：尚未导入数据包"
    assert widget.pages["settings"].findChild(QLabel, "settings_township") is None


def test_last_export_text(db: Database) -> None:
    assert last_export_text(db) == NEVER
    with db.session() as session:
        for seq, when in ((1, datetime(2024, 3, 1, 2, 0, tzinfo=UTC)), (2, LATEST)):
            session.add(
                ExportLogEntry(
                    sequence=seq,
                    package_id=f"p{seq}",
                    created_at=when,
                    file_name=f"{seq}.zip",
                    sha256="0" * 64,
                    change_upto=seq,
                    full=seq == 1,
                )
            )
    local = LATEST.astimezone().strftime("%Y-%m-%d %H:%M")
    assert last_export_text(db) == f"上次导出：{local}（第2号增量数据包）"


def test_an_opening_window_paints_first_and_fills_right_after(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    opened: list[MainWindow] = []

    def opener(window: MainWindow) -> None:
        opened.append(window)
        window.attach(db, station)

    widget = MainWindow.opening(opener)
    qtbot.addWidget(widget)
    assert widget.windowTitle() == APP_TITLE and not widget.is_attached
    assert not nav(widget).isEnabled() and widget.current_page_key() == ""
    assert "正在打开" in widget.about_text()
    widget.show()
    qtbot.waitUntil(lambda: widget.is_attached, timeout=5000)
    assert opened == [widget]
    assert widget.windowTitle() == main_window.window_title(station)
    assert nav(widget).isEnabled() and nav(widget).count() == len(NAV)
    assert widget.current_page_key() == "consultations"
    # The opening label is deleted on the next turn of the event loop.
    qtbot.waitUntil(lambda: widget.findChild(QLabel, "opening_label") is None, timeout=5000)
    qtbot.waitUntil(lambda: widget.pages.is_built("sync"), timeout=5000)  # the daily backup's page


def test_a_window_is_attached_once(window: MainWindow, db: Database, station: StationInfo) -> None:
    with pytest.raises(RuntimeError):
        window.attach(db, station)
