"""The command declarations: every handler exists, and the declarations stay light."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from station_app.cli import commands
from station_app.cli.main import build_parser
from station_app.domain.lifecycle import Status


def _leaf_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(_leaf_parsers(child) or [child])
    return found


def test_every_declared_command_has_its_handler() -> None:
    leaves = _leaf_parsers(build_parser())
    assert len(leaves) >= 25
    for leaf in leaves:
        handler = leaf.get_default("handler")
        assert isinstance(handler, str), f"{leaf.prog} declares no handler"
        assert callable(commands.resolve(handler)), handler


def test_the_statuses_offered_are_the_lifecycle_statuses() -> None:
    assert tuple(s.value for s in Status) == commands.STATUSES


def test_building_the_parser_imports_no_command_module() -> None:
    probe = (
        "import sys, json; from station_app.cli.main import build_parser; build_parser();"
        "print(json.dumps(sorted(m for m in sys.modules if m.endswith('_commands')"
        " or m.split('.')[0] in ('sqlalchemy', 'alembic', 'reportlab', 'PySide6'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == []
