"""An answer given at another kiosk reaches this one as a ``resident.consent`` update: it is
kept once, the newest answer by when it was given holds, nothing goes back to the center, and
an update that cannot be kept is logged and skipped while the rest apply."""

from __future__ import annotations

import logging
import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app import outbox
from app.delivery import apply_updates, updates_cursor
from app.people import Resident
from app.privacy.consent import (
    HEALTH_READINGS,
    UPDATE_KIND,
    current_consent,
    has_consent,
    history,
    record_consent,
)
from app.store import Store
from app.vitals import may_record
from sync.protocol import ConsentRecord
from tests.helpers.privacy import WORDING

ASKED, NOT_ASKED = "10001", "10004"  # the demo residents: 10004 has not answered yet
# The demo residents' consents are recorded when a test's store is made (now): the center's
# answers here come after them, as they would, whatever the day and hour the tests run.
NOON = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
MORNING = NOON - timedelta(hours=3)
AFTERNOON = NOON + timedelta(hours=3)


def answer(card: str, granted: bool, at: datetime, **changes: Any) -> dict[str, Any]:
    """A ``resident.consent`` payload as the center sends it (the kiosk's ConsentRecord)."""
    record = ConsentRecord(
        consent_id=uuid.uuid4(),
        resident_card=card,
        purpose="health_readings",
        granted=granted,
        wording_version=WORDING,
        recorded_by="resident",
        recorded_at=at.timestamp(),
    ).model_dump(mode="json")
    record.update(changes)
    return record


class Center:
    """Numbers updates as the center does, so each page moves the kiosk's cursor on."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seq = 0

    def send(self, *payloads: Any, kind: str = UPDATE_KIND) -> Any:
        updates = []
        for payload in payloads:
            self.seq += 1
            updates.append({"seq": self.seq, "kind": kind, "payload": payload, "created_at": 1.0})
        changes = apply_updates(self.store, updates, self.seq)
        assert updates_cursor(self.store) == self.seq
        return changes


def test_an_answer_from_another_kiosk_holds_here_without_an_event(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents[NOT_ASKED]
    assert not may_record(store, resident)
    before = outbox.queue_state(store).pending

    changes = Center(store).send(answer(NOT_ASKED, True, MORNING))

    assert may_record(store, resident)
    assert changes.consent_changed == [NOT_ASKED]
    assert bool(changes)
    kept = current_consent(store, resident, HEALTH_READINGS)
    assert kept is not None
    assert (kept.granted, kept.wording_version, kept.recorded_by, kept.recorded_at) == (
        True,
        WORDING,
        "resident",
        MORNING,
    )
    assert outbox.queue_state(store).pending == before  # the center has it: no echo


def test_a_withdrawal_elsewhere_stops_readings_here(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents[ASKED]
    assert may_record(store, resident)
    Center(store).send(answer(ASKED, False, NOON))
    assert not may_record(store, resident)


def test_the_same_answer_twice_is_kept_once(store: Store, residents: dict[str, Resident]) -> None:
    resident = residents[NOT_ASKED]
    center = Center(store)
    yes = answer(NOT_ASKED, True, MORNING)
    assert center.send(yes).consent_changed == [NOT_ASKED]
    again = center.send(yes, dict(yes))
    assert not again.consent_changed
    assert len(history(store, resident)) == 1


def test_this_kiosks_own_answer_coming_back_changes_nothing(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents[NOT_ASKED]
    mine = record_consent(
        store, resident, HEALTH_READINGS, granted=True, wording_version=WORDING, now=MORNING
    )
    sent = outbox.queue_state(store).pending
    back = answer(NOT_ASKED, True, MORNING, consent_id=mine.id)
    changes = Center(store).send(back)
    assert not changes.consent_changed
    assert history(store, resident) == [mine]
    assert outbox.queue_state(store).pending == sent


def test_the_newest_answer_by_when_given_holds_whatever_arrives_last(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents[NOT_ASKED]
    record_consent(
        store, resident, HEALTH_READINGS, granted=False, wording_version=WORDING, now=NOON
    )
    center = Center(store)
    # A yes given earlier elsewhere arrives after this kiosk's later no: the no holds.
    center.send(answer(NOT_ASKED, True, MORNING))
    assert not has_consent(store, resident, HEALTH_READINGS)
    assert len(history(store, resident)) == 2
    # A yes given after it, elsewhere, holds.
    center.send(answer(NOT_ASKED, True, AFTERNOON))
    assert has_consent(store, resident, HEALTH_READINGS)


BAD: list[tuple[str, dict[str, Any]]] = [
    ("no id", {"consent_id": "not-an-id"}),
    ("no card", {"resident_card": "12ab"}),
    ("unknown purpose", {"purpose": "advertising"}),
    ("granted as text", {"granted": "yes"}),
    ("granted as a number", {"granted": 1}),
    ("unknown recorder", {"recorded_by": "neighbour"}),
    ("empty wording", {"wording_version": "  "}),
    ("long wording", {"wording_version": "v" * 41}),
    ("wording as a number", {"wording_version": 3}),
    ("staff name as a list", {"staff_name": ["x"]}),
    ("time as text", {"recorded_at": "today"}),
    ("time as true", {"recorded_at": True}),
    ("time NaN", {"recorded_at": math.nan}),
    ("time infinite", {"recorded_at": math.inf}),
    ("time negative", {"recorded_at": -1.0}),
    ("time beyond any calendar", {"recorded_at": 1e300}),
]


@pytest.mark.parametrize(("what", "change"), BAD, ids=[what for what, _ in BAD])
def test_a_bad_answer_is_logged_and_skipped_and_the_rest_apply(
    store: Store,
    residents: dict[str, Resident],
    caplog: pytest.LogCaptureFixture,
    what: str,
    change: dict[str, Any],
) -> None:
    resident = residents[NOT_ASKED]
    bad = {**answer(NOT_ASKED, True, MORNING), **change}
    good = answer("10002", False, NOON)
    with caplog.at_level(logging.WARNING, logger="app.privacy.consent"):
        changes = Center(store).send(bad, good)
    assert changes.consent_changed == ["10002"]
    assert history(store, resident) == []
    assert not may_record(store, residents["10002"])
    assert any(UPDATE_KIND in r.getMessage() for r in caplog.records), what


def test_a_payload_missing_fields_or_not_an_object_is_skipped(
    store: Store, residents: dict[str, Resident], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        changes = Center(store).send({}, "not an object", {"resident_card": NOT_ASKED})
    assert not changes
    assert history(store, residents[NOT_ASKED]) == []
    assert len([r for r in caplog.records if UPDATE_KIND in r.getMessage()]) == 3


def test_an_answer_for_a_resident_not_held_here_is_skipped(
    store: Store, residents: dict[str, Resident], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="app.privacy.consent"):
        changes = Center(store).send(answer("99999", False, NOON))
    assert not changes
    assert any("99999" in r.getMessage() for r in caplog.records)
