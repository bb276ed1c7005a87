"""The status buttons: only what the lifecycle rules allow now; forward steps still missing
something are shown disabled, with what is missing in their tooltip."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from station_app.domain.lifecycle import Transition, TransitionKind
from station_app.ui.editor.record import TransitionOption

UNSAVED_HINT = "（如已填写，请先保存）"


class TransitionBar(QWidget):
    requested = Signal(object)  # the Transition chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transition_bar")
        self.buttons: dict[str, QPushButton] = {}  # by label, e.g. 「立题」
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_options(
        self, options: tuple[TransitionOption, ...], allowed: list[Transition], dirty: bool
    ) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        allowed_keys = {(t.target, t.kind) for t in allowed}
        forward = [o for o in options if o.transition.kind is TransitionKind.FORWARD]
        other = [o for o in options if o.transition.kind is not TransitionKind.FORWARD]
        for option in forward:
            self._add(option, (option.transition.target, option.transition.kind) in allowed_keys, dirty)
        if other:
            self._layout.addSpacing(16)
        for option in other:
            # Back, reject and revoke never depend on what is filled in: shown only when allowed.
            if (option.transition.target, option.transition.kind) in allowed_keys:
                self._add(option, True, dirty)

    def _add(self, option: TransitionOption, enabled: bool, dirty: bool) -> None:
        t = option.transition
        button = QPushButton(t.label)
        button.setObjectName(f"transition_{t.kind.value}_{t.target.value}")
        button.setEnabled(enabled)
        if enabled:
            button.setToolTip(
                f"将状态由“{t.source}”变为“{t.target}”" + ("，需要填写理由" if t.needs_reason else "")
            )
        else:
            missing = "；".join(option.missing)
            button.setToolTip(f"还不能“{t.label}”：{missing}{UNSAVED_HINT if dirty else ''}")
        if t.kind is TransitionKind.FORWARD:
            font = button.font()
            font.setBold(True)
            button.setFont(font)
        button.clicked.connect(lambda _checked=False, t=t: self.requested.emit(t))
        self._layout.addWidget(button)
        button.show()  # at once, not at the next event loop turn: the clerk may click right away
        self.buttons[t.label] = button
