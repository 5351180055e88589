"""The demo's pretend member of staff (server.demo_staff) acknowledges an alerting reading,
so that the demo shows the kiosk a name, as a real center would."""

from __future__ import annotations

from server.demo_staff import ALERT_NOTE, DemoStaff
from tests.helpers.center import CenterProcess
from tests.helpers.center_vitals import new_card, reading
from tests.helpers.server_api import Device, event


def test_the_demo_staff_acknowledges_alerting_readings(
    center: CenterProcess, device: Device
) -> None:
    high = reading("temperature", new_card(), temperature_c=39.5, level="high", alert=True)
    [answer] = device.results([event("reading.record", high)])
    assert answer["status"] == "applied"
    DemoStaff(center.url, center.staff_token("demo nurse")).step()
    page = device.updates().json()
    [ack] = [u["payload"] for u in page["updates"] if u["kind"] == "reading.ack"]
    assert (ack["reading_id"], ack["by"], ack["note"]) == (
        high["reading_id"],
        "demo nurse",
        ALERT_NOTE,
    )
