"""Importing station packages at a county or city hub.

Per package, in this order (any refusal leaves the hub exactly as it was):

1. size and zip structure before anything is unpacked, the manifest, its format version and the
   Ed25519 signature over it (``verify_package_bytes``);
2. whether this package (same id or same bytes) was imported before → 「已导入过」, nothing changes;
3. the station is in this hub's scope (a county hub takes only its own county's townships);
4. the signer is the key registered for that station (a new station needs ``trust_new``);
5. decryption with the hub's key and every member's SHA-256 (``open_package``);
6. every record against the hub's tables, each owned by the sending station;
7. the whole package in one transaction: records (``merge``) and the received-packages row that
   later shows gaps in the station's sequence numbers; the search documents the merge touched are
   rewritten in one pass at its end (``merge_marks``; elsewhere the index follows the records at
   commit, ``storage.search_upkeep``).

Attachments and finalised PDFs are stored by content hash, in a few threads while the records are
merged, and are all on disk before the transaction commits; a refused package can leave such a file
behind, which is harmless (nothing refers to it). A run of packages is made durable with one fsync
when it ends (``DeferredSync``), not one per package.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from station_app.domain import townships
from station_app.domain.classifications import ROLE_COUNTY
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import InputError, KnownError
from station_app.hub import trust
from station_app.hub.durability import DeferredSync
from station_app.hub.history import store_history
from station_app.hub.import_words import refusal_text
from station_app.hub.keys import ensure_hub_keys
from station_app.hub.merge import merge_records
from station_app.hub.merge_marks import marked_by_merge
from station_app.hub.printability import unprintable_notes
from station_app.hub.schema import check_record
from station_app.input_guard import read_regular
from station_app.services.attachments import store_bytes
from station_app.services.station import StationInfo, require_station
from station_app.storage.engine import Database
from station_app.storage.hub_tables import HubStation, ReceivedPackage
from station_app.storage.records import MODEL_BY_KIND
from station_app.sync.container import DEFAULT_LIMITS
from station_app.sync.crypto import format_fingerprint
from station_app.sync.manifest import Manifest
from station_app.sync.package import FILE_SUFFIX, open_package, package_sha256, verify_package_bytes

log = logging.getLogger(__name__)

ACCEPTED = "accepted"
ALREADY = "already"
SAME_MANIFEST = "same-manifest"  # internal: the same signed package in other container bytes
REFUSED = "refused"
SKIPPED = "skipped"  # not for a hub at all (a receipt for a station): nothing refused
STATUS_TEXT = {ACCEPTED: "已接收", ALREADY: "已导入过", REFUSED: "已拒绝", SKIPPED: "跳过"}
AWAITING_TRUST_TEXT = "待确认"
RECEIPT_AT_HUB = (
    "这是县（区）、市政协发回联络站的回执/反馈包（文件名以「回执-」开头），不是联络站的数据包，"
    "汇总单位不需要导入。请把它交给对应的联络站，在联络站的「同步」页用「导入回执/反馈…」导入。"
)
SKIPPED_RECEIPT = "是发给{name}的回执/反馈包，不需导入（请交给该站在「同步」页导入）"
NOT_ENCRYPTED = (
    "这个数据包没有加密：该站还没有安装本单位的公钥，本单位写给它的回执它也无法核验。"
    "请该站在「同步」页点「添加县政协公钥…」（或命令 station-app keys add-recipient 公钥文件）"
    "安装本单位公钥（本单位「同步」页「导出本单位公钥…」导出）"
)
COUNT_LABELS = {
    "inserted": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "older": "旧版本略过",
    "conflicts": "冲突待处理",
    "pending": "待上级记录到达",
}
MSG_IMPORTING = "正在导入第 {n}/{total} 个数据包：{name}"
MSG_DONE = "导入完成"
BLOB_WRITERS = 4


class PackageRefusedError(KnownError):
    """A package that is well formed but not acceptable here."""


@dataclass(frozen=True)
class PackageOutcome:
    path: Path
    status: str  # accepted | already | refused
    station: str = ""  # township code ("" when the package could not be read)
    sequence: int = 0
    reason_zh: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    station_name: str = ""
    needs_trust: bool = False  # refused only because the station's key is not confirmed yet
    fingerprint: str = ""
    notes: tuple[str, ...] = ()  # accepted, but worth a word (characters this office cannot print)
    advice: tuple[str, ...] = ()  # accepted, but the station has something to do (install the office key)
    key_changed: bool = False  # refused because the station signs with a new key (a replaced PC)
    public_key: str = ""  # the new key, for replacing it once the fingerprint is confirmed

    @property
    def ok(self) -> bool:
        return self.status != REFUSED

    def line(self) -> str:
        """One Chinese line for the command line and the window's result list."""
        head = AWAITING_TRUST_TEXT if self.needs_trust else STATUS_TEXT[self.status]
        what = f"{self.station_name or self.station} 第 {self.sequence} 号数据包" if self.station else ""
        if self.needs_trust:
            return (
                f"{head}：{what}：新联络站，密钥指纹 {format_fingerprint(self.fingerprint)}；"
                "与该站的「联络站密钥登记表」核对一致并确认信任后才导入"
            )
        if self.status == SKIPPED:
            return f"{head}：{self.path.name} {self.reason_zh}"
        if self.status == REFUSED:
            place = what or self.path.name
            return f"{head}：{place}：{self.reason_zh}"
        parts = [f"{COUNT_LABELS[k]} {n} 条" for k, n in self.counts.items() if n and k in COUNT_LABELS]
        detail = f"（{'、'.join(parts)}）" if parts and self.status == ACCEPTED else ""
        notes = f"。注意：{'；'.join(self.notes)}，打印前请联络站改正" if self.notes else ""
        advice = "".join(f"。请注意：{text}" for text in self.advice)
        return f"{head}：{what}{detail}{notes}{advice}"


def package_files(paths: Sequence[Path]) -> list[Path]:
    """The package files named, folders expanded to the packages directly inside them."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix == FILE_SUFFIX))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def require_hub(db: Database) -> StationInfo:
    info = require_station(db)
    if not info.is_hub:
        raise InputError(
            "本机是乡镇联络站，不能导入其他联络站的数据包。这项功能只在县（区）政协和市政协汇总单位使用。"
        )
    return info


def in_scope(info: StationInfo, township_code: str) -> bool:
    if info.role == ROLE_COUNTY:
        return township_code.startswith(info.county_code) and any(
            t.code == township_code for t in townships.townships_of(info.county_code)
        )
    return any(t.code == township_code for t in townships.load_townships())


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"无法读取文件：{path}") from exc
    if size > DEFAULT_LIMITS.max_package_bytes:
        raise PackageRefusedError(f"文件过大（{size // 2**20} MB），不是正常的数据包")
    return read_regular(path, DEFAULT_LIMITS.max_package_bytes)


def _restarted_with_new_key(session: Session, manifest: Manifest) -> None:
    """A known station whose numbering clashes and whose key changed: a PC set up afresh."""
    code = manifest.station.township_code
    row = session.get(HubStation, code)
    if row is not None and row.public_key != manifest.signer.public_key:
        raise trust.KeyChangedError(
            code,
            trust.station_name(code),
            row.fingerprint,
            manifest.signer.fingerprint,
            public_key=manifest.signer.public_key,
            restarted_at=manifest.sequence,
        )


def _previous(session: Session, manifest: Manifest, sha256: str) -> str | None:
    """ALREADY when this exact package was imported; raise when it clashes with one that was."""
    query = select(ReceivedPackage).where(
        or_(
            ReceivedPackage.package_id == manifest.package_id,
            ReceivedPackage.sha256 == sha256,
            (ReceivedPackage.township_code == manifest.station.township_code)
            & (ReceivedPackage.sequence == manifest.sequence),
        )
    )
    for row in session.scalars(query):
        if row.sha256 == sha256:
            return ALREADY
        if row.package_id == manifest.package_id:
            if _same_signed_manifest(row, manifest):
                # Other container bytes around the same signed manifest (whose member hashes cover
                # the content): a copy whose unsigned zip bytes differ, not another package.
                return SAME_MANIFEST
            raise PackageRefusedError("与此前导入的同一编号数据包内容不同，可能被改动过")
        _restarted_with_new_key(session, manifest)
        raise PackageRefusedError(
            f"该站第 {manifest.sequence} 号数据包此前已导入过另一份（{row.file_name}），"
            "同一序号不能导入两次。请与该站核实。"
        )
    return None


def _same_signed_manifest(row: ReceivedPackage, manifest: Manifest) -> bool:
    created = row.created_at.replace(tzinfo=None) if row.created_at.tzinfo else row.created_at
    theirs = (
        manifest.created_at.astimezone(UTC).replace(tzinfo=None)
        if manifest.created_at.tzinfo
        else (manifest.created_at)
    )
    return (
        row.township_code == manifest.station.township_code
        and row.sequence == manifest.sequence
        and row.previous_sha256 == manifest.previous_sha256
        and bool(row.full) == manifest.full
        and created == theirs
    )


def _check_station(session: Session, info: StationInfo, manifest: Manifest, trust_new: bool) -> bool:
    station = manifest.station
    if manifest.package_kind != "station-data":
        raise PackageRefusedError(RECEIPT_AT_HUB)
    if station.township_code[:6] != station.county_code:
        raise PackageRefusedError(
            f"数据包写明的县（区）代码 {station.county_code} 与乡镇代码 {station.township_code} 不符，"
            "可能被改动过"
        )
    if not in_scope(info, station.township_code):
        where = info.county_name if info.role == ROLE_COUNTY else "乐山市"
        raise PackageRefusedError(
            f"“{station.name}”（{station.township_code}）不属于{where}，本单位不汇总它的数据"
        )
    return trust.check_signer(
        session,
        station.township_code,
        station.name,
        manifest.signer.public_key,
        manifest.signer.fingerprint,
        trust_new=trust_new,
    )


def _outcome(path: Path, status: str, manifest: Manifest | None, **extra: object) -> PackageOutcome:
    if manifest is None:
        return PackageOutcome(path, status, **extra)  # type: ignore[arg-type]
    return PackageOutcome(
        path,
        status,
        manifest.station.township_code,
        manifest.sequence,
        station_name=trust.station_name(manifest.station.township_code),
        **extra,  # type: ignore[arg-type]
    )


def import_one(
    db: Database,
    info: StationInfo,
    path: Path,
    *,
    trust_new: bool,
    writers: Executor | None = None,
    commits: DeferredSync | None = None,
) -> PackageOutcome:
    """Check and apply one package; a refusal is an outcome, not an exception.

    ``writers`` stores the package's files (a pool shared by a run saves starting threads per package);
    with ``commits`` the package's commit is made durable when the run ends (``DeferredSync``).
    """
    if writers is None:
        with ThreadPoolExecutor(max_workers=BLOB_WRITERS) as pool:
            return import_one(db, info, path, trust_new=trust_new, writers=pool, commits=commits)
    manifest: Manifest | None = None
    try:
        data = _read(path)
        manifest = verify_package_bytes(data)
        if manifest.package_kind != "station-data":  # before anything that reads it as station data
            name = trust.station_name(manifest.station.township_code) or manifest.station.name
            return PackageOutcome(path, SKIPPED, reason_zh=SKIPPED_RECEIPT.format(name=name))
        sha256 = package_sha256(data)
        with db.session() as session:
            seen = _previous(session, manifest, sha256)
            if seen == ALREADY:
                return _outcome(path, ALREADY, manifest)
            new_key = _check_station(session, info, manifest, trust_new)
            if seen == SAME_MANIFEST:  # signed by the station's registered key, checked just now
                return _outcome(path, ALREADY, manifest)
        opened = open_package(data, identities=[ensure_hub_keys().identity], kinds=MODEL_BY_KIND.keys())
        origin = manifest.station.township_code
        records = [check_record(r, origin, manifest.package_id) for r in opened.records]
        blobs = [*opened.attachments.values(), *opened.documents.values()]
        # Each stored file is fsynced; those waits overlap with merging the records.
        with db.replicating_session() as session:
            if commits is not None:
                commits.relax(session)
            stored = [writers.submit(store_bytes, blob) for blob in blobs]
            if _previous(session, manifest, sha256) in (ALREADY, SAME_MANIFEST):  # another window was first
                return _outcome(path, ALREADY, manifest)
            if new_key:
                trust.record_trust(session, origin, manifest.signer.public_key, manifest.signer.fingerprint)
            newest = session.scalar(
                select(func.max(ReceivedPackage.sequence)).where(ReceivedPackage.township_code == origin)
            )
            if newest is None or manifest.sequence > newest:  # an older package never undoes a newer 设置
                trust.record_contact(session, origin, manifest.station.contact())
            with marked_by_merge(session) as marks:  # its search documents in one pass, at its end
                result = merge_records(session, origin, manifest.package_id, records, marks)
            store_history(session, opened.history, {r.uuid for r in records})
            counts = {k: n for k, n in result.counts.items() if n}
            for future in stored:  # every file is on disk before the rows naming it commit
                future.result()
            session.add(
                ReceivedPackage(
                    package_id=manifest.package_id,
                    township_code=origin,
                    sequence=manifest.sequence,
                    sha256=sha256,
                    previous_sha256=manifest.previous_sha256,
                    full=manifest.full,
                    created_at=manifest.created_at,
                    file_name=path.name,
                    counts=json.dumps(counts, sort_keys=True),
                )
            )
        log.info(
            "imported package %s of %s (#%d): %s", manifest.package_id, origin, manifest.sequence, counts
        )
        notes = tuple(unprintable_notes(records))
        advice = () if manifest.encrypted else (NOT_ENCRYPTED,)
        return _outcome(path, ACCEPTED, manifest, counts=counts, notes=notes, advice=advice)
    except trust.KeyChangedError as error:
        log.info("refused package %s: %s", path, error.message)
        return _outcome(
            path,
            REFUSED,
            manifest,
            reason_zh=error.message,
            key_changed=not error.restarted,
            fingerprint=error.fingerprint,
            public_key=error.public_key,
        )
    except trust.UntrustedStationError as error:
        return _outcome(
            path, REFUSED, manifest, reason_zh=error.message, needs_trust=True, fingerprint=error.fingerprint
        )
    except KnownError as error:
        log.info("refused package %s: %s", path, error.message)
        return _outcome(path, REFUSED, manifest, reason_zh=refusal_text(path, error))


def import_packages(
    db: Database, paths: Sequence[Path], *, trust_new: bool = False, cancel: CancelToken | None = None
) -> Job[list[PackageOutcome]]:
    """Import every package named (folders: the ``.jzsync`` files in them), one transaction each."""
    info = require_hub(db)
    ensure_hub_keys()
    files = package_files(paths)
    if not files:
        raise InputError("所选位置中没有找到数据包（.jzsync 文件）。")
    return _run(db, info, files, trust_new, cancel or CancelToken())


def _run(
    db: Database, info: StationInfo, files: list[Path], trust_new: bool, cancel: CancelToken
) -> Job[list[PackageOutcome]]:
    outcomes: list[PackageOutcome] = []
    with DeferredSync(db) as commits, ThreadPoolExecutor(max_workers=BLOB_WRITERS) as writers:
        for index, path in enumerate(files):
            cancel.raise_if_cancelled()
            message = MSG_IMPORTING.format(n=index + 1, total=len(files), name=path.name)
            yield Progress(index, len(files), message)
            outcome = import_one(db, info, path, trust_new=trust_new, writers=writers, commits=commits)
            outcomes.append(outcome)
    yield Progress(len(files), len(files), MSG_DONE)
    return outcomes
