"""The handbook's pictures: taken at the screen's size (readable), small files, a neutral data folder."""

from __future__ import annotations

import importlib.util
import struct

import pytest

from station_app.services.handbook import handbook_dir, load_handbook, to_html


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_pictures_are_full_size_and_small() -> None:
    pictures = [b.file for b in load_handbook() if b.kind == "picture"]
    assert "new_topic.png" in pictures
    total = 0
    for name in pictures:
        data = (handbook_dir() / name).read_bytes()
        width, _height = png_size(data)
        assert 900 <= width <= 960, name  # a part of the screen at 1:1, not a shrunken window
        assert data[25] == 3, name  # a palette PNG
        assert len(data) < 80_000, name
        total += len(data)
    assert total < 260_000  # no larger than the scaled-down pictures they replace
    assert "width=" not in to_html(load_handbook())  # shown at their own size


def test_the_handbook_names_the_button_as_the_program_does() -> None:
    from station_app.ui.pages.consultations_page import NEW_BUTTON_TEXT

    text = "".join(b.text for b in load_handbook())
    assert f"「{NEW_BUTTON_TEXT}」" in text


@pytest.mark.parametrize("folder", ["/tmp/demo", "/root/demo", "/work/x"])
def test_the_picture_script_refuses_a_developers_folder(
    folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = importlib.util.spec_from_file_location("make_screenshots", handbook_dir() / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(folder, str(handbook_dir())) == 2
    assert "中性的数据目录" in capsys.readouterr().out
