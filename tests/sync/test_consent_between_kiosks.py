"""A resident's consent answer given at one kiosk holds at every kiosk, through the real sync
threads and a running center: a withdrawal at the hall's kiosk makes the clinic's refuse to
keep a reading of theirs, a yes at the clinic means the hall does not ask again, and neither
kiosk sends the other's answer back to the center."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import outbox
from app.delivery import updates_cursor
from app.demo import seed_demo
from app.people import find_by_card
from app.privacy.consent import EVENT_KIND, HEALTH_READINGS, current_consent, record_consent
from app.store import Store
from app.vitals import ReadingError, may_record
from sync.client import CenterClient
from tests.helpers.center import CenterProcess, EnrolledKiosk, StaffApi, SyncThreads
from tests.helpers.privacy import WORDING
from tests.helpers.queries import fetch_all
from tests.helpers.vitals import save_reading

SYNC_TIMEOUT_S = 20.0
ASKED, NOT_ASKED = "10001", "10004"  # the demo residents: 10004 has not answered yet


@pytest.fixture
def clinic_store(tmp_path: Path) -> Iterator[Store]:
    """A second kiosk's store, with the same demo residents."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    store = Store(folder / "kiosk.sqlite3")
    seed_demo(store)
    yield store
    store.close()


@pytest.fixture
def clinic_client(center: CenterProcess, staff_api: StaffApi) -> Iterator[CenterClient]:
    made = staff_api.post("/enrolment-codes")
    assert made.status_code == 200, made.text
    client = CenterClient(center.url)
    client.token = client.enrol(made.json()["code"], "clinic kiosk", "kiosk").token
    yield client
    client.close()


def consent_events(store: Store) -> list[dict]:
    return fetch_all(store, "SELECT event_id FROM outbox WHERE kind = ?", (EVENT_KIND,))


def test_a_withdrawal_at_one_kiosk_stops_readings_at_another(
    enrolled_kiosk: EnrolledKiosk,
    clinic_store: Store,
    clinic_client: CenterClient,
    sync_threads,
) -> None:
    hall = enrolled_kiosk
    hall_threads: SyncThreads = sync_threads(hall.store, hall.client)
    clinic_threads: SyncThreads = sync_threads(clinic_store, clinic_client)
    at_clinic = find_by_card(clinic_store, ASKED)
    assert at_clinic is not None
    assert may_record(clinic_store, at_clinic)

    record_consent(
        hall.store,
        hall.residents[ASKED],
        HEALTH_READINGS,
        granted=False,
        wording_version=WORDING,
    )
    hall_threads.worker.wake()  # as the kiosk does once it has written to its outbox
    clinic_threads.wait_for(
        lambda: not may_record(clinic_store, at_clinic),
        SYNC_TIMEOUT_S,
        "the withdrawal to reach the clinic's kiosk",
    )
    readings_before = fetch_all(clinic_store, "SELECT id FROM readings")
    with pytest.raises(ReadingError) as refused:
        save_reading(clinic_store, at_clinic, "blood_pressure")
    assert refused.value.reason == "no_consent"
    assert fetch_all(clinic_store, "SELECT id FROM readings") == readings_before
    assert fetch_all(clinic_store, "SELECT 1 FROM outbox WHERE kind = 'reading.record'") == []
    assert consent_events(clinic_store) == []  # kept, not sent back to the center

    # The hall's own answer comes back to it too, and changes nothing there.
    seq = int(
        hall.center.scalar("SELECT max(seq) FROM updates WHERE kind = 'resident.consent'") or 0
    )
    assert seq > 0
    hall_threads.wait_for(
        lambda: updates_cursor(hall.store) >= seq, SYNC_TIMEOUT_S, "the hall to read it back"
    )
    assert len(consent_events(hall.store)) == 1
    assert not may_record(hall.store, hall.residents[ASKED])


def test_a_yes_at_one_kiosk_means_another_does_not_ask_again(
    enrolled_kiosk: EnrolledKiosk,
    clinic_store: Store,
    clinic_client: CenterClient,
    sync_threads,
) -> None:
    hall = enrolled_kiosk
    hall_threads: SyncThreads = sync_threads(hall.store, hall.client)
    clinic_threads: SyncThreads = sync_threads(clinic_store, clinic_client)
    at_clinic = find_by_card(clinic_store, NOT_ASKED)
    assert at_clinic is not None
    assert current_consent(hall.store, hall.residents[NOT_ASKED], HEALTH_READINGS) is None

    given = record_consent(
        clinic_store, at_clinic, HEALTH_READINGS, granted=True, wording_version=WORDING
    )
    clinic_threads.worker.wake()
    kept = hall_threads.wait_for(
        lambda: current_consent(hall.store, hall.residents[NOT_ASKED], HEALTH_READINGS),
        SYNC_TIMEOUT_S,
        "the answer to reach the hall's kiosk",
    )
    assert kept is not None
    assert (kept.id, kept.granted, kept.recorded_at) == (given.id, True, given.recorded_at)
    assert may_record(hall.store, hall.residents[NOT_ASKED])
    assert consent_events(hall.store) == []
    assert outbox.queue_state(hall.store).failed == 0
