"""The status buttons: only what the lifecycle rules allow now; forward steps still missing
something are shown disabled, with what is missing in their tooltip."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from station_app.domain.lifecycle import Transition, TransitionKind
from station_app.ui.editor.record import TransitionOption


class TransitionBar(QWidget):
    requested = Signal(object)  # the Transition chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transition_bar")
        self.buttons: dict[str, QPushButton] = {}  # by label, e.g. 「立题」
        self._shown: tuple[object, ...] = ()  # which buttons are there, to keep them between updates
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_options(
        self, options: tuple[TransitionOption, ...], allowed: list[Transition], dirty: bool
    ) -> None:
        allowed_keys = {(t.target, t.kind) for t in allowed}
        wanted = tuple(
            (o.transition.label, o.transition.target, o.transition.kind)
            for o in options
            if o.transition.kind is TransitionKind.FORWARD
            or (o.transition.target, o.transition.kind) in allowed_keys
        )
        if wanted == self._shown and self.buttons:
            # Same buttons: only their state changes. Rebuilding them here would delete the button
            # under the mouse when a field loses focus to it, and that first click would be lost.
            for option in options:
                button = self.buttons.get(option.transition.label)
                if button is not None:
                    key = (option.transition.target, option.transition.kind)
                    self._describe(button, option, key in allowed_keys, dirty)
            return
        self._shown = wanted
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
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
        self._describe(button, option, enabled, dirty)
        if t.kind is TransitionKind.FORWARD:
            font = button.font()
            font.setBold(True)
            button.setFont(font)
        button.clicked.connect(lambda _checked=False, t=t: self.requested.emit(t))
        self._layout.addWidget(button)
        button.show()  # at once, not at the next event loop turn: the clerk may click right away
        self.buttons[t.label] = button

    @staticmethod
    def _describe(button: QPushButton, option: TransitionOption, enabled: bool, dirty: bool) -> None:
        t = option.transition
        # With unsaved edits a forward step stays clickable: the editor saves first, then the rules
        # decide (what is missing may just have been typed).
        button.setEnabled(enabled or (dirty and t.kind is TransitionKind.FORWARD))
        if enabled:
            button.setToolTip(
                f"将状态由“{t.source}”变为“{t.target}”" + ("，需要填写理由" if t.needs_reason else "")
            )
        elif dirty:
            button.setToolTip(f"将先保存修改，再“{t.label}”：{'；'.join(option.missing)}")
        else:
            button.setToolTip(f"还不能“{t.label}”：{'；'.join(option.missing)}")
