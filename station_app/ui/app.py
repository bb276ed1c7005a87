"""Starting the window: Qt application, Chinese font and translations, logging, database, setup."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from station_app import APP_NAME, logsetup, paths
from station_app.errors import KnownError
from station_app.services.station import load_station
from station_app.storage.migrate import open_database
from station_app.ui import crash_dialog, messages
from station_app.ui.main_window import MainWindow
from station_app.ui.setup_wizard import run_setup_wizard

log = logging.getLogger(__name__)

FONT_FILE = "wqy-microhei.ttc"
MIN_POINT_SIZE = 10  # clerks' screens are old and small; 9 pt Chinese is hard to read
_translators: list[QTranslator] = []  # a translator must outlive its installation


def install_font(app: QApplication) -> str | None:
    """Load the shipped CJK font and make it the application font; its family, or None."""
    font_path = paths.resources_dir() / "fonts" / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(font_path))
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
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("乐山市政协")
    install_font(app)
    install_translator(app)
    return app


def run_gui(database_url: str | None = None) -> int:
    """Run the window program; the process exit code."""
    app = make_application()
    logsetup.setup_logging()
    crash_dialog.install_excepthook()
    log.info("starting the window, data folder %s", paths.data_dir())
    try:
        db = open_database(database_url)
    except KnownError as error:
        messages.show_known_error(None, error)
        return 1
    try:
        info = load_station(db)
        if info is None:
            info = run_setup_wizard(db)
            if info is None:
                log.info("setup cancelled")
                return 0
        window = MainWindow(db, info)
        window.show()
        return app.exec()
    except KnownError as error:
        messages.show_known_error(None, error)
        return 1
    finally:
        db.dispose()
