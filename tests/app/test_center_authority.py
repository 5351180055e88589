"""What the kiosk does with the center's authority: residents registered at the center arrive
as ``resident`` updates and can then sign in here (inactive ones cannot), and an order the
center refused is cancelled here with its reason, in words for the resident."""

from __future__ import annotations

from typing import Any

import pytest

from app import outbox
from app.catalog import Catalog
from app.delivery import EventAnswer, apply_updates, record_results
from app.orders import place_order
from app.people import Resident, find_by_card
from app.store import Store
from ui.order_words import refusal_sentence


def resident_update(seq: int, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "card": "30001",
        "name": "赵德明",
        "phone": "13911112222",
        "subsidy_tier": "subsidised",
        "contacts": [{"name": "赵小红", "phone": "13900001111", "relation": "daughter"}],
        "language": "zh_CN",
        "active": True,
        "updated_at": 100.0 + seq,
    }
    payload.update(changes)
    return {"seq": seq, "kind": "resident", "payload": payload, "created_at": 1.0}


def test_a_resident_registered_at_the_center_can_sign_in_here(store: Store) -> None:
    assert find_by_card(store, "30001") is None
    changes = apply_updates(store, [resident_update(1)], 1)
    assert changes.residents_changed == ["30001"]
    found = find_by_card(store, "30001")
    assert found is not None
    assert (found.name, found.subsidy_tier, found.phone) == ("赵德明", "subsidised", "13911112222")

    apply_updates(store, [resident_update(2, subsidy_tier="free", name="赵德明 ")], 2)
    changed = find_by_card(store, "30001")
    assert changed is not None and changed.subsidy_tier == "free" and changed.id == found.id

    apply_updates(store, [resident_update(3, active=False)], 3)
    assert find_by_card(store, "30001") is None, "an inactive card no longer signs in"


def test_an_older_resident_update_changes_nothing(store: Store) -> None:
    apply_updates(store, [resident_update(5, subsidy_tier="full")], 5)
    apply_updates(
        store,
        [
            {
                **resident_update(6, subsidy_tier="free"),
                "payload": {
                    **resident_update(6, subsidy_tier="free")["payload"],
                    "updated_at": 1.0,
                },
            }
        ],
        6,
    )
    found = find_by_card(store, "30001")
    assert found is not None and found.subsidy_tier == "full"


@pytest.mark.parametrize(
    "payload",
    [
        {"card": "not a card", "name": "x", "subsidy_tier": "free"},
        {"card": "30002", "name": "", "subsidy_tier": "free"},
        {"card": "30002", "name": "钱", "subsidy_tier": "platinum"},
        {"card": "30002", "name": "钱", "subsidy_tier": "free", "language": "fr_FR"},
        {"card": "30002", "name": "钱", "subsidy_tier": "free", "contacts": "nobody"},
    ],
)
def test_a_bad_resident_update_is_skipped_and_the_rest_apply(
    store: Store, payload: dict[str, Any]
) -> None:
    bad = {"seq": 1, "kind": "resident", "payload": payload, "created_at": 1.0}
    changes = apply_updates(store, [bad, resident_update(2)], 2)
    assert changes.residents_changed == ["30001"]
    assert find_by_card(store, "30002") is None


def test_an_order_the_center_refused_is_cancelled_with_its_reason(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    order = place_order(store, residents["10001"], meals, {"meal": "today_lunch", "portions": "1"})
    [pending] = outbox.events(store)
    answer = EventAnswer(
        pending.event_id, False, "past_cutoff: Lunch today can be ordered until 10:00."
    )
    changes = record_results(store, [answer])
    assert changes.orders == {order.id: "cancelled"}
    assert changes.orders_refused == {order.id: "past_cutoff"}
    assert changes.rejected == [], "a refusal with a reason is an answer, not a failure"
    with store.reading() as conn:
        row = conn.execute(
            "SELECT status, refusal FROM orders WHERE id = ?", (order.id,)
        ).fetchone()
        event = conn.execute(
            "SELECT state FROM outbox WHERE event_id = ?", (pending.event_id,)
        ).fetchone()
    assert (row["status"], row["refusal"]) == ("cancelled", "past_cutoff")
    assert event["state"] == "sent"


def test_a_rejection_without_a_known_reason_is_still_a_failure(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    meals = catalog.service("meals")
    assert meals is not None
    place_order(store, residents["10001"], meals, {"meal": "today_lunch", "portions": "1"})
    [pending] = outbox.events(store)
    changes = record_results(store, [EventAnswer(pending.event_id, False, "bad payload: x")])
    assert changes.rejected == [pending.event_id] and not changes.orders_refused


def test_every_refusal_has_its_own_words(qapp: object) -> None:
    from app.delivery import ORDER_REFUSALS
    from sync.protocol import ORDER_REFUSALS as WIRE

    assert ORDER_REFUSALS == WIRE
    sentences = {refusal_sentence(code) for code in ORDER_REFUSALS}
    assert len(sentences) == len(ORDER_REFUSALS)
    assert refusal_sentence("something new") not in sentences
