from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from station_app.errors import DiskFullError
from station_app.ui import messages


def test_without_a_screen_nothing_blocks_and_the_answer_is_no(caplog: pytest.LogCaptureFixture) -> None:
    # The tests run offscreen: a modal box would wait forever; it must be logged instead.
    assert not messages.has_screen()
    messages.show_error(None, "出错的说明")
    messages.show_info(None, "提示的说明")
    assert messages.ask_yes_no(None, "要继续吗？") is False
    messages.show_known_error(None, DiskFullError())
    text = caplog.text
    assert "出错的说明" in text and "提示的说明" in text and "要继续吗？" in text and "磁盘空间不足" in text


def test_with_a_screen_boxes_have_chinese_titles_and_buttons(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str, list[str]]] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        return int(QMessageBox.StandardButton.Yes.value)

    monkeypatch.setattr(messages, "has_screen", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    messages.show_error(None, "写入失败")
    assert messages.ask_yes_no(None, "确定删除吗？") is True
    assert seen[0] == ("出错了", "写入失败", ["确定"])
    assert seen[1][0] == "请确认" and sorted(seen[1][2]) == sorted(["是", "否"])
