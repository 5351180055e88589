"""The application-wide input watchers: set aside while a web view lives, back after, and a
watcher Qt deleted with its window never breaks the others."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui import app_input


class Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.keys = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            self.keys += 1
        return False


def press(widget: QWidget) -> None:
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    )


def test_watchers_are_set_aside_and_come_back(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    counter = Counter()
    app_input.watch(counter)
    try:
        press(widget)
        assert counter.keys == 1
        app_input.set_aside()
        app_input.set_aside()  # two views
        assert app_input.set_aside_now()
        press(widget)
        app_input.bring_back()
        press(widget)
        assert counter.keys == 1  # one view still open
        app_input.bring_back()
        assert not app_input.set_aside_now()
        press(widget)
        assert counter.keys == 2
        app_input.bring_back()  # one too many: nothing happens
        assert not app_input.set_aside_now()
    finally:
        app_input.unwatch(counter)
    press(widget)
    assert counter.keys == 2


def test_a_deleted_watcher_is_forgotten(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    gone, kept = Counter(), Counter()
    app_input.watch(gone)
    app_input.watch(kept)
    try:
        gone.deleteLater()
        qtbot.waitUntil(lambda: gone not in app_input._watchers)
        app_input.set_aside()
        app_input.bring_back()
        press(widget)
        assert kept.keys == 1
    finally:
        app_input.unwatch(kept)
