"""The sync command line: export, keys, import-feedback, backup and restore, with exit codes."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from station_app import paths
from station_app.cli.main import main
from station_app.services.consultations import TopicInput, create_topic
from station_app.storage.migrate import open_database
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file
from station_app.sync.drives import MSG_DONE
from station_app.sync.manifest import StationInfo
from station_app.sync.package import PackageContent, PackageHeader, build_package, open_package
from station_app.sync.records import SyncRecord
from tests.people import STATION_SETUP


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder set up as the 大佛街道 station, with two topics."""
    data = tmp_path / "联络站 数据"
    code, _, err = run(
        capsys,
        "--data-dir",
        str(data),
        *STATION_SETUP,
    )
    assert code == 0, err
    db = open_database(f"sqlite:///{data / 'station.sqlite3'}")
    try:
        for title in ("院坝老年食堂怎么办", "通组路硬化协商"):
            create_topic(
                db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=date(2026, 11, 26)
            )
    finally:
        db.dispose()
    return data


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    path = tmp_path / "U盘"
    path.mkdir()
    return path


class Office:
    def __init__(self, where: Path) -> None:
        self.identity = AgeIdentity.generate()
        self.signing = SigningKey.generate()
        self.key = OfficeKeyFile.create(
            "乐山市市中区政协办公室", "511102", "county", self.identity, self.signing
        )
        self.file = where / "市中区政协公钥.json"
        write_office_key_file(self.file, self.key)


def test_export_prints_the_path_and_warns_when_not_encrypted(
    capsys: pytest.CaptureFixture[str], folder: Path, stick: Path
) -> None:
    code, out, err = run(capsys, "--data-dir", str(folder), "export", "--out", str(stick))
    assert code == 0, err
    [written] = list(stick.iterdir())
    assert str(written) in out and MSG_DONE in out
    assert "没有加密" in err
    assert len(open_package(written).records) == 2

    code, out, _ = run(capsys, "--data-dir", str(folder), "export", "--out", str(stick))
    assert code == 0 and "自上次导出以来没有新的变化" in out
    assert len(list(stick.iterdir())) == 1

    code, out, _ = run(capsys, "--data-dir", str(folder), "export", "--out", str(stick), "--full")
    assert code == 0 and "第 2 号全部数据包" in out


def test_export_failure_exits_1(capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(folder), "export", "--out", str(tmp_path / "拔出了"))
    assert code == 1 and out == ""
    assert "U盘可能已被拔出" in err and "Traceback" not in err


def test_keys_commands(capsys: pytest.CaptureFixture[str], folder: Path, stick: Path, tmp_path: Path) -> None:
    office = Office(tmp_path)
    code, out, _ = run(capsys, "--data-dir", str(folder), "keys", "list")
    assert code == 0 and "尚未安装" in out
    code, out, err = run(capsys, "--data-dir", str(folder), "keys", "add-recipient", str(office.file))
    assert code == 0, err
    assert "乐山市市中区政协办公室" in out
    code, _, err = run(capsys, "--data-dir", str(folder), "keys", "add-recipient", str(office.file))
    assert code == 1 and "已经安装过" in err
    bad = tmp_path / "坏.json"
    bad.write_text("{}", "utf-8")
    code, _, err = run(capsys, "--data-dir", str(folder), "keys", "add-recipient", str(bad))
    assert code == 1 and "不是单位公钥文件" in err
    code, out, _ = run(capsys, "--data-dir", str(folder), "keys", "list")
    assert code == 0 and "511102" in out

    code, out, err = run(capsys, "--data-dir", str(folder), "export", "--out", str(stick))
    assert code == 0 and err == ""
    [written] = list(stick.iterdir())
    assert open_package(written, identities=[office.identity]).manifest.encrypted

    code, out, _ = run(capsys, "--data-dir", str(folder), "keys", "fingerprint")
    assert code == 0 and "本站公钥指纹：" in out
    fingerprint = out.splitlines()[0].split("：")[1]
    assert len(fingerprint.split()) == 8
    assert (
        fingerprint.replace(" ", "").lower()
        == open_package(written, identities=[office.identity]).signer_fingerprint
    )

    pdf = tmp_path / "密钥登记表.pdf"
    code, out, err = run(capsys, "--data-dir", str(folder), "keys", "registration", "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")

    code, out, _ = run(capsys, "--data-dir", str(folder), "keys", "remove-recipient", "511102")
    assert code == 0 and "已删除" in out
    code, _, err = run(capsys, "--data-dir", str(folder), "keys", "remove-recipient", "511102")
    assert code == 1 and "没有安装" in err


def _feedback(office: Office, path: Path, package_id: str) -> Path:
    header = PackageHeader(
        "hub-feedback", StationInfo("511102004", "大佛街道", "511102"), 1, None, "0.1.0", "0003", False
    )
    received = datetime(2026, 11, 20, tzinfo=UTC)
    record = SyncRecord(
        "receipt",
        str(uuid.uuid4()),
        1,
        received,
        False,
        {"package_id": package_id, "sequence": 1, "received_at": "2026-11-20T00:00:00Z"},
    )
    path.write_bytes(build_package(PackageContent(header, [record]), office.signing))
    return path


def test_import_feedback(
    capsys: pytest.CaptureFixture[str], folder: Path, stick: Path, tmp_path: Path
) -> None:
    office = Office(tmp_path)
    assert run(capsys, "--data-dir", str(folder), "keys", "add-recipient", str(office.file))[0] == 0
    assert run(capsys, "--data-dir", str(folder), "export", "--out", str(stick))[0] == 0
    [written] = list(stick.iterdir())
    package_id = open_package(written, identities=[office.identity]).manifest.package_id
    feedback = _feedback(office, tmp_path / "回执.jzsync", package_id)
    code, out, err = run(capsys, "--data-dir", str(folder), "import-feedback", str(feedback))
    assert code == 0, err
    assert "确认收到数据包 1 个" in out
    code, out, _ = run(capsys, "--data-dir", str(folder), "import-feedback", str(feedback))
    assert code == 0 and "此前都已导入" in out

    (tmp_path / "别处").mkdir()
    stranger = Office(tmp_path / "别处")
    forged = _feedback(stranger, tmp_path / "伪造.jzsync", package_id)
    code, out, err = run(capsys, "--data-dir", str(folder), "import-feedback", str(forged))
    assert code == 1 and "签名单位" in err


def test_backup_and_restore(
    capsys: pytest.CaptureFixture[str], folder: Path, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, "--data-dir", str(folder), "backup")
    assert code == 0, err
    assert "已备份到" in out
    code, out, _ = run(capsys, "--data-dir", str(folder), "backup", "--out", str(stick))
    assert code == 0
    [copy] = list(stick.iterdir())
    assert str(copy) in out

    # Not interactive and no --yes: refused, nothing changed.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "--data-dir", str(folder), "restore", str(copy))
    assert code == 1 and "--yes" in err

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, _ = run(capsys, "--data-dir", str(folder), "restore", str(copy))
    assert code == 1 and "确认恢复？(y/N)" in out and "已取消" in out
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = run(capsys, "--data-dir", str(folder), "restore", str(copy))
    assert code == 0, err
    assert "已从备份恢复" in out and "恢复前的数据已保存为" in out

    code, out, err = run(capsys, "--data-dir", str(folder), "restore", str(copy), "--yes")
    assert code == 0, err
    assert len(list(paths.backups_dir().glob("恢复前-*"))) >= 1


def test_restore_refuses_a_bad_file(capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path) -> None:
    junk = tmp_path / "坏.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "--data-dir", str(folder), "restore", str(junk), "--yes")
    assert code == 1 and "不能用这个文件恢复" in err and "Traceback" not in err


def test_keys_without_a_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(folder), "keys"])
    assert caught.value.code == 2
