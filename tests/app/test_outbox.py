"""The outbox: events written with their rows, claimed SOS first, retried with full jitter."""

from __future__ import annotations

import random
import uuid

import pytest

from app import outbox
from app.outbox import PRIORITY_HELP, PRIORITY_NORMAL, PRIORITY_SOS, OutboxEvent, QueueState
from app.store import Store

# The retry policy the architecture asks for, per priority: (base seconds, cap seconds).
# SOS is retried fastest; the ceiling of attempt n is min(cap, base * 2**n).
BACKOFF_POLICY = {
    PRIORITY_SOS: (0.5, 5.0),
    PRIORITY_HELP: (1.0, 60.0),
    PRIORITY_NORMAL: (2.0, 300.0),
}

T0 = 1_700_000_000.0


def ceiling(priority: int, attempts: int) -> float:
    base, cap = BACKOFF_POLICY[priority]
    return min(cap, base * 2**attempts)


def add(
    store: Store,
    kind: str = "order.create",
    *,
    priority: int = PRIORITY_NORMAL,
    now: float = T0,
    **payload: object,
) -> str:
    with store.transaction() as conn:
        return outbox.enqueue(conn, kind, dict(payload), priority=priority, now=now)


def by_id(store: Store, event_id: str) -> OutboxEvent:
    found = [e for e in outbox.events(store) if e.event_id == event_id]
    assert len(found) == 1
    return found[0]


# -- enqueue ------------------------------------------------------------------------------------


def test_an_event_enqueued_in_a_failed_transaction_is_not_kept(store: Store) -> None:
    with pytest.raises(RuntimeError, match="screen crashed"), store.transaction() as conn:
        outbox.enqueue(conn, "order.create", {"order_id": "x"}, now=T0)
        raise RuntimeError("screen crashed")

    assert outbox.events(store) == []
    assert outbox.queue_state(store) == QueueState(0, 0, None)


def test_an_enqueued_event_is_stored_as_given(store: Store) -> None:
    event_id = add(store, "help.request", priority=PRIORITY_HELP, reason="卡片无法识别")

    event = by_id(store, event_id)
    assert event.kind == "help.request"
    assert event.payload == {"reason": "卡片无法识别"}
    assert event.priority == PRIORITY_HELP
    assert event.state == "pending"
    assert event.attempts == 0
    assert event.next_attempt_at == T0
    assert event.created_at == T0
    assert event.last_error is None


def test_event_ids_are_unique_uuid4s(store: Store) -> None:
    ids = [add(store, n=n) for n in range(300)]

    assert len(set(ids)) == len(ids)
    for event_id in ids:
        parsed = uuid.UUID(event_id)
        assert parsed.version == 4
        assert str(parsed) == event_id
    assert [e.event_id for e in outbox.events(store)] == ids


# -- claim ---------------------------------------------------------------------------------------


def test_claim_takes_sos_first_then_help_then_oldest(store: Store) -> None:
    first_order = add(store, "order.create", now=T0)
    help_request = add(store, "help.request", priority=PRIORITY_HELP, now=T0 + 1)
    second_order = add(store, "order.cancel", now=T0 + 2)
    sos = add(store, "sos.raise", priority=PRIORITY_SOS, now=T0 + 3)

    claimed = outbox.claim(store, 10, now=T0 + 10)

    assert [e.event_id for e in claimed] == [sos, help_request, first_order, second_order]
    assert all(e.state == "pending" for e in claimed)  # as they were when claimed
    assert {e.state for e in outbox.events(store)} == {"in_flight"}


def test_claim_honours_the_limit_and_leaves_the_rest(store: Store) -> None:
    ids = [add(store, n=n, now=T0 + n) for n in range(5)]

    first = outbox.claim(store, 2, now=T0 + 10)
    second = outbox.claim(store, 2, now=T0 + 10)
    third = outbox.claim(store, 2, now=T0 + 10)
    fourth = outbox.claim(store, 2, now=T0 + 10)

    assert [e.event_id for e in first] == ids[:2]
    assert [e.event_id for e in second] == ids[2:4]
    assert [e.event_id for e in third] == ids[4:]
    assert fourth == []


def test_claim_skips_events_not_yet_due(store: Store) -> None:
    add(store, now=T0 + 100)

    assert outbox.claim(store, 10, now=T0 + 99) == []
    assert len(outbox.claim(store, 10, now=T0 + 100)) == 1


def test_an_expired_lease_makes_an_in_flight_event_claimable_again(store: Store) -> None:
    event_id = add(store)
    assert [e.event_id for e in outbox.claim(store, 10, now=T0, lease_s=60)] == [event_id]

    assert outbox.claim(store, 10, now=T0 + 59.9) == []
    again = outbox.claim(store, 10, now=T0 + 60)

    assert [e.event_id for e in again] == [event_id]
    assert again[0].state == "in_flight"
    assert again[0].attempts == 0


# -- ack, retry, fail, release -------------------------------------------------------------------


def test_ack_marks_sent_and_it_is_never_claimed_again(store: Store) -> None:
    event_id = add(store)
    other = add(store)
    outbox.claim(store, 10, now=T0)

    with store.transaction() as conn:
        outbox.ack(conn, [event_id], now=T0 + 1)

    assert by_id(store, event_id).state == "sent"
    assert by_id(store, event_id).last_error is None
    assert by_id(store, other).state == "in_flight"
    # Long after every lease ran out, only the unacknowledged event comes back.
    assert [e.event_id for e in outbox.claim(store, 10, now=T0 + 10_000)] == [other]
    assert outbox.events(store, state="sent") == [by_id(store, event_id)]


@pytest.mark.parametrize("priority", [PRIORITY_SOS, PRIORITY_HELP, PRIORITY_NORMAL])
def test_retry_counts_the_attempt_and_waits_within_the_ceiling(store: Store, priority: int) -> None:
    event_id = add(store, priority=priority)
    rng = random.Random(7)
    now = T0
    for attempt in range(1, 15):
        assert [e.event_id for e in outbox.claim(store, 10, now=now)] == [event_id]

        due = outbox.retry(store, event_id, f"timeout {attempt}", now=now, rng=rng)

        event = by_id(store, event_id)
        assert event.state == "pending"
        assert event.attempts == attempt
        assert event.last_error == f"timeout {attempt}"
        assert event.next_attempt_at == due
        assert now <= due <= now + ceiling(priority, attempt)
        if due > now:
            assert outbox.claim(store, 10, now=now) == []
        now = due


def test_retry_honours_retry_after_as_a_floor(store: Store) -> None:
    normal = add(store)
    sos = add(store, "sos.raise", priority=PRIORITY_SOS)
    outbox.claim(store, 10, now=T0)

    normal_due = outbox.retry(store, normal, "429", now=T0, retry_after=120.0, rng=random.Random(1))
    sos_due = outbox.retry(store, sos, "503", now=T0, retry_after=30.0, rng=random.Random(1))

    assert T0 + 120.0 <= normal_due <= T0 + max(120.0, ceiling(PRIORITY_NORMAL, 1))
    # The SOS ceiling is 5 s, so the server's 30 s is exactly what is waited.
    assert sos_due == T0 + 30.0
    assert outbox.claim(store, 10, now=T0 + 29.9) == []
    assert [e.event_id for e in outbox.claim(store, 10, now=T0 + 30.0)] == [sos]


def test_retry_of_an_unknown_event_raises_key_error(store: Store) -> None:
    with pytest.raises(KeyError):
        outbox.retry(store, str(uuid.uuid4()), "gone", now=T0)


def test_retry_keeps_long_errors_bounded(store: Store) -> None:
    event_id = add(store)
    outbox.claim(store, 1, now=T0)

    outbox.retry(store, event_id, "x" * 10_000, now=T0, rng=random.Random(0))

    assert by_id(store, event_id).last_error == "x" * 2000


def test_fail_sets_the_event_aside_with_its_error(store: Store) -> None:
    bad = add(store)
    good = add(store)
    outbox.claim(store, 10, now=T0)

    outbox.fail(store, bad, "400 unknown service")
    outbox.release(store, [good])

    event = by_id(store, bad)
    assert event.state == "failed"
    assert event.last_error == "400 unknown service"
    assert event.attempts == 1
    assert [e.event_id for e in outbox.claim(store, 10, now=T0 + 10**9)] == [good]
    assert outbox.events(store, state="failed") == [event]


def test_release_returns_claimed_events_without_penalty(store: Store) -> None:
    claimed_id = add(store)
    sent_id = add(store)
    outbox.claim(store, 10, now=T0)
    with store.transaction() as conn:
        outbox.ack(conn, [sent_id], now=T0)

    outbox.release(store, [claimed_id, sent_id])

    released = by_id(store, claimed_id)
    assert released.state == "pending"
    assert released.attempts == 0
    assert by_id(store, sent_id).state == "sent"
    assert [e.event_id for e in outbox.claim(store, 10, now=T0)] == [claimed_id]


# -- queue state ---------------------------------------------------------------------------------


def test_queue_state_counts_waiting_and_failed(store: Store) -> None:
    assert outbox.queue_state(store) == QueueState(0, 0, None)
    assert outbox.queue_state(store).all_sent

    sent = add(store, now=T0)
    in_flight = add(store, now=T0 + 1)
    failed = add(store, now=T0 + 2)
    add(store, now=T0 + 3)  # stays pending
    outbox.claim(store, 3, now=T0 + 10)
    with store.transaction() as conn:
        outbox.ack(conn, [sent], now=T0 + 11)
    outbox.fail(store, failed, "refused")

    state = outbox.queue_state(store)

    assert state == QueueState(pending=2, failed=1, oldest_pending_at=T0 + 1)
    assert not state.all_sent
    assert by_id(store, in_flight).state == "in_flight"


def test_queue_state_with_only_failed_events_is_not_all_sent(store: Store) -> None:
    event_id = add(store)
    outbox.fail(store, event_id, "refused")

    state = outbox.queue_state(store)

    assert state == QueueState(0, 1, None)
    assert not state.all_sent


# -- backoff -------------------------------------------------------------------------------------


@pytest.mark.parametrize("priority", [PRIORITY_SOS, PRIORITY_HELP, PRIORITY_NORMAL])
def test_backoff_is_full_jitter_below_a_capped_ceiling(priority: int) -> None:
    rng = random.Random(20240611)
    _, cap = BACKOFF_POLICY[priority]
    for attempts in range(0, 40):
        top = ceiling(priority, attempts)
        delays = [outbox.backoff_delay(priority, attempts, rng=rng) for _ in range(300)]

        assert all(0.0 <= d <= top <= cap for d in delays)
        # Full jitter spreads over the whole range, from near zero to near the ceiling.
        assert min(delays) < 0.1 * top
        assert max(delays) > 0.9 * top


def test_backoff_reaches_the_cap_and_stays_there() -> None:
    rng = random.Random(3)
    for priority, (_, cap) in BACKOFF_POLICY.items():
        delays = [outbox.backoff_delay(priority, 10_000, rng=rng) for _ in range(500)]
        assert max(delays) <= cap
        assert max(delays) > 0.95 * cap


def test_backoff_is_reproducible_with_a_seeded_random() -> None:
    first = [outbox.backoff_delay(PRIORITY_NORMAL, n, rng=random.Random(99)) for n in range(10)]
    second = [outbox.backoff_delay(PRIORITY_NORMAL, n, rng=random.Random(99)) for n in range(10)]

    assert first == second


def test_backoff_never_waits_less_than_retry_after() -> None:
    rng = random.Random(5)
    for attempts in range(10):
        for retry_after in (0.0, 0.25, 3.0, 45.0, 900.0):
            delay = outbox.backoff_delay(
                PRIORITY_NORMAL, attempts, retry_after=retry_after, rng=rng
            )
            assert delay >= retry_after
            assert delay <= max(retry_after, ceiling(PRIORITY_NORMAL, attempts))
