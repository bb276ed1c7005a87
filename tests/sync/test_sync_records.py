from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from station_app.errors import InputError
from station_app.sync.errors import BadPackageError
from station_app.sync.records import SyncRecord, decode_records, encode_records

from .sync_factory import make_records

GOOD = {
    "kind": "consultation",
    "uuid": "0b7e1516-28ae-4d2a-9f15-88096cf4f3c1",
    "revision": 2,
    "updated_at": "2024-05-06T07:08:09Z",
    "deleted": False,
    "data": {"title": "议题"},
}


def line(**changes: object) -> bytes:
    obj = {**GOOD, **changes}
    return json.dumps({k: v for k, v in obj.items() if v is not ...}, ensure_ascii=False).encode()


def test_round_trip_and_canonical_lines() -> None:
    records = make_records()
    encoded = encode_records(records)
    assert encoded.count(b"\n") == len(records)
    assert "泥溪村".encode() in encoded  # UTF-8, not \u escapes
    assert decode_records(encoded) == sorted(records, key=lambda r: r.key)
    first = json.loads(encoded.split(b"\n")[0])
    assert list(first) == sorted(first) and first["updated_at"].endswith("Z")


def test_times_are_converted_to_utc() -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2024, 5, 6, 15, 0, tzinfo=beijing)
    record = SyncRecord("consultation", GOOD["uuid"], 1, moment, False, {})
    decoded = decode_records(encode_records([record]))[0]
    assert decoded.updated_at == datetime(2024, 5, 6, 7, 0, tzinfo=UTC)
    assert b'"2024-05-06T07:00:00Z"' in encode_records([record])


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (b"{not json", "不是有效的 JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b"[1, 2]", "JSON 对象"),
        (line(kind=...), "缺少字段 kind"),
        (line(kind="Bad Kind"), "kind"),
        (line(uuid="1234"), "uuid"),
        (line(uuid=GOOD["uuid"].upper()), "uuid"),
        (line(revision=0), "revision"),
        (line(revision="3"), "revision"),
        (line(revision=True), "revision"),
        (line(updated_at="2024-05-06 07:08:09"), "updated_at"),
        (line(updated_at="2024-05-06T07:08:09"), "updated_at"),
        (line(deleted="no"), "deleted"),
        (line(data=[1]), "data"),
        (line(data=None), "data"),
        (b'{"kind": "a", "kind": "b"}', "不是有效的 JSON"),
        (line(data={"x": float("nan")}), "不是有效的 JSON"),
        (b"", "空行"),
        (b"[" * 100_000, "不是有效的 JSON"),
    ],
)
def test_bad_line_is_named(bad: bytes, problem: str) -> None:
    data = line() + b"\n" + line(uuid="1b7e1516-28ae-4d2a-9f15-88096cf4f3c1") + b"\n" + bad + b"\n"
    with pytest.raises(BadPackageError, match=re.escape("records.jsonl 第 3 行")) as caught:
        decode_records(data)
    assert problem in caught.value.message


def test_line_too_long() -> None:
    long = line(data={"text": "长" * 1000})
    with pytest.raises(BadPackageError, match="第 1 行过长"):
        decode_records(long + b"\n", max_line_bytes=500)


def test_duplicate_revision_refused() -> None:
    with pytest.raises(BadPackageError, match="第 2 行与前面某行重复"):
        decode_records(line() + b"\n" + line() + b"\n")


def test_missing_final_newline() -> None:
    with pytest.raises(BadPackageError, match="最后一行没有换行符"):
        decode_records(line())


def test_kinds_restricted() -> None:
    assert decode_records(line() + b"\n", kinds={"consultation"})
    with pytest.raises(BadPackageError, match="第 1 行的记录类型 consultation 不受支持"):
        decode_records(line() + b"\n", kinds={"member"})


def test_unknown_keys_are_ignored() -> None:
    assert decode_records(line(author="新版本字段") + b"\n")[0].data == {"title": "议题"}


def test_empty_is_no_records() -> None:
    assert decode_records(b"") == []


@pytest.mark.parametrize(
    "record",
    [
        SyncRecord("consultation", "nope", 1, datetime.now(UTC), False, {}),
        SyncRecord("consultation", GOOD["uuid"], 0, datetime.now(UTC), False, {}),
        SyncRecord("Consultation", GOOD["uuid"], 1, datetime.now(UTC), False, {}),
        SyncRecord("consultation", GOOD["uuid"], 1, datetime(2024, 1, 1), False, {}),  # naive
    ],
)
def test_encode_refuses_bad_records(record: SyncRecord) -> None:
    with pytest.raises(InputError):
        encode_records([record])


def test_encode_refuses_the_same_revision_twice() -> None:
    record = make_records()[0]
    with pytest.raises(InputError, match="出现了两次"):
        encode_records([record, record])
