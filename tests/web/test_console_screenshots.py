"""Screenshots of every console page in both languages, on the 10-inch tablet's 1280x800,
with a center that has orders, an emergency, an alerting reading and messages: the pages as
a dispatcher and an administrator see them. They go to ``$CONSOLE_SCREENSHOTS`` (the guide's
are made with ``CONSOLE_SCREENSHOTS=docs/screenshots``), else to a temporary folder; the test
checks that each page rendered whole (a title, no refusal, no word left as its key)."""

from __future__ import annotations

import os
import re
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
from tests.helpers.server_api import event, reading_payload

pytestmark = pytest.mark.slow
__all__ = ["browser", "console_center", "console_page"]
KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b")  # a words-table key shown instead of its words


def populate(console: ConsoleCenter) -> dict[str, str]:
    hall = console.kiosk("3号楼大厅")
    room = console.kiosk("活动室")
    first = hall.order()
    hall.order(resident_card="10002", service_id="cleaning", choices={"when": "today"})
    accepted = room.order(resident_card="10004")
    console.api.act(accepted, "accept")
    console.api.act(accepted, "assign", worker="张师傅")
    room.sos()
    alert = reading_payload(systolic=182, diastolic=104, level="high", alert=True)
    [result] = room.device.results([event("reading.record", alert)])
    assert result["status"] == "applied", result
    console.api.post(
        "/messages",
        {"text": "明天上午九点量血压", "device_id": hall.device_id, "resident_card": "10001"},
    )
    return {"order": first}


def test_every_page_in_both_languages(console_center: ConsoleCenter, console_page: Any) -> None:
    out = (
        Path(os.environ.get("CONSOLE_SCREENSHOTS", ""))
        if os.environ.get("CONSOLE_SCREENSHOTS")
        else None
    )
    made = populate(console_center)
    page = console_page
    base = console_center.url
    pages = {
        "signin": "/console/sign-in",
        "board": "/console/",
        "orders": "/console/orders",
        "order": f"/console/orders/{made['order']}",
        "sos": "/console/sos",
        "residents": "/console/residents",
        "resident": "/console/residents/10001",
        "catalog": "/console/catalog",
        "kiosks": "/console/kiosks",
        "messages": "/console/messages",
        "reports": "/console/reports",
        "tutorials": "/console/tutorials?card=10001",
    }
    for lang in ("zh_CN", "en_US"):
        page.context.clear_cookies()
        page.goto(f"{base}/console/lang?to={lang}&next=/console/sign-in")
        for name, path in pages.items():
            if name == "board":
                sign_in(page, base, "administrator")
            response = page.goto(base + path)
            assert response is not None and response.status == 200, (name, lang)
            if name == "board":
                page.wait_for_selector("#connection[data-state=live]")
            text = page.locator("main").inner_text()
            assert page.title().strip(), name
            leftover = [
                k
                for k in KEY.findall(text)
                if k.split(".")[0]
                in {
                    "board",
                    "order",
                    "orders",
                    "sos",
                    "state",
                    "tier",
                    "act",
                    "nav",
                    "reports",
                    "kiosks",
                    "messages",
                    "resident",
                    "residents",
                    "catalog",
                    "field",
                    "signin",
                }
            ]
            assert not leftover, (name, lang, leftover)
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out / f"console_{name}_{lang}.png"), full_page=True)
