"""Builders shared by the sync tests: sample content, keys, and zip surgery on real packages."""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from station_app.sync.crypto import SigningKey
from station_app.sync.manifest import StationInfo
from station_app.sync.package import PackageContent, PackageHeader
from station_app.sync.records import SyncRecord

STATION = StationInfo(township_code="511102004", name="大佛街道", county_code="511102")
SECRET_TEXT = "泥溪村饮水工程协商"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8
MINUTES = b"%PDF-1.4\n% minutes\n" + "协商议事会议纪要".encode() * 20
FIXED_TIME = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)

Member = tuple[str, bytes]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_header(sequence: int = 1, previous: str | None = None) -> PackageHeader:
    return PackageHeader(
        package_kind="station-data",
        station=STATION,
        sequence=sequence,
        previous_sha256=previous,
        app_version="0.1.0",
        schema_revision="0001_initial",
        full=sequence == 1,
        package_id="2b7e1516-28ae-4d2a-9f15-88096cf4f3c1",
        created_at=FIXED_TIME,
    )


def make_records(count: int = 3) -> list[SyncRecord]:
    records = [
        SyncRecord(
            kind="consultation",
            uuid=str(uuid.UUID(int=i + 1, version=4)),
            revision=1 + i % 2,
            updated_at=datetime(2024, 5, 1, 8, 0, i, tzinfo=UTC),
            deleted=False,
            data={"title": f"{SECRET_TEXT}{i}", "stage": "协商", "score": i},
        )
        for i in range(count)
    ]
    records.append(SyncRecord("opinion_report", str(uuid.UUID(int=999, version=4)), 3, FIXED_TIME, True, {}))
    return records


def make_content(records: list[SyncRecord] | None = None, extra: bytes | None = None) -> PackageContent:
    attachments = {sha(PHOTO): PHOTO}
    if extra is not None:
        attachments[sha(extra)] = extra
    return PackageContent(
        header=make_header(),
        records=make_records() if records is None else records,
        attachments=attachments,
        documents={"会议纪要-2024-05.pdf": MINUTES},
    )


def members_of(data: bytes) -> list[Member]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def make_zip(members: Iterable[Member], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        with zipfile.ZipFile(buffer, "w", compression=method) as archive:
            for name, data in members:
                archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def rewrite(data: bytes, change: Callable[[list[Member]], list[Member]]) -> bytes:
    """A valid zip again (fresh CRCs), with members changed by ``change``."""
    return make_zip(change(members_of(data)))


def flip_byte(content: bytes, position: int | None = None) -> bytes:
    where = len(content) // 2 if position is None else position
    return content[:where] + bytes([content[where] ^ 0x01]) + content[where + 1 :]


def replace_member(name: str, new: Callable[[bytes], bytes]) -> Callable[[list[Member]], list[Member]]:
    def change(members: list[Member]) -> list[Member]:
        assert name in [n for n, _ in members]
        return [(n, new(d) if n == name else d) for n, d in members]

    return change


def signing_key() -> SigningKey:
    return SigningKey.generate()
