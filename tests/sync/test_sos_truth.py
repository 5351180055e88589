"""An emergency call against a real center process, killed in the middle: the kiosk's record
of the call (app.emergency) never says more than the center has answered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.emergency import RECEIVE_WITHIN_S, load_call, phase, raise_sos, withdraw_sos
from tests.helpers.center import EnrolledKiosk, StaffApi

pytestmark = pytest.mark.slow
SYNC_TIMEOUT_S = 30.0


def test_a_call_raised_while_the_center_is_down_is_received_when_it_is_back_and_answered(
    enrolled_kiosk: EnrolledKiosk, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    threads = sync_threads(store, kiosk.client)
    threads.wait_drained(SYNC_TIMEOUT_S)
    center.terminate(grace_s=0.1)  # killed, not drained

    sos = raise_sos(store, kiosk.residents["10001"], device_location="hall")
    threads.worker.wake()
    threads.wait_for(
        lambda: (s := threads.reported.statuses) and not s[-1].online and s[-1].pending,
        SYNC_TIMEOUT_S,
        "the worker to try, fail and say it is offline",
    )
    call = load_call(store, sos.id)
    assert call is not None and not call.received
    assert phase(call, call.created_at + timedelta(seconds=1)) == "calling"
    later = call.created_at + timedelta(seconds=RECEIVE_WITHIN_S)
    assert phase(call, later) == "not_received"

    center.start()
    threads.worker.network_back()
    received = threads.wait_for(
        lambda: (c := load_call(store, sos.id)) is not None and c.received and c,
        SYNC_TIMEOUT_S,
        "the center to have the call",
    )
    assert received.ack_within_s is not None and received.ack_within_s >= 1
    assert phase(received, received.received_at) == "received"  # type: ignore[arg-type]
    [seen] = [s for s in staff_api.get("/sos").json() if s["sos_id"] == sos.id]
    assert seen["acknowledged_by"] is None

    answer = staff_api.post(f"/sos/{sos.id}/ack", {"action": "phoning"})
    assert answer.status_code == 200, answer.text
    answered = threads.wait_for(
        lambda: (c := load_call(store, sos.id)) is not None and c.acknowledged_by and c,
        SYNC_TIMEOUT_S,
        "the acknowledgement to reach the kiosk",
    )
    assert answered.acknowledged_by == "Wang Fang"
    assert answered.action == "phoning"
    assert phase(answered, answered.created_at) == "answered"


def test_a_withdrawn_call_is_seen_withdrawn_by_staff(
    enrolled_kiosk: EnrolledKiosk, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store = enrolled_kiosk, enrolled_kiosk.store
    sos = raise_sos(store, None, device_location="hall")
    threads = sync_threads(store, kiosk.client)
    threads.wait_for(
        lambda: (c := load_call(store, sos.id)) is not None and c.received,
        SYNC_TIMEOUT_S,
        "the center to have the call",
    )

    withdraw_sos(store, sos.id)
    threads.worker.wake()
    threads.wait_for(
        lambda: (c := load_call(store, sos.id)) is not None and c.withdraw_received,
        SYNC_TIMEOUT_S,
        "the center to know the resident is fine",
    )
    # Staff still see it until one of them closes it, marked withdrawn.
    [seen] = [s for s in staff_api.get("/sos").json() if s["sos_id"] == sos.id]
    assert seen["withdrawn_at"] is not None
