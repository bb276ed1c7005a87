"""The printed documents of a record: plain document data read from the database, and the PDFs.

The builders in :mod:`station_app.documents` never see the database; this module is the bridge.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.documents import (
    ActionItem,
    MemberRecordData,
    MinutesData,
    MissingGlyphsError,
    Participant,
    ParticipationRow,
    ResultReportData,
    SignInData,
    Statement,
    build_member_record,
    build_minutes,
    build_result_report,
    build_signin_sheet,
    missing_characters,
)
from station_app.documents.data import strings_of
from station_app.documents.layout import cn_date
from station_app.domain import townships
from station_app.domain.classifications import RESULT_CODES
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job
from station_app.errors import InputError
from station_app.services import attachments, meetings, year_export
from station_app.services.consultations import get_row
from station_app.services.meetings import MeetingInput
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


@dataclass(frozen=True)
class _Issuer:
    """Who signs the document: the station the record belongs to."""

    station_name: str
    township_name: str


def _issuer(session: Session, consultation: Consultation) -> _Issuer:
    info = station_in(session)
    if not info.is_hub:
        return _Issuer(info.station_name, info.township_name)
    # A county or city office prints a station's record in that station's name.
    try:
        town = townships.township_by_code(consultation.origin)
    except InputError:
        return _Issuer(info.station_name, "")
    return _Issuer(townships.proposed_station_name(town), town.name)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _background(consultation: Consultation, data: MeetingInput) -> str:
    if data.background.strip():
        return data.background
    # Without a written background the topic's own description and findings say what it is about.
    return "\n".join(t for t in (consultation.description, consultation.research_findings) if t.strip())


def _withdrawn(consultation: Consultation) -> bool:
    return consultation.status == Status.REVOKED.value


def _minutes_from(
    issuer: _Issuer,
    consultation: Consultation,
    data: MeetingInput,
    held_at: datetime,
    *,
    revision: int,
    finalised: bool,
) -> MinutesData:
    when = data.held_at or held_at
    category_of = {p.name: p.category for p in data.participants}
    return MinutesData(
        station_name=issuer.station_name,
        township_name=issuer.township_name,
        title=consultation.title,
        number=consultation.number,
        source=consultation.source,
        form=data.form,
        held_at=when,
        place=data.place,
        chair=data.chair,
        recorder=data.recorder,
        background=_background(consultation, data),
        statements=tuple(
            Statement(s.speaker, s.category or category_of.get(s.speaker, ""), s.text)
            for s in data.statements
        ),
        consensus=_lines(data.consensus),
        disagreements=data.disagreements,
        action_items=tuple(ActionItem(a.matter, a.unit, a.person, a.due_on) for a in data.action_items),
        participants=tuple(
            Participant(p.name, p.category, p.unit, p.phone, p.attendance) for p in data.participants
        ),
        date=when.date(),
        revision=revision,
        finalised=finalised,
    )


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
        made = _minutes_from(
            _issuer(session, consultation),
            consultation,
            data,
            meeting.held_at,
            revision=revision,
            finalised=finalised,
        )
        return dataclasses.replace(made, withdrawn=_withdrawn(consultation))


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
            # Those excused will not sign; observers do.
            participants=tuple(
                Participant(p.name, p.category, p.unit, p.phone, p.attendance)
                for p in data.participants
                if p.attendance != "请假"
            ),
            withdrawn=_withdrawn(consultation),
        )


def _suggestions(details: Iterable[meetings.MeetingDetail]) -> str:
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
        consensus += [line for line in _lines(detail.data.consensus) if line not in consensus]
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


def check_printable(data: object) -> None:
    """Refuse, naming the characters, before anything is rendered or printed."""
    texts = list(strings_of(data))
    if isinstance(data, ResultReportData):
        texts.append(data.recipients)
    missing: set[str] = set()
    for text in texts:
        missing |= missing_characters(text)
    if missing:
        raise MissingGlyphsError(missing)


def minutes_pdf(
    db: Database, meeting_id: str, *, version: int | None = None, mask_phones: bool = True
) -> bytes:
    data = minutes_data(db, meeting_id, version=version)
    check_printable(data)
    return build_minutes(data, mask_phones=mask_phones)


def signin_pdf(db: Database, meeting_id: str) -> bytes:
    data = signin_data(db, meeting_id)
    check_printable(data)
    return build_signin_sheet(data)


def result_report_pdf(db: Database, consultation_id: str) -> bytes:
    data = result_report_data(db, consultation_id)
    check_printable(data)
    return build_result_report(data)


def member_record_pdf(db: Database, member_id: str, start: date, end: date) -> bytes:
    data = member_record_data(db, member_id, start, end)
    check_printable(data)
    return build_member_record(data)


def store_finalised_minutes(session: Session, meeting: Meeting, data: MeetingInput, version: int) -> str:
    """Render the finalised minutes inside the 定稿 transaction, keep the PDF, return its SHA-256.

    A :class:`MissingGlyphsError` here refuses the 定稿: the caller's transaction rolls back.
    """
    consultation = meeting.consultation
    minutes = _minutes_from(
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
    return year_export.export_year_minutes(
        db, year, folder, cancel, file_name=minutes_file_name, build=lambda d, m: minutes_pdf(d, m)
    )
