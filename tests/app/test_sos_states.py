"""What the kiosk may say about an emergency call follows only the center's answers
(app.emergency.phase), on a clock the tests set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app import outbox
from app.delivery import EventAnswer, apply_updates, record_results
from app.emergency import (
    DEFAULT_ACK_WITHIN_S,
    RECEIVE_WITHIN_S,
    SosCall,
    direct_call,
    load_call,
    next_change,
    open_call,
    phase,
    raise_sos,
    received_directly,
    withdraw_sos,
)
from app.people import Resident
from app.store import Store

RAISED = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return RAISED + timedelta(seconds=seconds)


def the_event(store: Store, kind: str) -> str:
    [event] = [e for e in outbox.events(store) if e.kind == kind]
    return event.event_id


def status_update(seq: int, **payload: Any) -> dict[str, Any]:
    return {"seq": seq, "kind": "sos.status", "payload": payload, "created_at": 1.0}


def raised(store: Store, resident: Resident | None = None) -> str:
    return raise_sos(store, resident, device_location="3号楼大厅", now=RAISED).id


def test_a_call_is_calling_until_the_center_stores_it_and_says_so_after_15_s() -> None:
    call = SosCall("c", RAISED)

    assert phase(call, at(0)) == "calling"
    assert phase(call, at(RECEIVE_WITHIN_S - 0.1)) == "calling"
    assert phase(call, at(RECEIVE_WITHIN_S)) == "not_received"
    assert next_change(call, at(5)) == pytest.approx(RECEIVE_WITHIN_S - 5)
    assert next_change(call, at(20)) is None


def test_a_stored_call_waits_for_a_person_as_long_as_the_center_said() -> None:
    call = SosCall("c", RAISED, received_at=at(1), ack_within_s=60)

    assert phase(call, at(60)) == "received"
    assert next_change(call, at(31)) == pytest.approx(30)
    assert phase(call, at(61)) == "unanswered"


def test_without_the_centers_time_the_default_is_two_minutes() -> None:
    call = SosCall("c", RAISED, received_at=at(0))

    assert DEFAULT_ACK_WITHIN_S == 120
    assert phase(call, at(119)) == "received"
    assert phase(call, at(120)) == "unanswered"


def test_an_escalation_from_the_center_means_nobody_answered_whatever_the_clock() -> None:
    call = SosCall("c", RAISED, received_at=at(0), ack_within_s=600, step="all_staff")

    assert phase(call, at(1)) == "unanswered"


def test_a_person_answering_and_a_withdrawal_win_over_any_time() -> None:
    answered = SosCall("c", RAISED, received_at=at(0), acknowledged_by="王芳", step="contacts")
    withdrawn = SosCall("c", RAISED, acknowledged_by="王芳", withdrawn_at=at(3))

    assert phase(answered, at(9999)) == "answered"
    assert phase(withdrawn, at(1)) == "withdrawn"


def test_the_centers_answer_is_written_with_its_time_for_staff(
    store: Store, residents: dict[str, Resident]
) -> None:
    sos_id = raised(store, residents["10001"])
    assert phase(load_call(store, sos_id), at(0)) == "calling"  # type: ignore[arg-type]

    answer = EventAnswer(
        the_event(store, "sos.raise"), True, result={"sos_id": sos_id, "ack_within_s": 90}
    )
    changes = record_results(store, [answer])

    assert changes.sos == {sos_id: "sent"}
    call = load_call(store, sos_id)
    assert call is not None and call.received and call.ack_within_s == 90


@pytest.mark.parametrize("value", ["90", 0, -5, 99999, True, None, 1.5])
def test_a_nonsense_time_for_staff_falls_back_to_the_default(store: Store, value: Any) -> None:
    sos_id = raised(store)

    answer = EventAnswer(the_event(store, "sos.raise"), True, result={"ack_within_s": value})
    record_results(store, [answer])

    call = load_call(store, sos_id)
    assert call is not None and call.received and call.ack_within_s is None


def test_a_person_taking_the_call_is_named_with_what_they_do(store: Store) -> None:
    sos_id = raised(store)

    changes = apply_updates(
        store,
        [status_update(1, sos_id=sos_id, status="acknowledged", by="王芳", action="phoning")],
        1,
    )

    assert changes.sos == {sos_id: "acknowledged"}
    call = load_call(store, sos_id)
    assert call is not None
    assert (call.acknowledged_by, call.action) == ("王芳", "phoning")
    assert phase(call, at(1)) == "answered"


def test_an_escalation_step_is_kept_and_unknown_states_and_steps_are_left_out(
    store: Store,
) -> None:
    sos_id = raised(store)

    changes = apply_updates(
        store,
        [
            status_update(1, sos_id=sos_id, status="escalated", step="all_staff"),
            status_update(2, sos_id=sos_id, status="escalated", step="the_army"),
            status_update(3, sos_id=sos_id, status="teleported"),
            status_update(4, sos_id=sos_id, status="acknowledged", by=["x"], action="flying"),
        ],
        4,
    )

    call = load_call(store, sos_id)
    assert call is not None and call.step == "all_staff"
    # Taken by somebody: the kiosk says a person has it, with no name or action it invents.
    assert (call.acknowledged_by, call.action) == ("", None)
    assert changes.sos == {sos_id: "acknowledged"}


def test_a_withdrawal_is_saved_sent_first_and_known_when_the_center_has_it(
    store: Store, residents: dict[str, Resident]
) -> None:
    sos_id = raised(store, residents["10001"])

    withdraw_sos(store, sos_id, now=at(20))
    withdraw_sos(store, sos_id, now=at(25))  # a second tap changes nothing

    [event] = [e for e in outbox.events(store) if e.kind == "sos.withdraw"]
    assert event.priority == outbox.PRIORITY_SOS
    assert event.payload["sos_id"] == sos_id
    call = load_call(store, sos_id)
    assert call is not None and phase(call, at(21)) == "withdrawn"
    assert not call.withdraw_received

    changes = record_results(store, [EventAnswer(event.event_id, True)])

    assert changes.sos == {sos_id: "withdraw_received"}
    call = load_call(store, sos_id)
    assert call is not None and call.withdraw_received


def test_after_a_restart_the_open_call_comes_back_but_not_a_closed_or_old_one(
    store: Store,
) -> None:
    old = raise_sos(store, None, now=RAISED - timedelta(hours=3)).id
    sos_id = raised(store)
    assert old != sos_id

    call = open_call(store, now=at(60))
    assert call is not None and call.id == sos_id

    apply_updates(store, [status_update(1, sos_id=sos_id, status="acknowledged", by="王芳")], 1)
    assert open_call(store, now=at(60)) is None


def test_a_withdrawn_call_does_not_come_back(store: Store) -> None:
    sos_id = raised(store)
    withdraw_sos(store, sos_id, now=at(3))

    assert open_call(store, now=at(60)) is None


def test_a_call_sent_straight_to_the_center_carries_one_event_id(
    residents: dict[str, Resident],
) -> None:
    call, event = direct_call(residents["10001"], device_location="大厅", now=RAISED)

    assert call.direct and phase(call, at(1)) == "calling"
    assert event["kind"] == "sos.raise"
    assert event["payload"]["sos_id"] == call.id
    assert event["payload"]["resident_card"] == "10001"
    stored = received_directly(call, {"ack_within_s": 45}, at(2))
    assert phase(stored, at(3)) == "received"
    assert phase(stored, at(48)) == "unanswered"
