"""「自检」: passes on a fresh folder, never touches existing data, and names what is broken."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import paths
from station_app.cli.main import main
from station_app.documents import fonts
from station_app.domain.progress import run_to_end
from station_app.services import selfcheck
from station_app.services.export import ExportResult
from station_app.storage.engine import Database


def _run(folder: Path) -> selfcheck.SelfcheckReport:
    return run_to_end(selfcheck.run_selfcheck(folder))


def test_every_check_passes_in_a_folder_with_chinese_and_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "联络站 数据" / "测试"
    report = _run(folder)
    assert report.passed, report.failures
    assert [r.label for r in report.results] == [check[0] for check in selfcheck.CHECKS]
    assert report.folder == folder and (folder / "station.sqlite3").is_file()
    assert any((folder / "U盘").glob("*.jzsync"))


def test_the_command_prints_one_chinese_line_per_check_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "联络站 数据" / "测试"), "selfcheck"]) == 0
    out = capsys.readouterr().out.splitlines()
    checks = [line for line in out if line.startswith("[")]
    assert len(checks) == len(selfcheck.CHECKS)
    assert all(line.startswith("[通过] ") for line in checks)
    assert any("中文字体：仿宋→" in line for line in checks)
    assert out[-2].startswith("自检通过：全部 9 项检查正常")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_folder_with_data_gets_a_scratch_subfolder_that_is_removed(
    tmp_path: Path, station_db: Database
) -> None:
    real = tmp_path / "真实数据"
    real.mkdir()
    (real / "station.sqlite3").write_bytes(b"the clerk's data")
    before = _digest(real / "station.sqlite3")
    report = _run(real)
    assert report.passed, report.failures
    assert report.folder.parent == real and report.folder.name.startswith(selfcheck.SCRATCH_PREFIX)
    assert report.folder_removed and not report.folder.exists()
    assert _digest(real / "station.sqlite3") == before
    assert sorted(p.name for p in real.iterdir()) == ["station.sqlite3"]


def test_the_default_data_folder_is_never_used_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "用户数据"
    monkeypatch.delenv(paths.ENV_VAR)
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(home))
    assert main(["selfcheck"]) == 0
    assert "自检通过" in capsys.readouterr().out
    assert sorted(p.name for p in home.iterdir()) == ["logs"]  # still a fresh installation


def test_only_a_log_folder_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    assert selfcheck.scratch_folder(tmp_path, selfcheck.datetime(2026, 5, 1)) == tmp_path
    (tmp_path / "keys").mkdir()
    assert selfcheck.scratch_folder(tmp_path, selfcheck.datetime(2026, 5, 1)).name == "自检-20260501-000000"


@pytest.fixture
def missing_shipped_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    gone = tmp_path / "fonts" / fonts.SHIPPED_FONT
    monkeypatch.setattr(fonts, "shipped_candidates", lambda: [fonts.FontFile(gone, 0, "wenquanyi micro hei")])
    yield gone


def test_a_missing_font_fails_with_exit_1_and_a_chinese_reason(
    tmp_path: Path, missing_shipped_font: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "数据"), "selfcheck"]) == 1
    out = capsys.readouterr().out
    assert f"[失败] 中文字体：找不到程序自带的中文字体文件：{missing_shipped_font}" in out
    assert "自检未通过：1 项检查失败" in out


def test_a_damaged_font_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.ttc"
    broken.write_bytes(b"not a font at all" * 100)
    monkeypatch.setattr(
        fonts, "shipped_candidates", lambda: [fonts.FontFile(broken, 0, "wenquanyi micro hei")]
    )
    result = next(r for r in _run(tmp_path / "数据").results if r.label == "中文字体")
    assert not result.passed and "已损坏" in result.detail


def test_a_corrupt_package_fails_with_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_export = selfcheck.export_package

    def corrupting_export(*args: object, **kwargs: object) -> selfcheck.Job[ExportResult]:
        result = yield from real_export(*args, **kwargs)  # type: ignore[arg-type]
        data = bytearray(result.path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        result.path.write_bytes(bytes(data))
        return result

    monkeypatch.setattr(selfcheck, "export_package", corrupting_export)
    assert main(["--data-dir", str(tmp_path / "数据"), "selfcheck"]) == 1
    lines = capsys.readouterr().out.splitlines()
    failed = [line for line in lines if line.startswith("[失败]")]
    assert len(failed) == 1 and failed[0].startswith("[失败] 同步包导出与校验：")
    assert any("自检数据保留在" in line for line in lines)


def test_later_checks_are_skipped_when_the_database_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_url: str) -> Database:
        raise selfcheck.KnownError("数据库文件无法创建。")

    monkeypatch.setattr(selfcheck, "open_database", refuse)
    results = {r.label: r for r in _run(tmp_path / "数据").results}
    assert results["数据库与迁移"].detail == "数据库文件无法创建。"
    assert results["站点设置"].detail == selfcheck.NOT_RUN
    assert results["会议纪要 PDF"].detail == selfcheck.NOT_RUN
    assert results["中文字体"].passed


def test_inspect_pdf_refuses_what_is_not_a_pdf() -> None:
    with pytest.raises(selfcheck.CheckFailed, match="不是完整的 PDF"):
        selfcheck.inspect_pdf(b"PK\x03\x04 a zip file")


def test_inspect_pdf_reads_the_characters_of_tounicode_maps() -> None:
    cmap = (
        b"begincmap\n2 beginbfchar\n<01> <534F>\n<02> <5546>\nendbfchar\n"
        b"1 beginbfrange\n<03> <04> <0041>\nendbfrange\n"
    )
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Page >>\nendobj\n2 0 obj\n<< /Length 10 >>\nstream\n"
        + cmap
        + b"\nendstream\nendobj\n/FontFile2\n%%EOF\n"
    )
    facts = selfcheck.inspect_pdf(pdf)
    assert facts.pages == 1 and facts.embedded_fonts == 1
    assert facts.characters == {"协", "商", "A", "B"}
