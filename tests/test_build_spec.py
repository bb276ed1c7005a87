"""The bundle's contents as build.spec derives them, checked without building; and portable mode."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from station_app import __version__, buildinfo, paths
from station_app.storage import migrate

ROOT = Path(__file__).resolve().parent.parent


def _destinations() -> dict[str, str]:
    """Bundle path (posix) of every data file → its source."""
    return {
        (PurePosixPath(dest) / Path(src).name).as_posix(): src for src, dest in buildinfo.data_files(ROOT)
    }


def test_the_version_comes_from_the_package() -> None:
    major, minor, *_rest = buildinfo.version_tuple()
    assert __version__.startswith(f"{major}.{minor}.")
    assert buildinfo.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    text = buildinfo.version_resource("1.2.3")
    assert "filevers=(1, 2, 3, 0)" in text and "StringStruct('ProductVersion', '1.2.3')" in text
    assert "有事来协商" in text


def test_the_version_resource_is_one_vsversioninfo_expression() -> None:
    # PyInstaller evaluates the file as a VSVersionInfo(...) expression (pefile, needed to load it, is
    # only on Windows).
    tree = ast.parse(buildinfo.version_resource(), mode="eval")
    assert isinstance(tree.body, ast.Call) and ast.unparse(tree.body.func) == "VSVersionInfo"
    texts = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert {"station-app.exe", __version__, "080404b0"} <= texts


def test_data_files_carry_resources_alembic_scripts_and_the_format() -> None:
    found = _destinations()
    for required in (
        "resources/fonts/wqy-microhei.ttc.xz",
        "resources/fonts/FandolFang-Regular.ttf.xz",
        "resources/fonts/HanaMinB-Rare.ttf.xz",
        "resources/fonts/LICENSE-fandol.txt",
        "resources/fonts/LICENSE-hanazono.txt",
        "resources/fonts/LICENSE-wqy-microhei.txt",
        "resources/leshan_townships.csv",
        "resources/icons/station-app.ico",
        "resources/icons/station-app.png",
        "station_app/storage/alembic/env.py",
        "station_app/storage/alembic/script.py.mako",
        "station_app/sync/FORMAT.md",
    ):
        assert required in found, required
    versions = sorted(p.name for p in (ROOT / "station_app/storage/alembic/versions").glob("*.py"))
    assert versions and all(f"station_app/storage/alembic/versions/{v}" in found for v in versions)
    assert not [d for d in found if "__pycache__" in d or d.endswith(".pyc")]


def test_the_alembic_scripts_land_where_the_frozen_program_looks_for_them() -> None:
    # Frozen, a module's __file__ is <bundle>/station_app/storage/migrate.pyc, so SCRIPTS resolves to
    # <bundle>/station_app/storage/alembic: the data files must be there.
    expected = migrate.SCRIPTS.relative_to(ROOT).as_posix()
    assert f"{expected}/env.py" in _destinations()
    assert paths.resources_dir().relative_to(ROOT).as_posix() == "resources"


def test_frozen_resources_are_found_in_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "联络站 程序" / "_internal"), raising=False)
    assert paths.resources_dir() == tmp_path / "联络站 程序" / "_internal" / "resources"


def test_hidden_imports_cover_what_alembic_runs_from_files() -> None:
    hidden = set(buildinfo.hidden_imports(ROOT, environ={}))
    assert {"alembic.op", "alembic.context", "station_app.storage.models"} <= hidden
    assert {"sqlalchemy.dialects.sqlite", "pyrage.pyrage", "pypinyin.pinyin_dict"} <= hidden
    assert not hidden & set(buildinfo.POSTGRES_MODULES)
    assert "psycopg" in buildinfo.excludes(environ={})


def test_postgres_is_shipped_only_on_request() -> None:
    pytest.importorskip("psycopg")
    env = {buildinfo.POSTGRES_ENV: "1"}
    assert "sqlalchemy.dialects.postgresql.psycopg" in buildinfo.hidden_imports(ROOT, environ=env)
    assert "psycopg" not in buildinfo.excludes(environ=env)


def test_unused_qt_modules_are_excluded_and_used_ones_kept() -> None:
    available = {"QtCore", "QtGui", "QtWidgets", "QtCharts", "QtPdf", "QtWebEngineCore", "Qt3DCore", "QtQml"}
    excluded = buildinfo.qt_excludes(available, used={"QtCharts", "QtPdf"})
    assert excluded == ["PySide6.Qt3DCore", "PySide6.QtQml", "PySide6.QtWebEngineCore"]
    used = buildinfo.qt_modules_used()
    assert {"QtCore", "QtWidgets", "QtPdf", "QtCharts"} <= used
    real = set(buildinfo.qt_excludes())
    assert not {f"PySide6.{m}" for m in used} & real
    if buildinfo.qt_modules_available():
        assert {"PySide6.QtWebEngineCore", "PySide6.QtQuick", "PySide6.QtMultimedia"} <= real
    assert {"tkinter", "pytest", "hypothesis"} <= set(buildinfo.PYTHON_EXCLUDES)


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqlinuxfb.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtmultimedia_zh_CN.qm", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("resources/fonts/wqy-microhei.ttc.xz", True),
    ],
)
def test_qt_plugins_and_translations_are_filtered(destination: str, kept: bool) -> None:
    assert buildinfo.keep_qt_file(destination) is kept


def test_pruning_drops_what_only_dropped_plugins_and_desktop_libraries_linked() -> None:
    entries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "/src/libqwayland.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/src/libQt6WaylandClient.so.6", "BINARY"),
        ("libwayland-client.so.0", "/usr/lib/libwayland-client.so.0", "BINARY"),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "/src/libcups-plugin.so", "BINARY"),
        ("libcups.so.2", "/usr/lib/libcups.so.2", "BINARY"),
        ("libgnutls.so.30", "/usr/lib/libgnutls.so.30", "BINARY"),
        ("libxcb.so.1", "/usr/lib/libxcb.so.1", "BINARY"),
        ("libloaded-by-ctypes.so", "/usr/lib/libloaded-by-ctypes.so", "BINARY"),
    ]
    links = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libqxcb.so": ["libQt6Gui.so.6", "libxcb.so.1"],
        "/src/libqwayland.so": ["libQt6WaylandClient.so.6", "libQt6Gui.so.6"],
        "/src/libQt6WaylandClient.so.6": ["libwayland-client.so.0"],
        "/src/libcups-plugin.so": ["libcups.so.2", "libQt6Gui.so.6"],
        "/usr/lib/libcups.so.2": ["libgnutls.so.30"],
    }
    kept = {e[0] for e in buildinfo.prune_binaries(entries, imports_of=lambda src: links.get(src, []))}
    assert kept == {
        "PySide6/QtGui.abi3.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "libxcb.so.1",
        "libloaded-by-ctypes.so",
    }


def test_links_to_dropped_libraries_are_dropped() -> None:
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/core", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
    ]
    kept, datas = buildinfo.drop_dangling_links(binaries, [])
    assert [e[0] for e in kept] == ["PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6"] and datas == []


def test_switches() -> None:
    assert not buildinfo.debug_build({})
    assert buildinfo.debug_build({buildinfo.DEBUG_ENV: "1"})
    assert buildinfo.strip_binaries("linux") and not buildinfo.strip_binaries("win32")
    assert buildinfo.icon_file(ROOT).is_file()


class _Recorder:
    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = {}

    def stub(self, name: str) -> Any:
        recorder = self

        class Stub:
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                recorder.calls.setdefault(name, []).append({"args": args, **kwargs})
                self.scripts: list[Any] = []
                self.pure: list[Any] = []
                self.binaries: list[Any] = []
                self.datas: list[Any] = [("resources/leshan_townships.csv", "x", "DATA")]

        return Stub


def _exec_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]) -> _Recorder:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "path", list(sys.path))
    recorder = _Recorder()
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "workpath": str(tmp_path), "__file__": "build.spec"}
    namespace.update({n: recorder.stub(n) for n in ("Analysis", "PYZ", "EXE", "COLLECT")})
    code = compile((ROOT / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec")
    exec(code, namespace)
    return recorder


def test_the_spec_builds_a_windowed_one_folder_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(buildinfo.DEBUG_ENV, raising=False)
    calls = _exec_spec(tmp_path, monkeypatch, {}).calls
    analysis = calls["Analysis"][0]
    assert analysis["args"][0] == [str(ROOT / "station_app" / "__main__.py")]
    sources = {Path(src).name for src, _dest in analysis["datas"]}
    assert {"wqy-microhei.ttc.xz", "FORMAT.md", "env.py"} <= sources
    assert "alembic.op" in analysis["hiddenimports"] and "tkinter" in analysis["excludes"]
    main_exe = calls["EXE"][0]
    assert main_exe["name"] == "station-app" and main_exe["console"] is False
    assert main_exe["icon"].endswith("station-app.ico")
    assert calls["COLLECT"][0]["name"] == "station-app"


def test_the_debug_switch_gives_a_console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _exec_spec(tmp_path, monkeypatch, {buildinfo.DEBUG_ENV: "1"}).calls
    assert calls["EXE"][0]["console"] is True


# --- portable mode --------------------------------------------------------------------------------


@pytest.fixture
def frozen_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "U盘" / "联络站 程序"
    folder.mkdir(parents=True)
    exe = folder / "station-app.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv(paths.ENV_VAR)
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "用户数据"))
    paths.configure(None)
    return folder


def test_a_portable_file_next_to_the_program_keeps_data_beside_it(frozen_program: Path) -> None:
    (frozen_program / "portable").write_text("", encoding="utf-8")
    assert paths.data_dir() == frozen_program / "data"
    assert paths.database_file().parent == frozen_program / "data"
    assert paths.logs_dir().is_dir()


def test_without_the_portable_file_data_goes_to_the_user_folder(frozen_program: Path, tmp_path: Path) -> None:
    assert paths.data_dir() == tmp_path / "用户数据"


def test_the_data_dir_option_wins_over_portable_mode(frozen_program: Path, tmp_path: Path) -> None:
    (frozen_program / "portable").write_text("", encoding="utf-8")
    paths.configure(tmp_path / "联络站 数据" / "测试")
    assert paths.data_dir() == (tmp_path / "联络站 数据" / "测试").resolve()


def test_running_from_source_is_never_portable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "portable").write_text("", encoding="utf-8")
    assert paths._portable_dir() is None


def test_hidden_imports_cover_the_command_modules_imported_by_name() -> None:
    hidden = set(buildinfo.hidden_imports(ROOT, environ={}))
    on_disk = {f"station_app.cli.{p.stem}" for p in (ROOT / "station_app" / "cli").glob("*_commands.py")}
    assert len(on_disk) >= 7
    assert on_disk <= hidden
