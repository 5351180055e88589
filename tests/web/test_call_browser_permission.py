"""A call page whose camera and microphone are refused (headless chromium without the fake
permission prompt says no to both): the page says why in words, reports error:permission,
and ends the call at the center so the other side is not left waiting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.call_browser import (
    CONNECT_MS,
    FAKE_MEDIA,
    PHONE,
    RESIDENT,
    CallCenter,
    call_center,
    launch_chromium,
    new_page,
    page_address,
    wait_for_title,
)
from tests.helpers.center import wait_until

pytestmark = pytest.mark.slow
__all__ = ["call_center"]


@pytest.fixture(scope="module")
def refusing_browser() -> Iterator[Any]:
    yield from launch_chromium(FAKE_MEDIA)  # no fake prompt: permission is refused


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_refused_camera_and_microphone_say_so_and_end_the_call(
    call_center: CallCenter, refusing_browser: Any, lang: str
) -> None:
    tablet = call_center.home_tablet()
    member = call_center.family()
    page = new_page(refusing_browser, PHONE)
    try:
        member.add_to(page.context, call_center.url)
        made = page.context.request.post(
            f"{call_center.center.api}/family/calls", data={"resident_card": RESIDENT}
        )
        assert made.status == 201, made.text()
        join = made.json()
        page.goto(page_address(call_center.url, join, "family", resident=RESIDENT, lang=lang))
        wait_for_title(page, "call:error:permission")
        sentence = page.inner_text("#state-text")
        assert ("没有允许使用摄像头和麦克风" if lang == "zh_CN" else "not allowed") in sentence
        assert page.is_hidden("#camera-mark") and page.is_hidden("#hang-up")

        def ended() -> bool:
            answer = tablet.get(f"/kiosk/calls/{join['call_id']}")
            return answer.status_code == 200 and answer.json()["state"] != "ringing"

        wait_until(ended, CONNECT_MS / 1000, "the refused call to end at the center")
    finally:
        page.context.close()
