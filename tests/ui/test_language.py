"""Switching between 中文 and English on the spot, without a restart."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt

from tests.helpers.kiosk_fixtures import KioskFactory, understood_by_voice
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen


def test_english_on_the_home_screen_switches_everything(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory()  # zh_CN
    window = kiosk.window
    home = kiosk.current()
    assert home.language_button.text() == "English"
    kiosk.tap(home.language_button)

    home = kiosk.wait_screen(HomeScreen)
    assert window.title_label.text() == "Services"
    assert home.tiles["meals"].accessibleName().startswith("Meals")
    assert window.sos_button.text() == "SOS" and window.read_button.text() == "Read aloud"
    assert window.speak_button.text() == "Speak"
    assert home.language_button.text() == "中文"
    assert kiosk.ctx.language == "en_US"
    assert kiosk.ctx.speaker.language == "en_US"  # the voice of the speaker too
    assert window.voice.language == "en_US"  # and what the listener listens for
    assert QLocale().name() == "en_US"  # numbers, dates and times
    kiosk.wait_spoken("Community services")

    kiosk.tap(home.language_button)
    home = kiosk.wait_screen(HomeScreen)
    assert window.title_label.text() == "社区服务"
    assert kiosk.ctx.speaker.language == "zh_CN"
    kiosk.wait_spoken("社区服务")


def test_screens_opened_after_the_switch_speak_the_new_language(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory(language="en_US")
    kiosk.tap(kiosk.current().language_button)
    home = kiosk.wait_screen(HomeScreen)
    kiosk.tap(home.tiles["meals"])
    meal = kiosk.wait_screen(ChoiceScreen)
    assert kiosk.window.title_label.text() == "助餐"
    assert meal.buttons["tomorrow_lunch"].text() == "明天午餐"
    assert kiosk.window.back_button.text() == "返回"


def test_a_shared_kiosk_goes_back_to_its_language_when_the_resident_leaves(
    kiosk_factory: KioskFactory,
):
    kiosk = kiosk_factory(mode="kiosk")
    kiosk.type_keys("10003")
    with kiosk.qtbot.wait_signal(kiosk.ctx.session.sig_changed, timeout=5000):
        kiosk.press_key(Qt.Key.Key_Return)
    kiosk.wait_idle()
    kiosk.tap(kiosk.wait_screen(HomeScreen).language_button)
    kiosk.wait_screen(HomeScreen)
    assert kiosk.ctx.language == "en_US"
    assert kiosk.window.account_button.text() == "Sign out"

    kiosk.tap(kiosk.window.account_button)
    kiosk.qtbot.waitUntil(lambda: kiosk.ctx.language == "zh_CN", timeout=5000)
    assert kiosk.window.title_label.text() == "社区服务"
    assert kiosk.window.account_button.text() == "刷卡登录"


def test_the_language_can_be_asked_for_by_voice(kiosk_factory):
    kiosk = kiosk_factory()
    assert "language" in kiosk.window.voice.commands(kiosk.current())
    understood_by_voice(kiosk, "英文", "language")
    kiosk.qtbot.waitUntil(lambda: kiosk.ctx.language == "en_US", timeout=5000)
    assert kiosk.window.title_label.text() == "Services"


def test_a_resident_sees_their_own_language_from_sign_in_to_sign_out(
    kiosk_factory: KioskFactory,
):
    from tests.ui.signin.test_signin import tap_digits
    from ui.signin.screen import SignInScreen

    kiosk = kiosk_factory(mode="kiosk")  # a Chinese kiosk
    kiosk.tap(kiosk.current().tiles["meals"])  # type: ignore[attr-defined]
    signin = kiosk.current()
    assert isinstance(signin, SignInScreen)
    tap_digits(kiosk, signin, "20001")  # Margaret Lee, whose language is English
    kiosk.tap(signin.pad.buttons["ok"])

    # On to the meal she tapped, in English, with Back leading home.
    meal = kiosk.wait_screen(ChoiceScreen)
    assert kiosk.ctx.language == "en_US"
    assert kiosk.window.title_label.text() == "Meals"
    assert meal.buttons["tomorrow_lunch"].text() == "Lunch tomorrow"
    assert kiosk.window.account_button.label_text() == "Sign out"
    kiosk.wait_spoken("Welcome, M")
    assert not any("社区" in text for text in kiosk.spoken)  # nothing said in Chinese since
    kiosk.tap(kiosk.window.back_button)
    assert isinstance(kiosk.current(), HomeScreen)
    assert kiosk.window.title_label.text() == "Services"

    kiosk.tap(kiosk.window.account_button)
    kiosk.qtbot.waitUntil(lambda: kiosk.ctx.language == "zh_CN", timeout=5000)
    assert kiosk.window.title_label.text() == "社区服务"
    assert kiosk.ctx.speaker.language == "zh_CN"


def test_a_resident_in_the_kiosks_language_keeps_the_flow_they_started(
    kiosk_factory: KioskFactory,
):
    kiosk = kiosk_factory(mode="kiosk", language="en_US")
    kiosk.type_keys("20001")
    with kiosk.qtbot.wait_signal(kiosk.ctx.session.sig_changed, timeout=5000):
        kiosk.press_key(Qt.Key.Key_Return)
    kiosk.wait_screen(HomeScreen)
    assert kiosk.ctx.language == "en_US"
    assert kiosk.window.title_label.text() == "Services"
