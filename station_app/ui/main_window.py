"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from station_app import APP_TITLE, __version__, paths
from station_app.domain.classifications import ROLE_STATION
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.export_status import last_export_text, last_import_text
from station_app.ui.page_stack import LazyPages
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.window_settings import window_settings

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1200, 720)  # fits a 1366×768 screen with the taskbar
NAV_WIDTH = 140
GEOMETRY_KEY = "main_window/geometry"

# (key, navigation text), in the order of the navigation list.
PAGES: tuple[tuple[str, str], ...] = (
    ("consultations", "协商议题"),
    ("reports", "社情民意"),
    ("members", "委员"),
    ("documents", "文档"),
    ("sync", "同步"),
    ("statistics", "统计"),
    ("settings", "设置"),
)
HUB_OVERVIEW = ("overview", "汇总概览")


def window_title(info: StationInfo) -> str:
    return f"{APP_TITLE} — {info.station_name}"


class MainWindow(QMainWindow):
    def __init__(self, db: Database, info: StationInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self._db = db
        self.info = info
        self._first_paint_done = False
        self.setWindowTitle(window_title(info))

        self.nav = QListWidget()
        self.nav.setObjectName("nav_list")
        self.nav.setFixedWidth(NAV_WIDTH)
        # Big targets: clerks' mice and eyes are not young; the list is the main way around.
        self.nav.setStyleSheet("QListWidget#nav_list::item { padding: 9px 12px; }")
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.15)
        self.nav.setFont(nav_font)
        self.stack = QStackedWidget()
        self.stack.setObjectName("page_stack")
        # Only the first page is built now; the others on first use (see page_stack).
        self.pages = LazyPages(self.stack, self._make_page)
        entries = (HUB_OVERVIEW, *PAGES) if info.is_hub else PAGES
        for row, (key, text) in enumerate(entries):
            self.pages.add(key, build_now=row == 0)
            self.nav.addItem(text)
        self.nav.currentRowChanged.connect(self.pages.show)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()

    def _make_page(self, key: str) -> QWidget:
        # Each page's module is imported here, when the page is first needed.
        if key == "consultations":
            return ConsultationsPage(self._db, self.info)
        if key == "reports":
            from station_app.ui.pages.reports_page import ReportsPage

            reports_page = ReportsPage(self._db, self.info)
            reports_page.open_consultation.connect(self.open_consultation)
            return reports_page
        if key == "members":
            from station_app.ui.pages.members_page import MembersPage

            return MembersPage(self._db, self.info)
        if key == "settings":
            from station_app.ui.pages.settings_page import SettingsPage

            return SettingsPage(self._db, self.info)
        if key == "documents":
            from station_app.ui.pages.documents_page import DocumentsPage

            return DocumentsPage(self._db)
        if key == "sync" and self.info.role == ROLE_STATION:
            from station_app.ui.pages.sync_page import SyncPage

            sync_page = SyncPage(self._db, self.info)
            sync_page.exported.connect(self.refresh_status)
            return sync_page
        if key == "statistics":
            from station_app.ui.pages.statistics_page import StatisticsPage

            return StatisticsPage(self._db, self.info)
        if key == "overview":
            from station_app.ui.pages.hub_overview_page import HubOverviewPage

            return HubOverviewPage(self._db, self.info)
        if key == "sync":
            from station_app.ui.pages.hub_import_page import HubImportPage

            hub_page = HubImportPage(self._db, self.info)
            hub_page.imported.connect(self.refresh_status)
            return hub_page
        raise ValueError(f"no page for {key!r}")

    def event(self, event: QEvent) -> bool:
        if not self._first_paint_done and event.type() == QEvent.Type.Paint:
            self._first_paint_done = True
            QTimer.singleShot(0, self, self._after_first_paint)
        return super().event(event)

    def _after_first_paint(self) -> None:
        """Start-up work that need not delay the first paint."""
        if self.info.role == ROLE_STATION:
            self.pages.ensure("sync")  # the 同步 page takes the daily backup once it exists

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        quit_action = QAction("退出(&X)", self)
        quit_action.setObjectName("action_quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        about_action = QAction("关于(&A)", self)
        about_action.setObjectName("action_about")
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.station_label = QLabel(f"{self.info.station_name}（{self.info.role_label}）")
        self.station_label.setObjectName("status_station")
        self.export_label = QLabel()
        self.export_label.setObjectName("status_export")
        self.statusBar().addWidget(self.station_label)
        self.statusBar().addPermanentWidget(self.export_label)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Re-read the last export (after an export finishes)."""
        text = last_import_text(self._db) if self.info.is_hub else last_export_text(self._db)
        self.export_label.setText(text)

    def about_text(self) -> str:
        return (
            f"{APP_TITLE}\n\n"
            f"程序版本：{__version__}\n"
            f"本机：{self.info.station_name}（{self.info.role_label}）\n"
            f"数据目录：{paths.data_dir()}"
        )

    def show_about(self) -> None:
        messages.show_info(self, self.about_text(), title="关于")

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.pages.index(key))

    def open_consultation(self, consultation_id: str) -> None:
        """Show one record on the 协商议题 page (e.g. a topic just made from a 社情民意 report)."""
        page = self.pages["consultations"]
        assert isinstance(page, ConsultationsPage)
        self.show_page("consultations")
        page.reload()
        page.open_consultation(consultation_id)

    def current_page_key(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    # --- geometry ---------------------------------------------------------------
    def _restore_geometry(self) -> None:
        self.resize(DEFAULT_SIZE)
        saved = window_settings().value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            self.restoreGeometry(saved)
        screen = self.screen()
        if screen is not None:
            # A smaller screen than last time (a projector, a laptop) must still show the whole window.
            available = screen.availableGeometry().size()
            self.resize(self.size().boundedTo(available))

    def closeEvent(self, event: QCloseEvent) -> None:
        consultations = self.pages["consultations"] if self.pages.is_built("consultations") else None
        if isinstance(consultations, ConsultationsPage) and not consultations.maybe_leave():
            event.ignore()  # the clerk chose to stay with unsaved changes
            return
        settings = window_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
