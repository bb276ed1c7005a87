"""Previewing a printed document in the window, then printing it or saving it as a PDF.

The PDF is made once by the services (off the UI thread); what the clerk sees, prints and saves is
those very bytes, so the paper matches the preview and the file. Printing draws each page rendered
by QtPdf onto the printer, which works with any printer driver.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.documents import write_pdf_atomically
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import KnownError
from station_app.ui import folders, messages, worker

log = logging.getLogger(__name__)

PRINT_DPI_MAX = 300  # sharp on paper; a page at a printer's 1200 dpi would take half a gigabyte
SHOW_PHONES_TEXT = "显示完整电话号码"
PDF_FILTER = "PDF 文件 (*.pdf)"


_open_dialogs: set[PdfPreviewDialog] = set()


class PrintFailedError(KnownError):
    def __init__(self) -> None:
        super().__init__("无法开始打印，请检查打印机是否已连接并开机，然后重试。")


@dataclass(frozen=True)
class DocumentSource:
    """What to preview: ``render(mask_phones)`` makes the PDF (it runs off the UI thread)."""

    title: str  # 会议纪要, 签到表…
    file_name: str  # suggested name for 另存为PDF
    render: Callable[[bool], bytes]
    has_phones: bool = False  # offer 「显示完整电话号码」


def _render_job(source: DocumentSource, mask_phones: bool) -> Callable[[CancelToken], Job[bytes]]:
    def job(_token: CancelToken) -> Job[bytes]:
        yield Progress(0, 0, f"正在生成{source.title}……")
        return source.render(mask_phones)

    return job


def print_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the pages the printer asks for (all by default); return how many were printed."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first < 1 or last < 1:
        first, last = 1, count
    pages = range(first - 1, min(last, count))
    printer.setFullPage(True)  # the PDF carries its own margins
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailedError()
    printed = 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        for index in pages:
            if printed:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            scale = min(paper.width() / size.width(), paper.height() / size.height())
            target = QRectF(0, 0, size.width() * scale, size.height() * scale)
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


class PdfPreviewDialog(QDialog):
    def __init__(self, source: DocumentSource, pdf: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self.setWindowTitle(f"{source.title}预览")
        self.source = source
        self.pdf = b""
        self._buffer: QBuffer | None = None
        self._rendering = False
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages_label = QLabel()
        self.pages_label.setObjectName("pdf_pages")
        self.show_phones = QCheckBox(SHOW_PHONES_TEXT)
        self.show_phones.setObjectName("show_phones")
        self.show_phones.setToolTip("默认隐去电话号码中间四位（如 138****5678），以保护个人信息。")
        self.show_phones.setVisible(source.has_phones)
        self.show_phones.toggled.connect(self._phones_toggled)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("print_button")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("另存为PDF…")
        self.save_button.setObjectName("save_button")
        self.save_button.clicked.connect(self.save_as)
        close_button = QPushButton("关闭")
        close_button.setObjectName("close_button")
        close_button.clicked.connect(self.close)

        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addWidget(self.show_phones)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self._fit_screen()
        self.load(pdf)

    def _fit_screen(self) -> None:
        # A4 read at page width, but never taller than the clerk's screen (often 1366×768).
        size = QSize(820, 980)
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            size = size.boundedTo(QSize(available.width() - 40, available.height() - 60))
            self.resize(size)
            self.move(available.center() - self.rect().center())
        else:
            self.resize(size)

    def load(self, pdf: bytes) -> None:
        """Show ``pdf`` from memory: an unmasked document never touches the disk unless saved."""
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.pdf = pdf
        self.pages_label.setText(f"共 {self.document.pageCount()} 页")

    def _phones_toggled(self, checked: bool) -> None:
        if self._rendering:
            return
        self._rendering = True
        self.show_phones.setEnabled(False)

        def done(pdf: bytes) -> None:
            self.load(pdf)
            self._render_finished()

        def failed(error: BaseException) -> None:
            self.show_phones.blockSignals(True)
            self.show_phones.setChecked(not checked)
            self.show_phones.blockSignals(False)
            self._render_finished()
            worker.report_error(self, error)

        worker.run_job(
            self, f"正在生成{self.source.title}", _render_job(self.source, not checked), done, failed
        )

    def _render_finished(self) -> None:
        self._rendering = False
        self.show_phones.setEnabled(True)

    def print_document(self) -> None:
        printer = new_printer()
        printer.setDocName(self.source.file_name.removesuffix(".pdf"))
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_pages(self.document, printer)
        except KnownError as error:
            messages.show_known_error(self, error)

    def save_as(self) -> None:
        suggested = folders.start_file("documents", self.source.file_name)  # never the hidden data folder
        chosen, _filter = QFileDialog.getSaveFileName(self, "另存为PDF", suggested, PDF_FILTER)
        if not chosen:
            return
        folders.remember("documents", chosen)
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            write_pdf_atomically(self.pdf, target)
        except KnownError as error:
            messages.show_known_error(self, error)
            return
        log.info("document saved: %s", target)
        messages.show_info(self, f"已保存：{target}")


def open_preview(
    parent: QWidget | None,
    source: DocumentSource,
    on_open: Callable[[PdfPreviewDialog], None] | None = None,
) -> worker.JobHandle[bytes]:
    """Make the PDF off the UI thread, then show the preview; errors (e.g. missing glyphs) in Chinese.

    Unprintable characters are refused while the PDF is made, so the clerk is told which ones before
    any preview or printing.
    """

    def done(pdf: bytes) -> None:
        dialog = PdfPreviewDialog(source, pdf, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Without a parent nothing else would keep the window alive once this function returns.
        _open_dialogs.add(dialog)
        dialog.finished.connect(lambda _result: _open_dialogs.discard(dialog))
        dialog.destroyed.connect(lambda *_args: _open_dialogs.discard(dialog))
        dialog.show()
        if on_open is not None:
            on_open(dialog)

    return worker.run_job(parent, f"正在生成{source.title}", _render_job(source, True), done)
