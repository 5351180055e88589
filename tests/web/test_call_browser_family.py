"""The family pages' live part (family_live.js) in Debian's chromium against a real center:
the "video call" button starts a call and goes to the call page, or says in words why the
tablet cannot ring; a call from the tablet rings on the family page as a banner with answer
and decline; after a call ends the family page's "call again" starts a new one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.call_browser import (
    PHONE,
    RESIDENT,
    CallCenter,
    call_center,
    media_browser,
    new_page,
    page_address,
    wait_for_frames,
    wait_for_title,
)

pytestmark = pytest.mark.slow
__all__ = ["call_center", "media_browser"]
PASSWORD = "green tea at ten"  # what CallCenter.family gives every member


class FamilySide:
    def __init__(self, calls: CallCenter, browser: Any) -> None:
        self.calls = calls
        self.tablet = calls.home_tablet()
        self.member = calls.family()
        self.page = new_page(browser, PHONE)
        self.kiosk_page = new_page(browser)
        self.page.goto(f"{calls.url}/family/sign-in")
        self.page.fill("#name", self.member.name)
        self.page.fill("#password", PASSWORD)
        self.page.click("form.signin button[type=submit]")
        self.page.wait_for_load_state()

    def open_elder(self) -> None:
        self.page.goto(f"{self.calls.url}/family/elders/{RESIDENT}")
        self.page.wait_for_selector("body[data-family-socket=open]")

    def close(self) -> None:
        for page in (self.page, self.kiosk_page):
            page.context.close()


@pytest.fixture
def family_side(call_center: CallCenter, media_browser: Any) -> Iterator[FamilySide]:
    side = FamilySide(call_center, media_browser)
    yield side
    side.close()


def test_the_call_button_rings_the_tablet_and_call_again_rings_it_anew(
    family_side: FamilySide,
) -> None:
    page = family_side.page
    family_side.open_elder()
    page.click(f"button[data-call-resident='{RESIDENT}']")
    wait_for_title(page, "call:waiting")
    assert "/call/" in page.url and "ticket" not in page.url
    ringing = [u for u in family_side.tablet.updates() if u["kind"] == "call.ringing"]
    assert ringing, "the tablet was not told of the call"
    call_id = ringing[-1]["payload"]["call_id"]
    assert call_id in page.url
    answered = family_side.tablet.post(f"/kiosk/calls/{call_id}/answer")
    assert answered.status_code == 200, answered.text
    family_side.kiosk_page.goto(page_address(family_side.calls.url, answered.json(), "kiosk"))
    wait_for_title(page, "call:connected")
    wait_for_frames(page)

    family_side.kiosk_page.evaluate("() => window.callControl.hangup()")
    wait_for_title(page, "call:ended:hung_up")
    page.click("#call-back")
    page.wait_for_function(f"() => !location.pathname.includes('{call_id}')")
    wait_for_title(page, "call:waiting")
    rung = [u for u in family_side.tablet.updates() if u["kind"] == "call.ringing"]
    assert len(rung) == len(ringing) + 1
    page.click("#hang-up")
    wait_for_title(page, "call:ended:hung_up")


def test_a_call_that_cannot_ring_says_why_in_large_words(
    family_side: FamilySide, call_center: CallCenter, media_browser: Any
) -> None:
    # Someone else's call is ringing on the tablet: the line is busy.
    other = call_center.family(name="儿子 王强")
    other_page = new_page(media_browser, PHONE)
    try:
        other.add_to(other_page.context, call_center.url)
        first = other_page.context.request.post(
            f"{call_center.center.api}/family/calls", data={"resident_card": RESIDENT}
        )
        assert first.status == 201, first.text()
        family_side.open_elder()
        page = family_side.page
        page.click(f"button[data-call-resident='{RESIDENT}']")
        sentence = page.locator(".call-sentence[data-kind=refused]")
        sentence.wait_for()
        assert sentence.inner_text().strip()
        assert "/family/elders/" in page.url  # no call page for a call that did not ring
        size = float(sentence.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size >= 24, size
        assert page.is_enabled(f"button[data-call-resident='{RESIDENT}']")
        other_page.context.request.post(
            f"{call_center.center.api}/family/calls/{first.json()['call_id']}/end"
        )
    finally:
        other_page.context.close()


def _kiosk_calls(side: FamilySide) -> dict[str, Any]:
    made = side.tablet.post(
        "/kiosk/calls", {"resident_card": RESIDENT, "family_id": side.member.account_id}
    )
    assert made.status_code == 201, made.text
    join = dict(made.json())
    side.kiosk_page.goto(page_address(side.calls.url, join, "kiosk"))
    return join


def test_a_call_from_the_tablet_rings_on_the_family_page_and_is_answered(
    family_side: FamilySide,
) -> None:
    family_side.open_elder()
    page = family_side.page
    join = _kiosk_calls(family_side)
    banner = page.locator("#incoming-call")
    banner.wait_for()
    assert banner.get_attribute("data-call-id") == join["call_id"]
    # The banner takes room from the page: it is the page's first thing, not drawn over it.
    assert page.evaluate("() => document.body.firstElementChild.id") == "incoming-call"
    assert page.locator(".incoming-answer").inner_text() == "接听"
    assert page.locator(".incoming-decline").inner_text() == "不接"
    page.click(".incoming-answer")
    wait_for_title(page, "call:connected")
    wait_for_title(family_side.kiosk_page, "call:connected")
    wait_for_frames(family_side.kiosk_page)
    page.click("#hang-up")
    wait_for_title(family_side.kiosk_page, "call:ended:hung_up")


def test_declining_a_call_from_the_tablet_ends_it_there(family_side: FamilySide) -> None:
    family_side.open_elder()
    page = family_side.page
    _kiosk_calls(family_side)
    wait_for_title(family_side.kiosk_page, "call:waiting")
    page.click(".incoming-decline")
    page.locator("#incoming-call").wait_for(state="detached")
    wait_for_title(family_side.kiosk_page, "call:ended:declined")


def test_a_call_the_tablet_gives_up_says_so_on_the_banner(family_side: FamilySide) -> None:
    family_side.open_elder()
    page = family_side.page
    join = _kiosk_calls(family_side)
    page.locator("#incoming-call").wait_for()
    family_side.kiosk_page.evaluate("() => window.callControl.hangup()")
    page.wait_for_selector("#incoming-call[data-ended=true]")
    assert page.is_hidden(".incoming-answer")
    assert "已经结束" in page.inner_text("#incoming-call")
    assert join["call_id"] == page.get_attribute("#incoming-call", "data-call-id")
