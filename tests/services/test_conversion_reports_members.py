"""转化, 评价, attachments, 社情民意 and the member registry with 履职档案."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest

from station_app.domain.fieldcheck import ValidationError
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.attachments import (
    add_attachment,
    attachment_file,
    list_attachments,
    remove_attachment,
)
from station_app.services.consultations import ResearchInput, TopicInput, create_topic, update_research
from station_app.services.conversion import (
    ConversionInput,
    EvaluationInput,
    add_evaluation,
    add_progress_note,
    evaluations,
    progress_notes,
    save_conversion,
)
from station_app.services.meetings import MeetingInput, ParticipantInput, finalise_minutes, save_meeting
from station_app.services.members import MemberInput, add_member, initials_of, list_members, member_activity
from station_app.services.reports import ReportInput, add_report, convert_to_topic, get_report
from station_app.storage.engine import Database
from station_app.storage.records import Consultation

TODAY = date(2026, 11, 26)


@pytest.fixture
def topic(station_db: Database) -> str:
    return create_topic(
        station_db,
        TopicInput("通组路硬化", "群众点题", "交通出行", date(2026, 3, 5), village="新华村"),
        today=TODAY,
    )


def test_conversion_fields_and_reply(station_db: Database, topic: str) -> None:
    conversion = ConversionInput(
        "协商意见书",
        "中共大佛街道工作委员会",
        date(2026, 5, 1),
        "街道建设办",
        date(2026, 8, 31),
        "b",
        "已列入明年计划",
        date(2026, 6, 1),
    )
    assert save_conversion(station_db, topic, conversion, today=TODAY)
    assert not save_conversion(station_db, topic, conversion, today=TODAY)  # nothing changed
    with station_db.session() as session:
        row = session.get(Consultation, topic)
        assert row is not None and row.result_code == "B" and row.lead_unit == "街道建设办"
    with pytest.raises(ValidationError, match="反馈日期"):
        save_conversion(
            station_db,
            topic,
            ConversionInput("建议案", sent_on=date(2026, 5, 1), reply_on=date(2026, 4, 1)),
            today=TODAY,
        )


def test_progress_notes_and_evaluations(station_db: Database, topic: str) -> None:
    add_progress_note(station_db, topic, date(2026, 6, 3), "施工队已进场", today=TODAY)
    with pytest.raises(InputError, match="将来"):
        add_progress_note(station_db, topic, date(2027, 1, 1), "x", today=TODAY)
    assert [n.text for n in progress_notes(station_db, topic)] == ["施工队已进场"]
    add_evaluation(station_db, topic, EvaluationInput("群众代表", "满意", "刘大爷", "路修好了"), today=TODAY)
    with pytest.raises(ValidationError, match="满意度"):
        add_evaluation(station_db, topic, EvaluationInput("群众代表", "很好"), today=TODAY)
    assert [(e.rating, e.rater_name) for e in evaluations(station_db, topic)] == [("满意", "刘大爷")]


def test_attachments_are_stored_by_hash_and_listed(station_db: Database, topic: str, tmp_path: Path) -> None:
    photo = tmp_path / "现场 照片.jpg"
    photo.write_bytes(b"\xff\xd8fake jpeg" * 100)
    first = add_attachment(station_db, "consultation", topic, photo, note="院坝现场")
    add_attachment(station_db, "consultation", topic, photo)  # same bytes: stored once
    listed = list_attachments(station_db, "consultation", topic)
    assert [a.filename for a in listed] == ["现场 照片.jpg"] * 2
    stored = attachment_file(listed[0])
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == listed[0].sha256 == stored.name
    assert listed[0].media_type == "image/jpeg" and listed[0].size_text == "1.1 KB"
    remove_attachment(station_db, first)
    assert len(list_attachments(station_db, "consultation", topic)) == 1
    with pytest.raises(InputError, match="找不到文件"):
        add_attachment(station_db, "consultation", topic, tmp_path / "missing.doc")


def test_report_converts_to_a_linked_topic(station_db: Database) -> None:
    rid = add_report(
        station_db,
        ReportInput(
            "河道垃圾无人清理",
            "周建国",
            "岷江支流河道堆积生活垃圾",
            suggestion="建立河长巡河制度",
            reported_on=date(2026, 7, 1),
        ),
        today=TODAY,
    )
    cid = convert_to_topic(station_db, rid, field="生态环境", today=TODAY)
    view = get_report(station_db, rid)
    assert view.consultation_id == cid and view.data.status == "已转为协商议题"
    with station_db.session() as session:
        row = session.get(Consultation, cid)
        assert row is not None and row.source == "社情民意转化" and row.report_id == rid
        assert "建立河长巡河制度" in row.description and row.proposer == "周建国"
        assert any("由社情民意信息" in line.summary for line in audit.history(session, cid))
    with pytest.raises(InputError, match="已经转为"):
        convert_to_topic(station_db, rid, field="生态环境", today=TODAY)


def test_member_registry_and_participation(station_db: Database, topic: str) -> None:
    assert initials_of("张三丰") == "zsf"
    mid = add_member(station_db, MemberInput("张三丰", "农业界", "乐山市茶叶协会", phone="13812345678"))
    with pytest.raises(ValidationError, match="界别"):
        add_member(station_db, MemberInput("李四", "不存在界"))
    assert [m.name for m in list_members(station_db)] == ["张三丰"]
    update_research(
        station_db, topic, ResearchInput(date(2026, 3, 10), None, "实地走访", "", (mid,)), today=TODAY
    )
    meeting = save_meeting(
        station_db,
        topic,
        MeetingInput(
            "院坝协商",
            datetime(2026, 4, 2, 9),
            "新华村院坝",
            "李明",
            "王芳",
            consensus="拓宽销路",
            participants=(ParticipantInput("张三丰", "政协委员", "出席", member_id=mid),),
        ),
        today=TODAY,
    )
    # A meeting is on the record once its minutes are finalised (domain.duties.meeting_on_record).
    assert [a.kind for a in member_activity(station_db, mid, date(2026, 1, 1), date(2026, 12, 31))] == [
        "参与调研"
    ]
    finalise_minutes(station_db, meeting)
    add_report(
        station_db,
        ReportInput("茶叶销路", "张三丰", "价格下跌", reported_on=date(2026, 5, 1), member_id=mid),
        today=TODAY,
    )
    activity = member_activity(station_db, mid, date(2026, 1, 1), date(2026, 12, 31))
    assert [a.kind for a in activity] == ["参与调研", "参加协商", "提交社情民意"]
    assert member_activity(station_db, mid, date(2026, 4, 1), date(2026, 4, 30))[0].note == "院坝协商"
    with pytest.raises(InputError, match="结束日期"):
        member_activity(station_db, mid, date(2026, 5, 1), date(2026, 4, 1))
