"""Use cases for consultation topics: create, and move through the lifecycle."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain import lifecycle, numbering, townships
from station_app.domain.fieldcheck import ensure_valid
from station_app.domain.lifecycle import ConsultationFacts, Status
from station_app.domain.validation import validate_research, validate_topic
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.changes import apply_changes, summary
from station_app.services.station import station_in
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Evaluation, ResearchMember
from station_app.storage.sync_marks import number_floor


@dataclass(frozen=True)
class ResearchInput:
    """What the clerk enters at 调研."""

    research_start: date | None
    research_end: date | None
    research_method: str
    research_findings: str
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicInput:
    """What the clerk enters at 选题."""

    title: str
    source: str
    field: str
    proposed_on: date | None
    village: str = ""
    proposer: str = ""
    description: str = ""


def _number_prefix(session: Session) -> str:
    info = station_in(session)
    if info.is_hub:
        raise InputError("汇总单位不能新建协商议题，议题由各联络站录入后同步上来。")
    return townships.short_name(townships.township_by_code(info.township_code))


def create_topic(db: Database, topic: TopicInput, *, today: date, actor: str = "") -> str:
    """Create a topic in 征集中 with the next number of its year; return its UUID."""
    ensure_valid(validate_topic(asdict(topic), today=today))
    with db.session() as session:
        return insert_topic(session, topic, actor=actor).id


def insert_topic(session: Session, topic: TopicInput, *, actor: str = "") -> Consultation:
    """The insert behind :func:`create_topic`, for use cases that do more in the same transaction."""
    assert topic.proposed_on is not None  # validated by the caller
    prefix = _number_prefix(session)
    origin = station_in(session).township_code
    year = topic.proposed_on.year
    top = session.scalar(
        select(func.max(Consultation.seq)).where(Consultation.origin == origin, Consultation.year == year)
    )
    seq = numbering.next_sequence(max(top or 0, number_floor(session, origin, year)))
    row = Consultation(
        origin=origin,
        number=numbering.format_number(prefix, year, seq),
        year=year,
        seq=seq,
        title=topic.title.strip(),
        source=topic.source,
        field=topic.field,
        village=topic.village.strip(),
        proposer=topic.proposer.strip(),
        proposed_on=topic.proposed_on,
        description=topic.description.strip(),
        status=lifecycle.INITIAL_STATUS.value,
    )
    session.add(row)
    session.flush()
    audit.record(session, row.kind, row.id, "create", f"新建议题 {row.number}《{row.title}》", actor=actor)
    return row


def update_topic(
    db: Database, consultation_id: str, topic: TopicInput, *, today: date, actor: str = ""
) -> bool:
    """Save the 选题 fields; the number keeps its year. Returns whether anything changed."""
    ensure_valid(validate_topic(asdict(topic), today=today))
    values = {k: v.strip() if isinstance(v, str) else v for k, v in asdict(topic).items()}
    with db.session() as session:
        row = get_row(session, consultation_id)
        changed = apply_changes(row, values)
        if changed:
            audit.record(session, row.kind, row.id, "edit", summary("修改选题信息", changed), actor=actor)
        return bool(changed)


def update_research(
    db: Database, consultation_id: str, research: ResearchInput, *, today: date, actor: str = ""
) -> bool:
    """Save the 调研 fields and the members who took part."""
    values = asdict(research)
    members = set(values.pop("member_ids"))
    ensure_valid(validate_research(values, today=today))
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    with db.session() as session:
        row = get_row(session, consultation_id)
        changed = apply_changes(row, values)
        links = session.scalars(select(ResearchMember).where(ResearchMember.consultation_id == row.id))
        current = {link.member_id: link for link in links}
        members_changed = False
        for member_id, link in current.items():
            gone = member_id not in members
            if link.deleted != gone:
                link.deleted = gone
                members_changed = True
        for member_id in members - set(current):
            session.add(ResearchMember(origin=row.origin, consultation_id=row.id, member_id=member_id))
            members_changed = True
        if members_changed:
            changed.append("调研成员（已修改）")
        if changed:
            audit.record(session, row.kind, row.id, "edit", summary("修改调研信息", changed), actor=actor)
        return bool(changed)


def research_member_ids(db: Database, consultation_id: str) -> list[str]:
    with db.session() as session:
        return list(
            session.scalars(
                select(ResearchMember.member_id).where(
                    ResearchMember.consultation_id == consultation_id, ResearchMember.deleted.is_(False)
                )
            )
        )


def delete_consultation(db: Database, consultation_id: str, *, reason: str, actor: str = "") -> None:
    """Tombstone a topic entered by mistake (only while it is still being collected)."""
    if not reason.strip():
        raise InputError("删除议题需要填写理由。")
    with db.session() as session:
        row = get_row(session, consultation_id)
        if row.status not in (Status.COLLECTING.value, Status.REJECTED.value):
            raise InputError("只有“征集中”或“不予立题”的议题可以删除；其他议题请使用“撤销”。")
        row.deleted = True
        audit.record(session, row.kind, row.id, "delete", f"删除议题，理由：{reason.strip()}", actor=actor)


def get_row(session: Session, consultation_id: str) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None or row.deleted:
        raise InputError("没有找到这个议题，它可能已被删除。")
    return row


def facts_of(session: Session, row: Consultation) -> ConsultationFacts:
    """What the lifecycle rules need to know about ``row``, read from the database."""
    meetings = [m for m in row.meetings if not m.deleted]
    evaluations = session.scalar(
        select(func.count())
        .select_from(Evaluation)
        .where(Evaluation.consultation_id == row.id, Evaluation.deleted.is_(False))
    )
    return ConsultationFacts(
        title=row.title,
        source=row.source,
        field=row.field,
        proposed_on=row.proposed_on,
        research_findings=row.research_findings,
        meeting_count=len(meetings),
        finalised_minutes_count=sum(1 for m in meetings if m.finalised),
        consensus="\n".join(m.consensus for m in meetings),
        output_type=row.output_type,
        sent_to=row.sent_to,
        sent_on=row.sent_on,
        result_code=row.result_code,
        reply_text=row.reply_text,
        reply_on=row.reply_on,
        evaluation_count=int(evaluations or 0),
    )


def available_transitions(db: Database, consultation_id: str) -> list[lifecycle.Transition]:
    with db.session() as session:
        row = get_row(session, consultation_id)
        return lifecycle.allowed_transitions(Status(row.status), facts_of(session, row))


def change_status(
    db: Database, consultation_id: str, target: Status | str, *, reason: str = "", actor: str = ""
) -> Status:
    """Apply one lifecycle transition; the rules decide, and the audit log records it."""
    with db.session() as session:
        row = get_row(session, consultation_id)
        transition = lifecycle.check_transition(row.status, target, facts_of(session, row), reason)
        row.status = transition.target.value
        row.status_reason = reason.strip() if transition.needs_reason else ""
        audit.record(
            session,
            row.kind,
            row.id,
            "status",
            lifecycle.describe_transition(transition, reason),
            actor=actor,
        )
        return transition.target


def has_consultations(db: Database) -> bool:
    with db.session() as session:
        return session.scalar(select(Consultation.id).limit(1)) is not None
