from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.errors import DeviceGoneError, KnownError
from station_app.sync.container import Limits
from station_app.sync.crypto import AgeIdentity, SigningKey, verify_signature
from station_app.sync.drives import write_verified
from station_app.sync.errors import (
    BadPackageError,
    BadSignatureError,
    NotForThisOfficeError,
    PackageTooNewError,
    SuspiciousPackageError,
)
from station_app.sync.package import (
    build_package,
    open_package,
    package_sha256,
    payload_members,
    seal_package,
    verify_package_bytes,
)

from .sync_factory import (
    MINUTES,
    PHOTO,
    SECRET_TEXT,
    STATION,
    flip_byte,
    make_content,
    make_header,
    make_records,
    make_zip,
    members_of,
    replace_member,
    rewrite,
    sha,
    signing_key,
)

RECORDS = "records.jsonl"
PHOTO_MEMBER = f"attachments/{sha(PHOTO)}"
DOC_MEMBER = "documents/会议纪要-2024-05.pdf"


@pytest.fixture
def key() -> SigningKey:
    return signing_key()


@pytest.fixture
def plain(key: SigningKey) -> bytes:
    return build_package(make_content(), key)


def test_round_trip_through_a_stick_folder(tmp_path: Path, key: SigningKey) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    content = make_content()
    data = build_package(content, key)
    path = run_to_end(write_verified(stick, content.header.file_name, data))
    assert path.name == "511102004-000001-2b7e1516.jzsync"
    assert [p.name for p in stick.iterdir()] == [path.name]

    opened = open_package(path)
    manifest = opened.manifest
    assert opened.signer_public_key == key.public_key_b64()
    assert opened.signer_fingerprint == key.fingerprint()
    verify_signature(opened.signer_public_key, opened.manifest_bytes, members_of(data)[1][1])
    assert opened.sha256 == package_sha256(path) == sha(data)
    assert manifest.station == STATION and manifest.sequence == 1 and manifest.previous_sha256 is None
    assert manifest.counts == {"consultation": 3, "opinion_report": 1}
    assert not manifest.encrypted and manifest.payload is None
    plain = payload_members(content)
    assert {m.path: (m.sha256, m.size) for m in manifest.members} == {
        name: (sha(body), len(body)) for name, body in plain.items()
    }
    assert sorted(opened.records, key=lambda r: r.key) == sorted(content.records, key=lambda r: r.key)
    assert opened.attachments == {sha(PHOTO): PHOTO}
    assert opened.documents == {"会议纪要-2024-05.pdf": MINUTES}


def test_unencrypted_build_is_deterministic(key: SigningKey) -> None:
    assert build_package(make_content(), key) == build_package(make_content(), key)


def test_member_order_and_sorted_canonical_manifest(plain: bytes) -> None:
    names = [name for name, _ in members_of(plain)]
    assert names == ["manifest.json", "manifest.sig", RECORDS, PHOTO_MEMBER, DOC_MEMBER]
    manifest_bytes = members_of(plain)[0][1]
    parsed = json.loads(manifest_bytes)
    assert (
        manifest_bytes == (json.dumps(parsed, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    )
    assert len(members_of(plain)[1][1]) == 64


def test_second_package_links_to_the_first(key: SigningKey, plain: bytes) -> None:
    content = make_content()
    second = type(content)(header=make_header(2, sha(plain)), records=content.records)
    opened = open_package(build_package(second, key))
    assert opened.manifest.previous_sha256 == sha(plain)
    assert opened.manifest.sequence == 2


@pytest.mark.parametrize("count", [1, 2])
def test_encrypted_to_each_recipient(key: SigningKey, count: int) -> None:
    offices = [AgeIdentity.generate() for _ in range(count)]
    data = build_package(make_content(), key, [o.recipient for o in offices])
    assert [name for name, _ in members_of(data)] == ["manifest.json", "manifest.sig", "payload.age"]
    for office in offices:
        opened = open_package(data, identities=[office])
        assert opened.manifest.encrypted
        assert opened.manifest.recipients == tuple(o.recipient for o in offices)
        assert len(opened.records) == 4 and opened.attachments == {sha(PHOTO): PHOTO}
        assert opened.documents == {"会议纪要-2024-05.pdf": MINUTES}
    with pytest.raises(NotForThisOfficeError, match="不是加密给本单位的"):
        open_package(data, identities=[AgeIdentity.generate()])
    with pytest.raises(NotForThisOfficeError):
        open_package(data, identities=[])


def test_encrypted_payload_is_unreadable_without_a_key(key: SigningKey) -> None:
    data = build_package(make_content(), key, [AgeIdentity.generate().recipient])
    for needle in (SECRET_TEXT.encode(), b'consultation"', PHOTO[:64], MINUTES[:40]):
        assert needle not in data
    # Without a key the signature and outer hashes can still be checked.
    assert verify_package_bytes(data).encrypted


# --- tampering ---------------------------------------------------------------------------------


@pytest.mark.parametrize("member", [RECORDS, PHOTO_MEMBER, DOC_MEMBER])
def test_flipped_byte_in_a_payload_member(plain: bytes, member: str) -> None:
    with pytest.raises(BadPackageError, match=re.escape(f"同步包已损坏：成员 {member} 的校验值不符")):
        open_package(rewrite(plain, replace_member(member, flip_byte)))


def test_flipped_byte_in_the_signature(plain: bytes) -> None:
    with pytest.raises(BadSignatureError, match="签名无效"):
        open_package(rewrite(plain, replace_member("manifest.sig", flip_byte)))


def test_flipped_byte_in_encrypted_payload(key: SigningKey) -> None:
    office = AgeIdentity.generate()
    data = build_package(make_content(), key, [office.recipient])
    with pytest.raises(BadPackageError, match=re.escape("成员 payload.age 的校验值不符")):
        open_package(rewrite(data, replace_member("payload.age", flip_byte)), identities=[office])


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"sequence": 1', b'"sequence": 7'),
        (b'"full": true', b'"full": false'),
        ("大佛街道".encode(), "大佛镇".encode()),
        (b'"size": ', b'"size": 1'),
    ],
)
def test_changed_manifest_breaks_the_signature(plain: bytes, old: bytes, new: bytes) -> None:
    def edit(body: bytes) -> bytes:
        assert old in body
        return body.replace(old, new)

    with pytest.raises(BadSignatureError):
        open_package(rewrite(plain, replace_member("manifest.json", edit)))


def test_resigned_by_another_key_exposes_that_key(key: SigningKey) -> None:
    other = signing_key()
    opened = open_package(build_package(make_content(), other))
    assert opened.signer_public_key == other.public_key_b64() != key.public_key_b64()


def test_flipped_byte_in_raw_file_is_refused(plain: bytes) -> None:
    offset = plain.index(b"PK\x03\x04", 10) - 20  # inside the data of the first member
    with pytest.raises(KnownError):
        open_package(flip_byte(plain, offset))


def test_added_unlisted_member(plain: bytes) -> None:
    extra = b"not in the manifest"
    added = rewrite(plain, lambda ms: [*ms, (f"attachments/{sha(extra)}", extra)])
    with pytest.raises(BadPackageError, match="未列出的成员") as caught:
        open_package(added)
    assert not isinstance(caught.value, SuspiciousPackageError)


def test_added_member_with_unexpected_name(plain: bytes) -> None:
    with pytest.raises(SuspiciousPackageError, match=re.escape("不应出现的文件：run.exe")):
        open_package(rewrite(plain, lambda ms: [*ms, ("run.exe", b"MZ")]))


def test_removed_member(plain: bytes) -> None:
    with pytest.raises(BadPackageError, match=re.escape(f"缺少成员 {DOC_MEMBER}")):
        open_package(rewrite(plain, lambda ms: [m for m in ms if m[0] != DOC_MEMBER]))


@pytest.mark.parametrize(
    "evil",
    [
        "../evil",
        "/etc/evil",
        "documents/../../evil.pdf",
        "attachments\\evil",
        "C:evil",
        "c:/evil",
        "a//b",
        "./x",
    ],
)
def test_renamed_to_a_suspicious_path(plain: bytes, evil: str) -> None:
    renamed = rewrite(plain, lambda ms: [(evil if n == DOC_MEMBER else n, d) for n, d in ms])
    with pytest.raises(SuspiciousPackageError, match="可疑路径") as caught:
        open_package(renamed)
    assert evil in caught.value.message


def test_duplicate_member_names(plain: bytes) -> None:
    doubled = rewrite(plain, lambda ms: [*ms, (DOC_MEMBER, b"%PDF other")])
    with pytest.raises(SuspiciousPackageError, match="重名"):
        open_package(doubled)


def test_plain_member_next_to_encrypted_payload(key: SigningKey) -> None:
    office = AgeIdentity.generate()
    data = build_package(make_content(), key, [office.recipient])
    with pytest.raises(BadPackageError, match=re.escape(f"未列出的成员 {RECORDS}")):
        open_package(rewrite(data, lambda ms: [*ms, (RECORDS, b"")]), identities=[office])


def test_missing_signature(plain: bytes) -> None:
    with pytest.raises(BadPackageError, match=re.escape("缺少成员 manifest.sig")):
        open_package(rewrite(plain, lambda ms: [m for m in ms if m[0] != "manifest.sig"]))


# --- bombs and limits --------------------------------------------------------------------------


def _zeros_member(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr("manifest.sig", bytes(64))
        with archive.open(RECORDS, "w") as handle:
            block = bytes(8 * 1024 * 1024)
            for _ in range(size // len(block)):
                handle.write(block)
    return buffer.getvalue()


def test_zip_bomb_refused_before_decompressing() -> None:
    bomb = _zeros_member(200 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(SuspiciousPackageError, match="疑似压缩炸弹"):
        open_package(bomb)
    assert time.perf_counter() - started < 0.5


def test_zip_bomb_with_lying_sizes_is_stopped_at_the_declared_size() -> None:
    bomb = bytearray(_zeros_member(200 * 1024 * 1024))
    # Declare 2 bytes for the bomb in both headers; zipfile must stop there and fail the CRC.
    name = RECORDS.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = next(
            i
            for i in _all(bomb, signature)
            if name in bomb[i + 30 : i + 30 + len(name)] or name in bomb[i + 46 : i + 46 + len(name)]
        )
        bomb[at + offset : at + offset + 4] = (2).to_bytes(4, "little")
    started = time.perf_counter()
    with pytest.raises(KnownError):
        open_package(bytes(bomb))
    assert time.perf_counter() - started < 0.5


def _all(data: bytearray, needle: bytes) -> list[int]:
    found, start = [], 0
    while (at := data.find(needle, start)) >= 0:
        found.append(at)
        start = at + 1
    return found


def test_stored_member_larger_than_total_limit(plain: bytes) -> None:
    with pytest.raises(SuspiciousPackageError, match="压缩炸弹"):
        open_package(plain, limits=Limits(max_total_bytes=1000))


def test_package_over_size_limit_refused_unread(tmp_path: Path, plain: bytes) -> None:
    path = tmp_path / "big.jzsync"
    path.write_bytes(plain)
    with pytest.raises(SuspiciousPackageError, match="同步包文件过大"):
        open_package(path, limits=Limits(max_package_bytes=len(plain) - 1))


def test_huge_member_count_refused() -> None:
    members = [(f"attachments/{i:064x}", b"") for i in range(10_001)]
    data = make_zip([("manifest.json", b"{}"), ("manifest.sig", b""), *members], method=zipfile.ZIP_STORED)
    started = time.perf_counter()
    with pytest.raises(SuspiciousPackageError, match="文件过多"):
        open_package(data)
    assert time.perf_counter() - started < 2


# --- versions, records, odd inputs -------------------------------------------------------------


def _sealed(key: SigningKey, *, version: str = "1.0", records: bytes | None = None) -> bytes:
    content = make_content()
    members = payload_members(content)
    if records is not None:
        members["records.jsonl"] = records
    counts = {"consultation": 3, "opinion_report": 1}
    return seal_package(content.header, members, counts, key, format_version=version)


def test_newer_major_version_refused(key: SigningKey) -> None:
    with pytest.raises(PackageTooNewError, match=r"同步包格式版本 2\.0 比本程序支持的 1\.x 新，请升级程序"):
        open_package(_sealed(key, version="2.0"))


def test_newer_minor_version_accepted(key: SigningKey) -> None:
    assert open_package(_sealed(key, version="1.7")).manifest.format_version == "1.7"


def test_bad_record_line_is_named(key: SigningKey) -> None:
    lines = build_package(make_content(), key)  # borrow real lines, then break the third
    good = dict(members_of(lines))[RECORDS].split(b"\n")
    good[2] = b'{"kind": "consultation", "uuid": "not-a-uuid"}'
    with pytest.raises(BadPackageError, match=re.escape("records.jsonl 第 3 行")):
        open_package(_sealed(key, records=b"\n".join(good)))


def test_counts_must_match_records(key: SigningKey) -> None:
    content = make_content()
    data = seal_package(content.header, payload_members(content), {"consultation": 9}, key)
    with pytest.raises(BadPackageError, match="记录数"):
        open_package(data)


def test_record_kinds_limited_by_caller(plain: bytes) -> None:
    with pytest.raises(BadPackageError, match="opinion_report 不受支持"):
        open_package(plain, kinds={"consultation"})
    assert len(open_package(plain, kinds={"consultation", "opinion_report"}).records) == 4


@pytest.mark.parametrize("data", [b"", b"PK", b"hello world", b"PK\x03\x04" + bytes(100)])
def test_not_a_package(data: bytes) -> None:
    with pytest.raises(BadPackageError, match="不是有效的同步包"):
        open_package(data)


def test_truncated_package(plain: bytes) -> None:
    for cut in (len(plain) // 3, len(plain) - 10):
        with pytest.raises(BadPackageError):
            open_package(plain[:cut])


def test_missing_file_is_device_gone(tmp_path: Path) -> None:
    with pytest.raises(DeviceGoneError):
        open_package(tmp_path / "gone.jzsync")


def test_sha256_of_path_and_bytes_agree(tmp_path: Path, plain: bytes) -> None:
    path = tmp_path / "p.jzsync"
    path.write_bytes(plain)
    assert package_sha256(path) == package_sha256(plain) == sha(plain)


def test_records_are_sorted_and_unique_on_build(key: SigningKey) -> None:
    records = make_records()
    data = build_package(make_content(records=list(reversed(records))), key)
    assert data == build_package(make_content(records=records), key)


def test_the_writer_refuses_a_manifest_no_reader_would_accept() -> None:
    from dataclasses import replace

    from station_app.sync.errors import BadPackageError

    content = make_content()
    broken = replace(content, header=replace(content.header, schema_revision=""))
    with pytest.raises(BadPackageError, match="schema_revision"):
        build_package(broken, SigningKey.generate())
