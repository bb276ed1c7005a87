"""The hub's 共性问题 service on SQLite and PostgreSQL: groups from the database, marks kept, briefing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.domain.progress import run_to_end
from station_app.errors import InputError
from station_app.hub import common_issues as ci
from station_app.hub import common_issues_report as br
from station_app.hub.kpi import Period, city_scope
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hub_db(request: pytest.FixtureRequest, db: Database) -> Iterator[Database]:
    if request.param == "postgres":
        database = open_database(request.getfixturevalue("pg_url"))
    else:
        database = db
    setup_station(database, SetupRequest(role="city", clerk_name="张敏"))
    add_topics(database, load_labelled("dev"))
    yield database
    if database is not db:
        database.dispose()


def test_groups_marks_and_briefing(hub_db: Database, tmp_path: Path) -> None:
    issues = run_to_end(ci.find_common_issues(hub_db, city_scope(), PERIOD))
    assert len(issues) >= 8
    lights = next(i for i in issues if "路灯" in i.key_terms)
    assert len(lights.topics) == 4 and len(lights.townships) == 4
    assert "路灯" in lights.title and "关于" not in lights.title and "苏稽" not in lights.title
    with pytest.raises(InputError, match="还没有标记"):
        br.briefing_data(hub_db, "乐山市政协办公室")
    mark_id = ci.mark_issue(hub_db, lights, PERIOD, "建议列入专题协商")
    ci.mark_issue(hub_db, issues[0] if issues[0] is not lights else issues[1], PERIOD, "")
    marks = ci.list_marks(hub_db)
    assert marks[0].id == mark_id
    found = ci.marks_for(issues, marks)
    assert found[issues.index(lights)] == marks[0] and sum(m is not None for m in found) == 2
    data = br.briefing_data(hub_db, "乐山市政协办公室", date(2026, 12, 6))
    pdf = br.write_briefing(data, tmp_path / "简报.pdf")
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "")
    assert "关于多个乡镇（街道）共性问题的情况报告" in text and "建议列入专题协商" in text
    assert "苏稽镇" in text and "2026年12月6日" in text
    fonts = {str(f.get("/BaseFont")) for p in PdfReader(pdf).pages for f in p["/Resources"]["/Font"].values()}
    assert fonts and all("+" in f for f in fonts)  # every face embedded as a subset
    book = load_workbook(br.write_briefing(data, tmp_path / "简报.xlsx"))
    # title, 4 heading lines, blank, header, 2 groups, blank, what 相近程度 means
    assert book["共性问题"].max_row == 7 + 2 + 2
    with pytest.raises(InputError, match=r"\.pdf 或 \.xlsx"):
        br.write_briefing(data, tmp_path / "简报.docx")
    ci.unmark(hub_db, mark_id)
    assert len(ci.list_marks(hub_db)) == 1


def test_revoked_and_rejected_topics_are_not_counted(hub_db: Database) -> None:
    """A 已撤销 or 不予立题 topic joins no group: only the 有效议题 of domain/ are counted."""
    from sqlalchemy import select

    from station_app.domain.similarity.counted import COUNTED_STATUSES, counted
    from station_app.storage.records import Consultation

    assert not counted("已撤销") and not counted("不予立题") and counted("已立题") and counted("已归档")
    before = run_to_end(ci.find_common_issues(hub_db, city_scope(), PERIOD))
    lights = next(i for i in before if "路灯" in i.key_terms)
    assert len(lights.topics) == 4
    revoked, rejected = lights.topics[0].uuid, lights.topics[1].uuid
    with hub_db.session() as session:
        for uuid, status in ((revoked, "已撤销"), (rejected, "不予立题")):
            session.execute(
                Consultation.__table__.update().where(Consultation.id == uuid).values(status=status)
            )
    after = run_to_end(ci.find_common_issues(hub_db, city_scope(), PERIOD))
    grouped = {t.uuid for issue in after for t in issue.topics}
    assert revoked not in grouped and rejected not in grouped
    assert all(t.status in COUNTED_STATUSES for issue in after for t in issue.topics)
    kept = {t.uuid for t in lights.topics} - {revoked, rejected}
    lights_after = next(i for i in after if kept & {t.uuid for t in i.topics})
    assert len(lights_after.topics) == 2 and len(lights_after.townships) == 2
    with hub_db.session() as session:
        statuses = set(session.scalars(select(Consultation.status)))
    assert {"已撤销", "不予立题"} <= statuses
