"""The package manifest: dataclasses, canonical JSON, and a strict reader with Chinese errors."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station_app.domain.fieldcheck import HIDDEN_CHARACTERS
from station_app.sync.crypto import decode_public_key, fingerprint_of, is_age_recipient
from station_app.sync.errors import BadPackageError, PackageTooNewError
from station_app.sync.history import HISTORY_MEMBER
from station_app.sync.records import KIND_RE, UUID_RE, format_utc, parse_utc, strict_json_loads

FORMAT_NAME = "station-app-sync"
FORMAT_MAJOR = 1
FORMAT_MINOR = 1  # 1.1: history.jsonl (the audit lines of the records carried)
FORMAT_VERSION = f"{FORMAT_MAJOR}.{FORMAT_MINOR}"
PACKAGE_KINDS = ("station-data", "hub-feedback")
SIGNATURE_ALGORITHM = "ed25519"
PAYLOAD_AGE = "payload.age"
RECORDS_MEMBER = "records.jsonl"

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_VERSION_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")
_ATTACHMENT_RE = re.compile(r"^attachments/([0-9a-f]{64})$")
# Document names become file names on the office PC: no separators, no control or Windows-reserved characters.
_DOCUMENT_RE = re.compile(r'^documents/([^\x00-\x1f\x7f/\\:*?"<>|]{1,120})\.pdf$')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{port}{i}" for port in ("com", "lpt") for i in range(1, 10)
}


def is_document_name(path: str) -> bool:
    match = _DOCUMENT_RE.match(path)
    if not match:
        return False
    stem = match.group(1)
    if stem != stem.strip() or stem.startswith(".") or stem.endswith("."):
        return False
    return stem.split(".")[0].lower() not in _WINDOWS_DEVICES


def is_payload_member(path: str) -> bool:
    """Payload names: records.jsonl, history.jsonl, attachments/<sha256>, documents/<name>.pdf."""
    return (
        path in (RECORDS_MEMBER, HISTORY_MEMBER) or bool(_ATTACHMENT_RE.match(path)) or is_document_name(path)
    )


CONTACT_KEYS = ("head_name", "clerk_name", "phone", "address")


@dataclass(frozen=True)
class StationInfo:
    township_code: str  # 9-digit NBS code, e.g. 511102004
    name: str
    county_code: str  # 6 digits, e.g. 511102
    # The station's people and contact as set in 设置 (optional; absent in hub packages).
    head_name: str = ""
    clerk_name: str = ""
    phone: str = ""
    address: str = ""

    def contact(self) -> dict[str, str]:
        values = {k: getattr(self, k) for k in CONTACT_KEYS}
        return values if any(values.values()) else {}


@dataclass(frozen=True)
class MemberEntry:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class SignerInfo:
    public_key: str  # base64 of the raw 32-byte Ed25519 key
    fingerprint: str
    algorithm: str = SIGNATURE_ALGORITHM


@dataclass(frozen=True)
class Manifest:
    package_id: str
    package_kind: str
    station: StationInfo
    sequence: int
    previous_sha256: str | None
    created_at: datetime
    app_version: str
    schema_revision: str
    full: bool
    counts: Mapping[str, int]
    encrypted: bool
    recipients: tuple[str, ...]
    members: tuple[MemberEntry, ...]
    payload: MemberEntry | None
    signer: SignerInfo
    format_version: str = FORMAT_VERSION
    format: str = field(default=FORMAT_NAME)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "format_version": self.format_version,
            "package_id": self.package_id,
            "package_kind": self.package_kind,
            "station": {
                "township_code": self.station.township_code,
                "name": self.station.name,
                "county_code": self.station.county_code,
                **({"contact": self.station.contact()} if self.station.contact() else {}),
            },
            "sequence": self.sequence,
            "previous_sha256": self.previous_sha256,
            "created_at": format_utc(self.created_at),
            "app_version": self.app_version,
            "schema_revision": self.schema_revision,
            "full": self.full,
            "counts": dict(sorted(self.counts.items())),
            "encrypted": self.encrypted,
            "recipients": list(self.recipients),
            "members": [_member_json(m) for m in self.members],
            "payload": _member_json(self.payload) if self.payload else None,
            "signer": {
                "algorithm": self.signer.algorithm,
                "public_key": self.signer.public_key,
                "fingerprint": self.signer.fingerprint,
            },
        }

    def to_bytes(self) -> bytes:
        """Canonical form: sorted keys, two-space indent, UTF-8 without escapes, final newline."""
        text = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
        return (text + "\n").encode("utf-8")

    def member(self, path: str) -> MemberEntry | None:
        return next((m for m in self.members if m.path == path), None)


def _member_json(member: MemberEntry) -> dict[str, Any]:
    return {"path": member.path, "sha256": member.sha256, "size": member.size}


def parse_format_version(text: object) -> tuple[int, int]:
    """(major, minor); PackageTooNewError for a newer major, BadPackageError for nonsense."""
    match = _VERSION_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise BadPackageError.manifest_field("format_version", "不是“主版本.次版本”的形式")
    major, minor = int(match.group(1)), int(match.group(2))
    if major > FORMAT_MAJOR:
        raise PackageTooNewError(f"{major}.{minor}", FORMAT_MAJOR)
    if major < FORMAT_MAJOR:
        raise BadPackageError.manifest_field("format_version", f"{major}.{minor} 是不支持的旧版本")
    return major, minor


class _Reader:
    """Typed access to a JSON object; every problem names the field."""

    def __init__(self, obj: Mapping[str, Any], prefix: str = "") -> None:
        self.obj = obj
        self.prefix = prefix

    def _fail(self, name: str, problem: str) -> BadPackageError:
        return BadPackageError.manifest_field(self.prefix + name, problem)

    def get(self, name: str) -> Any:
        if name not in self.obj:
            raise self._fail(name, "缺失")
        return self.obj[name]

    def text(self, name: str, pattern: re.Pattern[str] | None = None, max_len: int = 200) -> str:
        value = self.get(name)
        if not isinstance(value, str) or not value or len(value) > max_len:
            raise self._fail(name, f"应为不超过 {max_len} 字的非空文本")
        if pattern is not None and not pattern.match(value):
            raise self._fail(name, "格式不正确")
        if HIDDEN_CHARACTERS.search(value):
            raise self._fail(name, "含有控制字符")
        return value

    def integer(self, name: str, minimum: int, maximum: int = 2**31 - 1) -> int:
        value = self.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self._fail(name, f"应为 {minimum} 到 {maximum} 之间的整数")
        return value

    def boolean(self, name: str) -> bool:
        value = self.get(name)
        if not isinstance(value, bool):
            raise self._fail(name, "应为 true 或 false")
        return value

    def obj_at(self, name: str) -> _Reader:
        value = self.get(name)
        if not isinstance(value, dict):
            raise self._fail(name, "应为 JSON 对象")
        return _Reader(value, f"{self.prefix}{name}.")

    def array(self, name: str) -> list[Any]:
        value = self.get(name)
        if not isinstance(value, list):
            raise self._fail(name, "应为 JSON 数组")
        return value


def _member(raw: Any, where: str) -> MemberEntry:
    if not isinstance(raw, dict):
        raise BadPackageError.manifest_field(where, "应为 JSON 对象")
    reader = _Reader(raw, f"{where}.")
    return MemberEntry(
        path=reader.text("path", max_len=300),
        sha256=reader.text("sha256", SHA256_RE),
        size=reader.integer("size", 0),
    )


def _members(raw_list: list[Any]) -> tuple[MemberEntry, ...]:
    members = tuple(_member(raw, f"members[{i}]") for i, raw in enumerate(raw_list))
    seen: set[str] = set()
    for member in members:
        if not is_payload_member(member.path):
            raise BadPackageError.manifest_field("members", f"列出了不允许的成员 {member.path}")
        if member.path.casefold() in seen:
            raise BadPackageError.manifest_field("members", f"重复列出成员 {member.path}")
        seen.add(member.path.casefold())
        attachment = _ATTACHMENT_RE.match(member.path)
        if attachment and attachment.group(1) != member.sha256:
            raise BadPackageError.manifest_field("members", f"中附件 {member.path} 的名称与校验值不一致")
    if RECORDS_MEMBER not in seen:
        raise BadPackageError.manifest_field("members", f"没有列出 {RECORDS_MEMBER}")
    return members


def _counts(reader: _Reader) -> dict[str, int]:
    raw = reader.obj_at("counts")
    counts: dict[str, int] = {}
    for kind in raw.obj:
        if not KIND_RE.match(kind):
            raise BadPackageError.manifest_field("counts", f"中的记录类型 {kind} 无效")
        counts[kind] = raw.integer(kind, 0)
    return counts


def _signer(reader: _Reader) -> SignerInfo:
    signer = reader.obj_at("signer")
    algorithm = signer.text("algorithm")
    if algorithm != SIGNATURE_ALGORITHM:
        raise BadPackageError.manifest_field("signer.algorithm", f"应为 {SIGNATURE_ALGORITHM}")
    public_key = signer.text("public_key")
    raw_key = decode_public_key(public_key)
    if raw_key is None:
        raise BadPackageError.manifest_field("signer.public_key", "不是有效的 Ed25519 公钥")
    fingerprint = signer.text("fingerprint")
    if fingerprint != fingerprint_of(raw_key):
        raise BadPackageError.manifest_field("signer.fingerprint", "与公钥不符")
    return SignerInfo(public_key=public_key, fingerprint=fingerprint, algorithm=algorithm)


def load_manifest_object(data: bytes) -> dict[str, Any]:
    """The manifest as a JSON object, after checking format name and version only."""
    try:
        obj = strict_json_loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadPackageError("清单 manifest.json 不是有效的 UTF-8 文本") from exc
    except (ValueError, RecursionError) as exc:
        raise BadPackageError("清单 manifest.json 不是有效的 JSON") from exc
    if not isinstance(obj, dict):
        raise BadPackageError("清单 manifest.json 应为 JSON 对象")
    if obj.get("format") != FORMAT_NAME:
        raise BadPackageError("这不是本程序导出的同步包（清单 format 字段不符）")
    parse_format_version(obj.get("format_version"))
    return obj


def signer_of(obj: Mapping[str, Any]) -> SignerInfo:
    """Only the signer block: enough to check the signature before trusting any other field."""
    return _signer(_Reader(obj))


def manifest_from_bytes(data: bytes) -> Manifest:
    return manifest_from_object(load_manifest_object(data))


def _contact(station: _Reader) -> dict[str, str]:
    """The optional 「contact」 of a station: short single-line texts, each may be empty."""
    if station.obj.get("contact") is None:
        return {}
    contact = station.obj_at("contact")
    values: dict[str, str] = {}
    for key in CONTACT_KEYS:
        value = contact.obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > 200 or "\n" in value:
            raise BadPackageError.manifest_field(f"station.contact.{key}", "应为不超过 200 字的单行文本")
        values[key] = value
    return values


def manifest_from_object(obj: Mapping[str, Any]) -> Manifest:
    """Validate every field of an object returned by :func:`load_manifest_object`."""
    reader = _Reader(obj)
    package_kind = reader.text("package_kind")
    if package_kind not in PACKAGE_KINDS:
        raise BadPackageError.manifest_field("package_kind", f"应为 {' 或 '.join(PACKAGE_KINDS)}")
    station = reader.obj_at("station")
    sequence = reader.integer("sequence", 1)
    previous = reader.get("previous_sha256")
    if sequence == 1 and previous is not None:
        raise BadPackageError.manifest_field("previous_sha256", "在第一个同步包中应为 null")
    if sequence > 1 and not (isinstance(previous, str) and SHA256_RE.match(previous)):
        raise BadPackageError.manifest_field("previous_sha256", "应为上一个同步包的 SHA-256 值")
    created_at = parse_utc(reader.text("created_at"))
    if created_at is None:
        raise BadPackageError.manifest_field("created_at", "应为带时区的 ISO 8601 时间")
    encrypted = reader.boolean("encrypted")
    recipients = tuple(reader.array("recipients"))
    if not all(isinstance(r, str) and is_age_recipient(r) for r in recipients):
        raise BadPackageError.manifest_field("recipients", "中有无效的 age 公钥")
    payload_raw = reader.get("payload")
    payload = None if payload_raw is None else _member(payload_raw, "payload")
    if encrypted and (not recipients or payload is None or payload.path != PAYLOAD_AGE):
        raise BadPackageError.manifest_field("payload", f"在加密包中应列出 {PAYLOAD_AGE} 和接收单位")
    if not encrypted and (recipients or payload is not None):
        raise BadPackageError.manifest_field("payload", "在未加密包中应为 null，recipients 应为空")
    return Manifest(
        format=FORMAT_NAME,
        format_version=obj["format_version"],
        package_id=reader.text("package_id", UUID_RE),
        package_kind=package_kind,
        station=StationInfo(
            township_code=station.text("township_code", re.compile(r"^\d{9}$")),
            name=station.text("name", max_len=100),
            county_code=station.text("county_code", re.compile(r"^\d{6}$")),
            **_contact(station),
        ),
        sequence=sequence,
        previous_sha256=previous,
        created_at=created_at,
        app_version=reader.text("app_version", max_len=50),
        schema_revision=reader.text("schema_revision", max_len=100),
        full=reader.boolean("full"),
        counts=_counts(reader),
        encrypted=encrypted,
        recipients=recipients,
        members=_members(reader.array("members")),
        payload=payload,
        signer=_signer(reader),
    )
