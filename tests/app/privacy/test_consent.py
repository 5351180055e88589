"""Consent: a resident's answer about each use of their data, with the words' version, who
recorded it and when, each withdrawal, and the event that tells the center; health readings
are kept and sent only with a yes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app import outbox
from app.people import Resident
from app.privacy.consent import (
    CALL_RECORDING,
    EVENT_KIND,
    HEALTH_READINGS,
    ConsentError,
    current_consent,
    has_consent,
    history,
    record_consent,
)
from app.store import Store
from app.vitals import ReadingError, may_record
from sync.protocol import EVENT_PAYLOADS, ConsentRecord
from tests.helpers.privacy import WORDING, agreed
from tests.helpers.queries import fetch_all
from tests.helpers.vitals import save_reading

ASKED, NOT_ASKED = "10001", "10004"  # the demo residents: 10004 has not answered yet
MORNING = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def test_nobody_has_agreed_until_they_answer(store: Store, residents: dict[str, Resident]) -> None:
    resident = residents[NOT_ASKED]
    assert may_record(store, residents[ASKED])
    assert current_consent(store, resident, HEALTH_READINGS) is None
    assert not has_consent(store, resident, HEALTH_READINGS)
    assert not may_record(store, resident)


def test_an_answer_and_its_withdrawal_are_kept_and_sent(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident, other = residents[NOT_ASKED], residents["10002"]
    yes = record_consent(
        store, resident, HEALTH_READINGS, granted=True, wording_version=WORDING, now=MORNING
    )
    assert has_consent(store, resident, HEALTH_READINGS) and may_record(store, resident)
    assert not has_consent(store, resident, CALL_RECORDING)  # one purpose at a time
    assert not has_consent(store, other, CALL_RECORDING)
    no = record_consent(
        store,
        resident,
        HEALTH_READINGS,
        granted=False,
        wording_version=WORDING,
        recorded_by="staff",
        staff_name="  王  护士 ",
        now=NOON,
    )
    assert not may_record(store, resident)
    assert history(store, resident) == [yes, no]
    assert (no.recorded_by, no.staff_name) == ("staff", "王 护士")

    events = [e for e in outbox.events(store) if e.kind == EVENT_KIND]
    assert [e.payload["granted"] for e in events] == [True, False]
    for event in events:
        wire = ConsentRecord.model_validate(event.payload)  # as the center reads it
        assert wire.resident_card == NOT_ASKED and wire.purpose == HEALTH_READINGS
    assert EVENT_PAYLOADS[EVENT_KIND] is ConsentRecord
    assert events[1].payload["recorded_at"] == NOON.timestamp()


@pytest.mark.parametrize(
    ("purpose", "recorded_by", "staff_name", "version"),
    [
        ("advertising", "resident", "", WORDING),
        (HEALTH_READINGS, "family", "", WORDING),
        (HEALTH_READINGS, "staff", "  ", WORDING),
        (HEALTH_READINGS, "resident", "", "   "),
        (HEALTH_READINGS, "resident", "", "v" * 41),
    ],
)
def test_an_answer_that_cannot_be_recorded_as_given_is_refused_and_nothing_kept(
    store: Store,
    residents: dict[str, Resident],
    purpose: str,
    recorded_by: str,
    staff_name: str,
    version: str,
) -> None:
    with pytest.raises(ConsentError):
        record_consent(
            store,
            residents[NOT_ASKED],
            purpose,
            granted=True,
            wording_version=version,
            recorded_by=recorded_by,
            staff_name=staff_name,
        )
    assert fetch_all(store, "SELECT * FROM consents WHERE resident_id = 4") == []
    assert outbox.events(store) == []


def test_a_reading_without_consent_is_neither_kept_nor_sent(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents[NOT_ASKED]
    with pytest.raises(ReadingError) as refused:
        save_reading(store, resident, "blood_pressure")
    assert refused.value.reason == "no_consent"
    assert fetch_all(store, "SELECT * FROM readings") == []
    assert outbox.events(store) == []

    agreed(store, resident)
    saved = save_reading(store, resident, "blood_pressure")
    agreed(store, resident, granted=False)  # withdrawn: the next one is not kept
    with pytest.raises(ReadingError):
        save_reading(store, resident, "heart_rate")
    kept = fetch_all(store, "SELECT id FROM readings")
    assert [row["id"] for row in kept] == [saved.id]
    sent = [e for e in outbox.events(store) if e.kind == "reading.record"]
    assert [json.dumps(e.payload["reading_id"]) for e in sent] == [json.dumps(saved.id)]
