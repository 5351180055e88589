"""SOS and staff help: saved with a top-priority outbox event, even without a signed-in resident."""

from __future__ import annotations

from datetime import UTC, datetime

from app import outbox
from app.catalog import Catalog
from app.emergency import raise_sos, request_staff_help
from app.orders import place_order
from app.people import Resident
from app.store import Store
from tests.helpers.queries import fetch_all

MORNING = datetime(2024, 6, 11, 1, 30, tzinfo=UTC)


def test_an_sos_saves_its_row_and_a_priority_zero_event(
    store: Store, residents: dict[str, Resident]
) -> None:
    resident = residents["10003"]

    sos = raise_sos(store, resident, device_location="3号楼大厅", now=MORNING)

    assert sos.resident_id == resident.id
    assert sos.created_at == MORNING
    rows = fetch_all(store, "SELECT * FROM sos_events")
    assert len(rows) == 1
    assert rows[0]["id"] == sos.id
    assert rows[0]["resident_id"] == resident.id
    assert rows[0]["status"] == "waiting"
    [event] = outbox.events(store)
    assert event.kind == "sos.raise"
    assert event.priority == outbox.PRIORITY_SOS == 0
    assert event.payload["sos_id"] == sos.id
    assert event.payload["resident_card"] == "10003"
    assert event.payload["location"] == "3号楼大厅"


def test_an_sos_works_with_nobody_signed_in(store: Store) -> None:
    sos = raise_sos(store, None)

    assert sos.resident_id is None
    rows = fetch_all(store, "SELECT resident_id, status FROM sos_events WHERE id = ?", (sos.id,))
    assert rows == [{"resident_id": None, "status": "waiting"}]
    [event] = outbox.events(store)
    assert event.payload["sos_id"] == sos.id
    assert event.payload["resident_card"] is None


def test_an_sos_is_claimed_before_earlier_orders(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    urgent = catalog.service("urgent")
    assert urgent is not None
    for _ in range(3):
        place_order(store, residents["10001"], urgent, {})
    sos = raise_sos(store, residents["10001"])

    claimed = outbox.claim(store, 1)

    assert [e.payload.get("sos_id") for e in claimed] == [sos.id]


def test_a_staff_help_request_is_saved_with_its_event(store: Store) -> None:
    request_id = request_staff_help(
        store, "card not recognised", device_location="kiosk 2", now=MORNING
    )

    rows = fetch_all(store, "SELECT * FROM help_requests")
    assert [(r["id"], r["reason"]) for r in rows] == [(request_id, "card not recognised")]
    [event] = outbox.events(store)
    assert event.kind == "help.request"
    assert event.priority == outbox.PRIORITY_HELP
    assert outbox.PRIORITY_SOS < event.priority < outbox.PRIORITY_NORMAL
    assert event.payload["request_id"] == request_id
    assert event.payload["reason"] == "card not recognised"
    assert event.payload["location"] == "kiosk 2"
