"""Special files and oversized input (family "special files"): every command that reads a file the
clerk names refuses a FIFO, a link to /dev/zero and the like promptly, in Chinese, with the data folder
byte-identical. Each run is a child process with a timeout, so a regression fails instead of hanging.

Also the ledger's own hostile files: an xlsx whose shared strings inflate past the limit, a DTD in an
xlsx, a bad shared-string index, deeply nested JSON.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from station_app.services.ledger_xlsx import MAX_PART_BYTES
from tests.people import COUNTY_SETUP, STATION_SETUP

from . import FULL, report
from .probe import run_cli, run_process, snapshot

READERS = {
    "hub import": (["hub", "import"], "hub", ".jzsync"),
    "import-feedback": (["import-feedback"], "station", ".jzsync"),
    "keys add-recipient": (["keys", "add-recipient"], "station", ".json"),
    "import-ledger xlsx": (["import-ledger"], "station", ".xlsx"),
    "import-ledger json": (["import-ledger"], "station", ".json"),
    "restore": (["restore", "--yes"], "station", ".sqlite3"),
}


@pytest.fixture
def folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    made = {"station": tmp_path / "联络站", "hub": tmp_path / "县政协"}
    for args, folder in (
        ([*STATION_SETUP], made["station"]),
        (
            [*COUNTY_SETUP],
            made["hub"],
        ),
        (["hub", "keys", "export", "--out", str(tmp_path / "县政协公钥.json")], made["hub"]),
    ):
        outcome = run_cli(capsys, "--data-dir", str(folder), *args)
        assert outcome.code == 0, outcome.err
    return made


def _specials(folder: Path, suffix: str) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    made: dict[str, Path] = {}
    fifo = folder / f"管道{suffix}"
    os.mkfifo(fifo)
    made["FIFO"] = fifo
    zero = folder / f"零{suffix}"
    zero.symlink_to("/dev/zero")
    made["link to /dev/zero"] = zero
    if FULL:
        for name, target in (("link to /dev/urandom", "/dev/urandom"), ("link to a FIFO", str(fifo))):
            link = folder / f"{name.replace(' ', '_').replace('/', '_')}{suffix}"
            link.symlink_to(target)
            made[name] = link
        empty = folder / f"空{suffix}"
        empty.symlink_to("/dev/null")
        made["link to /dev/null"] = empty
    return made


def test_special_files_are_refused_promptly(folders: dict[str, Path], tmp_path: Path) -> None:
    before = {name: snapshot(folder) for name, folder in folders.items()}
    problems: list[str] = []
    tried = 0
    for index, (reader, (command, where, suffix)) in enumerate(READERS.items()):
        specials = list(_specials(tmp_path / f"特殊-{index}", suffix).items())
        # small run: one kind per reader, alternating; full run: every kind
        for kind, path in specials if FULL else [specials[index % len(specials)]]:
            tried += 1
            outcome = run_process("--data-dir", str(folders[where]), *command, str(path), timeout=60)
            problems += [f"{reader} ← {kind}: {p}" for p in outcome.refused(code=outcome.code or 1)]
            if outcome.code == 0:
                problems.append(f"{reader} ← {kind}: accepted")
    for name, folder in folders.items():
        assert snapshot(folder) == before[name], name
    report("special files", tried=tried, refused=tried - len(problems), lost=len(problems))
    assert problems == [], "\n".join(problems)


# --- hostile xlsx and JSON ledgers ------------------------------------------------------------


def _xlsx() -> dict[str, bytes]:
    book = Workbook()
    sheet = book.active
    sheet.append(["议题名称", "议题来源", "领域", "提出日期"])
    sheet.append(["路灯", "群众点题", "基础设施", "2026-03-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared(parts: dict[str, bytes], index: int) -> dict[str, bytes]:
    """The title cell of row 2 taken from a shared-strings part, as Excel itself writes it."""
    parts = dict(parts)
    inline = '<c r="A2" t="inlineStr"><is><t>路灯</t></is></c>'.encode()
    assert inline in parts[SHEET]
    parts[SHEET] = parts[SHEET].replace(inline, f'<c r="A2" t="s"><v>{index}</v></c>'.encode())
    parts[STRINGS] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>路灯</t></si></sst>'
    ).encode()
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdS" Type="{_STRINGS_REL}" Target="sharedStrings.xml"/>'.encode()
        + b"</Relationships>",
    )
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(
        b"</Types>", f'<Override PartName="/{STRINGS}" ContentType="{_STRINGS_TYPE}"/></Types>'.encode()
    )
    return parts


def _write_xlsx(path: Path, parts: dict[str, bytes], inflate_to: int = 0) -> Path:
    """Write the parts; with ``inflate_to`` the shared strings grow to that many bytes (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if inflate_to and name == STRINGS:
                head, tail = data.split(b"</si>", 1)
                with archive.open(name, "w", force_zip64=True) as handle:
                    handle.write(head + b"</si>")
                    block = b"<si><t>a</t></si>" * 65536
                    left = inflate_to
                    while left > 0:
                        handle.write(block[: min(left, len(block))])
                        left -= len(block)
                    handle.write(tail)
            else:
                archive.writestr(name, data)
    return path


def _hostile_ledgers(folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir()
    parts = _xlsx()
    made: dict[str, tuple[Path, str]] = {}
    made["control: shared strings as Excel writes them"] = (
        _write_xlsx(folder / "正常.xlsx", _shared(parts, 0)),
        "",
    )
    made["shared strings inflate past the limit"] = (
        _write_xlsx(folder / "炸弹.xlsx", _shared(parts, 0), MAX_PART_BYTES + 1024),
        "解压后过大",
    )
    dtd = dict(parts)
    assert b"<workbook" in dtd["xl/workbook.xml"]
    dtd["xl/workbook.xml"] = dtd["xl/workbook.xml"].replace(
        b"<workbook", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><workbook', 1
    )
    made["DTD in workbook.xml"] = (_write_xlsx(folder / "dtd.xlsx", dtd), "DTD")
    made["shared-string index out of range"] = (
        _write_xlsx(folder / "索引.xlsx", _shared(parts, 999999)),
        "损坏",
    )
    nested = folder / "嵌套.json"
    nested.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    made["deeply nested JSON"] = (nested, "嵌套层数过深")
    huge = folder / "巨大.json"
    with huge.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    made["60 MB JSON"] = (huge, "文件太大")
    return made


def test_hostile_ledger_files_are_refused(
    folders: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    station = folders["station"]
    before = snapshot(station)
    problems: list[str] = []
    cases = _hostile_ledgers(tmp_path / "台账")
    control = cases.pop("control: shared strings as Excel writes them")[0]
    for name, (path, words) in cases.items():
        outcome = run_process("--data-dir", str(station), "import-ledger", str(path), timeout=120)
        problems += [f"{name}: {p}" for p in outcome.refused(words)]
        if snapshot(station) != before:
            problems.append(f"{name}: the data folder changed")
            break
    report("hostile ledger files", tried=len(cases), refused=len(cases) - len(problems), lost=len(problems))
    assert problems == [], "\n".join(problems)
    outcome = run_cli(capsys, "--data-dir", str(station), "import-ledger", str(control))
    assert outcome.code == 0 and "已导入 1 个议题" in outcome.out, outcome.err
