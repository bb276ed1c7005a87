"""Where file dialogs start: the folder last used for the same purpose, else the folder last used
for anything (the stick the clerk just read from), else the clerk's 文档 folder.

Never the program's own folder, the system root, or an empty path (Qt then starts wherever the
program happened to be started from).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from station_app.ui.window_settings import window_settings

KEY = "folders/{purpose}"
LAST_KEY = "folders/last"  # the folder of the last file chosen for any purpose


def documents_folder() -> Path:
    for location in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.HomeLocation,
    ):
        found = QStandardPaths.writableLocation(location)
        if found and Path(found).is_dir() and Path(found) != Path(Path(found).anchor):
            return Path(found)
    return Path.home()


def start_folder(purpose: str) -> str:
    settings = window_settings()
    for key in (KEY.format(purpose=purpose), LAST_KEY):
        saved = settings.value(key)
        if isinstance(saved, str) and saved and Path(saved).is_dir():
            return saved
    return str(documents_folder())


def start_file(purpose: str, name: str) -> str:
    """A suggested file name inside :func:`start_folder`."""
    return str(Path(start_folder(purpose)) / name)


def remember(purpose: str, chosen: str | Path) -> None:
    """Keep the folder of a chosen file (or the chosen folder) for next time."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if str(folder) and folder.is_dir():
        settings = window_settings()
        settings.setValue(KEY.format(purpose=purpose), str(folder))
        settings.setValue(LAST_KEY, str(folder))
        settings.sync()


def ask_report_file(parent: QWidget, title: str, name: str, suffix: str) -> Path | None:
    """Where to save a report (.pdf or .xlsx): asked in the reports' folder, remembered, and given
    its ending when the clerk typed a name without it. None when the clerk cancels."""
    kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 文件 (*.xlsx)"
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start_file("reports", name + suffix), kind)
    if not chosen:
        return None
    remember("reports", chosen)
    target = Path(chosen)
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)
