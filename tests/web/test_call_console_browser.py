"""The console's video call in Debian's chromium (Playwright, fake camera and microphone)
against a real center process: a nurse presses "video call" on a resident's calls page, the
browser goes on to the call page's staff view with the ticket taken from the fragment (and
gone from the address), the home tablet answers in the kiosk view, video frames arrive both
ways, and the nurse's hang-up ends the call on the tablet and on the calls page. Screenshots
of the calls page in both languages go to ``$CONSOLE_SCREENSHOTS`` when it is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server.web import strings
from tests.helpers.browser import ConsoleCenter, console_center, sign_in
from tests.helpers.call_browser import (
    media_browser,
    new_page,
    page_address,
    wait_for_frames,
    wait_for_title,
)
from tests.helpers.calls import home_tablet, make_family, new_resident

pytestmark = pytest.mark.slow
__all__ = ["console_center", "media_browser"]


@pytest.fixture
def nurse_page(media_browser: Any, console_center: ConsoleCenter) -> Iterator[Any]:
    page = new_page(media_browser)
    sign_in(page, console_center.url, "nurse")
    yield page
    page.context.close()


def test_a_nurse_calls_the_home_tablet_and_they_see_each_other(
    console_center: ConsoleCenter, media_browser: Any, nurse_page: Any
) -> None:
    center = console_center.center
    card = new_resident(center)
    tablet = home_tablet(center, card)
    page = nurse_page
    page.goto(f"{console_center.url}/console/residents/{card}/calls")
    page.click("#video-call")
    page.wait_for_url("**/call/*", timeout=10_000)
    wait_for_title(page, "call:waiting")
    assert page.evaluate("document.body.dataset.view") == "staff"
    assert page.evaluate("location.hash") == ""  # the ticket left the address at once
    assert "view=staff" in page.url and f"resident={card}" in page.url
    # The tablet rang; it answers and opens the kiosk view, as QtWebEngine does.
    [ringing] = tablet.updates("call.ringing")
    assert ringing["caller_kind"] == "staff"
    answered = tablet.post(f"/kiosk/calls/{ringing['call_id']}/answer")
    assert answered.status_code == 200, answered.text
    kiosk = new_page(media_browser)
    try:
        kiosk.goto(page_address(console_center.url, answered.json(), "kiosk"))
        wait_for_title(page, "call:connected")
        wait_for_title(kiosk, "call:connected")
        assert wait_for_frames(page)["framesDecoded"] > 0
        assert wait_for_frames(kiosk)["framesDecoded"] > 0
        words = strings.table("zh_CN")
        assert page.locator("#hang-up").is_visible()
        page.click("#hang-up")
        wait_for_title(page, "call:ended:hung_up")
        wait_for_title(kiosk, "call:ended:hung_up")
        # Back to the resident's calls, which now says how the call went.
        back = page.locator("#back")
        assert back.is_visible()
        back.click()
        page.wait_for_url(f"**/console/residents/{card}/calls", timeout=10_000)
        row = page.locator("#recent-calls tbody tr").first.inner_text()
        before, after = words.t("calls.outcome_talked", talked="|").split("|")
        assert before in row and after in row, row
    finally:
        kiosk.context.close()
    assert answered.json()["ticket"] not in center.log()


def test_a_refused_call_stays_on_the_calls_page_with_the_sentence(
    console_center: ConsoleCenter, nurse_page: Any
) -> None:
    card = new_resident(console_center.center)  # no home tablet
    page = nurse_page
    page.goto(f"{console_center.url}/console/residents/{card}/calls")
    page.click("#video-call")
    page.wait_for_selector("#call-problem")
    expected = strings.table("zh_CN").t("calls.refused_no_device")
    assert expected in page.locator("#call-problem").inner_text()
    assert "/calls/start" in page.url


def test_screenshots_of_the_calls_page(console_center: ConsoleCenter, nurse_page: Any) -> None:
    out = os.environ.get("CONSOLE_SCREENSHOTS")
    center = console_center.center
    card = new_resident(center)
    home_tablet(center, card)
    make_family(center, card, "女儿 王丽", auto_answer=True)
    make_family(center, card, "儿子 王强")
    page = nurse_page
    # A call that was talked through and one that rang out, for the list.
    page.goto(f"{console_center.url}/console/residents/{card}/calls")
    page.fill("#quiet_from", "21:00")
    page.fill("#quiet_to", "07:30")
    page.click("#policy-title ~ form button[type=submit]")
    page.wait_for_selector(".notice.ok")
    page.click("#video-call")
    page.wait_for_url("**/call/*", timeout=10_000)
    wait_for_title(page, "call:waiting")
    page.evaluate("window.callControl.hangup()")
    wait_for_title(page, "call:ended:hung_up")
    # "Call again" rings once more, through the staff API with the console's cookie.
    first = page.url
    page.click("#call-back")
    page.wait_for_url(lambda url: "/call/" in url and url.split("?")[0] != first.split("?")[0])
    wait_for_title(page, "call:waiting")
    assert page.evaluate("document.body.dataset.view") == "staff"
    page.evaluate("window.callControl.hangup()")
    wait_for_title(page, "call:ended:hung_up")
    for lang in ("zh_CN", "en_US"):
        page.goto(
            f"{console_center.url}/console/lang?to={lang}&next=/console/residents/{card}/calls"
        )
        assert page.locator("#video-call").is_visible()
        words = strings.table(lang)
        listed = page.locator("#recent-calls").inner_text()
        assert listed.count(words.t("calls.outcome_cancelled")) == 2, listed
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(out) / f"console_calls_{lang}.png"), full_page=True)
