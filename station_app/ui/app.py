"""Starting the window: Qt application, Chinese font and translations, logging, database, setup."""

from __future__ import annotations

import logging
import lzma
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from station_app import APP_NAME, logsetup, paths, shipped_fonts
from station_app.errors import KnownError
from station_app.ui import crash_dialog, messages, print_warmup, qt_chinese, search_repair
from station_app.ui.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from station_app.services.first_screen import FirstScreen
    from station_app.services.station import StationInfo
    from station_app.storage.engine import Database

log = logging.getLogger(__name__)

FONT_FILE = "wqy-microhei.ttc.xz"
MIN_POINT_SIZE = 10  # clerks' screens are old and small; 9 pt Chinese is hard to read
_translators: list[QTranslator] = []  # a translator must outlive its installation


def install_font(app: QApplication) -> str | None:
    """Load the shipped CJK font and make it the application font; its family, or None."""
    font_path = paths.resources_dir() / "fonts" / FONT_FILE
    copy = shipped_fonts.decompressed_copy(font_path)  # stored xz-compressed: decompressed once
    font_id = QFontDatabase.addApplicationFont(str(copy)) if copy is not None else -1
    if font_id < 0:  # no cache folder to keep the copy in, or a copy Qt refuses
        try:
            data = lzma.decompress(font_path.read_bytes())
        except (OSError, lzma.LZMAError):
            data = b""
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data)) if data else -1
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the Chinese font %s; text may show as boxes", font_path)
        return None
    font = QFont(families[0])
    font.setPointSize(max(app.font().pointSize(), MIN_POINT_SIZE))
    app.setFont(font)
    return families[0]


def install_translator(app: QApplication) -> bool:
    """Qt's own Chinese texts (确定/取消, context menus, file dialogs)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    gaps = qt_chinese.GapTranslator(app)  # asked last: only for what qtbase_zh_CN lacks
    app.installTranslator(gaps)
    _translators.append(gaps)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt's Chinese translation not found in %s", folder)
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    return True


def make_application() -> QApplication:
    existing = QApplication.instance()
    if existing is None:
        qt_chinese.use_chinese_dates_for_qt()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("乐山市政协")
    install_font(app)
    install_translator(app)
    return app


def install_after_first_paint() -> None:
    """What no first screen shows, set up once it is painted: file dialogs in the clerk's words
    (10 ms of Qt's file-dialog classes at start, and a filter every event would pass through)."""
    from station_app.ui import file_dialog_look

    app = QApplication.instance()
    if isinstance(app, QApplication):
        file_dialog_look.install(app)


# The database side is imported when first used, after the window's first paint: SQLAlchemy and
# the models take longer to import than everything the first paint needs.
def open_database(database_url: str | None) -> Database:
    from station_app.storage.migrate import open_database as open_and_migrate

    # The search index is checked and repaired by ``Startup``, with progress in the window.
    return open_and_migrate(database_url, repair_search=False)


def load_station(db: Database) -> StationInfo | None:
    from station_app.services.station import load_station as load

    return load(db)


def read_first_screen(database_url: str | None) -> FirstScreen | None:
    """The station and its list's first page, read ahead (sqlite3 only) to paint with the frame."""
    from station_app.services.first_screen import read_first_screen as read
    from station_app.ui.models.consultation_table import PAGE_SIZE

    return read(database_url, PAGE_SIZE)


def run_setup_wizard(db: Database, parent: QWidget | None = None) -> StationInfo | None:
    from station_app.ui.setup_wizard import run_setup_wizard as run_wizard

    return run_wizard(db, parent)


class Startup:
    """The window shown at once, and the database opened right after its first paint.

    ``exit_code`` is set when the start ends the program (a refused database, setup cancelled);
    ``db`` is the open database, to be disposed of when the program ends.
    """

    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url
        self.db: Database | None = None
        self.exit_code: int | None = None
        self.window = MainWindow.opening(self._open, read_first_screen(database_url))

    def _open(self, window: MainWindow) -> None:
        install_after_first_paint()
        log.info("opening the data in %s", paths.data_dir())
        try:
            self.db = open_database(self.database_url)
            if search_repair.start_if_due(window, self.db, lambda: self._open_station(window)):
                return
            self._open_station(window)
        except KnownError as error:
            messages.show_known_error(window, error)
            self._end(1)

    def _open_station(self, window: MainWindow) -> None:
        assert self.db is not None
        try:
            info = load_station(self.db)
            if info is None:
                info = run_setup_wizard(self.db, window)
                if info is None:
                    log.info("setup cancelled")
                    self._end(0)
                    return
            window.attach(self.db, info)
            print_warmup.schedule(window)
        except KnownError as error:
            messages.show_known_error(window, error)
            self._end(1)

    def _end(self, code: int) -> None:
        self.exit_code = code
        self.window.hide()
        app = QApplication.instance()
        if app is not None:
            app.exit(code)

    def dispose(self) -> None:
        if self.db is not None:
            self.db.dispose()
            self.db = None


def run_gui(database_url: str | None = None) -> int:
    """Run the window program; the process exit code."""
    app = make_application()
    logsetup.setup_logging()
    crash_dialog.install_excepthook()
    log.info("starting the window, data folder %s", paths.data_dir())
    startup = Startup(database_url)
    try:
        startup.window.show_fitted()
        code = app.exec()
        return startup.exit_code if startup.exit_code is not None else code
    finally:
        startup.dispose()
