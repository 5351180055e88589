"""Readings and messages leave the kiosk once the center has them and their time is up;
never before the center confirmed a reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import outbox
from app.config import Config
from app.delivery import EventAnswer, apply_updates, record_results
from app.people import Resident
from app.privacy.retention import prune
from app.store import Store
from tests.helpers.privacy import agreed
from tests.helpers.queries import fetch_all
from tests.helpers.vitals import save_reading

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DAYS = 90


def confirm_all(store: Store, when: datetime) -> None:
    answers = [EventAnswer(e.event_id, True) for e in outbox.events(store) if e.state != "sent"]
    record_results(store, answers, now=when.timestamp())


def test_confirmed_readings_past_their_time_go_and_the_rest_stay(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents["10001"]
    agreed(store, resident)
    old = NOW - timedelta(days=DAYS + 10)
    sent_old = save_reading(store, resident, "blood_pressure", at=old)
    confirm_all(store, old)
    unsent_old = save_reading(store, resident, "heart_rate", at=old)  # the center lacks it
    recent = save_reading(store, resident, "blood_pressure", at=NOW - timedelta(days=3))
    confirm_all(store, NOW - timedelta(days=3))
    with store.transaction() as conn:  # the unsent one never got through
        conn.execute(
            "UPDATE outbox SET state = 'pending' WHERE json_extract(payload, '$.reading_id') = ?",
            (unsent_old.id,),
        )

    pruned = prune(store, days=DAYS, now=NOW)

    kept = {row["id"] for row in fetch_all(store, "SELECT id FROM readings")}
    assert kept == {unsent_old.id, recent.id}
    assert sent_old.id not in kept
    assert (pruned.readings, pruned.events) == (1, 1)
    left = [e.payload.get("reading_id") for e in outbox.events(store) if e.kind == "reading.record"]
    assert sorted(left) == sorted([unsent_old.id, recent.id])
    assert prune(store, days=DAYS, now=NOW).readings == 0  # nothing more to do


def test_read_messages_past_their_time_go(store: Store) -> None:
    apply_updates(
        store,
        [
            {"seq": n, "kind": "message", "payload": {"text": f"message {n}"}, "created_at": 1.0}
            for n in (1, 2, 3)
        ],
        3,
    )
    long_ago = (NOW - timedelta(days=DAYS + 1)).isoformat()
    with store.transaction() as conn:
        conn.execute("UPDATE messages SET read_at = ? WHERE text = 'message 1'", (long_ago,))
        conn.execute("UPDATE messages SET read_at = ? WHERE text = 'message 2'", (NOW.isoformat(),))
    assert prune(store, days=DAYS, now=NOW).messages == 1
    left = {row["text"] for row in fetch_all(store, "SELECT text FROM messages")}
    assert left == {"message 2", "message 3"}  # read lately, and not read yet


def test_the_retention_period_is_a_setting_with_a_default() -> None:
    assert Config().local_retention_days == DAYS
