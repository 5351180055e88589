"""Speaking to the center server as a kiosk does, over raw HTTP, for the API tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.helpers.center import (
    HTTP_TIMEOUT,
    CenterProcess,
    EnrolledKiosk,
)

ONE_MIB = 1_048_576


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def event(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "kind": kind, "payload": payload, "created_at": 1.0}


def order_payload(order_id: str | None = None, **changes: Any) -> dict[str, Any]:
    payload = {
        "order_id": order_id or str(uuid.uuid4()),
        "resident_card": "10001",
        "service_id": "meals",
        "choices": {"meal": "today_lunch", "portions": "1"},
        "quantity": 1,
        "price_fen": 0,
        "subsidy_tier": "free",
        "created_at": "2024-06-11T08:00:00.000+00:00",
    }
    payload.update(changes)
    return payload


def sos_payload(sos_id: str | None = None) -> dict[str, Any]:
    return {
        "sos_id": sos_id or str(uuid.uuid4()),
        "resident_card": "10002",
        "location": "activity room",
        "raised_at": "2024-06-11T08:00:00.000+00:00",
    }


def reading_payload(**changes: Any) -> dict[str, Any]:
    """A blood-pressure reading as the kiosk queues it (sync.protocol.ReadingRecord)."""
    payload = {
        "reading_id": str(uuid.uuid4()),
        "resident_card": "10001",
        "kind": "blood_pressure",
        "systolic": 128,
        "diastolic": 82,
        "pulse": 70,
        "measured_at": 1718092800.0,
        "device": "simulator",
    }
    payload.update(changes)
    return payload


def assert_error(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    """A refusal with ``status`` and the JSON error body {code, message}."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message"}, body
    assert body["code"] == code, body
    assert body["message"].strip(), body
    return body


class Device:
    """A kiosk speaking raw HTTP with its token."""

    def __init__(self, center: CenterProcess, token: str) -> None:
        self.api = center.api
        self.session = requests.Session()
        self.session.headers.update(bearer(token))

    def send(self, events: list[dict[str, Any]]) -> requests.Response:
        return self.session.post(
            self.api + "/events", json={"events": events}, timeout=HTTP_TIMEOUT
        )

    def results(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.send(events)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def updates(self, since: int = 0) -> requests.Response:
        return self.session.get(
            self.api + "/updates", params={"since": since}, timeout=HTTP_TIMEOUT
        )


@pytest.fixture
def device(enrolled_kiosk: EnrolledKiosk) -> Iterator[Device]:
    kiosk = Device(enrolled_kiosk.center, enrolled_kiosk.token)
    yield kiosk
    kiosk.session.close()
