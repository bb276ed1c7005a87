"""The printed documents of a record: plain document data read from the database, and the PDFs.

The builders in :mod:`station_app.documents` never see the database; this module is the bridge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.documents.data import (
    MemberRecordData,
    MinutesData,
    Participant,
    ParticipationRow,
    ResultReportData,
    SignInData,
)
from station_app.documents.layout import cn_date
from station_app.domain.classifications import RESULT_CODES, category_rank
from station_app.domain.progress import CancelToken, Job
from station_app.errors import InputError
from station_app.services import meetings
from station_app.services.consultations import get_row
from station_app.services.meeting_inputs import MeetingDetail, MeetingInput
from station_app.services.minutes_content import (
    Issuer,
    check_printable,
    issuer_of,
    minutes_from,
    text_lines,
    withdrawn,
)
from station_app.services.printing_lookup import (
    consultations_with_meetings,
    latest_meeting,
    nth_meeting,
    resolve_consultation,
    resolve_member,
)
from station_app.services.station import station_in
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Meeting, Member

__all__ = [
    "check_printable",
    "consultations_with_meetings",
    "export_year_minutes",
    "latest_meeting",
    "meeting_label",
    "member_record_data",
    "member_record_pdf",
    "minutes_data",
    "minutes_file_name",
    "minutes_pdf",
    "nth_meeting",
    "pdf_file_name",
    "resolve_consultation",
    "resolve_member",
    "result_report_data",
    "result_report_pdf",
    "signin_data",
    "signin_pdf",
    "store_finalised_minutes",
]

MINUTES_NAME = "协商议事会议纪要"
# Characters Windows refuses in file names.
_UNSAFE_IN_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _issuer(session: Session, consultation: Consultation) -> Issuer:
    return issuer_of(station_in(session), consultation.origin)


def _withdrawn(consultation: Consultation) -> bool:
    return withdrawn(consultation.status)


def minutes_data(db: Database, meeting_id: str, *, version: int | None = None) -> MinutesData:
    """The minutes of a meeting: a finalised version exactly as stored, otherwise the current draft."""
    detail = meetings.meeting_detail(db, meeting_id)
    if version is None and detail.finalised:
        version = detail.minutes_version  # locked: print the text that was finalised
    if version is not None:
        data, finalised, revision = meetings.minutes_version(db, meeting_id, version), True, version
    else:
        data, finalised, revision = detail.data, False, detail.minutes_version + 1
    with db.session() as session:
        consultation = get_row(session, detail.consultation_id)
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None  # read just above
        return minutes_from(
            _issuer(session, consultation),
            consultation,
            data,
            meeting.held_at,
            revision=revision,
            finalised=finalised,
        )


def signin_data(db: Database, meeting_id: str) -> SignInData:
    detail = meetings.meeting_detail(db, meeting_id)
    data = detail.data
    with db.session() as session:
        consultation = get_row(session, detail.consultation_id)
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        return SignInData(
            station_name=_issuer(session, consultation).station_name,
            title=consultation.title,
            held_at=data.held_at or meeting.held_at,
            place=data.place,
            form=data.form,
            # Those excused will not sign; observers do, after those attending; each by category
            # in the order the minutes' lists use.
            participants=tuple(
                Participant(p.name, p.category, p.unit, p.phone, p.attendance)
                for p in sorted(
                    data.participants, key=lambda p: (p.attendance == "列席", category_rank(p.category))
                )
                if p.attendance != "请假"
            ),
            withdrawn=_withdrawn(consultation),
        )


def _suggestions(details: Iterable[MeetingDetail]) -> str:
    lines: list[str] = []
    for detail in details:
        for item in detail.data.action_items:
            parts = [
                f"责任单位：{item.unit}" if item.unit else "",
                f"责任人：{item.person}" if item.person else "",
                f"时限：{cn_date(item.due_on)}" if item.due_on else "",
            ]
            extra = "；".join(p for p in parts if p)
            matter = item.matter.strip().rstrip("。；;.")
            lines.append(f"{len(lines) + 1}. {matter}" + (f"（{extra}）" if extra else "") + "。")
    return "\n".join(lines)


def result_report_data(db: Database, consultation_id: str) -> ResultReportData:
    """协商成果报送单: the consensus of every meeting, the measures agreed, and the 转化 fields."""
    details = meetings.meetings_of(db, consultation_id)
    if not details:
        raise InputError("这个议题还没有协商会议记录，不能生成协商成果报送单。")
    consensus: list[str] = []
    for detail in details:
        consensus += [line for line in text_lines(detail.data.consensus) if line not in consensus]
    last = details[-1].data.held_at
    with db.session() as session:
        row = get_row(session, consultation_id)
        issuer = _issuer(session, row)
        code = row.result_code.strip().upper()
        return ResultReportData(
            station_name=issuer.station_name,
            township_name=issuer.township_name,
            number=row.number,
            title=row.title,
            source=row.source,
            field=row.field,
            meeting_date=last.date() if last else row.meetings[-1].held_at.date(),
            consensus=tuple(consensus),
            suggestions=_suggestions(details),
            output_type=row.output_type or "会议纪要",
            addressed_to=row.sent_to,
            sent_on=row.sent_on,
            lead_unit=row.lead_unit,
            deadline=row.deadline,
            result_code=code,
            result_meaning=RESULT_CODES.get(code, ""),
            reply_text=row.reply_text,
            reply_on=row.reply_on,
            withdrawn=_withdrawn(row),
        )


def member_record_data(
    db: Database, member_id: str, start: date, end: date, *, today: date | None = None
) -> MemberRecordData:
    """A member's record from ``start`` to ``end``; an end after today is counted to today (nothing
    later can have happened), and the record says so in its period."""
    from station_app.services import members  # pinyin tables load only for a 委员履职档案

    today = today or date.today()
    if end < start:
        raise InputError("结束日期不能早于开始日期。")
    if start > today:
        raise InputError(f"开始日期（{cn_date(start)}）晚于今天，还没有可统计的履职记录。")
    end = min(end, today)
    activity = members.member_activity(db, member_id, start, end)
    with db.session() as session:
        member = session.get(Member, member_id)
        if member is None or member.deleted:
            raise InputError("没有找到这位委员。")
        return MemberRecordData(
            station_name=station_in(session).station_name,
            member_name=member.name,
            sector=member.sector,
            unit=member.unit,
            period_from=start,
            period_to=end,
            rows=tuple(ParticipationRow(a.on, a.kind, a.title, a.note) for a in activity),
            made_on=today,
        )


def minutes_pdf(
    db: Database, meeting_id: str, *, version: int | None = None, mask_phones: bool = True
) -> bytes:
    from station_app.documents.minutes import build_minutes  # each document's layout on its use
    from station_app.services.minutes_read import read_minutes

    # The same data as minutes_data() (tests/services/test_minutes_read.py), read without the ORM's
    # cost (about 3 ms of a print).
    data = read_minutes(db, meeting_id, version=version)
    check_printable(data)
    return build_minutes(data, mask_phones=mask_phones)


def signin_pdf(db: Database, meeting_id: str) -> bytes:
    from station_app.documents.signin import build_signin_sheet

    data = signin_data(db, meeting_id)
    check_printable(data)
    return build_signin_sheet(data)


def result_report_pdf(db: Database, consultation_id: str) -> bytes:
    from station_app.documents.result_report import build_result_report

    data = result_report_data(db, consultation_id)
    check_printable(data)
    return build_result_report(data)


def member_record_pdf(db: Database, member_id: str, start: date, end: date) -> bytes:
    from station_app.documents.member_record import build_member_record

    data = member_record_data(db, member_id, start, end)
    check_printable(data)
    return build_member_record(data)


def store_finalised_minutes(session: Session, meeting: Meeting, data: MeetingInput, version: int) -> str:
    """Render the finalised minutes inside the 定稿 transaction, keep the PDF, return its SHA-256.

    A :class:`MissingGlyphsError` here refuses the 定稿: the caller's transaction rolls back.
    """
    from station_app.documents.minutes import build_minutes
    from station_app.services import attachments

    consultation = meeting.consultation
    minutes = minutes_from(
        _issuer(session, consultation), consultation, data, meeting.held_at, revision=version, finalised=True
    )
    check_printable(minutes)
    return attachments.store_bytes(build_minutes(minutes, mask_phones=True))


def pdf_file_name(*parts: str) -> str:
    """A file name from ``parts`` joined by 「-」, safe on Windows: 「大佛街道〔2026〕3号-签到表.pdf」."""
    return _UNSAFE_IN_NAME.sub("_", "-".join(p for p in parts if p)) + ".pdf"


def minutes_file_name(number: str, held_at: datetime) -> str:
    """「大佛街道〔2026〕3号-协商议事会议纪要-2026-04-10.pdf」"""
    return pdf_file_name(number, MINUTES_NAME, f"{held_at:%Y-%m-%d}")


def meeting_label(db: Database, meeting_id: str) -> tuple[str, datetime]:
    """The consultation number and the time of a meeting, for file names."""
    with db.session() as session:
        row = session.execute(
            select(Consultation.number, Meeting.held_at)
            .join(Meeting, Meeting.consultation_id == Consultation.id)
            .where(Meeting.id == meeting_id)
        ).first()
    if row is None:
        raise InputError("没有找到这次会议，它可能已被删除。")
    return str(row.number), row.held_at


def export_year_minutes(db: Database, year: int, folder: Path, cancel: CancelToken) -> Job[list[Path]]:
    """「导出本年度全部纪要」 (see :mod:`station_app.services.year_export`)."""
    from station_app.services import year_export

    return year_export.export_year_minutes(
        db, year, folder, cancel, file_name=minutes_file_name, build=lambda d, m: minutes_pdf(d, m)
    )
