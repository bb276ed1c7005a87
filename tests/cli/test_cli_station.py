"""The command line: setup, check, demo, and every refusal with its exit code."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.cli.main import main
from station_app.storage.migrate import SCHEMA_MAJOR
from tests.people import SETUP_PEOPLE, STATION_SETUP


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "联络站 数据"


def test_setup_then_check(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out, err = run(
        capsys,
        "--data-dir",
        str(folder),
        "setup",
        "--township-code",
        "511102004",
        "--clerk",
        "王芳",
        "--head",
        "李明",
    )
    assert code == 0, err
    assert "市中区大佛街道政协工作联络站" in out
    assert (folder / "station.sqlite3").exists()
    code, out, _ = run(capsys, "--data-dir", str(folder), "check")
    assert code == 0 and "一切正常" in out and "完整性检查：通过" in out


def test_setup_county_hub(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(folder),
        "setup",
        *SETUP_PEOPLE,
        "--role",
        "county",
        "--county-code",
        "511123",
    )
    assert code == 0 and "犍为县政协办公室" in out and "县（区）政协汇总" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["setup", *SETUP_PEOPLE], "区划代码（--township-code"),
        (["setup", *SETUP_PEOPLE, "--township-code", "123"], "没有找到区划代码为 123"),
        (
            ["setup", *SETUP_PEOPLE, "--role", "county", "--county-code", "999999"],
            "没有找到代码为",
        ),
        (["setup", "--township-code", "511102004", "--clerk", "王芳"], "还缺：站长（--head 姓名）。"),
        (
            ["setup", "--township-code", "511102004", "--head", "李明", "--clerk", "  "],
            "还缺：联络员（--clerk 姓名）。",
        ),
        (
            ["setup", "--role", "county", "--county-code", "511102", "--head", "李明"],
            "还缺：经办人（--clerk 姓名）。",
        ),
        (["setup", *SETUP_PEOPLE, "--role", "county"], "6位代码（--county-code"),
    ],
)
def test_setup_refusals_exit_1_in_chinese(
    capsys: pytest.CaptureFixture[str], folder: Path, args: list[str], words: str
) -> None:
    code, out, err = run(capsys, "--data-dir", str(folder), *args)
    assert code == 1
    assert words in err and "Traceback" not in err and out == ""


def test_setup_twice_is_refused(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    assert (
        run(
            capsys,
            "--data-dir",
            str(folder),
            *STATION_SETUP,
        )[0]
        == 0
    )
    code, _, err = run(
        capsys,
        "--data-dir",
        str(folder),
        "setup",
        *SETUP_PEOPLE,
        "--township-code",
        "511123100",
    )
    assert code == 1 and "不能重复设置" in err


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["setup", *SETUP_PEOPLE, "--role", "province"],
        ["demo", "--count", "0"],
        ["demo", "--count", "abc"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], folder: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(folder), *args])
    assert caught.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_check_reports_a_corrupt_database(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "station.sqlite3").write_bytes(b"garbage" * 1000)
    code, _, err = run(capsys, "--data-dir", str(folder), "check")
    assert code == 1 and "损坏" in err and "Traceback" not in err


def test_a_database_from_a_newer_version_is_refused(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    assert (
        run(
            capsys,
            "--data-dir",
            str(folder),
            *STATION_SETUP,
        )[0]
        == 0
    )
    con = sqlite3.connect(folder / "station.sqlite3")
    con.execute("update alembic_version set version_num = 'zz01'")
    con.execute("update app_meta set value = ? where key = 'schema_major'", (str(SCHEMA_MAJOR + 1),))
    con.commit()
    con.close()
    code, _, err = run(capsys, "--data-dir", str(folder), "check")
    assert code == 1 and "更新版本" in err


def test_data_dir_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "env-dir"
    monkeypatch.setenv("STATION_APP_DATA_DIR", str(target))
    assert run(capsys, *STATION_SETUP)[0] == 0
    assert (target / "station.sqlite3").exists()
    assert (target / "logs" / "station-app.log").exists()


def test_the_installed_entry_point_runs(tmp_path: Path) -> None:
    exe = shutil.which("station-app")
    command = [exe] if exe else [sys.executable, "-m", "station_app"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [
            *command,
            "--data-dir",
            str(tmp_path / "d"),
            *STATION_SETUP,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "已完成设置" in done.stdout


def test_demo_then_list_and_search(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out, err = run(
        capsys, "--data-dir", str(folder), "demo", "--township-code", "511102004", "--count", "80"
    )
    assert code == 0, err
    assert "协商议题 80 个" in out
    code, out, _ = run(capsys, "--data-dir", str(folder), "list", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 80
    assert {"uuid", "number", "title", "status"} <= set(records[0])
    assert len({r["number"] for r in records}) == 80
    code, out, _ = run(capsys, "--data-dir", str(folder), "list", "--status", "已归档", "--json")
    assert all(json.loads(line)["status"] == "已归档" for line in out.splitlines())
    # Two characters from the middle of a title: the search must find that record.
    word = records[0]["title"][2:4]
    code, out, _ = run(capsys, "--data-dir", str(folder), "list", "--search", word, "--json")
    found = {json.loads(line)["uuid"] for line in out.splitlines()}
    assert code == 0 and records[0]["uuid"] in found


def test_demo_without_setup_is_refused(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, _, err = run(capsys, "--data-dir", str(folder), "demo")
    assert code == 1 and "尚未完成初始设置" in err


def test_list_rejects_an_unknown_status(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(folder), "list", "--status", "进行中"])
    assert caught.value.code == 2


def test_help_and_usage_errors_speak_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：station-app") and "显示本帮助并退出" in out and "options" not in out
    with pytest.raises(SystemExit):
        main(["minutes"])
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err and "required" not in err


def test_the_window_path_skips_the_command_modules() -> None:
    from station_app.cli.main import _window_only

    assert _window_only(["--data-dir", "x"]) is not None
    assert _window_only(["--data-dir", "x", "list"]) is None
    assert _window_only(["--version"]) is None
    probe = (
        "import sys; from station_app.cli.main import _window_only; _window_only([]);"
        "heavy = [m for m in ('reportlab', 'openpyxl', 'alembic', 'cryptography') if m in sys.modules];"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_log_rotates_when_the_program_starts(tmp_path: Path) -> None:
    from station_app.logsetup import rotate

    log = tmp_path / "station-app.log"
    for generation in range(7):
        log.write_bytes(bytes([65 + generation]) * 2000)
        rotate(log, max_bytes=1000, keep=3)
    assert not log.exists()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["station-app.log.1", "station-app.log.2", "station-app.log.3"]
    assert (tmp_path / "station-app.log.1").read_bytes()[:1] == b"G"  # the newest
    log.write_bytes(b"small")
    rotate(log, max_bytes=1000, keep=3)
    assert log.read_bytes() == b"small"


def test_list_in_a_folder_without_a_station_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --data-dir must not print 「共 0 个议题」 as if the records were gone."""
    folder = tmp_path / "不存在目录"
    assert main(["--data-dir", str(folder), "list"]) == 1
    assert "尚未完成初始设置" in capsys.readouterr().err
    assert not (folder / "station.sqlite3").exists()


def test_setup_without_anything_names_everything_missing_and_makes_no_database(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, _, err = run(capsys, "--data-dir", str(folder), "setup")
    assert code == 1
    assert (
        "站长（--head 姓名）、联络员（--clerk 姓名）、所在乡镇（街道）的9位区划代码（--township-code" in err
    )
    code, _, err = run(capsys, "--data-dir", str(folder), "setup", *SETUP_PEOPLE, "--township-code", "123")
    assert code == 1 and "没有找到区划代码为 123" in err
    assert not (folder / "station.sqlite3").exists()  # so `list` there says it is not set up
    code, _, err = run(capsys, "--data-dir", str(folder), "list")
    assert code == 1 and "尚未完成初始设置" in err
    code, _, _ = run(capsys, "--data-dir", str(folder), *STATION_SETUP)
    assert code == 0


def test_townships_lists_every_code_of_the_shipped_list(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    from station_app.domain.townships import load_townships

    code, out, err = run(capsys, "--data-dir", str(folder), "townships")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["乡镇代码", "乡镇（街道）", "县代码", "县（市、区）"]
    listed = [line.split() for line in lines[1:-1]]
    wide = lambda text: sum(2 if "\u4e00" <= c <= "\u9fff" or c in "（）、" else 1 for c in text)  # noqa: E731
    # The county code starts at the same terminal column on every line (a Chinese character is two).
    assert len({wide(line[: line.index(row[2])]) for line, row in zip(lines[1:-1], listed, strict=True)}) == 1
    assert [row[0] for row in listed] == [t.code for t in load_townships()]
    assert lines[-1] == "共 132 个乡镇（街道），属 11 个县（市、区）"
    assert not (folder / "station.sqlite3").exists()  # a lookup makes no station


@pytest.mark.parametrize(
    ("word", "expected"),
    [("大佛", ["511102004"]), ("511102004", ["511102004"]), ("沙湾区", None)],
)
def test_townships_finds_by_township_county_or_code(
    capsys: pytest.CaptureFixture[str], folder: Path, word: str, expected: list[str] | None
) -> None:
    from station_app.domain.townships import load_townships

    code, out, _ = run(capsys, "--data-dir", str(folder), "townships", word)
    assert code == 0
    found = [line.split()[0] for line in out.splitlines()[1:-1]]
    wanted = expected or [t.code for t in load_townships() if t.county_name == word]
    assert found == wanted and len(wanted) > 0


def test_townships_without_a_match_says_so_in_chinese(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, out, err = run(capsys, "--data-dir", str(folder), "townships", "成都")
    assert code == 1 and out == ""
    assert "乐山市没有名称或代码含「成都」的乡镇（街道）" in err and "station-app townships" in err
    code, out, _ = run(capsys, "--data-dir", str(folder), "townships", "乐山")
    assert code == 0 and out.splitlines()[-1] == "共 132 个乡镇（街道），属 11 个县（市、区）"


def test_a_wrong_code_at_setup_points_to_the_lookup(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, _, err = run(
        capsys, "--data-dir", str(folder), "setup", *SETUP_PEOPLE, "--township-code", "511102999"
    )
    assert code == 1
    wrong = "没有找到区划代码为 511102999 的乡镇（街道）。"
    assert wrong + "可用 station-app townships 名称（如 townships 牟子）查代码。" in err
    _, _, err = run(capsys, "--data-dir", str(folder), "setup", *SETUP_PEOPLE, "--role", "county")
    assert "station-app townships 可查" in err
    # A name for the code: its code is given; a county's code: the role it is for.
    _, _, err = run(capsys, "--data-dir", str(folder), "setup", *SETUP_PEOPLE, "--township-code", "牟子镇")
    assert "按名称找到：市中区牟子镇 511102101，请用 --township-code 加这个9位代码。" in err
    _, _, err = run(capsys, "--data-dir", str(folder), "setup", *SETUP_PEOPLE, "--township-code", "511102")
    assert "511102 是市中区（县级）的代码" in err and "--role county --county-code 511102" in err
    county = ["setup", *SETUP_PEOPLE, "--role", "county", "--county-code"]
    _, _, err = run(capsys, "--data-dir", str(folder), *county, "市中区")
    assert "按名称找到：市中区 511102，请用 --county-code 加6位代码。" in err
    _, _, err = run(capsys, "--data-dir", str(folder), *county, "511102106")
    assert "511102106 是苏稽镇的乡镇代码，它所在的市中区是 511102。" in err
    _, _, err = run(capsys, "--data-dir", str(folder), "setup", *SETUP_PEOPLE, "--county-code", "511102")
    assert "县（区）政协汇总请加 --role county" in err
    assert not (folder / "station.sqlite3").exists()
