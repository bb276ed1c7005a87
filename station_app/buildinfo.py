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
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from station_app import APP_NAME, APP_TITLE, __version__

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent
DEBUG_ENV = "STATION_APP_DEBUG_BUILD"
POSTGRES_ENV = "STATION_APP_BUILD_POSTGRES"

# Runtime files read from disk, relative to the source root; the bundle keeps the same layout
# (``paths.resources_dir()`` and ``storage.migrate.SCRIPTS`` find them there).
DATA_ROOTS: tuple[str, ...] = ("resources", "station_app/storage/alembic", "station_app/sync/FORMAT.md")
_SKIPPED_PARTS = {
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    "readme",
}  # readme: pictures for README.md only
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
# The city hub may run on PostgreSQL. Stations never do, and the driver with its own OpenSSL and libpq
# adds 12 MB, so it is shipped only in a bundle built with STATION_APP_BUILD_POSTGRES=1.
POSTGRES_MODULES: tuple[str, ...] = (
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "psycopg_binary",
)
# Packages whose data files are read at run time.
DATA_PACKAGES: tuple[str, ...] = ("pypinyin",)

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
    # reportlab needs PIL.Image to start; the PDFs draw no pictures, so Pillow's optional codecs stay out.
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingft",
    "PIL._imagingcms",
    "PIL._imagingtk",
    "PIL._imagingmath",
    "PIL._imagingmorph",
    "PIL.ImageQt",
    "PIL.ImageTk",
    "PIL.ImageShow",
    "lxml",  # openpyxl falls back to the standard library
    "pygments",  # only for Mako's syntax highlighting
    "readline",
    # The program never speaks TLS, and Python's built-in hashes (sha256, md5, blake2…) serve hashlib;
    # these two would only add the build machine's OpenSSL (5 MB). cryptography carries its own.
    "ssl",
    "_ssl",
    "_hashlib",
    "greenlet",  # only for SQLAlchemy's asyncio extension
    "sqlalchemy.ext.asyncio",
    "sqlalchemy.testing",
    "PyQt5",
    "PyQt6",
    "PySide2",
)

# Qt modules always kept; every other Qt module the program does not import is excluded.
QT_RUNTIME_MODULES: frozenset[str] = frozenset({"QtCore", "QtGui", "QtWidgets"})

# Qt plugins kept, by plugin folder: ``None`` keeps every plugin of that folder.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # xcb: X11 desktops (UOS, Kylin); offscreen: CI and selfcheck; windows: Windows.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # ibus: typing Chinese on Linux; compose: dead keys.
    "platforminputcontexts": frozenset(
        {"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}
    ),
    "imageformats": frozenset({"qico", "qjpeg", "qgif"}),
    "printsupport": None,
    "styles": None,
    "xcbglintegrations": None,
}
QT_TRANSLATIONS_KEPT: frozenset[str] = frozenset({"qtbase_zh_CN.qm"})
# Linux libraries taken from the desktop, with everything only they link to: the CUPS client must
# match the machine's CUPS service, and the D-Bus library its session bus. Every 统信UOS and 银河麒麟
# desktop has both; together with their own dependencies (GnuTLS, systemd…) they would add 9 MB.
SYSTEM_LIBRARIES: frozenset[str] = frozenset({"libcups.so.2", "libdbus-1.so.3"})

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


def _flag(name: str, environ: Mapping[str, str] | None) -> bool:
    value = (os.environ if environ is None else environ).get(name, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def with_postgres(environ: Mapping[str, str] | None = None) -> bool:
    """``STATION_APP_BUILD_POSTGRES=1``: a bundle for a city hub on PostgreSQL."""
    return _flag(POSTGRES_ENV, environ)


def debug_build(environ: Mapping[str, str] | None = None) -> bool:
    """``STATION_APP_DEBUG_BUILD=1``: a console window shows the log and tracebacks."""
    return _flag(DEBUG_ENV, environ)


_HANDLER = re.compile(r"""["']([a-z_]+_commands):[a-z_]+["']""")


def command_modules(root: Path = SOURCE_ROOT) -> list[str]:
    """The command modules ``cli/commands.py`` names as ``"module:function"``: imported by name
    when a command runs, so PyInstaller cannot see them."""
    source = (root / "station_app" / "cli" / "commands.py").read_text(encoding="utf-8")
    return sorted({f"station_app.cli.{name}" for name in _HANDLER.findall(source)})


def hidden_imports(root: Path = SOURCE_ROOT, environ: Mapping[str, str] | None = None) -> list[str]:
    names = {*STATIC_HIDDEN_IMPORTS, *alembic_imports(root), *command_modules(root)}
    if with_postgres(environ):
        names.update(name for name in POSTGRES_MODULES if _importable(name))
    else:
        names -= set(POSTGRES_MODULES)
    return sorted(names)


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


def excludes(environ: Mapping[str, str] | None = None) -> list[str]:
    postgres = [] if with_postgres(environ) else ["psycopg", "psycopg_binary", "psycopg_c", "psycopg2"]
    return [*PYTHON_EXCLUDES, *postgres, *qt_excludes()]


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
_Imports = Callable[[str], Iterable[str]]


def linked_libraries(source: str) -> list[str]:
    """The libraries a binary links to directly (ELF ``NEEDED`` read with binutils' objdump).

    Without objdump (and on Windows and macOS) PyInstaller's own view is used, which on Linux lists
    indirect dependencies too: less is pruned, nothing needed is lost.
    """
    if sys.platform.startswith("linux") and shutil.which("objdump"):
        try:
            out = subprocess.run(
                ["objdump", "-p", source], capture_output=True, text=True, check=True, timeout=60
            ).stdout
            return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]
        except (OSError, subprocess.SubprocessError):
            pass
    from PyInstaller.depend import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
        bindepend,  # only where the bundle is built
    )

    return [name for name, _resolved in bindepend.get_imports(source)]


def _posix(destination: str) -> PurePosixPath:
    return PurePosixPath(destination.replace("\\", "/"))


def _is_qt_library(destination: str) -> bool:
    """A Qt shared library (not a plugin, not a Python extension module)."""
    path = _posix(destination)
    if path.parts[:1] != ("PySide6",) or "plugins" in path.parts:
        return False
    return not (path.name.endswith((".pyd", ".abi3.so")) or path.name.startswith("libpyside6"))


def _is_loaded_by_python(destination: str) -> bool:
    """A Python extension module or a Qt plugin: something loaded by name, not by the linker."""
    path = _posix(destination)
    name = path.name
    return "plugins" in path.parts or name.endswith((".pyd", ".abi3.so")) or ".cpython-" in name


def _reachable(starts: Iterable[TocEntry], by_name: dict[str, TocEntry], imports_of: _Imports) -> set[str]:
    reached: set[str] = set()
    pending = list(starts)
    while pending:
        entry = pending.pop()
        if entry[2] == "SYMLINK":
            continue
        for name in imports_of(entry[1]):
            found = by_name.get(_posix(name).name.lower())
            if found is not None and found[0] not in reached:
                reached.add(found[0])
                pending.append(found)
    return reached


def prune_binaries(entries: Sequence[TocEntry], imports_of: _Imports = linked_libraries) -> list[TocEntry]:
    """Drop the filtered Qt plugins and the desktop's own libraries, then what only they linked to.

    A Qt library stays only when something kept links to it; any other library is dropped only
    when it was linked by dropped files alone (a library nothing links to, such as one loaded
    through ctypes, stays).
    """
    every = {_posix(entry[0]).name.lower(): entry for entry in entries}
    bundled = {name: entry for name, entry in every.items() if _posix(entry[0]).name not in SYSTEM_LIBRARIES}
    kept = [e for e in entries if keep_qt_file(e[0]) and _posix(e[0]).name not in SYSTEM_LIBRARIES]
    roots = [entry for entry in entries if _is_loaded_by_python(entry[0])]
    kept_roots = [entry for entry in roots if keep_qt_file(entry[0])]
    linked_by_any = _reachable(roots, every, imports_of)
    linked_by_kept = _reachable(kept_roots, bundled, imports_of)

    def stays(entry: TocEntry) -> bool:
        destination = entry[0]
        if _is_loaded_by_python(destination) or destination in linked_by_kept:
            return True
        if _is_qt_library(destination):
            return False
        return destination not in linked_by_any

    return [entry for entry in kept if stays(entry)]


def prune_datas(entries: Sequence[TocEntry]) -> list[TocEntry]:
    return [entry for entry in entries if keep_qt_file(entry[0])]


def drop_dangling_links(
    binaries: Sequence[TocEntry], datas: Sequence[TocEntry]
) -> tuple[list[TocEntry], list[TocEntry]]:
    """A symbolic link (PyInstaller's top-level alias of a library) goes with its target."""
    present = {_posix(entry[0]).as_posix() for entry in [*binaries, *datas] if entry[2] != "SYMLINK"}

    def ok(entry: TocEntry) -> bool:
        return entry[2] != "SYMLINK" or _link_target(entry) in present

    return [e for e in binaries if ok(e)], [e for e in datas if ok(e)]


def _link_target(entry: TocEntry) -> str:
    link = _posix(entry[0])
    target = PurePosixPath(os.path.normpath((link.parent / _posix(entry[1])).as_posix()))
    return target.as_posix()


def executable_name() -> str:
    return APP_NAME


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
