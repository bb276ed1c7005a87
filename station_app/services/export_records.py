"""Turning database rows into sync records, and finding what an export carries.

``data`` holds every column of the row except the envelope (id, revision, updated_at, deleted)
and the local ``change_seq``; dates become ISO text, UTC times ``…Z``, the naive local
meeting time ``YYYY-MM-DDTHH:MM:SS``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from station_app.services.attachments import blob_path
from station_app.storage.base import Synced
from station_app.storage.records import (
    SYNCED_MODELS,
    Attachment,
    Consultation,
    Meeting,
    MinutesVersion,
)
from station_app.sync.manifest import is_document_name
from station_app.sync.records import SyncRecord, format_utc

ENVELOPE = frozenset({"id", "revision", "updated_at", "deleted", "change_seq"})
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def json_value(value: Any) -> Any:
    """A column value as plain JSON."""
    if isinstance(value, datetime):
        return format_utc(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"column value of type {type(value).__name__} cannot travel in a package")


def _column_keys(model: type[Synced]) -> list[str]:
    mapper = inspect(model, raiseerr=True)
    return [attr.key for attr in mapper.column_attrs if attr.key not in ENVELOPE]


def to_sync_record(row: Synced, keys: list[str] | None = None) -> SyncRecord:
    names = keys if keys is not None else _column_keys(type(row))
    return SyncRecord(
        kind=row.kind,
        uuid=row.id,
        revision=row.revision,
        updated_at=row.updated_at,
        deleted=row.deleted,
        data={name: json_value(getattr(row, name)) for name in names},
    )


def changed_rows(session: Session, model: type[Synced], since: int, upto: int) -> Iterator[Synced]:
    """Rows of ``model`` changed after ``since`` up to ``upto`` (tombstones included)."""
    query = (
        select(model)
        .where(model.change_seq > since, model.change_seq <= upto)
        .order_by(model.change_seq, model.id)
    )
    yield from session.scalars(query)


def count_changed(session: Session, since: int, upto: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for model in SYNCED_MODELS:
        n = session.scalar(
            select(func.count()).select_from(model).where(model.change_seq > since, model.change_seq <= upto)
        )
        if n:
            counts[model.kind] = int(n)
    return counts


def changed_attachment_bytes(session: Session, since: int, upto: int) -> int:
    """The bytes of the attachment files an export would carry (an estimate: no dedup)."""
    total = session.scalar(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(
            Attachment.change_seq > since, Attachment.change_seq <= upto, Attachment.deleted.is_(False)
        )
    )
    return int(total or 0)


@dataclass
class Payload:
    """What one export carries, read in one session (one consistent snapshot)."""

    records: list[SyncRecord] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)
    documents: dict[str, bytes] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)  # attachment/PDF files not found or damaged

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record.kind] = counts.get(record.kind, 0) + 1
        return counts

    @property
    def file_bytes(self) -> int:
        return sum(len(b) for b in self.attachments.values()) + sum(len(b) for b in self.documents.values())


def read_blob(sha256: str) -> bytes | None:
    """The stored bytes of a content hash, or None when the file is missing or damaged."""
    path: Path = blob_path(sha256)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def _document_name(session: Session, row: MinutesVersion, taken: dict[str, bytes]) -> str:
    meeting = session.get(Meeting, row.meeting_id)
    consultation = session.get(Consultation, meeting.consultation_id) if meeting is not None else None
    number = consultation.number if consultation is not None else "会议纪要"
    stem = _UNSAFE_NAME.sub("-", f"{number}-v{row.version}").strip(" .")[:100] or "会议纪要"
    name = f"{stem}.pdf"
    if name in taken or not is_document_name(f"documents/{name}"):
        name = f"{stem}-{row.meeting_id[:8]}.pdf"
    return name


def add_row(session: Session, payload: Payload, row: Synced, keys: list[str]) -> None:
    payload.records.append(to_sync_record(row, keys))
    if row.deleted:
        return
    if isinstance(row, Attachment) and row.sha256 not in payload.attachments:
        data = read_blob(row.sha256)
        if data is None:
            payload.missing_files.append(f"附件“{row.filename}”")
        else:
            payload.attachments[row.sha256] = data
    elif isinstance(row, MinutesVersion) and row.pdf_sha256:
        pdf = read_blob(row.pdf_sha256)
        if pdf is None:
            payload.missing_files.append(f"会议纪要第 {row.version} 版的 PDF")
        else:
            payload.documents[_document_name(session, row, payload.documents)] = pdf


def model_keys() -> dict[type[Synced], list[str]]:
    return {model: _column_keys(model) for model in SYNCED_MODELS}
