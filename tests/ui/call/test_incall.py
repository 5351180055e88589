"""Calling from the kiosk and the call's screen: the family to call, "calling ...", the page's
states, hanging up, the center's refusals, a call that never gets going, SOS during a call,
and a kiosk where QtWebEngine cannot start. The call page is a stand-in here (FakeCallView);
the real one in QtWebEngine has its own test (test_web.py)."""

from __future__ import annotations

import pytest

from app.calls import STALL_S
from tests.helpers.call_center import CALL_ID, FakeCallCenter, contacts, join
from tests.helpers.calls_ui import CallKiosk, call_kiosk
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.call.contacts import ContactsScreen
from ui.call.incall import InCallScreen
from ui.call.outcome import CallEndedScreen
from ui.home.screen import HomeScreen
from ui.signin.screen import SignInScreen
from ui.sos.screen import SosCountdownScreen

CALLS = "/api/v1/kiosk/calls"
FAMILY = contacts((7, "王丽", "女儿", False), (8, "王强", "儿子", True))


@pytest.fixture
def calls(kiosk_factory: KioskFactory, call_center: FakeCallCenter) -> CallKiosk:
    made = call_kiosk(kiosk_factory, call_center)
    call_center.answers[("GET", CALLS + "/contacts")] = (200, FAMILY)
    call_center.answers[("POST", CALLS)] = (201, join("caller"))
    call_center.answers[("POST", f"{CALLS}/{CALL_ID}/end")] = (200, {})
    return made


def open_contacts(calls: CallKiosk) -> ContactsScreen:
    kiosk = calls.kiosk
    kiosk.tap(kiosk.current().entries["call"])  # type: ignore[attr-defined]
    screen = kiosk.wait_screen(ContactsScreen)
    kiosk.qtbot.waitUntil(lambda: len(screen.call_buttons) == 2)
    return screen


def call_daughter(calls: CallKiosk) -> InCallScreen:
    screen = open_contacts(calls)
    calls.kiosk.tap(screen.call_buttons[0])
    call = calls.kiosk.wait_screen(InCallScreen)
    calls.kiosk.qtbot.waitUntil(lambda: bool(calls.views))
    return call


def test_the_family_to_call_with_their_auto_answer_choice(calls: CallKiosk) -> None:
    screen = open_contacts(calls)
    texts = calls.kiosk.visible_texts()
    assert "女儿 王丽" in texts and "儿子 王强" in texts
    assert "自动接通：关" in texts and "自动接通：开" in texts
    calls.kiosk.wait_spoken("您想给谁打视频电话")
    assert screen.voice_phrases()["call_7"] == ["王丽", "女儿 王丽"]


def test_changing_the_auto_answer_is_saved_at_the_center_and_said(calls: CallKiosk) -> None:
    calls.center.answers[("PUT", CALLS + "/contacts/7")] = (200, {"auto_answer": True})
    screen = open_contacts(calls)
    calls.kiosk.tap(screen.choice_buttons[0])
    calls.kiosk.wait_spoken("以后女儿 王丽打来，10秒后自动接通")
    [put] = calls.center.requests("PUT", CALLS + "/contacts/7")
    assert put.body == {"auto_answer": True}
    assert screen.choice_buttons[0].text() == "自动接通：开"


def test_a_change_the_center_refuses_is_said_and_not_shown(calls: CallKiosk) -> None:
    calls.center.answers[("PUT", CALLS + "/contacts/7")] = (503, {"code": "down"})
    screen = open_contacts(calls)
    calls.kiosk.tap(screen.choice_buttons[0])
    calls.kiosk.wait_spoken("没有改成")
    assert screen.choice_buttons[0].text() == "自动接通：关"


def test_calling_shows_calling_then_the_page_then_connected(calls: CallKiosk) -> None:
    call = call_daughter(calls)
    kiosk = calls.kiosk
    assert call.status.text() == "正在呼叫女儿 王丽……"
    assert call.hang_up_button.isVisible()
    view = calls.views[0]
    assert view.url.endswith("?view=kiosk&lang=zh_CN#ticket=t0ken%2Fwith%2Bodd%3Dchars")
    assert view.allowed_origin == calls.center.url
    [posted] = calls.center.requests("POST", CALLS)
    assert posted.body == {"resident_card": "10002", "family_id": 7, "checkin_schedule_id": None}
    assert not call.camera_sign.isVisible()
    view.title("call:connected")
    assert call.camera_sign.isVisible() and "摄像头开着" in call.camera_sign.text()
    kiosk.wait_spoken("已和女儿 王丽接通")
    kiosk.tap(call.louder_button)
    assert view.volumes[-1] == 1.0
    kiosk.tap(call.quieter_button)
    kiosk.tap(call.quieter_button)
    assert view.volumes[-1] == 0.6
    view.title("call:reconnecting")
    assert call.status.text() == "网络不好，正在重新连接……"
    assert call.status.isVisible() and not call.camera_sign.isVisible()


def test_the_other_side_hanging_up_is_said_with_call_back(calls: CallKiosk) -> None:
    call = call_daughter(calls)
    view = calls.views[0]
    view.title("call:connected")
    view.title("call:ended:hung_up")
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert ended.sentence == "女儿 王丽挂断了。"
    assert view.closed and call.finished
    assert calls.part.board.active is None
    calls.kiosk.tap(ended.call_back_button)
    calls.kiosk.wait_screen(InCallScreen)
    calls.kiosk.qtbot.waitUntil(lambda: len(calls.center.requests("POST", CALLS)) == 2)
    calls.kiosk.tap(calls.kiosk.current().hang_up_button)  # type: ignore[attr-defined]


def test_a_network_drop_says_so(calls: CallKiosk) -> None:
    call_daughter(calls)
    calls.views[0].title("call:ended:network")
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert ended.sentence == "网络断了，通话结束了。"
    calls.kiosk.tap(ended.back_button)
    assert isinstance(calls.kiosk.current(), ContactsScreen)


def test_no_camera_is_a_sentence_and_the_center_is_told(calls: CallKiosk) -> None:
    call_daughter(calls)
    calls.views[0].title("call:error:no_camera")
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert ended.sentence == "摄像头用不了。请告诉工作人员。"
    calls.kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end"))
    )


def test_hang_up_ends_the_call_at_the_center_and_goes_back(calls: CallKiosk) -> None:
    call = call_daughter(calls)
    calls.views[0].title("call:connected")
    calls.kiosk.tap(call.hang_up_button)
    assert isinstance(calls.kiosk.current(), ContactsScreen)
    assert calls.views[0].hung_up
    calls.kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end"))
    )
    [ended] = calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end")
    assert ended.body == {"reason": "hung_up"}


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ("busy", "女儿 王丽正在通话中。"),
        ("quiet_hours", "现在是休息时间，电话不会接通。"),
        ("blocked", "视频电话暂时停用了。可以问问工作人员。"),
        ("offline", "女儿 王丽现在不在线。请过一会儿再打。"),
    ],
)
def test_a_refused_call_is_shown_and_said_in_the_kiosks_language(
    calls: CallKiosk, reason: str, sentence: str
) -> None:
    # The center's sentence is for staff, in English; the resident hears their language.
    calls.center.answers[("POST", CALLS)] = (409, {"code": reason, "message": "In English."})
    screen = open_contacts(calls)
    calls.kiosk.tap(screen.call_buttons[0])
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert ended.sentence == sentence
    calls.kiosk.wait_spoken(sentence)
    assert not calls.views


def test_center_unreachable_is_said(calls: CallKiosk) -> None:
    calls.center.answers[("POST", CALLS)] = (502, b"")
    screen = open_contacts(calls)
    calls.kiosk.tap(screen.call_buttons[0])
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert ended.sentence == "现在连不上服务中心。请过一会儿再试。"


def test_a_call_without_progress_ends_itself(calls: CallKiosk) -> None:
    call = call_daughter(calls)
    calls.views[0].title("call:waiting")
    calls.clock.advance(STALL_S - 1)
    call.check_progress()
    assert calls.kiosk.current() is call
    calls.clock.advance(1)
    call.check_progress()
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert "没有打通" in ended.sentence
    calls.kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end"))
    )
    [told] = calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end")
    assert told.body == {"reason": "cancelled"}


def test_a_connected_call_is_never_cut_for_lasting_long(calls: CallKiosk) -> None:
    call = call_daughter(calls)
    calls.views[0].title("call:connected")
    calls.clock.advance(3600)
    call.check_progress()
    assert calls.kiosk.current() is call


def test_sos_during_a_call_hangs_up_and_goes_to_sos(calls: CallKiosk) -> None:
    call_daughter(calls)
    view = calls.views[0]
    view.title("call:connected")
    assert calls.kiosk.window.sos_button.isEnabled()
    calls.kiosk.tap(calls.kiosk.window.sos_button)
    calls.kiosk.wait_screen(SosCountdownScreen)
    assert view.hung_up and view.closed
    calls.kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end"))
    )


def test_no_web_engine_is_a_sentence_never_a_crash(calls: CallKiosk) -> None:
    from ui.call.web import WebEngineUnavailable

    def broken(origin: str) -> object:
        raise WebEngineUnavailable("QtWebEngine is not installed")

    calls.part.open_view = broken  # type: ignore[method-assign]
    screen = open_contacts(calls)
    calls.kiosk.tap(screen.call_buttons[0])
    ended = calls.kiosk.wait_screen(CallEndedScreen)
    assert ended.sentence == "这台平板打不了视频电话。请告诉工作人员。"
    calls.kiosk.qtbot.waitUntil(
        lambda: bool(calls.center.requests("POST", f"{CALLS}/{CALL_ID}/end"))
    )


def test_contacts_the_center_cannot_give_are_said(calls: CallKiosk) -> None:
    calls.center.answers[("GET", CALLS + "/contacts")] = (200, {"contacts": "nonsense"})
    kiosk = calls.kiosk
    kiosk.tap(kiosk.current().entries["call"])  # type: ignore[attr-defined]
    screen = kiosk.wait_screen(ContactsScreen)
    kiosk.wait_idle()
    assert screen.message == "电话没有打通。请过一会儿再试。"
    assert not screen.call_buttons


def test_on_a_shared_kiosk_the_resident_signs_in_first(
    kiosk_factory: KioskFactory, call_center: FakeCallCenter
) -> None:
    calls = call_kiosk(kiosk_factory, call_center, mode="kiosk")
    kiosk = calls.kiosk
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    home.pager.show_widget(home.entries["call"])
    kiosk.tap(home.entries["call"])
    assert isinstance(kiosk.current(), SignInScreen)
