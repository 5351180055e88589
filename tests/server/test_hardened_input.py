"""Bad input the center refuses with a clear answer and stores nothing of: numbers that are
strings, floats or flags, NaN and infinities, lone surrogates, oversized free fields, a catalog
nested thousands deep, and a WebSocket hello that is not a cursor."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.websockets import WebSocketDisconnect

from server import pricing
from tests.helpers.center_app import CenterApp, running_center
from tests.helpers.server_api import event, order_payload, reading_payload


@pytest.fixture
def center_app(tmp_path: Path) -> Iterator[CenterApp]:
    with running_center(tmp_path) as app:
        yield app


def _send(app: CenterApp, headers: dict[str, str], body: str) -> object:
    return app.client.post(
        "/api/v1/events",
        content=body.encode("utf-8"),
        headers={**headers, "Content-Type": "application/json"},
    )


def _orders(app: CenterApp) -> int:
    return int(app.scalar("SELECT COUNT(*) FROM orders"))


@pytest.mark.parametrize("quantity", ["5", 5.0, True])
def test_a_quantity_that_is_not_a_whole_number_is_refused(
    center_app: CenterApp, quantity: object
) -> None:
    _, kiosk = center_app.kiosk()
    batch = {"events": [event("order.create", order_payload(quantity=quantity))]}
    answer = center_app.client.post("/api/v1/events", json=batch, headers=kiosk)
    assert answer.status_code == 200
    result = answer.json()["results"][0]
    assert result["status"] == "rejected"
    assert "quantity" in result["error"]
    assert _orders(center_app) == 0


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("where", ["created_at", "payload"])
def test_nan_and_infinities_are_refused_with_422(
    center_app: CenterApp, number: str, where: str
) -> None:
    _, kiosk = center_app.kiosk()
    one = event("reading.record", reading_payload())
    text = json.dumps({"events": [one]})
    if where == "created_at":
        text = text.replace('"created_at": 1.0', f'"created_at": {number}')
    else:
        text = text.replace('"measured_at": 1718092800.0', f'"measured_at": {number}')
    assert number in text
    answer = _send(center_app, kiosk, text)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid"
    assert center_app.scalar("SELECT COUNT(*) FROM readings") == 0
    assert center_app.scalar("SELECT COUNT(*) FROM ingested_events") == 0


def test_a_lone_surrogate_is_refused_with_422_not_a_500(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    text = json.dumps({"events": [event("order.create", order_payload())]})
    text = text.replace('"today_lunch"', '"\\ud800"')
    answer = _send(center_app, kiosk, text)
    assert answer.status_code == 422, answer.text
    admin = center_app.token()
    body = '{"name": "\\udc00", "subsidy_tier": "free"}'
    answer = center_app.client.put(
        "/api/v1/staff/residents/55555",
        content=body.encode(),
        headers={**admin, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert "surrogate" in answer.json()["message"]
    assert center_app.scalar("SELECT COUNT(*) FROM residents WHERE card = '55555'") == 0


def test_a_500_kb_choice_is_refused(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    payload = order_payload(choices={"meal": "x" * 500_000})
    answer = center_app.client.post(
        "/api/v1/events", json={"events": [event("order.create", payload)]}, headers=kiosk
    )
    assert answer.status_code == 422, answer.text[:300]
    assert _orders(center_app) == 0


def test_an_array_nested_thousands_deep_is_refused(center_app: CenterApp) -> None:
    admin = center_app.token()
    body = '{"name": "A", "subsidy_tier": "free", "contacts": ' + "[" * 5000 + "]" * 5000 + "}"
    answer = center_app.client.put(
        "/api/v1/staff/residents/55555",
        content=body.encode(),
        headers={**admin, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text[:300]
    assert "nested" in answer.json()["message"]


def test_a_catalog_nested_5000_deep_is_refused_at_load_and_by_the_api(
    center_app: CenterApp,
) -> None:
    deep = "version = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(pricing.CatalogProblems, match="nested 5000 deep"):
        pricing.parse_rules(deep)
    answer = center_app.client.put(
        "/api/v1/staff/catalog", json={"toml": deep}, headers=center_app.token()
    )
    assert answer.status_code == 422
    assert "nested 5000 deep" in answer.json()["message"]
    assert center_app.scalar("SELECT COUNT(*) FROM catalog_versions") == 0


@pytest.mark.parametrize(
    "hello", ['{"since": Infinity}', '{"since": "5"}', '{"since": -1}', '{"since": 1e400}', "[]"]
)
def test_a_bad_update_socket_hello_is_closed_with_a_reason(
    center_app: CenterApp, hello: str
) -> None:
    _, kiosk = center_app.kiosk()
    with center_app.client.websocket_connect("/api/v1/updates/ws", headers=kiosk) as socket:
        socket.send_text(hello)
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_text()
    assert closed.value.code == 1008
    assert closed.value.reason.startswith("bad hello")


def test_a_good_hello_still_gets_its_updates(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    with center_app.client.websocket_connect("/api/v1/updates/ws", headers=kiosk) as socket:
        socket.send_text('{"since": 0}')
        admin = center_app.token()
        center_app.client.put(
            "/api/v1/staff/residents/30001",
            json={"name": "New Resident", "subsidy_tier": "free"},
            headers=admin,
        )
        page = json.loads(socket.receive_text())
    assert [u["kind"] for u in page["updates"]] == ["resident"]


def test_a_valid_reading_is_still_stored(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    payload = reading_payload(reading_id=str(uuid.uuid4()))
    answer = center_app.client.post(
        "/api/v1/events", json={"events": [event("reading.record", payload)]}, headers=kiosk
    )
    assert answer.json()["results"][0]["status"] == "applied", answer.text
