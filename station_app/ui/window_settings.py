"""Window state (size, position) kept in an INI file in the data folder.

Never the platform's registry or ~/.config: tests and portable installs stay self-contained.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from station_app import paths

FILE_NAME = "window.ini"


def window_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / FILE_NAME), QSettings.Format.IniFormat)
