"""Importing receipt/feedback packages from the county office: checked, applied once."""

from __future__ import annotations

import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from station_app.domain.progress import run_to_end
from station_app.services import audit, keys
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.export import export_log, export_package
from station_app.services.feedback_import import FeedbackRefusedError, FeedbackResult, import_feedback
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, ProgressNote
from station_app.storage.sync_state import AppliedFeedback
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file
from station_app.sync.errors import BadSignatureError
from station_app.sync.manifest import StationInfo
from station_app.sync.package import PackageContent, PackageHeader, build_package
from station_app.sync.records import SyncRecord

TODAY = date(2026, 11, 26)
DAFO = StationInfo("511102004", "大佛街道", "511102")
RECEIVED = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)


class Office:
    def __init__(self, folder: Path) -> None:
        self.identity = AgeIdentity.generate()
        self.signing = SigningKey.generate()
        self.key = OfficeKeyFile.create(
            "乐山市市中区政协办公室", "511102", "county", self.identity, self.signing
        )
        self.file = folder / "county.json"
        write_office_key_file(self.file, self.key)


@pytest.fixture
def db(station_db: Database) -> Database:
    return station_db


@pytest.fixture
def office(tmp_path: Path) -> Office:
    made = Office(tmp_path)
    keys.add_recipient(made.file)
    return made


@pytest.fixture
def consultation(db: Database) -> str:
    """A topic whose result was sent (已报送): feedback answers only such topics."""
    cid = create_topic(
        db, TopicInput("院坝老年食堂怎么办", "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY
    )
    with db.session() as session:  # the path up to 已报送 is not what these tests are about
        session.execute(update(Consultation).where(Consultation.id == cid).values(status="已报送"))
    return cid


def feedback_package(
    folder: Path,
    signing: SigningKey,
    records: list[SyncRecord],
    *,
    station: StationInfo = DAFO,
    kind: str = "hub-feedback",
    name: str = "feedback.jzsync",
) -> Path:
    header = PackageHeader(
        package_kind=kind,
        station=station,
        sequence=1,
        previous_sha256=None,
        app_version="0.1.0",
        schema_revision="0003",
        full=False,
    )
    path = folder / name
    path.write_bytes(build_package(PackageContent(header, records), signing))
    return path


def receipt(package_id: str, sequence: int = 1) -> SyncRecord:
    data = {"package_id": package_id, "sequence": sequence, "received_at": "2026-11-20T02:30:00Z"}
    return SyncRecord("receipt", str(uuid.uuid4()), 1, RECEIVED, False, data)


def reply(consultation_id: str, *, uid: str | None = None, revision: int = 1, **extra: Any) -> SyncRecord:
    data: dict[str, Any] = {
        "consultation_id": consultation_id,
        "result_code": "B",
        "reply_text": "已纳入明年民生实事项目，正在选址。",
        "reply_on": "2026-11-18",
        "author": "张科长",
        "progress_note": "县民政局已到现场查看选址。",
    }
    data.update(extra)
    return SyncRecord("feedback", uid or str(uuid.uuid4()), revision, RECEIVED, False, data)


def run(db: Database, path: Path) -> FeedbackResult:
    return run_to_end(import_feedback(db, path))


def state(db: Database, consultation_id: str) -> tuple[Any, ...]:
    with db.session() as session:
        row = session.get(Consultation, consultation_id)
        assert row is not None
        notes = session.scalar(select(func.count()).select_from(ProgressNote))
        lines = len(audit.history(session, consultation_id))
        applied = session.scalar(select(func.count()).select_from(AppliedFeedback))
        return (row.revision, row.result_code, row.reply_text, row.reply_on, notes, lines, applied)


def test_receipt_marks_the_package_received(
    db: Database, office: Office, consultation: str, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = run_to_end(export_package(db, stick))
    path = feedback_package(
        tmp_path, office.signing, [receipt(exported.package_id), receipt(str(uuid.uuid4()))]
    )
    result = run(db, path)
    assert (result.receipts_marked, result.receipts_unknown) == (1, 1)
    assert result.office_name == "乐山市市中区政协办公室"
    [entry] = export_log(db)
    assert entry.acknowledged_at == RECEIVED
    again = run(db, path)
    assert (again.receipts_marked, again.receipts_already) == (0, 1) and not again.changed_anything
    assert "此前都已导入" in again.describe()


def test_feedback_is_applied_once(db: Database, office: Office, consultation: str, tmp_path: Path) -> None:
    path = feedback_package(tmp_path, office.signing, [reply(consultation)])
    result = run(db, path)
    assert result.feedback_applied == 1 and "登记办理反馈 1 条" in result.describe()
    with db.session() as session:
        row = session.get(Consultation, consultation)
        assert row is not None
        assert (row.result_code, row.reply_on, row.revision) == ("B", date(2026, 11, 18), 2)
        assert row.reply_text == "已纳入明年民生实事项目，正在选址。"
        [note] = session.scalars(select(ProgressNote)).all()
        assert (note.text, note.noted_on, note.consultation_id) == (
            "县民政局已到现场查看选址。",
            date(2026, 11, 18),
            consultation,
        )
        last = audit.history(session, consultation)[-1]
        assert last.summary.startswith("收到县政协办理反馈") and last.actor == "张科长"
    after_first = state(db, consultation)

    again = run(db, path)
    assert (again.feedback_applied, again.feedback_already) == (0, 1)
    assert state(db, consultation) == after_first  # revision numbers unchanged, nothing added


def test_a_corrected_reply_replaces_an_older_one(
    db: Database, office: Office, consultation: str, tmp_path: Path
) -> None:
    uid = str(uuid.uuid4())
    first = feedback_package(tmp_path, office.signing, [reply(consultation, uid=uid)], name="1.jzsync")
    corrected = reply(
        consultation, uid=uid, revision=2, result_code="A", reply_text="已建成投用。", progress_note=""
    )
    second = feedback_package(tmp_path, office.signing, [corrected], name="2.jzsync")
    run(db, first)
    assert run(db, second).feedback_applied == 1
    before = state(db, consultation)
    assert before[1:3] == ("A", "已建成投用。")
    assert run(db, first).feedback_already == 1  # an older revision never comes back
    assert state(db, consultation) == before


def test_same_values_do_not_bump_the_revision(
    db: Database, office: Office, consultation: str, tmp_path: Path
) -> None:
    run(
        db,
        feedback_package(tmp_path, office.signing, [reply(consultation, progress_note="")], name="a.jzsync"),
    )
    before = state(db, consultation)
    other = reply(consultation, progress_note="")  # another reply with the very same content
    assert run(db, feedback_package(tmp_path, office.signing, [other], name="b.jzsync")).feedback_applied == 1
    after = state(db, consultation)
    assert after[0] == before[0] and after[5] == before[5]


def test_unknown_signer_is_refused(db: Database, office: Office, consultation: str, tmp_path: Path) -> None:
    before = state(db, consultation)
    path = feedback_package(tmp_path, SigningKey.generate(), [reply(consultation)])
    with pytest.raises(FeedbackRefusedError, match="签名单位不在本机已安装的公钥之中"):
        run(db, path)
    assert state(db, consultation) == before


def test_tampered_package_is_refused(db: Database, office: Office, consultation: str, tmp_path: Path) -> None:
    path = feedback_package(tmp_path, office.signing, [reply(consultation)])
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["manifest.json"] = members["manifest.json"].replace(b'"sequence": 1', b'"sequence": 7')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(BadSignatureError):
        run(db, path)
    assert state(db, consultation)[0] == 1


def test_package_for_another_station_is_refused(
    db: Database, office: Office, consultation: str, tmp_path: Path
) -> None:
    other = StationInfo("511102005", "泊水街道", "511102")
    path = feedback_package(tmp_path, office.signing, [reply(consultation)], station=other)
    with pytest.raises(FeedbackRefusedError, match="不是本站的"):
        run(db, path)


def test_station_data_package_is_refused(
    db: Database, office: Office, consultation: str, tmp_path: Path
) -> None:
    path = feedback_package(tmp_path, office.signing, [], kind="station-data")
    with pytest.raises(FeedbackRefusedError, match="不是县政协发回的回执"):
        run(db, path)


def test_without_an_office_key_nothing_can_be_checked(
    db: Database, consultation: str, tmp_path: Path
) -> None:
    office = Office(tmp_path)  # made, not installed
    path = feedback_package(tmp_path, office.signing, [reply(consultation)])
    with pytest.raises(FeedbackRefusedError, match="尚未安装县政协公钥"):
        run(db, path)


def test_a_bad_record_rolls_back_the_whole_package(
    db: Database, office: Office, consultation: str, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = run_to_end(export_package(db, stick))
    before = state(db, consultation)
    records = [receipt(exported.package_id), reply(consultation, result_code="Z")]
    with pytest.raises(FeedbackRefusedError, match="办理结果代码"):
        run(db, feedback_package(tmp_path, office.signing, records))
    assert state(db, consultation) == before
    assert export_log(db)[0].acknowledged_at is None


def test_unknown_consultation_and_kinds_are_skipped(db: Database, office: Office, tmp_path: Path) -> None:
    odd = SyncRecord("survey", str(uuid.uuid4()), 1, RECEIVED, False, {})
    result = run(db, feedback_package(tmp_path, office.signing, [reply(str(uuid.uuid4())), odd]))
    assert (result.feedback_missing, result.ignored, result.feedback_applied) == (1, 1, 0)
    assert "找不到" in result.describe()
