"""Helpers for the staff side: a PIN store with a quick hash and a wall clock moved by hand,
and a kiosk with its own folders so the admin screens can keep the PIN and the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from PySide6.QtCore import QPoint, Qt

from app.admin.pin import PinStore

STAFF_PIN = "246810"


class WallClock:
    """Seconds since the epoch, moved by the test."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def quick_hasher() -> PasswordHasher:
    """argon2id with small costs: the same checks, in milliseconds instead of 0.2 s."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def pin_store(folder: Path, clock: WallClock | None = None, pin: str | None = None) -> PinStore:
    """A store in ``folder`` (a restart is another store on the same folder)."""
    store = PinStore(folder, hasher=quick_hasher(), clock=clock or WallClock())
    if pin is not None:
        store.set_pin(pin)
    return store


class StaffKiosk:
    """A kiosk window whose staff settings keep their PIN and settings in ``folder``, with
    the admin part's clocks moved by hand."""

    def __init__(self, kiosk: Any, folder: Path) -> None:
        from app.paths import Paths
        from tests.helpers.kiosk_fixtures import FakeClock

        self.kiosk = kiosk
        self.paths = Paths(folder / "config", folder / "data", folder / "logs")
        self.paths.create()
        kiosk.ctx.paths = self.paths
        self.part = kiosk.window.part("admin")
        self.clock = FakeClock()  # the corner taps and the staff session's idle time
        self.part.clock = self.clock
        self.wall = WallClock()  # the PIN lockout's
        self.part.pins = pin_store(self.paths.data_dir, self.wall, pin=STAFF_PIN)

    def tap_corner(self, times: int = 5, every_s: float = 0.4) -> None:
        window = self.kiosk.window
        where = QPoint(3, 3)
        target = window.childAt(where) or window
        for _ in range(times):
            self.kiosk.qtbot.mouseClick(
                target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, where)
            )
            self.clock.now += every_s

    def type_pin(self, pin: str) -> None:
        screen = self.kiosk.current()
        for digit in pin:
            screen.pad.press(digit)
        screen.pad.press("ok")
        self.kiosk.wait_idle()

    def open_menu(self) -> Any:
        from ui.admin.menu import StaffMenuScreen
        from ui.admin.pin_screen import PinScreen

        self.tap_corner()
        self.kiosk.wait_screen(PinScreen)
        self.type_pin(STAFF_PIN)
        return self.kiosk.wait_screen(StaffMenuScreen)

    def open_section(self, name: str) -> Any:
        menu = self.open_menu()
        button = next(b for b in menu.entries if b.objectName() == name)
        self.kiosk.tap(button)
        return self.kiosk.current()

    def tap(self, widget: Any) -> None:
        """Turn the screen's pager to ``widget`` (More, as staff would), then tap it."""
        self.kiosk.current().pager.show_widget(widget)
        self.kiosk.tap(widget)

    def saved(self) -> dict[str, Any]:
        import tomllib

        self.kiosk.wait_idle()
        return tomllib.loads(self.paths.config_file.read_text(encoding="utf-8"))
