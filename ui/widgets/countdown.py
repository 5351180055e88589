"""A visible, spoken countdown in whole seconds; the only countdown an elder ever meets."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Countdown(QWidget):
    """Counts from ``seconds`` to zero, once a second, showing the number in huge type."""

    sig_tick = Signal(int)
    """Seconds left, emitted at the start and after every second."""

    sig_finished = Signal()
    """Reached zero without being stopped."""

    def __init__(self, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seconds = seconds
        self.remaining = seconds
        self.number = QLabel(str(seconds))
        self.number.setProperty("role", "countdown")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.remaining = self._seconds
        self._show()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _show(self) -> None:
        self.number.setText(str(self.remaining))
        self.number.setAccessibleName(str(self.remaining))
        self.sig_tick.emit(self.remaining)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._timer.stop()
            self.remaining = 0
            self.number.setText("0")
            self.sig_finished.emit()
        else:
            self._show()
