"""A resident's data in the console, in Debian's chromium against a real center process: an
administrator exports a resident (the file downloads and holds their data, the page to print
opens) and deletes them after the confirmation; their page is gone and the kiosk's updates
feed carries the erasure; a dispatcher sees no buttons and her post is refused; the audit
page shows the reads, the export and the erasure. Screenshots of the new page parts in both
languages go to ``$CONSOLE_SCREENSHOTS`` (``docs/screenshots`` for the guide) when it is set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import (
    STAFF,
    ConsoleCenter,
    Kiosk,
    console_center,
    console_page,
    sign_in,
)
from tests.helpers.browser import browser as browser
from tests.helpers.center import HTTP_TIMEOUT, wait_until
from tests.helpers.server_api import event, reading_payload

pytestmark = pytest.mark.slow
__all__ = ["console_center", "console_page"]
FEED_S = 5.0  # generous for a shared 2-core machine


def register(console: ConsoleCenter, card: str, name: str) -> None:
    """A resident in the register, as an administrator enters them."""
    answer = console.api.session.put(
        f"{console.api.base}/residents/{card}",
        json={"name": name, "phone": "13700001111", "subsidy_tier": "free",
              "contacts": [{"name": "女儿 周敏", "phone": "13900002222", "relation": "女儿"}]},
        timeout=HTTP_TIMEOUT,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text


def with_history(console: ConsoleCenter, card: str) -> Kiosk:
    """A kiosk where the resident ordered a meal and measured their blood pressure."""
    kiosk = console.kiosk()
    kiosk.order(resident_card=card)
    reading = reading_payload(resident_card=card, systolic=151, diastolic=96)
    [result] = kiosk.device.results([event("reading.record", reading)])
    assert result["status"] == "applied", result
    return kiosk


def test_an_administrator_exports_then_deletes_a_resident(
    console_center: ConsoleCenter, console_page: Any
) -> None:
    card, name = "20001", "周桂兰"
    register(console_center, card, name)
    kiosk = with_history(console_center, card)
    kiosk.new_updates()  # only what comes after the deletion matters below
    page = console_page
    base = console_center.url
    sign_in(page, base, "administrator", next_path=f"/console/residents/{card}")
    section = page.locator("#resident-data")
    assert section.is_visible()

    with page.expect_download() as waiting:
        section.get_by_role("link", name="导出该居民的数据（JSON 文件）").click()
    download = waiting.value
    assert download.suggested_filename == f"resident-{card}.json"
    document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert document["resident"]["name"] == name
    assert document["resident"]["contacts"][0]["name"] == "女儿 周敏"
    assert [r["systolic"] for r in document["readings"]] == [151]
    assert [o["resident_card"] for o in document["orders"]] == [card]

    with page.context.expect_page() as opened:
        section.get_by_role("link", name="打开可打印的页面").click()
    printable = opened.value
    printable.wait_for_load_state()
    assert name in printable.locator("body").inner_text()
    printable.close()

    section.get_by_role("link", name="删除该居民的数据").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert f"确定删除 {name}（卡号 {card}）的全部数据吗？" in main
    assert "删除后无法恢复" in main and "记入操作记录" in main
    delete = page.get_by_role("button", name=f"删除 {name} 的数据")
    delete.click()  # not ticked: the browser keeps the form, nothing is sent
    assert page.url.endswith(f"/console/residents/{card}/erase")
    page.get_by_label(f"我已和居民本人核实：删除 {name}（卡号 {card}）的全部数据").check()
    delete.click()
    page.wait_for_url(f"{base}/console/residents?done=resident_erased")
    assert "该居民的数据已在中心删除" in page.locator("main").inner_text()
    assert f"/console/residents/{card}" not in page.content()

    gone = page.goto(f"{base}/console/residents/{card}")
    assert gone is not None and gone.status == 404

    def erased() -> bool:
        kiosk.new_updates()
        return any(
            u["kind"] == "resident.erase" and u["payload"]["resident_card"] == card
            for u in kiosk.updates
        )

    wait_until(erased, FEED_S, "the kiosk's feed to carry the erasure")

    page.goto(f"{base}/console/audit?card={card}")
    rows = page.locator("#audit-entries tbody tr")
    actions = [rows.nth(i).get_attribute("data-action") for i in range(rows.count())]
    for action in (
        "access:residents.read",
        "access:residents.export",
        "resident.export",
        "access:residents.erase",
        "resident.erase",
    ):
        assert action in actions, (action, actions)
    table = page.locator("#audit-entries").inner_text()
    assert STAFF["administrator"] in table and "删除了全部数据" in table
    assert "127.0.0.1" in table


def test_a_dispatcher_sees_no_buttons_and_her_post_is_refused(
    console_center: ConsoleCenter, console_page: Any
) -> None:
    card = "20002"
    register(console_center, card, "钱玉珍")
    page = console_page
    base = console_center.url
    sign_in(page, base, "dispatcher", next_path=f"/console/residents/{card}")
    assert page.locator("#name").input_value() == "钱玉珍"  # she sees the resident
    assert page.locator("#resident-data").count() == 0
    assert page.get_by_role("link", name="删除该居民的数据").count() == 0
    assert "/erase" not in page.content() and "/export" not in page.content()

    # Her own valid form token, posted as the confirmation form would be: refused by role.
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    answer = page.request.post(
        f"{base}/console/residents/{card}/erase", form={"csrf": token or "", "confirm": "yes"}
    )
    assert answer.status == 403
    assert "调度员不能删除居民的数据" in answer.text()
    confirm = page.goto(f"{base}/console/residents/{card}/erase")
    assert confirm is not None and confirm.status == 403
    still = console_center.api.get(f"/residents/{card}")
    assert still.status_code == 200 and still.json()["name"] == "钱玉珍"


def test_screenshots_of_a_residents_data_the_confirmation_and_the_audit_page(
    console_center: ConsoleCenter, console_page: Any, tmp_path: Path
) -> None:
    wanted = os.environ.get("CONSOLE_SCREENSHOTS")
    out = Path(wanted) if wanted else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    card = "20003"
    register(console_center, card, "孙淑芬")
    with_history(console_center, card)
    page = console_page
    base = console_center.url
    for lang in ("zh_CN", "en_US"):
        page.context.clear_cookies()
        page.goto(f"{base}/console/lang?to={lang}&next=/console/sign-in")
        sign_in(page, base, "administrator", next_path=f"/console/residents/{card}")
        page.locator("#resident-data").screenshot(
            path=str(out / f"console_resident_data_{lang}.png")
        )
        exported = page.request.get(f"{base}/console/residents/{card}/export.json")
        assert exported.status == 200  # an export, for the audit page to show
        answer = page.goto(f"{base}/console/residents/{card}/erase")
        assert answer is not None and answer.status == 200
        page.screenshot(path=str(out / f"console_resident_erase_{lang}.png"), full_page=True)
        answer = page.goto(f"{base}/console/audit?card={card}")
        assert answer is not None and answer.status == 200
        assert page.locator("#audit-entries tbody tr").count() >= 3
        page.screenshot(path=str(out / f"console_resident_audit_{lang}.png"), full_page=True)
    made = sorted(p.name for p in out.glob("console_resident_*_*.png"))
    for part in ("data", "erase", "audit"):
        for lang in ("zh_CN", "en_US"):
            assert f"console_resident_{part}_{lang}.png" in made
