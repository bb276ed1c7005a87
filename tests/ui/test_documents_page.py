"""The 文档 page and the PDF preview: preview, show phones, save as, print, export a year."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.meetings import (
    MeetingInput,
    ParticipantInput,
    StatementInput,
    finalise_minutes,
    save_meeting,
)
from station_app.services.members import MemberInput, add_member
from station_app.services.printing import minutes_pdf
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.ui import worker
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.documents_page import DocumentsPage, preview_minutes
from station_app.ui.pdf_preview import PdfPreviewDialog, print_pages

from .helpers import Shown

TODAY = date(2026, 11, 26)
TITLE = "嘉州社区加装电梯怎么协商"
RARE = "\U00030000"  # CJK Ext-G: no face has it


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in doc.pages))


def add_record(
    db: Database, title: str, held_at: datetime, statements: int = 1, member: str | None = None
) -> str:
    cid = create_topic(db, TopicInput(title, "群众点题", "城乡建设", held_at.date()), today=TODAY)
    meeting = MeetingInput(
        form="社区协商",
        held_at=held_at,
        place="嘉州社区议事室",
        chair="李明",
        recorder="王芳",
        background="嘉州社区有多层住宅楼28栋，无电梯，老人上下楼困难。",
        consensus="按楼栋征求意见\n费用按楼层分摊",
        participants=(
            ParticipantInput("周海燕", "政协委员", "出席", "乐山市规划设计院", "13712345678", member),
        ),
        statements=tuple(
            StatementInput(
                "周海燕", f"第{i + 1}次发言：低层住户的顾虑要先解决，采光和噪声都要讲清楚。" * 3, "政协委员"
            )
            for i in range(statements)
        ),
    )
    return save_meeting(db, cid, meeting, today=TODAY)


@pytest.fixture
def inline_jobs() -> Iterator[None]:
    with worker.synchronous():
        yield


@pytest.fixture
def page(qtbot: QtBot, db: Database, station: StationInfo, inline_jobs: None) -> DocumentsPage:
    widget = DocumentsPage(db, today=TODAY)
    qtbot.addWidget(widget)
    return widget


def opened(page: DocumentsPage) -> PdfPreviewDialog:
    dialog = page.last_preview
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_preview_shows_the_minutes_of_the_chosen_meeting(
    qtbot: QtBot, db: Database, page: DocumentsPage, shown: Shown
) -> None:
    mid = add_record(db, TITLE, datetime(2026, 4, 10, 9, 30), statements=12)
    add_record(db, "另一个议题", datetime(2026, 3, 1, 9, 30))
    page.refresh()
    assert page.consultations.count() == 2 and page.empty_label.isHidden()
    assert TITLE in page.consultations.currentItem().text()  # the most recent meeting first
    assert page.current_meeting_id() == mid and page.version_combo.currentText().startswith("当前内容")
    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    dialog = opened(page)
    expected = len(PdfReader(io.BytesIO(minutes_pdf(db, mid))).pages)
    assert expected > 1 and dialog.document.pageCount() == expected
    assert dialog.pages_label.text() == f"共 {expected} 页"
    assert "137****5678" in pdf_text(dialog.pdf) and not shown.errors

    dialog.show_phones.setChecked(True)
    assert "13712345678" in pdf_text(dialog.pdf) and dialog.show_phones.isEnabled()
    dialog.show_phones.setChecked(False)
    assert "13712345678" not in pdf_text(dialog.pdf)


def test_search_filters_the_consultations(db: Database, page: DocumentsPage) -> None:
    add_record(db, TITLE, datetime(2026, 4, 10, 9, 30))
    add_record(db, "菜市场占道经营", datetime(2026, 3, 1, 9, 30))
    page.refresh()
    page.search.setText("菜市场")
    assert page.consultations.count() == 1 and "菜市场" in page.consultations.item(0).text()
    page.search.setText("2026〕1号")
    assert page.consultations.count() == 1 and TITLE in page.consultations.item(0).text()


def test_save_as_writes_the_pdf_shown(
    qtbot: QtBot,
    db: Database,
    page: DocumentsPage,
    shown: Shown,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_record(db, TITLE, datetime(2026, 4, 10, 9, 30))
    page.refresh()
    qtbot.mouseClick(page.signin_button, Qt.MouseButton.LeftButton)
    dialog = opened(page)
    suggested: list[str] = []

    def fake_save(_parent: object, _caption: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(start)
        return str(tmp_path / "签到"), "PDF 文件 (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "签到.pdf"
    assert saved.read_bytes() == dialog.pdf and "签到表" in pdf_text(saved.read_bytes())
    assert suggested[0].endswith("大佛街道〔2026〕1号-签到表-2026-04-10.pdf")
    assert shown.infos == [f"已保存：{saved}"]


def test_result_report_and_member_record_preview(db: Database, page: DocumentsPage, shown: Shown) -> None:
    member = add_member(db, MemberInput("周海燕", "科学技术界", "乐山市规划设计院"))
    # Finalised: only then is the meeting on the member's record (domain.duties.meeting_on_record).
    finalise_minutes(db, add_record(db, TITLE, datetime(2026, 4, 10, 9, 30), member=member))
    page.refresh()
    page.preview_result_report()
    assert "协商成果报送单" in pdf_text(opened(page).pdf)
    assert page.member_combo.currentText() == "周海燕（科学技术界）"
    page.preview_member_record()
    text = pdf_text(opened(page).pdf)
    assert "委员履职记录" in text and TITLE in text and not shown.errors


def test_a_missing_glyph_is_named_before_any_preview(
    qtbot: QtBot, db: Database, page: DocumentsPage, shown: Shown
) -> None:
    add_record(db, "某家巷加装电梯", datetime(2026, 4, 10, 9, 30))
    with db.session() as session:  # data from before characters were checked as typed
        session.execute(update(Consultation).values(title=f"{RARE}家巷加装电梯"))
    page.refresh()
    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    assert page.last_preview is None
    assert len(shown.errors) == 1 and "以下字符" in shown.errors[0] and RARE in shown.errors[0]


def test_export_of_the_year_writes_every_minutes(
    qtbot: QtBot,
    db: Database,
    page: DocumentsPage,
    shown: Shown,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_record(db, TITLE, datetime(2026, 4, 10, 9, 30))
    add_record(db, "菜市场占道经营", datetime(2026, 5, 1, 9, 30))
    target = tmp_path / "纪要导出"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(target))
    assert page.year_spin.value() == 2026
    handle = page.export_year()
    assert handle is not None and not handle.running
    assert len(list(target.glob("*.pdf"))) == 2
    drafts = "其中 2 份尚未定稿，按草稿导出（每页带「草稿」字样），定稿后请重新导出。"
    assert shown.infos == [f"已导出 2026 年的 2 份会议纪要到：\n{target}\n{drafts}"]
    page.year_spin.setValue(2024)
    page.export_year()
    assert shown.infos[-1] == "2024年没有协商会议记录，没有导出文件。"


def test_the_consultation_editor_can_preview_minutes(
    qtbot: QtBot, db: Database, station: StationInfo, inline_jobs: None
) -> None:
    mid = add_record(db, TITLE, datetime(2026, 4, 10, 9, 30))
    before = set(QApplication.topLevelWidgets())
    preview_minutes(None, db, mid)
    # Without a parent the preview is a window of its own.
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w not in before
    ]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "会议纪要预览" and dialog.document.pageCount() >= 1
    assert dialog.show_phones.isVisible()


def test_printing_draws_every_page(qtbot: QtBot, db: Database, page: DocumentsPage, tmp_path: Path) -> None:
    add_record(db, TITLE, datetime(2026, 4, 10, 9, 30), statements=12)
    page.refresh()
    page.preview_minutes()
    dialog = opened(page)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    count = dialog.document.pageCount()
    assert print_pages(dialog.document, printer) == count
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == count

    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setFromTo(2, 2)
    assert print_pages(dialog.document, printer) == 1
    assert len(PdfReader(tmp_path / "page2.pdf").pages) == 1


def test_the_main_window_builds_the_documents_page(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    # Only the page factory: the whole window starts other pages' timers that this test does not need.
    owner = SimpleNamespace(_db=db, info=station)
    page = MainWindow._make_page(owner, "documents")  # type: ignore[arg-type]
    qtbot.addWidget(page)
    assert isinstance(page, DocumentsPage)
