"""Hostile bytes: whatever a stick holds, opening it raises only KnownError subclasses."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.errors import KnownError
from station_app.sync.crypto import AgeIdentity, SigningKey
from station_app.sync.package import build_package, open_package, payload_members, seal_package

from .sync_factory import make_content, make_zip, members_of

ATTACKER = SigningKey.generate()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)

OFFICE = AgeIdentity.generate()
PLAIN = build_package(make_content(), SigningKey.generate())
SEALED = build_package(make_content(), SigningKey.generate(), [OFFICE.recipient])

mutations = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=6)


def mutate(data: bytes, changes: list[tuple[int, int]], cut: int | None) -> bytes:
    buffer = bytearray(data)
    for position, value in changes:
        buffer[position % len(buffer)] = value
    return bytes(buffer[:cut] if cut else buffer)


def try_open(data: bytes) -> None:
    with contextlib.suppress(KnownError):
        open_package(data, identities=[OFFICE])


@pytest.mark.parametrize("original", [PLAIN, SEALED], ids=["plain", "encrypted"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=mutations, cut=st.none() | st.integers(min_value=0, max_value=4000))
def test_random_mutations_raise_only_known_errors(
    original: bytes, changes: list[tuple[int, int]], cut: int | None
) -> None:
    try_open(mutate(original, changes, cut))


@settings(max_examples=300, deadline=None)
@given(tail=st.binary(max_size=300))
def test_mutations_in_the_central_directory(tail: bytes) -> None:
    # The last bytes hold the central directory: the part zipfile trusts most.
    for original in (PLAIN, SEALED):
        try_open(original[: -len(tail) or None] + tail)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    try_open(b"PK\x03\x04" + data)


def test_unmutated_packages_open() -> None:
    assert open_package(PLAIN).records and open_package(SEALED, identities=[OFFICE]).records


@settings(max_examples=200, deadline=None)
@given(records=st.binary(max_size=500) | st.text(max_size=300).map(str.encode))
def test_validly_signed_hostile_records(records: bytes) -> None:
    content = make_content()
    members = {**payload_members(content), "records.jsonl": records}
    try_open(seal_package(content.header, members, {"consultation": 1}, ATTACKER))


@settings(max_examples=300, deadline=None)
@given(path=st.lists(st.text(max_size=12), min_size=1, max_size=3), value=json_values)
def test_validly_signed_hostile_manifests(path: list[str], value: object) -> None:
    manifest = json.loads(dict(members_of(PLAIN))["manifest.json"])
    manifest["signer"].update(public_key=ATTACKER.public_key_b64(), fingerprint=ATTACKER.fingerprint())
    target = manifest
    for key in path[:-1]:
        target = target.get(key) if isinstance(target, dict) and isinstance(target.get(key), dict) else target
    known = list(target) if isinstance(target, dict) else []
    key = known[len(path[-1]) % len(known)] if known and len(path) % 2 else path[-1]
    target[key] = value
    body = json.dumps(manifest, ensure_ascii=False).encode()
    members = [(n, d) for n, d in members_of(PLAIN) if n not in ("manifest.json", "manifest.sig")]
    try_open(make_zip([("manifest.json", body), ("manifest.sig", ATTACKER.sign(body)), *members]))
