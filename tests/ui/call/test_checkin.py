"""The daily check-in prompt: said, one giant button that calls with the schedule's id, and
Later; shown only for this tablet's resident, today, and never over an emergency or a call."""

from __future__ import annotations

import pytest

from app.calls import CheckinDue
from app.delivery import Changes
from tests.helpers.call_center import FakeCallCenter, join
from tests.helpers.calls_ui import CallKiosk, call_kiosk
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.call.checkin import CheckinScreen
from ui.call.incall import InCallScreen
from ui.home.screen import HomeScreen
from ui.sos.screen import SosCountdownScreen

TODAY = "2026-06-09"  # the test kiosk's clock: Tuesday 08:30 in Shanghai


def due(**changes: object) -> CheckinDue:
    values: dict = {
        "schedule_id": 3,
        "resident_card": "10002",
        "family_id": 7,
        "name": "女儿 王丽",
        "at_time": "08:30",
        "day": TODAY,
    }
    values.update(changes)
    return CheckinDue(**values)


@pytest.fixture
def calls(kiosk_factory: KioskFactory, call_center: FakeCallCenter) -> CallKiosk:
    made = call_kiosk(kiosk_factory, call_center)
    call_center.answers[("POST", "/api/v1/kiosk/calls")] = (201, join("caller"))
    return made


def test_the_checkin_is_said_and_calls_with_its_schedule(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    calls.report(Changes(checkins=[due()]))
    screen = kiosk.wait_screen(CheckinScreen)
    kiosk.wait_spoken("该给女儿 王丽打视频电话了")
    assert screen.call_button.text() == "打给女儿 王丽"
    kiosk.tap(screen.call_button)
    kiosk.wait_screen(InCallScreen)
    kiosk.qtbot.waitUntil(lambda: bool(calls.center.requests("POST", "/api/v1/kiosk/calls")))
    [posted] = calls.center.requests("POST", "/api/v1/kiosk/calls")
    assert posted.body == {"resident_card": "10002", "family_id": 7, "checkin_schedule_id": 3}


def test_later_goes_back(calls: CallKiosk) -> None:
    calls.report(Changes(checkins=[due()]))
    screen = calls.kiosk.wait_screen(CheckinScreen)
    calls.kiosk.tap(screen.later_button)
    assert isinstance(calls.kiosk.current(), HomeScreen)


@pytest.mark.parametrize("changes", [{"day": "2026-06-08"}, {"resident_card": "10001"}])
def test_an_old_or_anothers_checkin_is_not_shown(calls: CallKiosk, changes: dict) -> None:
    calls.report(Changes(checkins=[due(**changes)]))
    calls.kiosk.wait_idle()
    assert isinstance(calls.kiosk.current(), HomeScreen)


def test_no_checkin_over_an_emergency(calls: CallKiosk) -> None:
    kiosk = calls.kiosk
    kiosk.tap(kiosk.window.sos_button)
    kiosk.wait_screen(SosCountdownScreen)
    calls.report(Changes(checkins=[due()]))
    kiosk.wait_idle()
    assert isinstance(kiosk.current(), SosCountdownScreen)
