"""Every figure on every surface equals a direct count of generated data.

Several stations get random topics (statuses, dates across years, rejected and revoked topics,
tombstones, ratings, meetings, action items), export two real packages each, and a city hub imports
them. Then the overview page, the topic list count, the KPI board (city and one station), the report
tables (and the .xlsx written from them) and ``hub status --json`` with and without a period must all
equal what ``figure_world.expected`` counts from the specs.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from station_app.cli.main import main
from station_app.domain.progress import run_to_end
from station_app.hub import kpi, report
from station_app.hub.importer import import_packages
from station_app.ui.pages.consultations_page import ConsultationsPage, count_text
from station_app.ui.pages.hub_overview_page import HEADERS, HubOverviewPage
from station_app.ui.pages.statistics_page import StatisticsPage
from tests.hub.figure_world import STAGE, Counted, TopicSpec, apply_later, expected, topics, write_topics
from tests.hub.hub_world import DAFO, TONGJIANG, YUJIN, make_hub, make_station, using

CODES = (DAFO, TONGJIANG, YUJIN)
NAMES = {DAFO: "大佛街道", TONGJIANG: "通江街道", YUJIN: "玉津镇"}
STAGES = ["选题", "调研", "协商", "转化", "评价", "不予立题", "已撤销"]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _status_json(folder: Path, *period: str) -> dict[str, dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--data-dir", str(folder), "hub", "status", "--json", *period]) == 0
    return {row["township_code"]: row for row in map(json.loads, out.getvalue().splitlines())}


def _check_json(row: dict[str, Any], want: Counted) -> None:
    assert row["total"] == want.total and row["active"] == want.active
    assert row["by_stage"] == want.by_stage and row["by_status"] == want.by_status
    assert sum(row["by_stage"].values()) == row["total"]
    assert row["overdue_actions"] == want.overdue
    assert row["not_taken_up"] == want.by_status.get("不予立题", 0)
    assert row["revoked"] == want.by_status.get("已撤销", 0)
    assert (row["meetings"], row["members"]) == (want.meetings, want.members)
    for key, value in want.shares().items():
        assert row[key] == pytest.approx(value) if value is not None else row[key] is None


def _check_board(page: StatisticsPage, want: Counted) -> None:
    text = {key: label.text() for key, label in page.figures.items()}
    assert text["total"] == str(want.total) and text["active"] == str(want.active)
    assert text["not_taken_up"] == str(want.by_status.get("不予立题", 0))
    assert text["revoked"] == str(want.by_status.get("已撤销", 0))
    assert text["overdue_actions"] == str(want.overdue)
    assert text["meetings"] == str(want.meetings) and text["members"] == str(want.members)
    for key, value in want.shares().items():
        assert text[key].startswith(_pct(value)), key


def _sum(counts: list[Counted]) -> Counted:
    total = Counted()
    for c in counts:
        for name in vars(c):
            value = getattr(c, name)
            if isinstance(value, dict):
                merged = getattr(total, name)
                for k, v in value.items():
                    merged[k] = merged.get(k, 0) + v
            else:
                setattr(total, name, getattr(total, name) + value)
    return total


stations = st.lists(st.lists(topics, max_size=10), min_size=len(CODES), max_size=len(CODES))
periods = st.tuples(st.dates(date(2023, 1, 1), date(2027, 12, 31)), st.integers(0, 900))


@settings(
    max_examples=10,
    deadline=None,
    # Each example exports and imports real packages (~3 s); shrinking a failure would take many minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=stations, period=periods)
def test_every_surface_shows_the_direct_counts(
    data: list[list[TopicSpec]], period: tuple[date, int], migrated_template: Path, qapp: QApplication
) -> None:
    today = date.today()
    start = period[0]
    end = date.fromordinal(min(start.toordinal() + period[1], date(2027, 12, 31).toordinal()))
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        hub = make_hub(migrated_template, root / "city")
        out = root / "packages"
        out.mkdir()
        for code, specs in zip(CODES, data, strict=True):
            station = make_station(migrated_template, root, code, [hub.key_file])
            write_topics(station.db, code, specs, today)
            station.export(out)
            if apply_later(station.db, specs):
                station.export(out)
            station.db.dispose()
        with using(hub.folder):
            outcomes = run_to_end(import_packages(hub.db, sorted(out.iterdir()), trust_new=True))
            assert all(o.ok for o in outcomes)
            _check_surfaces(hub, data, today, start, end, root)
        hub.db.dispose()


def _check_surfaces(
    hub: Any, data: list[list[TopicSpec]], today: date, start: date, end: date, root: Path
) -> None:
    all_time = {code: expected(specs, None, None, today) for code, specs in zip(CODES, data, strict=True)}
    in_period = {code: expected(specs, start, end, today) for code, specs in zip(CODES, data, strict=True)}
    # hub status --json, all time and for the period
    rows = _status_json(hub.folder)
    assert len(rows) == 132
    for code, want in all_time.items():
        _check_json(rows[code], want)
    assert all(row["total"] == 0 for code, row in rows.items() if code not in CODES)
    rows = _status_json(hub.folder, "--from", start.isoformat(), "--to", end.isoformat())
    for code, want in in_period.items():
        _check_json(rows[code], want)
        assert rows[code]["period"] == {"from": start.isoformat(), "to": end.isoformat()}
    # the overview (all time)
    overview = HubOverviewPage(hub.db, hub.info)
    column = {name: i for i, name in enumerate(HEADERS)}
    by_code = {overview.table.item(r, 0).text(): r for r in range(overview.table.rowCount())}
    for code, want in all_time.items():
        cell = lambda name, r=by_code[code]: overview.table.item(r, column[name]).text()  # noqa: E731
        assert (cell("议题总数"), cell("有效议题"), cell("逾期事项")) == tuple(
            map(str, (want.total, want.active, want.overdue))
        )
        assert [int(cell(s)) for s in STAGES] == [want.by_stage.get(s, 0) for s in STAGES]
    city_all = _sum(list(all_time.values()))
    assert f"议题总数 {city_all.total} 个" in overview.summary.text()
    assert f"有效议题 {city_all.active} 个" in overview.summary.text()
    overview.deleteLater()
    # the hub's topic list: every topic, any status, all time
    topics_page = ConsultationsPage(hub.db, hub.info, today=today)
    assert topics_page.count_label.text() == count_text(city_all.total)
    topics_page.deleteLater()
    # the KPI board: the city, then one station, for the period
    board = StatisticsPage(hub.db, hub.info)
    board.date_from.setDate(QDate(start.year, start.month, start.day))
    board.date_to.setDate(QDate(end.year, end.month, end.day))
    board.refresh()
    city_period = _sum(list(in_period.values()))
    _check_board(board, city_period)
    shown = {
        board.townships.item(r, 1).text(): [board.townships.item(r, c).text() for c in (4, 5, 10)]
        for r in range(board.townships.rowCount())
    }
    assert len(shown) == 132
    for code, name in NAMES.items():
        want = in_period[code]
        assert shown[name] == [str(want.total), str(want.active), str(want.overdue)]
    board.scope_box.setCurrentIndex(1 + 11 + kpi.city_scope().township_codes().index(YUJIN))
    board.refresh()
    _check_board(board, in_period[YUJIN])
    board.deleteLater()
    # the report: its tables, and the .xlsx written from them
    data = report.report_data(hub.db, hub.info, kpi.city_scope(), kpi.Period(start, end), today)
    tables = {t.sheet: t for t in data.tables()}
    main_rows = {row[0].text(): row[1].value for row in tables["主要指标"].rows}
    assert main_rows["议题总数"] == city_period.total and main_rows["有效议题"] == city_period.active
    assert main_rows["逾期事项"] == city_period.overdue
    stage_rows = {row[0].text(): row[1].value for row in tables["各阶段"].rows}
    assert [stage_rows[s] for s in STAGES] == [city_period.by_stage.get(s, 0) for s in STAGES]
    book = load_workbook(report.write_report(data, root / "报表.xlsx"))
    sheet = book["各联络站"]
    header_row = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "县（市、区）")
    headers = [c.value for c in sheet[header_row]]
    found = {
        row[1]: dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(header_row + 1, values_only=True)
        if row[1]
    }
    for code, name in NAMES.items():
        want = in_period[code]
        assert (found[name]["议题总数"], found[name]["有效议题"], found[name]["逾期事项"]) == (
            want.total,
            want.active,
            want.overdue,
        )
        for key, value in want.shares().items():
            label = {"minsheng_share": "民生议题占比", "supervision_share": "民主监督议题占比",
                     "conversion_rate": "成果转化率", "satisfaction_rate": "群众满意率"}[key]  # fmt: skip
            assert (
                found[name][label] == pytest.approx(value)
                if value is not None
                else found[name][label] is None
            )
    assert set(STAGE.values()) == set(STAGES)
