"""KPIs on known data (exact shares) and the report as PDF and .xlsx."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.hub import kpi, report
from station_app.storage.base import new_uuid
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Evaluation, Meeting, Member, Participant

CODE = "511102004"
YEAR = 2026
# (field, status, result code, ratings)
TOPICS = [
    ("教育", "已协商", "", []),
    ("养老服务", "已报送", "", []),
    ("医疗卫生", "办理中", "B", ["满意"]),
    ("民主监督", "已反馈", "A", ["满意", "基本满意"]),
    ("乡村振兴", "已评价", "A", ["不满意"]),
    ("政策落实监督", "征集中", "", []),
    ("基础设施", "调研中", "", []),
    ("社会治理", "已归档", "C", ["满意"]),
    ("住房保障", "不予立题", "", []),
    ("生态环境", "已撤销", "", []),
]


def _fill(db: Database) -> None:
    with db.session() as session:
        members = [Member(origin=CODE, name=f"委员{i}", sector="农业界") for i in range(3)]
        session.add_all(members)
        session.flush()
        for seq, (field, status, result, ratings) in enumerate(TOPICS, 1):
            topic = Consultation(
                origin=CODE,
                number=f"大佛-{seq}",
                year=YEAR,
                seq=seq,
                title=f"议题{seq}",
                source="群众点题",
                field=field,
                status=status,
                result_code=result,
                proposed_on=date(YEAR, 3, seq),
            )
            session.add(topic)
            session.flush()
            for rating in ratings:
                session.add(
                    Evaluation(origin=CODE, consultation_id=topic.id, rater_type="群众代表", rating=rating)
                )
            if seq <= 2:
                meeting = Meeting(
                    origin=CODE,
                    consultation_id=topic.id,
                    form="院坝协商",
                    held_at=datetime(YEAR, 4, seq, 9, 30),
                )
                session.add(meeting)
                session.flush()
                for i, member in enumerate(members[: seq + 1]):
                    attendance = "请假" if (seq, i) == (2, 2) else "出席"
                    session.add(
                        Participant(
                            origin=CODE,
                            meeting_id=meeting.id,
                            member_id=member.id,
                            name=member.name,
                            category="政协委员",
                            attendance=attendance,
                        )
                    )
        # outside the period: not counted
        session.add(
            Consultation(
                origin=CODE,
                number="大佛-99",
                year=2025,
                seq=99,
                title="旧议题",
                source="群众点题",
                field="教育",
                status="已协商",
                proposed_on=date(2025, 12, 31),
                id=new_uuid(),
            )
        )


def test_kpis_on_known_data(station_db: Database) -> None:
    _fill(station_db)
    with station_db.session() as session:
        k = kpi.compute(session, kpi.station_scope(CODE), kpi.year_period(YEAR)).figures
    assert k.active == 8 and k.not_taken_up == 1 and k.revoked == 1 and k.total == 10
    assert k.minsheng == 3 and k.minsheng_share == 3 / 8  # 教育, 养老服务, 医疗卫生
    assert k.supervision == 2 and k.supervision_share == 2 / 8
    assert k.consulted == 6 and k.converted == 5 and k.conversion_rate == 5 / 6
    assert dict(k.results) == {"A": 2, "B": 1, "C": 1}
    assert k.satisfaction_rate == 4 / 5
    assert k.meetings == 2 and k.members == 2  # the third member sent apologies
    assert kpi.percent(k.minsheng_share) == "37.5%"
    with station_db.session() as session:
        city = kpi.compute(session, kpi.city_scope(), kpi.year_period(YEAR))
        other = kpi.compute(session, kpi.county_scope("511123"), kpi.year_period(YEAR))
    assert city.figures.active == 8 and other.figures.total == 0 and other.figures.minsheng_share is None


def test_report_as_pdf_and_xlsx(station_db: Database, tmp_path: Path) -> None:
    _fill(station_db)
    from station_app.services.station import require_station

    info = require_station(station_db)
    data = report.report_data(station_db, info, kpi.station_scope(CODE), kpi.year_period(YEAR))
    pdf = report.write_report(data, tmp_path / "统计.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert report.DOC_TITLE in compact and "37.5%" in compact and "83.3%" in compact
    book = load_workbook(report.write_report(data, tmp_path / "统计.xlsx"))
    sheet = book["主要指标"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row and row[0]}
    assert values["有效议题"] == 8 and values["议题总数"] == 10 and values["民生议题占比"] == 3 / 8
    assert values["成果转化率"] == 5 / 6 and values["群众满意率"] == 4 / 5
    assert sheet["A1"].value == report.DOC_TITLE + "：主要指标"
