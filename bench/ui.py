"""Tap-to-paint latency: from a tap on the home screen to the next screen's first painted frame.

Builds the real window in this process on Qt's offscreen platform (home mode, demo residents,
zh_CN, a silent speech backend, 149 DPI, 1280x800) and, for each of the nine service tiles and
the four entries (My orders, Health, Learn, Video call), repeatedly:

1. goes home and lets the event loop settle (pending tasks done, dropped screens deleted,
   the home screen painted);
2. takes ``t0``, taps the button with ``QTest.mouseClick`` (press and release, as a finger);
3. watches the screen that is now current for ``QEvent.Paint`` and runs the event loop
   (``processEvents``) until that paint has happened; the sample ends when the call that
   delivered the paint returns, so the whole frame is drawn and flushed.

My orders loads its list in a background task; the sample ends at its first paint (the
"Loading..." page the elder sees first), and the time until the list itself is painted is
reported apart as ``orders_list_ms``. The first tap of each target (cold: lazy imports, icon
renders) is a warm-up round and reported apart as ``first_tap_ms``.

    python -m bench ui [--rounds 20] [--orders 5] [--timeout 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.singletons import pin_singletons, void_call_leaks_none
from bench.stats import median, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_P95_MS = 50.0
LANGUAGE = "zh_CN"
DPI = 149.0
SIZE = (1280, 800)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench ui", description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="counted taps per target")
    parser.add_argument(
        "--orders", type=int, default=5, help="orders placed for the resident first (list size)"
    )
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for a paint")
    parser.add_argument("--platform", default="offscreen", help="Qt platform plugin")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


class SilentBackend:
    """A speech backend that makes no sound, so speech costs only the speaker's queue."""

    def speak(self, utterance: object) -> None:
        pass

    def stop(self) -> None:
        pass


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = args.platform
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-bench-ui-"))
    try:
        return _measure(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _measure(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    # Qt and the kiosk are imported only here, after the platform has been chosen.
    from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QtMsgType, qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from app import demo, people
    from app.catalog import load_catalog
    from app.config import Config
    from app.orders import place_order
    from app.store import Store
    from ui.context import AppContext
    from ui.home.screen import HomeScreen
    from ui.session import Session
    from ui.tasks import TaskRunner
    from ui.theme import Theme
    from ui.translations import install_language
    from ui.window import build_window
    from voice.tts import Speaker

    class PaintWatch(QObject):
        """Notes the time of every paint event of the watched widget."""

        def __init__(self) -> None:
            super().__init__()
            self.paints: list[float] = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints.append(time.perf_counter())
            return False

    leaks = void_call_leaks_none()
    if leaks:
        print(
            "warning: this PySide6 lowers the reference count of None/True on every void call"
            " or emit (Python < 3.12); pinning them so the benchmark can finish."
            " The kiosk itself will abort after enough use: see docs/PERFORMANCE.md.",
            file=sys.stderr,
        )
        pin_singletons()

    quiet = {"This plugin does not support propagateSizeHints()"}  # offscreen, every screen

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
    catalog = load_catalog()
    resident = people.find_by_card(store, demo.HOME_DEMO_CARD)
    if resident is None:
        raise RuntimeError("the demo resident is missing")
    for index in range(args.orders):
        service = catalog.services[index % len(catalog.services)]
        place_order(store, resident, service, {c.id: c.options[0].id for c in service.choices})
    config = Config().with_changes(language=LANGUAGE, theme="light", mode="home")
    ctx = AppContext(
        config=config,
        store=store,
        catalog=catalog,
        theme=Theme.create(theme="light", font_scale=100, dpi=DPI),
        tasks=TaskRunner("bench"),
        speaker=Speaker(SilentBackend, language=LANGUAGE),
        session=Session("home", resident),
    )
    window = build_window(ctx)
    window.resize(*SIZE)
    window.show()

    def pump_until(done: Callable[[], bool], what: str) -> None:
        deadline = time.perf_counter() + args.timeout
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no {what} within {args.timeout} s")
            app.processEvents()

    def pump_until_painted(watch: PaintWatch, after: float) -> float:
        """Run the event loop until ``watch`` saw a paint later than ``after``; return the end."""
        pump_until(lambda: any(t > after for t in watch.paints), "paint")
        return time.perf_counter()

    def wait_for_paint(widget: QWidget, after: float = 0.0) -> float:
        watch = PaintWatch()
        widget.installEventFilter(watch)
        try:
            return pump_until_painted(watch, after)
        finally:
            widget.removeEventFilter(watch)

    def settle() -> HomeScreen:
        window.home()
        pump_until(lambda: not ctx.tasks.busy, "idle task runner")
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the running loop would
        home = window.current()
        assert isinstance(home, HomeScreen)
        home.update()
        wait_for_paint(home)
        app.processEvents()
        return home

    home = settle()
    # The nine service tiles, then the four entries; each looked up on the current home screen.
    targets: dict[str, Callable[[HomeScreen], QWidget]] = {}

    def tile(key: str) -> Callable[[HomeScreen], QWidget]:
        return lambda screen: screen.tiles[key]

    def entry(key: str) -> Callable[[HomeScreen], QWidget]:
        return lambda screen: screen.entries[key]

    for key in home.tiles:
        targets[key] = tile(key)
    for key in home.entries:
        targets[key] = entry(key)

    def tap(name: str) -> dict[str, float]:
        home = settle()
        button = targets[name](home)
        centre = QPoint(button.width() // 2, button.height() // 2)
        # The watch goes on the new screen the moment it becomes current (inside the tap),
        # so no paint of it can be missed, however the tap is delivered.
        watch = PaintWatch()
        opened: list[QWidget] = []

        def watch_screen(screen: QWidget) -> None:
            screen.installEventFilter(watch)
            opened.append(screen)

        window.sig_screen_changed.connect(watch_screen)
        try:
            t0 = time.perf_counter()
            QTest.mouseClick(
                button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
            )
            clicked = time.perf_counter()
        finally:
            window.sig_screen_changed.disconnect(watch_screen)
        screen = window.current()
        if screen is None or screen is home or not opened or opened[-1] is not screen:
            raise RuntimeError(f"tapping {name} did not open a screen")
        try:
            if watch.paints:  # painted while the tap was still being handled
                painted, early = clicked, 1.0
            else:
                painted, early = pump_until_painted(watch, t0), 0.0
        finally:
            for widget in opened:
                widget.removeEventFilter(watch)
        sample = {"total": painted - t0, "handler": clicked - t0, "early": early}
        if name == "orders":
            loaded: list[float] = []

            def note_loaded() -> None:
                if getattr(screen, "loaded", False) and not loaded:
                    loaded.append(time.perf_counter())

            ctx.tasks.sig_idle.connect(note_loaded)
            try:
                note_loaded()
                pump_until(lambda: bool(loaded), "orders list")
            finally:
                ctx.tasks.sig_idle.disconnect(note_loaded)
            sample["list"] = wait_for_paint(screen, after=loaded[0]) - t0
        return sample

    first_tap = {name: tap(name) for name in targets}
    print("warm-up round done", file=sys.stderr)
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for round_index in range(args.rounds):
        for name in targets:
            samples[name].append(tap(name))
        slowest = max(samples[n][-1]["total"] for n in targets) * 1000
        print(
            f"round {round_index + 1}/{args.rounds}: slowest tap {slowest:.1f} ms", file=sys.stderr
        )

    window.shutdown()
    window.close()
    ctx.tasks.shutdown()
    ctx.speaker.close()
    store.close()

    def ms(value: float) -> float:
        return round(value * 1000, 2)

    all_ms = [s["total"] for name in targets for s in samples[name]]
    return {
        "p50_ms": ms(percentile(all_ms, 50)),
        "p95_ms": ms(percentile(all_ms, 95)),
        "max_ms": ms(max(all_ms)),
        "samples": len(all_ms),
        "per_target": {n: ms(median([s["total"] for s in samples[n]])) for n in targets},
        "per_target_p95": {
            n: ms(percentile([s["total"] for s in samples[n]], 95)) for n in targets
        },
        "handler_p50_ms": ms(median([s["handler"] for n in targets for s in samples[n]])),
        "first_tap_ms": {n: ms(first_tap[n]["total"]) for n in targets},
        "orders_list_ms": ms(median([s["list"] for s in samples["orders"]])),
        "painted_during_tap": int(sum(s["early"] for n in targets for s in samples[n])),
        "rounds": args.rounds,
        "goal_p95_ms": GOAL_P95_MS,
        "platform": args.platform,
        "language": LANGUAGE,
        "dpi": DPI,
        "pyside_singleton_leak": leaks,
    }
