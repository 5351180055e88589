"""Video calls end to end: a family member's browser and the kiosk's view of the call page, in
Debian's chromium with a fake camera and microphone, through a real center process.

A call connects and video frames arrive on both sides (WebRTC getStats, waited for); either
side's hang-up ends the other's; a declined call ends the caller's page; a second caller is
told the line is busy; the title protocol the kiosk reads is followed throughout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.call_browser import (
    CONNECT_MS,
    PHONE,
    RESIDENT,
    CallCenter,
    FamilyMember,
    HomeTablet,
    call_center,
    media_browser,
    new_page,
    page_address,
    wait_for_frames,
    wait_for_title,
)
from tests.helpers.center import wait_until

pytestmark = pytest.mark.slow
__all__ = ["call_center", "media_browser"]
TITLE_LOG = """() => {
  window.titles = [document.title];
  new MutationObserver(() => window.titles.push(document.title))
    .observe(document.querySelector('title'),
             {childList: true, characterData: true, subtree: true});
}"""


class Call:
    """One call from a family member to a resident's home tablet, both pages open."""

    def __init__(self, calls: CallCenter, browser: Any, member: FamilyMember, tablet: HomeTablet):
        self.calls = calls
        self.member = member
        self.tablet = tablet
        self.family_page = new_page(browser, PHONE)
        member.add_to(self.family_page.context, calls.url)
        self.kiosk_page = new_page(browser)
        self.call_id = ""

    def ring(self, card: str = RESIDENT) -> dict[str, Any]:
        made = self.family_page.context.request.post(
            f"{self.calls.center.api}/family/calls", data={"resident_card": card}
        )
        assert made.status == 201, made.text()
        join = dict(made.json())
        self.call_id = join["call_id"]
        self.family_page.goto(page_address(self.calls.url, join, "family", resident=card))
        self.family_page.evaluate(TITLE_LOG)
        return join

    def answer(self) -> dict[str, Any]:
        answered = self.tablet.post(f"/kiosk/calls/{self.call_id}/answer")
        assert answered.status_code == 200, answered.text
        join = dict(answered.json())
        self.kiosk_page.goto(page_address(self.calls.url, join, "kiosk"))
        self.kiosk_page.evaluate(TITLE_LOG)
        return join

    def connect(self) -> None:
        self.ring()
        wait_for_title(self.family_page, "call:waiting")
        self.answer()
        wait_for_title(self.family_page, "call:connected")
        wait_for_title(self.kiosk_page, "call:connected")

    def close(self) -> None:
        for page in (self.family_page, self.kiosk_page):
            page.context.close()


@pytest.fixture
def call(call_center: CallCenter, media_browser: Any) -> Iterator[Call]:
    tablet = call_center.home_tablet()
    made = Call(call_center, media_browser, call_center.family(), tablet)
    yield made
    made.close()


def test_a_call_connects_and_video_arrives_on_both_sides(call: Call) -> None:
    call.connect()
    family_stats = wait_for_frames(call.family_page, sending=True)
    kiosk_stats = wait_for_frames(call.kiosk_page, sending=True)
    assert family_stats["framesEncoded"] > 0 and kiosk_stats["framesEncoded"] > 0
    assert family_stats["bytesReceived"] > 0 and kiosk_stats["bytesReceived"] > 0
    # The ticket left the address bar at once: no one copies or bookmarks it.
    for page in (call.family_page, call.kiosk_page):
        assert "ticket" not in page.url
        assert page.is_visible("#camera-mark")
        assert "摄像头开着" in page.inner_text("#camera-mark")
    # The family sees the name of who they called, the kiosk only videos and words.
    assert call.family_page.is_visible("#hang-up")
    assert call.kiosk_page.locator("button:visible").count() == 0
    titles = call.family_page.evaluate("() => window.titles")
    assert titles[0] in ("call:connecting", "call:waiting"), titles
    assert titles[-1] == "call:connected", titles


def test_hanging_up_on_the_family_page_ends_the_kiosk_side(call: Call) -> None:
    call.connect()
    call.family_page.click("#hang-up")
    wait_for_title(call.family_page, "call:ended:hung_up")
    wait_for_title(call.kiosk_page, "call:ended:hung_up")
    # The camera is let go and its mark goes with it; the family may call again.
    assert call.family_page.is_hidden("#camera-mark")
    assert call.family_page.is_visible("#call-back")
    assert call.kiosk_page.is_hidden("#camera-mark")
    record = call.tablet.get(f"/kiosk/calls/{call.call_id}").json()
    assert record["state"] == "ended" and record["reason"] == "hung_up"


def test_the_kiosk_hanging_up_ends_the_family_side(call: Call) -> None:
    call.connect()
    call.kiosk_page.evaluate("() => window.callControl.hangup()")
    wait_for_title(call.kiosk_page, "call:ended:hung_up")
    wait_for_title(call.family_page, "call:ended:hung_up")
    assert call.kiosk_page.evaluate("() => window.callControl.state()") == "ended:hung_up"
    assert "通话结束了" in call.family_page.inner_text("#state-text")


def test_a_declined_call_ends_the_callers_page(call: Call) -> None:
    call.ring()
    wait_for_title(call.family_page, "call:waiting")
    declined = call.tablet.post(f"/kiosk/calls/{call.call_id}/decline")
    assert declined.status_code == 200, declined.text
    wait_for_title(call.family_page, "call:ended:declined")
    assert "对方没有接" in call.family_page.inner_text("#state-text")


def test_the_caller_giving_up_cancels_the_ringing_call(call: Call) -> None:
    call.ring()
    wait_for_title(call.family_page, "call:waiting")
    call.family_page.click("#hang-up")
    wait_for_title(call.family_page, "call:ended:hung_up")

    def state() -> str:
        return str(call.tablet.get(f"/kiosk/calls/{call.call_id}").json()["state"])

    wait_until(lambda: state() == "ended", CONNECT_MS / 1000, "the call to end at the center")


def test_a_second_caller_is_told_the_line_is_busy(
    call: Call, call_center: CallCenter, media_browser: Any
) -> None:
    call.connect()
    second = call_center.family(name="儿子 王强")
    page = new_page(media_browser, PHONE)
    try:
        second.add_to(page.context, call_center.url)
        refused = page.context.request.post(
            f"{call_center.center.api}/family/calls", data={"resident_card": RESIDENT}
        )
        assert refused.status == 409, refused.text()
        body = refused.json()
        assert "busy" in (body.get("reason"), body.get("code")), body
        assert body["message"]
    finally:
        page.context.close()
    # The call going on is not disturbed.
    assert call.family_page.title() == "call:connected"
    assert call.kiosk_page.title() == "call:connected"
