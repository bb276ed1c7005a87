"""Naming a field in a message as the clerk sees it: its form label, or table, row and column."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from station_app.ui.editor.row_table import RowTable

_TAG = re.compile(r"<[^>]+>")


def field_place(widget: QWidget) -> str:
    """「下步措施第2行『时限』」 for a table cell, 「提出日期」 for a form field, '' when unnamed."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, RowTable):
            return parent.place_of(widget)
        parent = parent.parentWidget()
    holder = widget.parentWidget()
    layout = holder.layout() if holder is not None else None
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        if isinstance(label, QLabel):
            return _label_text(label)
    # A field in a grid is named by the label whose buddy it is.
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget:
            return _label_text(label)
    return ""


def _label_text(label: QLabel) -> str:
    return _TAG.sub("", label.text()).replace("＊", "").rstrip("：: ")
