"""Importing a receipt/feedback package (回执/办理反馈) written by the county office.

The package (``package_kind`` ``hub-feedback``, see FORMAT.md section 8) must be signed by an
office whose key file is installed here, and be addressed to this station. It is applied in one
transaction and idempotently: a receipt only fills an empty ``acknowledged_at``; a feedback
record is applied once per (uuid, revision), remembered in ``applied_feedback``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.classifications import RESULT_CODES
from station_app.domain.fieldcheck import text_problem
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.domain.validation import LONG_MAX
from station_app.errors import InputError, KnownError
from station_app.input_guard import read_regular
from station_app.services import audit, keys
from station_app.services.changes import apply_changes
from station_app.services.station import station_in
from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry
from station_app.storage.records import Consultation, ProgressNote
from station_app.storage.sync_state import AppliedFeedback
from station_app.sync.container import DEFAULT_LIMITS
from station_app.sync.crypto import format_fingerprint
from station_app.sync.manifest import Manifest
from station_app.sync.package import OpenedPackage, open_package, verify_package_bytes
from station_app.sync.records import SyncRecord, parse_utc

log = logging.getLogger(__name__)

FEEDBACK_PACKAGE = "hub-feedback"
KIND_RECEIPT = "receipt"
KIND_FEEDBACK = "feedback"
AUDIT_PREFIX = "收到县政协办理反馈"
MSG_CHECKING = "正在核对回执包……"
MSG_APPLYING = "正在登记回执和办理反馈……"


class FeedbackRefusedError(KnownError):
    """The package cannot be applied here; nothing was changed."""


@dataclass
class FeedbackResult:
    package_id: str = ""
    office_name: str = ""
    receipts_marked: int = 0  # packages now marked as received
    receipts_already: int = 0
    receipts_unknown: int = 0  # receipts for packages this station never logged
    feedback_applied: int = 0
    feedback_already: int = 0
    feedback_missing: int = 0  # consultations not found here
    ignored: int = 0  # record kinds this version does not know, or withdrawn feedback
    notes: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.receipts_marked or self.feedback_applied)

    def describe(self) -> str:
        parts = [f"已导入{self.office_name}的回执包"]
        parts.append(f"确认收到数据包 {self.receipts_marked} 个")
        if self.receipts_already:
            parts.append(f"此前已确认 {self.receipts_already} 个")
        parts.append(f"登记办理反馈 {self.feedback_applied} 条")
        if self.feedback_already:
            parts.append(f"此前已登记 {self.feedback_already} 条")
        text = "，".join(parts) + "。"
        if not self.changed_anything:
            text += "这个回执包的内容此前都已导入，本次没有改动。"
        if self.notes:
            text += "\n" + "\n".join(self.notes)
        return text


def _refuse(text: str) -> FeedbackRefusedError:
    return FeedbackRefusedError(text)


OWN_PACKAGE_TEXT = (
    "这是本站自己导出、要交给县政协的数据包（第 {sequence} 号），不是县政协发回的回执/反馈包。"
    "回执包的文件名以「回执-」开头，由县政协导入本站数据包后生成。"
)


def _read_checked(source: Path, township_code: str) -> tuple[bytes, Manifest]:
    """Read a package and check what kind it is — before anything about keys is asked, so picking
    the station's own outgoing package says so rather than asking for a key."""
    if Path(source).is_dir():
        raise InputError(f"请选择回执包文件，而不是文件夹：{source}")
    data = read_regular(Path(source), DEFAULT_LIMITS.max_package_bytes)
    manifest = verify_package_bytes(data)  # structure, format version and signature
    if manifest.package_kind != FEEDBACK_PACKAGE:
        if manifest.station.township_code == township_code:
            raise _refuse(OWN_PACKAGE_TEXT.format(sequence=manifest.sequence))
        raise _refuse("这不是县政协发回的回执/反馈包，而是联络站的数据包，不能在这里导入。")
    return data, manifest


def _open_checked(data: bytes, manifest: Manifest, township_code: str) -> tuple[OpenedPackage, str]:
    """Check the signer and addressee of a feedback package; the opened package and the office name."""
    office = keys.trusted_signer(manifest.signer.public_key)
    if office is None:
        raise _refuse(
            "这个回执包的签名单位不在本机已安装的公钥之中"
            f"（签名指纹 {format_fingerprint(manifest.signer.fingerprint)}），为安全起见不予导入。"
            "请确认它来自本县政协，并已安装县政协的公钥文件。"
        )
    if manifest.station.township_code != township_code:
        raise _refuse(
            f"这个回执包是发给“{manifest.station.name}”（{manifest.station.township_code}）的，"
            "不是本站的，不予导入。"
        )
    if manifest.payload is not None:
        raise _refuse("这个回执包被加密了，联络站无法打开。请让县政协重新导出不加密的回执包。")
    return open_package(data), office.office_name


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _apply_receipt(session: Session, record: SyncRecord, result: FeedbackResult) -> None:
    package_id = _text(record.data, "package_id")
    entry = session.scalar(select(ExportLogEntry).where(ExportLogEntry.package_id == package_id))
    if entry is None:
        result.receipts_unknown += 1
        return
    if entry.acknowledged_at is not None:
        result.receipts_already += 1
        return
    received = record.data.get("received_at")
    when = parse_utc(received) if isinstance(received, str) else None
    entry.acknowledged_at = when or datetime.now(UTC)
    result.receipts_marked += 1


def _feedback_values(record: SyncRecord) -> dict[str, Any]:
    code = _text(record.data, "result_code").upper()
    if code and code not in RESULT_CODES:
        raise _refuse(f"回执包中的办理结果代码“{code}”无效，应为 A、B、C、D 之一。包可能由不兼容的程序生成。")
    values: dict[str, Any] = {}
    if code:
        values["result_code"] = code
    reply = _text(record.data, "reply_text")
    if reply:
        values["reply_text"] = reply
    reply_on = _date(record.data, "reply_on")
    if reply_on is not None:
        values["reply_on"] = reply_on
    return values


# 办理反馈 answers a result that was sent (转化): not a topic still being collected or researched.
_FEEDBACK_STATUSES = frozenset(
    {Status.SUBMITTED, Status.HANDLING, Status.FED_BACK, Status.EVALUATED, Status.ARCHIVED}
)
_LATEST_REPLY = timedelta(days=1)  # clocks differ a little between the office and the station


def _check_feedback(record: SyncRecord, row: Consultation) -> None:
    """Refuse (the whole package) feedback the station's own rules would never let a clerk type."""
    where = f"议题“{row.number}”的办理反馈"
    if row.status not in _FEEDBACK_STATUSES:
        raise _refuse(f"{where}不能导入：该议题在本站还处于“{row.status}”，尚未报送成果。请与县政协核实。")
    for key, label in (("reply_text", "答复内容"), ("progress_note", "办理进展"), ("author", "答复单位")):
        value = record.data.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise _refuse(f"{where}中的{label}不是文字，回执包可能由不兼容的程序生成。")
        problem = text_problem(value, max_len=LONG_MAX)[1]
        if problem:
            raise _refuse(f"{where}中的{label}{problem}，不予导入。")
    raw = record.data.get("reply_on")
    if raw not in (None, ""):
        reply_on = _date(record.data, "reply_on")
        if reply_on is None:
            raise _refuse(f"{where}中的答复日期“{str(raw)[:20]}”不是有效日期，不予导入。")
        if reply_on.year < 2000 or reply_on > date.today() + _LATEST_REPLY:
            raise _refuse(
                f"{where}中的答复日期 {reply_on.isoformat()} 不合理（晚于今天或早于2000年），不予导入。"
            )


def _apply_feedback(
    session: Session, record: SyncRecord, package_id: str, office: str, result: FeedbackResult
) -> None:
    done = session.get(AppliedFeedback, record.uuid)
    if done is not None and done.revision >= record.revision:
        result.feedback_already += 1
        return
    if record.deleted:
        result.ignored += 1  # a withdrawn reply: the station keeps what it has
        return
    consultation_id = _text(record.data, "consultation_id")
    row = session.get(Consultation, consultation_id)
    if row is None or row.deleted:
        result.feedback_missing += 1
        result.notes.append(f"有一条办理反馈对应的议题在本站找不到（编号 {consultation_id[:8]}…），已跳过。")
        return
    _check_feedback(record, row)
    author = _text(record.data, "author") or office
    changed = apply_changes(row, _feedback_values(record))
    note_text = _text(record.data, "progress_note")
    if note_text:
        noted_on = _date(record.data, "reply_on") or datetime.now(UTC).date()
        session.add(
            ProgressNote(origin=row.origin, consultation_id=row.id, noted_on=noted_on, text=note_text)
        )
        changed.append("办理进展（新增）")
    if changed:
        audit.record(
            session, row.kind, row.id, "feedback", f"{AUDIT_PREFIX}：" + "；".join(changed), actor=author
        )
    if done is None:
        session.add(
            AppliedFeedback(
                uuid=record.uuid, revision=record.revision, package_id=package_id, consultation_id=row.id
            )
        )
    else:
        done.revision = record.revision
        done.package_id = package_id
        done.applied_at = datetime.now(UTC)
    result.feedback_applied += 1


def import_feedback(db: Database, source: Path, cancel: CancelToken | None = None) -> Job[FeedbackResult]:
    """Check, then apply a feedback package in one transaction; a refusal changes nothing."""
    token = cancel or CancelToken()
    yield Progress(0, 2, MSG_CHECKING)
    with db.session() as session:
        info = station_in(session)
    if info.is_hub:
        raise InputError("回执/反馈包由联络站导入，汇总单位不需要导入。")
    data, manifest = _read_checked(source, info.township_code)
    if not keys.list_recipients():
        raise _refuse("本机尚未安装县政协公钥，无法核对回执包的签名。请先添加县政协公钥。")
    package, office = _open_checked(data, manifest, info.township_code)
    token.raise_if_cancelled()
    yield Progress(1, 2, MSG_APPLYING)
    result = FeedbackResult(package_id=package.manifest.package_id, office_name=office)
    with db.session() as session:
        for record in package.records:
            if record.kind == KIND_RECEIPT:
                _apply_receipt(session, record, result)
            elif record.kind == KIND_FEEDBACK:
                _apply_feedback(session, record, package.manifest.package_id, office, result)
            else:
                result.ignored += 1
        token.raise_if_cancelled()  # the last moment a cancel can still undo everything
    if result.receipts_unknown:
        result.notes.append(f"有 {result.receipts_unknown} 条回执对应的数据包不是本机导出的，已跳过。")
    if result.ignored:
        result.notes.append(f"有 {result.ignored} 条记录本程序版本不认识或已被撤回，已跳过。")
    log.info("imported feedback package %s from %s", result.package_id, office)
    yield Progress(2, 2, MSG_APPLYING)
    return result
