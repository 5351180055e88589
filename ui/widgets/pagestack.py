"""The stack of screens in the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


class PageStack(QWidget):
    """Holds the screens and lays out only the one on show.

    A QStackedWidget sizes itself for the largest of all its pages, so the home screen under
    a flow would make every flow screen (which also has the footer) taller than the screen.
    """

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        page.setParent(self)
        page.hide()

    def removeWidget(self, page: QWidget) -> None:
        if page is self._current:
            self._layout.removeWidget(page)
            self._current = None
        page.hide()

    def clear(self) -> None:
        """Show no page (between two pages)."""
        if self._current is not None:
            self._layout.removeWidget(self._current)
            self._current.hide()
            self._current = None
            self._layout.activate()
            self.updateGeometry()

    def currentWidget(self) -> QWidget | None:
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        if page is self._current:
            return
        self.clear()
        self._current = page
        self._layout.addWidget(page)
        page.show()
