"""The center's consent records: kept once per event from a kiosk, read back per resident
oldest first, the newest answer per purpose holding; bad answers refused with nothing kept."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from server.consent import current, gather, resident_consent
from server.db import make_engine, migrate, session_factory
from server.ingest import ingest
from server.models import Device
from sync.protocol import Event, EventBatch


def answer(granted: bool, at: float, card: str = "10001", **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "consent_id": str(uuid.uuid4()),
        "resident_card": card,
        "purpose": "health_readings",
        "granted": granted,
        "wording_version": "health-2026-12",
        "recorded_by": "resident",
        "staff_name": "",
        "recorded_at": at,
    }
    payload.update(changes)
    return payload


def event(payload: dict[str, Any], event_id: uuid.UUID | None = None) -> Event:
    return Event(
        event_id=event_id or uuid.uuid4(), kind="consent.record", payload=payload, created_at=1.0
    )


def test_answers_are_kept_once_and_the_newest_holds(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    sessions = session_factory(engine)
    yes, no = answer(True, 100.0), answer(False, 200.0)
    repeated = event(yes)
    bad = [
        {**answer(True, 300.0), "granted": "yes"},
        answer(True, 300.0, purpose="advertising"),
        answer(True, -1.0),
        answer(True, 300.0, wording_version="v" * 41),
        answer(True, 300.0, resident_card="12"),
    ]
    try:
        with sessions() as session:
            session.add(
                Device(id="d1", name="kiosk", mode="kiosk", token_hash="h" * 64, created_at=0.0)
            )
            session.commit()
        with sessions() as session:
            device = session.get(Device, "d1")
            assert device is not None
            events = [repeated, event(no), event(answer(True, 50.0, card="10002"))]
            results = ingest(session, device, EventBatch(events=events))
            assert [r.status for r in results] == ["applied"] * 3
            again = ingest(session, device, EventBatch(events=[repeated]))
            assert again[0].duplicate
            refused = ingest(session, device, EventBatch(events=[event(p) for p in bad]))
            assert [r.status for r in refused] == ["rejected"] * len(bad)
        with sessions() as session:
            kept = resident_consent(session, "10001")
        assert [(a.granted, a.recorded_at) for a in kept] == [(True, 100.0), (False, 200.0)]
        assert current(kept)["health_readings"].granted is False
    finally:
        engine.dispose()


def test_unreadable_and_other_residents_records_are_left_out() -> None:
    mine = answer(True, 1.0)
    kept = gather([mine, mine, answer(True, 2.0, card="10002"), "not json", {"x": 1}], "10001")
    assert [str(a.consent_id) for a in kept] == [mine["consent_id"]]
    assert current([]) == {}
