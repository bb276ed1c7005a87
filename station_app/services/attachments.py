"""Files kept with a record: stored once under their SHA-256 in the data folder."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app import paths
from station_app.errors import InputError
from station_app.input_guard import check_regular
from station_app.services import audit
from station_app.storage.engine import Database
from station_app.storage.records import MODEL_BY_KIND, Attachment
from station_app.sync.errors import error_for_os

MAX_BYTES = 200 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    filename: str
    size: int
    sha256: str
    media_type: str
    note: str
    added_at: datetime

    @property
    def size_text(self) -> str:
        if self.size < 1024:
            return f"{self.size} 字节"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.1f} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


def blob_path(sha256: str) -> Path:
    return paths.attachments_dir() / sha256[:2] / sha256


def _hash_file(source: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def store_blob(source: Path) -> tuple[str, int]:
    """Copy a file into the store (once per content); return its hash and size."""
    try:
        if not source.exists():
            raise InputError(f"找不到文件：{source}")
        check_regular(source, MAX_BYTES)  # a pipe or device would hang or never end
        sha, size = _hash_file(source)
        if size > MAX_BYTES:
            raise InputError(
                f"文件“{source.name}”太大（超过 {MAX_BYTES // 1024 // 1024} MB），请压缩后再添加。"
            )
        target = blob_path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            shutil.copyfile(source, partial)
            with open(partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target)
    except OSError as error:
        raise error_for_os(error, str(source)) from error
    return sha, size


def store_bytes(data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    target = blob_path(sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        try:
            with open(partial, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except OSError as error:
            raise error_for_os(error, str(target)) from error
    return sha


def add_attachment(
    db: Database, owner_kind: str, owner_id: str, source: Path, *, note: str = "", actor: str = ""
) -> str:
    sha, size = store_blob(source)
    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    with db.session() as session:
        origin = _origin_of(session, owner_kind, owner_id)
        row = Attachment(
            origin=origin,
            owner_kind=owner_kind,
            owner_id=owner_id,
            filename=source.name[:255],
            sha256=sha,
            size=size,
            media_type=media_type,
            note=note.strip()[:200],
        )
        session.add(row)
        session.flush()
        audit.record(session, owner_kind, owner_id, "attach", f"添加附件“{source.name}”", actor=actor)
        return row.id


def _origin_of(session: Session, owner_kind: str, owner_id: str) -> str:
    model = MODEL_BY_KIND.get(owner_kind)
    owner = session.get(model, owner_id) if model else None
    if owner is None or owner.deleted:
        raise InputError("没有找到要添加附件的记录。")
    return str(owner.origin)


def list_attachments(db: Database, owner_kind: str, owner_id: str) -> list[AttachmentInfo]:
    with db.session() as session:
        rows = session.scalars(
            select(Attachment)
            .where(
                Attachment.owner_kind == owner_kind,
                Attachment.owner_id == owner_id,
                Attachment.deleted.is_(False),
            )
            .order_by(Attachment.created_at)
        )
        return [
            AttachmentInfo(r.id, r.filename, r.size, r.sha256, r.media_type, r.note, r.created_at)
            for r in rows
        ]


def attachment_file(info: AttachmentInfo) -> Path:
    path = blob_path(info.sha256)
    if not path.exists():
        raise InputError(f"附件“{info.filename}”的文件已丢失，请从备份恢复。")
    return path


def remove_attachment(db: Database, attachment_id: str, *, actor: str = "") -> None:
    """Tombstone the record; the bytes stay, since other records or old packages may share them."""
    with db.session() as session:
        row = session.get(Attachment, attachment_id)
        if row is None or row.deleted:
            raise InputError("没有找到这个附件。")
        row.deleted = True
        audit.record(
            session, row.owner_kind, row.owner_id, "attach", f"删除附件“{row.filename}”", actor=actor
        )
