"""The center's gathering of a resident's lesson progress from the stored events: per lesson
the furthest step and every flag, the same however often and in whatever order the events
came; another resident's and unreadable records left out."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from server.tutorials import gather


def record(step: int, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "resident_card": "10001",
        "lesson_id": "scan_to_pay",
        "step": step,
        "steps": 7,
        "completed": step == 6,
        "recorded_at": f"2026-12-05T0{min(step, 9)}:00:00.000+00:00",
    }
    payload.update(changes)
    return payload


def test_the_furthest_step_and_every_flag_win() -> None:
    kept = gather(
        [
            json.dumps(record(4)),
            json.dumps(record(2, practised=True)),  # another kiosk, practised earlier
            json.dumps(record(1, lesson_id="taxi")),
        ],
        "10001",
    )
    assert kept.resident_card == "10001"
    assert [(r.lesson_id, r.step, r.practised, r.mastered) for r in kept.lessons] == [
        ("scan_to_pay", 4, True, False),
        ("taxi", 1, False, False),
    ]
    assert kept.lessons[0].recorded_at == "2026-12-05T04:00:00.000+00:00"


def test_old_kiosks_events_without_the_flags_read_as_not_yet() -> None:
    kept = gather([json.dumps(record(3))], "10001")
    assert not kept.lessons[0].practised and not kept.lessons[0].mastered


def test_other_residents_and_unreadable_records_are_left_out() -> None:
    kept = gather(
        [
            json.dumps(record(2)),
            json.dumps(record(5, resident_card="10002")),
            "{not json",
            json.dumps(record(9)),  # past the lesson's end
            json.dumps({"lesson_id": "taxi"}),
        ],
        "10001",
    )
    assert [(r.lesson_id, r.step) for r in kept.lessons] == [("scan_to_pay", 2)]


def test_nothing_known_is_an_empty_list() -> None:
    assert gather([], "10001").lessons == []


@given(
    st.lists(st.tuples(st.integers(0, 6), st.booleans(), st.booleans()), min_size=1, max_size=12),
    st.randoms(),
    st.integers(1, 3),
)
def test_order_and_repeats_do_not_change_the_answer(
    events: list[tuple[int, bool, bool]], shuffle: Any, repeats: int
) -> None:
    payloads = [json.dumps(record(s, practised=p, mastered=m)) for s, p, m in events]
    once = gather(payloads, "10001")
    again = payloads * repeats
    shuffle.shuffle(again)
    assert gather(again, "10001") == once
    [kept] = once.lessons
    assert kept.step == max(s for s, _, _ in events)
    assert kept.practised == any(p for _, p, _ in events)
    assert kept.mastered == any(m for _, _, m in events)
