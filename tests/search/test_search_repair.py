"""An index broken by an older version is repaired on opening; ``check`` reports and repairs it;
the issue's own case (a JSON ledger, then ``list --search``); numbers typed as clerks type them."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from station_app.cli.main import main
from station_app.domain.progress import Progress, run_to_end
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.meetings import MeetingInput, save_meeting
from station_app.services.printing_lookup import consultations_with_meetings
from station_app.services.search import matching_consultation_ids, search
from station_app.storage import search_audit
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation
from tests.people import STATION_SETUP

SNAPSHOTS = Path(__file__).resolve().parents[1] / "storage" / "snapshots"
BROKEN = SNAPSHOTS / "broken_search_0005.sqlite3"
EXPECTED = json.loads(BROKEN.with_suffix(".json").read_text("utf-8"))
TODAY = date(2026, 11, 26)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    work = tmp_path / "旧 站点.sqlite3"
    shutil.copyfile(BROKEN, work)
    return work


def _titles(db: Database, text: str) -> set[str]:
    return {hit.title for hit in search(db, text)}


def test_the_snapshot_is_broken_as_described(broken: Path) -> None:
    db = open_database(f"sqlite:///{broken}", repair_search=False)
    try:
        audit = run_to_end(search_audit.audit_index(db))
        assert (audit.count("missing"), audit.count("wrong"), audit.count("extra")) == (2, 1, 1)
        assert _titles(db, "集市") == set()  # what the clerk saw
        assert search_audit.repair_due(db)
    finally:
        db.dispose()


def test_an_old_broken_database_is_repaired_on_first_open(broken: Path) -> None:
    db = open_database(f"sqlite:///{broken}")
    try:
        for title in EXPECTED["missing"]:
            assert _titles(db, title[:2]) == {title}
            assert _titles(db, title[-3:]) == {title}
        edited = EXPECTED["edited"]
        assert _titles(db, edited["to"][2:4]) == {edited["to"]}
        assert _titles(db, edited["from"][2:4]) == set()  # the old words are gone
        assert search(db, "幽灵") == []  # the record that never existed
        assert run_to_end(search_audit.audit_index(db)).ok
        assert not search_audit.repair_due(db)
    finally:
        db.dispose()
    assert main(["--database-url", f"sqlite:///{broken}", "check"]) == 0


def test_check_reports_in_chinese_and_repair_rebuilds(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{broken}"
    assert main(["--database-url", url, "check"]) == 1
    out = capsys.readouterr().out
    assert "检索索引缺少 2 条记录、1 条记录的内容与记录不符、多出 1 条已不存在或已删除的记录" in out
    assert "station-app check --repair" in out
    assert main(["--database-url", url, "check", "--repair"]) == 0
    assert "已修复" in capsys.readouterr().out
    assert main(["--database-url", url, "check"]) == 0
    assert "检索索引与记录一致（3 条记录）" in capsys.readouterr().out


def test_check_finds_a_document_changed_behind_the_index(station_db: Database) -> None:
    cid = create_topic(
        station_db, TopicInput("河道垃圾清理", "群众点题", "生态环境", date(2026, 3, 5)), today=TODAY
    )
    assert run_to_end(search_audit.audit_index(station_db)).ok
    with station_db.engine.begin() as connection:  # written past any session: marked, not yet indexed
        connection.execute(update(Consultation).where(Consultation.id == cid).values(title="河道淤泥疏浚"))
    assert search_audit.repair_due(station_db)
    with station_db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM search_stale")  # as if the marks were lost as well
    audit = run_to_end(search_audit.audit_index(station_db))
    assert audit.wrong == {"consultation": [cid]} and not audit.ok
    repaired = run_to_end(search_audit.audit_index(station_db, repair=True))
    assert repaired.repaired and _titles(station_db, "淤泥") == {"河道淤泥疏浚"}


def test_the_repair_reports_progress_chunk_by_chunk(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_audit, "CHUNK", 1)
    db = open_database(f"sqlite:///{broken}", repair_search=False)
    try:
        steps: list[Progress] = []
        job = search_audit.audit_index(db, repair=True)
        while True:
            try:
                steps.append(next(job))
            except StopIteration:
                break
        assert [s.done for s in steps] == [0, 1, 2, 3, 3]
        assert {s.total for s in steps} == {3}
        assert steps[0].message == "正在修复检索索引……"
    finally:
        db.dispose()


def test_a_json_ledger_is_found_by_list_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's own steps: a fresh station, a JSON ledger of one topic, ``list --search 集市``."""
    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    ledger = tmp_path / "台账.json"
    item = {
        "title": "集市占道经营整治",
        "source": "群众点题",
        "field": "社会治理",
        "proposed_on": "2025-05-06",
    }
    ledger.write_text(json.dumps([item], ensure_ascii=False), "utf-8")
    assert (
        main(
            [
                "--database-url",
                url,
                *STATION_SETUP,
            ]
        )
        == 0
    )
    assert main(["--database-url", url, "import-ledger", str(ledger)]) == 0
    capsys.readouterr()
    assert main(["--database-url", url, "list", "--search", "集市"]) == 0
    out = capsys.readouterr().out
    assert "集市占道经营整治" in out and "共 1 个议题" in out


def _numbered(db: Database) -> dict[tuple[int, int], str]:
    made: dict[tuple[int, int], str] = {}
    for year in (2025, 2026):
        for seq in range(1, 14):
            cid = create_topic(
                db, TopicInput(f"议题{year}{seq}", "群众点题", "养老服务", date(year, 3, 5)), today=TODAY
            )
            made[(year, seq)] = cid
    return made


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("2026-3", {(2026, 3)}),
        ("2026〔3", {(2026, 3)}),
        ("〔2026〕3号", {(2026, 3)}),
        ("[2026]3", {(2026, 3)}),
        ("大佛街道〔2026〕3号", {(2026, 3)}),
        ("２０２６－１３", {(2026, 13)}),
        ("3号", {(2025, 3), (2026, 3)}),
        ("别的街道〔2026〕3号", set()),
    ],
)
def test_numbers_as_clerks_type_them(station_db: Database, typed: str, wanted: set[tuple[int, int]]) -> None:
    made = _numbered(station_db)
    expected = {made[key] for key in wanted}
    assert {hit.record_id for hit in search(station_db, typed, kinds={"consultation"})} == expected
    with station_db.session() as session:
        assert set(session.scalars(matching_consultation_ids(session, typed))) == expected


def test_the_documents_page_finds_a_number(station_db: Database) -> None:
    made = _numbered(station_db)
    for key in ((2026, 3), (2026, 13)):
        meeting = MeetingInput("院坝协商", datetime(2026, 4, 2, 9, 30), "议事室", "李明", "王芳")
        save_meeting(station_db, made[key], meeting, today=TODAY)
    assert [c.id for c in consultations_with_meetings(station_db, "2026-3")] == [made[(2026, 3)]]
    assert {c.id for c in consultations_with_meetings(station_db, "议题")} == {
        made[(2026, 3)],
        made[(2026, 13)],
    }
