"""委员名册 and each member's participation (履职档案, 「委员交作业」)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from station_app.domain import duties
from station_app.domain.fieldcheck import ensure_valid
from station_app.domain.lifecycle import Status
from station_app.domain.validation import validate_member
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.changes import apply_changes, summary
from station_app.services.station import station_in
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Meeting, Member, Participant, Report, ResearchMember


@dataclass(frozen=True)
class MemberInput:
    name: str
    sector: str
    unit: str = ""
    position: str = ""
    phone: str = ""
    note: str = ""
    active: bool = True


@dataclass(frozen=True)
class MemberView:
    id: str
    name: str
    sector: str
    unit: str
    position: str
    phone: str
    note: str
    active: bool
    origin: str = ""  # the station's township code


@dataclass(frozen=True)
class Activity:
    on: date
    kind: str  # 参加协商 / 列席协商 / 请假 / 参与调研 / 提交社情民意
    title: str
    note: str


def initials_of(name: str) -> str:
    from pypinyin import Style, lazy_pinyin  # its dictionaries load only when a name is written

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()


def _check(member: MemberInput) -> dict[str, object]:
    ensure_valid(validate_member(asdict(member)))
    values: dict[str, object] = {k: v.strip() if isinstance(v, str) else v for k, v in asdict(member).items()}
    values["initials"] = initials_of(member.name.strip())
    return values


def add_member(db: Database, member: MemberInput, *, actor: str = "") -> str:
    values = _check(member)
    with db.session() as session:
        info = station_in(session)
        row = Member(origin=info.code, **values)
        session.add(row)
        session.flush()
        audit.record(session, row.kind, row.id, "create", f"添加委员 {row.name}（{row.sector}）", actor=actor)
        return row.id


def update_member(db: Database, member_id: str, member: MemberInput, *, actor: str = "") -> bool:
    values = _check(member)
    with db.session() as session:
        row = session.get(Member, member_id)
        if row is None or row.deleted:
            raise InputError("没有找到这位委员。")
        row.initials = str(values.pop("initials"))  # derived from the name, not worth a log line
        changed = apply_changes(row, values)
        if changed:
            audit.record(
                session, row.kind, row.id, "edit", summary(f"修改委员 {row.name}", changed), actor=actor
            )
        return bool(changed)


def list_members(db: Database, *, include_inactive: bool = True) -> list[MemberView]:
    with db.session() as session:
        query = select(Member).where(Member.deleted.is_(False)).order_by(Member.initials, Member.name)
        if not include_inactive:
            query = query.where(Member.active.is_(True))
        return [
            MemberView(m.id, m.name, m.sector, m.unit, m.position, m.phone, m.note, m.active, m.origin)
            for m in session.scalars(query)
        ]


def member_activity(db: Database, member_id: str, start: date, end: date) -> list[Activity]:
    """Everything the member took part in between ``start`` and ``end`` (inclusive), by date."""
    if end < start:
        raise InputError("结束日期不能早于开始日期。")
    first, last = datetime.combine(start, time.min), datetime.combine(end, time.max)
    found: list[Activity] = []
    with db.session() as session:
        if session.get(Member, member_id) is None:
            raise InputError("没有找到这位委员。")
        meetings = session.execute(
            select(
                Meeting.held_at,
                Consultation.title,
                Participant.attendance,
                Meeting.form,
                Meeting.finalised,
                Consultation.status,
            )
            .join(Participant, Participant.meeting_id == Meeting.id)
            .join(Consultation, Consultation.id == Meeting.consultation_id)
            .where(
                Participant.member_id == member_id,
                Participant.deleted.is_(False),
                Meeting.deleted.is_(False),
                Consultation.deleted.is_(False),
                Meeting.held_at.between(first, last),
            )
        )
        kinds = {"出席": "参加协商", "列席": "列席协商", "请假": "请假"}
        for held_at, title, attendance, form, finalised, status in meetings:
            revoked = status == Status.REVOKED.value
            if not duties.meeting_on_record(topic_revoked=revoked, minutes_finalised=finalised):
                continue
            found.append(Activity(held_at.date(), kinds.get(attendance, attendance), title, form))
        research = session.execute(
            select(
                Consultation.research_start,
                Consultation.research_end,
                Consultation.title,
                Consultation.research_method,
            )
            .join(ResearchMember, ResearchMember.consultation_id == Consultation.id)
            .where(
                ResearchMember.member_id == member_id,
                ResearchMember.deleted.is_(False),
                Consultation.deleted.is_(False),
            )
        )
        for r_start, r_end, title, method in research:
            on = r_start or r_end
            if on is not None and start <= on <= end:
                found.append(Activity(on, "参与调研", title, method))
        reports = session.execute(
            select(Report.reported_on, Report.title, Report.status).where(
                Report.member_id == member_id,
                Report.deleted.is_(False),
                Report.reported_on.between(start, end),
            )
        )
        for on, title, status in reports:
            found.append(Activity(on, "提交社情民意", title, status))
    return sorted(found, key=lambda a: (a.on, a.kind, a.title))
