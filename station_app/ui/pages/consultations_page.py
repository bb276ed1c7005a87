"""协商议题: the list (search, filters, due 下步措施) and, in its place, the editor of one record."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain import figures
from station_app.services.list_rows import ConsultationFilter, ConsultationRow
from station_app.services.station_info import StationInfo
from station_app.ui import messages
from station_app.ui.empty_hint import EmptyHint
from station_app.ui.flow_layout import FlowLayout
from station_app.ui.models.consultation_table import ConsultationTableModel
from station_app.ui.pages.consultation_filters import ConsultationFilters
from station_app.ui.pages.consultations_view import consultations_view
from station_app.ui.pages.due_label import DueLabel
from station_app.ui.pages.due_strip import list_kind, split_link
from station_app.ui.pages.ledger_buttons import LedgerButtons

if TYPE_CHECKING:  # the editor, the ledger code and the database load on first use, not at start-up
    from station_app.services import queries
    from station_app.services.ledger import ImportResult
    from station_app.storage.engine import Database
    from station_app.ui.editor.consultation_editor import ConsultationEditor
    from station_app.ui.ledger_dialog import LedgerImportDialog

log = logging.getLogger(__name__)

NEW_BUTTON_TEXT = "新建议题 (Ctrl+N)"
SEARCH_HINT = "搜索议题、内容、姓名、单位（至少2个字，姓名可用拼音首字母）"
SEARCH_DELAY_MS = 350
COUNT_TIP = f"符合筛选条件的议题，不论状态；不设筛选时即全部时间的{figures.label('total')}。\n" + "\n".join(
    figures.footnote(("total",))
)


def count_text(total: int) -> str:
    return f"共 {total} 个议题"


class ConsultationsPage(QWidget):
    """The list page. Built with ``db=None`` and ``first_rows`` at start-up, it shows those rows at
    once and does the rest (filters, counts, the reminder strip, paging) in ``attach_database``."""

    # The editor of a topic opened from another page was closed: the key of the page to go back to.
    return_requested = Signal(str)

    def __init__(
        self,
        db: Database | None,
        info: StationInfo,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        first_rows: Sequence[ConsultationRow] = (),
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._info = info
        self._fixed_today = today
        self.editor: ConsultationEditor | None = None
        self._return_to: tuple[str, str] | None = None  # (page key, its name) the editor goes back to
        self._changed: list[str] = []

        self.model = ConsultationTableModel(db, self, first_rows=first_rows)
        self.ledger: LedgerButtons | None = None  # a hub records no topics: no ledger buttons
        self.list_panel = self._build_list_panel()
        self.stack = QStackedWidget()
        self.stack.setObjectName("consultations_stack")
        self.stack.addWidget(self.list_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_box.returnPressed.connect(self.apply_filter)
        self.model.modelReset.connect(self._update_count)
        if db is not None:
            self._fill_from_database()
        else:  # the reminders and the counts come with the database, a moment later
            self._set_controls_enabled(False)

    def attach_database(self, db: Database) -> None:
        """The database has opened after the first paint: page on, count, fill the filters."""
        self._db = db
        self.model.attach(db)
        self._fill_from_database()
        self._set_controls_enabled(True)

    def _fill_from_database(self) -> None:
        self.refresh_choices()
        self.refresh_due()
        self._update_count()

    def _set_controls_enabled(self, enabled: bool) -> None:
        for action in (self.new_action, self.find_action):
            action.setEnabled(enabled)
        for kind in (QToolButton, QPushButton, QLineEdit, QComboBox):
            for widget in self.list_panel.findChildren(kind):
                widget.setEnabled(enabled)

    def today(self) -> date:
        return self._fixed_today or date.today()

    # --- building -----------------------------------------------------------------------
    def _build_list_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("consultations_list")
        read_only = self._info.is_hub

        self.new_action = QAction("新建议题", panel)
        self.new_action.setObjectName("action_new_consultation")
        self.new_action.triggered.connect(self.new_consultation)
        self.find_action = QAction("搜索", panel)
        self.find_action.setObjectName("action_find")
        self.find_action.triggered.connect(self.focus_search)
        panel.addAction(self.find_action)

        toolbar = QHBoxLayout()
        if not read_only:
            panel.addAction(self.new_action)
            new_button = QToolButton()
            new_button.setObjectName("new_consultation_button")
            # The button reads its text from the action whenever the action changes (enabled at
            # start-up): the shortcut is kept in the action's icon text, not set on the button once.
            self.new_action.setIconText(NEW_BUTTON_TEXT)
            new_button.setDefaultAction(self.new_action)
            toolbar.addWidget(new_button)
            self.ledger = LedgerButtons(self, lambda: self._db, self.today, self._ledger_imported)
            self.import_button, self.template_button = self.ledger.import_button, self.ledger.template_button
            toolbar.addWidget(self.import_button)
            toolbar.addWidget(self.template_button)
        else:
            self.feedback_button = QPushButton("登记办理反馈…")
            self.feedback_button.setObjectName("hub_feedback_button")
            self.feedback_button.setToolTip("为选中的议题填写办理结果和反馈，随回执包发回联络站")
            self.feedback_button.clicked.connect(self.enter_feedback)
            toolbar.addWidget(self.feedback_button)
        toolbar.addStretch(1)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search_box")
        self.search_box.setPlaceholderText(SEARCH_HINT)
        self.search_box.setToolTip(SEARCH_HINT + "（Ctrl+F）")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(430)
        toolbar.addWidget(self.search_box, 2)

        self.filters = ConsultationFilters(panel, with_township=read_only)
        f = self.filters  # the boxes, by the names the page has always given them
        self.status_combo, self.stage_combo, self.field_combo = f.status_combo, f.stage_combo, f.field_combo
        self.source_combo, self.village_combo, self.year_combo = f.source_combo, f.village_combo, f.year_combo
        self.township_combo = f.township_combo
        f.changed.connect(self.apply_filter)
        f.township_changed.connect(self._township_changed)
        filter_row = QWidget()  # wraps onto a second line in a narrow window (a 1024-px screen)
        filters = FlowLayout(filter_row)
        f.add_to(filters)
        self.clear_button = QPushButton("清除筛选")
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.clear_button)
        self.count_label = QLabel()
        self.count_label.setObjectName("consultation_count")
        self.count_label.setToolTip(COUNT_TIP)
        filters.addWidget(self.count_label)

        self.due_label = DueLabel()
        self.due_label.linkActivated.connect(self.open_due_item)

        self.table = consultations_view(self.model, with_township=read_only)
        # Enter activates a row; a double-click may too (by platform), opening the same record is a no-op.
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(toolbar)
        layout.addWidget(filter_row)
        layout.addWidget(self.table, 1)
        # Below the list, not above it: the strip appears once the database has opened, and rows
        # that moved down under a clerk's first click would open another topic than the one aimed at.
        layout.addWidget(self.due_label)
        self.empty_hint = EmptyHint(self.table, "consultations_empty")
        return panel

    # --- list ---------------------------------------------------------------------------
    def current_filter(self) -> ConsultationFilter:
        return self.filters.current(self.search_box.text().strip())

    def apply_filter(self) -> None:
        self.search_timer.stop()
        flt = self.current_filter()
        if flt != self.model.current_filter:
            self.model.set_filter(flt)
        if self.filters.township() != self.due_label.township:
            self.refresh_due()  # the banner counts the township the list shows, whatever changed it

    def clear_filters(self) -> None:
        self.filters.reset()
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.refresh_choices()  # every township's villages again
        self.apply_filter()

    def _township_changed(self) -> None:
        self.refresh_choices()  # the villages of the chosen township only
        self.apply_filter()
        self.refresh_due()  # the reminders of the chosen township only

    def show_township(self, code: str) -> None:
        """Only the topics of one township (the overview's double-click)."""
        self.clear_filters()
        self.filters.choose_township(code)

    def refresh_choices(self) -> None:
        if self._db is not None:
            self.filters.fill_choices(self._db)

    def refresh_due(self) -> None:
        if self._db is not None:
            self.due_label.refresh(self._db, self.filters.township(), self.today())

    @property
    def due_items(self) -> list[queries.DueItem]:
        return self.due_label.items

    @property
    def due_dialog(self) -> QDialog | None:
        return self.due_label.dialog

    def reload(self) -> None:
        """Everything afresh: after an import, or when another page changed records."""
        self.refresh_choices()
        self.model.reload()
        self.refresh_due()

    def _update_count(self) -> None:
        self.count_label.setText(count_text(self.model.total))
        if self.model.current_filter != ConsultationFilter():
            hint = "没有符合条件的议题。请换个搜索词，或点「清除筛选」。"
        elif self._info.is_hub:
            hint = "还没有协商议题。在「导入数据包」页导入联络站交来的数据包后，议题会显示在这里。"
        else:
            hint = (
                "还没有协商议题。\n点上方「新建议题」（Ctrl+N）登记第一个议题，"
                "或用「从Excel台账导入」导入原有的台账。\n按 F1 查看使用说明。"
            )
        self.empty_hint.show_if_empty(self.model.total, hint)

    def focus_search(self) -> None:
        """Ctrl+F: the list's search box — from an open topic too, by going back to the list
        (unsaved changes are asked about first, as with 返回)."""
        if self.editor is not None and not self.back_to_list():
            return
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def select_consultation(self, consultation_id: str) -> bool:
        row = self.model.row_of(consultation_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return row.id if row is not None else None

    def enter_feedback(self) -> bool:
        """A hub's 办理反馈 for the selected topic; True when one was saved."""
        from station_app.ui.dialogs.feedback_dialog import FeedbackDialog

        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            messages.show_info(self, "请先在列表中选中一个议题。")
            return False
        if self._db is None:
            return False
        topic = f"{row.number}《{row.title}》"
        dialog = FeedbackDialog(self._db, row.id, topic, self._info.clerk_name, self)
        self.feedback_dialog = dialog
        return bool(dialog.exec()) and dialog.saved_id is not None

    def _row_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_consultation(row.id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.editor is None:
            self.refresh_due()

    # --- the editor ---------------------------------------------------------------------
    def new_record(self) -> bool:
        """新建 (Ctrl+N, from anywhere in the window)."""
        return self.new_consultation()

    def new_consultation(self) -> bool:
        if self._info.is_hub:
            return False
        return self._open_editor(None)

    def open_consultation(self, consultation_id: str, return_to: tuple[str, str] | None = None) -> bool:
        """Show one record in the editor (from the list, the reminder strip or another page);
        with ``return_to`` (page key, name) its 返回 button goes back to that page."""
        if not self._open_editor(consultation_id):
            return False
        self._return_to = return_to
        if self.editor is not None and return_to is not None:
            self.editor.back_button.setText(f"返回{return_to[1]}")
        return True

    def open_due_item(self, link: str) -> bool:
        """A reminder's link: the topic, on its 协商 tab, with the 下步措施 row selected; a count's
        link lists every item it counts first."""
        if list_kind(link):
            return self.show_due_list(list_kind(link))
        consultation_id, action_item_id = split_link(link)
        if not self._open_editor(consultation_id):
            return False
        if action_item_id and self.editor is not None:
            self.editor.show_action_item(action_item_id)
        return True

    def show_due_list(self, kind: str) -> bool:
        """All overdue (or due-soon) 下步措施 with their topics; the one chosen opens in the editor."""
        chosen = self.due_label.choose(kind, self.today(), self)
        return bool(chosen) and self.open_due_item(chosen)

    def _open_editor(self, consultation_id: str | None) -> bool:
        if self._db is None:
            return False  # the database opens within a moment of the first paint
        if self.editor is not None:
            if self.editor.consultation_id == consultation_id and consultation_id is not None:
                return True
            if not self.editor.maybe_close():
                return False
            self._close_editor()
        from station_app.ui.editor.consultation_editor import ConsultationEditor

        editor = ConsultationEditor(self._db, self._info, consultation_id, self, today=self._fixed_today)
        editor.saved.connect(self._editor_saved)
        editor.close_requested.connect(self._editor_closed)
        editor.open_requested.connect(self.open_consultation)
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        if consultation_id is None:
            editor.topic.title_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)  # type the title at once
        else:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _editor_saved(self, consultation_id: str) -> None:
        if consultation_id not in self._changed:
            self._changed.append(consultation_id)

    def back_to_list(self) -> bool:
        """返回列表: asks the editor about unsaved changes first."""
        if self.editor is None:
            return True
        if not self.editor.maybe_close():
            return False
        self._editor_closed()
        return True

    def _editor_closed(self) -> None:
        """返回: to the list, or to the page the topic was opened from."""
        back, self._return_to = self._return_to, None
        self._close_editor()
        if back is not None:
            self.return_requested.emit(back[0])

    def _close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        self.stack.setCurrentWidget(self.list_panel)
        self.stack.removeWidget(editor)
        editor.deleteLater()
        changed, self._changed = self._changed, []
        if changed:
            self.refresh_choices()
            for consultation_id in changed:
                if not self.model.refresh_row(consultation_id):
                    break  # the whole list was read again
            self._update_count()
            self.refresh_due()
            self.select_consultation(changed[-1])
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def maybe_leave(self) -> bool:
        """May the window close? Asks the open editor about unsaved changes."""
        return self.editor is None or self.editor.maybe_close()

    # --- ledger ---------------------------------------------------------------------------
    @property
    def ledger_import(self) -> LedgerImportDialog | None:
        """The ledger import dialog while it is open."""
        return self.ledger.dialog if self.ledger is not None else None

    def _ledger_imported(self, result: ImportResult) -> None:
        log.info("list reloaded after importing %d topics", result.imported)
        self.reload()
