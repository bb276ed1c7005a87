"""办理反馈 entered at the hub, and the signed receipt/feedback package written for one station.

The package (FORMAT.md section 8) carries a ``receipt`` for every package received from the
station and every ``feedback`` record the hub holds for it; the station applies each at most once,
so sending everything again is safe and simpler than tracking what the station already has.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app import __version__
from station_app.domain.classifications import RESULT_CODES
from station_app.domain.fieldcheck import clean_text
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import InputError
from station_app.hub.importer import in_scope, require_hub
from station_app.hub.keys import ensure_hub_keys
from station_app.services import audit
from station_app.services.feedback_import import FEEDBACK_PACKAGE, KIND_FEEDBACK, KIND_RECEIPT
from station_app.storage.engine import Database
from station_app.storage.hub_tables import FeedbackPackageLog, HubFeedback, ReceivedPackage
from station_app.storage.migrate import current_revision
from station_app.storage.records import Consultation
from station_app.sync import drives
from station_app.sync.manifest import StationInfo as PackageStation
from station_app.sync.package import PackageContent, PackageHeader, build_package, package_sha256
from station_app.sync.records import SyncRecord, format_utc

log = logging.getLogger(__name__)

RECEIPT_NAMESPACE = uuid.UUID("6b2f64a4-54b4-4a8e-9d0e-3c1f8a7b9e21")
IN_CONVERSION = (Status.SUBMITTED, Status.HANDLING, Status.FED_BACK)
MSG_COLLECTING = "正在整理回执和办理反馈……"


@dataclass(frozen=True)
class FeedbackInput:
    consultation_id: str
    result_code: str = ""
    reply_text: str = ""
    reply_on: date | None = None
    author: str = ""
    progress_note: str = ""


@dataclass(frozen=True)
class FeedbackView:
    id: str
    station_code: str
    consultation_id: str
    consultation_title: str
    result_code: str
    reply_text: str
    reply_on: date | None
    author: str
    progress_note: str
    revision: int


def _values(entry: FeedbackInput) -> dict[str, object]:
    code = entry.result_code.strip().upper()
    if code and code not in RESULT_CODES:
        raise InputError(f"办理结果代码“{code}”无效，应为 A、B、C、D 之一。")
    reply = clean_text(entry.reply_text, "反馈内容", max_len=4000)
    note = clean_text(entry.progress_note, "办理进展", max_len=2000)
    if not (code or reply or note):
        raise InputError("请至少填写办理结果、反馈内容或办理进展中的一项。")
    return {
        "result_code": code,
        "reply_text": reply,
        "reply_on": entry.reply_on,
        "author": clean_text(entry.author, "填写人", max_len=50, single_line=True),
        "progress_note": note,
    }


def save_feedback(db: Database, entry: FeedbackInput, feedback_id: str | None = None) -> str:
    """Add (or, with ``feedback_id``, correct) a reply for a station's consultation in 转化."""
    info = require_hub(db)
    values = _values(entry)
    with db.session() as session:
        topic = session.get(Consultation, entry.consultation_id)
        if topic is None or topic.deleted:
            raise InputError("没有找到这条协商议题，可能还没有导入该站的数据包。")
        if topic.status not in IN_CONVERSION:
            raise InputError(
                f"“{topic.title}”目前是「{topic.status}」，只有已报送、办理中或已反馈的议题才能填写办理反馈。"
            )
        if feedback_id is None:
            row = HubFeedback(
                origin=info.county_code, station_code=topic.origin, consultation_id=topic.id, **values
            )
            session.add(row)
            session.flush()
        else:
            found = session.get(HubFeedback, feedback_id)
            if found is None or found.consultation_id != topic.id:
                raise InputError("没有找到要修改的办理反馈。")
            row = found
            for key, value in values.items():
                setattr(row, key, value)
        audit.record(  # on the topic, so that its 历史 at this office shows the reply
            session,
            "feedback",
            topic.id,
            "edit",
            f"本单位登记办理反馈：{topic.number} {topic.title}（待写入回执包发回该站）",
            actor=str(values["author"]),
        )
        return row.id


def list_feedback(db: Database, station_code: str | None = None) -> list[FeedbackView]:
    with db.session() as session:
        query = (
            select(HubFeedback, Consultation.title)
            .join(Consultation, Consultation.id == HubFeedback.consultation_id)
            .where(HubFeedback.deleted.is_(False))
            .order_by(HubFeedback.station_code, HubFeedback.created_at)
        )
        if station_code:
            query = query.where(HubFeedback.station_code == station_code)
        return [
            FeedbackView(
                r.id,
                r.station_code,
                r.consultation_id,
                title,
                r.result_code,
                r.reply_text,
                r.reply_on,
                r.author,
                r.progress_note,
                r.revision,
            )
            for r, title in session.execute(query)
        ]


def _records(session: Session, station_code: str) -> list[SyncRecord]:
    records: list[SyncRecord] = []
    received = session.scalars(select(ReceivedPackage).where(ReceivedPackage.township_code == station_code))
    for package in received:
        records.append(
            SyncRecord(
                KIND_RECEIPT,
                str(uuid.uuid5(RECEIPT_NAMESPACE, package.package_id)),
                1,
                package.imported_at,
                False,
                {
                    "package_id": package.package_id,
                    "sequence": package.sequence,
                    "received_at": format_utc(package.imported_at),
                },
            )
        )
    replies = session.scalars(select(HubFeedback).where(HubFeedback.station_code == station_code))
    for reply in replies:
        records.append(
            SyncRecord(
                KIND_FEEDBACK,
                reply.id,
                reply.revision,
                reply.updated_at,
                reply.deleted,
                {
                    "consultation_id": reply.consultation_id,
                    "result_code": reply.result_code,
                    "reply_text": reply.reply_text,
                    "reply_on": reply.reply_on.isoformat() if reply.reply_on else None,
                    "author": reply.author,
                    "progress_note": reply.progress_note,
                },
            )
        )
    return records


class NothingNewError(InputError):
    """The last receipt package for the station already carries everything (``again`` writes anyway)."""


def _changed_since(session: Session, code: str, since: datetime) -> bool:
    received = select(ReceivedPackage.package_id).where(
        ReceivedPackage.township_code == code, ReceivedPackage.imported_at > since
    )
    replies = select(HubFeedback.id).where(HubFeedback.station_code == code, HubFeedback.updated_at > since)
    return session.scalars(received.limit(1)).first() is not None or (
        session.scalars(replies.limit(1)).first() is not None
    )


def write_feedback_package(
    db: Database, station_code: str, folder: Path, cancel: CancelToken | None = None, *, again: bool = False
) -> Job[Path]:
    """Write the next receipt/feedback package for ``station_code`` into ``folder`` (a stick).

    When nothing arrived or changed since the last one, refuse (``NothingNewError``) unless ``again``:
    a second package with the same content is only asked for when the first one was lost.
    """
    info = require_hub(db)
    code = station_code.strip()
    if not in_scope(info, code):
        raise InputError(f"区划代码 {code} 不是本单位汇总范围内的乡镇（街道）。")
    drives.check_target(Path(folder), 0)
    if not again:
        _something_new(db, code)
    return _write(db, info.county_code, code, Path(folder), cancel or CancelToken())


def _last_package(session: Session, station_code: str) -> FeedbackPackageLog | None:
    """The last receipt/feedback package written for the station."""
    return session.scalars(
        select(FeedbackPackageLog)
        .where(FeedbackPackageLog.station_code == station_code)
        .order_by(FeedbackPackageLog.sequence.desc())
        .limit(1)
    ).first()


def _something_new(db: Database, code: str) -> None:
    from station_app.hub.trust import station_name

    with db.session() as session:
        last = _last_package(session, code)
        if last is None or _changed_since(session, code, last.created_at):
            return
        when = last.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        raise NothingNewError(
            f"给“{station_name(code)}”的回执/反馈包已于 {when} 写过（{last.file_name}，{contents(last)}），"
            "此后没有新收到该站的数据包，也没有新登记或修改的办理反馈，不需要再写。"
        )


def _write(db: Database, hub_code: str, code: str, folder: Path, cancel: CancelToken) -> Job[Path]:
    from station_app.domain import townships

    yield Progress(0, 0, MSG_COLLECTING)
    town = townships.township_by_code(code)
    with db.session() as session:
        records = _records(session, code)
        last = _last_package(session, code)
        schema = current_revision(session.connection()) or ""
    if not records:
        raise InputError(f"还没有收到“{town.name}”的数据包，也没有给它的办理反馈，无需生成回执包。")
    header = PackageHeader(
        package_kind=FEEDBACK_PACKAGE,
        station=PackageStation(code, town.name, town.county_code),
        sequence=(last.sequence + 1) if last else 1,
        previous_sha256=last.sha256 if last else None,
        app_version=__version__,
        schema_revision=schema,
        full=True,
    )
    cancel.raise_if_cancelled()
    data = build_package(PackageContent(header, records), ensure_hub_keys().signing)
    written = yield from drives.write_verified(folder, header.file_name, data, cancel)
    try:
        with db.session() as session:
            session.add(
                FeedbackPackageLog(
                    package_id=header.package_id,
                    station_code=code,
                    sequence=header.sequence,
                    sha256=package_sha256(data),
                    file_name=written.name,
                    receipts=sum(r.kind == KIND_RECEIPT for r in records),
                    feedback=sum(r.kind == KIND_FEEDBACK for r in records),
                )
            )
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    log.info("wrote feedback package %s for %s (hub %s)", header.package_id, code, hub_code)
    return written


def contents(log_row: FeedbackPackageLog) -> str:
    """What a receipt/feedback package carries, in words for the clerk."""
    return f"第 {log_row.sequence} 号：数据包回执 {log_row.receipts} 份、办理反馈 {log_row.feedback} 条"


def last_package_text(db: Database, station_code: str) -> str:
    """The last receipt/feedback package written for the station, described ('' when none)."""
    with db.session() as session:
        last = _last_package(session, station_code)
        return contents(last) if last is not None else ""
