"""What the PyInstaller bundle carries, derived from the package itself (``build.spec`` reads it).

Nothing here imports PyInstaller or PySide6, so the tests can check every derived value without
building: the version and the Windows version resource, the data files (``resources/``, the Alembic
scripts, FORMAT.md), the hidden imports, the excluded modules, and which Qt plugins and translations
are kept.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath

from station_app import APP_NAME, APP_TITLE, __version__

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent
DEBUG_ENV = "STATION_APP_DEBUG_BUILD"

# Runtime files read from disk, relative to the source root; the bundle keeps the same layout
# (``paths.resources_dir()`` and ``storage.migrate.SCRIPTS`` find them there).
DATA_ROOTS: tuple[str, ...] = ("resources", "station_app/storage/alembic", "station_app/sync/FORMAT.md")
_SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}

# Imports PyInstaller cannot see: modules loaded by name at run time.
STATIC_HIDDEN_IMPORTS: tuple[str, ...] = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "pypinyin.pinyin_dict",
    "pypinyin.phrases_dict",
    "reportlab.pdfbase.ttfonts",
    "reportlab.pdfbase._fontdata",
    "reportlab.rl_settings",
    "pyrage.pyrage",
    "cryptography.hazmat.primitives.asymmetric.ed25519",
    "cryptography.hazmat.bindings._rust",
)
# The city hub may run on PostgreSQL; shipped when the driver is installed where the bundle is built.
OPTIONAL_HIDDEN_IMPORTS: tuple[str, ...] = (
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "psycopg_binary",
)
# Packages whose data files are read at run time.
DATA_PACKAGES: tuple[str, ...] = ("pypinyin", "reportlab")

# Never in the bundle: GUI toolkits and test tools that may be installed where it is built.
PYTHON_EXCLUDES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "test",
    "lib2to3",
    "pydoc_data",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "mypy",
    "ruff",
    "IPython",
    "numpy",
    "pandas",
    "matplotlib",
    "PIL",
    "sqlalchemy.testing",
    "PyQt5",
    "PyQt6",
    "PySide2",
)

# Qt modules the used ones need at run time although the program never imports them.
QT_RUNTIME_MODULES: frozenset[str] = frozenset(
    {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtDBus", "QtOpenGL", "QtOpenGLWidgets"}
)

# Qt plugins kept, by plugin folder: ``None`` keeps every plugin of that folder.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # xcb: X11 desktops (UOS, Kylin); offscreen: CI and selfcheck; windows: Windows.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # ibus: typing Chinese on Linux; compose: dead keys.
    "platforminputcontexts": frozenset({"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}),
    "imageformats": frozenset({"qico", "qjpeg", "qgif"}),
    "printsupport": None,
    "styles": None,
    "xcbglintegrations": None,
}
QT_TRANSLATIONS_KEPT: frozenset[str] = frozenset({"qtbase_zh_CN.qm"})

_QT_PREFIXES = ("PySide6/Qt/", "PySide6\\Qt\\")
_QT_IMPORT = re.compile(r"^PySide6\.(Qt\w+)")


def version_tuple(version: str = __version__) -> tuple[int, int, int, int]:
    """``"0.1.0"`` → ``(0, 1, 0, 0)``; a suffix such as ``rc1`` is dropped."""
    numbers = [int(m.group()) for m in (re.match(r"\d+", p) for p in version.split(".")[:4]) if m]
    return (*numbers, 0, 0, 0, 0)[:4]  # type: ignore[return-value]


def _walk(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED_PARTS and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and path.suffix not in _SKIPPED_SUFFIXES:
                yield path


def data_files(root: Path = SOURCE_ROOT) -> list[tuple[str, str]]:
    """``(source file, destination folder)`` pairs for PyInstaller's ``datas``."""
    pairs: list[tuple[str, str]] = []
    for relative in DATA_ROOTS:
        start = root / relative
        if not start.exists():
            raise FileNotFoundError(f"missing data for the bundle: {start}")
        for path in _walk(start):
            destination = path.parent.relative_to(root).as_posix()
            pairs.append((str(path), destination))
    return pairs


def _imports_in(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def alembic_imports(root: Path = SOURCE_ROOT) -> list[str]:
    """What env.py and the migration scripts import: Alembic runs them from files, unseen by PyInstaller."""
    scripts = root / "station_app" / "storage" / "alembic"
    names: set[str] = set()
    for path in [scripts / "env.py", *sorted((scripts / "versions").glob("*.py"))]:
        names |= _imports_in(path.read_text(encoding="utf-8"))
    return sorted(n for n in names if n != "__future__" and _importable(n))


def hidden_imports(root: Path = SOURCE_ROOT) -> list[str]:
    optional = [name for name in OPTIONAL_HIDDEN_IMPORTS if _importable(name)]
    return sorted({*STATIC_HIDDEN_IMPORTS, *optional, *alembic_imports(root)})


def qt_modules_used(package_dir: Path = PACKAGE_DIR) -> set[str]:
    """The ``PySide6.QtXxx`` modules the program imports (short names)."""
    used: set[str] = set()
    for path in package_dir.rglob("*.py"):
        for name in _imports_in(path.read_text(encoding="utf-8")):
            match = _QT_IMPORT.match(name)
            if match:
                used.add(match.group(1))
    return used


def qt_modules_available() -> set[str]:
    """The Qt modules of the installed PySide6 (empty when PySide6 is not installed)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return set()
    found: set[str] = set()
    for folder in spec.submodule_search_locations:
        for path in Path(folder).iterdir():
            stem = path.name.split(".", 1)[0]
            if stem.startswith("Qt") and path.suffix in (".so", ".pyd"):
                found.add(stem)
    return found


def qt_excludes(available: Iterable[str] | None = None, used: Iterable[str] | None = None) -> list[str]:
    """Every installed Qt module the program neither imports nor needs (QtWebEngine, Qt3D, QtQuick…)."""
    keep = set(QT_RUNTIME_MODULES) | set(qt_modules_used() if used is None else used)
    modules = qt_modules_available() if available is None else set(available)
    return sorted(f"PySide6.{name}" for name in modules - keep)


def excludes() -> list[str]:
    return [*PYTHON_EXCLUDES, *qt_excludes()]


def _plugin_name(file_name: str) -> str:
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_qt_file(destination: str) -> bool:
    """Whether a collected file (its path inside the bundle) stays: filters Qt plugins and translations."""
    path = PurePosixPath(destination.replace("\\", "/"))
    parts = path.parts
    if len(parts) < 4 or parts[:2] != ("PySide6", "Qt"):
        return True
    if parts[2] == "translations":
        return path.name in QT_TRANSLATIONS_KEPT
    if parts[2] == "plugins":
        kept = QT_PLUGINS_KEPT.get(parts[3], frozenset())
        if kept is None:
            return True
        return len(parts) > 4 and _plugin_name(path.name) in kept
    return True


TocEntry = tuple[str, str, str]  # PyInstaller's (path in the bundle, source file, kind)


def _pyinstaller_imports(source: str) -> list[str]:
    from PyInstaller.depend import bindepend  # only where the bundle is built

    return [name for name, _resolved in bindepend.get_imports(source)]


def _is_qt_library(destination: str) -> bool:
    """A Qt shared library (not a plugin, not a Python extension module)."""
    path = PurePosixPath(destination.replace("\\", "/"))
    if path.parts[:1] != ("PySide6",) or "plugins" in path.parts:
        return False
    return not (path.name.endswith((".pyd", ".abi3.so")) or path.name.startswith("libpyside6"))


def prune_binaries(
    entries: Sequence[TocEntry], imports_of: Callable[[str], Iterable[str]] = _pyinstaller_imports
) -> list[TocEntry]:
    """Drop the filtered Qt plugins, then every Qt library that nothing kept links to any more."""
    kept = [entry for entry in entries if keep_qt_file(entry[0])]
    by_name = {PurePosixPath(entry[0].replace("\\", "/")).name.lower(): entry for entry in kept}
    reached: set[str] = set()
    pending = [entry for entry in kept if not _is_qt_library(entry[0])]
    while pending:
        entry = pending.pop()
        for name in imports_of(entry[1]):
            found = by_name.get(PurePosixPath(name.replace("\\", "/")).name.lower())
            if found is not None and found[0] not in reached:
                reached.add(found[0])
                pending.append(found)
    return [entry for entry in kept if not _is_qt_library(entry[0]) or entry[0] in reached]


def executable_name() -> str:
    return APP_NAME


def debug_build(environ: dict[str, str] | None = None) -> bool:
    """``STATION_APP_DEBUG_BUILD=1``: a console window shows the log and tracebacks."""
    value = (os.environ if environ is None else environ).get(DEBUG_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def strip_binaries(platform: str = sys.platform) -> bool:
    return not platform.startswith(("win", "darwin"))


def version_resource(version: str = __version__) -> str:
    """The text of a PyInstaller version file (a Windows version resource) for this version."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": "乐山市政协",
        "FileDescription": APP_TITLE,
        "FileVersion": version,
        "InternalName": APP_NAME,
        "LegalCopyright": "乐山市政协",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": APP_TITLE,
        "ProductVersion": version,
    }
    string_structs = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def icon_file(root: Path = SOURCE_ROOT) -> Path:
    return root / "resources" / "icons" / f"{APP_NAME}.ico"
