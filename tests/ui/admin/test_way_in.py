"""The way into the staff settings: five taps on the hidden corner within three seconds, then
the staff PIN, with its lockout shown in words; leaving goes home, and so does a forgotten
session after the idle time."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.admin.pin import TRIES_BEFORE_LOCK
from tests.helpers.admin import STAFF_PIN, StaffKiosk
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.admin.menu import StaffMenuScreen
from ui.admin.pin_screen import PinScreen
from ui.kiosk_exit import STAFF_EXIT_STATUS


def staff(kiosk_factory: KioskFactory, tmp_path: Path, **options: object) -> StaffKiosk:
    return StaffKiosk(kiosk_factory(**options), tmp_path)


def test_five_taps_in_the_corner_within_three_seconds_ask_for_the_pin(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path, mode="kiosk")
    admin.tap_corner(4)
    assert kiosk_is_home(admin)
    admin.tap_corner(1)
    admin.kiosk.wait_screen(PinScreen)


def test_slow_taps_or_a_tap_elsewhere_do_not_open_it(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    admin.tap_corner(5, every_s=0.8)  # five taps over four seconds
    assert kiosk_is_home(admin)
    admin.tap_corner(3)
    admin.kiosk.tap(admin.kiosk.window.read_button)  # an elder's tap in between
    admin.tap_corner(2)
    assert isinstance(admin.kiosk.current(), type(admin.kiosk.window._history[0]))


def kiosk_is_home(admin: StaffKiosk) -> bool:
    admin.kiosk.qtbot.wait(50)  # the screen would open on the next turn of the event loop
    return admin.kiosk.current().is_home


def test_the_right_pin_opens_the_settings_and_back_goes_home(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    admin.tap_corner()
    pin = admin.kiosk.wait_screen(PinScreen)
    assert pin.pad.display.text() == ""
    for digit in STAFF_PIN[:3]:
        pin.pad.press(digit)
    assert pin.pad.display.text() == "●●●"  # never the digits
    pin.pad.clear()
    admin.type_pin(STAFF_PIN)
    admin.kiosk.wait_screen(StaffMenuScreen)
    admin.kiosk.tap(admin.kiosk.window.back_button)
    assert admin.kiosk.current().is_home


def test_wrong_pins_count_down_then_lock_the_pad_away(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path, language="en_US")
    admin.tap_corner()
    screen = admin.kiosk.wait_screen(PinScreen)
    admin.type_pin("000000")
    assert "4 tries left" in screen.message.text()
    for _ in range(TRIES_BEFORE_LOCK - 1):
        admin.type_pin("000000")
    assert "locked until" in screen.message.text() and "(1 min)" in screen.message.text()
    assert not screen.pad.isVisible()
    # Locked, the right PIN is not even checked; a new PIN screen says so too.
    admin.kiosk.tap(admin.kiosk.window.home_button)
    admin.tap_corner()
    again = admin.kiosk.wait_screen(PinScreen)
    assert "locked until" in again.message.text()
    admin.wall.advance(60)
    again._refresh()
    assert again.pad.isVisible()
    admin.type_pin(STAFF_PIN)
    admin.kiosk.wait_screen(StaffMenuScreen)


def test_without_a_pin_the_screen_says_how_to_set_one(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path, language="en_US")
    admin.part.pins.pin_file.unlink()
    admin.tap_corner()
    screen = admin.kiosk.wait_screen(PinScreen)
    assert "--set-admin-pin" in screen.message.text()
    assert not screen.pad.isVisible()


def test_a_forgotten_staff_session_goes_home_after_the_idle_time(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path, language="en_US")
    menu = admin.open_menu()
    timeout = admin.kiosk.ctx.config.idle_signout_s
    admin.clock.now += timeout - 10
    admin.part.check_idle()
    assert "close in 10 seconds" in menu.news.text()
    admin.clock.now += 10
    admin.part.check_idle()
    assert admin.kiosk.current().is_home


def test_leaving_kiosk_mode_quits_with_the_status_systemd_leaves_stopped(
    kiosk_factory: KioskFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ui.kiosk_exit")
    admin = staff(kiosk_factory, tmp_path, mode="kiosk")
    leave = admin.open_section("admin_leave")
    assert admin.kiosk.window.exit_status == 0
    admin.kiosk.tap(leave.stay_button)
    assert isinstance(admin.kiosk.current(), StaffMenuScreen)
    leave = admin.kiosk.current()
    admin.kiosk.tap(next(b for b in leave.entries if b.objectName() == "admin_leave"))
    admin.kiosk.tap(admin.kiosk.current().leave_button)
    assert admin.kiosk.window.exit_status == STAFF_EXIT_STATUS
    # The log says which way staff left (not the key combination, which is not set).
    assert "staff left the kiosk from the staff settings" in caplog.messages
