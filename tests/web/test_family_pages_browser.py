"""The family pages in a real browser (Debian's chromium through Playwright, a phone's
viewport) against a real center: a nurse makes an invitation link on the console's resident
page and sets the home tablet; the family member opens the link, makes an account, lands on
the elder's page, sets a daily check-in and reads the page in English. The page is checked as
a phone shows it: 20 px type, targets at least 48 px tall, nothing wider than the screen,
nothing refused by the Content-Security-Policy. Screenshots go to ``FAMILY_SCREENSHOTS``
(``docs/screenshots`` for the documentation), else to a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import (
    ConsoleCenter,
    browser,
    console_center,
    console_page,
    sign_in,
)
from tests.helpers.family import PASSWORD

__all__ = ["browser", "console_center", "console_page"]
PHONE = {"width": 390, "height": 844}
MIN_TARGET_PX = 48
MIN_TYPE_PX = 18


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.csp_problems = []
    page.on(
        "console",
        lambda message: (
            page.csp_problems.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def _out(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FAMILY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _check_phone_layout(page: Any) -> None:
    sizes = page.evaluate(
        """() => {
          const body = parseFloat(getComputedStyle(document.body).fontSize);
          const small = [...document.querySelectorAll('button, a.button, input, select')]
            .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'checkbox')
            .filter(e => e.getBoundingClientRect().height < 48)
            .map(e => e.outerHTML.slice(0, 80));
          return {body, small, wide: document.documentElement.scrollWidth,
                  view: window.innerWidth};
        }"""
    )
    assert sizes["body"] >= MIN_TYPE_PX, sizes
    assert sizes["small"] == [], sizes["small"]
    assert sizes["wide"] <= sizes["view"], sizes


@pytest.mark.slow
def test_invite_join_and_use_the_family_page_on_a_phone(
    console_center: ConsoleCenter, console_page: Any, phone: Any, tmp_path: Path
) -> None:
    out = _out(tmp_path)
    base = console_center.url
    kiosk = console_center.kiosk("王阿姨家 平板")
    # the nurse: an invitation link for 10002, and the home tablet
    sign_in(console_page, base, "nurse", next_path="/console/residents/10002/family")
    console_page.fill("#relation", "女儿")
    console_page.fill("#display_name", "女儿 李芳")
    console_page.click("text=生成邀请链接")
    link = console_page.input_value("#invitation-link")
    assert "/family/join/" in link
    tablet = console_page.locator("select#device_id")
    assert tablet.count() == 0  # a nurse may not change the register: the tablet is shown only
    console_page.context.clear_cookies()
    sign_in(console_page, base, "administrator", next_path="/console/residents/10002/family")
    console_page.select_option("#device_id", kiosk.device_id)
    console_page.click("text=保存家里的平板")
    console_page.wait_for_selector("text=家里的平板已保存")

    # the daughter, on her phone
    phone.goto(link)
    phone.screenshot(path=str(out / "family_join_zh_CN.png"), full_page=True)
    _check_phone_layout(phone)
    phone.fill("#name", "lifang")
    phone.fill("#password", PASSWORD)
    phone.fill("#password_again", PASSWORD)
    phone.click("form.join button[type=submit]")
    phone.wait_for_url("**/family/elders/10002")
    assert phone.title().startswith("李建国")
    button = phone.locator("button[data-call-resident='10002']")
    assert button.is_visible() and "视频通话" in button.inner_text()
    assert button.bounding_box()["height"] >= 64
    phone.fill("#at_time", "10:00")
    phone.click("form.add-checkin button[type=submit]")
    phone.wait_for_selector("text=已添加 10:00 的视频问候")
    assert phone.locator(".checkins .time").inner_text() == "10:00"
    _check_phone_layout(phone)
    phone.screenshot(path=str(out / "family_elder_zh_CN.png"), full_page=True)
    console_page.reload()  # staff see the new link
    assert console_page.locator("td", has_text="女儿 李芳").count() == 1
    # the same link again: used
    used = phone.context.browser.new_context(viewport=PHONE).new_page()
    used.goto(link)
    assert "已经用过了" in used.inner_text("main")
    used.context.close()
    # in English
    phone.click("a[hreflang='en-US']")
    phone.wait_for_selector("text=Video call")
    assert "Daily check-in calls" in phone.inner_text("main")
    phone.screenshot(path=str(out / "family_elder_en_US.png"), full_page=True)
    phone.goto(base + "/family/")
    assert phone.locator("li.elder").count() == 1
    _check_phone_layout(phone)
    phone.screenshot(path=str(out / "family_home_en_US.png"), full_page=True)
    assert phone.csp_problems == []


@pytest.mark.slow
def test_a_family_account_in_the_console_is_sent_to_the_family_page(
    console_center: ConsoleCenter, phone: Any
) -> None:
    base = console_center.url
    made = console_center.api.post(
        "/residents/10003/family-invitations", {"relation": "son", "display_name": "son Tom"}
    )
    assert made.status_code == 201, made.text
    phone.goto(base + made.json()["path"])
    phone.fill("#name", "tom")
    phone.fill("#password", PASSWORD)
    phone.fill("#password_again", PASSWORD)
    phone.click("form.join button[type=submit]")
    phone.wait_for_url("**/family/elders/10003")
    phone.goto(base + "/console/")
    assert "这是家属账号" in phone.inner_text("main")
    phone.click("text=去家属页面")
    phone.wait_for_url("**/family/")
    assert phone.locator("li.elder").count() == 1
    phone.click("form.inline button[type=submit]")  # sign out
    phone.wait_for_url("**/family/sign-in")
    _check_phone_layout(phone)
    phone.fill("#name", "tom")
    phone.fill("#password", "not the password")
    phone.click("form.signin button[type=submit]")
    assert "登录名或密码不对" in phone.inner_text("main")
    assert phone.csp_problems == []
