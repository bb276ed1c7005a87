"""Build and open sync packages (``*.jzsync``); the layout is specified in FORMAT.md.

Reading checks, in this order: size and zip structure, manifest and format version,
signature, payload.age hash and decryption, every member's hash and size, then records.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from station_app.errors import InputError, KnownError
from station_app.input_guard import read_regular
from station_app.sync.container import (
    DEFAULT_LIMITS,
    ZIP_ERRORS,
    Limits,
    build_zip,
    member_names,
    open_zip,
    read_member,
)
from station_app.sync.crypto import AgeIdentity, SigningKey, decrypt_with, encrypt_for, verify_signature
from station_app.sync.errors import BadPackageError, SuspiciousPackageError, error_for_os
from station_app.sync.history import HISTORY_MEMBER, HistoryLine, decode_history, encode_history
from station_app.sync.manifest import (
    FORMAT_VERSION,
    PAYLOAD_AGE,
    RECORDS_MEMBER,
    SHA256_RE,
    Manifest,
    MemberEntry,
    SignerInfo,
    StationInfo,
    is_document_name,
    is_payload_member,
    load_manifest_object,
    manifest_from_bytes,
    manifest_from_object,
    signer_of,
)
from station_app.sync.records import SyncRecord, decode_records, encode_records

MANIFEST_MEMBER = "manifest.json"
SIGNATURE_MEMBER = "manifest.sig"
FILE_SUFFIX = ".jzsync"
RECEIPT_PREFIX = "回执-"
_READ_CHUNK = 1024 * 1024


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _new_package_id() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PackageHeader:
    """The manifest fields the caller decides; the rest is computed while building."""

    package_kind: str
    station: StationInfo
    sequence: int
    previous_sha256: str | None
    app_version: str
    schema_revision: str
    full: bool
    package_id: str = field(default_factory=_new_package_id)
    created_at: datetime = field(default_factory=_now)

    @property
    def file_name(self) -> str:
        name = package_file_name(self.station.township_code, self.sequence, self.package_id)
        # A receipt going back to a station must not look like the station's own package on a stick.
        return f"{RECEIPT_PREFIX}{name}" if self.package_kind == "hub-feedback" else name


@dataclass(frozen=True)
class PackageContent:
    """Everything one package carries. Attachments map sha256 → bytes, or → a file to read."""

    header: PackageHeader
    records: Sequence[SyncRecord] = ()
    attachments: Mapping[str, bytes | Path] = field(default_factory=dict)
    documents: Mapping[str, bytes] = field(default_factory=dict)  # "会议纪要.pdf" → PDF bytes
    history: Sequence[HistoryLine] = ()  # the audit lines of ``records``


@dataclass(frozen=True)
class OpenedPackage:
    manifest: Manifest
    manifest_bytes: bytes
    signer_public_key: str  # base64; the caller decides whether this key is trusted
    signer_fingerprint: str
    sha256: str  # of the whole package file: the next package's previous_sha256
    records: tuple[SyncRecord, ...]
    attachments: Mapping[str, bytes]
    documents: Mapping[str, bytes]  # keyed by file name without the documents/ folder
    history: tuple[HistoryLine, ...] = ()


def package_file_name(township_code: str, sequence: int, package_id: str) -> str:
    return f"{township_code}-{sequence:06d}-{package_id.replace('-', '')[:8]}{FILE_SUFFIX}"


def package_sha256(source: bytes | Path) -> str:
    if isinstance(source, bytes):
        return _sha256(source)
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as handle:
            while chunk := handle.read(_READ_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise error_for_os(exc, source) from exc
    return digest.hexdigest()


# --- building --------------------------------------------------------------------------------


def _attachment_bytes(sha: str, source: bytes | Path) -> bytes:
    if not SHA256_RE.match(sha):
        raise InputError(f"附件编号应为 64 位小写 SHA-256 值：{sha}")
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(f"无法读取附件文件：{source}") from exc
    else:
        data = source
    if _sha256(data) != sha:
        raise InputError(f"附件内容与其编号不符，附件文件可能已损坏：{sha}")
    return data


def payload_members(content: PackageContent, limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """The payload in its canonical order: records, attachments by hash, documents by name."""
    members = {RECORDS_MEMBER: encode_records(content.records, max_line_bytes=limits.max_line_bytes)}
    if content.history:
        members[HISTORY_MEMBER] = encode_history(content.history)
    for sha in sorted(content.attachments):
        members[f"attachments/{sha}"] = _attachment_bytes(sha, content.attachments[sha])
    for name in sorted(content.documents):
        path = f"documents/{name}"
        if not is_document_name(path):
            raise InputError(f"文档名称不合适（只能是 .pdf 文件，不能含 / \\ : * ? 等字符）：{name}")
        members[path] = content.documents[name]
    return members


def _is_stored(name: str) -> bool:
    # Photos and scans are already compressed; deflating them again only costs time.
    return name.startswith("attachments/") or name == PAYLOAD_AGE


def seal_package(
    header: PackageHeader,
    members: Mapping[str, bytes],
    counts: Mapping[str, int],
    signing_key: SigningKey,
    recipients: Sequence[str] = (),
    *,
    format_version: str = FORMAT_VERSION,
) -> bytes:
    """Sign and (when there are recipients) encrypt already-encoded payload members."""
    entries = tuple(MemberEntry(path, _sha256(data), len(data)) for path, data in members.items())
    outer: dict[str, bytes] = {}
    payload_entry: MemberEntry | None = None
    if recipients:
        sealed = encrypt_for(build_zip(members, stored=_is_stored), list(recipients))
        payload_entry = MemberEntry(PAYLOAD_AGE, _sha256(sealed), len(sealed))
    manifest = Manifest(
        format_version=format_version,
        package_id=header.package_id,
        package_kind=header.package_kind,
        station=header.station,
        sequence=header.sequence,
        previous_sha256=header.previous_sha256,
        created_at=header.created_at,
        app_version=header.app_version,
        schema_revision=header.schema_revision,
        full=header.full,
        counts={kind: n for kind, n in counts.items() if n},
        encrypted=bool(recipients),
        recipients=tuple(recipients),
        members=entries,
        payload=payload_entry,
        signer=SignerInfo(public_key=signing_key.public_key_b64(), fingerprint=signing_key.fingerprint()),
    )
    manifest_bytes = manifest.to_bytes()
    # The writer holds itself to the reader's rules: never produce a package every reader refuses.
    manifest_from_bytes(manifest_bytes)
    outer[MANIFEST_MEMBER] = manifest_bytes
    outer[SIGNATURE_MEMBER] = signing_key.sign(manifest_bytes)
    if recipients:
        outer[PAYLOAD_AGE] = sealed
    else:
        outer.update(members)
    return build_zip(outer, stored=lambda name: _is_stored(name) or name == SIGNATURE_MEMBER)


def build_package(content: PackageContent, signing_key: SigningKey, recipients: Sequence[str] = ()) -> bytes:
    """The package file's bytes; identical for identical input when not encrypted."""
    counts: dict[str, int] = {}
    for record in content.records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
    return seal_package(content.header, payload_members(content), counts, signing_key, recipients)


# --- opening ---------------------------------------------------------------------------------


def _is_outer_member(name: str) -> bool:
    return name in (MANIFEST_MEMBER, SIGNATURE_MEMBER, PAYLOAD_AGE) or is_payload_member(name)


_HOSTILE_INPUT_ERRORS: tuple[type[BaseException], ...] = (*ZIP_ERRORS, UnicodeError, TypeError, LookupError)


@contextmanager
def _hostile_input_guard() -> Iterator[None]:
    """Whatever the bytes, the caller sees only a KnownError."""
    try:
        yield
    except KnownError:
        raise
    except _HOSTILE_INPUT_ERRORS as exc:
        raise BadPackageError.not_a_package() from exc


def _load(source: bytes | bytearray | memoryview | Path | str, limits: Limits) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise error_for_os(exc, path) from exc
    if size > limits.max_package_bytes:
        raise SuspiciousPackageError.too_large(size, limits.max_package_bytes)
    return read_regular(path, limits.max_package_bytes)


@dataclass(frozen=True)
class _Verified:
    manifest: Manifest
    manifest_bytes: bytes
    archive: zipfile.ZipFile


def _verify_outer(data: bytes, limits: Limits) -> _Verified:
    """Structure, manifest, signature, and the hashes of the outer members."""
    archive = open_zip(data, _is_outer_member, limits)
    names = set(member_names(archive))
    for required in (MANIFEST_MEMBER, SIGNATURE_MEMBER):
        if required not in names:
            raise BadPackageError.missing_member(required)
    manifest_bytes = read_member(archive, MANIFEST_MEMBER, limits.max_manifest_bytes)
    manifest_object = load_manifest_object(manifest_bytes)
    signature = read_member(archive, SIGNATURE_MEMBER, 1024)
    verify_signature(signer_of(manifest_object).public_key, manifest_bytes, signature)
    manifest = manifest_from_object(manifest_object)
    listed = {PAYLOAD_AGE} if manifest.payload is not None else {m.path for m in manifest.members}
    _check_listed(names - {MANIFEST_MEMBER, SIGNATURE_MEMBER}, listed)
    if manifest.payload is not None:
        _check_member(archive, manifest.payload, limits)
    else:
        for entry in manifest.members:
            _check_member(archive, entry, limits)
    return _Verified(manifest, manifest_bytes, archive)


def _check_listed(present: set[str], listed: set[str]) -> None:
    for name in sorted(present - listed):
        raise BadPackageError.unlisted_member(name)
    for name in sorted(listed - present):
        raise BadPackageError.missing_member(name)


def _check_member(archive: zipfile.ZipFile, entry: MemberEntry, limits: Limits) -> bytes:
    info = archive.getinfo(entry.path)
    if info.file_size != entry.size:
        raise BadPackageError.size_mismatch(entry.path)
    data = read_member(archive, entry.path, limits.max_total_bytes)
    if _sha256(data) != entry.sha256:
        raise BadPackageError.hash_mismatch(entry.path)
    return data


def verify_package_bytes(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Everything that needs no secret key: structure, manifest, signature, outer hashes.

    Used right after writing to a stick, and by a hub to look at a package before decrypting.
    """
    with _hostile_input_guard():
        return _verify_outer(data, limits).manifest


def open_package(
    source: bytes | bytearray | memoryview | Path | str,
    *,
    identities: Sequence[AgeIdentity] = (),
    limits: Limits = DEFAULT_LIMITS,
    kinds: Collection[str] | None = None,
) -> OpenedPackage:
    """Check and unpack a package completely; any problem raises a KnownError subclass."""
    data = _load(source, limits)
    with _hostile_input_guard():
        verified = _verify_outer(data, limits)
        manifest = verified.manifest
        archive = verified.archive
        if manifest.payload is not None:
            sealed = read_member(archive, PAYLOAD_AGE, limits.max_total_bytes)
            inner = decrypt_with(sealed, identities)
            archive = open_zip(inner, is_payload_member, limits)
            _check_listed(set(member_names(archive)), {m.path for m in manifest.members})
        plain = {entry.path: _check_member(archive, entry, limits) for entry in manifest.members}
        records = decode_records(plain[RECORDS_MEMBER], kinds=kinds, max_line_bytes=limits.max_line_bytes)
        _check_counts(manifest, records)
        history = decode_history(plain.get(HISTORY_MEMBER, b""), limits.max_line_bytes)
    return OpenedPackage(
        manifest=manifest,
        manifest_bytes=verified.manifest_bytes,
        signer_public_key=manifest.signer.public_key,
        signer_fingerprint=manifest.signer.fingerprint,
        sha256=_sha256(data),
        records=tuple(records),
        attachments={
            p.removeprefix("attachments/"): b for p, b in plain.items() if p.startswith("attachments/")
        },
        documents={p.removeprefix("documents/"): b for p, b in plain.items() if p.startswith("documents/")},
        history=tuple(history),
    )


def _check_counts(manifest: Manifest, records: Sequence[SyncRecord]) -> None:
    found: dict[str, int] = {}
    for record in records:
        found[record.kind] = found.get(record.kind, 0) + 1
    if found != {kind: n for kind, n in manifest.counts.items() if n}:
        raise BadPackageError("清单中的记录数与 records.jsonl 不符")
