"""Escalation of an emergency nobody acknowledges, on a fake clock: each step at its time,
once, however many sessions (server processes) try at the same moment; acknowledging or
withdrawing ends it; every step is recorded with who and when, and the kiosk is told.

The center's own functions run in this process on a database of its own (SQLite; PostgreSQL
in the full run), with ``now`` given, so no test waits for a clock. The center's settings
for it (server.settings) are tested here too.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from server import sos
from server.db import make_engine, migrate, session_factory
from server.ingest import ingest
from server.models import Device, SosStepRecord, Staff, Update
from server.settings import Settings, SettingsError, SosPolicy
from sync.protocol import Event, EventBatch, SosStatus
from tests.helpers.center import BACKENDS, CenterMaker
from tests.helpers.server_api import sos_payload

T0 = 1_750_000_000.0  # when the center stored the emergency, by the fake clock
POLICY = SosPolicy(ack_within_s=120, steps=("all_staff", "contacts"), step_delay_s=60)
DEVICE = "00000000-0000-4000-8000-000000000001"


@pytest.fixture(params=BACKENDS)
def sessions(
    request: pytest.FixtureRequest, center_factory: CenterMaker
) -> Iterator[sessionmaker[Session]]:
    """A migrated center database with one kiosk and one member of staff."""
    url = center_factory(request.param).database_url  # its database, not its process
    engine = make_engine(url, pool_size=8)
    migrate(engine)
    made = session_factory(engine)
    with made() as session:
        session.add(
            Device(id=DEVICE, name="hall kiosk", mode="kiosk", token_hash="h" * 64, created_at=T0)
        )
        session.add(Staff(name="Wang Fang", token_hash="s" * 64, created_at=T0))
        session.commit()
    yield made
    engine.dispose()


def send(sessions: sessionmaker[Session], kind: str, payload: dict[str, Any], now: float) -> Any:
    with sessions() as session:
        device = session.get(Device, DEVICE)
        assert device is not None
        batch = EventBatch(
            events=[Event(event_id=uuid.uuid4(), kind=kind, payload=payload, created_at=now)]
        )
        [result] = ingest(session, device, batch, now=now, sos_policy=POLICY)
    return result


def raise_sos(sessions: sessionmaker[Session], now: float = T0, card: str | None = "10002") -> str:
    payload = {**sos_payload(), "resident_card": card}
    result = send(sessions, "sos.raise", payload, now)
    assert result.status == "applied", result
    assert result.result == {"sos_id": payload["sos_id"], "ack_within_s": 120}
    return str(payload["sos_id"])


def escalate(sessions: sessionmaker[Session], now: float) -> list[tuple[str, str]]:
    with sessions() as session:
        return [(e.sos_id, e.step) for e in sos.escalate_due(session, now, POLICY)]


def acknowledge(sessions: sessionmaker[Session], sos_id: str, now: float) -> None:
    with sessions() as session:
        staff = session.scalars(select(Staff)).one()
        sos.acknowledge(session, staff, sos_id, "phoning", now=now)


def steps(sessions: sessionmaker[Session], sos_id: str) -> list[tuple[str, str, str | None]]:
    with sessions() as session:
        return [(s.status, s.actor, s.note) for s in sos.steps_of(session, sos_id)]


def kiosk_updates(sessions: sessionmaker[Session]) -> list[dict[str, Any]]:
    with sessions() as session:
        rows = session.scalars(
            select(Update).where(Update.device_id == DEVICE).order_by(Update.seq)
        )
        return [json.loads(r.payload) for r in rows if r.kind == "sos.status"]


def test_an_emergency_escalates_step_by_step_on_the_center_clock(
    sessions: sessionmaker[Session],
) -> None:
    sos_id = raise_sos(sessions)
    assert escalate(sessions, T0 + 119.9) == []
    assert escalate(sessions, T0 + 120) == [(sos_id, "all_staff")]
    assert escalate(sessions, T0 + 120) == []  # once
    assert escalate(sessions, T0 + 179.9) == []
    assert escalate(sessions, T0 + 180) == [(sos_id, "contacts")]
    assert escalate(sessions, T0 + 100_000) == []  # no step after the last

    assert steps(sessions, sos_id) == [
        ("raised", "device:hall kiosk", "resident 10002, activity room"),
        (
            "all_staff",
            "center",
            "nobody acknowledged it within 120 s: every staff console alerted",
        ),
        ("contacts", "center", "no emergency contacts on file for resident 10002: nobody notified"),
    ]
    with sessions() as session:
        stamps = [s.at for s in sos.steps_of(session, sos_id)]
        [view] = [s for s in sos.list_sos(session, open_only=True) if s.sos_id == sos_id]
    assert view.step == "contacts"
    # The kiosk is told each step, with the center's time of it.
    assert [SosStatus.model_validate(u) for u in kiosk_updates(sessions)] == [
        SosStatus(sos_id=sos_id, status="escalated", step="all_staff", at=stamps[1]),
        SosStatus(sos_id=sos_id, status="escalated", step="contacts", at=stamps[2]),
    ]
    assert datetime.fromisoformat(stamps[1]) == datetime.fromtimestamp(T0 + 120, UTC)
    assert datetime.fromisoformat(stamps[2]) == datetime.fromtimestamp(T0 + 180, UTC)


def test_without_a_signed_in_resident_there_are_no_contacts_to_alert(
    sessions: sessionmaker[Session],
) -> None:
    sos_id = raise_sos(sessions, card=None)
    escalate(sessions, T0 + 120)
    escalate(sessions, T0 + 180)
    assert steps(sessions, sos_id)[-1] == (
        "contacts",
        "center",
        "nobody was signed in at the kiosk: no contacts to notify",
    )


def test_acknowledging_ends_the_escalation_even_after_a_step(
    sessions: sessionmaker[Session],
) -> None:
    early, late = raise_sos(sessions), raise_sos(sessions)
    acknowledge(sessions, early, T0 + 60)
    assert escalate(sessions, T0 + 120) == [(late, "all_staff")]
    acknowledge(sessions, late, T0 + 130)
    assert escalate(sessions, T0 + 100_000) == []
    assert [s[0] for s in steps(sessions, late)] == ["raised", "all_staff", "acknowledged"]
    assert steps(sessions, late)[-1] == ("acknowledged", "staff:Wang Fang", "phoning")


def test_withdrawing_ends_the_escalation(sessions: sessionmaker[Session]) -> None:
    sos_id = raise_sos(sessions)
    withdrawal = {"sos_id": sos_id, "withdrawn_at": "2025-06-15T15:40:30+00:00"}
    assert send(sessions, "sos.withdraw", withdrawal, T0 + 30).status == "applied"
    assert escalate(sessions, T0 + 100_000) == []
    assert [s[0] for s in steps(sessions, sos_id)] == ["raised", "withdrawn"]


def test_a_step_read_before_another_session_took_it_is_not_taken_again(
    sessions: sessionmaker[Session],
) -> None:
    """Two processes read the same due emergency; the one that writes second changes
    nothing (the conditional UPDATE), and neither does one that read before an
    acknowledgement."""
    taken, acked = raise_sos(sessions), raise_sos(sessions)
    with sessions() as first:
        stale = {row.id: row for row in sos.due(first, T0 + 120)}
        first.rollback()  # SQLite: let the other writer in (PostgreSQL would wait on a lock)
        assert set(stale) == {taken, acked}

        assert escalate(sessions, T0 + 120) == [(taken, "all_staff"), (acked, "all_staff")]
        assert sos.advance(first, stale[taken], T0 + 120, POLICY) is None
        first.commit()
    with sessions() as first:
        raise_sos(sessions, T0 + 200)
        stale = {row.id: row for row in sos.due(first, T0 + 200)}
        first.rollback()
    acknowledge(sessions, acked, T0 + 200)
    with sessions() as first:
        assert sos.advance(first, stale[acked], T0 + 200, POLICY) is None
        first.commit()
    assert [s[0] for s in steps(sessions, taken)] == ["raised", "all_staff"]
    assert [s[0] for s in steps(sessions, acked)] == ["raised", "all_staff", "acknowledged"]


def test_sessions_escalating_at_the_same_moment_take_each_step_once(
    sessions: sessionmaker[Session],
) -> None:
    ids = {raise_sos(sessions) for _ in range(20)}
    start = threading.Barrier(4)
    taken: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait(10)
            got = escalate(sessions, T0 + 120)
            with lock:
                taken.extend(got)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(taken) == sorted((sos_id, "all_staff") for sos_id in ids)
    with sessions() as session:
        recorded = session.scalar(
            select(func.count()).select_from(SosStepRecord).where(SosStepRecord.step == "all_staff")
        )
    assert recorded == len(ids)
    assert len(kiosk_updates(sessions)) == len(ids)


def test_whether_anything_is_due_is_one_look_at_the_index(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        assert not sos.anything_due(session, T0 + 1_000)
    raise_sos(sessions)
    with sessions() as session:
        assert not sos.anything_due(session, T0 + 119)
        assert sos.anything_due(session, T0 + 120)
        if session.get_bind().dialect.name == "sqlite":  # PostgreSQL's plan depends on its sizes
            plan = session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM sos_events WHERE next_step_at <= 1 LIMIT 1"
            )
            assert "USING INDEX sos_due" in " ".join(str(row) for row in plan)


# -- the settings ------------------------------------------------------------------------------


def test_the_escalation_settings_come_from_the_environment() -> None:
    base = {"DATABASE_URL": "sqlite:///unused.sqlite3"}
    default = Settings.from_env(base).sos_policy
    assert default == SosPolicy(ack_within_s=120, steps=("all_staff", "contacts"), step_delay_s=120)
    mine = Settings.from_env(
        {
            **base,
            "CENTER_SOS_ACK_WITHIN_S": "90",
            "CENTER_SOS_ESCALATION": " contacts ",
            "CENTER_SOS_STEP_DELAY_S": "30",
        }
    ).sos_policy
    assert mine == SosPolicy(ack_within_s=90, steps=("contacts",), step_delay_s=30)
    assert mine.after("waiting") == "contacts" and mine.after("contacts") is None
    assert mine.after("all_staff") is None  # a step this center no longer takes
    none = Settings.from_env({**base, "CENTER_SOS_ESCALATION": ""}).sos_policy
    assert none.steps == () and none.first_due(T0) is None


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("CENTER_SOS_ACK_WITHIN_S", "0", "CENTER_SOS_ACK_WITHIN_S must be 1..3600"),
        ("CENTER_SOS_ACK_WITHIN_S", "two minutes", "CENTER_SOS_ACK_WITHIN_S must be a whole"),
        ("CENTER_SOS_STEP_DELAY_S", "-5", "CENTER_SOS_STEP_DELAY_S must be 1..86400"),
        ("CENTER_SOS_ESCALATION", "all_staff,police", "CENTER_SOS_ESCALATION takes each of"),
        ("CENTER_SOS_ESCALATION", "contacts,contacts", "CENTER_SOS_ESCALATION takes each of"),
        ("CENTER_ENROL_FAILURES_PER_MINUTE", "0", "CENTER_ENROL_FAILURES_PER_MINUTE must be"),
    ],
)
def test_a_bad_escalation_setting_is_named_with_what_it_takes(
    key: str, value: str, named: str
) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env({"DATABASE_URL": "sqlite:///unused.sqlite3", key: value})
