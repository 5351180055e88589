"""The kiosk answering a family call for real: a center process, the call page it serves in
QtWebEngine (offscreen, Chromium's stand-in camera), camera and microphone granted to the
center, the page's state on the kiosk's screen, and Hang up ending the call at the center.
Chromium and the center run as child processes: slow."""

from __future__ import annotations

import os

import pytest

from app.calls import parse_ringing
from app.delivery import Changes
from app.people import Resident
from sync.calls import call_desk
from sync.client import CenterClient
from tests.helpers.calls import home_tablet, make_family, new_resident
from tests.helpers.center import CenterProcess
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.call.incall import InCallScreen
from ui.call.incoming import IncomingScreen
from ui.call.part import CallPart
from ui.call.ringer import Ringer
from voice.audio_out import MemorySink

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qt_log_level_fail("CRITICAL"),
]


def test_an_answered_call_opens_the_centers_page_with_camera_and_microphone(
    kiosk_factory: KioskFactory, module_center: CenterProcess
) -> None:
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = "--use-fake-device-for-media-stream"
    card = new_resident(module_center)
    tablet = home_tablet(module_center, card)
    daughter = make_family(module_center, card)
    kiosk = kiosk_factory()
    kiosk.ctx.session.sign_in(Resident(999, card, "王大爷", "", "full", "zh_CN"))
    kiosk.ctx.sync.call_desk = call_desk(CenterClient(module_center.url, tablet.token))
    part: CallPart = kiosk.window.part("call")
    part.ringer.close()
    part.ringer = Ringer(MemorySink())
    views: list = []
    real_open = part.open_view

    def open_view(origin: str):
        view = real_open(origin)
        views.append(view)
        return view

    part.open_view = open_view  # type: ignore[method-assign]

    started = daughter.call()
    assert started.status_code == 201, started.text
    [payload] = tablet.updates("call.ringing")
    kiosk.ctx.sync.report_changes(Changes(calls_ringing=[parse_ringing(payload)]))
    ringing = kiosk.wait_screen(IncomingScreen, timeout=10_000)
    kiosk.tap(ringing.answer_button)
    call = kiosk.wait_screen(InCallScreen)
    kiosk.qtbot.waitUntil(lambda: bool(views), timeout=10_000)
    view = views[0]
    # The daughter's page is not open: the kiosk's page waits for her, camera on.
    kiosk.qtbot.waitUntil(lambda: bool(view.granted), timeout=30_000)
    assert view.granted[0].startswith(module_center.url) and not view.denied
    kiosk.qtbot.waitUntil(
        lambda: view.state is not None and view.state.kind == "waiting", timeout=30_000
    )
    assert call.hang_up_button.isVisible()
    call_id = payload["call_id"]
    kiosk.tap(call.hang_up_button)
    kiosk.wait_idle()
    kiosk.qtbot.waitUntil(
        lambda: (
            module_center.scalar("SELECT state FROM calls WHERE id = :id", id=call_id) == "ended"
        ),
        timeout=10_000,
    )
