"""SOS: always there top-right, a spoken countdown with a big Cancel, then help numbers.

Raising an SOS must write its row and a top-priority outbox event; cancelling must write nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from app import outbox
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from tests.helpers.queries import count_rows, fetch_all
from ui.call.contacts import ContactsScreen
from ui.home.screen import HomeScreen
from ui.orders.screen import OrdersScreen
from ui.screen import Screen
from ui.services.choice import ChoiceScreen
from ui.services.confirm import ConfirmScreen
from ui.sos.screen import SosCallScreen, SosCancelledScreen, SosCountdownScreen

# Long enough for any run; a countdown of 3 s takes a little over 3 s of real time.
RAISE_TIMEOUT_MS = 10_000


def sos_events(kiosk: Kiosk) -> list[outbox.OutboxEvent]:
    return [e for e in outbox.events(kiosk.store) if e.kind == "sos.raise"]


def go_home(kiosk: Kiosk) -> HomeScreen:
    screen = kiosk.current()
    assert isinstance(screen, HomeScreen)
    return screen


def to_choice(kiosk: Kiosk) -> None:
    kiosk.tap(go_home(kiosk).tiles["meals"])


def to_confirm(kiosk: Kiosk) -> None:
    kiosk.tap(go_home(kiosk).tiles["urgent"])


def to_orders(kiosk: Kiosk) -> None:
    kiosk.tap(go_home(kiosk).entries["orders"])
    kiosk.wait_idle()


def to_video_call(kiosk: Kiosk) -> None:
    kiosk.tap(go_home(kiosk).entries["call"])


REACHABLE: dict[str, tuple[Callable[[Kiosk], None] | None, type[Screen]]] = {
    "home": (None, HomeScreen),
    "choice": (to_choice, ChoiceScreen),
    "confirm": (to_confirm, ConfirmScreen),
    "orders": (to_orders, OrdersScreen),
    "video call": (to_video_call, ContactsScreen),
}


@pytest.mark.parametrize("where", list(REACHABLE))
def test_sos_is_on_every_screen_at_the_top_right(kiosk_factory: KioskFactory, where: str) -> None:
    kiosk = kiosk_factory()
    go, kind = REACHABLE[where]
    if go is not None:
        go(kiosk)
    assert isinstance(kiosk.current(), kind)
    window, theme = kiosk.window, kiosk.ctx.theme
    sos = window.sos_button
    assert sos.isVisible()
    assert sos.isEnabled()
    assert sos.text() == "紧急求助"

    top_left = kiosk.top_left_in_window(sos)
    right_gap = window.width() - (top_left.x() + sos.width())
    assert theme.px_to_mm(right_gap) <= 6, (
        f"SOS is {theme.px_to_mm(right_gap):.1f} mm from the right"
    )
    assert theme.px_to_mm(top_left.y()) <= 6, f"SOS is {theme.px_to_mm(top_left.y()):.1f} mm down"
    assert theme.px_to_mm(sos.width()) >= 20
    assert theme.px_to_mm(sos.height()) >= 20
    # Nothing else sits further right in the header.
    for other in (window.read_button, window.title_label):
        assert kiosk.top_left_in_window(other).x() < top_left.x()


def test_tapping_sos_starts_a_spoken_countdown(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 7})
    kiosk.tap(kiosk.window.sos_button)

    countdown = kiosk.current()
    assert isinstance(countdown, SosCountdownScreen)
    assert kiosk.window.title_label.text() == "紧急求助"
    assert countdown.countdown.running
    assert countdown.countdown.number.text() == "7"
    assert "倒数到零就会呼叫求助。" in kiosk.visible_texts()
    kiosk.wait_spoken("7 秒后呼叫求助。点“取消”可以停止。")
    assert countdown.cancel_button.text() == "取消，我没事"

    with kiosk.qtbot.wait_signal(countdown.countdown.sig_tick, timeout=3000) as blocker:
        pass
    assert blocker.args == [6]
    assert countdown.countdown.number.text() == "6"
    kiosk.wait_spoken("6")
    kiosk.tap(countdown.cancel_button)


def test_cancel_stops_the_countdown_returns_and_raises_nothing(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    to_choice(kiosk)
    choice = kiosk.current()
    kiosk.tap(kiosk.window.sos_button)
    countdown = kiosk.current()
    assert isinstance(countdown, SosCountdownScreen)
    timer = countdown.countdown

    kiosk.tap(countdown.cancel_button)
    assert not timer.running
    cancelled = kiosk.current()
    assert isinstance(cancelled, SosCancelledScreen)
    assert "已取消，没有发出求助。" in kiosk.visible_texts()
    kiosk.wait_spoken("已取消，没有发出求助。")
    assert kiosk.window.sos_button.isEnabled()
    kiosk.tap(cancelled.ok_button)
    assert kiosk.current() is choice

    # Past the moment the count would have reached zero: still nothing.
    with kiosk.qtbot.assert_not_emitted(kiosk.window.sig_screen_changed, wait=4000):
        pass
    assert kiosk.current() is choice
    assert count_rows(kiosk.store, "sos_events") == 0
    assert sos_events(kiosk) == []


def test_back_on_the_countdown_also_stops_it(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    kiosk.tap(kiosk.window.sos_button)
    timer = kiosk.current().countdown
    assert kiosk.window.back_button.isVisible()
    kiosk.tap(kiosk.window.back_button)
    assert not timer.running
    assert isinstance(kiosk.current(), HomeScreen)
    kiosk.wait_idle()
    assert sos_events(kiosk) == []


def test_letting_the_countdown_run_out_calls_for_help(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(
        config_changes={
            "sos_countdown_s": 3,
            "center_phone": "010-6512-9999",
            "center_name": "和平里社区",
        }
    )
    resident = kiosk.ctx.session.resident
    to_choice(kiosk)
    kiosk.tap(kiosk.window.sos_button)
    kiosk.wait_spoken("3 秒后呼叫求助")

    raised = kiosk.wait_screen(SosCallScreen, timeout=RAISE_TIMEOUT_MS)
    kiosk.wait_idle()
    assert raised.error is None
    assert kiosk.window.title_label.text() == "紧急求助"
    shown = kiosk.visible_texts()
    # Saved here, nothing from the center yet: it says no more than that.
    assert raised.phase == "calling"
    assert "正在呼叫服务中心……" in shown
    assert not any("已收到" in text or "已通知" in text for text in shown)
    assert raised.center_line.text() == "社区中心：010-6512-9999"
    assert raised.emergency_line.text() == "急救电话：120"
    assert raised.center_line.isVisible()
    assert raised.pager.page_of(raised.emergency_line) is not None
    said = kiosk.wait_spoken("正在呼叫服务中心")
    assert "请留在原地" in said
    assert "2" in kiosk.spoken and "1" in kiosk.spoken  # each second was said

    [row] = fetch_all(kiosk.store, "SELECT * FROM sos_events")
    assert row["resident_id"] == resident.id
    assert row["status"] == "waiting"
    [event] = sos_events(kiosk)
    assert event.priority == outbox.PRIORITY_SOS == 0
    assert event.payload["sos_id"] == row["id"]
    assert event.payload["resident_card"] == resident.card_number
    assert event.payload["location"] == "和平里社区"

    # Back from the help screen does not lead into the countdown again.
    kiosk.tap(kiosk.window.back_button)
    assert not isinstance(kiosk.current(), SosCountdownScreen | SosCallScreen)
    assert kiosk.window.sos_button.isEnabled()
    assert len(sos_events(kiosk)) == 1


def test_sos_works_on_a_kiosk_with_nobody_signed_in(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk", config_changes={"sos_countdown_s": 3})
    assert not kiosk.ctx.session.signed_in
    kiosk.tap(kiosk.window.sos_button)
    kiosk.hurry_sos_countdown()
    kiosk.wait_screen(SosCallScreen, timeout=RAISE_TIMEOUT_MS)
    kiosk.wait_idle()
    [event] = sos_events(kiosk)
    assert event.payload["resident_card"] is None
    assert fetch_all(kiosk.store, "SELECT resident_id FROM sos_events") == [{"resident_id": None}]


def test_sos_is_disabled_while_an_emergency_is_on_screen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    window = kiosk.window
    kiosk.tap(window.sos_button)
    countdown = kiosk.current()
    assert isinstance(countdown, SosCountdownScreen)
    assert not window.sos_button.isEnabled()

    kiosk.tap(window.sos_button)  # a second tap on the disabled button
    window.start_sos()  # and however else a second countdown could be asked for
    assert kiosk.current() is countdown
    assert len([s for s in window.findChildren(SosCountdownScreen) if not s.isHidden()]) == 1

    kiosk.hurry_sos_countdown()
    raised = kiosk.wait_screen(SosCallScreen, timeout=RAISE_TIMEOUT_MS)
    kiosk.wait_idle()
    assert not window.sos_button.isEnabled()
    window.start_sos()
    assert kiosk.current() is raised
    assert len(sos_events(kiosk)) == 1

    kiosk.tap(window.home_button)
    assert isinstance(kiosk.current(), HomeScreen)
    assert window.sos_button.isEnabled()


def test_the_cancel_target_is_at_least_20_mm(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.window.sos_button)
    cancel = kiosk.current().cancel_button
    theme = kiosk.ctx.theme
    assert cancel.isVisible() and cancel.isEnabled()
    assert theme.px_to_mm(cancel.height()) >= 20
    assert theme.px_to_mm(cancel.width()) >= 20
    kiosk.tap(cancel)


def test_home_tapped_while_the_alarm_is_saved_still_leads_home(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"sos_countdown_s": 3})
    window = kiosk.window
    kiosk.tap(window.sos_button)
    countdown = kiosk.current()
    opened = threading.Event()
    kiosk.ctx.tasks.run(lambda: opened.wait(10))  # the alarm's save waits behind this
    kiosk.hurry_sos_countdown()
    kiosk.qtbot.waitUntil(lambda: countdown.fired, timeout=RAISE_TIMEOUT_MS)
    assert window.home_button.isVisible()
    kiosk.tap(window.home_button)

    with kiosk.qtbot.wait_signal(window.sig_screen_changed, timeout=5000):
        opened.set()
    kiosk.wait_idle()
    assert isinstance(kiosk.current(), SosCallScreen)
    assert len(sos_events(kiosk)) == 1
    kiosk.tap(window.home_button)
    assert isinstance(kiosk.current(), HomeScreen)
