"""帮助 → 使用说明 (F1): the handbook shipped with the program, with a printable PDF of it."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from station_app.services.handbook import find_section, handbook_dir, load_handbook, to_html
from station_app.ui import pdf_preview

TITLE = "使用说明"


def _render(_mask_phones: bool) -> bytes:
    from station_app.documents.handbook import handbook_pdf  # reportlab only when printing

    return handbook_pdf()


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(TITLE)
        self.resize(1000, 680)  # the pictures are 940 pixels wide, shown at their own size
        self.browser = QTextBrowser()
        self.browser.setObjectName("help_text")
        self.browser.setSearchPaths([str(handbook_dir())])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(handbook_dir()) + "/"))
        self.blocks = load_handbook()
        self.browser.setHtml(to_html(self.blocks))
        buttons = QDialogButtonBox()
        self.print_button = QPushButton("打印版（PDF）…")
        self.print_button.setObjectName("help_print")
        self.print_button.clicked.connect(self.show_pdf)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def show_section(self, words: str) -> None:
        """Scroll to the section whose title contains ``words`` (a hub opens at its own part)."""
        anchor = find_section(self.blocks, words)
        if anchor:
            self.browser.scrollToAnchor(anchor)

    def show_pdf(self) -> None:
        pdf_preview.open_preview(self, pdf_preview.DocumentSource(TITLE, f"{TITLE}.pdf", _render))


_open: list[HelpDialog] = []


def show_help(parent: QWidget | None, section: str = "") -> HelpDialog:
    """Non-modal: the clerk reads it beside the window; ``section``: words of the part to open at."""
    if _open and _open[0].isVisible():
        _open[0].raise_()
        _open[0].activateWindow()
        return _open[0]
    _open.clear()
    dialog = HelpDialog(parent)
    _open.append(dialog)
    dialog.destroyed.connect(_open.clear)  # closed with its window: not to be raised again
    dialog.show()
    if section:
        dialog.show_section(section)
    return dialog
