"""Documents printed from real records: data read from the database, PDFs read back as text."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from station_app.documents import MissingGlyphsError
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job, Progress, run_to_end
from station_app.errors import Cancelled, InputError
from station_app.services import printing
from station_app.services.attachments import blob_path
from station_app.services.consultations import TopicInput, change_status, create_topic
from station_app.services.conversion import ConversionInput, save_conversion
from station_app.services.meetings import (
    ActionItemInput,
    MeetingInput,
    ParticipantInput,
    StatementInput,
    finalise_minutes,
    meeting_detail,
    revise_minutes,
    save_meeting,
)
from station_app.services.members import MemberInput, add_member
from station_app.services.year_export import YearExportIncomplete
from station_app.storage.engine import Database
from station_app.storage.records import Meeting, MinutesVersion

TODAY = date(2026, 11, 26)
TITLE = "院坝老年食堂怎么办"
BACKGROUND = "青龙社区60岁以上老人312人，子女多在外务工，午饭没有着落。"
CONSENSUS = "由社区牵头开办老年食堂\n争取街道养老服务补贴"
STATEMENT = "中午饭最难，希望有个吃饭的地方；电话13900001111随时联系。"
RARE = "\U00030000"  # CJK Extension G: no face of a test machine, nor any shipped one, has it


def put_in_old_record(db: Database, meeting_id: str, place: str) -> None:
    """Data from before characters were checked as they are typed."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.place = place


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in doc.pages))


def add_topic(db: Database, title: str = TITLE, proposed: date = date(2026, 3, 5)) -> str:
    return create_topic(db, TopicInput(title, "群众点题", "养老服务", proposed), today=TODAY)


def meeting_input(member_id: str | None = None, **changes: object) -> MeetingInput:
    base = MeetingInput(
        form="院坝协商",
        held_at=datetime(2026, 4, 10, 14, 30),
        place="青龙社区院坝",
        chair="李明",
        recorder="王芳",
        background=BACKGROUND,
        consensus=CONSENSUS,
        participants=(
            ParticipantInput("张三丰", "政协委员", "出席", "乐山市茶叶协会", "13812345678", member_id),
            ParticipantInput("刘大爷", "群众代表", "出席"),
            ParticipantInput("陈主任", "部门代表", "请假", "街道民政办", "0833-2123456"),
        ),
        statements=(StatementInput("刘大爷", STATEMENT),),  # category comes from the participant
        action_items=(ActionItemInput("选定食堂场地", "青龙社区居委会", date(2026, 5, 31), "赵书记"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def member(station_db: Database) -> str:
    return add_member(station_db, MemberInput("张三丰", "农业界", "乐山市茶叶协会", phone="13812345678"))


@pytest.fixture
def record(station_db: Database, member: str) -> tuple[str, str]:
    cid = add_topic(station_db)
    return cid, save_meeting(station_db, cid, meeting_input(member), today=TODAY)


def test_minutes_data_come_from_the_record(station_db: Database, record: tuple[str, str]) -> None:
    _cid, mid = record
    data = printing.minutes_data(station_db, mid)
    assert data.station_name == "市中区大佛街道政协工作联络站" and data.township_name == "大佛街道"
    assert (data.number, data.title, data.source) == ("大佛街道〔2026〕1号", TITLE, "群众点题")
    assert data.dated == date(2026, 4, 10) and not data.finalised and data.revision == 1
    assert data.consensus == ("由社区牵头开办老年食堂", "争取街道养老服务补贴")
    assert data.statements[0].category == "群众代表"
    assert [p.attendance for p in data.participants] == ["出席", "出席", "请假"]


def test_every_character_of_the_record_is_in_the_minutes_and_phones_are_masked(
    station_db: Database, record: tuple[str, str]
) -> None:
    _cid, mid = record
    text = text_of(printing.minutes_pdf(station_db, mid))
    for part in (TITLE, BACKGROUND, STATEMENT, *CONSENSUS.split("\n")):
        missing = [c for c in re.sub(r"\s+", "", part) if c not in text]
        assert not missing, part
    assert "138****5678" in text and "13812345678" not in text and "0833-****3456" in text
    shown = text_of(printing.minutes_pdf(station_db, mid, mask_phones=False))
    assert "13812345678" in shown and "13900001111" in shown


def test_finalise_keeps_the_pdf_and_old_versions_keep_their_text(
    station_db: Database, record: tuple[str, str]
) -> None:
    cid, mid = record
    draft = PdfReader(io.BytesIO(printing.minutes_pdf(station_db, mid)))
    assert "草稿" in str(draft.metadata.subject if draft.metadata else "")
    assert finalise_minutes(station_db, mid) == 1
    with station_db.session() as session:
        version = session.scalars(select(MinutesVersion).where(MinutesVersion.meeting_id == mid)).one()
        sha = version.pdf_sha256
    stored = blob_path(sha).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == sha
    kept = PdfReader(io.BytesIO(stored))
    assert "草稿" not in str(kept.metadata.subject if kept.metadata else "")
    assert TITLE in text_of(stored) and "13812345678" not in text_of(stored)

    revise_minutes(station_db, mid, reason="补充共识")
    save_meeting(
        station_db, cid, meeting_input(consensus="改在社区食堂统一配餐"), meeting_id=mid, today=TODAY
    )
    assert finalise_minutes(station_db, mid) == 2
    first = text_of(printing.minutes_pdf(station_db, mid, version=1))
    assert "由社区牵头开办老年食堂" in first and "统一配餐" not in first
    latest = text_of(printing.minutes_pdf(station_db, mid))
    assert "统一配餐" in latest and "由社区牵头开办老年食堂" not in latest
    assert printing.minutes_data(station_db, mid).revision == 2
    with pytest.raises(InputError, match="第3版"):
        printing.minutes_pdf(station_db, mid, version=3)


def test_a_character_no_font_has_refuses_the_finalise_and_changes_nothing(
    station_db: Database, record: tuple[str, str]
) -> None:
    cid, mid = record
    with pytest.raises(InputError, match=f"发言第1行：含有无法打印的字“{RARE}”"):
        save_meeting(
            station_db,
            cid,
            meeting_input(statements=(StatementInput("刘大爷", f"我叫刘{RARE}"),)),
            meeting_id=mid,
            today=TODAY,
        )
    put_in_old_record(station_db, mid, f"{RARE}家院坝")
    with pytest.raises(MissingGlyphsError) as caught:
        finalise_minutes(station_db, mid)
    assert RARE in caught.value.message and "无法打印" in caught.value.message
    assert not meeting_detail(station_db, mid).finalised
    with station_db.session() as session:
        assert session.scalars(select(MinutesVersion)).first() is None
        assert session.get(Meeting, mid).minutes_version == 0  # type: ignore[union-attr]
    with pytest.raises(MissingGlyphsError, match=RARE):
        printing.check_printable(printing.minutes_data(station_db, mid))


@pytest.mark.parametrize(
    "reference",
    [
        "大佛街道〔2026〕1号",
        "大佛街道[2026]1号",
        "〔2026〕1号",
        "2026-1",
        "2026/1",
        "2026年1号",
        "２０２６－１",
    ],
)
def test_a_consultation_is_found_by_any_form_of_its_number(
    station_db: Database, record: tuple[str, str], reference: str
) -> None:
    cid, _mid = record
    assert printing.resolve_consultation(station_db, reference) == cid
    assert printing.resolve_consultation(station_db, cid) == cid


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        ("2026-9", "没有找到议题"),
        ("青龙街道〔2026〕1号", "没有找到议题"),
        ("老年食堂", "不是议题编号"),
        ("123e4567-e89b-12d3-a456-426614174000", "没有找到"),
        ("", "请填写"),
    ],
)
def test_an_unknown_consultation_is_refused_in_chinese(
    station_db: Database, record: tuple[str, str], reference: str, words: str
) -> None:
    with pytest.raises(InputError, match=words):
        printing.resolve_consultation(station_db, reference)


def test_members_are_found_by_name_and_namesakes_must_be_told_apart(
    station_db: Database, member: str
) -> None:
    assert printing.resolve_member(station_db, "张三丰") == member
    assert printing.resolve_member(station_db, member) == member
    with pytest.raises(InputError, match="没有“李四”"):
        printing.resolve_member(station_db, "李四")
    other = add_member(station_db, MemberInput("张三丰", "教育界", "大佛小学"))
    with pytest.raises(InputError) as caught:
        printing.resolve_member(station_db, "张三丰")
    assert (
        "2位委员" in caught.value.message
        and other in caught.value.message
        and "大佛小学" in caught.value.message
    )


def test_meetings_are_picked_latest_first_or_by_number(station_db: Database, record: tuple[str, str]) -> None:
    cid, first = record
    second = save_meeting(station_db, cid, meeting_input(held_at=datetime(2026, 5, 8, 9, 0)), today=TODAY)
    assert printing.latest_meeting(station_db, cid) == second
    assert printing.nth_meeting(station_db, cid, 1) == first
    with pytest.raises(InputError, match="共有2次"):
        printing.nth_meeting(station_db, cid, 3)
    with pytest.raises(InputError, match="还没有协商会议"):
        printing.latest_meeting(station_db, add_topic(station_db, "另一个议题"))
    choices = printing.consultations_with_meetings(station_db)
    assert [(c.id, c.meeting_count) for c in choices] == [(cid, 2)]
    assert printing.consultations_with_meetings(
        station_db, "食堂"
    ) and not printing.consultations_with_meetings(station_db, "停车")


def test_signin_sheet_lists_who_is_expected(station_db: Database, record: tuple[str, str]) -> None:
    _cid, mid = record
    data = printing.signin_data(station_db, mid)
    assert [p.name for p in data.participants] == ["张三丰", "刘大爷"]  # 陈主任 is excused
    text = text_of(printing.signin_pdf(station_db, mid))
    assert "签到表" in text and "张三丰" in text and "138****5678" in text


def test_signin_sheet_orders_by_category_with_observers_last(station_db: Database) -> None:
    cid = add_topic(station_db)
    people = (
        ParticipantInput("赵列席", "专家", "列席"),
        ParticipantInput("钱其他", "其他", "出席"),
        ParticipantInput("孙群众", "群众代表", "出席"),
        ParticipantInput("李领导", "党政领导", "出席"),
        ParticipantInput("周村干", "村（社区）干部", "出席"),
        ParticipantInput("吴委员", "政协委员", "出席"),
    )
    mid = save_meeting(station_db, cid, meeting_input(participants=people), today=TODAY)
    data = printing.signin_data(station_db, mid)
    assert [p.name for p in data.participants] == ["李领导", "吴委员", "周村干", "孙群众", "钱其他", "赵列席"]
    text = text_of(printing.signin_pdf(station_db, mid))
    assert [text.index(n) for n in ("李领导", "吴委员", "周村干", "孙群众", "钱其他", "赵列席")] == sorted(
        text.index(n) for n in ("李领导", "吴委员", "周村干", "孙群众", "钱其他", "赵列席")
    )


def test_result_report_carries_consensus_measures_and_conversion(
    station_db: Database, record: tuple[str, str]
) -> None:
    cid, _mid = record
    conversion = ConversionInput(
        "协商意见书",
        "大佛街道党工委",
        date(2026, 4, 20),
        "大佛街道民政办",
        date(2026, 6, 30),
        "b",
        "已选定场地，正在装修。",
        date(2026, 5, 10),
    )
    save_conversion(station_db, cid, conversion, today=TODAY)
    data = printing.result_report_data(station_db, cid)
    assert data.consensus == ("由社区牵头开办老年食堂", "争取街道养老服务补贴")
    assert (data.result_code, data.result_meaning) == ("B", "正在解决")
    assert "选定食堂场地" in data.suggestions and "青龙社区居委会" in data.suggestions
    assert data.meeting_date == date(2026, 4, 10) and data.recipients == "大佛街道党工委"
    text = text_of(printing.result_report_pdf(station_db, cid))
    for part in (TITLE, "由社区牵头开办老年食堂", "正在解决", "已选定场地，正在装修。"):
        assert part in text
    with pytest.raises(InputError, match="还没有协商会议"):
        printing.result_report_data(station_db, add_topic(station_db, "没开会的议题"))


def test_member_record_lists_the_meetings_in_the_period(
    station_db: Database, record: tuple[str, str], member: str
) -> None:
    # A draft meeting is not yet on the record (domain.duties.meeting_on_record).
    assert not printing.member_record_data(station_db, member, date(2026, 1, 1), date(2026, 12, 31)).rows
    finalise_minutes(station_db, record[1])
    data = printing.member_record_data(station_db, member, date(2026, 1, 1), date(2026, 12, 31))
    assert data.member_name == "张三丰" and [(r.on, r.kind) for r in data.rows] == [
        (date(2026, 4, 10), "参加协商")
    ]
    assert TITLE in text_of(
        printing.member_record_pdf(station_db, member, date(2026, 1, 1), date(2026, 12, 31))
    )
    assert not printing.member_record_data(station_db, member, date(2025, 1, 1), date(2025, 12, 31)).rows


def _year_of_records(db: Database) -> list[str]:
    ids = []
    for i, held in enumerate((datetime(2026, 4, 10, 9), datetime(2026, 6, 1, 9), datetime(2025, 12, 30, 9))):
        cid = add_topic(db, f"议题{i + 1}", proposed=held.date())
        ids.append(save_meeting(db, cid, meeting_input(held_at=held), today=TODAY))
    return ids


def test_a_year_of_minutes_is_exported_one_file_per_meeting(station_db: Database, tmp_path: Path) -> None:
    _year_of_records(station_db)
    folder = tmp_path / "导出" / "2026"
    written = run_to_end(printing.export_year_minutes(station_db, 2026, folder, CancelToken()))
    assert [p.name for p in written] == [
        "大佛街道〔2026〕1号-协商议事会议纪要-2026-04-10.pdf",
        "大佛街道〔2026〕2号-协商议事会议纪要-2026-06-01.pdf",
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert "议题2" in text_of(written[1].read_bytes())
    assert run_to_end(printing.export_year_minutes(station_db, 2024, folder, CancelToken())) == []


def test_cancelling_the_export_keeps_whole_files_only(station_db: Database, tmp_path: Path) -> None:
    _year_of_records(station_db)
    token, folder = CancelToken(), tmp_path / "纪要"
    job: Job[list[Path]] = printing.export_year_minutes(station_db, 2026, folder, token)
    steps: list[Progress] = []
    with pytest.raises(Cancelled):
        for step in job:
            steps.append(step)
            if step.message.startswith("正在生成") and len(list(folder.iterdir())) == 1:
                token.cancel()
    assert [p.name for p in folder.iterdir()] == ["大佛街道〔2026〕1号-协商议事会议纪要-2026-04-10.pdf"]
    assert steps[-1].message.startswith("正在生成：大佛街道〔2026〕2号")


def test_an_unprintable_record_is_listed_and_the_others_are_written(
    station_db: Database, tmp_path: Path
) -> None:
    first, *_ = _year_of_records(station_db)
    put_in_old_record(station_db, first, f"{RARE}家院坝")
    with pytest.raises(YearExportIncomplete) as caught:
        run_to_end(printing.export_year_minutes(station_db, 2026, tmp_path / "out", CancelToken()))
    assert caught.value.failed == [
        ("大佛街道〔2026〕1号", f"以下字符在本机所有字体中都没有，无法打印：{RARE}")
    ]
    assert "已导出 1 份会议纪要；以下 1 份未能导出" in caught.value.message
    assert [p.name for p in (tmp_path / "out").iterdir()] == [
        "大佛街道〔2026〕2号-协商议事会议纪要-2026-06-01.pdf"
    ]


def test_a_revoked_topics_minutes_are_not_exported(station_db: Database, tmp_path: Path) -> None:
    first, *_ = _year_of_records(station_db)
    cid = meeting_detail(station_db, first).consultation_id
    change_status(station_db, cid, Status.ACCEPTED)  # 已撤销 is withdrawn after 立题
    change_status(station_db, cid, Status.REVOKED, reason="群众诉求已由村委会解决")
    written = run_to_end(printing.export_year_minutes(station_db, 2026, tmp_path / "out", CancelToken()))
    assert [p.name for p in written] == ["大佛街道〔2026〕2号-协商议事会议纪要-2026-06-01.pdf"]
