"""Meetings with participants, statements and action items; 定稿 locks and keeps versions."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from station_app.domain.fieldcheck import ValidationError
from station_app.domain.lifecycle import Status
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.consultations import (
    ResearchInput,
    TopicInput,
    change_status,
    create_topic,
    update_research,
)
from station_app.services.meetings import (
    ActionItemInput,
    MeetingInput,
    ParticipantInput,
    StatementInput,
    finalise_minutes,
    meeting_detail,
    meetings_of,
    minutes_version,
    revise_minutes,
    save_meeting,
)
from station_app.storage.engine import Database
from station_app.storage.records import MinutesVersion, Participant

TODAY = date(2026, 11, 26)


def _meeting(**changes: object) -> MeetingInput:
    base = MeetingInput(
        form="院坝协商",
        held_at=datetime(2026, 4, 10, 14, 30),
        place="青龙社区院坝",
        chair="李明",
        recorder="王芳",
        background="青龙社区60岁以上老人312人，子女多在外务工。",
        consensus="由社区牵头开办老年食堂\n争取街道养老服务补贴",
        participants=(
            ParticipantInput("张三丰", "政协委员", "出席", "乐山市茶叶协会", "13812345678"),
            ParticipantInput("刘大爷", "群众代表", "出席", "", ""),
            ParticipantInput("陈主任", "部门代表", "请假", "街道民政办", "0833-2123456"),
        ),
        statements=(StatementInput("刘大爷", "中午饭最难，希望有个吃饭的地方。", "群众代表"),),
        action_items=(ActionItemInput("选定食堂场地", "青龙社区居委会", date(2026, 5, 31), "赵书记"),),
    )
    return MeetingInput(**{**base.__dict__, **changes})  # type: ignore[arg-type]


@pytest.fixture
def topic(station_db: Database) -> str:
    cid = create_topic(
        station_db, TopicInput("院坝老年食堂怎么办", "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY
    )
    change_status(station_db, cid, Status.ACCEPTED)
    change_status(station_db, cid, Status.RESEARCHING)
    update_research(
        station_db,
        cid,
        ResearchInput(date(2026, 3, 10), date(2026, 3, 20), "入户调查", "走访32户"),
        today=TODAY,
    )
    change_status(station_db, cid, Status.AWAITING)
    return cid


def test_a_meeting_with_its_lists_is_saved_and_read_back(station_db: Database, topic: str) -> None:
    mid = save_meeting(station_db, topic, _meeting(), today=TODAY)
    detail = meeting_detail(station_db, mid)
    assert detail.data.place == "青龙社区院坝" and not detail.finalised
    assert [p.name for p in detail.data.participants] == ["张三丰", "刘大爷", "陈主任"]
    assert detail.data.action_items[0].due_on == date(2026, 5, 31)
    assert change_status(station_db, topic, Status.CONSULTED) is Status.CONSULTED


def test_editing_lists_updates_adds_and_tombstones(station_db: Database, topic: str) -> None:
    mid = save_meeting(station_db, topic, _meeting(), today=TODAY)
    first = meeting_detail(station_db, mid).data.participants
    kept = first[0]
    renamed = ParticipantInput(**{**first[1].__dict__, "name": "刘德才"})
    added = ParticipantInput("周老师", "群众代表", "列席")
    save_meeting(
        station_db, topic, _meeting(participants=(kept, renamed, added)), meeting_id=mid, today=TODAY
    )
    after = meeting_detail(station_db, mid).data.participants
    assert [p.name for p in after] == ["张三丰", "刘德才", "周老师"]
    assert after[1].id == first[1].id  # same record, new revision
    with station_db.session() as session:
        gone = session.get(Participant, first[2].id)
        assert gone is not None and gone.deleted
        changed = session.get(Participant, first[1].id)
        assert changed is not None and changed.revision == 2
        lines = [line.summary for line in audit.history(session, topic)]
    assert any("参加人员（已修改）" in line for line in lines)


def test_bad_rows_are_named_with_their_line(station_db: Database, topic: str) -> None:
    bad = _meeting(
        participants=(ParticipantInput("", "群众代表"), ParticipantInput("赵六", "路人")),
        action_items=(ActionItemInput("修路", "", None),),
    )
    with pytest.raises(ValidationError) as caught:
        save_meeting(station_db, topic, bad, today=TODAY)
    text = caught.value.message
    assert (
        "参加人员第1行·姓名" in text and "参加人员第2行·人员类别" in text and "下步措施第1行·责任单位" in text
    )
    assert meetings_of(station_db, topic) == []


def test_finalised_minutes_are_locked_and_versions_are_kept(station_db: Database, topic: str) -> None:
    mid = save_meeting(station_db, topic, _meeting(), today=TODAY)
    assert finalise_minutes(station_db, mid) == 1
    with pytest.raises(InputError, match="已定稿"):
        save_meeting(station_db, topic, _meeting(place="别处"), meeting_id=mid, today=TODAY)
    with pytest.raises(InputError, match="理由"):
        revise_minutes(station_db, mid, reason=" ")
    revise_minutes(station_db, mid, reason="共识第二条措辞需调整")
    save_meeting(station_db, topic, _meeting(consensus="由社区牵头开办老年食堂"), meeting_id=mid, today=TODAY)
    assert finalise_minutes(station_db, mid) == 2
    detail = meeting_detail(station_db, mid)
    assert detail.finalised and detail.minutes_version == 2 and [v for v, _ in detail.versions] == [1, 2]
    assert "养老服务补贴" in minutes_version(station_db, mid, 1).consensus
    assert "养老服务补贴" not in minutes_version(station_db, mid, 2).consensus
    assert minutes_version(station_db, mid, 1).participants[0].phone == "13812345678"
    with station_db.session() as session:
        assert session.scalar(select(func.count()).select_from(MinutesVersion)) == 2
        lines = [line.summary for line in audit.history(session, topic)]
    assert any("定稿（第1版" in line for line in lines) and any("修订会议纪要" in line for line in lines)


def test_finalising_needs_attendance_and_consensus(station_db: Database, topic: str) -> None:
    mid = save_meeting(station_db, topic, _meeting(consensus="", participants=()), today=TODAY)
    with pytest.raises(InputError) as caught:
        finalise_minutes(station_db, mid)
    assert "出席人员" in caught.value.message and "形成共识" in caught.value.message
