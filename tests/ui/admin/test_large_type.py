"""The staff PIN and enrolment at the largest type on the home tablet (1280 x 800 at 149 DPI):
the window keeps to the screen, and what went wrong is said on the page of the pad."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.helpers.admin import StaffKiosk
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.admin.connection import EnrolScreen
from ui.admin.pin_screen import PinScreen


def staff_at_200(kiosk_factory: KioskFactory, tmp_path: Path, language: str) -> StaffKiosk:
    return StaffKiosk(kiosk_factory(mode="kiosk", font_scale=200, language=language), tmp_path)


def keeps_to_the_screen(admin: StaffKiosk) -> None:
    window = admin.kiosk.window
    QApplication.processEvents()  # a window that grows does so on the next layout pass
    assert window.height() <= 800
    for button in (window.back_button, window.home_button):
        assert admin.kiosk.top_left_in_window(button).y() + button.height() <= 800


def test_a_wrong_pin_is_said_with_the_pad_on_one_page(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    for language, words in (("en_US", "Wrong PIN. 4 tries left."), ("zh_CN", "再错4次")):
        admin = staff_at_200(kiosk_factory, tmp_path / language, language)
        admin.tap_corner()
        screen = admin.kiosk.wait_screen(PinScreen)
        keeps_to_the_screen(admin)
        admin.type_pin("000000")
        assert words in screen.message.text()
        keeps_to_the_screen(admin)
        assert screen.pager.page_count == 1
        assert screen.message.isVisible() and screen.pad.isVisible()


def test_a_short_code_is_said_in_place_of_the_instruction_with_the_pad(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff_at_200(kiosk_factory, tmp_path, "en_US")
    connection = admin.open_section("admin_connection")
    admin.tap(connection.enrol_button)
    screen = admin.kiosk.wait_screen(EnrolScreen)
    keeps_to_the_screen(admin)
    assert screen.intro.isVisible() and screen.pad.isVisible()
    for digit in "12345":
        screen.pad.press(digit)
    screen.pad.press("ok")
    assert screen.news.text() == "That code has 5 digits, not 12."
    keeps_to_the_screen(admin)
    assert screen.pager.page_count == 1
    assert screen.news.isVisible() and screen.pad.isVisible()
    assert not screen.intro.isVisible()
