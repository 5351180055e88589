"""The daily check-in in a real server process, on SQLite and PostgreSQL: a check-in whose
time has come reaches the home tablet as a ``call.checkin`` update, and with no call it is
reported missed on the family's summary and page. And the demo's family member and tablet."""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.helpers.center import BACKENDS, HTTP_TIMEOUT, CenterMaker, wait_until
from tests.helpers.family import FamilyCenter, sign_in


def _zone(maker_env: dict[str, str]) -> ZoneInfo:
    catalog = Path(maker_env["CENTER_DEFAULT_CATALOG"]).read_text(encoding="utf-8")
    return ZoneInfo(tomllib.loads(catalog)["timezone"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_due_check_in_rings_the_tablet_and_then_is_reported_missed(
    center_factory: CenterMaker, backend: str
) -> None:
    center = center_factory(backend)
    center.env["CENTER_CHECKIN_INTERVAL_S"] = "0.2"
    center.env["CENTER_CHECKIN_GRACE_MIN"] = "0.05"  # 3 s
    center.start()
    world = FamilyCenter(center)
    try:
        family = world.family_of("10002")
        tablet, _ = world.tablet("10002")
        seen = int(tablet.updates(0).json()["cursor"])
        at_time = datetime.now(_zone(center.env)).strftime("%H:%M")
        made = family.api("POST", "/family/elders/10002/checkins", {"at_time": at_time})
        assert made.status_code == 201, made.text
        # made yesterday, so today's time counts
        world.execute(
            "UPDATE checkin_schedules SET created_at = created_at - 86400 WHERE id = :i",
            i=made.json()["id"],
        )

        def checkin_update() -> list[dict[str, object]]:
            page = tablet.updates(seen).json()
            return [u for u in page["updates"] if u["kind"] == "call.checkin"]

        [update] = wait_until(checkin_update, 20, "the check-in reaching the home tablet")
        payload = update["payload"]
        assert isinstance(payload, dict)
        assert payload["resident_card"] == "10002" and payload["at_time"] == at_time

        def missed() -> list[dict[str, str]]:
            summary = family.api("GET", "/family/elders/10002").json()
            return list(summary["missed_checkins"])

        [shown] = wait_until(missed, 20, "the check-in being reported missed")
        assert shown["at_time"] == at_time
        page = family.get("/family/elders/10002")
        assert f"今天 {at_time} 的视频问候没有接通" in page.text
        outcome = center.scalar("SELECT outcome FROM checkin_runs")
        assert outcome == "missed"
        tablet.session.close()
    finally:
        world.close()


def test_the_demo_has_a_family_member_and_its_first_kiosk_rings_for_them(
    center_factory: CenterMaker,
) -> None:
    center = center_factory("sqlite")
    center.env["CENTER_DEMO_FAMILY_PASSWORD"] = "demo family password"
    center.start()
    world = FamilyCenter(center)
    try:
        session = sign_in(center, "wangli", "demo family password")
        [elder] = session.get(center.api + "/family/elders", timeout=HTTP_TIMEOUT).json()
        assert elder["card"] == "10001" and elder["relation"] == "女儿"
        assert elder["has_home_tablet"] is False
        code = world.staff.post("/enrolment-codes").json()["code"]
        first = requests.post(
            center.api + "/enrol",
            json={"code": code, "device_name": "demo kiosk", "mode": "kiosk"},
            timeout=HTTP_TIMEOUT,
        ).json()
        code = world.staff.post("/enrolment-codes").json()["code"]
        requests.post(
            center.api + "/enrol",
            json={"code": code, "device_name": "second kiosk", "mode": "kiosk"},
            timeout=HTTP_TIMEOUT,
        )
        tablet = center.scalar(
            "SELECT device_id FROM resident_devices WHERE resident_card = '10001'"
        )
        assert tablet == first["device_id"]
        session.close()
    finally:
        world.close()


def test_without_a_demo_password_one_is_printed_once(center_factory: CenterMaker) -> None:
    center = center_factory("sqlite").start()
    found = re.search(r"demo family account 'wangli', password '([^']+)'", center.log())
    assert found, center.log()
    session = sign_in(center, "wangli", found.group(1))
    assert session.get(center.api + "/family/elders", timeout=HTTP_TIMEOUT).status_code == 200
    session.close()
    center.stop()
    center.start()
    assert len(re.findall("demo family account", center.log())) == 1
