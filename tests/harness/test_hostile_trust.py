"""Trust and hostile feedback (families "trust" and "hostile feedback").

* a package for a township the hub has not seen, signed with the key of a station it trusts, is
  refused even with --trust-new (one key, one station);
* flipping bits in the unsigned bytes of a package can never block the genuine package later;
* a break in the ``previous_sha256`` chain shows in ``hub status``;
* control characters, a county code that contradicts the township, year 99999 and a sequence of
  10^23 in signed packages are refused with a reason, and nothing raw reaches the terminal;
* feedback for a topic still at 征集中, a 300,000-character reply, reply_on 9999-12-31 and a NUL in a
  reply are refused and change nothing at the station.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.errors import KnownError
from station_app.hub.importer import ACCEPTED, ALREADY, REFUSED, import_packages
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.feedback_import import import_feedback
from station_app.storage.engine import Database
from tests.hub.hub_world import DAFO, fill, make_hub, make_station, table_dump, using
from tests.services.test_feedback_import import TODAY, Office, feedback_package, reply

from . import report, scaled
from .hostile import Base
from .probe import run_cli
from .test_hostile_packages import _world, dump

ESC = "\x1b[2J\x1b[31m"


def test_one_key_belongs_to_one_station(tmp_path: Path, migrated_template: Path) -> None:
    hub = make_hub(migrated_template, tmp_path, role="county", county="511102")
    dafo = make_station(migrated_template, tmp_path, DAFO, [hub.key_file])
    fill(dafo, 2, 1)
    (tmp_path / "out").mkdir()
    with using(hub.folder):
        [first] = run_to_end(import_packages(hub.db, [dafo.export(tmp_path / "out")], trust_new=True))
    assert first.status == ACCEPTED
    other = make_station(migrated_template, tmp_path, "511102006", [hub.key_file])
    shutil.rmtree(other.folder / "keys" / "recipients", ignore_errors=True)
    for name in ("station_signing.pem", "station_signing.json"):
        if (dafo.folder / "keys" / name).exists():
            shutil.copyfile(dafo.folder / "keys" / name, other.folder / "keys" / name)
    with using(other.folder):
        from station_app.services import keys

        assert keys.station_fingerprint() == _fingerprint(dafo.folder)
        keys.add_recipient(hub.key_file, other.info)
    fill(other, 2, 2)
    before = dump(hub.db)
    with using(hub.folder):
        [outcome] = run_to_end(import_packages(hub.db, [other.export(tmp_path / "out")], trust_new=True))
    assert outcome.status == REFUSED and "一个密钥只属于一个联络站" in outcome.reason_zh
    assert dump(hub.db) == before


def _fingerprint(folder: Path) -> str:
    with using(folder):
        from station_app.services import keys

        return keys.station_fingerprint()


def test_bit_flips_in_unsigned_bytes_never_block_the_genuine_package(
    tmp_path: Path, migrated_template: Path
) -> None:
    hub, _station, base = _world(tmp_path, migrated_template)
    rng = random.Random(18)
    count = scaled(30, 300)
    accepted = refused = 0
    folder = tmp_path / "flips"
    folder.mkdir()
    with using(hub.folder):
        for index in range(count):
            data = bytearray(base.data)
            bit = rng.randrange(len(data) * 8)
            data[bit // 8] ^= 1 << (bit % 8)
            path = folder / f"{index:04d}.jzsync"
            path.write_bytes(bytes(data))
            [outcome] = run_to_end(import_packages(hub.db, [path]))
            accepted += outcome.status in (ACCEPTED, ALREADY)
            refused += outcome.status == REFUSED
        genuine = folder / "genuine.jzsync"
        genuine.write_bytes(base.data)
        [outcome] = run_to_end(import_packages(hub.db, [genuine]))
    report(
        "bit flips then the genuine package",
        tried=count,
        refused=refused,
        accepted_same_content=accepted,
        lost=0,
    )
    assert outcome.status in (ACCEPTED, ALREADY), outcome.reason_zh


def _sealed(base: Base, **changes: object) -> bytes:
    return base.seal(**changes)  # type: ignore[arg-type]


def test_hostile_signed_contents_are_refused_and_never_printed_raw(
    tmp_path: Path, migrated_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub, _station, base = _world(tmp_path, migrated_template)
    consultation = next(line for line in base.lines if line["kind"] == "consultation")

    def with_record(**values: object) -> bytes:
        lines = [
            {**line, "data": {**line["data"], **values}} if line is consultation else line
            for line in base.lines
        ]
        members = {**base.members, "records.jsonl": b"".join(_line(x) for x in lines)}
        return base.seal(members=members)

    station = base.manifest.station
    cases = {
        "ESC in a title": (with_record(title=f"路灯{ESC}坏了"), "控制字符"),
        "NUL in a village": (with_record(village="白塔\x00街"), "控制字符"),
        "RTL override in a title": (with_record(title="路灯\u202e坏了"), "控制字符"),
        "year 99999": (with_record(year=99999), "年份"),
        "300,000-character description": (with_record(description="长" * 300_000), "超过"),
        "sequence 10^23": (_sealed(base, sequence=10**23), "序号"),
        "county code contradicts the township": (
            replace(
                base, manifest=replace(base.manifest, station=replace(station, county_code="511111"))
            ).seal(),
            "不符",
        ),
        "ESC in the station name": (
            replace(
                base, manifest=replace(base.manifest, station=replace(station, name=f"大佛{ESC}"))
            ).seal(),
            "",
        ),
    }
    before = dump(hub.db)
    problems: list[str] = []
    for name, (data, words) in cases.items():
        path = tmp_path / "hostile.jzsync"
        path.write_bytes(data)
        outcome = run_cli(capsys, "--data-dir", str(hub.folder), "hub", "import", str(path))
        problems += [f"{name}: {p}" for p in outcome.refused(words)]
        if "\x1b" in outcome.out + outcome.err or "\x00" in outcome.out + outcome.err:
            problems.append(f"{name}: a control character reached the terminal")
        if dump(hub.db) != before:
            problems.append(f"{name}: the hub database changed")
            break
    report(
        "hostile signed contents", tried=len(cases), refused=len(cases) - len(problems), lost=len(problems)
    )
    assert problems == [], "\n".join(problems)


def _line(obj: object) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def test_a_broken_chain_shows_in_hub_status(
    tmp_path: Path, migrated_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub = make_hub(migrated_template, tmp_path, role="county", county="511102")
    dafo = make_station(migrated_template, tmp_path, DAFO, [hub.key_file])
    fill(dafo, 2, 1)
    out = tmp_path / "out"
    out.mkdir()
    shown = []
    with using(hub.folder):
        run_to_end(import_packages(hub.db, [dafo.export(out)], trust_new=True))
    dafo.db.dispose()
    saved = tmp_path / "saved.sqlite3"
    shutil.copyfile(dafo.folder / "station.sqlite3", saved)
    dafo.db = _reopen(dafo.folder)
    fill(dafo, 1, 2)
    with using(hub.folder):
        run_to_end(import_packages(hub.db, [dafo.export(out)]))
    dafo.db.dispose()  # restored by hand, outside the program: the chain is not carried over
    for extra in ("", "-wal", "-shm"):
        Path(f"{dafo.folder / 'station.sqlite3'}{extra}").unlink(missing_ok=True)
    shutil.copyfile(saved, dafo.folder / "station.sqlite3")
    dafo.db = _reopen(dafo.folder)
    fill(dafo, 1, 3)
    dafo.export(out)  # number 2 again: the hub already has a number 2
    fill(dafo, 1, 4)
    with using(hub.folder):
        [third] = run_to_end(import_packages(hub.db, [dafo.export(out)]))
    assert third.status == ACCEPTED and third.sequence == 3
    status = run_cli(capsys, "--data-dir", str(hub.folder), "hub", "status")
    shown = [line for line in status.out.splitlines() if DAFO in line]
    assert status.code == 0 and shown and "第 3 号与上一号数据包接不上" in shown[0], status.out


def _reopen(folder: Path) -> Database:
    from station_app.storage.migrate import open_database

    return open_database(f"sqlite:///{folder / 'station.sqlite3'}")


# --- hostile feedback at the station --------------------------------------------------------


def test_hostile_feedback_is_refused(station_db: Database, tmp_path: Path) -> None:
    from sqlalchemy import update

    from station_app.services import keys
    from station_app.storage.records import Consultation

    office = Office(tmp_path)
    keys.add_recipient(office.file)
    collecting = create_topic(
        station_db, TopicInput("院坝老年食堂怎么办", "群众点题", "养老服务", TODAY), today=TODAY
    )
    sent = create_topic(station_db, TopicInput("白塔街停车难", "群众点题", "交通出行", TODAY), today=TODAY)
    with station_db.session() as session:  # the path up to 已报送 is not what this test is about
        session.execute(update(Consultation).where(Consultation.id == sent).values(status="已报送"))
    cases = {
        "topic still at 征集中": ([reply(collecting)], "征集中"),
        "300,000-character reply": ([reply(sent, reply_text="长" * 300_000)], "不能超过"),
        "reply_on 9999-12-31": ([reply(sent, reply_on="9999-12-31")], "不合理"),
        "reply_on not a date": ([reply(sent, reply_on="2026-13-45")], "不是有效日期"),
        "NUL in the reply": ([reply(sent, reply_text="已\x00办结")], "控制字符"),
        "ESC in the author": ([reply(sent, author=f"张{ESC}科长")], "控制字符"),
        "RTL override in a progress note": ([reply(sent, progress_note="选址\u202e完成")], "方向"),
        "a list as the reply": ([reply(sent, reply_text=["a"])], "不是文字"),
        "one good and one bad": ([reply(sent), reply(sent, reply_on="9999-12-31")], "不合理"),
    }
    before = table_dump(station_db)
    problems: list[str] = []
    for name, (records, words) in cases.items():
        path = feedback_package(tmp_path, office.signing, records, name="hostile.jzsync")
        try:
            run_to_end(import_feedback(station_db, path))
            problems.append(f"{name}: accepted")
        except KnownError as error:
            if words not in error.message:
                problems.append(f"{name}: {error.message}")
        path.unlink()
        if table_dump(station_db) != before:
            problems.append(f"{name}: the station's data changed")
            break
    report("hostile feedback", tried=len(cases), refused=len(cases) - len(problems), lost=len(problems))
    assert problems == [], "\n".join(problems)
    good = feedback_package(tmp_path, office.signing, [reply(sent)], name="good.jzsync")
    assert run_to_end(import_feedback(station_db, good)).feedback_applied == 1
