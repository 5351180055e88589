"""``notify_to_paint_ms`` of ``python -m bench vitals``: from a simulated device's last
notification of a measurement to the reading's number painted on the result screen.

Builds the real window in this process on Qt's offscreen platform (home mode, demo residents,
zh_CN, a silent speech backend, 149 DPI, 1280x800) and runs asyncio on Qt's loop with qasync,
as main.py does. Each run opens the blood-pressure measuring screen with a simulated cuff that
answers at once (``pace_s`` 0: no pretend delays), and times from the moment the cuff put its
Blood Pressure Measurement indication in the link's queue (what a Bluetooth notification does)
to the delivery of the first paint event of the result's number (``vital_number``): the parse,
the reading, the judgement, the result screen built and laid out, and the frame. Saving the
reading runs off the UI thread meanwhile, as in the kiosk. A few warm-up runs (lazy imports,
the first layout of each widget) are left out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

from bench.stats import median, percentile

GOAL_P95_MS = 100.0
WARM_UP = 3
LANGUAGE = "zh_CN"
DPI = 149.0
SIZE = (1280, 800)


def measure_notify_to_paint_ms(args: argparse.Namespace) -> dict[str, Any]:
    """p50/p95 (ms) over ``args.paint_runs`` measurements."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-vitals-"))
    try:
        samples = _measure(args.paint_runs, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return {
        "p50": round(median(samples), 1),
        "p95": round(percentile(samples, 95), 1),
        "max": round(max(samples), 1),
        "runs": len(samples),
        "goal_p95": GOAL_P95_MS,
    }


def _measure(runs: int, data_dir: Path) -> list[float]:
    # Qt, qasync and the kiosk load here, after the platform was chosen.
    import qasync
    from PySide6.QtCore import QEvent, QObject, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QWidget

    from app import demo, people
    from app.catalog import load_catalog
    from app.config import Config
    from app.devices.simulator import SimulatedDevice
    from app.store import Store
    from ui.context import AppContext
    from ui.health.measuring import MeasuringScreen
    from ui.session import Session
    from ui.tasks import TaskRunner
    from ui.theme import Theme
    from ui.translations import install_language
    from ui.window import build_window
    from voice.tts import Speaker

    class Silent:
        def speak(self, utterance: object) -> None:
            pass

        def stop(self) -> None:
            pass

    class Stamped:
        """The link's queue of notifications, noting when the device last put one in."""

        def __init__(self, queue: asyncio.Queue[Any]) -> None:
            self.queue = queue
            self.last = 0.0

        def put_nowait(self, item: Any) -> None:
            self.last = time.perf_counter()
            self.queue.put_nowait(item)

    class TimedCuff(SimulatedDevice):
        stamped: Stamped | None = None

        async def _play(self, script: Any, notifications: Any) -> None:
            self.stamped = Stamped(notifications)
            # It needs only put_nowait of the queue it is given.
            await super()._play(script, cast(Any, self.stamped))

    class PaintWatch(QObject):
        """Resolves ``waiting`` at the first paint of the result's number."""

        def __init__(self) -> None:
            super().__init__()
            self.waiting: asyncio.Future[float] | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and self.waiting is not None
                and not self.waiting.done()
                and isinstance(watched, QWidget)
                and watched.objectName() == "vital_number"
            ):
                self.waiting.set_result(time.perf_counter())
            return False

    quiet = {"This plugin does not support propagateSizeHints()"}

    def qt_message(kind: QtMsgType, context: object, message: str) -> None:
        if message not in quiet:
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(qt_message)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if existing is None:
        from ui.collector import UiThreadCollector

        UiThreadCollector(app).start()  # as the kiosk collects cycles (kiosk_main.init_qt)
    install_language(LANGUAGE)
    store = Store(data_dir / "kiosk.sqlite3")
    demo.seed_demo(store)
    resident = people.find_by_card(store, demo.HOME_DEMO_CARD)
    config = Config().with_changes(
        language=LANGUAGE, theme="light", mode="home", vitals_device="simulated"
    )
    tasks = TaskRunner("bench-vitals")
    ctx = AppContext(
        config=config,
        store=store,
        catalog=load_catalog(),
        theme=Theme.create(theme="light", font_scale=100, dpi=DPI),
        tasks=tasks,
        speaker=Speaker(Silent, language=LANGUAGE),
        session=Session("home", resident),
    )
    window = build_window(ctx)
    window.resize(*SIZE)
    window.show()
    watch = PaintWatch()
    app.installEventFilter(watch)
    samples: list[float] = []

    async def settle() -> None:
        window.home()
        while tasks.busy:
            await asyncio.sleep(0.002)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        await asyncio.sleep(0.02)

    async def one() -> float:
        await settle()
        cuff = TimedCuff(["normal"], pace_s=0.0)
        watch.waiting = asyncio.get_running_loop().create_future()
        window.open_feature("health")
        window.push(MeasuringScreen(ctx, window, "blood_pressure", link=cuff))
        painted = await asyncio.wait_for(watch.waiting, timeout=10)
        assert cuff.stamped is not None
        return (painted - cuff.stamped.last) * 1000

    async def all_runs() -> None:
        for index in range(WARM_UP + runs):
            sample = await one()
            if index >= WARM_UP:
                samples.append(sample)
        await settle()

    loop = qasync.QEventLoop(app)
    try:
        loop.run_until_complete(all_runs())
    finally:
        app.removeEventFilter(watch)
        window.shutdown()
        tasks.shutdown()
        ctx.speaker.close()
        store.close()
        loop.close()
    return samples
