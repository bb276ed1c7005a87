"""Bad input in the editors: the services they call accept a cleaned value or refuse in Chinese,
and afterwards every stored record passes the domain validators."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from station_app.domain.classifications import (
    ATTENDANCE,
    FIELD_NAMES,
    MEETING_FORMS,
    PARTICIPANT_CATEGORIES,
    SECTORS,
    SOURCES,
)
from station_app.domain.fieldcheck import Issue
from station_app.domain.validation import (
    validate_action_item,
    validate_meeting,
    validate_member,
    validate_participant,
    validate_report,
    validate_topic,
)
from station_app.errors import KnownError
from station_app.services import consultations, meetings, members, reports
from station_app.services.consultations import TopicInput
from station_app.services.meetings import ActionItemInput, MeetingInput, ParticipantInput, StatementInput
from station_app.services.members import MemberInput
from station_app.services.reports import ReportInput
from station_app.storage.engine import Database
from station_app.storage.records import ActionItem, Consultation, Meeting, Member, Participant, Report

from . import scaled

TODAY = date(2026, 11, 26)
CJK = re.compile(r"[\u4e00-\u9fff]")
EXAMPLES = scaled(25, 300)
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

PASTED = st.sampled_from(
    [
        "<p><b>加粗</b>的<span style='color:red'>文字</span></p>",
        "<script>alert(1)</script>议题",
        "<!--StartFragment--><table><tr><td>单元格</td></tr></table><!--EndFragment-->",
        "第一行\r\n第二行\r第三行\u2028第四行",
        "\ufeff带BOM的文字",
        "零宽\u200b空格",
        "制表\t符",
        "控制\x00字符",
        "响铃\x07",
        "\x1b[31m终端颜色\x1b[0m",
        "代理\ud800字符",
        "  前后空格  ",
        "　全角空格　",
        "",
    ]
)
TEXT = st.one_of(
    PASTED, st.text(max_size=40), st.text(alphabet="乐山大佛嘉州议题 <>&\n\r\t\x0b\x85", max_size=140)
)
LONG_TEXT = st.one_of(TEXT, st.text(alphabet="长文本。\n", min_size=4990, max_size=5010))
DAYS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.just(TODAY))
MOMENTS = st.one_of(st.none(), st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
PHONES = st.one_of(
    st.sampled_from(["13812345678", "0833-2123456", "１３８１２３４５６７８", "138 1234 5678", "12345", ""]),
    TEXT,
)


def choice(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(options), st.sampled_from(["", "其他", " " + options[0], options[0].lower()])
    )


def attempt(call: Callable[[], object]) -> None:
    """The service either accepts, or refuses with a KnownError whose message is Chinese."""
    try:
        call()
    except KnownError as error:
        assert CJK.search(error.message), error.message


def _row(row: object) -> dict[str, Any]:
    table = row.__table__  # type: ignore[attr-defined]
    return {c.key: getattr(row, c.key) for c in table.columns}


CHECKS: list[tuple[type[Any], Callable[[Mapping[str, object]], list[Issue]]]] = [
    (Consultation, lambda d: validate_topic(d, today=TODAY)),
    (Meeting, validate_meeting),
    (Participant, validate_participant),
    (ActionItem, lambda d: validate_action_item(d, today=TODAY)),
    (Report, lambda d: validate_report(d, today=TODAY)),
    (Member, validate_member),
]


def assert_all_valid(db: Database) -> None:
    with db.session() as session:
        for model, check in CHECKS:
            for row in session.scalars(select(model).where(model.deleted.is_(False))):
                issues = check(_row(row))
                assert issues == [], f"{model.__name__} {row.id} stored invalid: {issues}"


def topic_strategy() -> st.SearchStrategy[TopicInput]:
    return st.builds(
        TopicInput,
        title=TEXT,
        source=choice(SOURCES),
        field=choice(FIELD_NAMES),
        proposed_on=DAYS,
        village=TEXT,
        proposer=TEXT,
        description=LONG_TEXT,
    )


@SETTINGS
@given(topic=topic_strategy(), change=topic_strategy())
def test_topics_are_stored_clean_or_refused(
    station_db: Database, topic: TopicInput, change: TopicInput
) -> None:
    good = TopicInput(title="加装电梯", source=SOURCES[0], field=FIELD_NAMES[0], proposed_on=TODAY)
    cid = consultations.create_topic(station_db, good, today=TODAY)
    attempt(lambda: consultations.create_topic(station_db, topic, today=TODAY))
    attempt(lambda: consultations.update_topic(station_db, cid, change, today=TODAY))
    assert_all_valid(station_db)


@SETTINGS
@given(
    form=choice(MEETING_FORMS),
    held_at=MOMENTS,
    place=TEXT,
    chair=TEXT,
    recorder=TEXT,
    consensus=LONG_TEXT,
    name=TEXT,
    category=choice(PARTICIPANT_CATEGORIES),
    attendance=choice(ATTENDANCE),
    phone=PHONES,
    matter=TEXT,
    unit=TEXT,
    due_on=DAYS,
    done_on=DAYS,
    statement=TEXT,
)
def test_meetings_are_stored_clean_or_refused(
    station_db: Database,
    form: str,
    held_at: datetime | None,
    place: str,
    chair: str,
    recorder: str,
    consensus: str,
    name: str,
    category: str,
    attendance: str,
    phone: str,
    matter: str,
    unit: str,
    due_on: date | None,
    done_on: date | None,
    statement: str,
) -> None:
    good = TopicInput(title="村道维修", source=SOURCES[0], field=FIELD_NAMES[0], proposed_on=TODAY)
    cid = consultations.create_topic(station_db, good, today=TODAY)
    meeting = MeetingInput(
        form=form,
        held_at=held_at,
        place=place,
        chair=chair,
        recorder=recorder,
        consensus=consensus,
        participants=(ParticipantInput(name=name, category=category, attendance=attendance, phone=phone),),
        statements=(StatementInput(speaker=name, text=statement),),
        action_items=(ActionItemInput(matter=matter, unit=unit, due_on=due_on, done_on=done_on),),
    )
    attempt(lambda: meetings.save_meeting(station_db, cid, meeting, today=TODAY))
    assert_all_valid(station_db)


@SETTINGS
@given(
    title=TEXT,
    reporter=TEXT,
    situation=LONG_TEXT,
    unit=TEXT,
    reported_on=DAYS,
    name=TEXT,
    sector=choice(SECTORS),
    phone=PHONES,
)
def test_reports_and_members_are_stored_clean_or_refused(
    station_db: Database,
    title: str,
    reporter: str,
    situation: str,
    unit: str,
    reported_on: date | None,
    name: str,
    sector: str,
    phone: str,
) -> None:
    report = ReportInput(
        title=title, reporter=reporter, situation=situation, reporter_unit=unit, reported_on=reported_on
    )
    attempt(lambda: reports.add_report(station_db, report, today=TODAY))
    attempt(
        lambda: members.add_member(station_db, MemberInput(name=name, sector=sector, unit=unit, phone=phone))
    )
    assert_all_valid(station_db)


def test_rich_text_pasted_into_the_topic_editor_is_stored_as_plain_text(
    station_db: Database, qtbot: Any
) -> None:
    from PySide6.QtCore import QMimeData  # noqa: TID251 - a window test
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from station_app.services.station import require_station
    from station_app.ui.editor.record import EditorContext
    from station_app.ui.editor.topic_tab import TopicTab

    ctx = EditorContext(station_db, require_station(station_db), None, fixed_today=TODAY)
    tab = TopicTab(ctx)
    qtbot.addWidget(tab)
    tab.source.set_value(SOURCES[0])
    tab.field.set_value(FIELD_NAMES[0])
    clipboard = QApplication.clipboard()
    mime = QMimeData()
    mime.setHtml("<p><b>楼道</b>灯坏了</p><script>alert(1)</script>")
    mime.setText("楼道灯坏了")
    clipboard.setMimeData(mime)
    tab.title_edit.setFocus()
    tab.title_edit.paste()
    tab.description.paste()
    html_only = QMimeData()
    html_only.setHtml("<table><tr><td>只有网页格式</td></tr></table>")
    clipboard.setMimeData(html_only)
    tab.description.paste()
    assert tab.save()
    with station_db.session() as session:
        row = session.get(Consultation, ctx.cid)
        assert row is not None
        stored = (row.title, row.description)
    assert stored == ("楼道灯坏了", "楼道灯坏了")
    assert not any(mark in text for text in stored for mark in ("<", ">", "&lt;", "script"))
    assert_all_valid(station_db)


@pytest.mark.parametrize("hour", [0, 23])
def test_a_meeting_at_the_edges_of_the_day_is_kept(station_db: Database, hour: int) -> None:
    good = TopicInput(title="夜间协商", source=SOURCES[0], field=FIELD_NAMES[0], proposed_on=TODAY)
    cid = consultations.create_topic(station_db, good, today=TODAY)
    meeting = MeetingInput(
        form=MEETING_FORMS[0],
        held_at=datetime.combine(TODAY, time(hour, 59)),
        place="院坝",
        chair="李明",
        recorder="王芳",
    )
    meetings.save_meeting(station_db, cid, meeting, today=TODAY)
    assert_all_valid(station_db)
