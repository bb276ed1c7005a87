"""Record revisions as JSON lines (``records.jsonl``), with a strict per-line check on reading."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from station_app.errors import InputError
from station_app.sync.errors import BadPackageError

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DEFAULT_MAX_LINE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SyncRecord:
    """One revision of one record; ``deleted`` marks a tombstone."""

    kind: str
    uuid: str
    revision: int
    updated_at: datetime
    deleted: bool
    data: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.kind, self.uuid, self.revision)


def format_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``; microseconds only when present."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: sync times must carry a time zone")
    moment = moment.astimezone(UTC)
    pattern = "%Y-%m-%dT%H:%M:%S.%fZ" if moment.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return moment.strftime(pattern)


def parse_utc(text: str) -> datetime | None:
    """The aware UTC datetime of an ISO 8601 text with a zone, or None when it is not one."""
    if not (20 <= len(text) <= 40) or text[10:11] != "T":
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"非 JSON 数值 {name}")


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):  # some key came twice: name the first repeated one
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise ValueError(f"重复的键 {key}")
            seen.add(key)
    return result


# One decoder for every line: json.loads with hooks builds a new one per call, which a hub import
# of 200,000 records paid for visibly.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_object, parse_constant=_reject_constant)


def strict_json_loads(text: str) -> Any:
    """json.loads that refuses duplicate keys and NaN/Infinity; raises ValueError or RecursionError."""
    if text.startswith("\ufeff"):  # as json.loads does
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


def record_to_json(record: SyncRecord) -> dict[str, Any]:
    return {
        "kind": record.kind,
        "uuid": record.uuid,
        "revision": record.revision,
        "updated_at": format_utc(record.updated_at),
        "deleted": record.deleted,
        "data": record.data,
    }


def _check_for_writing(record: SyncRecord) -> None:
    label = f"{record.kind} {record.uuid}"
    if not KIND_RE.match(record.kind):
        raise InputError(f"记录类型名称无效：{record.kind!r}")
    if not UUID_RE.match(record.uuid):
        raise InputError(f"记录编号（UUID）格式无效：{label}")
    if isinstance(record.revision, bool) or not isinstance(record.revision, int) or record.revision < 1:
        raise InputError(f"记录修订号应为正整数：{label}")
    if record.updated_at.tzinfo is None:
        raise InputError(f"记录修改时间缺少时区：{label}")
    if not isinstance(record.data, dict):
        raise InputError(f"记录内容应为对象：{label}")


def encode_records(records: Iterable[SyncRecord], *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> bytes:
    """One canonical JSON object per line, sorted by (kind, uuid, revision), UTF-8, ``\\n`` endings."""
    lines: list[bytes] = []
    seen: set[tuple[str, str, int]] = set()
    for record in sorted(records, key=lambda r: r.key):
        _check_for_writing(record)
        if record.key in seen:
            label = f"{record.kind} {record.uuid} 第 {record.revision} 版"
            raise InputError(f"同一记录的同一修订出现了两次：{label}")
        seen.add(record.key)
        line = json.dumps(
            record_to_json(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
        if len(line) > max_line_bytes:
            raise InputError(f"记录内容过大，无法同步：{record.kind} {record.uuid}")
        lines.append(line + b"\n")
    return b"".join(lines)


def _decode_line(number: int, line: bytes, kinds: Collection[str] | None) -> SyncRecord:
    def fail(problem: str) -> BadPackageError:
        return BadPackageError.records_line(number, problem)

    try:
        obj = strict_json_loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise fail("不是有效的 UTF-8 文本") from exc
    except (ValueError, RecursionError) as exc:
        raise fail("不是有效的 JSON") from exc
    if not isinstance(obj, dict):
        raise fail("应为一个 JSON 对象")
    for field in ("kind", "uuid", "revision", "updated_at", "deleted", "data"):
        if field not in obj:
            raise fail(f"缺少字段 {field}")
    kind, uuid, revision = obj["kind"], obj["uuid"], obj["revision"]
    if not isinstance(kind, str) or not KIND_RE.match(kind):
        raise fail("的记录类型（kind）无效")
    if kinds is not None and kind not in kinds:
        raise fail(f"的记录类型 {kind} 不受支持")
    if not isinstance(uuid, str) or not UUID_RE.match(uuid):
        raise fail("的记录编号（uuid）格式无效")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise fail("的修订号（revision）应为正整数")
    updated_at = parse_utc(obj["updated_at"]) if isinstance(obj["updated_at"], str) else None
    if updated_at is None:
        raise fail("的修改时间（updated_at）应为带时区的 ISO 8601 时间")
    if not isinstance(obj["deleted"], bool):
        raise fail("的删除标记（deleted）应为 true 或 false")
    if not isinstance(obj["data"], dict):
        raise fail("的内容（data）应为 JSON 对象")
    return SyncRecord(kind, uuid, revision, updated_at, obj["deleted"], obj["data"])


def decode_records(
    data: bytes, *, kinds: Collection[str] | None = None, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> list[SyncRecord]:
    """Parse and check every line; the first problem raises BadPackageError naming its line.

    ``kinds`` is the set of record kinds the caller can apply; None accepts any well-formed name.
    Unknown extra keys on a line are ignored (a newer minor version may add some).
    """
    records: list[SyncRecord] = []
    seen: set[tuple[str, str, int]] = set()
    if not data:
        return records
    if not data.endswith(b"\n"):
        raise BadPackageError("records.jsonl 最后一行没有换行符，文件可能不完整")
    for index, line in enumerate(data[:-1].split(b"\n"), start=1):
        if len(line) > max_line_bytes:
            raise BadPackageError.records_line(index, f"过长（超过 {max_line_bytes} 字节）")
        if not line.strip():
            raise BadPackageError.records_line(index, "是空行")
        record = _decode_line(index, line, kinds)
        if record.key in seen:
            raise BadPackageError.records_line(index, "与前面某行重复（同一记录的同一修订）")
        seen.add(record.key)
        records.append(record)
    return records
