from __future__ import annotations

import json

import pytest

from station_app.sync.errors import BadPackageError, PackageTooNewError
from station_app.sync.manifest import manifest_from_bytes, parse_format_version
from station_app.sync.package import build_package

from .sync_factory import make_content, members_of, signing_key

MANIFEST = json.loads(dict(members_of(build_package(make_content(), signing_key())))["manifest.json"])


def encoded(**changes: object) -> bytes:
    return json.dumps({**MANIFEST, **changes}, ensure_ascii=False).encode()


def test_round_trip_is_canonical() -> None:
    body = encoded()
    manifest = manifest_from_bytes(body)
    assert json.loads(manifest.to_bytes()) == MANIFEST
    assert manifest_from_bytes(manifest.to_bytes()) == manifest


@pytest.mark.parametrize(("text", "parsed"), [("1.0", (1, 0)), ("1.7", (1, 7)), ("1.12", (1, 12))])
def test_supported_versions(text: str, parsed: tuple[int, int]) -> None:
    assert parse_format_version(text) == parsed


@pytest.mark.parametrize("text", ["2.0", "10.1"])
def test_newer_major_refused(text: str) -> None:
    with pytest.raises(PackageTooNewError, match=f"格式版本 {text} 比本程序支持的 1.x 新"):
        parse_format_version(text)


@pytest.mark.parametrize("text", ["0.9", "1", "1.0.0", "v1.0", 1.0, None])
def test_nonsense_versions(text: object) -> None:
    with pytest.raises(BadPackageError, match="format_version"):
        parse_format_version(text)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sequence": "1"}, "sequence"),
        ({"sequence": True}, "sequence"),
        ({"sequence": 2}, "previous_sha256"),
        ({"full": 1}, "full"),
        ({"package_id": "xyz"}, "package_id"),
        ({"package_kind": "other"}, "package_kind"),
        (
            {"station": {"township_code": "5111", "name": "x", "county_code": "511102"}},
            "station.township_code",
        ),
        ({"created_at": "2024-05-06 07:08"}, "created_at"),
        ({"counts": {"consultation": -1}}, "counts"),
        ({"encrypted": True}, "payload"),
        ({"recipients": ["age1bad"]}, "recipients"),
        ({"members": []}, "members"),
        ({"members": [{"path": "../x", "sha256": "0" * 64, "size": 1}]}, "members"),
        ({"signer": {**MANIFEST["signer"], "fingerprint": "0" * 32}}, "signer.fingerprint"),
        ({"signer": {**MANIFEST["signer"], "algorithm": "rsa"}}, "signer.algorithm"),
    ],
)
def test_field_errors_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(BadPackageError, match=f"字段 {field}"):
        manifest_from_bytes(encoded(**changes))


def test_not_our_format() -> None:
    with pytest.raises(BadPackageError, match="不是本程序导出的同步包"):
        manifest_from_bytes(encoded(format="other"))


def test_unknown_keys_ignored() -> None:
    assert manifest_from_bytes(encoded(added_in_1_1="x")).sequence == 1
