"""社情民意信息 (one matter, one report) and turning a report into a consultation topic."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.classifications import REPORT_CONVERTED, REPORT_DRAFT, SOURCE_FROM_REPORT
from station_app.domain.fieldcheck import ensure_valid
from station_app.domain.validation import validate_report, validate_topic
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.changes import apply_changes, summary
from station_app.services.consultations import TopicInput, insert_topic
from station_app.services.station import station_in
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Report


@dataclass(frozen=True)
class ReportInput:
    title: str
    reporter: str
    situation: str
    reporter_unit: str = ""
    cause: str = ""
    suggestion: str = ""
    status: str = REPORT_DRAFT
    reported_on: date | None = None
    member_id: str | None = None


@dataclass(frozen=True)
class ReportView:
    id: str
    data: ReportInput
    consultation_id: str | None
    consultation_number: str
    origin: str = ""  # the station's township code


def _values(report: ReportInput, today: date) -> dict[str, object]:
    ensure_valid(validate_report(asdict(report), today=today))
    return {k: v.strip() if isinstance(v, str) else v for k, v in asdict(report).items()}


def add_report(db: Database, report: ReportInput, *, today: date, actor: str = "") -> str:
    values = _values(report, today)
    with db.session() as session:
        info = station_in(session)
        if info.is_hub:
            raise InputError("汇总单位不能录入社情民意信息，由各联络站录入后同步上来。")
        row = Report(origin=info.code, **values)
        session.add(row)
        session.flush()
        audit.record(session, row.kind, row.id, "create", f"新建社情民意信息《{row.title}》", actor=actor)
        return row.id


def _get(session: Session, report_id: str) -> Report:
    row = session.get(Report, report_id)
    if row is None or row.deleted:
        raise InputError("没有找到这条社情民意信息。")
    return row


def update_report(db: Database, report_id: str, report: ReportInput, *, today: date, actor: str = "") -> bool:
    values = _values(report, today)
    with db.session() as session:
        row = _get(session, report_id)
        if row.consultation_id and values["status"] != REPORT_CONVERTED:
            raise InputError("这条信息已转为协商议题，状态不能改回。")
        changed = apply_changes(row, values)
        if changed:
            audit.record(session, row.kind, row.id, "edit", summary("修改社情民意信息", changed), actor=actor)
        return bool(changed)


def _view(row: Report, number: str) -> ReportView:
    data = ReportInput(
        title=row.title,
        reporter=row.reporter,
        situation=row.situation,
        reporter_unit=row.reporter_unit,
        cause=row.cause,
        suggestion=row.suggestion,
        status=row.status,
        reported_on=row.reported_on,
        member_id=row.member_id,
    )
    return ReportView(row.id, data, row.consultation_id, number, row.origin)


def get_report(db: Database, report_id: str) -> ReportView:
    with db.session() as session:
        row = _get(session, report_id)
        number = ""
        if row.consultation_id:
            number = (
                session.scalar(select(Consultation.number).where(Consultation.id == row.consultation_id))
                or ""
            )
        return _view(row, number)


def list_reports(db: Database) -> list[ReportView]:
    """Every live report, newest first, read in one query."""
    with db.session() as session:
        rows = session.execute(
            select(Report, Consultation.number)
            .outerjoin(Consultation, Consultation.id == Report.consultation_id)
            .where(Report.deleted.is_(False))
            .order_by(
                Report.reported_on.is_(None).desc(), Report.reported_on.desc(), Report.title
            )  # drafts first
        ).all()
        return [_view(row, number or "") for row, number in rows]


def convert_to_topic(
    db: Database, report_id: str, *, field: str, today: date, village: str = "", actor: str = ""
) -> str:
    """「转为协商议题」: a new topic with 来源 = 社情民意转化, linked both ways, in one transaction."""
    with db.session() as session:
        row = _get(session, report_id)
        if row.consultation_id:
            number = session.scalar(select(Consultation.number).where(Consultation.id == row.consultation_id))
            raise InputError(f"这条信息已经转为协商议题 {number}。")
        parts = [
            row.situation,
            f"原因分析：{row.cause}" if row.cause else "",
            f"意见建议：{row.suggestion}" if row.suggestion else "",
        ]
        topic = TopicInput(
            title=row.title,
            source=SOURCE_FROM_REPORT,
            field=field,
            proposed_on=today,
            proposer=row.reporter,
            village=village,
            description="\n".join(p for p in parts if p),
        )
        ensure_valid(validate_topic(asdict(topic), today=today))
        consultation = insert_topic(session, topic, actor=actor)
        consultation.report_id = row.id
        row.consultation_id = consultation.id
        row.status = REPORT_CONVERTED
        audit.record(session, row.kind, row.id, "convert", f"转为协商议题 {consultation.number}", actor=actor)
        audit.record(
            session,
            consultation.kind,
            consultation.id,
            "convert",
            f"由社情民意信息《{row.title}》转化而来",
            actor=actor,
        )
        return consultation.id
