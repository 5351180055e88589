"""The application-wide input watchers (the idle sign-out, the staff corner), and setting them
aside while a web view lives.

Both watch every press and key of the kiosk with an event filter on the application. PySide6
(6.11) crashes the process (SIGSEGV in ``getWrapperForQObject``) when such a filter, written
in Python, is installed while QtWebEngine's internal Quick items take focus: making the Python
wrapper of one sets a property, whose event passes the application's filters again, into the
wrapper still being made. So the call screen's web view sets the watchers aside for its life
(:func:`set_aside`, :func:`bring_back`); a call in progress is not idle anyway
(:func:`set_aside_now` pauses the idle sign-out), and nobody needs the staff corner in it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from shiboken6 import isValid

_watchers: list[QObject] = []
_aside = 0  # how many web views want the watchers out of the way


def watch(watcher: QObject) -> None:
    """Give ``watcher`` (its ``eventFilter``) every event of the application."""
    if watcher in _watchers:
        return
    _watchers.append(watcher)
    # A watcher Qt deletes with its window (without unwatch) leaves the list with it.
    watcher.destroyed.connect(lambda *_: _forget_deleted())
    if not _aside:
        _install(watcher)


def unwatch(watcher: QObject) -> None:
    if watcher in _watchers:
        _watchers.remove(watcher)
    application = QCoreApplication.instance()
    if application is not None and isValid(watcher):
        application.removeEventFilter(watcher)


def set_aside() -> None:
    """Take the watchers off the application until :func:`bring_back` (counted: two views
    need two calls of each)."""
    global _aside
    _aside += 1
    if _aside == 1:
        _forget_deleted()
        application = QCoreApplication.instance()
        if application is not None:
            for watcher in _watchers:
                application.removeEventFilter(watcher)


def bring_back() -> None:
    global _aside
    if _aside == 0:
        return
    _aside -= 1
    if _aside == 0:
        _forget_deleted()
        for watcher in _watchers:
            _install(watcher)


def set_aside_now() -> bool:
    """Whether the watchers are aside (a web view is open)."""
    return _aside > 0


def _forget_deleted() -> None:
    _watchers[:] = [watcher for watcher in _watchers if isValid(watcher)]


def _install(watcher: QObject) -> None:
    application = QCoreApplication.instance()
    if application is not None:
        application.installEventFilter(watcher)
