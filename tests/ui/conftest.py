"""Fixtures for window tests: recorders for message boxes (``db`` comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

from station_app.errors import KnownError
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.ui import crash_dialog, messages
from tests.hub.conftest import World, build_world

from .helpers import DAFO, Shown

HERE = Path(__file__).resolve().parent
# The offscreen platform used by tests cannot pass size hints to a window system and says so
# whenever a shown window has a size constraint; that is the test platform, not the program.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def station(db: Database) -> StationInfo:
    return setup_station(db, SetupRequest(township_code=DAFO, head_name="王站长", clerk_name="李联络"))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    record = Shown()

    def known(_parent: object, error: KnownError) -> None:
        record.known.append(error)
        record.errors.append(error.message)

    def crash(
        _parent: object, _kind: type[BaseException], value: BaseException, _tb: TracebackType | None
    ) -> None:
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


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[World]:
    """Stations with packages on a stick, made once per module for the hub's window tests."""
    yield from build_world(tmp_path_factory, migrated_template)
