"""转化 and 评价: where the result went, how it was handled, and how people rated it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select

from station_app.domain.fieldcheck import ensure_valid
from station_app.domain.validation import validate_conversion, validate_evaluation
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.changes import apply_changes, summary
from station_app.services.consultations import get_row
from station_app.storage.engine import Database
from station_app.storage.records import Evaluation, ProgressNote


@dataclass(frozen=True)
class ConversionInput:
    output_type: str
    sent_to: str = ""
    sent_on: date | None = None
    lead_unit: str = ""
    deadline: date | None = None
    result_code: str = ""
    reply_text: str = ""
    reply_on: date | None = None


@dataclass(frozen=True)
class EvaluationInput:
    rater_type: str
    rating: str
    rater_name: str = ""
    comments: str = ""
    rated_on: date | None = None


@dataclass(frozen=True)
class NoteView:
    id: str
    noted_on: date
    text: str


@dataclass(frozen=True)
class EvaluationView:
    id: str
    rater_type: str
    rater_name: str
    rating: str
    comments: str
    rated_on: date | None


def _clean(values: dict[str, object]) -> dict[str, object]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def save_conversion(
    db: Database, consultation_id: str, conversion: ConversionInput, *, today: date, actor: str = ""
) -> bool:
    ensure_valid(validate_conversion(asdict(conversion), today=today))
    values = _clean(asdict(conversion))
    values["result_code"] = str(values["result_code"]).upper()
    with db.session() as session:
        row = get_row(session, consultation_id)
        changed = apply_changes(row, values)
        if changed:
            audit.record(session, row.kind, row.id, "edit", summary("修改转化信息", changed), actor=actor)
        return bool(changed)


def add_progress_note(
    db: Database, consultation_id: str, noted_on: date | None, text: str, *, today: date, actor: str = ""
) -> str:
    if noted_on is None:
        raise InputError("办理进展：请填写日期。")
    if noted_on > today:
        raise InputError(f"办理进展：“{noted_on.isoformat()}”是将来的日期，请检查。")
    if not text.strip():
        raise InputError("办理进展：内容不能为空。")
    with db.session() as session:
        row = get_row(session, consultation_id)
        note = ProgressNote(origin=row.origin, consultation_id=row.id, noted_on=noted_on, text=text.strip())
        session.add(note)
        session.flush()
        audit.record(
            session, row.kind, row.id, "note", f"登记办理进展（{noted_on.isoformat()}）", actor=actor
        )
        return note.id


def progress_notes(db: Database, consultation_id: str) -> list[NoteView]:
    with db.session() as session:
        rows = session.scalars(
            select(ProgressNote)
            .where(ProgressNote.consultation_id == consultation_id, ProgressNote.deleted.is_(False))
            .order_by(ProgressNote.noted_on, ProgressNote.created_at)
        )
        return [NoteView(r.id, r.noted_on, r.text) for r in rows]


def add_evaluation(
    db: Database, consultation_id: str, evaluation: EvaluationInput, *, today: date, actor: str = ""
) -> str:
    ensure_valid(validate_evaluation(asdict(evaluation), today=today))
    with db.session() as session:
        row = get_row(session, consultation_id)
        item = Evaluation(origin=row.origin, consultation_id=row.id, **_clean(asdict(evaluation)))
        session.add(item)
        session.flush()
        audit.record(
            session,
            row.kind,
            row.id,
            "evaluate",
            f"登记评价：{evaluation.rater_type}{evaluation.rater_name}“{evaluation.rating}”",
            actor=actor,
        )
        return item.id


def evaluations(db: Database, consultation_id: str) -> list[EvaluationView]:
    with db.session() as session:
        rows = session.scalars(
            select(Evaluation)
            .where(Evaluation.consultation_id == consultation_id, Evaluation.deleted.is_(False))
            .order_by(Evaluation.created_at)
        )
        return [
            EvaluationView(r.id, r.rater_type, r.rater_name, r.rating, r.comments, r.rated_on) for r in rows
        ]


def remove_evaluation(db: Database, evaluation_id: str, *, actor: str = "") -> None:
    with db.session() as session:
        item = session.get(Evaluation, evaluation_id)
        if item is None or item.deleted:
            raise InputError("没有找到这条评价。")
        item.deleted = True
        audit.record(
            session,
            "consultation",
            item.consultation_id,
            "evaluate",
            f"删除评价：{item.rater_type}{item.rater_name}“{item.rating}”",
            actor=actor,
        )
