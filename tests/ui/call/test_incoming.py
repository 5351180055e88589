"""A call coming in: ringing over any screen but an emergency, answer, decline, auto-answer on
a clock the test moves, and a call that ends while it rings."""

from __future__ import annotations

import pytest

from app.calls import CallOver
from app.delivery import Changes
from tests.helpers.call_center import CALL_ID, FakeCallCenter, join
from tests.helpers.calls_ui import CallKiosk, call_kiosk, new_call_id
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.call.incall import InCallScreen
from ui.call.incoming import IncomingScreen, MissedCallScreen
from ui.home.screen import HomeScreen
from ui.sos.screen import SosCountdownScreen


@pytest.fixture
def calls(kiosk_factory: KioskFactory, call_center: FakeCallCenter) -> CallKiosk:
    made = call_kiosk(kiosk_factory, call_center)
    made.still_ringing()
    return made


def test_a_call_rings_over_the_screen_on_show_with_the_callers_name(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    kiosk.tap(kiosk.current().entries["orders"])  # type: ignore[attr-defined]
    calls.announce()
    screen = kiosk.wait_screen(IncomingScreen)
    assert "女儿 王丽" in kiosk.visible_texts(), repr(kiosk.visible_texts())
    assert "王" in kiosk.visible_texts()  # the photo's stand-in
    assert screen.answer_button.isVisible() and screen.decline_button.isVisible()
    assert kiosk.wait_spoken("女儿 王丽")
    kiosk.qtbot.waitUntil(lambda: bool(calls.sink.finished()), timeout=5000)
    assert calls.sink.streams[0].data  # the ring made sound
    # Asked first whether it is still ringing.
    assert calls.center.requests("GET", f"/api/v1/kiosk/calls/{CALL_ID}")


def test_a_call_that_is_no_longer_ringing_is_not_rung(calls: CallKiosk) -> None:
    calls.still_ringing(state="missed")
    calls.announce()
    kiosk = calls.kiosk
    kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("GET", f"/api/v1/kiosk/calls/{CALL_ID}"))
    )
    kiosk.wait_idle()
    assert isinstance(kiosk.current(), HomeScreen)
    assert calls.part.board.ringing is None


def test_decline_tells_the_center_and_goes_back(calls: CallKiosk) -> None:
    calls.center.answers[("POST", f"/api/v1/kiosk/calls/{CALL_ID}/decline")] = (204, b"")
    kiosk = calls.kiosk
    calls.announce()
    screen = kiosk.wait_screen(IncomingScreen)
    kiosk.tap(screen.decline_button)
    assert isinstance(kiosk.current(), HomeScreen)
    kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"/api/v1/kiosk/calls/{CALL_ID}/decline"))
    )
    assert not calls.part.ringer.ringing


def test_answer_opens_the_call(calls: CallKiosk) -> None:
    calls.center.answers[("POST", f"/api/v1/kiosk/calls/{CALL_ID}/answer")] = (
        200,
        join("callee"),
    )
    kiosk = calls.kiosk
    calls.announce()
    screen = kiosk.wait_screen(IncomingScreen)
    kiosk.tap(screen.answer_button)
    call = kiosk.wait_screen(InCallScreen)
    assert call.hang_up_button.isVisible()
    kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"/api/v1/kiosk/calls/{CALL_ID}/answer"))
    )
    assert not calls.part.ringer.ringing


def test_auto_answer_counts_down_visibly_then_answers(calls: CallKiosk) -> None:
    calls.center.answers[("POST", f"/api/v1/kiosk/calls/{CALL_ID}/answer")] = (
        200,
        join("callee"),
    )
    kiosk = calls.kiosk
    calls.announce(auto_answer=True, countdown_s=10)
    screen = kiosk.wait_screen(IncomingScreen)
    assert screen.countdown_label is not None
    assert "10 秒后自动接通" in screen.countdown_label.text()
    assert "摄像头会打开" in screen.countdown_label.text()
    assert screen.decline_button.isVisible()
    calls.clock.advance(3.5)
    screen.tick()
    assert "7 秒后自动接通" in screen.countdown_label.text()
    assert isinstance(kiosk.current(), IncomingScreen)
    calls.clock.advance(6.5)
    screen.tick()
    kiosk.wait_screen(InCallScreen)
    kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"/api/v1/kiosk/calls/{CALL_ID}/answer"))
    )


def test_a_call_without_auto_answer_never_answers_by_itself(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    calls.announce(auto_answer=False)
    screen = kiosk.wait_screen(IncomingScreen)
    assert screen.countdown_label is None
    calls.clock.advance(30)
    screen.tick()
    assert kiosk.current() is screen


def test_ended_while_ringing_says_missed_then_goes_back(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    calls.announce()
    kiosk.wait_screen(IncomingScreen)
    calls.report(Changes(calls_ended=[CallOver(CALL_ID, "ended", "cancelled", "caller")]))
    missed = kiosk.wait_screen(MissedCallScreen)
    assert "未接视频电话:女儿 王丽" in missed.message or "女儿 王丽" in missed.message
    kiosk.wait_spoken("女儿 王丽")
    assert not calls.part.ringer.ringing
    missed._timer.setInterval(10)  # the few seconds, shortened
    missed._timer.start()
    kiosk.wait_screen(HomeScreen)


def test_a_call_rung_out_is_missed(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    calls.announce(ring_s=45)
    screen = kiosk.wait_screen(IncomingScreen)
    calls.clock.advance(45)
    screen.tick()
    kiosk.wait_screen(MissedCallScreen)


def test_sos_stays_on_top_and_a_call_never_covers_it(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    kiosk.tap(kiosk.window.sos_button)
    kiosk.wait_screen(SosCountdownScreen)
    calls.announce()
    kiosk.wait_idle()
    assert isinstance(kiosk.current(), SosCountdownScreen)
    assert calls.part.board.ringing is None


def test_sos_pressed_while_ringing_stops_the_ring_and_declines(calls: CallKiosk) -> None:
    calls.center.answers[("POST", f"/api/v1/kiosk/calls/{CALL_ID}/decline")] = (204, b"")
    kiosk = calls.kiosk
    calls.announce()
    kiosk.wait_screen(IncomingScreen)
    assert kiosk.window.sos_button.isEnabled()
    kiosk.tap(kiosk.window.sos_button)
    kiosk.wait_screen(SosCountdownScreen)
    assert not calls.part.ringer.ringing
    kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"/api/v1/kiosk/calls/{CALL_ID}/decline"))
    )


def test_a_second_call_while_one_rings_is_not_rung_over_it(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    calls.announce()
    first = kiosk.wait_screen(IncomingScreen)
    other = new_call_id()
    calls.still_ringing(other)
    calls.announce(call_id=other, caller_name="儿子 王强")
    kiosk.wait_idle()
    assert kiosk.current() is first


def test_a_call_for_another_resident_does_not_ring(calls: CallKiosk) -> None:
    calls.announce(resident_card="10001")
    calls.kiosk.wait_idle()
    assert isinstance(calls.kiosk.current(), HomeScreen)


def test_no_center_to_ask_still_rings(calls: CallKiosk) -> None:
    calls.center.answers.pop(("GET", f"/api/v1/kiosk/calls/{CALL_ID}"))
    calls.center.answers[("GET", f"/api/v1/kiosk/calls/{CALL_ID}")] = (503, {"code": "down"})
    calls.announce()
    calls.kiosk.wait_screen(IncomingScreen)
