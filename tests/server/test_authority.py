"""The center as the authority, over HTTP against a real center: it prices orders from its
catalog and register for each tier, refuses what it should with a stable code, lists orders by
its own receive time whatever the kiosks' clocks say, and sends messages only to a device."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sync.client import CenterClient
from tests.helpers.center import CenterMaker, CenterProcess, EnrolledKiosk, StaffApi
from tests.helpers.server_api import Device, assert_error, event, order_payload


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    return module_center


def order(card: str = "10001", **changes: Any) -> dict[str, Any]:
    return order_payload(resident_card=card, created_at=datetime.now(UTC).isoformat(), **changes)


@pytest.mark.parametrize(
    ("card", "tier", "price"),
    [("10001", "free", 0), ("10002", "subsidised", 1600), ("10003", "full", 3000)],
)
def test_the_center_prices_each_tier_itself_whatever_the_kiosk_says(
    device: Device, staff_api: StaffApi, card: str, tier: str, price: int
) -> None:
    sent = order(
        card, choices={"meal": "tomorrow_lunch", "portions": "2"}, price_fen=0, subsidy_tier="free"
    )
    [result] = device.results([event("order.create", sent)])
    assert result["status"] == "applied", result
    assert (result["result"]["price_fen"], result["result"]["subsidy_tier"]) == (price, tier)
    listed = [
        o for o in staff_api.get("/orders", limit=1000).json() if o["order_id"] == sent["order_id"]
    ]
    assert [(o["price_fen"], o["subsidy_tier"], o["quantity"]) for o in listed] == [
        (price, tier, 2)
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"service_id": "rocket_launch"}, "unknown_service"),
        ({"choices": {"meal": "breakfast_on_mars", "portions": "1"}}, "unknown_choice"),
        ({"choices": {"portions": "1"}}, "unknown_choice"),
        ({"resident_card": "99999"}, "unknown_card"),
        ({"resident_card": None}, "unknown_card"),
    ],
)
def test_the_center_refuses_what_it_should_with_a_code(
    device: Device, changes: dict[str, object], code: str
) -> None:
    [result] = device.results([event("order.create", {**order(), **changes})])
    assert result["status"] == "rejected"
    assert result["error"].startswith(f"{code}: "), result["error"]


def test_an_inactive_card_is_refused(center: CenterProcess, device: Device) -> None:
    admin = StaffApi(center, center.staff_token())
    try:
        put = admin.session.put(
            admin.base + "/residents/40001",
            json={"name": "周末", "subsidy_tier": "full", "active": False},
        )
        assert put.status_code == 200, put.text
    finally:
        admin.close()
    [result] = device.results([event("order.create", order("40001"))])
    assert result["error"].startswith("inactive_card: ")


def test_a_message_goes_to_a_device_and_never_to_every_kiosk(
    staff_api: StaffApi, enrolled_kiosk: EnrolledKiosk
) -> None:
    assert_error(staff_api.post("/messages", {"text": "lunch is late"}), 422, "no_device")
    assert_error(
        staff_api.post("/messages", {"text": "lunch is late", "resident_card": "10001"}),
        422,
        "no_device",
    )
    assert_error(
        staff_api.post(
            "/messages",
            {"text": "hi", "device_id": enrolled_kiosk.device_id, "resident_card": "99999"},
        ),
        404,
        "unknown_card",
    )
    sent = staff_api.post(
        "/messages",
        {"text": "lunch is late", "device_id": enrolled_kiosk.device_id, "resident_card": "10001"},
    )
    assert sent.status_code == 200, sent.text


CUTOFF_CATALOG = """
version = 1
timezone = "{zone}"

[choices.meal]
title_zh = "订哪一餐？"
title_en = "Which meal?"
options = [
    {{ id = "today_lunch", zh = "今天午餐", en = "Lunch today", until = "10:00" }},
    {{ id = "today_dinner", zh = "今天晚餐", en = "Dinner today", until = "16:00" }},
]

[[services]]
id = "meals"
icon = "meals.svg"
name_zh = "助餐"
name_en = "Meals"
description_zh = "送餐"
description_en = "Meals"
choices = ["meal"]
price_fen = {{ full = 1500, subsidised = 800, free = 0 }}

[[services]]
id = "bathing"
icon = "bathing.svg"
name_zh = "助浴"
name_en = "Bathing"
description_zh = "助浴"
description_en = "Bathing"
days = {days}
price_fen = {{ full = 8000, subsidised = 4000, free = 0 }}
"""
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def test_cut_offs_and_days_are_the_catalogs_in_its_time_zone(
    center_factory: CenterMaker,
) -> None:
    center = center_factory("sqlite").start()
    # A zone where it is about 13:00 now: lunch (until 10:00) is past, dinner (16:00) not.
    offset = 13 - datetime.now(UTC).hour
    offset = offset - 24 if offset > 14 else offset + 24 if offset < -12 else offset
    zone = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
    local_day = datetime.now(UTC).astimezone(ZoneInfo(zone)).weekday()
    other_days = [d for i, d in enumerate(DAYS) if i != local_day]
    staff = StaffApi(center, center.staff_token())
    try:
        text = CUTOFF_CATALOG.format(zone=zone, days=str(other_days).replace("'", '"'))
        published = staff.session.put(staff.base + "/catalog", json={"toml": text})
        assert published.status_code == 200, published.text
        broken = staff.session.put(
            staff.base + "/catalog", json={"toml": text.replace('"10:00"', '"25:00"')}
        )
        assert_error(broken, 422, "bad_catalog")
        code = staff.post("/enrolment-codes").json()["code"]
    finally:
        staff.close()
    client = CenterClient(center.url)
    enrolled = client.enrol(code, "cut-off kiosk", "kiosk")
    client.close()
    kiosk = Device(center, enrolled.token)
    try:
        lunch, dinner, bath = (
            event("order.create", order(choices={"meal": "today_lunch"})),
            event("order.create", order(choices={"meal": "today_dinner"})),
            event("order.create", order(service_id="bathing", choices={})),
        )
        results = kiosk.results([lunch, dinner, bath])
    finally:
        kiosk.session.close()
    assert results[0]["error"] == "past_cutoff: Lunch today can be ordered until 10:00."
    assert results[1]["status"] == "applied", results[1]
    assert results[2]["error"].startswith("not_offered_today: ")


def test_the_order_list_pages_by_the_centers_receive_time(
    center_factory: CenterMaker,
) -> None:
    center = center_factory("sqlite").start()
    staff = StaffApi(center, center.staff_token())
    client = CenterClient(center.url)
    enrolled = client.enrol(staff.post("/enrolment-codes").json()["code"], "clocks", "kiosk")
    client.close()
    kiosk = Device(center, enrolled.token)
    try:
        stamps = ["1970-01-01T00:00:00+00:00", "x", "2999-01-01T00:00:00+00:00", "2024-06-11"]
        sent = []
        for stamp in stamps:  # one batch each: received one after the other
            payload = order_payload(created_at=stamp, choices={"meal": "tomorrow_lunch"})
            assert kiosk.results([event("order.create", payload)])[0]["status"] == "applied"
            sent.append(payload["order_id"])
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
            page = staff.get("/orders", **params)
            assert page.status_code == 200, page.text
            seen += [o["order_id"] for o in page.json()]
            pages += 1
            cursor = page.headers.get("X-Next-Cursor")
            if cursor is None:
                break
        assert pages == 2
        assert seen == list(reversed(sent)), "newest received first, whatever the kiosk's clock"
        assert_error(staff.get("/orders", cursor="not a cursor"), 422, "invalid")
    finally:
        kiosk.session.close()
        staff.close()


def test_the_demo_center_registers_the_demo_kiosks_residents() -> None:
    from app.demo import DEMO_RESIDENTS as KIOSK
    from server.residents import DEMO_RESIDENTS as CENTER

    assert CENTER == KIOSK
