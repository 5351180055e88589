"""Orders: placed with exactly one outbox event, priced per tier, cancelled while still possible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import outbox
from app.catalog import Catalog, Service
from app.orders import (
    Order,
    OrderError,
    OrderStatus,
    apply_status,
    cancel_order,
    get_order,
    list_orders,
    place_order,
    price_for,
)
from app.people import Resident
from app.store import Store
from tests.helpers.queries import fetch_all, row_counts

NOON = datetime(2024, 6, 11, 4, 0, tzinfo=UTC)
LUNCH_FOR_TWO = {"meal": "today_lunch", "portions": "2"}


def get_service(catalog: Catalog, service_id: str) -> Service:
    found = catalog.service(service_id)
    assert found is not None
    return found


def events_of(store: Store, kind: str, order_id: str) -> list[outbox.OutboxEvent]:
    return [
        e for e in outbox.events(store) if e.kind == kind and e.payload.get("order_id") == order_id
    ]


def history(store: Store, order_id: str) -> list[tuple[str, str]]:
    rows = fetch_all(
        store,
        "SELECT status, by_whom FROM order_history WHERE order_id = ? ORDER BY id",
        (order_id,),
    )
    return [(row["status"], row["by_whom"]) for row in rows]


def meal_order(store: Store, resident: Resident, catalog: Catalog, **kwargs: object) -> Order:
    return place_order(store, resident, get_service(catalog, "meals"), LUNCH_FOR_TWO, **kwargs)


# -- placing -------------------------------------------------------------------------------------


def test_placing_writes_the_order_its_history_and_one_create_event(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    resident = residents["10002"]

    order = meal_order(store, resident, catalog, now=NOON)

    assert order.status is OrderStatus.WAITING
    assert order.cancellable
    assert get_order(store, order.id) == order
    assert history(store, order.id) == [("waiting", "resident")]
    all_events = outbox.events(store)
    assert len(all_events) == 1
    event = all_events[0]
    assert event.kind == "order.create"
    assert event.priority == outbox.PRIORITY_NORMAL
    assert event.state == "pending"
    assert event.created_at == NOON.timestamp()
    assert event.payload["order_id"] == order.id
    assert event.payload["resident_card"] == "10002"
    assert event.payload["service_id"] == "meals"
    assert event.payload["choices"] == LUNCH_FOR_TWO
    assert event.payload["quantity"] == 2
    assert event.payload["price_fen"] == 1600
    assert event.payload["subsidy_tier"] == "subsidised"


def test_a_service_without_questions_takes_no_choices(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = place_order(store, residents["10003"], get_service(catalog, "urgent"), {})

    assert order.choices == {}
    assert order.quantity == 1
    assert order.price_fen == 0
    assert [e.kind for e in outbox.events(store)] == ["order.create"]


@pytest.mark.parametrize(
    ("card", "service_id", "choices", "expected_fen"),
    [
        ("10001", "meals", {"meal": "today_lunch", "portions": "2"}, 0),
        ("10002", "meals", {"meal": "today_lunch", "portions": "2"}, 1600),
        ("10003", "meals", {"meal": "today_lunch", "portions": "2"}, 3000),
        ("10003", "meals", {"meal": "tomorrow_dinner", "portions": "3"}, 4500),
        ("10004", "meals", {"meal": "today_dinner", "portions": "1"}, 800),
        ("10002", "cleaning", {"when": "today"}, 3000),
        ("20001", "bathing", {"when": "now"}, 8000),
        ("10001", "bathing", {"when": "now"}, 0),
        ("20001", "legal", {"when": "tomorrow_morning"}, 0),
    ],
)
def test_the_price_follows_the_tier_and_the_quantity(
    store: Store,
    residents: dict[str, Resident],
    catalog: Catalog,
    card: str,
    service_id: str,
    choices: dict[str, str],
    expected_fen: int,
) -> None:
    service = get_service(catalog, service_id)
    resident = residents[card]

    order = place_order(store, resident, service, choices)

    assert order.price_fen == expected_fen
    assert order.subsidy_tier == resident.subsidy_tier
    assert price_for(service, resident.subsidy_tier, order.quantity) == expected_fen
    assert events_of(store, "order.create", order.id)[0].payload["price_fen"] == expected_fen


@pytest.mark.parametrize(
    ("service_id", "choices", "reason"),
    [
        ("meals", {"meal": "today_lunch"}, "missing_choice"),
        ("meals", {}, "missing_choice"),
        ("meals", {"meal": "breakfast", "portions": "1"}, "unknown_choice"),
        ("meals", {"meal": "today_lunch", "portions": "4"}, "unknown_choice"),
        ("meals", {"meal": "today_lunch", "portions": "1", "spicy": "yes"}, "unknown_choice"),
        ("cleaning", {"when": "yesterday"}, "unknown_choice"),
        ("urgent", {"when": "now"}, "unknown_choice"),
    ],
)
def test_wrong_choices_are_refused_and_nothing_is_written(
    store: Store,
    residents: dict[str, Resident],
    catalog: Catalog,
    service_id: str,
    choices: dict[str, str],
    reason: str,
) -> None:
    before = row_counts(store)

    with pytest.raises(OrderError) as excinfo:
        place_order(store, residents["10001"], get_service(catalog, service_id), choices)

    assert excinfo.value.reason == reason
    assert row_counts(store) == before


def test_each_order_gets_its_own_id(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    ids = [meal_order(store, residents["10001"], catalog).id for _ in range(20)]

    assert len(set(ids)) == 20
    assert len(outbox.events(store)) == 20


# -- cancelling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [OrderStatus.WAITING, OrderStatus.SENT, OrderStatus.ACCEPTED])
def test_cancelling_an_order_not_yet_under_way(
    store: Store, residents: dict[str, Resident], catalog: Catalog, status: OrderStatus
) -> None:
    order = meal_order(store, residents["10001"], catalog, now=NOON)
    if status is not OrderStatus.WAITING:
        apply_status(store, order.id, status, by="center")
    later = NOON + timedelta(minutes=5)

    cancelled = cancel_order(store, order.id, now=later)

    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.updated_at == later
    assert not cancelled.cancellable
    stored = get_order(store, order.id)
    assert stored is not None
    assert stored.status is OrderStatus.CANCELLED
    assert history(store, order.id)[-1] == ("cancelled", "resident")
    cancels = events_of(store, "order.cancel", order.id)
    assert len(cancels) == 1
    assert cancels[0].payload["by"] == "resident"
    assert len(events_of(store, "order.create", order.id)) == 1


@pytest.mark.parametrize(
    "status", [OrderStatus.ON_THE_WAY, OrderStatus.DONE, OrderStatus.CANCELLED]
)
def test_an_order_under_way_done_or_cancelled_cannot_be_cancelled(
    store: Store, residents: dict[str, Resident], catalog: Catalog, status: OrderStatus
) -> None:
    order = meal_order(store, residents["10001"], catalog)
    if status is OrderStatus.CANCELLED:
        cancel_order(store, order.id)
    else:
        apply_status(store, order.id, status, by="center")
    before = row_counts(store)

    with pytest.raises(OrderError) as excinfo:
        cancel_order(store, order.id)

    assert excinfo.value.reason == "not_cancellable"
    assert row_counts(store) == before
    stored = get_order(store, order.id)
    assert stored is not None
    assert stored.status is status


def test_cancelling_an_unknown_order_is_not_found(store: Store) -> None:
    with pytest.raises(OrderError) as excinfo:
        cancel_order(store, "no-such-order")

    assert excinfo.value.reason == "not_found"
    assert outbox.events(store) == []


# -- status from the center ----------------------------------------------------------------------


def test_statuses_from_the_center_are_recorded(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = meal_order(store, residents["10001"], catalog, now=NOON)
    events_before = outbox.events(store)

    for minutes, status in enumerate(
        [OrderStatus.SENT, OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.DONE], 1
    ):
        updated = apply_status(
            store, order.id, status, by="center", now=NOON + timedelta(minutes=minutes)
        )
        assert updated is not None
        assert updated.status is status
        assert get_order(store, order.id) == updated

    assert history(store, order.id) == [
        ("waiting", "resident"),
        ("sent", "center"),
        ("accepted", "center"),
        ("on_the_way", "center"),
        ("done", "center"),
    ]
    # Status news from the center is not sent back to it.
    assert outbox.events(store) == events_before


@pytest.mark.parametrize("final", [OrderStatus.CANCELLED, OrderStatus.DONE])
def test_a_cancelled_or_done_order_ignores_later_updates(
    store: Store, residents: dict[str, Resident], catalog: Catalog, final: OrderStatus
) -> None:
    order = meal_order(store, residents["10001"], catalog)
    if final is OrderStatus.CANCELLED:
        cancel_order(store, order.id)
    else:
        apply_status(store, order.id, OrderStatus.DONE, by="center")
    settled = get_order(store, order.id)
    history_before = history(store, order.id)

    for status in (OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.WAITING):
        result = apply_status(store, order.id, status, by="center")
        assert result == settled

    assert get_order(store, order.id) == settled
    assert history(store, order.id) == history_before


def test_a_repeated_status_adds_no_history(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = meal_order(store, residents["10001"], catalog)
    apply_status(store, order.id, OrderStatus.ACCEPTED, by="center")

    apply_status(store, order.id, OrderStatus.ACCEPTED, by="center")

    assert history(store, order.id) == [("waiting", "resident"), ("accepted", "center")]


def test_a_status_for_an_unknown_order_is_ignored(store: Store) -> None:
    assert apply_status(store, "no-such-order", OrderStatus.DONE, by="center") is None


# -- listing -------------------------------------------------------------------------------------


def test_orders_are_listed_newest_first_for_one_resident(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    mine, theirs = residents["10001"], residents["10002"]
    placed = []
    # Placed out of time order: the list follows the time of ordering, not of saving.
    for minutes in (10, 0, 30, 20):
        placed.append(meal_order(store, mine, catalog, now=NOON + timedelta(minutes=minutes)))
        meal_order(store, theirs, catalog, now=NOON + timedelta(minutes=minutes, seconds=1))

    listed = list_orders(store, mine.id)

    expected = sorted(placed, key=lambda o: o.created_at, reverse=True)
    assert [o.id for o in listed] == [o.id for o in expected]
    assert all(o.resident_id == mine.id for o in listed)
    assert [o.id for o in list_orders(store, mine.id, limit=2)] == [o.id for o in expected[:2]]
    assert list_orders(store, residents["10003"].id) == []


def test_orders_placed_in_the_same_millisecond_list_the_later_first(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    first = meal_order(store, residents["10001"], catalog, now=NOON)
    second = meal_order(store, residents["10001"], catalog, now=NOON)

    assert [o.id for o in list_orders(store, residents["10001"].id)] == [second.id, first.id]
