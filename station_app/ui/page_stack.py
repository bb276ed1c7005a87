"""The main window's pages, each built the first time it is shown or asked for.

Only the first page is needed for the first paint; the others pull in heavy modules (the PDF
library, charts, the hub) that would otherwise slow every start. Until a page is built its slot in
the stack holds an empty placeholder, which the real page replaces in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QStackedWidget, QWidget

PageFactory = Callable[[str], QWidget]


class PagePlaceholder(QWidget):
    """An empty slot in the stack, standing for a page not built yet."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"page_{key}_pending")


class LazyPages(Mapping[str, QWidget]):
    """Pages by key, in navigation order; looking one up builds it if needed."""

    def __init__(self, stack: QStackedWidget, factory: PageFactory) -> None:
        self._stack = stack
        self._factory = factory
        self._keys: list[str] = []
        self._built: dict[str, QWidget] = {}

    def add(self, key: str, *, build_now: bool = False, page: QWidget | None = None) -> None:
        """The next page; ``page``: one already built (and perhaps already in the stack)."""
        self._keys.append(key)
        if page is not None:
            index = len(self._keys) - 1
            if self._stack.indexOf(page) != index:
                self._stack.removeWidget(page)
                self._stack.insertWidget(index, page)
            page.setObjectName(f"page_{key}")
            self._built[key] = page
            return
        self._stack.addWidget(PagePlaceholder(key))
        if build_now:
            self.ensure(key)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def ensure(self, key: str) -> QWidget:
        page = self._built.get(key)
        if page is not None:
            return page
        index = self._keys.index(key)
        page = self._factory(key)
        page.setObjectName(f"page_{key}")
        self._built[key] = page
        placeholder = self._stack.widget(index)
        was_current = self._stack.currentIndex() == index
        self._stack.insertWidget(index, page)
        if placeholder is not None:
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
        if was_current:
            self._stack.setCurrentIndex(index)
        return page

    def show(self, index: int) -> None:
        """Show the page at ``index`` (building it first)."""
        if 0 <= index < len(self._keys):
            self.ensure(self._keys[index])
        self._stack.setCurrentIndex(index)

    def index(self, key: str) -> int:
        return self._keys.index(key)

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._keys:
            raise KeyError(key)
        return self.ensure(key)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
