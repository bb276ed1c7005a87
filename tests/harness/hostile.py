"""Hostile sync packages made by mutating real ones.

:class:`Base` holds a real station package (exported by ``services.export``, encrypted to the hub)
opened into its parts, with the station's signing key, so that a mutation can be re-signed and
re-encrypted where only one thing should be wrong (a newer major version, a record that breaks the
schema …). :func:`generate` yields :class:`Case` objects round-robin over the mutation families.
"""

from __future__ import annotations

import io
import json
import random
import struct
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from unittest import mock

from station_app.storage.records import MODEL_BY_KIND
from station_app.sync.container import build_zip
from station_app.sync.crypto import AgeIdentity, SigningKey
from station_app.sync.manifest import FORMAT_VERSION, Manifest
from station_app.sync.package import OpenedPackage, PackageHeader, open_package, seal_package
from station_app.sync.records import encode_records

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PAYLOAD = "payload.age"


@dataclass(frozen=True)
class Base:
    """The package to mutate (not yet imported) and one the hub has already imported."""

    data: bytes
    imported: bytes
    manifest: Manifest
    members: dict[str, bytes]  # the plain payload members
    counts: dict[str, int]
    lines: list[dict[str, Any]]  # records.jsonl, one JSON object per line
    station_key: SigningKey
    hub: AgeIdentity

    @classmethod
    def make(cls, data: bytes, imported: bytes, station_key: SigningKey, hub: AgeIdentity) -> Base:
        opened = open_package(data, identities=[hub])
        members = {"records.jsonl": encode_records(opened.records)}
        members.update({f"attachments/{h}": b for h, b in sorted(opened.attachments.items())})
        members.update({f"documents/{n}": b for n, b in sorted(opened.documents.items())})
        lines = [json.loads(line) for line in members["records.jsonl"].splitlines()]
        return cls(
            data, imported, opened.manifest, members, dict(opened.manifest.counts), lines, station_key, hub
        )

    def outer(self, data: bytes | None = None) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.data if data is None else data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def seal(
        self,
        *,
        members: dict[str, bytes] | None = None,
        counts: dict[str, int] | None = None,
        format_version: str = FORMAT_VERSION,
        sequence: int | None = None,
        key: SigningKey | None = None,
        recipients: list[str] | None = None,
        package_id: str | None = None,
    ) -> bytes:
        """A correctly signed and encrypted package of these parts (by default a new package id)."""
        m = self.manifest
        header = PackageHeader(
            package_kind=m.package_kind,
            station=m.station,
            sequence=m.sequence if sequence is None else sequence,
            previous_sha256=m.previous_sha256,
            app_version=m.app_version,
            schema_revision=m.schema_revision,
            full=m.full,
            package_id=package_id or str(uuid.uuid4()),
        )
        # The real writer refuses manifests no reader accepts; a hostile sender has no such scruples.
        with mock.patch("station_app.sync.package.manifest_from_bytes", lambda data: None):
            return seal_package(
                header,
                self.members if members is None else members,
                self.counts if counts is None else counts,
                key or self.station_key,
                [self.hub.recipient] if recipients is None else recipients,
                format_version=format_version,
            )

    def resign(self, manifest_bytes: bytes, *, key: SigningKey | None = None) -> bytes:
        """This package with other manifest bytes, signed (by the station unless ``key``)."""
        outer = self.outer()
        outer[MANIFEST] = manifest_bytes
        outer[SIGNATURE] = (key or self.station_key).sign(manifest_bytes)
        return build_zip(outer, stored=lambda name: name in (PAYLOAD, SIGNATURE))

    def manifest_object(self) -> dict[str, Any]:
        return dict(json.loads(self.outer()[MANIFEST]))


@dataclass(frozen=True)
class Case:
    family: str
    note: str
    data: bytes
    raw: bool = False  # bytes changed without re-signing: may by chance leave the content intact


def _dump(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()


def _records(lines: list[Any]) -> bytes:
    return b"".join(
        (line if isinstance(line, bytes) else json.dumps(line, ensure_ascii=False).encode()) + b"\n"
        for line in lines
    )


# --- the families ------------------------------------------------------------------------------


def bit_flip(rng: random.Random, base: Base) -> Case:
    data = bytearray(base.data)
    flips = rng.randint(1, 8)
    for _ in range(flips):
        bit = rng.randrange(len(data) * 8)
        data[bit // 8] ^= 1 << (bit % 8)
    return Case("bit flip", f"{flips} bits", bytes(data), raw=True)


def truncation(rng: random.Random, base: Base) -> Case:
    size = rng.choice([0, 1, 4, 22, rng.randrange(len(base.data)), len(base.data) - rng.randint(1, 64)])
    return Case("truncation", f"{size} of {len(base.data)} bytes", base.data[:size], raw=True)


def member_removed(rng: random.Random, base: Base) -> Case:
    outer = base.outer()
    name = rng.choice(sorted(outer))
    del outer[name]
    return Case("member removed", name, build_zip(outer))


def member_added(rng: random.Random, base: Base) -> Case:
    outer = base.outer()
    blob = rng.randbytes(rng.randint(0, 2048))
    name = rng.choice(
        [
            "extra.txt",
            "records.jsonl",
            f"attachments/{zlib.crc32(blob):08x}" * 8,
            "documents/会议纪要.pdf",
            "Manifest.json",
            "payload.age.bak",
        ]
    )
    if rng.random() < 0.3:  # a second copy of a member that is there already
        name = rng.choice(sorted(outer))
        raw = io.BytesIO(build_zip(outer))
        with zipfile.ZipFile(raw, "a") as archive, _quiet_duplicates():
            archive.writestr(name, blob)
        return Case("member added", f"duplicate {name}", raw.getvalue())
    outer[name] = blob
    return Case("member added", name, build_zip(outer))


class _quiet_duplicates:
    """zipfile warns when a name is written twice; that is the point here."""

    def __enter__(self) -> None:
        import warnings

        self._catcher = warnings.catch_warnings()
        self._catcher.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._catcher.__exit__(*exc)


ESCAPES = (
    "../evil.txt",
    "../../etc/passwd",
    "/etc/cron.d/evil",
    "C:evil.txt",
    "C:/Windows/evil.dll",
    "attachments/../../evil",
    "documents\\..\\evil.pdf",
    "documents/../../evil.pdf",
    "./manifest.json",
    "attachments//x",
    "documents/CON.pdf",
    "documents/ .pdf",
    "documents/a\x00b.pdf",
)


def path_escape(rng: random.Random, base: Base) -> Case:
    name = rng.choice(ESCAPES)
    outer = base.outer()
    if rng.random() < 0.5:  # signed and listed: the manifest itself names the bad path
        members = dict(base.members)
        members[name] = b"%PDF-1.4 evil"
        return Case("path escape", f"listed {name!r}", base.seal(members=members))
    outer[name] = b"evil"
    return Case("path escape", f"unlisted {name!r}", build_zip(outer))


_ZEROS = 24 * 1024 * 1024


def zip_bomb(rng: random.Random, base: Base) -> Case:
    outer = base.outer()
    variant = rng.choice(["extra", "records", "lying size"])
    if variant == "records":  # an unencrypted package whose records.jsonl is a bomb, signed and listed
        members = {**base.members, "records.jsonl": b" " * _ZEROS}
        return Case("zip bomb", "records.jsonl of 24 MiB spaces", base.seal(members=members, recipients=[]))
    outer["bomb.bin" if variant == "extra" else "records.jsonl"] = bytes(_ZEROS)
    data = build_zip(outer)
    if variant == "lying size":  # the headers claim 1000 bytes; the stream holds 24 MiB
        data = data.replace(struct.pack("<I", _ZEROS), struct.pack("<I", 1000))
    return Case("zip bomb", variant, data)


def many_members(rng: random.Random, base: Base) -> Case:
    data = bytearray(base.data)
    end = data.rfind(b"PK\x05\x06")
    variant = rng.choice(["eocd 65535", "eocd offset", "10001 members"])
    if variant == "10001 members":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, blob in base.outer().items():
                archive.writestr(name, blob)
            for i in range(10_001):
                archive.writestr(f"attachments/{i:064x}", b"")
        return Case("huge member count", variant, buffer.getvalue())
    if variant == "eocd 65535":
        data[end + 8 : end + 12] = struct.pack("<HH", 0xFFFF, 0xFFFF)
    else:
        data[end + 16 : end + 20] = struct.pack("<I", 0xFFFFFFF0)
    # Raw: zipfile reads the central directory itself, so a wrong total alone may leave the content whole.
    return Case("huge member count", variant, bytes(data), raw=True)


def wrong_signature(rng: random.Random, base: Base) -> Case:
    outer = base.outer()
    variant = rng.choice(["random", "flipped", "empty", "long", "other manifest"])
    signature = outer[SIGNATURE]
    if variant == "random":
        signature = rng.randbytes(64)
    elif variant == "flipped":
        index = rng.randrange(64)
        signature = signature[:index] + bytes([signature[index] ^ 0x40]) + signature[index + 1 :]
    elif variant == "empty":
        signature = b""
    elif variant == "long":
        signature = signature + b"\x00" * rng.randint(1, 2000)
    else:
        signature = base.station_key.sign(outer[MANIFEST] + b" ")
    outer[SIGNATURE] = signature
    return Case("wrong signature", variant, build_zip(outer))


def swapped_key(rng: random.Random, base: Base) -> Case:
    other = SigningKey.generate()
    if rng.random() < 0.5:  # signed by another key that the manifest names: not the station's key
        return Case("swapped key", "other signer named", base.seal(key=other))
    # Signed by another key while naming the station's key.
    return Case("swapped key", "other key, station named", base.resign(base.outer()[MANIFEST], key=other))


def other_office(rng: random.Random, base: Base) -> Case:
    others = [AgeIdentity.generate().recipient for _ in range(rng.randint(1, 3))]
    return Case("other office", f"{len(others)} other recipients", base.seal(recipients=others))


def replay(rng: random.Random, base: Base) -> Case:
    variant = rng.choice(["imported content, new id", "claims an imported sequence", "same id, other bytes"])
    if variant == "claims an imported sequence":
        return Case("replay / reorder", variant, base.seal(sequence=1))
    if variant == "same id, other bytes":
        imported = Base.make(base.imported, base.imported, base.station_key, base.hub)
        return Case("replay / reorder", variant, imported.seal(package_id=imported.manifest.package_id))
    imported = Base.make(base.imported, base.imported, base.station_key, base.hub)
    return Case("replay / reorder", variant, imported.seal())


def newer_major(rng: random.Random, base: Base) -> Case:
    version = rng.choice(["2.0", "3.1", "10.0", "99.99"])
    return Case("newer major version", version, base.seal(format_version=version))


def _manifest_mutations(rng: random.Random, base: Base) -> tuple[str, bytes]:
    text = base.outer()[MANIFEST]
    obj = base.manifest_object()
    variant = rng.randrange(14)
    if variant == 0:
        return "truncated JSON", text[: rng.randrange(1, len(text))]
    if variant == 1:
        return "not UTF-8", text.replace(b"{", b"{\xff\xfe", 1)
    if variant == 2:
        return "duplicate key", text.replace(
            b'{\n  "app_version"', b'{\n  "sequence": 1,\n  "app_version"', 1
        )
    if variant == 3:
        return "NaN", text.replace(b'"full": false', b'"full": NaN').replace(b'"full": true', b'"full": NaN')
    if variant == 4:
        return "array", b"[" + text + b"]"
    if variant == 5:
        return "deep nesting", b'{"x":' * 100_000 + b"1" + b"}" * 100_000
    key = rng.choice(sorted(obj))
    if variant == 6:
        del obj[key]
        return f"missing {key}", _dump(obj)
    if variant == 7:
        obj[key] = rng.choice([None, 1.5, -1, True, "", [], {}, "x" * 5000])
        return f"wrong type {key}", _dump(obj)
    if variant == 8:
        obj["sequence"] = rng.choice([0, -1, 2**63, "2", 1.0])
        return "bad sequence", _dump(obj)
    if variant == 9:
        obj["members"] = obj["members"] + [{"path": "records.jsonl", "sha256": "0" * 64, "size": 1}]
        return "duplicate member entry", _dump(obj)
    if variant == 10:
        obj["counts"] = {"consultation": 10**12}
        return "huge count", _dump(obj)
    if variant == 11:
        obj["station"] = {
            **obj["station"],
            "township_code": rng.choice(["511123100", "999999999", "51110200"]),
        }
        return "other station", _dump(obj)
    if variant == 12:
        obj["payload"] = {**obj["payload"], "size": obj["payload"]["size"] + 1}
        return "payload size", _dump(obj)
    obj["format"] = "other-format"
    return "format name", _dump(obj)


def malformed_json(rng: random.Random, base: Base) -> Case:
    if rng.random() < 0.5:
        note, manifest = _manifest_mutations(rng, base)
        return Case("malformed JSON", f"manifest: {note}", base.resign(manifest))
    lines: list[Any] = list(base.lines)
    index = rng.randrange(len(lines))
    variant = rng.randrange(7)
    good = json.dumps(lines[index], ensure_ascii=False).encode()
    bad: bytes = [
        good[: len(good) // 2],
        b"",
        b"[1, 2, 3]",
        good.replace(b"{", b'{"kind": "x", ', 1),
        b"\xff\xfe" + good,
        b"{" * 5000 + b"}" * 5000,
        b'{"kind": "consultation", "uuid": NaN}',
    ][variant]
    lines[index] = bad
    members = {**base.members, "records.jsonl": _records(lines)}
    return Case("malformed JSON", f"records line {index + 1} variant {variant}", base.seal(members=members))


def _bounded_columns(kind: str) -> list[str]:
    model = MODEL_BY_KIND.get(kind)
    if model is None:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    return [c.name for c in table.columns if getattr(c.type, "length", None) and c.name != "id"]


def _violate(rng: random.Random, line: dict[str, Any]) -> str:
    data = line["data"]
    variant = rng.randrange(14)
    field = rng.choice(sorted(k for k in data if k not in ("id",)))
    if variant == 0:
        del data[field]
        return f"missing {field}"
    if variant == 1:
        data[field] = {"nested": [1, 2]}
        return f"object in {field}"
    if variant == 2:
        data["origin"] = rng.choice(["511102006", "511123100", ""])
        return "origin of another station"
    if variant == 3:  # longer than its column allows (free-text columns have no limit to break)
        bounded = _bounded_columns(line["kind"])
        name = rng.choice(bounded) if bounded else "origin"
        data[name] = "长" * 20_000
        return f"too long {name}"
    if variant == 4:
        line["revision"] = rng.choice([0, -3, True, "2", 1.5])
        return "bad revision"
    if variant == 5:
        line["uuid"] = rng.choice(["not-a-uuid", "", "../../etc", "G" * 36])
        return "bad uuid"
    if variant == 6:
        line["kind"] = rng.choice(["spaceship", "Consultation", "", "consultation;drop"])
        return "unknown kind"
    if variant == 7:
        line["updated_at"] = rng.choice(["yesterday", "2026-13-45T00:00:00Z", 12345, None])
        return "bad updated_at"
    if variant == 8:
        line["deleted"] = rng.choice(["no", 0, None])
        return "bad deleted"
    if variant == 9:
        line["data"] = rng.choice([[], "text", None, 5])
        return "data not an object"
    dates = [k for k, v in data.items() if isinstance(v, str) and len(v) == 10 and v[4:5] == "-"]
    if variant == 10 and dates:
        data[rng.choice(dates)] = rng.choice(["2026-02-30", "昨天", "20260101", "0000-00-00"])
        return "bad date"
    numbers = [k for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)]
    if variant == 11 and numbers:
        data[rng.choice(numbers)] = rng.choice(["七", 2**70, 1.5, None])
        return "bad number"
    flags = [k for k, v in data.items() if isinstance(v, bool)]
    if variant == 12 and flags:
        data[rng.choice(flags)] = rng.choice(["true", 2, None])
        return "bad flag"
    model = MODEL_BY_KIND.get(line["kind"])
    table = model.__table__ if model is not None else None  # type: ignore[attr-defined]
    required = (
        [c.name for c in table.columns if not c.nullable and c.name in data] if table is not None else []
    )
    name = rng.choice(required) if required else field
    data[name] = None
    return f"null {name}"


def schema_violation(rng: random.Random, base: Base) -> Case:
    lines = json.loads(json.dumps(base.lines))
    index = rng.randrange(len(lines))
    note = _violate(rng, lines[index])
    counts: dict[str, int] = {}
    for line in lines:
        kind = line.get("kind") if isinstance(line, dict) else None
        if isinstance(kind, str):
            counts[kind] = counts.get(kind, 0) + 1
    members = {**base.members, "records.jsonl": _records(lines)}
    kind = base.lines[index]["kind"]
    return Case("schema violation", f"{kind}: {note}", base.seal(members=members, counts=counts))


FAMILIES: tuple[Callable[[random.Random, Base], Case], ...] = (
    bit_flip,
    truncation,
    member_removed,
    member_added,
    path_escape,
    zip_bomb,
    many_members,
    wrong_signature,
    swapped_key,
    other_office,
    replay,
    newer_major,
    malformed_json,
    schema_violation,
)
# Cheap families run more often; the heavy ones (bombs, 10,001 members) less.
WEIGHTS = (6, 3, 2, 3, 2, 1, 1, 2, 1, 1, 1, 1, 3, 5)


def is_intact(case: Case, base: Base, original: OpenedPackage) -> bool:
    """Whether raw byte changes left the signed content whole (a flip in zip bookkeeping only)."""
    if not case.raw:
        return False
    try:
        opened = open_package(case.data, identities=[base.hub])
    except Exception:
        return False
    return opened.manifest_bytes == original.manifest_bytes and opened.records == original.records


def generate(base: Base, count: int, seed: int) -> Iterator[Case]:
    """``count`` hostile cases, every family in turn first, then by weight."""
    rng = random.Random(seed)
    original = open_package(base.data, identities=[base.hub])
    for index in range(count):
        family = FAMILIES[index] if index < len(FAMILIES) else rng.choices(FAMILIES, WEIGHTS)[0]
        case = family(rng, base)
        while is_intact(case, base, original):
            case = replace(family(rng, base), note="(retried) " + case.note)
        yield case
