"""Answers and updates from the center, written back into the kiosk's records (app.delivery)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from app import outbox
from app.catalog import Catalog
from app.delivery import EventAnswer, apply_updates, record_results, updates_cursor
from app.emergency import raise_sos, request_staff_help
from app.orders import Order, OrderStatus, cancel_order, get_order, place_order
from app.people import Resident
from app.store import Store
from tests.helpers.queries import fetch_all


def an_order(store: Store, residents: dict[str, Resident], catalog: Catalog) -> Order:
    service = catalog.services[0]
    choices = {c.id: c.options[0].id for c in service.choices}
    return place_order(store, residents["10001"], service, choices)


def event_of(store: Store, kind: str) -> str:
    [event] = [e for e in outbox.events(store) if e.kind == kind]
    return event.event_id


def outbox_state(store: Store, event_id: str) -> str:
    [row] = fetch_all(store, "SELECT state FROM outbox WHERE event_id = ?", (event_id,))
    return row["state"]


def update(seq: int, kind: str, payload: Any) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "payload": payload, "created_at": 1.0}


# -- answers --------------------------------------------------------------------------------


def test_applied_events_are_sent_and_their_orders_and_sos_say_so(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = an_order(store, residents, catalog)
    sos = raise_sos(store, residents["10001"])
    request_staff_help(store, "card not recognised")
    ids = [event_of(store, kind) for kind in ("order.create", "sos.raise", "help.request")]

    changes = record_results(store, [EventAnswer(event_id, True) for event_id in ids])

    assert changes.orders == {order.id: "sent"}
    assert changes.sos == {sos.id: "sent"}
    assert changes.rejected == []
    assert [outbox_state(store, event_id) for event_id in ids] == ["sent"] * 3
    assert fetch_all(store, "SELECT status FROM sos_events") == [{"status": "sent"}]


def test_a_cancel_refused_because_someone_is_on_the_way_shows_the_order_as_it_is(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = an_order(store, residents, catalog)
    cancel_order(store, order.id)
    cancel = event_of(store, "order.cancel")

    answer = EventAnswer(cancel, False, error="not_cancellable: order is on_the_way")
    changes = record_results(store, [answer])

    assert changes.orders == {order.id: "on_the_way"}
    assert changes.rejected == []
    assert outbox_state(store, cancel) == "sent"
    found = get_order(store, order.id)
    assert found is not None and found.status == OrderStatus.ON_THE_WAY


def test_any_other_refusal_is_set_aside_as_failed(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = an_order(store, residents, catalog)
    cancel_order(store, order.id)
    create, cancel = event_of(store, "order.create"), event_of(store, "order.cancel")

    changes = record_results(
        store,
        [
            EventAnswer(create, False, error="bad payload: quantity"),
            EventAnswer(cancel, False, error="order is not known for this device"),
        ],
    )

    assert changes.rejected == [create, cancel]
    assert changes.orders == {}
    assert [outbox_state(store, e) for e in (create, cancel)] == ["failed", "failed"]


def test_an_answer_to_an_event_this_kiosk_never_queued_is_ignored(store: Store) -> None:
    changes = record_results(store, [EventAnswer("not-ours", True), EventAnswer("nor", False)])
    assert not changes


# -- updates --------------------------------------------------------------------------------


def test_each_kind_of_update_changes_its_own_records(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    order = an_order(store, residents, catalog)
    sos = raise_sos(store, None)

    changes = apply_updates(
        store,
        [
            update(1, "order.status", {"order_id": order.id, "status": "accepted"}),
            update(2, "sos.status", {"sos_id": sos.id, "status": "acknowledged"}),
            update(
                3, "message", {"text": "午饭十二点送到", "resident_card": "10001", "from": "王"}
            ),
            update(4, "catalog.changed", {"version": 2}),
        ],
        4,
    )

    assert changes.orders == {order.id: "accepted"}
    assert changes.sos == {sos.id: "acknowledged"}
    assert changes.messages == [{"text": "午饭十二点送到", "resident_card": "10001"}]
    assert changes.catalog_changed
    assert updates_cursor(store) == 4


def test_unknown_or_malformed_updates_are_logged_and_skipped_and_the_rest_apply(
    store: Store,
    residents: dict[str, Resident],
    catalog: Catalog,
    caplog: pytest.LogCaptureFixture,
) -> None:
    order = an_order(store, residents, catalog)

    with caplog.at_level(logging.INFO, logger="app.delivery"):
        changes = apply_updates(
            store,
            [
                update(1, "call.ring", {"from": "女儿"}),
                update(2, "message", ["not", "an", "object"]),
                update(3, "order.status", {"order_id": order.id, "status": "teleported"}),
                {"seq": 4},
                update(5, "order.status", {"order_id": order.id, "status": "on_the_way"}),
            ],
            5,
        )

    assert changes.orders == {order.id: "on_the_way"}
    assert changes.messages == []
    assert updates_cursor(store) == 5
    logged = caplog.text
    assert "'call.ring'" in logged and "not an object" in logged and "'teleported'" in logged
    assert "None" in logged  # the update without a kind


def test_a_page_from_a_newer_center_with_a_kind_this_kiosk_does_not_know_still_applies(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    from sync.protocol import UpdatesPage

    order = an_order(store, residents, catalog)
    page = UpdatesPage.model_validate(
        {
            "cursor": 2,
            "updates": [
                update(1, "vitals.threshold", {"pulse_high": 110}),
                update(2, "order.status", {"order_id": order.id, "status": "accepted"}),
            ],
        }
    )
    changes = apply_updates(store, [u.model_dump() for u in page.updates], page.cursor)
    assert changes.orders == {order.id: "accepted"}
    assert updates_cursor(store) == 2
