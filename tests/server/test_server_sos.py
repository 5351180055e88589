"""Emergencies at the center over the API: the answer to a raised SOS, withdrawal, staff
acknowledgement with what they are doing, every step on record, escalation on the center's
clock, and the staff socket that shows each of these at once.

Like tests/server/test_server_staff.py these share one real server per backend and each test
keeps to its own kiosk's emergencies (the staff socket hears every kiosk's: messages are
picked by ``sos_id``). Escalation timing itself is tested on a fake clock in
tests/server/test_sos_escalation.py; here a center with a one-second acknowledgement time
shows that the server runs it by itself.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from sync.protocol import API_PREFIX, SosStatus
from tests.helpers.center import (
    HTTP_TIMEOUT,
    CenterMaker,
    CenterProcess,
    EnrolledKiosk,
    StaffApi,
)
from tests.helpers.server_api import (
    Device,
    assert_error,
    bearer,
    event,
    sos_payload,
)
from tests.helpers.staff_socket import Message, next_message, staff_socket

STAFF_SEES_WITHIN_S = 1.0  # the goal for "raised" to "on a staff client's socket"


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    """One server per backend for this module (each test keeps to its own kiosk)."""
    return module_center


def about(sos_id: str, event_name: str) -> Callable[[Message], bool]:
    def wanted(message: Message) -> bool:
        return (
            message.get("type") == "sos"
            and message["event"] == event_name
            and message["sos"]["sos_id"] == sos_id
        )

    return wanted


def raise_sos(device: Device, sos_id: str | None = None) -> dict[str, Any]:
    payload = sos_payload(sos_id)
    [answer] = device.results([event("sos.raise", payload)])
    assert answer["status"] == "applied", answer
    return answer


def withdraw(device: Device, sos_id: str) -> dict[str, Any]:
    withdrawal = {"sos_id": sos_id, "withdrawn_at": "2024-06-11T08:00:40.000+00:00"}
    [answer] = device.results([event("sos.withdraw", withdrawal)])
    return answer


# -- raising and withdrawing ---------------------------------------------------------------


def test_the_center_answers_a_raised_sos_with_the_time_staff_have_to_take_it(
    device: Device,
) -> None:
    sos_id = str(uuid.uuid4())
    answer = raise_sos(device, sos_id)
    assert answer["result"] == {"sos_id": sos_id, "ack_within_s": 120}
    # The same emergency sent again (say, straight to the center after the outbox) is
    # stored once and answered the same way.
    assert raise_sos(device, sos_id)["result"] == answer["result"]


def test_a_resident_withdraws_a_false_alarm_and_staff_see_it(
    device: Device, staff_api: StaffApi, enrolled_kiosk: EnrolledKiosk
) -> None:
    sos_id = raise_sos(device)["result"]["sos_id"]
    answer = withdraw(device, sos_id)
    assert answer["status"] == "applied", answer
    assert answer["result"] == {
        "sos_id": sos_id,
        "status": "withdrawn",
        "withdrawn_at": "2024-06-11T08:00:40.000+00:00",
    }
    # Withdrawn once: a second withdrawal (another event) changes nothing.
    assert withdraw(device, sos_id)["result"] == answer["result"]

    # Still open, marked withdrawn, until a member of staff has seen to it.
    mine = enrolled_kiosk.device_id
    [row] = [s for s in staff_api.get("/sos").json() if s["device_id"] == mine]
    assert row["sos_id"] == sos_id
    assert row["withdrawn_at"] == "2024-06-11T08:00:40.000+00:00"
    assert row["acknowledged_by"] is None and row["step"] == "waiting"
    assert staff_api.post(f"/sos/{sos_id}/ack", {"action": "phoning"}).status_code == 200
    assert [s for s in staff_api.get("/sos").json() if s["device_id"] == mine] == []
    steps = staff_api.get(f"/sos/{sos_id}/steps").json()
    assert [(s["status"], s["actor"]) for s in steps] == [
        ("raised", "device:test kiosk"),
        ("withdrawn", "resident via test kiosk"),
        ("acknowledged", "staff:Wang Fang"),
    ]


def test_withdrawing_an_emergency_the_center_does_not_have_is_rejected_with_the_reason(
    device: Device, center: CenterProcess, staff_api: StaffApi
) -> None:
    unknown = str(uuid.uuid4())
    answer = withdraw(device, unknown)
    assert answer["status"] == "rejected"
    assert answer["error"] == (
        f"unknown_sos: the center has no emergency {unknown} from this device"
    )
    # Nor one that another kiosk raised.
    other_code = staff_api.post("/enrolment-codes").json()["code"]
    enrolled = requests.post(
        center.api + "/enrol",
        json={"code": other_code, "device_name": "other kiosk", "mode": "kiosk"},
        timeout=HTTP_TIMEOUT,
    ).json()
    other = Device(center, enrolled["token"])
    try:
        theirs = raise_sos(other)["result"]["sos_id"]
    finally:
        other.session.close()
    answer = withdraw(device, theirs)
    assert answer["status"] == "rejected" and answer["error"].startswith("unknown_sos:")
    [row] = [s for s in staff_api.get("/sos").json() if s["sos_id"] == theirs]
    assert row["withdrawn_at"] is None
    # A withdrawal without the emergency's id is a bad payload, not a crash.
    [bad] = device.results([event("sos.withdraw", {"withdrawn_at": "x"})])
    assert bad["status"] == "rejected" and "sos_id" in bad["error"]


# -- acknowledgement -------------------------------------------------------------------------


def test_staff_say_what_they_are_doing_and_the_kiosk_hears_it(
    device: Device, staff_api: StaffApi
) -> None:
    sos_id = raise_sos(device)["result"]["sos_id"]
    acked = staff_api.post(f"/sos/{sos_id}/ack", {"action": "phoning"})
    assert acked.status_code == 200, acked.text
    view = acked.json()
    assert (view["acknowledged_by"], view["action"]) == ("Wang Fang", "phoning")
    assert datetime.fromisoformat(view["acknowledged_at"]).tzinfo is not None
    # The first acknowledgement counts; a second (another action) answers with it.
    again = staff_api.post(f"/sos/{sos_id}/ack", {"action": "coming_to_kiosk"})
    assert again.status_code == 200 and again.json() == view

    [update] = device.updates(0).json()["updates"]
    assert update["kind"] == "sos.status"
    assert SosStatus.model_validate(update["payload"]) == SosStatus(
        sos_id=sos_id,
        status="acknowledged",
        by="Wang Fang",
        action="phoning",
        at=view["acknowledged_at"],
    )
    steps = staff_api.get(f"/sos/{sos_id}/steps").json()
    assert [(s["status"], s["actor"], s["note"]) for s in steps] == [
        ("raised", "device:test kiosk", "resident 10002, activity room"),
        ("acknowledged", "staff:Wang Fang", "phoning"),
    ]
    assert steps[1]["at"] == view["acknowledged_at"]


def test_an_acknowledgement_without_a_body_means_on_the_way(
    device: Device, staff_api: StaffApi
) -> None:
    sos_id = raise_sos(device)["result"]["sos_id"]
    acked = staff_api.post(f"/sos/{sos_id}/ack")
    assert acked.status_code == 200, acked.text
    assert acked.json()["action"] == "on_the_way"
    [update] = device.updates(0).json()["updates"]
    assert update["payload"]["action"] == "on_the_way"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"action": "fly"}', "application/json"),
        (b'{"action": "phoning", "also": 1}', "application/json"),
        (b'{"action": 7}', "application/json"),
        (b'["on_the_way"]', "application/json"),
        (b"on the way", "application/json"),
        (b'{"action": "on_the_way"', "application/json"),
        (b"\xff\xfe", "application/json"),
    ],
    ids=["unknown-action", "extra-field", "number", "list", "not-json", "cut-short", "not-utf8"],
)
def test_a_bad_acknowledgement_gets_a_clear_refusal(
    device: Device, staff_api: StaffApi, body: bytes, content_type: str
) -> None:
    sos_id = raise_sos(device)["result"]["sos_id"]
    response = staff_api.session.post(
        f"{staff_api.base}/sos/{sos_id}/ack",
        data=body,
        headers={"Content-Type": content_type},
        timeout=HTTP_TIMEOUT,
    )
    assert_error(response, 422, "invalid")
    [row] = [s for s in staff_api.get("/sos").json() if s["sos_id"] == sos_id]
    assert row["acknowledged_by"] is None


def test_acknowledging_an_emergency_the_center_does_not_have_is_refused(
    staff_api: StaffApi, center: CenterProcess
) -> None:
    assert_error(staff_api.post(f"/sos/{uuid.uuid4()}/ack"), 404, "not_found")
    assert_error(
        staff_api.post(f"/sos/{uuid.uuid4()}/ack", {"action": "phoning"}), 404, "not_found"
    )
    assert_error(staff_api.post("/sos/not-an-id/ack"), 422, "invalid")
    unknown = str(uuid.uuid4())
    refused = assert_error(staff_api.get(f"/sos/{unknown}/steps"), 404, "not_found")
    assert refused["message"] == f"No emergency {unknown}."
    assert_error(
        requests.post(f"{staff_api.base}/sos/{uuid.uuid4()}/ack", timeout=HTTP_TIMEOUT),
        401,
        "no_token",
    )


# -- the staff socket ------------------------------------------------------------------------


def test_the_staff_socket_shows_an_emergency_as_soon_as_it_is_raised(
    device: Device, staff_api: StaffApi, center: CenterProcess
) -> None:
    with staff_socket(center) as ws:
        hello = json.loads(ws.recv(timeout=5))
        assert hello["type"] == "hello" and hello["staff"] == "Wang Fang"
        assert isinstance(hello["sos"], list)

        sos_id = str(uuid.uuid4())
        raised_at = time.monotonic()
        raise_sos(device, sos_id)
        raised = next_message(ws, about(sos_id, "raised"), 5, "the raised emergency")
        assert time.monotonic() - raised_at <= STAFF_SEES_WITHIN_S
        assert raised["by"] == "device:test kiosk" and raised["step"] is None
        assert raised["sos"]["location"] == "activity room"
        assert raised["sos"]["resident_card"] == "10002"

        staff_api.post(f"/sos/{sos_id}/ack", {"action": "coming_to_kiosk"})
        acked = next_message(ws, about(sos_id, "acknowledged"), 5, "the acknowledgement")
        assert (acked["by"], acked["note"]) == ("staff:Wang Fang", "coming_to_kiosk")
        assert acked["sos"]["action"] == "coming_to_kiosk"

        withdraw(device, sos_id)
        withdrawn = next_message(ws, about(sos_id, "withdrawn"), 5, "the withdrawal")
        assert withdrawn["sos"]["withdrawn_at"] == "2024-06-11T08:00:40.000+00:00"

    # A socket opened later says in its hello what is open now, and nothing of the past.
    open_id = raise_sos(device)["result"]["sos_id"]
    with staff_socket(center) as ws:
        hello = json.loads(ws.recv(timeout=5))
        ids = {s["sos_id"] for s in hello["sos"]}
        assert open_id in ids and sos_id not in ids


def test_the_staff_socket_shows_new_orders_and_their_changes(
    device: Device, staff_api: StaffApi, center: CenterProcess
) -> None:
    from tests.helpers.server_api import order_payload

    order_id = str(uuid.uuid4())

    def about_order(status: str) -> Callable[[Message], bool]:
        return lambda m: (
            m.get("type") == "order"
            and m["order"]["order_id"] == order_id
            and m["status"] == status
        )

    with staff_socket(center) as ws:
        json.loads(ws.recv(timeout=5))
        device.results([event("order.create", order_payload(order_id))])
        placed = next_message(ws, about_order("sent"), 3, "the new order")
        assert placed["by"] == "device:test kiosk"
        assert placed["order"]["service_id"] == "meals"
        staff_api.act(order_id, "accept")
        accepted = next_message(ws, about_order("accepted"), 3, "the accepted order")
        assert accepted["by"] == "staff:Wang Fang"


def test_the_staff_socket_needs_a_staff_token(
    center: CenterProcess, enrolled_kiosk: EnrolledKiosk
) -> None:
    with staff_socket(center, center.staff_token("Li Na")) as ws:
        assert json.loads(ws.recv(timeout=5))["staff"] == "Li Na"
    url = center.url.replace("http", "ws", 1) + API_PREFIX + "/staff/ws"
    for headers in ({}, bearer("not a token"), bearer(enrolled_kiosk.token)):
        with (
            pytest.raises((InvalidStatus, ConnectionClosed)) as refused,
            connect(url, additional_headers=headers, open_timeout=5) as ws,
        ):
            ws.recv(timeout=5)
        if isinstance(refused.value, InvalidStatus):
            assert refused.value.response.status_code == 403  # closed before it opened
        else:
            assert refused.value.rcvd is not None and refused.value.rcvd.code == 4401


@pytest.mark.slow  # PostgreSQL
def test_the_staff_socket_shows_an_emergency_raised_on_another_process_within_a_second(
    center_factory: CenterMaker,
) -> None:
    first = center_factory("postgres").start()
    second = center_factory.sibling(first).start()
    staff = StaffApi(first, first.staff_token())
    code = staff.post("/enrolment-codes").json()["code"]
    body = {"code": code, "device_name": "group kiosk", "mode": "kiosk"}
    enrolled = requests.post(first.api + "/enrol", json=body, timeout=HTTP_TIMEOUT).json()
    device = Device(first, enrolled["token"])
    try:
        with staff_socket(second, first.staff_token()) as ws:
            json.loads(ws.recv(timeout=5))
            for _ in range(3):
                sos_id = str(uuid.uuid4())
                raised_at = time.monotonic()
                raise_sos(device, sos_id)
                next_message(ws, about(sos_id, "raised"), 5, "an emergency from the other process")
                assert time.monotonic() - raised_at <= STAFF_SEES_WITHIN_S
                staff.post(f"/sos/{sos_id}/ack")
                next_message(ws, about(sos_id, "acknowledged"), 5, "its acknowledgement")
    finally:
        device.session.close()
        staff.close()


# -- escalation run by the server itself -----------------------------------------------------


@pytest.fixture
def quick_center(center_factory: CenterMaker) -> CenterProcess:
    """A center (SQLite) whose staff have one second to acknowledge, then a second a step."""
    made = center_factory("sqlite")
    made.env["CENTER_SOS_ACK_WITHIN_S"] = "1"
    made.env["CENTER_SOS_STEP_DELAY_S"] = "1"
    return made.start()


def test_the_center_escalates_an_emergency_nobody_takes_and_tells_kiosk_and_staff(
    quick_center: CenterProcess,
) -> None:
    staff = StaffApi(quick_center, quick_center.staff_token())
    code = staff.post("/enrolment-codes").json()["code"]
    enrolled = requests.post(
        quick_center.api + "/enrol",
        json={"code": code, "device_name": "hall kiosk", "mode": "kiosk"},
        timeout=HTTP_TIMEOUT,
    ).json()
    device = Device(quick_center, enrolled["token"])
    try:
        with staff_socket(quick_center) as ws:
            json.loads(ws.recv(timeout=5))
            answer = raise_sos(device)
            sos_id = answer["result"]["sos_id"]
            assert answer["result"]["ack_within_s"] == 1
            louder = next_message(ws, about(sos_id, "escalated"), 5, "the first step")
            assert (louder["step"], louder["by"]) == ("all_staff", "center")
            contacts = next_message(ws, about(sos_id, "escalated"), 5, "the second step")
            assert contacts["step"] == "contacts"
            assert contacts["note"] == (
                "no emergency contacts on file for resident 10002: nobody notified"
            )
        updates = device.updates(0).json()["updates"]
        assert [(u["kind"], u["payload"]["status"], u["payload"]["step"]) for u in updates] == [
            ("sos.status", "escalated", "all_staff"),
            ("sos.status", "escalated", "contacts"),
        ]
        # Acknowledged late: it counts, and nothing escalates any more.
        assert staff.post(f"/sos/{sos_id}/ack").status_code == 200
        [row] = [s for s in staff.get("/sos", open_only="false").json() if s["sos_id"] == sos_id]
        assert row["step"] == "contacts" and row["acknowledged_by"] == "Wang Fang"
        steps = [s["status"] for s in staff.get(f"/sos/{sos_id}/steps").json()]
        assert steps == ["raised", "all_staff", "contacts", "acknowledged"]
    finally:
        device.session.close()
        staff.close()
