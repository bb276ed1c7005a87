"""history.jsonl: the audit lines of the records a package carries, so a record's 历史 travels with it.

One JSON object a line: ``record_kind``, ``record_id``, ``at`` (UTC, as in records.jsonl), ``actor``,
``action``, ``summary``. A reader keeps the lines of the records in the same package only, and adds
a line once however many packages repeat it (see FORMAT.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from station_app.sync.errors import BadPackageError
from station_app.sync.records import KIND_RE, UUID_RE, format_utc, parse_utc, strict_json_loads

HISTORY_MEMBER = "history.jsonl"
MAX_TEXT = {"actor": 50, "action": 30, "summary": 4000}


@dataclass(frozen=True)
class HistoryLine:
    record_kind: str
    record_id: str
    at: datetime
    actor: str
    action: str
    summary: str


def encode_history(lines: Iterable[HistoryLine]) -> bytes:
    out = []
    for line in lines:
        item = {
            "record_kind": line.record_kind,
            "record_id": line.record_id,
            "at": format_utc(line.at),
            "actor": line.actor,
            "action": line.action,
            "summary": line.summary,
        }
        out.append(json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    return "".join(out).encode("utf-8")


def _decode_line(number: int, raw: bytes) -> HistoryLine:
    def fail(problem: str) -> BadPackageError:
        return BadPackageError(f"{HISTORY_MEMBER} 第 {number} 行{problem}")

    try:
        item = strict_json_loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise fail("不是有效的 JSON") from None
    if not isinstance(item, dict):
        raise fail("不是 JSON 对象")
    kind, record_id, at = item.get("record_kind"), item.get("record_id"), item.get("at")
    if not isinstance(kind, str) or not KIND_RE.match(kind):
        raise fail("的记录类型无效")
    if not isinstance(record_id, str) or not UUID_RE.match(record_id):
        raise fail("的记录编号无效")
    moment = parse_utc(at) if isinstance(at, str) else None
    if moment is None:
        raise fail("的时间无效")
    texts: dict[str, str] = {}
    for key, limit in MAX_TEXT.items():
        value = item.get(key, "")
        if not isinstance(value, str) or len(value) > limit:
            raise fail(f"的 {key} 无效")
        texts[key] = value
    return HistoryLine(kind, record_id, moment, texts["actor"], texts["action"], texts["summary"])


def decode_history(data: bytes, max_line_bytes: int) -> list[HistoryLine]:
    if not data:
        return []
    if not data.endswith(b"\n"):
        raise BadPackageError(f"{HISTORY_MEMBER} 最后一行没有换行符，文件可能不完整")
    lines = []
    for number, raw in enumerate(data[:-1].split(b"\n"), start=1):
        if len(raw) > max_line_bytes:
            raise BadPackageError(f"{HISTORY_MEMBER} 第 {number} 行过长")
        lines.append(_decode_line(number, raw))
    return lines
