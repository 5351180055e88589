"""Video calls when things go wrong, in Debian's chromium against a real center process: no
camera (the call goes on with sound only and says so), the network dropping on the kiosk's
side (reconnecting, then ended:network on both sides) and on the family's side (the page
comes back with a fresh ticket and the call goes on), a used or missing ticket. None of
them leaves a page on a state that never ends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.call_browser import (
    CONNECT_MS,
    PHONE,
    RESIDENT,
    CallCenter,
    TcpRelay,
    call_center,
    media_browser,
    new_page,
    page_address,
    wait_for_frames,
    wait_for_title,
)

pytestmark = pytest.mark.slow
__all__ = ["call_center", "media_browser"]
NO_CAMERA = """(() => {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) =>
    constraints && constraints.video
      ? Promise.reject(new DOMException("Requested device not found", "NotFoundError"))
      : original(constraints);
})();"""
TITLES = """() => {
  window.titles = [document.title];
  new MutationObserver(() => window.titles.push(document.title)).observe(
    document.querySelector('title'), {childList: true, characterData: true, subtree: true});
}"""


class TwoPages:
    def __init__(self, calls: CallCenter, browser: Any) -> None:
        self.calls = calls
        self.member = calls.family()
        self.tablet = calls.home_tablet()
        self.family_page = new_page(browser, PHONE)
        self.member.add_to(self.family_page.context, calls.url)
        self.kiosk_page = new_page(browser)
        self.call_id = ""

    def ring(self, base_url: str = "") -> None:
        made = self.family_page.context.request.post(
            f"{self.calls.center.api}/family/calls", data={"resident_card": RESIDENT}
        )
        assert made.status == 201, made.text()
        join = made.json()
        self.call_id = join["call_id"]
        base_url = base_url or self.calls.url
        self.family_page.goto(page_address(base_url, join, "family", resident=RESIDENT))
        self.family_page.evaluate(TITLES)
        wait_for_title(self.family_page, "call:waiting")

    def answer(self, base_url: str = "") -> str:
        answered = self.tablet.post(f"/kiosk/calls/{self.call_id}/answer")
        assert answered.status_code == 200, answered.text
        address = page_address(base_url or self.calls.url, answered.json(), "kiosk")
        self.kiosk_page.goto(address)
        self.kiosk_page.evaluate(TITLES)
        return address

    def close(self) -> None:
        for page in (self.family_page, self.kiosk_page):
            page.context.close()


@pytest.fixture
def pages(call_center: CallCenter, media_browser: Any) -> Iterator[TwoPages]:
    made = TwoPages(call_center, media_browser)
    yield made
    made.close()


def test_without_a_camera_the_call_goes_on_with_sound_and_says_so(pages: TwoPages) -> None:
    pages.kiosk_page.add_init_script(NO_CAMERA)
    pages.ring()
    pages.answer()
    wait_for_title(pages.kiosk_page, "call:connected")
    wait_for_title(pages.family_page, "call:connected")
    kiosk = pages.kiosk_page
    assert kiosk.get_attribute("body", "data-media") == "audio-only"
    assert "找不到摄像头" in kiosk.inner_text("#notice")
    assert kiosk.is_hidden("#camera-mark")  # no camera, no "camera on"
    # The family sees the kiosk's words for it and still sends its own picture.
    pages.family_page.wait_for_selector("#notice:has-text('对方的摄像头关着')")
    wait_for_frames(pages.kiosk_page)


def test_the_kiosk_losing_its_network_ends_the_call_on_both_sides(pages: TwoPages) -> None:
    relay = TcpRelay(pages.calls.center.port)
    try:
        pages.ring()
        pages.answer(relay.url)
        wait_for_title(pages.kiosk_page, "call:connected")
        wait_for_title(pages.family_page, "call:connected")
        relay.cut()
        wait_for_title(pages.kiosk_page, "call:ended:network")
        assert "call:reconnecting" in pages.kiosk_page.evaluate("() => window.titles")
        # The family's page waits for the kiosk, then the center ends the call.
        wait_for_title(pages.family_page, "call:ended:network", timeout_ms=CONNECT_MS)
        assert "call:reconnecting" in pages.family_page.evaluate("() => window.titles")
        assert "网络断了" in pages.family_page.inner_text("#state-text")
        assert pages.family_page.is_visible("#call-back")
    finally:
        relay.close()


def test_the_family_page_comes_back_after_its_network_drops(
    pages: TwoPages, call_center: CallCenter
) -> None:
    relay = TcpRelay(call_center.center.port)
    try:
        # The family's browser reaches the center through the relay (its cookie goes along:
        # cookies are per host, not per port).
        pages.ring(relay.url)
        pages.answer()
        wait_for_title(pages.family_page, "call:connected")
        wait_for_title(pages.kiosk_page, "call:connected")
        relay.cut()
        pages.family_page.wait_for_function(
            "() => window.titles.includes('call:reconnecting')", timeout=10_000
        )
        relay.open = True  # the network is back
        # A fresh ticket, a fresh connection, and the picture again on both sides.
        wait_for_title(pages.family_page, "call:connected")
        wait_for_title(pages.kiosk_page, "call:connected")
        wait_for_frames(pages.family_page)
        wait_for_frames(pages.kiosk_page)
    finally:
        relay.close()


def test_a_used_ticket_says_so_and_stops(pages: TwoPages) -> None:
    pages.ring()
    address = pages.answer()
    wait_for_title(pages.kiosk_page, "call:connected")
    other = pages.kiosk_page.context.new_page()
    other.goto(address)
    wait_for_title(other, "call:error:ticket")
    assert "已经用过或者过期" in other.inner_text("#state-text")
    assert "ticket" not in other.url
    # The call itself goes on.
    assert pages.family_page.title() == "call:connected"


def test_a_page_without_a_ticket_says_so(call_center: CallCenter, media_browser: Any) -> None:
    page = new_page(media_browser)
    try:
        page.goto(f"{call_center.url}/call/6f1c2d5e-8b7a-4c3d-9e2f-1a2b3c4d5e6f?view=kiosk")
        wait_for_title(page, "call:error:ticket")
        page.goto(
            f"{call_center.url}/call/6f1c2d5e-8b7a-4c3d-9e2f-1a2b3c4d5e6f"
            "?view=family&lang=en_US#ticket=not-a-ticket"
        )
        wait_for_title(page, "call:error:ticket")
        assert "used already or is too old" in page.inner_text("#state-text")
    finally:
        page.context.close()
