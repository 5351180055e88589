"""A resident erased at the center on request is erased on the kiosk too, in one
transaction: every row of theirs and every event naming them, except an emergency call not
yet sent; other residents keep everything."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from app import outbox
from app.catalog import Catalog
from app.delivery import apply_updates
from app.emergency import raise_sos
from app.orders import cancel_order, place_order
from app.people import Resident, find_by_card
from app.privacy.erasure import erase_resident_in
from app.store import Store
from tests.helpers.privacy import agreed
from tests.helpers.queries import fetch_all
from tests.helpers.vitals import save_reading

ERASED, KEPT = "10001", "10002"
TABLES = (
    "residents",
    "orders",
    "order_history",
    "readings",
    "consents",
    "resident_targets",
    "messages",
    "tutorial_progress",
)


def update(seq: int, kind: str, payload: Any) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "payload": payload, "created_at": 1.0}


def everything_of(store: Store, resident: Resident) -> None:
    """Orders, a reading, consent, targets, a message and an emergency call."""
    agreed(store, resident)
    save_reading(store, resident, "blood_pressure")


def fill(store: Store, residents: dict[str, Resident], catalog: Catalog) -> dict[str, str]:
    calls = {}
    service = catalog.services[0]
    choices = {c.id: c.options[0].id for c in service.choices}
    for card in (ERASED, KEPT):
        resident = residents[card]
        everything_of(store, resident)
        order = place_order(store, resident, service, choices)
        cancel_order(store, order.id)
        calls[card] = raise_sos(store, resident).id
        with store.transaction() as conn:  # how far they got in a lesson of Learn
            conn.execute(
                "INSERT INTO tutorial_progress (resident_id, lesson_id, step, steps, started_at,"
                " updated_at) VALUES (?, 'calling', 1, 5, '2026-12-05', '2026-12-05')",
                (resident.id,),
            )
    apply_updates(
        store,
        [
            update(1, "message", {"text": f"Hello {card}", "resident_card": card})
            for card in (ERASED, KEPT)
        ]
        + [
            update(
                2,
                "resident.targets",
                {"resident_card": card, "targets": [{"value": "systolic", "high": 150}]},
            )
            for card in (ERASED, KEPT)
        ],
        2,
    )
    return calls


def rows_naming(store: Store, card: str, resident_id: int) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        columns = {row["name"] for row in fetch_all(store, f"PRAGMA table_info({table})")}
        where = []
        if "resident_id" in columns:
            where.append(f"resident_id = {resident_id}")
        if "resident_card" in columns:
            where.append(f"resident_card = '{card}'")
        if table == "residents":
            where = [f"card_number = '{card}'"]
        if table == "order_history":
            where = [f"order_id IN (SELECT id FROM orders WHERE resident_id = {resident_id})"]
        counts[table] = len(fetch_all(store, f"SELECT 1 FROM {table} WHERE {' OR '.join(where)}"))
    counts["outbox"] = len(
        fetch_all(
            store,
            "SELECT 1 FROM outbox WHERE json_extract(payload, '$.resident_card') = ?",
            (card,),
        )
    )
    return counts


def test_the_erase_update_removes_everything_of_the_resident_and_nothing_else(
    store: Store, residents: dict[str, Resident], catalog: Catalog
) -> None:
    calls = fill(store, residents, catalog)
    erased, kept = residents[ERASED], residents[KEPT]
    before_kept = rows_naming(store, KEPT, kept.id)
    before = rows_naming(store, ERASED, erased.id)
    assert all(before.values()), before  # the test finds what it removes

    changes = apply_updates(
        store, [update(3, "resident.erase", {"resident_card": ERASED, "erased_at": 5.0})], 3
    )

    after = rows_naming(store, ERASED, erased.id)
    assert after == {**{t: 0 for t in before}, "outbox": 1}, after
    [kept_event] = [e for e in outbox.events(store) if e.payload.get("resident_card") == ERASED]
    assert kept_event.kind == "sos.raise" and kept_event.payload["sos_id"] == calls[ERASED]
    [call] = fetch_all(store, "SELECT resident_id FROM sos_events WHERE id = ?", (calls[ERASED],))
    assert call["resident_id"] is None  # the call stays, without the resident
    assert find_by_card(store, ERASED) is None
    assert rows_naming(store, KEPT, kept.id) == before_kept
    assert changes.residents_changed == [ERASED]
    assert store.integrity_check() == "ok"
    with store.reading() as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_sent_emergency_call_is_erased_with_the_rest(
    store: Store, residents: dict[str, Resident]
) -> None:
    raise_sos(store, residents[ERASED])
    with store.transaction() as conn:
        conn.execute("UPDATE outbox SET state = 'sent'")
    apply_updates(
        store, [update(1, "resident.erase", {"resident_card": ERASED, "erased_at": 5.0})], 1
    )
    assert outbox.events(store) == []


@pytest.mark.parametrize("card", [None, "", "12", "not a card", 10001.5])
def test_an_erasure_without_a_usable_card_changes_nothing(
    store: Store, residents: dict[str, Resident], card: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), store.transaction() as conn:
        assert erase_resident_in(conn, card) is None
    assert find_by_card(store, ERASED) is not None
    assert "erasure without a usable card" in caplog.text


def test_erasing_a_resident_this_kiosk_never_knew_is_fine(store: Store) -> None:
    with store.transaction() as conn:
        erased = erase_resident_in(conn, "99999")
    assert erased is not None and erased.total == 0
