"""The center's answer to a reading's event reaches the screens: the reading is "sent" only
once the center applied its event, so an alerting reading may then say the staff were told."""

from __future__ import annotations

from app import outbox
from app.delivery import EventAnswer, record_results
from app.people import Resident
from app.store import Store
from app.vitals import judge, record_reading


def _reading_event(store: Store, resident: Resident) -> tuple[str, str]:
    judgement = judge("blood_pressure", {"systolic": 182, "diastolic": 112})
    reading = record_reading(
        store, resident, "blood_pressure", judgement.values, judgement=judgement
    )
    [event] = [e for e in outbox.events(store) if e.kind == "reading.record"]
    return reading.id, event.event_id


def test_an_applied_reading_is_reported_sent(store: Store, residents: dict[str, Resident]) -> None:
    resident = next(iter(residents.values()))
    reading_id, event_id = _reading_event(store, resident)
    changes = record_results(store, [EventAnswer(event_id, True)])
    assert changes.readings_sent == [reading_id]
    assert changes


def test_a_refused_reading_is_not_reported_sent(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = next(iter(residents.values()))
    _, event_id = _reading_event(store, resident)
    changes = record_results(store, [EventAnswer(event_id, False, error="bad reading")])
    assert changes.readings_sent == []
    assert changes.rejected == [event_id]
