"""``hub common-issues``: the JSON contract, the table, the period, the township rule, refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from station_app.cli.main import main
from station_app.domain import townships
from station_app.domain.progress import run_to_end
from station_app.hub import common_issues as ci
from station_app.hub import status
from station_app.hub.closeness import closeness
from station_app.hub.kpi import Period
from station_app.services.station import require_station
from station_app.storage.migrate import open_database
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics, make_city_hub

KEYS = {"title", "consultations", "townships", "fields", "key_terms", "score", "closeness", "mark"}


@pytest.fixture
def hub_folder(data_dir: Path, migrated_template: Path) -> tuple[Path, dict[str, str]]:
    db, _info = make_city_hub(migrated_template)
    made = add_topics(db, load_labelled("dev"))
    add_topics(db, load_labelled("heldout"), on=date(2025, 6, 1))
    db.dispose()
    return data_dir, made


def _groups(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(list(args)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_lines_hold_the_contract(
    hub_folder: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, made = hub_folder
    base = ["--data-dir", str(folder), "hub", "common-issues", "--from", "2026-01-01", "--to", "2026-12-31"]
    groups = _groups(capsys, *base, "--json")
    assert groups, "the dev topics hold common issues"
    codes = {t.code for t in townships.load_townships()}
    seen: set[str] = set()
    by_uuid = {uuid: key for key, uuid in made.items()}
    themes = {i.topic.key: i.theme for i in load_labelled("dev")}
    for group in groups:
        assert set(group) == KEYS
        assert isinstance(group["title"], str) and group["title"]
        uuids = group["consultations"]
        assert isinstance(uuids, list) and all(u in by_uuid for u in uuids)
        assert not seen & set(uuids), "a topic belongs to one group at most"
        seen |= set(uuids)
        towns = group["townships"]
        assert isinstance(towns, list) and len(towns) >= 2 and set(towns) <= codes
        assert isinstance(group["score"], float) and 0 < group["score"] <= 1
        assert group["closeness"] == closeness(group["score"])  # the page's word, from one place
        assert group["fields"] and group["key_terms"]
        assert group["mark"] is None  # nothing marked yet
        assert len({themes[by_uuid[u]] for u in uuids}) == 1  # one concrete problem per group
    lights = next(g for g in groups if "路灯" in g["key_terms"])  # type: ignore[operator]
    assert len(lights["consultations"]) == 4  # type: ignore[arg-type]
    # The period: the held-out topics were proposed in 2025 and do not show up.
    later = _groups(capsys, *base[:4], "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    assert later and not {u for g in later for u in g["consultations"]} & seen  # type: ignore[attr-defined]


def test_min_stations_keeps_only_wide_groups(
    hub_folder: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _made = hub_folder
    base = ["--data-dir", str(folder), "hub", "common-issues", "--from", "2026-01-01", "--to", "2026-12-31"]
    two = _groups(capsys, *base, "--json")
    four = _groups(capsys, *base, "--min-stations", "4", "--json")
    assert four and len(four) < len(two)
    assert all(len(g["townships"]) >= 4 for g in four)  # type: ignore[arg-type]


def test_readable_table_in_chinese(
    hub_folder: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _made = hub_folder
    assert main(["--data-dir", str(folder), "hub", "common-issues", "--from", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "共性问题共" in out and "领域：" in out and "关键词：" in out
    assert "苏稽镇" in out and "新桥村村道路灯不亮" in out


def test_marks_show_in_json_and_table(
    hub_folder: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A group the office marked on the page carries its mark and note in both outputs; a mark made
    for another period is counted but matches no group shown."""
    folder, _made = hub_folder
    base = ["--data-dir", str(folder), "hub", "common-issues", "--from", "2026-01-01", "--to", "2026-12-31"]
    db = open_database(None)
    try:
        scope = status.scope_of(require_station(db))
        this_year = Period(date(2026, 1, 1), date(2026, 12, 31))
        issues = run_to_end(ci.find_common_issues(db, scope, this_year))
        lights = next(i for i in issues if "路灯" in i.key_terms)
        ci.mark_issue(db, lights, this_year, "建议列入明年专题协商")
        last_year = Period(date(2025, 1, 1), date(2025, 12, 31))
        ci.mark_issue(db, run_to_end(ci.find_common_issues(db, scope, last_year))[0], last_year, "")
    finally:
        db.dispose()
    groups = _groups(capsys, *base, "--json")
    marked = [g for g in groups if g["mark"] is not None]
    assert [g["consultations"] for g in marked] == [list(lights.consultations)]
    assert marked[0]["mark"] == {
        "label": "拟列入专题协商",
        "note": "建议列入明年专题协商",
        "from": "2026-01-01",
        "to": "2026-12-31",
    }
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "已标记「拟列入专题协商」2 个，本期间的结果中有 1 个。" in out
    block = next(b for b in out.split("\n\n") if "路灯" in b.splitlines()[1])
    assert (
        "已标记「拟列入专题协商」（标记时的期间：2026年1月1日至2026年12月31日）；办公室意见：建议列入明年专题协商"
        in block
    )
    assert out.count("已标记「拟列入专题协商」（") == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "2026-02-30"], "不是有效日期"),
        (["--from", "2026-05-01", "--to", "2026-01-01"], "结束日期（2026年1月1日）早于开始日期（2026年5"),
        (["--min-stations", "0"], "1 或以上"),
    ],
)
def test_bad_input_is_refused_in_chinese(
    hub_folder: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    folder, _made = hub_folder
    assert main(["--data-dir", str(folder), "hub", "common-issues", *extra]) != 0
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err + captured.out


def test_a_station_is_refused(station_db: object, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from station_app import paths

    db_file = Path(str(station_db.engine.url.database))  # type: ignore[attr-defined]
    station_db.dispose()  # type: ignore[attr-defined]
    paths.database_file().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db_file, paths.database_file())
    assert main(["--data-dir", str(data_dir), "hub", "common-issues"]) != 0
    err = capsys.readouterr().err
    assert "本机是乡镇联络站" in err and "共性问题" in err
