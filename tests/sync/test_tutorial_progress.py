"""A resident continues a lesson on another kiosk: kiosk A's progress reaches a real center
process through the outbox, kiosk B asks for it when the resident opens Learn and merges it,
the furthest winning; a repeated event counts once; without the center B works from its own
rows; the center answers only enrolled kiosks and well-formed cards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from app import outbox
from app.demo import seed_demo
from app.people import Resident, find_by_card
from app.store import Store
from app.tutorials import load_lessons, progress_for, record_progress, resume_step
from sync.client import CenterClient, Refused, Retryable
from sync.protocol import API_PREFIX
from sync.tutorials import fetch_progress, progress_fetcher, pull_progress
from tests.helpers.center import CenterProcess, EnrolledKiosk, StaffApi, SyncThreads, free_port

pytestmark = pytest.mark.slow  # a center server process
LESSONS = load_lessons().lessons
CARD = "10001"


@pytest.fixture
def second_kiosk(center: CenterProcess, tmp_path: Path) -> Iterator[EnrolledKiosk]:
    """Another kiosk of the same center, with its own store of the demo residents."""
    store = Store(tmp_path / "kiosk-b.sqlite3")
    seed_demo(store)
    staff = StaffApi(center, center.staff_token())
    try:
        code = staff.post("/enrolment-codes").json()["code"]
    finally:
        staff.close()
    client = CenterClient(center.url)
    enrolled = client.enrol(code, "kiosk B", "kiosk")
    client.token = enrolled.token
    resident = find_by_card(store, CARD)
    assert resident is not None
    yield EnrolledKiosk(center, store, client, enrolled.device_id, enrolled.token, {CARD: resident})
    client.close()
    store.close()


def send_all(kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads]) -> None:
    threads = sync_threads(kiosk.store, kiosk.client, listen=False)
    status = threads.wait_drained(30)
    assert status.failed == 0, status


def test_a_lesson_continues_on_another_kiosk(
    enrolled_kiosk: EnrolledKiosk,
    second_kiosk: EnrolledKiosk,
    sync_threads: Callable[..., SyncThreads],
) -> None:
    a, b = enrolled_kiosk, second_kiosk
    pay = LESSONS["scan_to_pay"]
    on_a: Resident = a.residents[CARD]
    on_b: Resident = b.residents[CARD]
    for step in range(5):
        record_progress(a.store, on_a, pay, step)
    record_progress(a.store, on_a, LESSONS["phone_scams"], 7, practised=True, mastered=True)
    send_all(a, sync_threads)

    before = {e.event_id for e in outbox.events(b.store)}
    pulled = pull_progress(b.store, progress_fetcher(b.client), on_b)
    assert set(pulled.lessons) == {"scan_to_pay", "phone_scams"} and pulled.skipped == 0
    here = progress_for(b.store, on_b)
    assert here["scan_to_pay"].step == 4
    assert resume_step(here["scan_to_pay"], pay) == 4
    assert here["phone_scams"].practised and here["phone_scams"].mastered
    assert {e.event_id for e in outbox.events(b.store)} == before  # merged, not sent back

    # B goes further and practises; A, asked again, takes it.
    record_progress(b.store, on_b, pay, 6, practised=True)
    send_all(b, sync_threads)
    pull_progress(a.store, progress_fetcher(a.client), on_a)
    there = progress_for(a.store, on_a)["scan_to_pay"]
    assert (there.step, there.completed, there.practised, there.mastered) == (6, True, True, False)


def test_an_event_sent_twice_counts_once(
    enrolled_kiosk: EnrolledKiosk, sync_threads: Callable[..., SyncThreads]
) -> None:
    kiosk = enrolled_kiosk
    record_progress(kiosk.store, kiosk.residents[CARD], LESSONS["taxi"], 3)
    [event] = [e for e in outbox.events(kiosk.store) if e.kind == "tutorial.progress"]
    wire = {
        "event_id": event.event_id,
        "kind": event.kind,
        "payload": event.payload,
        "created_at": event.created_at,
    }
    first = kiosk.client.send_events([wire])
    again = kiosk.client.send_events([wire])
    assert first.results[0].status == "applied" and again.results[0].duplicate
    stored = kiosk.center.scalar("SELECT count(*) FROM records WHERE kind = 'tutorial.progress'")
    assert stored == 1
    [kept] = fetch_progress(kiosk.client, CARD)
    assert (kept["lesson_id"], kept["step"]) == ("taxi", 3)


def test_an_unreadable_stored_record_is_left_out(enrolled_kiosk: EnrolledKiosk) -> None:
    kiosk = enrolled_kiosk
    engine = create_engine(kiosk.center.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO records (id, device_id, kind, payload, received_at)"
                    " VALUES (:id, :device, 'tutorial.progress', :payload, 0)"
                ),
                [
                    {"id": "bad-1", "device": kiosk.device_id, "payload": "{not json"},
                    {
                        "id": "bad-2",
                        "device": kiosk.device_id,
                        "payload": '{"resident_card": "10001", "lesson_id": "taxi", "step": 9,'
                        ' "steps": 7, "recorded_at": "x"}',
                    },
                    {
                        "id": "good",
                        "device": kiosk.device_id,
                        "payload": '{"resident_card": "10001", "lesson_id": "taxi", "step": 2,'
                        ' "steps": 7, "recorded_at": "2026-12-05T01:00:00+00:00"}',
                    },
                ],
            )
    finally:
        engine.dispose()
    assert [(r["lesson_id"], r["step"]) for r in fetch_progress(kiosk.client, CARD)] == [
        ("taxi", 2)
    ]


def test_without_the_center_the_kiosk_keeps_its_own(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents[CARD]
    record_progress(store, resident, LESSONS["taxi"], 2)
    nowhere = CenterClient(f"http://127.0.0.1:{free_port()}", "token", timeout=(1.0, 1.0))
    with pytest.raises(Retryable):
        pull_progress(store, progress_fetcher(nowhere), resident)
    assert progress_for(store, resident)["taxi"].step == 2


def test_only_enrolled_kiosks_are_answered_and_cards_are_checked(
    enrolled_kiosk: EnrolledKiosk,
) -> None:
    kiosk = enrolled_kiosk
    stranger = CenterClient(kiosk.center.url, "not-a-token")
    try:
        with pytest.raises(Refused):
            fetch_progress(stranger, CARD)
    finally:
        stranger.close()
    url = f"{kiosk.center.url}{API_PREFIX}/tutorials/progress"
    headers: dict[str, Any] = {"Authorization": f"Bearer {kiosk.token}"}
    for card in ("12", "abc1234", "1" * 21):
        answer = requests.get(url, params={"card": card}, headers=headers, timeout=10)
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "invalid"
    assert fetch_progress(kiosk.client, "99998888") == []
