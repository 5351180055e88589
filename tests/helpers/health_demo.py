"""Child program of the Health demo test: ``python main.py --demo`` as it starts, driven as an
elder would (Health, then blood pressure) until the reading's result screen says the center
has it. Run from the repository root with ELDERKIOSK_HOME set to a throw-away folder:

    python -m tests.helpers.health_demo

It prints ``result NUMBER LEVEL DELIVERY`` for each look at the result screen, then ``sent``
once the embedded center stored the reading, or ``timeout SCREEN`` after a minute.
"""

from __future__ import annotations

import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import kiosk_main

LOOK_MS = 100
MOST_LOOKS = 600  # a minute


def _drive(kiosk: Any) -> None:
    from PySide6.QtCore import QTimer

    from ui.health.home import HealthHomeScreen
    from ui.health.result import ResultScreen
    from ui.health.words import SEEN, SENT

    looks = {"count": 0, "tapped": False}

    def look() -> None:
        looks["count"] += 1
        window = kiosk.window
        screen = window.current()
        if looks["count"] == 1:
            window.open_feature("health")
        elif isinstance(screen, HealthHomeScreen) and not looks["tapped"]:
            looks["tapped"] = True
            screen.tiles["blood_pressure"].click()
        elif isinstance(screen, ResultScreen):
            number = screen.groups[0].number.text() if screen.groups else "-"
            level = screen.judgement.level.value
            print("result", number, level, screen.delivery, flush=True)
            if screen.delivery in (SENT, SEEN):
                print("sent", flush=True)
                kiosk.app.quit()
                return
        if looks["count"] >= MOST_LOOKS:
            print("timeout", type(screen).__name__, flush=True)
            kiosk.app.quit()
            return
        QTimer.singleShot(LOOK_MS, look)

    QTimer.singleShot(LOOK_MS, look)


def run() -> int:
    started = kiosk_main.init_sync

    def init_sync(kiosk: Any) -> None:
        started(kiosk)
        _drive(kiosk)

    kiosk_main.init_sync = init_sync  # type: ignore[assignment]
    return kiosk_main.main(["--demo"])


if __name__ == "__main__":
    sys.exit(run())
