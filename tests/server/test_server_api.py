"""The center server's HTTP API, spoken to over loopback as kiosks and staff speak to it.

The tests run against a real ``python -m server serve`` process, once on SQLite and once on
PostgreSQL (tests/helpers/center.py). To keep the suite quick they share one server per backend
and each test enrols its own kiosk, so every check looks only at that kiosk's rows. Errors must
come back as 4xx with a JSON body of a stable ``code`` and a sentence for people, never as a 500
or a dropped connection.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from app import outbox
from app.catalog import Catalog
from app.orders import OrderStatus, get_order, place_order
from sync.protocol import MAX_PAYLOAD_TEXT
from sync.worker import SyncStatus
from tests.helpers.center import (
    HTTP_TIMEOUT,
    CenterProcess,
    EnrolledKiosk,
    StaffApi,
)
from tests.helpers.server_api import (
    ONE_MIB,
    Device,
    assert_error,
    bearer,
    event,
    order_payload,
    reading_payload,
    sos_payload,
)
from ui.sync_status import status_text
from ui.translations import install_language


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    """One server per backend for this module (each test keeps to its own kiosk)."""
    return module_center


# -- enrolment and tokens ----------------------------------------------------------------


def test_an_enrolment_code_works_once(center: CenterProcess) -> None:
    code = center.enrolment_code()
    name = f"front desk {uuid.uuid4()}"
    body = {"code": code, "device_name": name, "mode": "kiosk"}
    first = requests.post(center.api + "/enrol", json=body, timeout=HTTP_TIMEOUT)
    assert first.status_code == 200, first.text
    enrolled = first.json()
    assert set(enrolled) == {"device_id", "token"}
    assert len(enrolled["token"]) >= 32
    # The new token works at once.
    updates = requests.get(
        center.api + "/updates", headers=bearer(enrolled["token"]), timeout=HTTP_TIMEOUT
    )
    assert updates.status_code == 200, updates.text

    again = requests.post(center.api + "/enrol", json=body, timeout=HTTP_TIMEOUT)
    assert_error(again, 403, "bad_enrolment_code")
    made_up = requests.post(
        center.api + "/enrol", json={**body, "code": "0000-0000-0000"}, timeout=HTTP_TIMEOUT
    )
    assert_error(made_up, 403, "bad_enrolment_code")
    assert center.scalar("SELECT COUNT(*) FROM devices WHERE name = :name", name=name) == 1


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "no_token"),
        ({"Authorization": "Basic a2lvc2s6c2VjcmV0"}, "no_token"),
        ({"Authorization": "Bearer " + "x" * 300}, "no_token"),
        ({"Authorization": "Bearer not-a-token-anyone-was-given"}, "bad_token"),
    ],
    ids=["none", "not-bearer", "overlong", "unknown"],
)
def test_events_without_a_valid_token_are_refused(
    center: CenterProcess, headers: dict[str, str], code: str
) -> None:
    before = center.scalar("SELECT COUNT(*) FROM ingested_events")
    body = {"events": [event("reading.record", {"value": 1})]}
    response = requests.post(center.api + "/events", json=body, headers=headers, timeout=30)
    assert_error(response, 401, code)
    updates = requests.get(center.api + "/updates", headers=headers, timeout=HTTP_TIMEOUT)
    assert_error(updates, 401, code)
    assert center.scalar("SELECT COUNT(*) FROM ingested_events") == before


def test_device_and_staff_tokens_open_only_their_own_doors(
    enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi, device: Device
) -> None:
    center = enrolled_kiosk.center
    as_device = requests.get(
        center.api + "/staff/orders", headers=bearer(enrolled_kiosk.token), timeout=HTTP_TIMEOUT
    )
    assert_error(as_device, 401, "bad_token")
    staff_token = staff_api.session.headers["Authorization"].removeprefix("Bearer ")
    as_staff = requests.post(
        center.api + "/events",
        json={"events": [event("reading.record", {})]},
        headers=bearer(str(staff_token)),
        timeout=HTTP_TIMEOUT,
    )
    assert_error(as_staff, 401, "bad_token")


def test_a_revoked_device_is_refused_and_the_kiosk_says_so(
    enrolled_kiosk: EnrolledKiosk,
    staff_api: StaffApi,
    device: Device,
    catalog: Catalog,
    sync_threads,
    qapp,
) -> None:
    revoked = staff_api.post(f"/devices/{enrolled_kiosk.device_id}/revoke")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json() == {"device_id": enrolled_kiosk.device_id, "revoked": True}
    assert_error(device.send([event("reading.record", {})]), 403, "device_revoked")
    assert_error(device.updates(), 403, "device_revoked")
    assert_error(staff_api.post(f"/devices/{uuid.uuid4()}/revoke"), 404, "not_found")

    # The kiosk's own worker: it stops sending, keeps the order and says why.
    store = enrolled_kiosk.store
    order = place_order(
        store, enrolled_kiosk.residents["10001"], catalog.services[1], {"when": "today"}
    )
    threads = sync_threads(store, enrolled_kiosk.client, listen=False)

    def refused() -> SyncStatus | None:
        found = [s for s in threads.reported.statuses if s.refused]
        return found[-1] if found else None

    status = threads.wait_for(refused, 10, "the worker to report the refusal")
    assert status.refused == "device_revoked"
    assert status.pending == 1
    assert get_order(store, order.id).status == OrderStatus.WAITING
    assert [e.state for e in outbox.events(store)] == ["pending"]

    try:
        install_language("en_US")
        assert status_text(status) == (
            "This terminal is switched off at the center. Please tell staff."
        )
        install_language("zh_CN")
        assert status_text(status) == "本机已被社区中心停用，请告诉工作人员。"
    finally:
        install_language("zh_CN")


# -- bad requests ------------------------------------------------------------------------


def test_a_body_over_one_mebibyte_is_refused_with_or_without_its_length(device: Device) -> None:
    filler = "x" * (ONE_MIB + 10)
    body = json.dumps({"events": [event("reading.record", {"note": filler})]}).encode()
    with_length = device.session.post(
        device.api + "/events",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=HTTP_TIMEOUT,
    )
    assert_error(with_length, 413, "too_large")

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    chunked = device.session.post(
        device.api + "/events",
        data=chunks(),
        headers={"Content-Type": "application/json"},
        timeout=HTTP_TIMEOUT,
    )
    assert chunked.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in chunked.request.headers
    assert_error(chunked, 413, "too_large")

    # Just under the limit is fine, and the server is still answering. (One free text of a
    # payload is at most sync.protocol.MAX_PAYLOAD_TEXT characters: the body is many events.)
    note = "x" * MAX_PAYLOAD_TEXT
    small = [event("reading.record", reading_payload(note=note)) for _ in range(100)]
    assert ONE_MIB - 50_000 < len(json.dumps({"events": small})) < ONE_MIB
    assert device.send(small).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b'{"events": [',
        b"not json at all",
        b'{"events": []}',
        b'{"events": {}}',
        b'{"events": [{"event_id": "nope", "kind": "x", "payload": {}, "created_at": 1}]}',
        b'{"events": [{"event_id": "%s", "kind": "x", "payload": [], "created_at": 1}]}'
        % str(uuid.uuid4()).encode(),
        b"\xff\xfe\x00",
        b"",
    ],
    ids=[
        "truncated",
        "text",
        "empty-list",
        "not-a-list",
        "bad-uuid",
        "payload-not-object",
        "binary",
        "empty",
    ],
)
def test_malformed_json_gets_422(device: Device, body: bytes) -> None:
    response = device.session.post(
        device.api + "/events",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=HTTP_TIMEOUT,
    )
    assert_error(response, 422, "invalid")


def test_a_batch_over_the_size_limit_gets_422(device: Device) -> None:
    events = [event("reading.record", {}) for _ in range(501)]
    assert_error(device.send(events), 422, "invalid")


# -- per-event answers -------------------------------------------------------------------


def test_each_event_gets_its_own_answer_and_a_repeat_gets_the_first_one(
    device: Device, enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi
) -> None:
    center = enrolled_kiosk.center
    good = event("order.create", order_payload())
    unknown = event("order.teleport", {"order_id": str(uuid.uuid4())})
    bad = event("order.create", order_payload(quantity=0, order_id="not-a-uuid"))
    reading = event("reading.record", reading_payload(systolic=128, diastolic=82))
    batch = [good, unknown, bad, reading]

    first = device.results(batch)
    assert [r["event_id"] for r in first] == [e["event_id"] for e in batch]
    assert [r["status"] for r in first] == ["applied", "rejected", "rejected", "applied"]
    assert not any(r["duplicate"] for r in first)
    assert first[0]["result"] == {
        "order_id": good["payload"]["order_id"],
        "status": "sent",
        "price_fen": 0,
        "subsidy_tier": "free",
    }
    assert "unknown event kind" in first[1]["error"] and "order.teleport" in first[1]["error"]
    assert first[2]["error"].startswith("bad payload")
    assert "order_id" in first[2]["error"] and "quantity" in first[2]["error"]
    assert first[3]["error"] is None

    again = device.results(batch)
    assert [r["duplicate"] for r in again] == [True] * 4
    strip = [{k: v for k, v in r.items() if k != "duplicate"} for r in again]
    assert strip == [{k: v for k, v in r.items() if k != "duplicate"} for r in first]

    # A repeat inside one batch is answered twice, applied once.
    fresh = event("reading.record", reading_payload(pulse=70))
    twice = device.results([fresh, fresh])
    assert [(r["status"], r["duplicate"]) for r in twice] == [
        ("applied", False),
        ("applied", True),
    ]

    mine = {"device": enrolled_kiosk.device_id}
    assert center.scalar("SELECT COUNT(*) FROM orders WHERE device_id = :device", **mine) == 1
    assert center.scalar("SELECT COUNT(*) FROM readings WHERE device_id = :device", **mine) == 2
    ingested = "SELECT COUNT(*) FROM ingested_events WHERE device_id = :device"
    assert center.scalar(ingested, **mine) == 5

    # Staff can see what was refused and why.
    rejected = staff_api.get("/events/rejected")
    assert rejected.status_code == 200, rejected.text
    by_id = {r["event_id"]: r for r in rejected.json() if r["device_id"] == mine["device"]}
    assert set(by_id) == {unknown["event_id"], bad["event_id"]}
    assert by_id[unknown["event_id"]]["device_id"] == enrolled_kiosk.device_id
    assert by_id[unknown["event_id"]]["kind"] == "order.teleport"
    assert by_id[bad["event_id"]]["error"] == first[2]["error"]
    assert json.loads(by_id[bad["event_id"]]["payload"])["quantity"] == 0


def test_a_second_order_with_the_same_id_is_rejected_not_applied(device: Device) -> None:
    order_id = str(uuid.uuid4())
    first, second = device.results(
        [
            event("order.create", order_payload(order_id)),
            event("order.create", order_payload(order_id)),
        ]
    )
    assert first["status"] == "applied"
    assert second["status"] == "rejected" and "already exists" in second["error"]


# -- the schema ---------------------------------------------------------------------------


def test_the_openapi_schema_describes_the_api(center: CenterProcess) -> None:
    response = requests.get(center.url + "/openapi.json", timeout=HTTP_TIMEOUT)
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/enrol",
        "/api/v1/events",
        "/api/v1/updates",
        "/api/v1/staff/orders",
        "/api/v1/staff/orders/{order_id}/actions",
        "/api/v1/staff/orders/{order_id}/history",
        "/api/v1/staff/sos",
        "/api/v1/staff/sos/{sos_id}/ack",
        "/api/v1/staff/devices/{device_id}/revoke",
        "/api/v1/staff/events/rejected",
        "/api/v1/staff/enrolment-codes",
    ):
        assert path in paths, path
    assert "413" in paths["/api/v1/events"]["post"]["responses"]
    assert "EventBatch" in schema["components"]["schemas"]


# -- what a fuzzer found (tests/server/test_server_schema.py), pinned down -----------------------


@pytest.mark.parametrize("since", [2**63, 10**25])
def test_an_update_cursor_beyond_any_stored_number_is_refused_not_a_crash(
    device: Device, since: int
) -> None:
    assert_error(device.updates(since), 422, "invalid")


NUL = "\u0000"


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (f"order{NUL}create", {}),
        ("order.create", order_payload(service_id=f"meals{NUL}")),
        ("order.create", order_payload(created_at=f"2024{NUL}")),
        ("sos.raise", {**sos_payload(), "location": f"hall{NUL}"}),
        (
            "help.request",
            {
                "request_id": str(uuid.uuid4()),
                "reason": f"card{NUL}",
                "requested_at": "2024-06-11T08:00:00+00:00",
            },
        ),
        ("reading.record", {f"note{NUL}": f"x{NUL}"}),
    ],
    ids=["kind", "service", "created-at", "sos-location", "help-reason", "reading"],
)
def test_text_with_a_nul_character_gets_an_answer_not_a_crash(
    device: Device, kind: str, payload: dict[str, Any]
) -> None:
    """PostgreSQL cannot store NUL in text; the kiosk must hear "rejected", not a 500 that it
    retries for ever (and which holds up every event in the same batch)."""
    after = event("reading.record", reading_payload(pulse=71))
    response = device.send([event(kind, payload), after])
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])
    if response.status_code == 200:
        first, second = response.json()["results"]
        assert first["status"] in ("applied", "rejected")
        assert second["status"] == "applied"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"/orders/a{NUL}b/history", None),
        (f"/orders/a{NUL}b/actions", {"action": "accept"}),
        (f"/sos/a{NUL}b/ack", {}),
        (f"/devices/a{NUL}b/revoke", {}),
    ],
    ids=["history", "action", "sos-ack", "revoke"],
)
def test_ids_with_a_nul_character_are_not_found_not_a_crash(
    staff_api: StaffApi, path: str, body: dict[str, Any] | None
) -> None:
    response = staff_api.get(path) if body is None else staff_api.post(path, body)
    assert response.status_code in (404, 422), (response.status_code, response.text[:300])


def test_an_order_state_with_a_nul_character_lists_nothing_not_a_crash(
    staff_api: StaffApi,
) -> None:
    response = staff_api.get("/orders", state=f"sent{NUL}")
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])


def test_a_staff_note_with_a_nul_character_is_refused_not_a_crash(
    device: Device, staff_api: StaffApi
) -> None:
    order_id = str(uuid.uuid4())
    device.results([event("order.create", order_payload(order_id))])
    response = staff_api.act(order_id, "assign", worker=f"Zhao{NUL}Min")
    assert response.status_code in (200, 422), (response.status_code, response.text[:300])
