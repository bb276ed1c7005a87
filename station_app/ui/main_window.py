"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
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
from station_app.ui import messages, page_commands
from station_app.ui.page_stack import LazyPages
from station_app.ui.window_settings import window_settings

if TYPE_CHECKING:  # the database side (SQLAlchemy) loads after the first paint; see MainWindow.opening
    from station_app.services.first_screen import FirstScreen
    from station_app.services.station_info import StationInfo
    from station_app.storage.engine import Database
    from station_app.ui.pages.consultations_page import ConsultationsPage

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
HUB_ISSUES = ("common_issues", "共性问题")
OPENING_TEXT = "正在打开数据……"
# Should the first paint never come (a window shown minimised), the data is opened anyway.
OPEN_FALLBACK_MS = 500
# The 同步 page (and its daily backup) is built this long after the first page has painted, so
# that its imports never hold up the rows the clerk is waiting for.
SYNC_PAGE_DELAY_MS = 500


def window_title(info: StationInfo) -> str:
    return f"{APP_TITLE} — {info.station_name}"


class MainWindow(QMainWindow):
    """The window; ``MainWindow(db, info)`` is ready at once, ``MainWindow.opening`` fills in later.

    At start-up the window is shown before the database is opened: its frame (navigation, menus,
    status bar) paints first, and the database, the station and the first page follow in the next
    turn of the event loop (``attach``). Importing SQLAlchemy and the models costs more than the
    rest of the start together, so nothing here imports them until then.
    """

    _db: Database
    info: StationInfo
    pages: LazyPages
    # Records changed behind the pages' backs (a hub import, a conflict decided): lists and banners re-read.
    records_changed = Signal()

    def __init__(
        self, db: Database | None = None, info: StationInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self._attached = False
        self._opener: Callable[[], None] | None = None
        self._after_paint: list[Callable[[], None]] = []  # run once the window has painted next
        self._first_page: ConsultationsPage | None = None  # shown before the database was open
        self.setWindowTitle(APP_TITLE)

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
        self._opening_label: QLabel | None = QLabel(OPENING_TEXT)
        self._opening_label.setObjectName("opening_label")
        self._opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self._opening_label)
        for _key, text in PAGES:  # the usual entries, greyed out until the data is open
            self.nav.addItem(text)
        self.nav.setEnabled(False)

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
        if db is not None and info is not None:
            self.attach(db, info)

    @classmethod
    def opening(cls, opener: Callable[[MainWindow], None], first: FirstScreen | None = None) -> MainWindow:
        """A window to show at once; ``opener(window)`` runs right after its first paint and is
        expected to open the database and call ``attach`` (or close the window).

        With ``first`` (the station and its list's first page, read ahead without SQLAlchemy) the
        first paint already shows the 协商议题 rows; ``attach`` then completes that page.
        """
        window = cls()
        if first is not None:
            window._show_first_screen(first)
        window._opener = lambda: opener(window)
        window._after_paint.append(window._run_opener)
        QTimer.singleShot(OPEN_FALLBACK_MS, window, window._run_opener)
        return window

    def _show_first_screen(self, first: FirstScreen) -> None:
        from station_app.ui.pages.consultations_page import ConsultationsPage

        page = ConsultationsPage(None, first.info, first_rows=first.rows)
        page.return_requested.connect(self.show_page)
        page.setObjectName("page_consultations")
        if self._opening_label is not None:
            self.stack.removeWidget(self._opening_label)
            self._opening_label.deleteLater()
            self._opening_label = None
        self.stack.addWidget(page)
        self._first_page = page
        self.setWindowTitle(window_title(first.info))
        self.station_label.setText(f"{first.info.station_name}（{first.info.role_label}）")
        self.nav.setCurrentRow(0)

    @property
    def is_attached(self) -> bool:
        return self._attached

    def attach(self, db: Database, info: StationInfo) -> None:
        """Show this station's data: navigation, the first page, the status bar."""
        if self._attached:
            raise RuntimeError("the window already shows a database")
        self._attached = True
        self._db = db
        self.info = info
        self.setWindowTitle(window_title(info))
        # A hub records nothing itself: no 新建 (Ctrl+N) in its menu.
        self.page_actions["new"].setVisible(not info.is_hub)
        self.page_actions["new"].setEnabled(not info.is_hub)
        self.nav.clear()
        if self._opening_label is not None:
            self.stack.removeWidget(self._opening_label)
            self._opening_label.deleteLater()
            self._opening_label = None
        # Only the first page is built now; the others on first use (see page_stack).
        self.pages = LazyPages(self.stack, self._make_page)
        entries = (HUB_OVERVIEW, HUB_ISSUES, *PAGES) if info.is_hub else PAGES
        first_page, self._first_page = self._first_page, None
        if first_page is not None and entries[0][0] != "consultations":
            self.stack.removeWidget(first_page)
            first_page.deleteLater()
            first_page = None
        for row, (key, text) in enumerate(entries):
            if row == 0 and first_page is not None:
                self.pages.add(key, page=first_page)
            else:
                self.pages.add(key, build_now=row == 0)
            self.nav.addItem(text)
        if first_page is not None:
            first_page.attach_database(db)
        self.nav.currentRowChanged.connect(self.pages.show)
        self.nav.setCurrentRow(0)
        self.nav.setEnabled(True)
        self.station_label.setText(f"{info.station_name}（{info.role_label}）")
        self.refresh_status()
        # Work that must not delay the first page's rows waits for the window to paint them.
        self._after_paint.append(self._after_first_page_painted)
        self.update()

    def _make_page(self, key: str) -> QWidget:
        # Each page's module is imported here, when the page is first needed.
        if key == "consultations":
            from station_app.ui.pages.consultations_page import ConsultationsPage

            consultations = ConsultationsPage(self._db, self.info)
            consultations.return_requested.connect(self.show_page)
            self.records_changed.connect(consultations.reload)
            return consultations
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

            settings_page = SettingsPage(self._db, self.info)
            settings_page.saved.connect(lambda: self._station_changed(settings_page.info))
            return settings_page
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

            overview = HubOverviewPage(self._db, self.info)
            overview.township_chosen.connect(self.open_township)
            return overview
        if key == "common_issues":
            from station_app.ui.pages.common_issues_page import CommonIssuesPage

            issues_page = CommonIssuesPage(self._db, self.info)
            issues_page.open_consultation.connect(lambda uuid: self.open_consultation(uuid, HUB_ISSUES))
            return issues_page
        if key == "sync":
            from station_app.ui.pages.hub_import_page import HubImportPage

            hub_page = HubImportPage(self._db, self.info)
            hub_page.imported.connect(self.refresh_status)
            hub_page.imported.connect(self.records_changed)
            return hub_page
        raise ValueError(f"no page for {key!r}")

    def event(self, event: QEvent) -> bool:
        if self._after_paint and event.type() == QEvent.Type.Paint:
            callbacks, self._after_paint = self._after_paint, []
            for callback in callbacks:
                QTimer.singleShot(0, self, callback)
        return super().event(event)

    def _run_opener(self) -> None:
        opener, self._opener = self._opener, None
        if opener is not None:
            opener()

    def _after_first_page_painted(self) -> None:
        """Start-up work that need not delay the first page."""
        if self.info.role == ROLE_STATION:
            QTimer.singleShot(SYNC_PAGE_DELAY_MS, self, lambda: self.pages.ensure("sync"))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.page_actions = page_commands.install(self, file_menu, self.current_page)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setObjectName("action_quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")
        manual_action = QAction("使用说明(&U)", self)
        manual_action.setObjectName("action_manual")
        manual_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        manual_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        manual_action.triggered.connect(self.show_manual)
        help_menu.addAction(manual_action)
        about_action = QAction("关于(&A)", self)
        about_action.setObjectName("action_about")
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.station_label = QLabel()
        self.station_label.setObjectName("status_station")
        self.export_label = QLabel()
        self.export_label.setObjectName("status_export")
        self.statusBar().addWidget(self.station_label)
        self.statusBar().addPermanentWidget(self.export_label)

    def _station_changed(self, info: StationInfo) -> None:
        """设置 corrected the people: what the window (and pages built from now on) use."""
        self.info = info

    def refresh_status(self) -> None:
        """Re-read the last export (after an export finishes)."""
        from station_app.ui.export_status import last_export_text, last_import_text

        text = last_import_text(self._db) if self.info.is_hub else last_export_text(self._db)
        self.export_label.setText(text)

    def about_text(self) -> str:
        here = f"{self.info.station_name}（{self.info.role_label}）" if self._attached else OPENING_TEXT
        return f"{APP_TITLE}\n\n程序版本：{__version__}\n本机：{here}\n数据目录：{paths.data_dir()}"

    def show_about(self) -> None:
        messages.show_info(self, self.about_text(), title="关于")

    def show_manual(self) -> QWidget:
        from station_app.services.handbook import HUB_SECTION
        from station_app.ui.help_dialog import show_help

        hub = self._attached and self.info.is_hub
        return show_help(self, HUB_SECTION if hub else "")

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.pages.index(key))

    def open_consultation(self, consultation_id: str, return_to: tuple[str, str] | None = None) -> None:
        """Show one record on the 协商议题 page (e.g. a topic just made from a 社情民意 report);
        ``return_to`` (page key, name): where its 返回 button leads instead of the list."""
        from station_app.ui.pages.consultations_page import ConsultationsPage

        page = self.pages["consultations"]
        assert isinstance(page, ConsultationsPage)
        self.show_page("consultations")
        page.reload()
        page.open_consultation(consultation_id, return_to)

    def open_township(self, code: str) -> None:
        """The 协商议题 list of one township (double-click in the hub's overview)."""
        from station_app.ui.pages.consultations_page import ConsultationsPage

        page = self.pages["consultations"]
        assert isinstance(page, ConsultationsPage)
        self.show_page("consultations")
        page.reload()
        page.show_township(code)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget() if self._attached else None

    def current_page_key(self) -> str:
        if not self._attached:
            return ""
        return list(self.pages)[self.stack.currentIndex()]

    # --- geometry ---------------------------------------------------------------
    def _restore_geometry(self) -> None:
        self.resize(DEFAULT_SIZE)
        saved = window_settings().value(GEOMETRY_KEY)
        self.geometry_restored = isinstance(saved, QByteArray) and not saved.isEmpty()
        if isinstance(saved, QByteArray) and self.geometry_restored:
            self.restoreGeometry(saved)
        screen = self.screen()
        if screen is not None:
            # A smaller screen than last time (a projector, a laptop) must still show the whole window.
            available = screen.availableGeometry().size()
            self.resize(self.size().boundedTo(available))

    def show_fitted(self) -> None:
        """Show the window: the first time filling the screen (1366×768 needs every pixel for the
        list's columns), later as the clerk left it (size, place, maximised or not)."""
        if self.geometry_restored:
            self.show()
            return
        screen = self.screen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        self.showMaximized()

    def _consultations_may_leave(self) -> bool:
        from station_app.ui.pages.consultations_page import ConsultationsPage

        page = self.pages["consultations"]
        return not isinstance(page, ConsultationsPage) or page.maybe_leave()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._attached and self.pages.is_built("consultations") and not self._consultations_may_leave():
            event.ignore()  # the clerk chose to stay with unsaved changes
            return
        settings = window_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
