"""Devices over their lifetime: enrolment attempts limited per address, health reports that
staff see, and a revoked device's update socket closed at once.

The health and revocation tests share one real server per backend, each with its own kiosk;
the enrolment limit gets a server of its own (it counts every attempt from 127.0.0.1). The
limiter's clock is tested in this process.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from server.auth import AuthError, EnrolmentLimiter
from sync.protocol import API_PREFIX
from tests.helpers.center import (
    HTTP_TIMEOUT,
    CenterMaker,
    CenterProcess,
    EnrolledKiosk,
    StaffApi,
    wait_until,
)
from tests.helpers.server_api import Device, assert_error, bearer

REVOKE_CLOSES_WITHIN_S = 2.0  # a scan of the other process (0.5 s), with room
LOG_WITHIN_S = 5.0


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    """One server per backend for the tests that keep to their own kiosk."""
    return module_center


def health(device: Device, body: Any, **kwargs: Any) -> requests.Response:
    return device.session.post(
        device.api + "/device/health", json=body, timeout=HTTP_TIMEOUT, **kwargs
    )


def report(fault: str | None, queue: int | None = 3) -> dict[str, Any]:
    return {"storage_fault": fault, "queue_length": queue, "reported_at": "2024-06-11T08:00:00Z"}


def listed(staff_api: StaffApi, device_id: str, **params: Any) -> list[dict[str, Any]]:
    response = staff_api.get("/devices", **params)
    assert response.status_code == 200, response.text
    return [d for d in response.json() if d["device_id"] == device_id]


# -- health --------------------------------------------------------------------------------


def test_a_kiosk_reports_a_storage_fault_and_staff_see_it_until_it_clears(
    device: Device, enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi, center: CenterProcess
) -> None:
    mine = enrolled_kiosk.device_id
    [before] = listed(staff_api, mine)
    assert (before["name"], before["storage_fault"], before["health_received_at"]) == (
        "test kiosk",
        None,
        None,
    )
    assert listed(staff_api, mine, faulty_only="true") == []

    sent_at = time.time()
    answer = health(device, report("disk_full: no space left on device"))
    assert answer.status_code == 204, answer.text
    assert answer.content == b""
    [row] = listed(staff_api, mine, faulty_only="true")
    assert row["storage_fault"] == "disk_full: no space left on device"
    assert (row["queue_length"], row["health_reported_at"]) == (3, "2024-06-11T08:00:00Z")
    assert sent_at - 1 <= row["health_received_at"] <= time.time() + 1
    assert health(device, report("disk_full: no space left on device", 4)).status_code == 204

    assert health(device, report(None, 0)).status_code == 204
    [row] = listed(staff_api, mine)
    assert (row["storage_fault"], row["queue_length"]) == (None, 0)
    assert listed(staff_api, mine, faulty_only="true") == []

    # One line when the fault appeared (not again for the same fault), one when it cleared.
    def lines() -> list[str]:
        return [line for line in center.log().splitlines() if mine in line and "fault" in line]

    wait_until(lambda: any("cleared" in line for line in lines()), LOG_WITHIN_S, "the log")
    assert [line.split(": ", 1)[1] for line in lines()] == [
        f"device test kiosk ({mine}): storage fault: disk_full: no space left on device"
        " (3 events waiting, reported 2024-06-11T08:00:00Z)",
        f"device test kiosk ({mine}): storage fault cleared: disk_full: no space left on device",
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"storage_fault": "io", "queue_length": -1, "reported_at": "2024-06-11T08:00:00Z"},
        {"storage_fault": "io", "queue_length": 1},
        {**report("io"), "extra": True},
        {**report("io\x00")},
        {**report("io"), "reported_at": "2024-06-11\x00"},
        {**report("x" * 501)},
        ["io"],
        "io",
    ],
    ids=[
        "negative-queue",
        "no-time",
        "extra-field",
        "nul",
        "nul-in-time",
        "too-long",
        "list",
        "string",
    ],
)
def test_a_bad_health_report_gets_a_clear_refusal(
    device: Device, enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi, body: Any
) -> None:
    assert_error(health(device, body), 422, "invalid")
    [row] = listed(staff_api, enrolled_kiosk.device_id)
    assert row["health_received_at"] is None


def test_only_an_enrolled_device_reports_its_health(
    center: CenterProcess, enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi
) -> None:
    url = center.api + "/device/health"
    for headers, status, code in [
        ({}, 401, "no_token"),
        (bearer("not a token"), 401, "bad_token"),
        (bearer(center.staff_token()), 401, "bad_token"),
    ]:
        refused = requests.post(url, json=report("io"), headers=headers, timeout=HTTP_TIMEOUT)
        assert_error(refused, status, code)
    assert staff_api.post(f"/devices/{enrolled_kiosk.device_id}/revoke").status_code == 200
    refused = requests.post(
        url, json=report("io"), headers=bearer(enrolled_kiosk.token), timeout=HTTP_TIMEOUT
    )
    assert_error(refused, 403, "device_revoked")
    [row] = listed(staff_api, enrolled_kiosk.device_id)
    assert row["revoked_at"] is not None and row["storage_fault"] is None


# -- revocation closes the update socket -----------------------------------------------------


@contextmanager
def update_socket(center: CenterProcess, token: str) -> Iterator[ClientConnection]:
    """A kiosk's update socket, past its hello."""
    url = center.url.replace("http", "ws", 1) + API_PREFIX + "/updates/ws"
    with connect(url, additional_headers=bearer(token), open_timeout=5) as ws:
        ws.send(json.dumps({"since": 0}))
        yield ws


def closed_within(ws: ClientConnection, seconds: float) -> tuple[int, str]:
    """Wait for the server to close ``ws``; its close code and reason."""
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            ws.recv(timeout=remaining)  # an update or a keepalive: keep waiting
        except TimeoutError:
            break
        except ConnectionClosed as closed:
            assert closed.rcvd is not None, "the connection broke without a close frame"
            return closed.rcvd.code, closed.rcvd.reason
    raise AssertionError(f"the update socket was still open {seconds} s after the revocation")


def message_arrives(ws: ClientConnection, text: str) -> None:
    page = json.loads(ws.recv(timeout=5))
    assert [u["payload"]["text"] for u in page["updates"]] == [text]


def test_revoking_a_device_closes_its_open_update_socket_at_once(
    center: CenterProcess, enrolled_kiosk: EnrolledKiosk, staff_api: StaffApi
) -> None:
    mine = enrolled_kiosk.device_id
    with update_socket(center, enrolled_kiosk.token) as ws:
        staff_api.post("/messages", {"text": "before", "device_id": mine})
        message_arrives(ws, "before")
        assert staff_api.post(f"/devices/{mine}/revoke").status_code == 200
        assert closed_within(ws, REVOKE_CLOSES_WITHIN_S) == (4403, "device_revoked")
    # Nor can it open a new one.
    with pytest.raises(InvalidStatus) as refused, update_socket(center, enrolled_kiosk.token):
        pass
    assert refused.value.response.status_code == 403


@pytest.fixture
def group(center_factory: CenterMaker) -> Iterator[tuple[CenterProcess, CenterProcess]]:
    """Two server processes on one PostgreSQL database, as two machines of a group."""
    first = center_factory("postgres").start()
    yield first, center_factory.sibling(first).start()


@pytest.mark.slow  # PostgreSQL
def test_a_device_revoked_on_another_process_loses_its_socket_there_too(
    group: tuple[CenterProcess, CenterProcess],
) -> None:
    first, second = group
    staff = StaffApi(first, first.staff_token())
    try:
        code = staff.post("/enrolment-codes").json()["code"]
        body = {"code": code, "device_name": "group kiosk", "mode": "kiosk"}
        enrolled = requests.post(first.api + "/enrol", json=body, timeout=HTTP_TIMEOUT).json()
        with update_socket(second, enrolled["token"]) as ws:
            staff.post("/messages", {"text": "before", "device_id": enrolled["device_id"]})
            message_arrives(ws, "before")
            assert staff.post(f"/devices/{enrolled['device_id']}/revoke").status_code == 200
            assert closed_within(ws, REVOKE_CLOSES_WITHIN_S) == (4403, "device_revoked")
    finally:
        staff.close()


# -- enrolment attempts ----------------------------------------------------------------------


def test_wrong_enrolment_codes_are_limited_per_address_and_logged_once(
    center_factory: CenterMaker,
) -> None:
    center = center_factory("sqlite").start()
    good = center.enrolment_code()

    def enrol(code: str) -> requests.Response:
        body = {"code": code, "device_name": "guessing kiosk", "mode": "kiosk"}
        return requests.post(center.api + "/enrol", json=body, timeout=HTTP_TIMEOUT)

    for guess in range(10):
        assert_error(enrol(f"0000-0000-{guess:04d}"), 403, "bad_enrolment_code")
    refused = enrol("0000-0000-0010")
    assert_error(refused, 429, "too_many_attempts")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # While refused, even the right code is not tried (and so not used up).
    assert_error(enrol(good), 429, "too_many_attempts")
    for guess in range(20):
        assert_error(enrol(f"1111-1111-{guess:04d}"), 429, "too_many_attempts")
    assert center.scalar("SELECT COUNT(*) FROM enrolment_codes WHERE used_at IS NOT NULL") == 0
    assert center.scalar("SELECT COUNT(*) FROM devices") == 0

    wait_until(lambda: "enrolment refused" in center.log(), LOG_WITHIN_S, "the log line")
    assert center.log().count("enrolment refused for 127.0.0.1") == 1


def test_the_enrolment_limit_lifts_as_failures_age_and_logs_once_a_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [1000.0]
    limiter = EnrolmentLimiter(failures=3, window_s=60.0, clock=lambda: now[0])
    for _ in range(3):
        limiter.check("10.0.0.7")
        limiter.failed("10.0.0.7")
        now[0] += 10  # failures at 1000, 1010, 1020
    limiter.check("10.0.0.8")  # another address is not held back
    with caplog.at_level(logging.WARNING, logger="server.auth"):
        for expected_wait in ("30", "25"):
            with pytest.raises(AuthError) as refused:
                limiter.check("10.0.0.7")
            assert (refused.value.status, refused.value.code) == (429, "too_many_attempts")
            assert refused.value.headers == {"Retry-After": expected_wait}
            now[0] += 5
        now[0] = 1060.0  # the first failure is a minute old: one more try
        limiter.check("10.0.0.7")
        limiter.failed("10.0.0.7")
        with pytest.raises(AuthError):
            limiter.check("10.0.0.7")  # held until 1070
        now[0] = 1091.0  # a minute after the first log line: logged again
        limiter.failed("10.0.0.7")
        limiter.failed("10.0.0.7")
        with pytest.raises(AuthError):
            limiter.check("10.0.0.7")
    assert [r.getMessage() for r in caplog.records] == [
        "enrolment refused for 10.0.0.7: 3 wrong codes within 60 s",
        "enrolment refused for 10.0.0.7: 3 wrong codes within 60 s",
    ]
