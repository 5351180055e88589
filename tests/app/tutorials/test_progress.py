"""Residents' progress in lessons: kept with its outbox event in one transaction, never
going backwards, resumed where left off, and merged with progress made on another kiosk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import outbox
from app.people import Resident
from app.store import Store, StoreError
from app.tutorials import (
    Lesson,
    Progress,
    ProgressError,
    merge_center_progress,
    progress_for,
    record_progress,
    resume_step,
)
from sync.protocol import TutorialProgress
from tests.helpers.queries import count_rows

MORNING = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)


def later(minutes: int) -> datetime:
    return MORNING + timedelta(minutes=minutes)


def progress_events(store: Store) -> list[outbox.OutboxEvent]:
    return [e for e in outbox.events(store) if e.kind == "tutorial.progress"]


def test_the_first_step_starts_a_lesson_with_its_event(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10001"]

    progress = record_progress(store, resident, scan_to_pay, 0, now=MORNING)

    assert progress == Progress(
        lesson_id="scan_to_pay",
        step=0,
        steps=7,
        completed=False,
        practised=False,
        mastered=False,
        started_at=MORNING,
        updated_at=MORNING,
    )
    assert progress.steps_done == 1
    assert progress_for(store, resident) == {"scan_to_pay": progress}
    [event] = progress_events(store)
    assert event.state == "pending"
    assert event.created_at == MORNING.timestamp()
    wire = TutorialProgress.model_validate(event.payload)
    assert wire.model_dump() == {
        "resident_card": "10001",
        "lesson_id": "scan_to_pay",
        "step": 0,
        "steps": 7,
        "completed": False,
        "practised": False,
        "mastered": False,
        "recorded_at": "2026-12-05T01:00:00.000+00:00",
    }
    assert set(event.payload) == set(TutorialProgress.model_fields)


def test_progress_only_grows_and_unchanged_progress_sends_nothing(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10001"]
    record_progress(store, resident, scan_to_pay, 0, now=MORNING)
    record_progress(store, resident, scan_to_pay, 3, now=later(1))

    back = record_progress(store, resident, scan_to_pay, 1, now=later(2))
    again = record_progress(store, resident, scan_to_pay, 3, now=later(3))

    assert back.step == again.step == 3
    assert back.updated_at == later(1)  # nothing changed, nothing written
    assert [e.payload["step"] for e in progress_events(store)] == [0, 3]


def test_practised_mastered_and_completed_are_kept_once_set(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10002"]
    record_progress(store, resident, scan_to_pay, 1, practised=True, now=MORNING)
    last = len(scan_to_pay.steps) - 1

    done = record_progress(store, resident, scan_to_pay, last, mastered=True, now=later(5))
    after = record_progress(store, resident, scan_to_pay, 2, now=later(9))

    assert (done.completed, done.practised, done.mastered) == (True, True, True)
    assert after == done
    assert done.started_at == MORNING
    events = progress_events(store)
    assert [(e.payload["step"], e.payload["completed"]) for e in events] == [(1, False), (6, True)]
    for event in events:
        TutorialProgress.model_validate(event.payload)


def test_each_resident_has_their_own_progress(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    record_progress(store, residents["10001"], scan_to_pay, 4, now=MORNING)

    assert progress_for(store, residents["10002"]) == {}
    assert progress_for(store, residents["10001"])["scan_to_pay"].step == 4


@pytest.mark.parametrize("step", [-1, 7, 99, True, 2.0])
def test_a_step_outside_the_lesson_is_refused_and_nothing_written(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson, step: object
) -> None:
    with pytest.raises(ProgressError, match="not a step of 'scan_to_pay'"):
        record_progress(store, residents["10001"], scan_to_pay, step, now=MORNING)  # type: ignore[arg-type]

    assert count_rows(store, "tutorial_progress") == 0
    assert progress_events(store) == []


def test_the_row_and_its_event_are_written_together_or_not_at_all(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10001"]
    record_progress(store, resident, scan_to_pay, 1, now=MORNING)
    with store.transaction() as conn:
        conn.execute(
            "CREATE TRIGGER refuse_events BEFORE INSERT ON outbox"
            " BEGIN SELECT RAISE(ABORT, 'the outbox refuses'); END"
        )

    with pytest.raises(StoreError):
        record_progress(store, resident, scan_to_pay, 5, now=later(1))

    assert progress_for(store, resident)["scan_to_pay"].step == 1
    assert len(progress_events(store)) == 1


# -- resuming ----------------------------------------------------------------------------


def test_a_lesson_resumes_where_it_was_left(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10001"]
    assert resume_step(None, scan_to_pay) == 0

    progress = record_progress(store, resident, scan_to_pay, 4, now=MORNING)
    assert resume_step(progress, scan_to_pay) == 4

    finished = record_progress(store, resident, scan_to_pay, 6, now=later(1))
    assert resume_step(finished, scan_to_pay) == 0  # a finished lesson starts again


def test_a_lesson_that_became_shorter_resumes_at_its_last_step(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    from dataclasses import replace

    progress = record_progress(store, residents["10001"], scan_to_pay, 5, now=MORNING)
    shorter = replace(scan_to_pay, steps=scan_to_pay.steps[:3])

    assert resume_step(progress, shorter) == 2
    again = record_progress(store, residents["10001"], shorter, 1, now=later(1))
    assert (again.step, again.steps, again.completed) == (2, 3, True)
    TutorialProgress.model_validate(progress_events(store)[-1].payload)


# -- progress made on another kiosk -------------------------------------------------------


def center_record(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "resident_card": "10001",
        "lesson_id": "scan_to_pay",
        "step": 5,
        "steps": 7,
        "completed": False,
        "recorded_at": "2026-12-05T02:00:00.000+00:00",
    }
    record.update(changes)
    TutorialProgress.model_validate(record)
    return record


def test_progress_from_another_kiosk_is_taken_when_it_is_further(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10001"]
    record_progress(store, resident, scan_to_pay, 2, practised=True, now=MORNING)

    merged = merge_center_progress(store, center_record())

    assert merged is not None
    assert (merged.step, merged.practised, merged.started_at) == (5, True, MORNING)
    assert merged.updated_at == datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    assert progress_for(store, resident)["scan_to_pay"] == merged
    assert len(progress_events(store)) == 1  # the center knows already: nothing sent back
    assert resume_step(merged, scan_to_pay) == 5


def test_progress_from_another_kiosk_never_takes_this_kiosks_back(
    store: Store, residents: dict[str, Resident], scan_to_pay: Lesson
) -> None:
    resident = residents["10001"]
    here = record_progress(store, resident, scan_to_pay, 6, mastered=True, now=later(200))

    merged = merge_center_progress(store, center_record(step=3))

    assert merged is not None
    assert (merged.step, merged.completed, merged.mastered) == (6, True, True)
    assert merged.updated_at == here.updated_at
    assert merged.started_at == datetime(2026, 12, 5, 2, 0, tzinfo=UTC)  # started earlier there


def test_progress_for_a_lesson_not_started_here_is_kept(
    store: Store, residents: dict[str, Resident]
) -> None:
    merged = merge_center_progress(
        store, center_record(lesson_id="taxi", step=6, completed=True, mastered=True)
    )

    assert merged is not None
    assert progress_for(store, residents["10001"])["taxi"] == merged
    assert merged.mastered and merged.completed


def test_progress_of_a_resident_unknown_here_is_skipped(store: Store) -> None:
    assert merge_center_progress(store, center_record(resident_card="99999")) is None
    assert count_rows(store, "tutorial_progress") == 0


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"resident_card": None}, "'resident_card' must be a str"),
        ({"resident_card": "12"}, "not a card number"),
        ({"lesson_id": "../etc"}, "lesson id"),
        ({"step": 7}, "step 7 of 7"),
        ({"step": "5"}, "'step' must be a whole number"),
        ({"steps": 0, "step": 0}, "step 0 of 0"),
        ({"completed": "yes"}, "'completed' must be a bool"),
        ({"recorded_at": "yesterday"}, "not a time"),
        ({"recorded_at": "2026-12-05T02:00:00"}, "no time zone"),
    ],
)
def test_a_malformed_record_from_the_center_is_refused_plainly(
    store: Store, residents: dict[str, Resident], changes: dict[str, object], words: str
) -> None:
    record = {**center_record(), **changes}

    with pytest.raises(ProgressError, match="progress from the center") as excinfo:
        merge_center_progress(store, record)

    assert words in str(excinfo.value)
    assert count_rows(store, "tutorial_progress") == 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    visits=st.lists(
        st.tuples(st.integers(0, 6), st.booleans(), st.booleans()), min_size=1, max_size=12
    )
)
def test_progress_is_the_furthest_of_every_visit(
    store: Store,
    residents: dict[str, Resident],
    scan_to_pay: Lesson,
    visits: list[tuple[int, bool, bool]],
) -> None:
    resident = residents["10003"]
    with store.transaction() as conn:
        conn.execute("DELETE FROM tutorial_progress")
        conn.execute("DELETE FROM outbox")

    for minute, (step, practised, mastered) in enumerate(visits):
        progress = record_progress(
            store,
            resident,
            scan_to_pay,
            step,
            practised=practised,
            mastered=mastered,
            now=later(minute),
        )

    assert progress.step == max(step for step, _, _ in visits)
    assert progress.practised == any(p for _, p, _ in visits)
    assert progress.mastered == any(m for _, _, m in visits)
    assert progress.completed == (progress.step == 6)
    steps_sent = [e.payload["step"] for e in progress_events(store)]
    assert steps_sent == sorted(steps_sent)
    assert steps_sent[-1] == progress.step
