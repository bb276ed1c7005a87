"""The year's export of minutes says what it holds: drafts counted, and by which year it files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.meetings import MeetingInput, ParticipantInput, finalise_minutes, save_meeting
from station_app.storage.migrate import open_database
from tests.cli.test_cli_documents import TODAY, folder, run

__all__ = ["folder"]


def test_the_summary_counts_drafts_and_names_the_year_rule(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:  # a topic numbered in 2025 that met in January 2026
        old = create_topic(
            db, TopicInput("河堤护栏", "群众点题", "基础设施", date(2025, 12, 20)), today=TODAY
        )
        meeting = MeetingInput(
            form="院坝协商",
            held_at=datetime(2026, 1, 7, 9, 0),
            place="河堤",
            chair="李明",
            recorder="王芳",
            consensus="加装护栏",
            participants=(ParticipantInput("赵晓东", "政协委员", "出席"),),
        )
        finalise_minutes(db, save_meeting(db, old, meeting, today=TODAY))
    finally:
        db.dispose()
    target = tmp_path / "2026年纪要"
    code, out, err = run(
        capsys, "--data-dir", str(folder), "export-minutes", "--year", "2026", "--out", str(target)
    )
    assert code == 0, err
    written = sorted(p.name for p in target.iterdir())
    assert len(written) == 3 and any("〔2025〕" in name for name in written)
    assert "其中 2 份尚未定稿" in out and "草稿" in out
    assert "按会议日期归年" in out and "1 份的议题编号是往年的" in out
