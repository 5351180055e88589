"""Exactly once over a bad network: 10,000 events through a proxy that drops, fails, throttles,
delays, duplicates and reorders requests (tests/helpers/fault_proxy.py) all arrive once.

The kiosk side is the real SyncWorker on a real store; the center is a real server process.
Backoff is shortened (configuration, not behaviour) so the run takes half a minute, not hours.
Set SYNC_FAULT_SEED to replay a run; the seed is in every failure message.

The random run is backed by pinned-down cases of what it can only hit by chance: an SOS raised
mid-drain, a batch that fails half-way inside the server, two copies of one batch arriving at
the same moment, a stale create arriving after its cancel, and a 429 with Retry-After.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import Counter

import pytest
from sqlalchemy import func, select

from app import outbox
from app.catalog import Catalog
from app.emergency import raise_sos
from app.orders import OrderStatus, place_order
from app.store import Store
from server.db import make_engine, migrate, session_factory
from server.ingest import APPLY, ingest
from server.models import Device, IngestedEvent, Order
from server.residents import seed_demo
from sync.protocol import BatchResult, Event, EventBatch
from tests.helpers.center import BACKENDS, CenterMaker, CenterProcess, EnrolledKiosk
from tests.helpers.fault_proxy import ACTIONS, FaultProxy, Faults
from tests.helpers.queries import fetch_all
from tests.helpers.server_api import reading_payload

SEED = int(os.environ.get("SYNC_FAULT_SEED", "20240612"))
EVENTS = 10_000
DRAIN_TIMEOUT_S = 240.0
BAD_NETWORK = Faults(
    drop_before=0.06,
    drop_after=0.08,
    error_500=0.05,
    error_429=0.05,
    duplicate=0.08,
    hold=0.06,
    delay=0.3,
    max_delay_s=0.3,
)


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry within tens of milliseconds instead of seconds (Retry-After still holds)."""
    monkeypatch.setattr(
        outbox,
        "_BACKOFF",
        {outbox.PRIORITY_SOS: (0.01, 0.1), outbox.PRIORITY_HELP: (0.01, 0.1)},
    )
    monkeypatch.setattr(outbox, "_DEFAULT_BACKOFF", (0.02, 0.2))


def queue_events(kiosk: EnrolledKiosk, catalog: Catalog, total: int) -> tuple[set[str], set[str]]:
    """Half real orders, half readings; return (order ids, reading event ids)."""
    store = kiosk.store
    residents = list(kiosk.residents.values())
    order_ids: set[str] = set()
    reading_ids: set[str] = set()
    for number in range(total // 2):
        service = catalog.services[number % len(catalog.services)]
        choices = {c.id: c.options[number % len(c.options)].id for c in service.choices}
        order_ids.add(place_order(store, residents[number % len(residents)], service, choices).id)
        if number % 500 == 499:
            with store.transaction() as conn:
                for reading in range(500):
                    payload = reading_payload(systolic=110 + reading % 40, diastolic=70, n=number)
                    reading_ids.add(outbox.enqueue(conn, "reading.record", payload))
    assert len(order_ids) + len(reading_ids) == total
    return order_ids, reading_ids


def server_view(center: CenterProcess, device_id: str) -> dict[str, object]:
    mine = {"device": device_id}
    rows = center.query(
        "SELECT event_id, status FROM ingested_events WHERE device_id = :device", **mine
    )
    return {
        "events": Counter(r[0] for r in rows),
        "statuses": Counter(r[1] for r in rows),
        "orders": Counter(
            r[0] for r in center.query("SELECT id FROM orders WHERE device_id = :device", **mine)
        ),
        "records": Counter(
            r[0]
            for r in center.query("SELECT event_id FROM readings WHERE device_id = :device", **mine)
        ),
    }


@pytest.mark.slow  # durability, end to end
def test_ten_thousand_events_arrive_exactly_once_through_a_bad_network(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, fast_backoff: None
) -> None:
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    context = f"seed {SEED} (SYNC_FAULT_SEED to replay)"
    order_ids, reading_ids = queue_events(kiosk, catalog, EVENTS)
    local_ids = {e.event_id for e in outbox.events(store)}

    started = time.monotonic()
    with FaultProxy(center.port, BAD_NETWORK, seed=SEED) as proxy:
        client = kiosk.client_for(proxy.url)
        threads = sync_threads(store, client, batch_size=200, listen=False)
        try:
            threads.wait_drained(DRAIN_TIMEOUT_S)
        finally:
            threads.stop()
            client.close()
        drained = time.monotonic() - started
        # Stale copies still held back reach the center last; they must change nothing.
        late = proxy.flush_held()
    stats = dict(proxy.stats)

    failed = outbox.events(store, state="failed")
    assert not failed, f"{context}: {len(failed)} refused, first: {failed[0].last_error}"
    assert {e.state for e in outbox.events(store)} == {"sent"}, context
    statuses = fetch_all(store, "SELECT status, COUNT(*) AS n FROM orders GROUP BY status")
    assert statuses == [{"status": OrderStatus.SENT.value, "n": len(order_ids)}], context

    seen = server_view(center, kiosk.device_id)
    events, orders, records = seen["events"], seen["orders"], seen["records"]
    assert isinstance(events, Counter) and isinstance(orders, Counter)
    assert isinstance(records, Counter)
    assert sum(events.values()) == EVENTS, f"{context}: {sum(events.values())} ingested"
    assert set(events) == local_ids, context
    assert seen["statuses"] == Counter({"applied": EVENTS}), f"{context}: {seen['statuses']}"
    assert set(orders) == order_ids and set(orders.values()) == {1}, context
    assert set(records) == reading_ids and set(records.values()) == {1}, context

    # The run really went through every kind of trouble.
    for action in ACTIONS:
        assert stats.get(action, 0) > 0, f"{context}: no '{action}' happened: {stats}"
    print(
        f"\n{EVENTS} events through the fault proxy in {drained:.1f} s "
        f"({late} stale copies replayed at the end); proxy: {stats}"
    )


@pytest.mark.slow  # end to end through faults
def test_an_sos_goes_in_the_next_request_and_arrives_quickly_despite_faults(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, fast_backoff: None
) -> None:
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    context = f"seed {SEED} (SYNC_FAULT_SEED to replay)"
    with store.transaction() as conn:
        for number in range(3000):
            outbox.enqueue(conn, "reading.record", reading_payload(pulse=60 + number % 40))
    mine = {"device": kiosk.device_id}
    count_sql = "SELECT COUNT(*) FROM ingested_events WHERE device_id = :device"

    with FaultProxy(center.port, BAD_NETWORK, seed=SEED + 1) as proxy:
        client = kiosk.client_for(proxy.url)
        threads = sync_threads(store, client, batch_size=200, listen=False)
        try:
            # Raise the alarm while the backlog is draining.
            threads.wait_for(lambda: center.scalar(count_sql, **mine) > 0, 60, "a first batch")
            sos = raise_sos(store, kiosk.residents["10001"], device_location="bathroom")
            raised = time.monotonic()
            threads.worker.wake()
            [sos_event] = [
                e.event_id for e in outbox.events(store) if e.payload.get("sos_id") == sos.id
            ]

            def at_center() -> bool:
                return bool(
                    center.scalar(
                        "SELECT COUNT(*) FROM ingested_events"
                        " WHERE device_id = :device AND event_id = :event",
                        event=sos_event,
                        **mine,
                    )
                )

            threads.wait_for(at_center, 15, f"{context}: the SOS to reach the center")
            took = time.monotonic() - raised
            threads.wait_drained(DRAIN_TIMEOUT_S)
        finally:
            threads.stop()
            client.close()
        proxy.flush_held()

    after = [s for s in proxy.seen if s.at >= raised and s.path.endswith("/events")]
    # The batch in flight when the SOS was saved may finish first; the next one carries it.
    assert any(sos_event in s.event_ids for s in after[:2]), (
        f"{context}: the SOS was not in either of the next two requests: "
        f"{[(s.action, len(s.event_ids)) for s in after[:2]]}"
    )
    carrying = [s for s in proxy.seen if sos_event in s.event_ids]
    assert all(s.event_ids[0] == sos_event for s in carrying), "the SOS leads every batch"
    assert center.scalar(count_sql, **mine) == 3001
    ahead = center.scalar(
        "SELECT COUNT(*) FROM ingested_events WHERE device_id = :device AND received_at <"
        " (SELECT received_at FROM ingested_events WHERE event_id = :event)",
        event=sos_event,
        **mine,
    )
    # Requests that went out between the SOS's first and last try, without it.
    between = [
        s
        for s in proxy.seen
        if carrying[0].index < s.index < carrying[-1].index and sos_event not in s.event_ids
    ]
    print(
        f"\nSOS at the center {took:.2f} s after it was raised, with {ahead} of 3000 readings "
        f"ahead of it; tries: {[s.action for s in carrying]}; {len(between)} other requests "
        f"({sum(len(s.event_ids) for s in between)} events) went out while it waited to retry"
    )


# -- one batch, a failure half-way ------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_failure_half_way_through_a_batch_leaves_nothing_half_applied(
    backend: str, center_factory: CenterMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server applies a batch in one transaction: if it fails half-way (a crash, a lost
    database connection, a bug), the kiosk's retry must find nothing of it applied, or it gets
    "already exists" for its own order and sets the order aside as refused."""
    # The server's own ingest on its own kind of database, in this process, so that one
    # handler can be made to fail.
    engine = make_engine(center_factory(backend).database_url)
    migrate(engine)
    sessions = session_factory(engine)
    order_id = str(uuid.uuid4())
    order = {
        "order_id": order_id,
        "resident_card": "10001",
        "service_id": "meals",
        "choices": {"meal": "tomorrow_lunch"},  # no cut-off to meet, whenever this runs
        "quantity": 1,
        "price_fen": 0,
        "subsidy_tier": "free",
        "created_at": "2024-06-11T08:00:00+00:00",
    }
    batch = EventBatch(
        events=[
            Event(event_id=uuid.uuid4(), kind="order.create", payload=order, created_at=1.0),
            Event(
                event_id=uuid.uuid4(),
                kind="reading.record",
                payload=reading_payload(),
                created_at=1.0,
            ),
        ]
    )

    def broken(*args: object) -> dict[str, object]:
        raise ConnectionError("the database went away")

    try:
        with sessions() as session:
            session.add(
                Device(id="d1", name="kiosk", mode="kiosk", token_hash="h" * 64, created_at=0.0)
            )
            seed_demo(session)  # the center prices orders for residents it has registered
            session.commit()
        monkeypatch.setitem(APPLY, "reading.record", broken)
        with sessions() as session, pytest.raises(ConnectionError):
            ingest(session, session.get(Device, "d1"), batch)
        with sessions() as session:
            assert session.get(Order, order_id) is None, "the order outlived its failed batch"
            assert session.scalar(select(func.count()).select_from(IngestedEvent)) == 0

        monkeypatch.undo()
        with sessions() as session:
            results = ingest(session, session.get(Device, "d1"), batch)
        assert [r.status for r in results] == ["applied", "applied"], [r.error for r in results]
    finally:
        engine.dispose()


def test_late_copies_of_a_cancel_and_its_order_change_nothing(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog
) -> None:
    """A stale order.create arriving after its order.cancel (reordered by the network) is a
    repeat, not a new order."""
    kiosk = enrolled_kiosk
    store: Store = kiosk.store
    service = catalog.services[1]
    placed = place_order(store, kiosk.residents["10001"], service, {"when": "today"})
    [create] = outbox.events(store)
    cancel = {"order_id": placed.id, "cancelled_at": "2024-06-11T09:00:00+00:00"}
    cancel_event = {
        "event_id": str(uuid.uuid4()),
        "kind": "order.cancel",
        "payload": cancel,
        "created_at": 2.0,
    }
    create_event = {
        "event_id": create.event_id,
        "kind": create.kind,
        "payload": create.payload,
        "created_at": create.created_at,
    }
    first = kiosk.client.send_events([create_event])
    assert first.results[0].status == "applied"
    assert kiosk.client.send_events([cancel_event]).results[0].status == "applied"
    again = kiosk.client.send_events([create_event, cancel_event])
    assert [(r.status, r.duplicate) for r in again.results] == [
        ("applied", True),
        ("applied", True),
    ]
    rows = kiosk.center.query("SELECT status FROM orders WHERE id = :id", id=placed.id)
    assert rows == [("cancelled",)]
    history = kiosk.center.query(
        "SELECT status FROM order_history WHERE order_id = :id ORDER BY id", id=placed.id
    )
    assert [h[0] for h in history] == ["sent", "cancelled"]


# -- contention ---------------------------------------------------------------------------


def _mixed_batch(size: int) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for number in range(size):
        if number % 2:
            kind, payload = "reading.record", reading_payload(pulse=60 + number % 40)
        else:
            kind = "order.create"
            payload = {
                "order_id": str(uuid.uuid4()),
                "resident_card": "10001",
                "service_id": "meals",
                "choices": {"meal": "today_lunch"},
                "quantity": 1,
                "price_fen": 0,
                "subsidy_tier": "free",
                "created_at": "2024-06-11T08:00:00+00:00",
            }
        events.append(
            {"event_id": str(uuid.uuid4()), "kind": kind, "payload": payload, "created_at": 1.0}
        )
    return events


def test_two_copies_of_a_batch_at_once_both_get_the_right_answers(
    enrolled_kiosk: EnrolledKiosk,
) -> None:
    """A retry that overtakes its original (a slow network, a proxy that sends twice) reaches
    the center at the same moment as the original: neither copy may fail, and the answers
    stored for good must be "applied", not "already exists"."""
    kiosk, center = enrolled_kiosk, enrolled_kiosk.center
    rounds, size = 10, 200
    problems: list[str] = []
    for number in range(rounds):
        events = _mixed_batch(size)
        answers: list[object] = [None, None]

        def send(
            slot: int, batch: list[dict[str, object]] = events, answers: list[object] = answers
        ) -> None:
            client = kiosk.client_for(center.url)
            try:
                answers[slot] = client.send_events(batch)
            except Exception as exc:  # the answer is checked below
                answers[slot] = exc
            finally:
                client.close()

        twins = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
        for twin in twins:
            twin.start()
        for twin in twins:
            twin.join(60)
        for answer in answers:
            if isinstance(answer, BatchResult):
                problems += [
                    f"round {number}: {r.status} {r.error}"
                    for r in answer.results
                    if r.status != "applied"
                ]
            else:
                problems.append(f"round {number}: {answer!r}")
    assert not problems, f"{len(problems)} problems, first: {problems[:3]}"
    mine = {"device": kiosk.device_id}
    assert (
        center.scalar(
            "SELECT COUNT(*) FROM ingested_events WHERE device_id = :device AND status = 'applied'",
            **mine,
        )
        == rounds * size
    )


@pytest.mark.slow  # waits out a Retry-After
def test_after_a_429_nothing_is_sent_before_retry_after_and_the_sos_still_goes_first(
    enrolled_kiosk: EnrolledKiosk, sync_threads
) -> None:
    """ARCHITECTURE rule 2: retries honour Retry-After, and SOS events are sent first. A busy
    center that said "again in 2 s" should not get the next batch at once, and the next
    request should be the SOS's retry, not ordinary events that overtake it."""
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    with store.transaction() as conn:
        for number in range(400):
            outbox.enqueue(conn, "reading.record", reading_payload(pulse=60 + number % 40))
    sos = raise_sos(store, kiosk.residents["10001"], device_location="stairs")
    [sos_event] = [e.event_id for e in outbox.events(store) if e.payload.get("sos_id") == sos.id]
    busy = Faults(retry_after=("2",))
    with FaultProxy(center.port, busy, script=("error_429",)) as proxy:
        client = kiosk.client_for(proxy.url)
        threads = sync_threads(store, client, batch_size=200, listen=False)
        try:
            threads.wait_drained(30)
        finally:
            threads.stop()
            client.close()
    first, second = proxy.seen[0], proxy.seen[1]
    assert first.action == "error_429" and first.event_ids[0] == sos_event
    waited = second.at - first.at
    assert waited >= 2.0 and second.event_ids[0] == sos_event, (
        f"{waited:.2f} s after the 429 the worker sent {len(second.event_ids)} events"
        f" {'led by the SOS' if second.event_ids[0] == sos_event else 'without the SOS'}"
    )
