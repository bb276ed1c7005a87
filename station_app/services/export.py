"""Exporting the station's records to a USB stick as one signed (and encrypted) sync package.

The export log (``export_log``) is the sync state: an incremental export carries every synced row
whose ``change_seq`` is above the highest ``change_upto`` logged. A package is logged only after it
has been written, read back and verified on the stick; any failure before that (disk full,
read-only, stick pulled out, cancel) leaves the database exactly as it was, so the next export
carries the same changes again.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app import __version__
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import InputError, KnownError
from station_app.services import audit, export_pending, keys
from station_app.services.export_records import (
    Payload,
    add_row,
    changed_attachment_bytes,
    changed_rows,
    count_changed,
    model_keys,
)
from station_app.services.station import StationInfo, station_in
from station_app.storage.engine import Database, current_change
from station_app.storage.local import ExportLogEntry, StationSettings
from station_app.storage.migrate import current_revision
from station_app.sync import drives
from station_app.sync.container import DEFAULT_LIMITS
from station_app.sync.manifest import StationInfo as PackageStation
from station_app.sync.package import PackageContent, PackageHeader, build_package, package_sha256

log = logging.getLogger(__name__)

MSG_COLLECTING = "正在整理要导出的记录……"
MSG_SEALING = "正在签名并加密数据包……"
MSG_SEALING_PLAIN = "正在签名数据包……"
MSG_RECORDING = "正在记录导出结果……"
MSG_DONE = drives.MSG_DONE  # 「已安全写入，可以拔出U盘」
MSG_NOT_ENCRYPTED = (
    "本机尚未安装县政协公钥，数据包没有加密：U盘丢失时，拾到的人可以读取其中的内容。"
    "请尽快向县政协索取公钥文件，在「同步」页点击「添加县政协公钥…」安装。"
)
# How each record kind is named to the clerk (summary, export log, command line).
KIND_LABELS: dict[str, str] = {
    "consultation": "协商议题",
    "report": "社情民意",
    "member": "委员",
    "research_member": "调研成员",
    "meeting": "协商会议",
    "participant": "参会人员",
    "statement": "发言",
    "action_item": "下步措施",
    "minutes_version": "纪要定稿",
    "progress_note": "办理进展",
    "evaluation": "评价",
    "attachment": "附件",
}
RECORD_BYTES_ESTIMATE = 700  # one JSON line, on average
PACKAGE_OVERHEAD = 64 * 1024


def describe_counts(counts: dict[str, int]) -> str:
    """「协商议题 3 条、附件 1 条」 in the order of KIND_LABELS; 「无」 when empty."""
    order = list(KIND_LABELS)
    kinds = sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))
    parts = [f"{KIND_LABELS.get(k, k)} {counts[k]} 条" for k in kinds if counts[k]]
    return "、".join(parts) or "无"


class NothingToExportError(KnownError):
    def __init__(self) -> None:
        super().__init__("自上次导出以来没有新的变化，无需导出。如需重新导出全部数据，请选择「全部导出」。")


class PackageTooLargeError(KnownError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"数据包过大（约 {size // 2**20} MB，上限 {limit // 2**20} MB），县政协无法导入。"
            "请检查是否添加了过大的附件，或联系县政协技术人员。"
        )


class ConcurrentExportError(KnownError):
    def __init__(self) -> None:
        super().__init__("刚才另一个程序窗口也完成了一次导出。本次写入的文件已删除，请重新导出。")


@dataclass(frozen=True)
class ExportPlan:
    """What the next export will carry, for the page's summary and the command line."""

    full: bool
    sequence: int
    previous_sha256: str | None
    change_since: int
    change_upto: int
    counts: dict[str, int]
    estimated_bytes: int
    recipients: tuple[str, ...]  # office names the package will be encrypted to

    @property
    def total_records(self) -> int:
        return sum(self.counts.values())

    @property
    def nothing_to_export(self) -> bool:
        return not self.full and self.total_records == 0

    @property
    def encrypted(self) -> bool:
        return bool(self.recipients)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    package_id: str
    sha256: str
    size: int
    full: bool
    counts: dict[str, int]
    change_upto: int
    encrypted: bool
    recipients: tuple[str, ...]
    missing_files: tuple[str, ...]  # attachment or PDF files that could not be read

    @property
    def warnings(self) -> list[str]:
        found = [] if self.encrypted else [MSG_NOT_ENCRYPTED]
        if self.missing_files:
            found.append(
                "以下文件在本机找不到或已损坏，未能放入数据包："
                + "、".join(self.missing_files[:10])
                + ("等" if len(self.missing_files) > 10 else "")
            )
        return found


@dataclass(frozen=True)
class ExportLogRow:
    sequence: int
    created_at: datetime
    file_name: str
    full: bool
    counts: dict[str, int]
    acknowledged_at: datetime | None

    @property
    def total_records(self) -> int:
        return sum(self.counts.values())


def _last_entry(session: Session) -> ExportLogEntry | None:
    query = select(ExportLogEntry).order_by(ExportLogEntry.sequence.desc()).limit(1)
    return session.scalars(query).first()


def _synced_upto(session: Session) -> int:
    return int(session.scalar(select(func.max(ExportLogEntry.change_upto))) or 0)


def _require_station_role(session: Session) -> StationInfo:
    info = station_in(session)
    if info.is_hub:
        raise InputError("汇总单位不导出联络站数据包。")
    return info


def contact_pending(db: Database) -> bool:
    """设置 changed the people or contact after the last package: the next one carries it."""
    with db.session() as session:
        last = _last_entry(session)
        settings = session.get(StationSettings, 1)
        return last is not None and settings is not None and settings.updated_at > last.created_at


def plan_export(db: Database, *, full: bool) -> ExportPlan:
    with db.session() as session:
        _require_station_role(session)
        last = _last_entry(session)
        upto = current_change(session)
        since = 0 if full else _synced_upto(session)
        counts = count_changed(session, since, upto)
        files = changed_attachment_bytes(session, since, upto)
    records = sum(counts.values())
    return ExportPlan(
        full=full,
        sequence=(last.sequence + 1) if last else 1,
        previous_sha256=last.sha256 if last else None,
        change_since=since,
        change_upto=upto,
        counts=counts,
        estimated_bytes=PACKAGE_OVERHEAD + records * RECORD_BYTES_ESTIMATE + files,
        recipients=tuple(k.office_name for k in keys.list_recipients()),
    )


@dataclass
class _Snapshot:
    header: PackageHeader
    payload: Payload
    change_upto: int


def _collect(db: Database, full: bool, cancel: CancelToken) -> Iterator[Progress | _Snapshot]:
    """Read everything the package carries in one session; yields progress, then the snapshot."""
    columns = model_keys()
    with db.session() as session:
        info = _require_station_role(session)
        last = _last_entry(session)
        upto = current_change(session)
        since = 0 if full else _synced_upto(session)
        schema = current_revision(session.connection()) or ""
        payload = Payload()
        for index, (model, names) in enumerate(columns.items()):
            cancel.raise_if_cancelled()
            yield Progress(index, len(columns), MSG_COLLECTING)
            for row in changed_rows(session, model, since, upto):
                add_row(session, payload, row, names)
    header = PackageHeader(
        package_kind="station-data",
        station=PackageStation(
            info.township_code,
            info.township_name,
            info.county_code,
            head_name=info.head_name,
            clerk_name=info.clerk_name,
            phone=info.phone,
            address=info.address,
        ),
        sequence=(last.sequence + 1) if last else 1,
        previous_sha256=last.sha256 if last else None,
        app_version=__version__,
        schema_revision=schema,
        full=full,
    )
    yield _Snapshot(header, payload, upto)


def _record(db: Database, pending: export_pending.PendingExport) -> None:
    with db.session() as session:
        taken = session.scalar(
            select(func.count())
            .select_from(ExportLogEntry)
            .where(ExportLogEntry.sequence == pending.sequence)
        )
        if taken:
            raise ConcurrentExportError()
        export_pending.add_log_entry(session, pending)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # the stick may be gone; an unlogged file is only clutter
        path.unlink(missing_ok=True)


def export_package(
    db: Database, folder: Path, *, full: bool = False, cancel: CancelToken | None = None
) -> Job[ExportResult]:
    """Write the next package into ``folder``; the export is logged only once it is verified."""
    folder = Path(folder)
    token = cancel or CancelToken()
    drives.check_target(folder, 0)  # a missing or read-only target fails before any work
    export_pending.settle(db)
    snapshot: _Snapshot | None = None
    for step in _collect(db, full, token):
        if isinstance(step, _Snapshot):
            snapshot = step
        else:
            yield step
    assert snapshot is not None
    payload = snapshot.payload
    if not full and not payload.records and not contact_pending(db):
        raise NothingToExportError()
    signing_key = keys.ensure_station_keys()
    offices = keys.list_recipients()
    yield Progress(0, 0, MSG_SEALING if offices else MSG_SEALING_PLAIN)
    token.raise_if_cancelled()
    with db.session() as session:
        history = audit.lines_of(session, [r.uuid for r in payload.records])
    content = PackageContent(
        snapshot.header, payload.records, payload.attachments, payload.documents, history
    )
    data = build_package(content, signing_key, [k.age_recipient for k in offices])
    limit = DEFAULT_LIMITS.max_package_bytes
    if len(data) > limit:
        raise PackageTooLargeError(len(data), limit)
    sha256 = package_sha256(data)
    final = folder / snapshot.header.file_name
    header = snapshot.header
    pending = export_pending.PendingExport(
        header.sequence,
        header.package_id,
        str(final),
        sha256,
        snapshot.change_upto,
        header.full,
        snapshot.payload.counts,
    )
    export_pending.write_marker(pending)
    try:
        written = yield from drives.write_verified(folder, final.name, data, token)
        yield Progress(0, 0, MSG_RECORDING)
        _record(db, pending)
    except BaseException:
        # Not logged: nothing on the stick may claim this sequence number.
        _remove_quietly(final)
        export_pending.clear_marker()
        raise
    export_pending.clear_marker()
    log.info("exported package %s (%d bytes) to %s", snapshot.header.package_id, len(data), written)
    return ExportResult(
        path=written,
        sequence=snapshot.header.sequence,
        package_id=snapshot.header.package_id,
        sha256=sha256,
        size=len(data),
        full=full,
        counts=payload.counts,
        change_upto=snapshot.change_upto,
        encrypted=bool(offices),
        recipients=tuple(k.office_name for k in offices),
        missing_files=tuple(payload.missing_files),
    )


def export_log(db: Database, limit: int = 200) -> list[ExportLogRow]:
    """The packages written so far, newest first."""
    with db.session() as session:
        rows = session.scalars(select(ExportLogEntry).order_by(ExportLogEntry.sequence.desc()).limit(limit))
        return [
            ExportLogRow(
                sequence=row.sequence,
                created_at=row.created_at,
                file_name=row.file_name,
                full=row.full,
                counts=_counts(row.counts),
                acknowledged_at=row.acknowledged_at,
            )
            for row in rows
        ]


def _counts(text: str) -> dict[str, int]:
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): int(v) for k, v in raw.items() if isinstance(v, int)}
