"""What the hub's import list says about files it did not take: what the file is and what to do."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.hub.importer import REFUSED, import_packages
from station_app.hub.keys import export_office_key
from station_app.sync.crypto import format_fingerprint
from tests.hub.conftest import World
from tests.hub.hub_world import Hub

# Words of the package format that mean nothing to a clerk.
TECHNICAL = re.compile(r"zip|manifest|payload|\.age|jsonl|SHA|JSON|UTF|同步包已损坏|成员", re.IGNORECASE)


def refused_line(hub: Hub, path: Path) -> str:
    (outcome,) = run_to_end(import_packages(hub.db, [path], trust_new=True))
    assert outcome.status == REFUSED
    line = outcome.line()
    assert not TECHNICAL.search(line), line
    return line


def test_the_hubs_own_key_file_is_named_as_such(hub: Hub, tmp_path: Path) -> None:
    key_file = export_office_key(hub.info, tmp_path / "hub.pub")
    line = refused_line(hub, key_file)
    assert "单位公钥文件" in line and "不是数据包" in line and ".jzsync" in line
    assert "联络站在「同步」页安装" in line


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("联络站密钥登记表.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "这是 PDF 文件"),
        ("台账.xlsx", None, "Excel 或 Word 文件"),
        ("说明.txt", "这是一段文字".encode(), "不是数据包"),
    ],
)
def test_other_files_say_what_they_are(
    hub: Hub, tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
    else:
        path.write_bytes(content)
    assert expected in refused_line(hub, path)


def test_a_damaged_package_says_what_to_do_in_plain_words(hub: Hub, world: World, tmp_path: Path) -> None:
    data = world.a[0].read_bytes()
    cut = tmp_path / world.a[0].name
    cut.write_bytes(data[: len(data) // 2])  # the stick pulled out while copying
    line = refused_line(hub, cut)
    assert "已损坏或不完整" in line and "重新导出" in line
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x01
    bad = tmp_path / "bad" / world.a[0].name
    bad.parent.mkdir()
    bad.write_bytes(bytes(flipped))
    assert "重新导出" in refused_line(hub, bad)


def test_a_new_station_waiting_for_trust_shows_its_fingerprint(hub: Hub, world: World) -> None:
    (outcome,) = run_to_end(import_packages(hub.db, [world.b[0]], trust_new=False))
    assert outcome.needs_trust
    line = outcome.line()
    assert line.startswith("待确认：") and format_fingerprint(outcome.fingerprint) in line
    assert "联络站密钥登记表" in line
