"""Both versions of a conflicting record side by side, full texts, the differing part highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from station_app.hub.conflict_words import CURRENT, INCOMING, FieldDifference, Segment
from station_app.hub.conflicts import ConflictView

MARK = "background-color:#ffe08a;"


def _html(runs: list[Segment]) -> str:
    return "".join(
        f'<span style="{MARK}">{escape(run.text)}</span>' if run.changed else escape(run.text) for run in runs
    ).replace("\n", "<br>")


def side_html(found: list[FieldDifference], *, incoming: bool) -> str:
    """One side of the comparison: each differing field by name, its full text, differences marked."""
    parts = []
    for diff in found:
        left, right = diff.marked()
        parts.append(f"<p><b>{escape(diff.label)}</b><br>{_html(right if incoming else left)}</p>")
    return "".join(parts) or "<p>（没有内容上的差别）</p>"


class ConflictDialog(QDialog):
    """Read-only: the decision is taken on the page, with a confirmation naming what stays."""

    def __init__(self, item: ConflictView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"比较两份内容：{item.station_name} {item.record_name()}")
        found = item.differences()
        self.current_view = QTextBrowser()
        self.current_view.setObjectName("conflict_current_text")
        self.incoming_view = QTextBrowser()
        self.incoming_view.setObjectName("conflict_incoming_text")
        self.current_view.setHtml(side_html(found, incoming=False))
        self.incoming_view.setHtml(side_html(found, incoming=True))
        grid = QGridLayout()
        grid.addWidget(QLabel(f"<b>{CURRENT}</b>"), 0, 0)
        received = item.detected_at.astimezone().strftime("%Y-%m-%d %H:%M")
        grid.addWidget(QLabel(f"<b>{INCOMING}</b>（{received} 导入）"), 0, 1)
        grid.addWidget(self.current_view, 1, 0)
        grid.addWidget(self.incoming_view, 1, 1)
        why = QLabel(f"为什么要人来判断：{item.reason}。只列出两份不同的内容，黄色标出不同之处。")
        why.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(why)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)
