"""The kiosk's sync against a real center process: the whole loop of ARCHITECTURE.md.

Orders and emergencies are made with the app's own functions on a kiosk store; a real
SyncWorker and UpdateListener (threads, as main.init_sync starts them) carry them to a real
``python -m server serve`` on loopback and bring the staff's answers back. Each test runs on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest
from websockets.sync.client import connect

from app import outbox
from app.catalog import Catalog, Service
from app.clock import utc_now
from app.emergency import raise_sos
from app.orders import Order, OrderStatus, cancel_order, get_order, place_order
from app.people import Resident
from app.store import Store
from sync.client import CenterClient
from sync.protocol import API_PREFIX
from tests.helpers.center import CenterProcess, EnrolledKiosk, StaffApi, SyncThreads
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.queries import fetch_all

PUSH_DEADLINE_S = 2.0
SYNC_TIMEOUT_S = 20.0


def order_for(store: Store, resident: Resident, service: Service, **kwargs: Any) -> Order:
    """An order with the first option of each of the service's questions."""
    choices = {c.id: c.options[0].id for c in service.choices}
    return place_order(store, resident, service, choices, **kwargs)


def local_status(store: Store, order_id: str) -> OrderStatus:
    order = get_order(store, order_id)
    assert order is not None
    return order.status


def sos_status(store: Store, sos_id: str) -> str:
    rows = fetch_all(store, "SELECT status FROM sos_events WHERE id = ?", (sos_id,))
    return str(rows[0]["status"])


def test_orders_are_sent_and_an_sos_overtakes_the_orders_queued_before_it(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store = enrolled_kiosk, enrolled_kiosk.store
    resident = kiosk.residents["10001"]
    orders = [order_for(store, resident, catalog.services[i % 3]) for i in range(5)]
    sos = raise_sos(store, kiosk.residents["10002"], device_location="hall")
    threads = sync_threads(store, kiosk.client, batch_size=1, listen=False)

    threads.wait_drained(SYNC_TIMEOUT_S)
    assert [local_status(store, o.id) for o in orders] == [OrderStatus.SENT] * 5
    assert sos_status(store, sos.id) == "sent"
    assert threads.reported.statuses[-1].pending == 0
    assert threads.reported.statuses[-1].online

    # One event per request: the center's arrival order is the order the kiosk sent them in.
    arrived = [
        (kind, kiosk.center.opened("ingested_events", "payload", f"{device}/{event}", sealed))
        for kind, device, event, sealed in kiosk.center.query(
            "SELECT kind, device_id, event_id, payload FROM ingested_events"
            " WHERE device_id = :device ORDER BY received_at",
            device=kiosk.device_id,
        )
    ]  # the kept copies are sealed (server.crypto)
    assert [kind for kind, _ in arrived] == ["sos.raise"] + ["order.create"] * 5
    assert [o.id in payload for o, (_, payload) in zip(orders, arrived[1:], strict=True)] == [
        True
    ] * 5
    [staff_sees] = [s for s in staff_api.get("/sos").json() if s["sos_id"] == sos.id]
    assert staff_sees["resident_card"] == "10002" and staff_sees["location"] == "hall"


def test_staff_changes_reach_the_elders_screen_within_two_seconds(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store = enrolled_kiosk, enrolled_kiosk.store
    order = order_for(store, kiosk.residents["10001"], catalog.services[0])
    sos = raise_sos(store, kiosk.residents["10001"])
    threads: SyncThreads = sync_threads(store, kiosk.client)
    threads.wait_drained(SYNC_TIMEOUT_S)

    delays = {}
    for action, extra, expected in [
        ("accept", {}, OrderStatus.ACCEPTED),
        ("assign", {"worker": "Zhao Min"}, None),
        ("on_the_way", {}, OrderStatus.ON_THE_WAY),
        ("done", {}, OrderStatus.DONE),
    ]:
        asked = time.monotonic()
        response = staff_api.act(order.id, action, **extra)
        answered = time.monotonic()
        assert response.status_code == 200, response.text
        if expected is None:
            continue

        # The push may even land before the staff's own answer does.
        def arrived(wanted: OrderStatus = expected, since: float = asked) -> float | None:
            for at, changes in threads.reported.changes:
                if at >= since and changes.orders.get(order.id) == wanted.value:
                    return at
            return None

        at = threads.wait_for(arrived, 10, f"the kiosk to hear '{action}'")
        delays[action] = max(0.0, at - answered)
        assert local_status(store, order.id) == expected
    assert max(delays.values()) < PUSH_DEADLINE_S, delays
    rows = fetch_all(store, "SELECT worker FROM orders WHERE id = ?", (order.id,))
    assert rows[0]["worker"] == "Zhao Min"

    # An acknowledged emergency comes back the same way.
    assert staff_api.post(f"/sos/{sos.id}/ack").status_code == 200
    threads.wait_for(
        lambda: sos_status(store, sos.id) == "acknowledged", 10, "the SOS acknowledgement"
    )
    print(f"staff change to kiosk: {', '.join(f'{k} {v:.3f} s' for k, v in delays.items())}")


def test_updates_still_arrive_by_pulling_when_the_websocket_is_blocked(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store = enrolled_kiosk, enrolled_kiosk.store
    order = order_for(store, kiosk.residents["10003"], catalog.services[1])
    with FaultProxy(kiosk.center.port) as proxy:
        pulling = kiosk.client_for(proxy.url)
        threads = sync_threads(store, kiosk.client, listener_client=pulling, poll_s=0.3)
        try:
            threads.wait_drained(SYNC_TIMEOUT_S)
            threads.wait_for(
                lambda: proxy.stats["websocket_refused"] >= 1, 10, "the socket to be refused"
            )
            assert staff_api.act(order.id, "accept").status_code == 200
            threads.wait_for(
                lambda: local_status(store, order.id) == OrderStatus.ACCEPTED,
                10,
                "the pulled update",
            )
            pulls = [s for s in proxy.seen if s.path.endswith("/updates")]
            assert len(pulls) >= 2
        finally:
            threads.stop()
            pulling.close()


def test_a_refused_event_is_set_aside_and_the_rest_go_on(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store = enrolled_kiosk, enrolled_kiosk.store
    with store.transaction() as conn:
        unknown = outbox.enqueue(conn, "order.teleport", {"to": "the moon"})
        bad = outbox.enqueue(conn, "order.create", {"order_id": "not-a-uuid", "quantity": 0})
    orders = [order_for(store, kiosk.residents["10004"], catalog.services[0]) for _ in range(3)]
    threads = sync_threads(store, kiosk.client, batch_size=1, listen=False)

    status = threads.wait_drained(SYNC_TIMEOUT_S)
    assert [local_status(store, o.id) for o in orders] == [OrderStatus.SENT] * 3
    failed = {e.event_id: e for e in outbox.events(store, state="failed")}
    assert set(failed) == {unknown, bad}
    assert "unknown event kind 'order.teleport'" in (failed[unknown].last_error or "")
    assert (failed[bad].last_error or "").startswith("bad payload")
    assert failed[bad].attempts == 1
    assert (status.pending, status.failed) == (0, 2)
    rejected = {r["event_id"] for r in staff_api.get("/events/rejected").json()}
    assert {unknown, bad} <= rejected

    # Set aside means never sent again.
    threads.worker.wake()
    order_for(store, kiosk.residents["10004"], catalog.services[0])
    threads.worker.wake()
    threads.wait_drained(SYNC_TIMEOUT_S)
    count = kiosk.center.scalar(
        "SELECT COUNT(*) FROM ingested_events WHERE device_id = :device", device=kiosk.device_id
    )
    assert count == 6


@pytest.mark.slow  # durability, end to end
def test_a_kiosk_offline_for_a_week_catches_up_with_nothing_lost_or_doubled(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads
) -> None:
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    center.stop()
    threads = sync_threads(store, kiosk.client, poll_s=0.2)
    week_ago = utc_now() - timedelta(days=7)
    residents = list(kiosk.residents.values())
    placed = []
    for number in range(500):
        when = week_ago + timedelta(minutes=20 * number)
        service = catalog.services[number % len(catalog.services)]
        placed.append(order_for(store, residents[number % len(residents)], service, now=when))
        if number % 50 == 0:
            threads.worker.wake()
    sos = raise_sos(store, residents[0], now=utc_now())
    threads.worker.wake()

    threads.wait_for(
        lambda: any(not s.online and s.pending == 501 for s in threads.reported.statuses),
        10,
        "the worker to find the center unreachable",
    )
    assert outbox.queue_state(store).oldest_pending_at == pytest.approx(week_ago.timestamp())

    center.start()
    threads.wait_drained(60)
    assert threads.reported.statuses[-1].online
    assert sos_status(store, sos.id) == "sent"
    assert {local_status(store, o.id) for o in placed} == {OrderStatus.SENT}

    local_ids = {e.event_id for e in outbox.events(store)}
    rows = center.query(
        "SELECT event_id, status FROM ingested_events WHERE device_id = :device",
        device=kiosk.device_id,
    )
    assert len(rows) == len(local_ids) == 501
    assert {r[0] for r in rows} == local_ids
    assert {r[1] for r in rows} == {"applied"}
    server_orders = center.query(
        "SELECT id FROM orders WHERE device_id = :device", device=kiosk.device_id
    )
    assert sorted(r[0] for r in server_orders) == sorted(o.id for o in placed)


def test_a_cancel_that_comes_too_late_shows_the_order_as_on_its_way(
    enrolled_kiosk: EnrolledKiosk, catalog: Catalog, sync_threads, staff_api: StaffApi
) -> None:
    kiosk, store = enrolled_kiosk, enrolled_kiosk.store
    order = order_for(store, kiosk.residents["10002"], catalog.services[0])
    threads = sync_threads(store, kiosk.client, listen=False)
    threads.wait_drained(SYNC_TIMEOUT_S)

    # Staff send someone before the kiosk has heard of it; the resident then cancels.
    assert staff_api.act(order.id, "on_the_way").status_code == 200
    assert local_status(store, order.id) == OrderStatus.SENT
    cancel_order(store, order.id)
    threads.worker.wake()

    threads.wait_for(
        lambda: local_status(store, order.id) == OrderStatus.ON_THE_WAY,
        SYNC_TIMEOUT_S,
        "the refused cancel to put the order back on its way",
    )
    [cancel_event] = [e for e in outbox.events(store) if e.kind == "order.cancel"]
    # Answered, not an error: it is not counted as "not accepted, staff will check".
    assert cancel_event.state == "sent"
    assert outbox.queue_state(store).failed == 0
    assert staff_api.order_status(order.id) == "on_the_way"


def test_the_center_stops_promptly_after_kiosks_listened_for_updates(center: CenterProcess) -> None:
    """SIGTERM (systemctl stop, a redeploy) must not hang on kiosks' update sockets, neither
    on one still open nor on one the kiosk has closed."""
    code = center.enrolment_code()
    client = CenterClient(center.url)
    try:
        token = client.enrol(code, "listening kiosk", "kiosk").token
    finally:
        client.close()
    url = center.url.replace("http", "ws", 1) + API_PREFIX + "/updates/ws"
    headers = {"Authorization": f"Bearer {token}"}
    with connect(url, additional_headers=headers, open_timeout=5) as closed_one:
        closed_one.send(json.dumps({"since": 0}))
    with connect(url, additional_headers=headers, open_timeout=5) as open_one:
        open_one.send(json.dumps({"since": 0}))
        with pytest.raises(TimeoutError):
            open_one.recv(timeout=0.2)  # nothing to say yet: the server is waiting
        started = time.monotonic()
        stopped = center.terminate(grace_s=5)
        took = time.monotonic() - started
    assert stopped, f"the center ignored SIGTERM for {took:.0f} s and had to be killed"
