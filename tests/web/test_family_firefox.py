"""The family page in Firefox (Debian's firefox-esr over WebDriver BiDi, tests.helpers.firefox)
against a real center: a family member signs in on a phone-sized window and sees their elder,
the page holding its phone layout (18 px type or more, targets at least 48 px, nothing wider
than the screen, nothing refused by the Content-Security-Policy); and a real video call from
the family page in Firefox to the kiosk view of the call page in Debian's chromium, which
connects, carries video both ways (each page's ``callStats()``) and ends on both sides when
Firefox hangs up. Screenshots go to ``FAMILY_SCREENSHOTS`` (``docs/screenshots`` for the
documentation), else to a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.call_browser import (
    RESIDENT,
    CallCenter,
    call_center,
    media_browser,
    new_page,
    page_address,
    wait_for_frames,
    wait_for_title,
)
from tests.helpers.firefox import BiDiError, Firefox, firefox

pytestmark = pytest.mark.slow
__all__ = ["call_center", "firefox", "media_browser"]
PASSWORD = "green tea at ten"  # what CallCenter.family gives every member
PHONE = (390, 844)
MIN_TARGET_PX = 48
MIN_TYPE_PX = 18
CALL_TIMEOUT_S = 30.0  # generous for a shared 2-core machine; the benchmark measures it

LAYOUT = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const small = [...document.querySelectorAll('button, a.button, input, select')]
    .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'checkbox')
    .filter(e => e.getBoundingClientRect().height < 48)
    .map(e => e.outerHTML.slice(0, 80));
  const texts = [...document.querySelectorAll('main p, main li, main label, main h1, main h2')]
    .filter(e => e.offsetParent !== null)
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  return {body, small, smallest: Math.min(...texts),
          wide: document.documentElement.scrollWidth, view: window.innerWidth};
}"""


def _out(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FAMILY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _check_phone_layout(browser: Firefox) -> None:
    sizes = browser.call(LAYOUT)
    assert sizes["body"] >= MIN_TYPE_PX, sizes
    assert sizes["smallest"] >= MIN_TYPE_PX, sizes
    assert sizes["small"] == [], sizes["small"]
    assert sizes["wide"] <= sizes["view"], sizes
    assert browser.csp_violations() == []


def _sign_in(browser: Firefox, base_url: str, name: str) -> None:
    browser.set_viewport(*PHONE, pixel_ratio=2)
    browser.goto(f"{base_url}/family/sign-in")
    _check_phone_layout(browser)
    browser.fill("#name", name)
    browser.fill("#password", PASSWORD)
    browser.click("form.signin button[type=submit]")
    browser.wait_for(
        "() => location.pathname !== '/family/sign-in' && document.readyState === 'complete'",
        what="the page after signing in",
    )


def test_a_family_member_signs_in_in_firefox_and_sees_their_elder_on_a_phone(
    firefox: Firefox, call_center: CallCenter, tmp_path: Path
) -> None:
    call_center.home_tablet()
    member = call_center.family()
    _sign_in(firefox, call_center.url, member.name)
    firefox.goto(f"{call_center.url}/family/")
    elders = firefox.evaluate("[...document.querySelectorAll('li.elder')].map(e => e.innerText)")
    assert len(elders) == 1 and "张秀英" in elders[0], elders
    _check_phone_layout(firefox)

    firefox.click("li.elder a.button")
    firefox.wait_for(
        f"() => location.pathname === '/family/elders/{RESIDENT}'", what="the elder's page"
    )
    firefox.wait_for(
        "() => document.body.dataset.familySocket === 'open'", what="the family socket open"
    )
    assert firefox.title().startswith("张秀英")
    button = firefox.call(
        """() => {
          const b = document.querySelector("button[data-call-resident='10001']");
          return {text: b.innerText, height: b.getBoundingClientRect().height};
        }"""
    )
    assert "视频通话" in button["text"] and button["height"] >= 64, button
    firefox.fill("#at_time", "10:00")
    firefox.click("form.add-checkin button[type=submit]")
    firefox.wait_for(
        "() => document.querySelector('.checkins .time')?.innerText === '10:00'",
        what="the new daily check-in listed",
    )
    _check_phone_layout(firefox)
    firefox.screenshot(_out(tmp_path) / "family_elder_firefox_zh_CN.png")
    assert firefox.console_errors() == []


def test_a_video_call_from_firefox_to_the_kiosk_in_chromium(
    firefox: Firefox, call_center: CallCenter, media_browser: Any
) -> None:
    tablet = call_center.home_tablet()
    member = call_center.family()
    kiosk = new_page(media_browser)
    try:
        _sign_in(firefox, call_center.url, member.name)
        firefox.goto(f"{call_center.url}/family/elders/{RESIDENT}")
        firefox.wait_for(
            "() => document.body.dataset.familySocket === 'open'", what="the family socket open"
        )
        firefox.click(f"button[data-call-resident='{RESIDENT}']")
        firefox.wait_for_title("call:waiting", timeout=CALL_TIMEOUT_S)
        ringing = [u for u in tablet.updates() if u["kind"] == "call.ringing"]
        assert ringing, "the tablet was not told of the call"
        call_id = ringing[-1]["payload"]["call_id"]
        assert call_id in firefox.evaluate("location.pathname")

        answered = tablet.post(f"/kiosk/calls/{call_id}/answer")
        assert answered.status_code == 200, answered.text
        kiosk.goto(page_address(call_center.url, answered.json(), "kiosk"))
        firefox.wait_for_title("call:connected", timeout=CALL_TIMEOUT_S)
        wait_for_title(kiosk, "call:connected")
        in_firefox = firefox.wait_for(
            "async () => { const s = await window.callStats(); return s.framesDecoded > 0 && s; }",
            what="video frames from chromium decoded in Firefox",
            timeout=CALL_TIMEOUT_S,
        )
        in_chromium = wait_for_frames(kiosk)
        assert in_firefox["framesEncoded"] > 0 and in_firefox["bytesReceived"] > 0, in_firefox
        assert in_chromium["framesDecoded"] > 0 and in_chromium["framesEncoded"] > 0, in_chromium

        firefox.click("#hang-up")
        wait_for_title(kiosk, "call:ended:hung_up")
        firefox.wait_for_title("call:ended:hung_up")
        assert firefox.csp_violations() == []
    finally:
        kiosk.context.close()


def test_firefox_says_in_words_what_went_wrong_and_waits_through_a_new_page(
    firefox: Firefox, call_center: CallCenter
) -> None:
    firefox.goto(f"{call_center.url}/family/sign-in")
    with pytest.raises(BiDiError, match="nothing on the page matches '#no-such-button'"):
        firefox.click("#no-such-button")
    with pytest.raises(BiDiError, match=r"the page's script threw: .*null"):
        firefox.evaluate("null.property")
    with pytest.raises(AssertionError, match="waited 1 s in Firefox for a title never set"):
        firefox.wait_for("() => document.title === 'never'", what="a title never set", timeout=1)
    # What the Content-Security-Policy refuses is seen (so the checks above can fail).
    assert firefox.csp_violations() == []
    firefox.evaluate(
        "document.body.append(Object.assign(document.createElement('script'),"
        " {textContent: 'window.injected = true'}))"
    )
    refused = firefox.wait_for(
        "() => window.__cspViolations.length && window.__cspViolations",
        what="the inline script refused",
    )
    assert any("script-src" in line for line in refused), refused
    assert firefox.evaluate("window.injected === undefined")
    # A new document while the condition waits: Firefox drops the old page's promise, and the
    # wait goes on in the new page.
    firefox.evaluate("setTimeout(() => { location.search = '?again=1'; }, 300)")
    assert firefox.wait_for("() => location.search", what="the new page") == "?again=1"
