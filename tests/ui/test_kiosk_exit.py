"""Closing the window: refused on a shared kiosk, allowed at home, and staff's way out.

A close request from the window system (Alt+F4, a close button) reaches a widget through its
native window, as a close event sent to ``windowHandle()``; Qt marks the widget's close event
spontaneous then, as it does for a real window manager's request. The program's own
``close()`` (which quitting does) is not spontaneous.
"""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent

from tests.helpers.kiosk_fixtures import FakeClock, Kiosk, KioskFactory
from ui.kiosk_exit import REFUSAL_LOG_INTERVAL_S, STAFF_EXIT_STATUS, staff_key_sequence

STAFF_KEYS = "Ctrl+Alt+Shift+Q"
STAFF_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ShiftModifier
)


def window_manager_close(kiosk: Kiosk) -> bool:
    """Ask the window to close as a window manager does; True if it closed."""
    handle = kiosk.window.windowHandle()
    assert handle is not None
    event = QCloseEvent()
    QCoreApplication.sendEvent(handle, event)
    return event.isAccepted()


def refusal_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "request to close" in r.getMessage()]


def test_kiosk_mode_refuses_the_window_managers_close_and_logs_it_once_a_minute(
    kiosk_factory: KioskFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ui.kiosk_exit")
    kiosk = kiosk_factory(mode="kiosk")
    clock = FakeClock()
    kiosk.window.exit_guard.clock = clock

    assert not window_manager_close(kiosk)
    assert not window_manager_close(kiosk)
    assert kiosk.window.isVisible()
    assert len(refusal_lines(caplog)) == 1

    clock.advance(REFUSAL_LOG_INTERVAL_S)
    assert not window_manager_close(kiosk)
    assert kiosk.window.isVisible()
    assert len(refusal_lines(caplog)) == 2
    assert "(3 so far)" in refusal_lines(caplog)[-1]
    assert kiosk.window.exit_status == 0


def test_home_mode_closes_as_any_window_does(
    kiosk_factory: KioskFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ui.kiosk_exit")
    kiosk = kiosk_factory(mode="home")

    assert window_manager_close(kiosk)
    assert not kiosk.window.isVisible()
    assert refusal_lines(caplog) == []


def test_the_kiosks_own_close_passes_in_kiosk_mode(kiosk_factory: KioskFactory) -> None:
    # Quitting (SIGTERM from systemd) closes every window this way.
    kiosk = kiosk_factory(mode="kiosk")

    assert kiosk.window.close()
    assert not kiosk.window.isVisible()


def test_staff_keys_leave_the_kiosk_when_configured(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk", config_changes={"staff_exit_keys": STAFF_KEYS})
    assert not window_manager_close(kiosk)
    kiosk.activate()

    kiosk.qtbot.keyClick(kiosk.window, Qt.Key.Key_Q, STAFF_MODIFIERS)

    # The application is asked to quit, the way SIGTERM asks it (a no-op outside its event
    # loop, as here; tests/test_kiosk_service.py quits a real kiosk so), and main.py exits
    # with the status after which systemd leaves the kiosk stopped.
    assert kiosk.window.exit_status == STAFF_EXIT_STATUS


def test_staff_keys_do_nothing_when_not_configured(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    assert kiosk.ctx.config.staff_exit_keys == ""
    kiosk.activate()

    kiosk.qtbot.keyClick(kiosk.window, Qt.Key.Key_Q, STAFF_MODIFIERS)

    assert kiosk.window.exit_guard.shortcut is None
    assert kiosk.window.exit_status == 0


@pytest.mark.parametrize("keys", ["Ctrl+Alt+Shift+Q", "ctrl+alt+q", "Meta+F12", "Alt+F4"])
def test_a_key_with_ctrl_alt_or_meta_is_a_staff_combination(keys: str) -> None:
    assert staff_key_sequence(keys) is not None


@pytest.mark.parametrize("keys", ["", "  ", "Q", "Shift+Q", "Ctrl+Alt", "Ctrl+Foo", "Ctrl+Q, X"])
def test_what_a_resident_or_a_card_reader_could_type_is_refused(
    keys: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert staff_key_sequence(keys) is None
    assert bool(caplog.records) == bool(keys.strip())  # a bad setting is logged; none is not


def test_a_bad_combination_leaves_the_kiosk_without_a_keyboard_exit(
    kiosk_factory: KioskFactory, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = kiosk_factory(mode="kiosk", config_changes={"staff_exit_keys": "Q"})

    assert kiosk.window.exit_guard.shortcut is None
    assert "staff_exit_keys = 'Q'" in caplog.text
