"""Fixtures for window tests: a real SQLite file per test, and recorders for message boxes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from station_app.errors import KnownError
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.ui import crash_dialog, messages

HERE = Path(__file__).resolve().parent
# The offscreen platform used by tests cannot pass size hints to a window system and says so
# whenever a shown window has a size constraint; that is the test platform, not the program.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"

DAFO = "511102004"  # 市中区 大佛街道
SHIZHONG = "511102"  # 市中区


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def station(db: Database) -> StationInfo:
    return setup_station(db, SetupRequest(township_code=DAFO, head_name="王站长", clerk_name="李联络"))


def type_chinese(widget: QWidget, text: str) -> None:
    """Type as a Chinese input method does: one committed string (QTest only knows ASCII keys)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@dataclass
class Shown:
    """What would have been shown to the clerk, in order."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    known: list[KnownError] = field(default_factory=list)
    crashes: list[BaseException] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: bool = False


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    record = Shown()

    def known(_parent: object, error: KnownError) -> None:
        record.known.append(error)
        record.errors.append(error.message)

    def crash(_parent: object, _kind: type[BaseException], value: BaseException, _tb: TracebackType | None) -> None:
        record.crashes.append(value)

    def ask(_parent: object, text: str) -> bool:
        record.questions.append(text)
        return record.answer

    monkeypatch.setattr(messages, "show_error", lambda _parent, text: record.errors.append(text))
    monkeypatch.setattr(messages, "show_info", lambda _parent, text, title="": record.infos.append(text))
    monkeypatch.setattr(messages, "show_known_error", known)
    monkeypatch.setattr(messages, "ask_yes_no", ask)
    monkeypatch.setattr(crash_dialog, "show_crash", crash)
    return record
