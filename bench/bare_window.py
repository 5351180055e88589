"""The baseline for the start-up benchmark: the least a PySide6 window can do.

Shows one empty 1280x800 window, prints ``first-frame <seconds>`` after its first paint (the
same way ``main.py --exit-after-first-frame`` does), then quits.
"""

from __future__ import annotations

import time

STARTED_AT = time.perf_counter()

import sys  # noqa: E402  (the clock starts before anything else is imported)

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


class FirstPaint(QObject):
    """Reports the first paint of the watched window, then ends the application."""

    done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        print(f"first-frame {time.perf_counter() - STARTED_AT:.4f}", flush=True)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("bare")
    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
