"""Small input widgets shared by the editor tabs: optional dates, choice combos, read-only and error marks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from station_app.ui.editor.date_field import EMPTY_DATE_TEXT, DateField
from station_app.ui.editor.datetime_field import DateTimeField

__all__ = ["EMPTY_DATE_TEXT", "ChoiceBox", "DateField", "DateTimeField"]

CHOOSE_TEXT = "请选择"
INVALID_PROPERTY = "invalid"
# Applied once at the editor's top so every marked field, in any tab, shows the same red border.
INVALID_STYLE = (
    '*[invalid="true"] { border: 2px solid #c62828; border-radius: 3px; }'
    ' QTableWidget[invalid="true"] { border: 2px solid #c62828; }'
    # Locked text (an archived topic, finalised minutes, the hub) looks locked, not like a form to fill.
    ' QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: #f1f1f1; color: #333333; }'
)


REQUIRED_MARK = "＊"
REQUIRED_NOTE = "带＊的必须填写。"


def required_text(text: str) -> str:
    """「＊议题名称：」 with the mark in red: the text of every required field's label."""
    return f'<span style="color:#c62828;">{REQUIRED_MARK}</span>{text}'


class RequiredLabel(QLabel):
    """「＊议题名称：」, the mark in red while the form can be edited; no mark when read-only."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.plain = text
        self.show_mark(True)

    def show_mark(self, shown: bool) -> None:
        self.setText(required_text(self.plain) if shown else self.plain)
        self.setToolTip("必须填写" if shown else "")


def required_label(text: str, buddy: QWidget) -> QLabel:
    """A form label marking a field the save refuses when empty."""
    label = RequiredLabel(text)
    label.setObjectName(f"{buddy.objectName()}_label")
    label.setBuddy(buddy)
    return label


def required_note() -> QLabel:
    """「带＊的必须填写。」, hidden with the marks when the form is read-only."""
    note = QLabel(REQUIRED_NOTE)
    note.setObjectName("required_note")
    note.setStyleSheet("color: #666666;")
    return note


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ChoiceBox(QComboBox):
    """A closed list with an explicit 「请选择」 state; ``value()`` is the stored text ('' if none)."""

    def __init__(
        self,
        name: str,
        choices: tuple[str, ...] | list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setPlaceholderText(CHOOSE_TEXT)
        for choice in choices:
            value, label = choice if isinstance(choice, tuple) else (choice, choice)
            self.addItem(label, value)
        self.setCurrentIndex(-1)

    def value(self) -> str:
        data = self.currentData()
        return str(data) if self.currentIndex() >= 0 and data is not None else ""

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index < 0 and value:
            # A value from an older list (or an import) stays visible rather than being dropped.
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(index)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """The red border of a field the save refused; it goes as soon as the clerk changes the field."""
    if invalid:
        _clear_on_edit(widget)
    current = widget.property(INVALID_PROPERTY)
    if current is not None and bool(current) == invalid:
        return
    widget.setProperty(INVALID_PROPERTY, invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


_WATCHED_PROPERTY = "clears_invalid_on_edit"


def _clear_on_edit(widget: QWidget) -> None:
    if widget.property(_WATCHED_PROPERTY):
        return
    widget.setProperty(_WATCHED_PROPERTY, True)

    def edited(*_args: object) -> None:
        mark_invalid(widget, False)

    if isinstance(widget, DateField):
        widget.dateChanged.connect(edited)
        widget.textEdited.connect(edited)
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(edited)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(edited)
    elif isinstance(widget, QTableWidget):
        widget.itemChanged.connect(edited)


def repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def set_read_only(root: QWidget, read_only: bool, *, skip: tuple[QWidget, ...] = ()) -> None:
    """Lock every input below ``root`` (text stays selectable for copying)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if widget in skip or any(s.isAncestorOf(widget) for s in skip):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            if widget.isReadOnly() != read_only:
                widget.setReadOnly(read_only)
                repolish(widget)  # the grey read-only look follows the property
        elif isinstance(widget, QAbstractSpinBox):
            widget.setReadOnly(read_only)
            widget.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        elif isinstance(widget, QComboBox | QAbstractButton):
            widget.setEnabled(not read_only)
        elif isinstance(widget, RequiredLabel):
            widget.show_mark(not read_only)  # nothing to fill in where nothing can be changed
        elif widget.objectName() == "required_note":
            widget.setVisible(not read_only)


def plain_text(name: str, placeholder: str = "", min_height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(min_height)
    return edit


def line_edit(name: str, placeholder: str = "", max_len: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    if max_len:
        edit.setMaxLength(max_len)
    return edit


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def from_iso(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None
