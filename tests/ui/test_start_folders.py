"""Save dialogs start where a clerk keeps files (the folder last used, else 文档), never the data folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from station_app import paths
from station_app.storage.engine import Database
from station_app.ui import folders
from station_app.ui.pages.documents_page import DocumentsPage

from .helpers import Shown
from .test_documents_page import TITLE, add_record, inline_jobs, opened, page  # noqa: F401 (fixtures)


def test_save_as_starts_in_documents_then_where_the_clerk_saved(
    qtbot: QtBot,
    db: Database,
    page: DocumentsPage,  # noqa: F811 (the fixture imported above)
    shown: Shown,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_record(db, TITLE, datetime(2026, 4, 10, 9, 30))
    page.refresh()
    starts: list[Path] = []
    stick = tmp_path / "U盘"
    stick.mkdir()

    def save(_parent: object, _caption: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(Path(start))
        return str(stick / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    for _ in range(2):
        qtbot.mouseClick(page.signin_button, Qt.MouseButton.LeftButton)
        dialog = opened(page)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.close()
    first, second = starts
    assert first.parent.resolve() == folders.documents_folder().resolve()
    assert paths.data_dir().resolve() not in first.resolve().parents
    assert second.parent == stick  # the folder the clerk chose last time
