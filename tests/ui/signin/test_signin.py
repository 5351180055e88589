"""Kiosk sign-in by number pad or card reader, help for unknown cards, idle sign-out.

Idle time is driven by a fake clock the test moves, and ``IdleWatcher.check()`` is called as
its one-second timer would.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app import outbox
from tests.helpers.kiosk_fixtures import FakeClock, Kiosk, KioskFactory
from tests.helpers.queries import fetch_all
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen
from ui.signin.screen import SignInScreen
from ui.sos.screen import SosCallScreen, SosCountdownScreen

IDLE = {"idle_signout_s": 120, "idle_warning_s": 20}


def tap_digits(kiosk: Kiosk, screen: SignInScreen, digits: str) -> None:
    for digit in digits:
        kiosk.tap(screen.pad.buttons[digit])


def sign_in_for_meals(kiosk: Kiosk, card: str = "10002") -> ChoiceScreen:
    """Tap 助餐 on an empty kiosk, sign in on the pad, arrive at the first question."""
    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()
    assert isinstance(signin, SignInScreen)
    tap_digits(kiosk, signin, card)
    kiosk.tap(signin.pad.buttons["ok"])
    return kiosk.wait_screen(ChoiceScreen)


def test_a_tile_on_an_empty_kiosk_asks_for_a_card_first(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    window = kiosk.window
    assert not kiosk.ctx.session.signed_in
    assert window.account_button.isVisible()
    assert window.account_button.text() == "刷卡登录"
    assert window.resident_label.text() == ""

    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()
    assert isinstance(signin, SignInScreen)
    assert window.title_label.text() == "刷卡登录"
    assert "请把服务卡放到读卡器上，或者输入卡号。" in kiosk.visible_texts()
    assert window.back_button.isVisible() and window.home_button.isVisible()


def test_signing_in_on_the_pad_goes_on_to_the_chosen_service(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    window = kiosk.window
    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()

    tap_digits(kiosk, signin, "10002")
    assert signin.number.text() == "1000 2"
    kiosk.tap(signin.pad.buttons["ok"])

    choice = kiosk.wait_screen(ChoiceScreen)
    kiosk.wait_idle()
    assert choice.service.id == "meals"
    assert choice.choice_list.id == "meal"
    assert kiosk.ctx.session.resident.card_number == "10002"
    assert window.resident_label.text() == "李*国"
    assert window.resident_label.isVisible()
    assert "李建国" not in kiosk.visible_texts()  # the full name never shows on a shared kiosk
    assert window.account_button.text() == "退出"
    kiosk.wait_spoken("欢迎您，李*国。")

    # Back from the question goes home, not into the finished sign-in.
    kiosk.tap(window.back_button)
    assert isinstance(kiosk.current(), HomeScreen)


def test_delete_on_the_pad_removes_the_last_digit(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()
    tap_digits(kiosk, signin, "100029")
    kiosk.tap(signin.pad.buttons["del"])
    assert signin.pad.digits == "10002"
    kiosk.tap(signin.pad.buttons["ok"])
    kiosk.wait_screen(ChoiceScreen)
    assert kiosk.ctx.session.resident.card_number == "10002"


def test_a_card_reader_typing_the_number_and_enter_signs_in(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    window = kiosk.window
    home = kiosk.current()

    kiosk.type_keys("10003")
    signin = kiosk.current()
    assert isinstance(signin, SignInScreen)
    assert signin.pad.digits == "10003"
    with kiosk.qtbot.wait_signal(kiosk.ctx.session.sig_changed, timeout=5000) as blocker:
        kiosk.press_key(Qt.Key.Key_Return)
    [resident] = blocker.args
    assert resident.card_number == "10003"
    kiosk.wait_idle()
    assert kiosk.current() is home  # a reader's sign-in with no service chosen returns home
    assert window.resident_label.text() == "王*芬"
    kiosk.wait_spoken("欢迎您，王*芬。")


def test_an_unknown_card_says_so_and_staff_can_be_called(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk", config_changes={"center_name": "和平里社区"})
    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()
    assert not signin.help_button.isVisible()

    tap_digits(kiosk, signin, "99999")
    kiosk.tap(signin.pad.buttons["ok"])
    message = "没有找到这张卡。请再试一次，或者请工作人员帮忙。"
    kiosk.qtbot.waitUntil(lambda: signin.message.text() == message, timeout=5000)
    kiosk.wait_spoken(message)
    assert not kiosk.ctx.session.signed_in
    assert kiosk.current() is signin
    assert signin.pad.digits == ""  # ready for another try
    assert signin.help_button.isVisible()
    assert signin.help_button.text() == "请工作人员帮忙"
    assert fetch_all(kiosk.store, "SELECT * FROM help_requests") == []

    kiosk.tap(signin.help_button)
    kiosk.wait_idle()
    assert "已经通知工作人员" in signin.message.text()
    kiosk.wait_spoken("已经通知工作人员，请在这里稍等。")
    [request] = fetch_all(kiosk.store, "SELECT * FROM help_requests")
    [event] = [e for e in outbox.events(kiosk.store) if e.kind == "help.request"]
    assert event.payload["request_id"] == request["id"]
    assert event.payload["location"] == "和平里社区"
    assert event.priority == outbox.PRIORITY_HELP
    assert not signin.help_button.isEnabled()  # one request per tap, not one per nervous tap


def test_too_short_a_number_is_not_a_card_number(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()
    tap_digits(kiosk, signin, "123")
    kiosk.tap(signin.pad.buttons["ok"])
    kiosk.wait_idle()
    assert signin.message.text() == "这不是卡号，请再试一次。"
    kiosk.wait_spoken("这不是卡号")
    assert not kiosk.ctx.session.signed_in
    assert not signin.help_button.isVisible()  # a typo needs no staff

    tap_digits(kiosk, signin, "10004")  # the next try works
    kiosk.tap(signin.pad.buttons["ok"])
    kiosk.wait_screen(ChoiceScreen)
    assert kiosk.window.resident_label.text() == "陈*兰"


def test_ok_with_nothing_typed_does_nothing(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    kiosk.tap(kiosk.current().tiles["meals"])
    signin = kiosk.current()
    kiosk.wait_idle()  # what the kiosk does by itself at start (lessons read ahead) is done
    kiosk.tap(signin.pad.buttons["ok"])
    assert not kiosk.ctx.tasks.busy  # nothing was looked up
    assert signin.message.text() == ""
    assert kiosk.current() is signin


def test_letters_from_the_keyboard_are_ignored(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    home = kiosk.current()
    kiosk.type_keys("abc")
    assert kiosk.current() is home  # letters do not open the sign-in

    kiosk.type_keys("1a0b0x0-3")
    signin = kiosk.current()
    assert isinstance(signin, SignInScreen)
    assert signin.pad.digits == "10003"
    kiosk.press_key(Qt.Key.Key_Return)
    kiosk.wait_idle()
    assert kiosk.ctx.session.resident.card_number == "10003"


# -- idle sign-out -------------------------------------------------------------------------------


def idle_kiosk(kiosk_factory: KioskFactory) -> tuple[Kiosk, FakeClock]:
    kiosk = kiosk_factory(mode="kiosk", config_changes=IDLE)
    clock = kiosk.use_fake_idle_clock()
    return kiosk, clock


def test_idle_warns_in_words_and_voice_and_one_tap_keeps_the_session(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk, clock = idle_kiosk(kiosk_factory)
    choice = sign_in_for_meals(kiosk)
    banner = kiosk.idle_banner
    assert not banner.isVisible()

    clock.advance(99)
    kiosk.idle.check()
    assert not banner.isVisible()

    clock.advance(2)  # 101 s without a touch: 19 s left
    kiosk.idle.check()
    assert banner.isVisible()
    assert banner.text.text() == "为保护您的隐私，19 秒后将自动退出登录。"
    kiosk.wait_spoken("您还在吗？点一下屏幕就可以继续使用。")
    assert banner.keep_button.text() == "我还在用"

    clock.advance(5)
    kiosk.idle.check()
    assert "14 秒" in banner.text.text()

    kiosk.tap(banner.keep_button)
    assert not banner.isVisible()
    assert kiosk.ctx.session.signed_in
    assert kiosk.current() is choice
    clock.advance(99)
    kiosk.idle.check()
    assert not banner.isVisible()  # the tap started the full idle time again


def test_idle_time_running_out_signs_out_and_goes_home(kiosk_factory: KioskFactory) -> None:
    kiosk, clock = idle_kiosk(kiosk_factory)
    window = kiosk.window
    sign_in_for_meals(kiosk)
    clock.advance(101)
    kiosk.idle.check()
    assert kiosk.idle_banner.isVisible()

    with kiosk.qtbot.wait_signal(kiosk.ctx.session.sig_changed) as blocker:
        clock.advance(19)
        kiosk.idle.check()
    assert blocker.args == [None]
    assert not kiosk.ctx.session.signed_in
    assert isinstance(kiosk.current(), HomeScreen)
    assert not kiosk.idle_banner.isVisible()
    assert window.resident_label.text() == ""
    assert window.account_button.text() == "刷卡登录"
    kiosk.wait_spoken("已退出登录，再见。")

    # Whatever the next person taps asks for their card.
    kiosk.tap(kiosk.current().tiles["cleaning"])
    assert isinstance(kiosk.current(), SignInScreen)


def test_any_touch_counts_as_activity(kiosk_factory: KioskFactory) -> None:
    kiosk, clock = idle_kiosk(kiosk_factory)
    window = kiosk.window
    choice = sign_in_for_meals(kiosk)
    clock.advance(90)
    kiosk.tap(window.read_button)  # any tap, not only the banner's
    clock.advance(90)
    kiosk.idle.check()
    assert not kiosk.idle_banner.isVisible()
    assert kiosk.ctx.session.signed_in
    assert kiosk.current() is choice


def test_idle_sign_out_waits_while_the_sos_countdown_shows(kiosk_factory: KioskFactory) -> None:
    kiosk, clock = idle_kiosk(kiosk_factory)
    window = kiosk.window
    choice = sign_in_for_meals(kiosk)
    kiosk.tap(window.sos_button)
    countdown = kiosk.current()
    assert isinstance(countdown, SosCountdownScreen)

    clock.advance(600)
    kiosk.idle.check()
    assert kiosk.ctx.session.signed_in
    assert kiosk.current() is countdown
    assert not kiosk.idle_banner.isVisible()

    kiosk.tap(countdown.cancel_button)
    kiosk.tap(kiosk.current().ok_button)  # "Cancelled. No call for help was made." OK
    assert kiosk.current() is choice
    clock.advance(101)  # after the emergency the watcher counts again
    kiosk.idle.check()
    assert kiosk.idle_banner.isVisible()


def test_idle_sign_out_waits_while_help_is_called(kiosk_factory: KioskFactory) -> None:
    kiosk, clock = idle_kiosk(kiosk_factory)
    window = kiosk.window
    sign_in_for_meals(kiosk)
    kiosk.tap(window.sos_button)
    kiosk.hurry_sos_countdown()
    raised = kiosk.wait_screen(SosCallScreen)
    kiosk.wait_idle()

    clock.advance(3600)
    kiosk.idle.check()
    assert kiosk.ctx.session.signed_in
    assert kiosk.current() is raised
    [event] = [e for e in outbox.events(kiosk.store) if e.kind == "sos.raise"]
    assert event.payload["resident_card"] == "10002"


def test_sign_out_button_signs_out_at_once(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk")
    sign_in_for_meals(kiosk)
    kiosk.tap(kiosk.window.account_button)
    assert not kiosk.ctx.session.signed_in
    assert isinstance(kiosk.current(), HomeScreen)
    assert kiosk.window.resident_label.text() == ""


def test_home_mode_never_signs_out(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="home", config_changes=IDLE)
    clock = kiosk.use_fake_idle_clock()
    window = kiosk.window
    resident = kiosk.ctx.session.resident
    assert resident is not None
    assert not window.account_button.isVisible()
    assert window.resident_label.text() == "李*国"

    kiosk.ctx.session.sign_out()
    assert kiosk.ctx.session.resident is resident

    kiosk.tap(kiosk.current().tiles["meals"])
    choice = kiosk.current()
    assert isinstance(choice, ChoiceScreen)  # no sign-in screen in home mode
    clock.advance(24 * 3600)
    kiosk.idle.check()
    assert not kiosk.idle_banner.isVisible()
    assert kiosk.ctx.session.resident is resident
    assert kiosk.current() is choice

    kiosk.type_keys("10003")  # digits are not a card swipe at home
    assert kiosk.current() is choice
    assert kiosk.ctx.session.resident is resident


def test_the_idle_warning_takes_room_from_the_page_and_never_lies_over_it(
    kiosk_factory: KioskFactory,
) -> None:
    from PySide6.QtCore import QRect

    for font_scale in (100, 200):
        kiosk = kiosk_factory(mode="kiosk", config_changes=IDLE, font_scale=font_scale)
        kiosk.use_fake_idle_clock()
        clock = kiosk.idle.clock
        kiosk.type_keys("10002")  # the card reader
        with kiosk.qtbot.wait_signal(kiosk.ctx.session.sig_changed, timeout=5000):
            kiosk.press_key(Qt.Key.Key_Return)
        kiosk.window.open_feature("services", service_id="meals")
        kiosk.wait_screen(ChoiceScreen)
        height = kiosk.window.height()
        clock.advance(101)
        kiosk.idle.check()
        banner = kiosk.idle_banner
        assert banner.isVisible()
        assert kiosk.window.height() == height  # the window did not grow past the screen

        def area(widget, kiosk=kiosk) -> QRect:
            return QRect(kiosk.top_left_in_window(widget), widget.size())

        page = kiosk.window.stack
        if page.isVisible():  # beside the page where both fit: then they do not meet
            assert not area(banner).intersects(area(page)), font_scale
        else:  # at large type the page steps aside until the warning is answered
            assert font_scale == 200
        kiosk.tap(banner.keep_button)
        assert not banner.isVisible() and page.isVisible()
