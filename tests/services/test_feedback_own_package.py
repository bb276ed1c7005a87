"""Picking the station's own outgoing package at 导入回执 says what it is, before asking for keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.services import keys
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.export import export_package
from station_app.services.feedback_import import FeedbackRefusedError, import_feedback
from station_app.storage.engine import Database


def test_own_outgoing_package_is_named_as_such_without_keys(station_db: Database, tmp_path: Path) -> None:
    create_topic(
        station_db,
        TopicInput("院坝老年食堂", "群众点题", "养老服务", date(2026, 3, 5)),
        today=date(2026, 3, 5),
    )
    stick = tmp_path / "U盘"
    stick.mkdir()
    exported = run_to_end(export_package(station_db, stick))
    assert not keys.list_recipients()  # the case the clerk met: no office key yet
    with pytest.raises(FeedbackRefusedError) as refused:
        run_to_end(import_feedback(station_db, exported.path))
    message = refused.value.message
    assert "本站自己导出" in message and f"第 {exported.sequence} 号" in message and "回执-" in message
    assert "公钥" not in message
