"""Python's cycle collector, run on the UI thread between events and nowhere else.

Python collects reference cycles whenever enough objects have been allocated, on whatever
thread happens to be allocating: a worker reading the lessons or saving a reading, the
listener's thread, a slot in the middle of Qt's event handling. A cycle that holds a Qt
object then destroys that object there: on a thread it does not belong to, or while Qt is
inside one of its methods. That crashes the process ("Segmentation fault" while
"Garbage-collecting") or leaves a lock held for ever, at a moment nobody can predict. So the
automatic collection is switched off, and a timer on the UI thread does the same work between
events: each generation is collected once its count passes the threshold Python itself uses.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250
# Python also waits for the oldest generation until a quarter of the long-lived objects are
# new; that figure is not visible from Python, so a full collection is at most this often.
FULL_AT_MOST_EVERY_S = 60.0


class Collector:
    """Collects what is due, as Python's automatic collection would (pure Python, no Qt)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_full = clock()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (the younger ones
        with it); the number of unreachable objects found, 0 when nothing was due."""
        thresholds, counts = gc.get_threshold(), gc.get_count()
        for generation in (2, 1, 0):
            if not thresholds[generation] or counts[generation] <= thresholds[generation]:
                continue
            if generation == 2:
                if self._clock() - self._last_full < FULL_AT_MOST_EVERY_S:
                    continue
                self._last_full = self._clock()
            return gc.collect(generation)
        return 0


class UiThreadCollector(QObject):
    """Switches automatic collection off and collects on the UI thread's timer instead.

    Made on the UI thread (its timer fires there); :meth:`start` once the application exists,
    :meth:`stop` gives collection back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collector = Collector()
        self._was_enabled = True
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Stop collecting here; automatic collection comes back if it was on at start."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        return self.collector.collect_due()
