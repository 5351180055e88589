"""Render the kiosk's screens to PNG files, for the docs and for looking at changes.

    python -m ui.screenshots OUT_DIR [--dpi 149] [--size 1280x800]

Each screen is shown in zh_CN and en_US, light and dark theme, with demo data, on the
offscreen platform unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import demo, people
from app.catalog import load_catalog
from app.config import Config
from app.store import Store
from ui.context import AppContext
from ui.home.screen import HomeScreen
from ui.session import Session
from ui.shell import MainWindow
from ui.tasks import TaskRunner
from ui.theme import Theme
from ui.translations import install_language
from voice.tts import Speaker, Utterance


class _Silent:
    def speak(self, utterance: Utterance) -> None:
        pass

    def stop(self) -> None:
        pass


def _settle(app: QCoreApplication, ctx: AppContext) -> None:
    """Let background saves and loads finish and the screen repaint."""
    deadline = time.monotonic() + 10
    while ctx.tasks.busy and time.monotonic() < deadline:
        QTest.qWait(10)
    QTest.qWait(50)


def _steps(window: MainWindow) -> list[tuple[str, Callable[[], None]]]:
    """Named ways to reach each screen from the one before."""

    def home() -> None:
        window.home()

    def meals() -> None:
        window.home()
        window.current().tiles["meals"].click()  # type: ignore[union-attr]

    def portions() -> None:
        window.current().buttons["today_lunch"].click()  # type: ignore[union-attr]

    def confirm() -> None:
        window.current().buttons["2"].click()  # type: ignore[union-attr]

    def result() -> None:
        window.current().confirm()  # type: ignore[union-attr]

    def orders() -> None:
        window.current().open_orders()  # type: ignore[union-attr]

    def sos() -> None:
        window.home()
        window.start_sos()

    def sos_raised() -> None:
        screen = window.current()
        screen.countdown.stop()  # type: ignore[union-attr]
        screen._fire()  # type: ignore[union-attr]

    def coming_soon() -> None:
        window.home()
        window.current().open_entry("health")  # type: ignore[union-attr]

    return [
        ("home", home),
        ("meals_choice", meals),
        ("meals_portions", portions),
        ("confirm", confirm),
        ("result", result),
        ("orders", orders),
        ("sos_countdown", sos),
        ("sos_raised", sos_raised),
        ("coming_soon", coming_soon),
    ]


def render(out_dir: Path, *, dpi: float, size: tuple[int, int]) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for language in ("zh_CN", "en_US"):
        install_language(language)
        for theme_name in ("light", "dark"):
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "kiosk.sqlite3")
                demo.seed_demo(store)
                config = Config().with_changes(language=language, theme=theme_name)
                resident = people.find_by_card(store, "10002")
                ctx = AppContext(
                    config,
                    store,
                    load_catalog(),
                    Theme.create(theme=theme_name, font_scale=100, dpi=dpi),
                    TaskRunner("screenshots"),
                    Speaker(_Silent),
                    Session("home", resident),
                )
                window = MainWindow(ctx)
                window.push(HomeScreen(ctx, window))
                window.resize(*size)
                window.show()
                for name, step in _steps(window):
                    step()
                    _settle(app, ctx)
                    path = out_dir / f"{name}_{language}_{theme_name}.png"
                    window.grab().save(str(path))
                    written.append(path)
                window.shutdown()
                window.close()
                ctx.tasks.shutdown()
                ctx.speaker.close()
                store.close()
    install_language("zh_CN")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render every screen to PNG.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--dpi", type=float, default=149.0)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    for path in render(args.out_dir, dpi=args.dpi, size=(width, height)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
