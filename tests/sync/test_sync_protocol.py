"""The wire schemas of sync.protocol: every payload the kiosk writes fits its model, and the
center applies exactly the kinds that have one."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from app import outbox
from app.catalog import Catalog
from app.emergency import raise_sos, request_staff_help, withdraw_sos
from app.orders import cancel_order, place_order
from app.people import Resident
from app.privacy.consent import HEALTH_READINGS, record_consent
from app.store import Store
from app.tutorials import load_lessons, record_progress
from app.tutorials.sessions import (
    MANAGED,
    VolunteerSignin,
    check_in,
    end_session,
    mark,
    start_session,
)
from app.vitals import judge, record_reading
from server.db import make_engine, migrate, session_factory
from server.ingest import APPLY, ingest
from server.models import Device, Reading
from sync.protocol import (
    EVENT_KINDS,
    EVENT_PAYLOADS,
    CallLog,
    Event,
    EventBatch,
    ReadingRecord,
    TutorialProgress,
)
from tests.helpers.paths import REPO_ROOT
from tests.helpers.server_api import reading_payload

ROOT = REPO_ROOT


def kinds_enqueued_in_app() -> set[str]:
    """The event kinds app/ passes to ``outbox.enqueue``, read from its source."""
    kinds: set[str] = set()
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "enqueue"
            ):
                kind = node.args[1] if len(node.args) > 1 else None
                assert isinstance(kind, ast.Constant) and isinstance(kind.value, str), (
                    f"{path.name}:{node.lineno}: give enqueue a literal kind, so it is checked here"
                )
                kinds.add(kind.value)
    return kinds


def test_every_payload_the_kiosk_writes_fits_its_protocol_model(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    for number, service in enumerate(catalog.services):
        resident = list(residents.values())[number % len(residents)]
        choices = {c.id: c.options[-1].id for c in service.choices}
        order = place_order(store, resident, service, choices)
        if number % 2:
            cancel_order(store, order.id)
    raise_sos(store, residents["10001"], device_location="3号楼大厅")
    false_alarm = raise_sos(store, None)
    withdraw_sos(store, false_alarm.id)
    request_staff_help(store, "卡片无法识别", device_location="门口")
    values = {"systolic": 150.0, "diastolic": 95.0, "pulse": 80.0}
    judgement = judge("blood_pressure", values)
    record_reading(store, residents["10001"], "blood_pressure", values, judgement=judgement)
    lesson = load_lessons().in_order()[0]
    record_progress(store, residents["10001"], lesson, 1)
    group = start_session(store, VolunteerSignin(str(uuid.uuid4()), "Volunteer Li"), lesson)
    check_in(store, group, residents["10002"])
    mark(store, group, "10002", MANAGED)
    end_session(store, group)
    record_consent(
        store, residents["10004"], HEALTH_READINGS, granted=False, wording_version="health-1"
    )

    written = outbox.events(store)
    assert {e.kind for e in written} == kinds_enqueued_in_app()
    for event in written:
        model = EVENT_PAYLOADS[event.kind]
        model.model_validate(event.payload)
        # The center ignores fields it does not know: a misspelt one would be lost silently.
        unknown = set(event.payload) - set(model.model_fields)
        assert not unknown, f"{event.kind} writes fields its model lacks: {sorted(unknown)}"


def test_the_center_applies_exactly_the_kinds_that_have_a_model() -> None:
    assert set(APPLY) == set(EVENT_PAYLOADS) == set(EVENT_KINDS)


def test_a_reading_needs_the_values_of_its_kind() -> None:
    ReadingRecord.model_validate(reading_payload())
    ReadingRecord.model_validate(
        reading_payload(kind="pulse_oximetry", systolic=None, diastolic=None, spo2=97)
    )
    with pytest.raises(ValidationError, match="needs diastolic"):
        ReadingRecord.model_validate(reading_payload(diastolic=None))
    with pytest.raises(ValidationError, match="needs spo2"):
        ReadingRecord.model_validate(reading_payload(kind="pulse_oximetry"))
    with pytest.raises(ValidationError, match="systolic"):
        ReadingRecord.model_validate(reading_payload(systolic=1000))


def test_tutorial_progress_and_call_logs_check_their_fields() -> None:
    progress: dict[str, Any] = {
        "resident_card": "10001",
        "lesson_id": "video-call-basics",
        "step": 2,
        "steps": 5,
        "recorded_at": "2024-06-11T08:00:00.000+00:00",
    }
    assert TutorialProgress.model_validate(progress).completed is False
    with pytest.raises(ValidationError, match="past the lesson"):
        TutorialProgress.model_validate({**progress, "step": 5})
    call: dict[str, Any] = {
        "call_id": str(uuid.uuid4()),
        "contact": "女儿",
        "direction": "outgoing",
        "outcome": "answered",
        "started_at": "2024-06-11T08:00:00.000+00:00",
        "duration_s": 312,
    }
    assert CallLog.model_validate(call).resident_card is None
    with pytest.raises(ValidationError, match="outcome"):
        CallLog.model_validate({**call, "outcome": "maybe"})


def test_the_center_refuses_a_payload_its_model_refuses_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    sessions = session_factory(engine)

    def event(kind: str, payload: dict[str, Any]) -> Event:
        return Event(event_id=uuid.uuid4(), kind=kind, payload=payload, created_at=1.0)

    good = event("reading.record", reading_payload())
    bad = event("reading.record", reading_payload(kind="weight"))
    progress = event("tutorial.progress", {"lesson_id": "", "step": 0, "steps": 1})
    try:
        with sessions() as session:
            session.add(
                Device(id="d1", name="kiosk", mode="kiosk", token_hash="h" * 64, created_at=0.0)
            )
            session.commit()
        with sessions() as session:
            device = session.get(Device, "d1")
            assert device is not None
            results = ingest(session, device, EventBatch(events=[good, bad, progress]))
        assert [r.status for r in results] == ["applied", "rejected", "rejected"]
        assert results[1].error is not None
        assert results[1].error.startswith("bad payload") and "needs weight_kg" in results[1].error
        assert results[2].error is not None
        assert "lesson_id" in results[2].error and "recorded_at" in results[2].error
        with sessions() as session:
            assert session.scalar(select(func.count()).select_from(Reading)) == 1
    finally:
        engine.dispose()
