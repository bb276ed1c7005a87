"""The core stays free of Qt: only station_app/ui imports PySide6 (ruff's TID251 enforces it too)."""

from __future__ import annotations

import ast
from pathlib import Path

import station_app

PACKAGE = Path(station_app.__file__).parent


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "PySide6"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PySide6":
            found.append(node.module or "")
    return found


def test_only_the_ui_package_imports_pyside6() -> None:
    modules = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]
    assert len(modules) > 20
    leaks = {str(p.relative_to(PACKAGE)): _qt_imports(p) for p in modules if _qt_imports(p)}
    assert leaks == {}


def test_the_checker_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport PySide6.QtGui\n", "utf-8")
    assert _qt_imports(sample) == ["PySide6.QtCore", "PySide6.QtGui"]
