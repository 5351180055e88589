"""A resident's data at the center: every use of it by staff in the audit trail (append-only,
kept six months), export then erasure reaching a kiosk's updates, retention by a clock, the
security headers, the documentation page without scripts, and private file modes."""

from __future__ import annotations

import json
import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server import retention
from server.app import create_app
from server.routes.permissions import all_routes
from server.settings import DAY_S, RetentionPolicy, SettingsError
from tests.helpers.center import morning_catalog
from tests.helpers.center_app import CLIENT_ADDRESS, CenterApp, make_settings, running_center
from tests.helpers.server_api import event, order_payload, reading_payload

CARD = "10001"


@pytest.fixture
def center_app(tmp_path: Path) -> Iterator[CenterApp]:
    with running_center(tmp_path, default_catalog=morning_catalog(tmp_path)) as app:
        yield app


def _audit(app: CenterApp, headers: dict[str, str], target: str) -> list[dict]:
    answer = app.client.get("/api/v1/staff/audit", params={"target": target}, headers=headers)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def test_a_read_of_a_resident_is_recorded_with_who_and_where_from(center_app: CenterApp) -> None:
    nurse = center_app.token("Nurse Zhao", "nurse")
    assert (
        center_app.client.get(f"/api/v1/staff/residents/{CARD}", headers=nurse).status_code == 200
    )
    admin = center_app.token()
    entries = _audit(center_app, admin, f"resident:{CARD}")
    reads = [e for e in entries if e["actor"] == "staff:Nurse Zhao"]
    assert [e["action"] for e in reads] == ["access:residents.read"]
    assert all(e["address"] == CLIENT_ADDRESS for e in reads)
    assert all(time.time() - e["at"] < 60 for e in reads)


def test_a_read_of_an_order_is_recorded_against_its_resident(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    order = order_payload()
    center_app.client.post(
        "/api/v1/events", json={"events": [event("order.create", order)]}, headers=kiosk
    )
    dispatcher = center_app.token("Dispatcher Sun", "dispatcher")
    path = f"/api/v1/staff/orders/{order['order_id']}/history"
    assert center_app.client.get(path, headers=dispatcher).status_code == 200
    entries = _audit(center_app, center_app.token(), f"resident:{CARD}")
    assert any(e["actor"] == "staff:Dispatcher Sun" and e["after"]["path"] == path for e in entries)


def test_the_audit_trail_cannot_be_changed_through_the_api_or_in_the_database(
    center_app: CenterApp,
) -> None:
    app = center_app.client.app
    changing = [
        (path, methods)
        for path, methods, _ in all_routes(app.router.routes)  # type: ignore[attr-defined]
        if "audit" in path and methods - {"GET", "WS"}
    ]
    assert changing == []
    admin = center_app.token()
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        answer = center_app.client.request(method, "/api/v1/staff/audit", headers=admin)
        assert answer.status_code == 405
    center_app.client.get(f"/api/v1/staff/residents/{CARD}", headers=admin)
    with center_app.center.sessions() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text("UPDATE audit_log SET actor = 'nobody'"))
        session.rollback()
        with pytest.raises(DBAPIError, match="183 days"):
            session.execute(text("DELETE FROM audit_log"))
        session.rollback()
    assert center_app.scalar("SELECT COUNT(*) FROM audit_log WHERE actor = 'nobody'") == 0


def test_only_administrators_export_or_erase(center_app: CenterApp) -> None:
    nurse = center_app.token("Nurse Zhao", "nurse")
    export = center_app.client.get(f"/api/v1/staff/residents/{CARD}/export", headers=nurse)
    assert export.status_code == 403
    erase = center_app.client.delete(f"/api/v1/staff/residents/{CARD}", headers=nurse)
    assert erase.status_code == 403
    assert center_app.scalar("SELECT COUNT(*) FROM residents WHERE card = :c", c=CARD) == 1


def test_export_then_erase_reaches_every_kiosk(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    reading = reading_payload(systolic=150, diastolic=95)
    events = [
        event("order.create", order_payload()),
        event("reading.record", reading),
        event(
            "call.log",
            {
                "call_id": str(uuid.uuid4()),
                "resident_card": CARD,
                "contact": "Daughter Mei",
                "direction": "outgoing",
                "outcome": "answered",
                "started_at": "2024-06-11T08:00:00+00:00",
            },
        ),
    ]
    answer = center_app.client.post("/api/v1/events", json={"events": events}, headers=kiosk)
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * 3, answer.text
    admin = center_app.token()
    exported = center_app.client.get(f"/api/v1/staff/residents/{CARD}/export", headers=admin)
    assert exported.status_code == 200
    document = exported.json()
    assert document["resident"]["name"] == "张秀英"
    assert [r["systolic"] for r in document["readings"]] == [150]
    assert len(document["orders"]) == 1
    assert document["call_logs"][0]["contact"] == "Daughter Mei"
    page = center_app.client.get(f"/api/v1/staff/residents/{CARD}/export.html", headers=admin)
    assert page.headers["content-type"].startswith("text/html")
    assert "张秀英" in page.text and "<script" not in page.text

    erased = center_app.client.delete(f"/api/v1/staff/residents/{CARD}", headers=admin)
    assert erased.status_code == 200, erased.text
    removed = erased.json()["removed"]
    assert removed["readings"] == 1 and removed["register"] == 1 and removed["records"] == 1
    assert center_app.scalar("SELECT COUNT(*) FROM readings WHERE resident_card = :c", c=CARD) == 0
    assert center_app.scalar("SELECT COUNT(*) FROM orders WHERE resident_card = :c", c=CARD) == 0
    assert center_app.scalar("SELECT COUNT(*) FROM orders") == 1  # kept, without the card
    assert center_app.scalar("SELECT COUNT(*) FROM residents WHERE card = :c", c=CARD) == 0
    again = center_app.client.get(f"/api/v1/staff/residents/{CARD}/export", headers=admin)
    assert again.json()["resident"] is None and again.json()["readings"] == []

    updates = center_app.client.get("/api/v1/updates", params={"since": 0}, headers=kiosk)
    erase = [u for u in updates.json()["updates"] if u["kind"] == "resident.erase"]
    assert [u["payload"]["resident_card"] for u in erase] == [CARD]
    entries = _audit(center_app, admin, f"resident:{CARD}")
    assert {"resident.export", "resident.erase"} <= {e["action"] for e in entries}


def test_retention_removes_only_what_is_older_than_its_period(center_app: CenterApp) -> None:
    _, kiosk = center_app.kiosk()
    center_app.client.post(
        "/api/v1/events",
        json={
            "events": [
                event("reading.record", reading_payload()),
                event("order.create", order_payload()),
            ]
        },
        headers=kiosk,
    )
    policy = RetentionPolicy(readings_days=30, orders_days=400, audit_days=183)
    with center_app.center.sessions() as session:
        now = time.time()
        assert retention.enforce(session, policy, now)["readings"] == 0
        later = now + 31 * DAY_S  # a month on, by the test's clock
        removed = retention.enforce(session, policy, later)
        assert removed["readings"] == 1 and removed["orders"] == 0
        assert removed["event_payloads"] == 2  # kept 30 days by default
        assert removed["audit"] == 0  # never before six months
        assert retention.enforce(session, policy, later) == dict.fromkeys(removed, 0)
    assert center_app.scalar("SELECT COUNT(*) FROM readings") == 0
    assert center_app.scalar("SELECT COUNT(*) FROM orders") == 1
    assert center_app.scalar("SELECT COUNT(*) FROM ingested_events") == 2  # keys stay


def test_retention_never_removes_the_newest_update(center_app: CenterApp) -> None:
    """SQLite gives a freed highest number to the next row: a kiosk whose cursor is already
    there would never fetch that update. Old messages go, the newest row stays."""
    old = time.time() - 400 * DAY_S
    with center_app.center.sessions() as session:
        for _ in range(2):
            session.execute(
                text(
                    "INSERT INTO updates (device_id, kind, payload, created_at)"
                    " VALUES (NULL, 'message', '{}', :at)"
                ),
                {"at": old},
            )
        session.commit()
        newest = session.scalar(text("SELECT MAX(seq) FROM updates"))
        removed = retention.enforce(session, RetentionPolicy(messages_days=30), time.time())
        assert removed["messages"] >= 1
        assert session.scalar(text("SELECT MAX(seq) FROM updates")) == newest
        session.execute(
            text(
                "INSERT INTO updates (device_id, kind, payload, created_at)"
                " VALUES (NULL, 'message', '{}', :at)"
            ),
            {"at": time.time()},
        )
        session.commit()
        assert session.scalar(text("SELECT MAX(seq) FROM updates")) == newest + 1


def test_old_audit_entries_go_after_their_period(center_app: CenterApp) -> None:
    old = time.time() - 200 * DAY_S
    with center_app.center.sessions() as session:
        session.execute(
            text(
                "INSERT INTO audit_log (at, actor, action, target) "
                "VALUES (:at, 'staff:x', 'access:residents.read', 'resident:10001')"
            ),
            {"at": old},
        )
        session.commit()
        removed = retention.enforce(session, RetentionPolicy(audit_days=183), time.time())
    assert removed["audit"] == 1
    assert center_app.scalar("SELECT COUNT(*) FROM audit_log WHERE at = :at", at=old) == 0


def test_settings_refuse_an_audit_period_under_six_months() -> None:
    with pytest.raises(SettingsError, match="CENTER_KEEP_AUDIT_DAYS"):
        RetentionPolicy.from_env({"CENTER_KEEP_AUDIT_DAYS": "30"})
    assert RetentionPolicy.from_env({"CENTER_KEEP_READINGS_DAYS": "90"}).readings_days == 90


def test_answers_carry_the_security_headers(center_app: CenterApp) -> None:
    admin = center_app.token()
    answer = center_app.client.get(f"/api/v1/staff/residents/{CARD}", headers=admin)
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in answer.headers  # plain http
    _, kiosk = center_app.kiosk()
    poll = center_app.client.get("/api/v1/updates", headers=kiosk)  # the fast path
    assert poll.headers["cache-control"] == "no-store"
    assert poll.headers["x-content-type-options"] == "nosniff"


def test_https_answers_carry_hsts(center_app: CenterApp) -> None:
    answer = center_app.client.get("https://testserver/healthz")
    assert answer.headers["strict-transport-security"].startswith("max-age=")


def test_the_docs_are_off_by_default_and_have_no_scripts_when_on(tmp_path: Path) -> None:
    with running_center(tmp_path / "off") as off:
        assert off.client.get("/docs").status_code == 404
        assert off.client.get("/redoc").status_code == 404
        assert off.client.get("/openapi.json").status_code == 200
    with running_center(tmp_path / "on", api_docs=True) as on:
        page = on.client.get("/docs")
        assert page.status_code == 200
        assert "<script" not in page.text and "cdn" not in page.text.lower()
        assert "/api/v1/events" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_data_folder_and_database_are_private(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    settings = make_settings(tmp_path / "a")
    create_app(settings).state.center.engine.dispose()
    data = tmp_path / "a" / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith("center.sqlite3")]
    assert files
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


def test_export_json_is_plain_json(center_app: CenterApp) -> None:
    admin = center_app.token()
    answer = center_app.client.get(f"/api/v1/staff/residents/{CARD}/export", headers=admin)
    assert json.loads(answer.text)["format"] == "center-resident-export"
