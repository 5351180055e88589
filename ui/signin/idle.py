"""Idle sign-out on a shared kiosk: a spoken, visible warning, and one tap keeps the session."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel

from app.idle import IdleClock
from ui.widgets.buttons import BigButton

_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}


class IdleWatcher(QObject):
    """Watches every touch and key in the application; signals a warning, then expiry."""

    sig_warning = Signal(int)
    """Seconds left before sign-out (emitted once a second while warning)."""

    sig_active = Signal()
    """The warning is over because someone touched the screen."""

    sig_expired = Signal()
    """The idle time ran out."""

    def __init__(
        self,
        timeout_s: float,
        warning_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.idle = IdleClock(timeout_s, warning_s, clock())
        self.armed = False
        # Idle time does not run while this says so (an emergency is on screen).
        self.paused_when: Callable[[], bool] = lambda: False
        self._warning = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    def arm(self) -> None:
        """Start watching (a resident signed in)."""
        self.armed = True
        self.touch()
        self._timer.start()

    def disarm(self) -> None:
        self.armed = False
        self._timer.stop()
        self._end_warning()

    def touch(self) -> None:
        self.idle.touch(self.clock())
        self._end_warning()

    def _end_warning(self) -> None:
        if self._warning:
            self._warning = False
            self.sig_active.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and event.type() in _INPUT_EVENTS:
            self.touch()
        return False

    def check(self) -> None:
        if not self.armed:
            return
        now = self.clock()
        if self.paused_when():
            self.idle.touch(now)
            return
        state = self.idle.state(now)
        if state == "expired":
            self.disarm()
            self.sig_expired.emit()
        elif state == "warning":
            self._warning = True
            self.sig_warning.emit(math.ceil(self.idle.seconds_left(now)))


class IdleBanner(QFrame):
    """The warning strip above the page: how long until sign-out, and a big 'I am here'.
    It takes its height from the page while shown."""

    sig_keep = Signal()
    """The resident tapped to stay signed in."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.setProperty("role", "warning")
        self.setObjectName("idle_banner")
        layout = self._row = QHBoxLayout(self)
        # Narrow above and below: at large type on a tablet every row of the screen counts.
        side, edge = ctx.theme.mm(3), ctx.theme.mm(1)
        layout.setContentsMargins(side, edge, side, edge)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.keep_button = BigButton(
            self.tr("I am still here"),
            ctx.theme,
            role="primary",
            description=self.tr("Stay signed in"),
        )
        self.keep_button.setObjectName("keep_session")
        self.keep_button.setProperty("primary", True)
        self.keep_button.clicked.connect(self.sig_keep.emit)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.keep_button)
        self.hide()

    def height_for(self, width: int) -> int:
        """Lay the strip out for ``width`` and say how high it must be: the words beside the
        button or above it, whichever is lower (at large type a page has no height to
        spare)."""
        margins = self._row.contentsMargins()
        inner = width - margins.left() - margins.right()
        button = self.keep_button.sizeHint()
        beside_width = inner - self._row.spacing() - button.width()
        beside = max(self.text.heightForWidth(max(1, beside_width)), button.height())
        above = self.text.heightForWidth(max(1, inner)) + self._row.spacing() + button.height()
        stacked = beside_width <= 0 or above < beside
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self._row.direction() != direction:
            self._row.setDirection(direction)
        self._row.invalidate()
        return max(self._row.totalHeightForWidth(width), self._row.totalMinimumSize().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # The words keep every line they wrap to at the width they were given, whatever the
        # button asks for.
        self.text.setMinimumHeight(max(0, self.text.heightForWidth(max(1, self.text.width()))))

    def heightForWidth(self, width: int) -> int:
        return self.height_for(width)

    def show_seconds(self, seconds: int) -> None:
        """Say how long is left (shown by the window: ``Navigator.show_banner``)."""
        # In the language of whoever is signed in now (it may have changed since).
        self.keep_button.set_label(self.tr("I am still here"), self.tr("Stay signed in"))
        self.text.setText(
            self.tr("For your privacy you will be signed out in %1 seconds.").replace(
                "%1", str(seconds)
            )
        )
        if self.isHidden():  # the first second of the warning
            self.ctx.say(self.tr("Are you still there? Tap the screen to stay signed in."))
