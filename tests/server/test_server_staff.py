"""Staff work over the API: orders through their states, emergencies, enrolment codes.

Like tests/server/test_server_api.py these share one real server per backend; each test enrols its
own kiosk and looks only at its rows.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
import requests

from tests.helpers.center import (
    HTTP_TIMEOUT,
    CenterProcess,
    EnrolledKiosk,
    StaffApi,
)
from tests.helpers.server_api import (
    Device,
    assert_error,
    event,
    order_payload,
    sos_payload,
)


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    """One server per backend for this module (each test keeps to its own kiosk)."""
    return module_center


# -- staff work on orders ----------------------------------------------------------------


def test_staff_move_an_order_through_its_states_and_every_change_is_recorded(
    device: Device, staff_api: StaffApi, enrolled_kiosk: EnrolledKiosk
) -> None:
    order_id = str(uuid.uuid4())
    assert device.results([event("order.create", order_payload(order_id))])[0]["status"] == (
        "applied"
    )
    listed = staff_api.get("/orders", state="sent", limit=1000).json()
    assert [o["order_id"] for o in listed if o["device_id"] == enrolled_kiosk.device_id] == [
        order_id
    ]

    accepted = staff_api.act(order_id, "accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert_error(staff_api.act(order_id, "accept"), 409, "wrong_state")
    assert_error(staff_api.act(order_id, "assign"), 422, "worker_needed")
    assert_error(staff_api.act(order_id, "cancel"), 422, "reason_needed")
    assigned = staff_api.act(order_id, "assign", worker="Zhao Min")
    assert assigned.status_code == 200 and assigned.json()["worker"] == "Zhao Min"
    assert staff_api.act(order_id, "on_the_way").status_code == 200
    assert staff_api.act(order_id, "done").status_code == 200
    assert_error(staff_api.act(order_id, "cancel", reason="too late"), 409, "wrong_state")
    assert_error(staff_api.act(order_id, "fly"), 422, "invalid")
    assert_error(staff_api.act(str(uuid.uuid4()), "accept"), 404, "not_found")

    history = staff_api.get(f"/orders/{order_id}/history")
    assert history.status_code == 200, history.text
    entries = history.json()
    assert [(e["status"], e["actor"]) for e in entries] == [
        ("sent", "device:test kiosk"),
        ("accepted", "staff:Wang Fang"),
        ("accepted", "staff:Wang Fang"),
        ("on_the_way", "staff:Wang Fang"),
        ("done", "staff:Wang Fang"),
    ]
    assert entries[2]["note"] == "worker: Zhao Min"
    times = [datetime.fromisoformat(e["at"]) for e in entries]
    assert all(t.tzinfo is not None for t in times)
    assert times == sorted(times)
    assert_error(staff_api.get(f"/orders/{uuid.uuid4()}/history"), 404, "not_found")

    # The kiosk hears of every change, in order, with the worker's name.
    updates = device.updates(0).json()["updates"]
    assert [u["payload"]["status"] for u in updates] == [
        "accepted",
        "accepted",
        "on_the_way",
        "done",
    ]
    assert {u["kind"] for u in updates} == {"order.status"}
    assert updates[-1]["payload"]["worker"] == "Zhao Min"
    page = device.updates(updates[1]["seq"]).json()
    assert [u["seq"] for u in page["updates"]] == [u["seq"] for u in updates[2:]]


def test_a_cancel_by_staff_carries_the_reason_to_the_kiosk(
    device: Device, staff_api: StaffApi
) -> None:
    order_id = str(uuid.uuid4())
    device.results([event("order.create", order_payload(order_id))])
    cancelled = staff_api.act(order_id, "cancel", reason="no cook today")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    [update] = device.updates(0).json()["updates"]
    assert update["payload"]["status"] == "cancelled"
    assert update["payload"]["reason"] == "no cook today"
    assert staff_api.get(f"/orders/{order_id}/history").json()[-1]["note"] == "no cook today"


def test_a_resident_cancel_is_applied_until_someone_is_on_the_way(
    device: Device, staff_api: StaffApi
) -> None:
    early, late = str(uuid.uuid4()), str(uuid.uuid4())
    device.results(
        [event("order.create", order_payload(early)), event("order.create", order_payload(late))]
    )
    staff_api.act(late, "on_the_way")
    cancel = {"cancelled_at": "2024-06-11T08:05:00.000+00:00"}
    answers = device.results(
        [
            event("order.cancel", {"order_id": early, **cancel}),
            event("order.cancel", {"order_id": late, **cancel}),
            event("order.cancel", {"order_id": str(uuid.uuid4()), **cancel}),
        ]
    )
    assert answers[0]["status"] == "applied"
    assert answers[1]["status"] == "rejected"
    assert answers[1]["error"] == "not_cancellable: order is on_the_way"
    assert answers[2]["status"] == "rejected" and "not known" in answers[2]["error"]
    assert staff_api.order_status(early) == "cancelled"
    assert staff_api.order_status(late) == "on_the_way"
    assert staff_api.get(f"/orders/{early}/history").json()[-1]["actor"] == (
        "resident via test kiosk"
    )


# -- emergencies -------------------------------------------------------------------------


def test_staff_see_open_emergencies_and_acknowledge_them(
    device: Device, staff_api: StaffApi, enrolled_kiosk: EnrolledKiosk
) -> None:
    first, second = sos_payload(), sos_payload()
    assert [r["status"] for r in device.results([event("sos.raise", first)])] == ["applied"]
    device.results([event("sos.raise", second)])

    mine = enrolled_kiosk.device_id
    open_now = [s for s in staff_api.get("/sos").json() if s["device_id"] == mine]
    assert {s["sos_id"] for s in open_now} == {first["sos_id"], second["sos_id"]}
    row = next(s for s in open_now if s["sos_id"] == first["sos_id"])
    assert row["device_id"] == enrolled_kiosk.device_id
    assert row["location"] == "activity room" and row["resident_card"] == "10002"
    assert row["acknowledged_by"] is None

    acked = staff_api.post(f"/sos/{first['sos_id']}/ack")
    assert acked.status_code == 200, acked.text
    assert acked.json()["acknowledged_by"] == "Wang Fang"
    assert datetime.fromisoformat(acked.json()["acknowledged_at"]).tzinfo is not None
    again = staff_api.post(f"/sos/{first['sos_id']}/ack")
    assert again.status_code == 200
    assert again.json()["acknowledged_at"] == acked.json()["acknowledged_at"]
    assert_error(staff_api.post(f"/sos/{uuid.uuid4()}/ack"), 404, "not_found")

    still_open = [s["sos_id"] for s in staff_api.get("/sos").json() if s["device_id"] == mine]
    assert still_open == [second["sos_id"]]
    everything = [
        s for s in staff_api.get("/sos", open_only="false").json() if s["device_id"] == mine
    ]
    assert {s["sos_id"] for s in everything} == {first["sos_id"], second["sos_id"]}

    # The kiosk hears once that help is coming: who, doing what (no body: on the way), when.
    updates = device.updates(0).json()["updates"]
    assert [(u["kind"], u["payload"]) for u in updates] == [
        (
            "sos.status",
            {
                "sos_id": first["sos_id"],
                "status": "acknowledged",
                "by": "Wang Fang",
                "action": "on_the_way",
                "at": acked.json()["acknowledged_at"],
            },
        )
    ]


def test_staff_make_enrolment_codes_for_new_kiosks(
    center: CenterProcess, staff_api: StaffApi
) -> None:
    made = staff_api.post("/enrolment-codes")
    assert made.status_code == 200, made.text
    code = made.json()["code"]
    enrol = requests.post(
        center.api + "/enrol",
        json={"code": code, "device_name": "home tablet", "mode": "home"},
        timeout=HTTP_TIMEOUT,
    )
    assert enrol.status_code == 200, enrol.text
