"""A resident registered at the center reaches a kiosk through the real sync threads: staff
register them (``PUT /api/v1/staff/residents/{card}``), the kiosk's UpdateListener applies the
``resident`` update, and the card then signs in there (app.people.find_by_card); a change of
their language or tier follows the same way, the center prices their orders by its register,
and a card the center switches off no longer signs in. Each test runs on SQLite and on
PostgreSQL (PostgreSQL in the full run only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from app.catalog import Catalog
from app.orders import place_order
from app.people import Resident, find_by_card
from tests.helpers.center import HTTP_TIMEOUT, EnrolledKiosk, StaffApi, SyncThreads

SYNC_TIMEOUT_S = 20.0
CARD = "55501"
DETAILS: dict[str, Any] = {
    "name": "赵玉兰",
    "phone": "13811112222",
    "subsidy_tier": "subsidised",
    "language": "zh_CN",
    "contacts": [{"name": "赵强", "phone": "13933334444", "relation": "儿子"}],
    "active": True,
}


@pytest.fixture
def register(staff_api: StaffApi) -> Iterator[Any]:
    """Register or change a resident at the center, as an administrator's console does."""

    def put(card: str, **changes: Any) -> dict[str, Any]:
        answer = staff_api.session.put(
            f"{staff_api.base}/residents/{card}",
            json={**DETAILS, **changes},
            timeout=HTTP_TIMEOUT,
        )
        assert answer.status_code == 200, answer.text
        record: dict[str, Any] = answer.json()
        return record

    yield put


def signs_in(kiosk: EnrolledKiosk, card: str) -> Resident | None:
    return find_by_card(kiosk.store, card)


def signed_in(kiosk: EnrolledKiosk, card: str) -> Resident:
    found = signs_in(kiosk, card)
    assert found is not None, f"card {card} does not sign in at the kiosk"
    return found


def changed(threads: SyncThreads, card: str) -> bool:
    return any(card in changes.residents_changed for _, changes in threads.reported.changes)


def test_a_resident_registered_at_the_center_signs_in_at_the_kiosk(
    enrolled_kiosk: EnrolledKiosk, sync_threads, register
) -> None:
    kiosk = enrolled_kiosk
    assert signs_in(kiosk, CARD) is None  # not one of the kiosk's demo residents
    threads: SyncThreads = sync_threads(kiosk.store, kiosk.client)

    register(CARD)
    resident = threads.wait_for(
        lambda: signs_in(kiosk, CARD), SYNC_TIMEOUT_S, "the new resident to reach the kiosk"
    )
    assert resident is not None
    assert (resident.name, resident.subsidy_tier, resident.language) == (
        "赵玉兰",
        "subsidised",
        "zh_CN",
    )
    assert resident.phone == "13811112222"
    # The screens are told whose record changed once the page is written, a moment after the
    # record can be read: wait for it rather than race it.
    threads.wait_for(
        lambda: changed(threads, CARD), SYNC_TIMEOUT_S, "the screens to be told of the change"
    )
    assert signed_in(kiosk, f" {CARD[:2]}-{CARD[2:]} ").id == resident.id  # as a reader types it


def test_a_change_of_language_and_tier_follows_and_prices_the_next_order(
    enrolled_kiosk: EnrolledKiosk, sync_threads, register, catalog: Catalog
) -> None:
    kiosk = enrolled_kiosk
    threads: SyncThreads = sync_threads(kiosk.store, kiosk.client)
    register(CARD)
    threads.wait_for(lambda: signs_in(kiosk, CARD), SYNC_TIMEOUT_S, "the resident to arrive")

    register(CARD, language="en_US", subsidy_tier="free")

    def updated() -> Resident | None:
        found = signs_in(kiosk, CARD)
        return found if found is not None and found.language == "en_US" else None

    resident = threads.wait_for(updated, SYNC_TIMEOUT_S, "the change to reach the kiosk")
    assert resident is not None
    assert resident.subsidy_tier == "free" and resident.name == "赵玉兰"

    # The kiosk's copy and the center's register agree: the center charges the free tier.
    meals = next(s for s in catalog.services if s.id == "meals")
    choices = {c.id: c.options[0].id for c in meals.choices}
    order = place_order(kiosk.store, resident, meals, choices)
    threads.worker.wake()  # as the kiosk does once it has written to its outbox

    def stored() -> list[tuple[Any, ...]]:
        return kiosk.center.query(
            "SELECT subsidy_tier, price_fen, resident_card FROM orders WHERE id = :id",
            id=order.id,
        )

    assert threads.wait_for(stored, SYNC_TIMEOUT_S, "the center to store the order") == [
        ("free", 0, CARD)
    ]


def test_a_card_the_center_switches_off_no_longer_signs_in(
    enrolled_kiosk: EnrolledKiosk, sync_threads, register
) -> None:
    kiosk = enrolled_kiosk
    threads: SyncThreads = sync_threads(kiosk.store, kiosk.client)
    register(CARD)
    threads.wait_for(lambda: signs_in(kiosk, CARD), SYNC_TIMEOUT_S, "the resident to arrive")

    register(CARD, active=False)
    threads.wait_for(
        lambda: signs_in(kiosk, CARD) is None, SYNC_TIMEOUT_S, "the card to be switched off"
    )
    register(CARD, active=True)
    threads.wait_for(lambda: signs_in(kiosk, CARD), SYNC_TIMEOUT_S, "the card to work again")


def test_a_register_entry_the_center_refuses_never_reaches_the_kiosk(
    enrolled_kiosk: EnrolledKiosk, sync_threads, staff_api: StaffApi, register
) -> None:
    """Bad input stays at the center, with a reason; the kiosk keeps what it had."""
    kiosk = enrolled_kiosk
    threads: SyncThreads = sync_threads(kiosk.store, kiosk.client)
    bad = staff_api.session.put(
        f"{staff_api.base}/residents/{CARD}",
        json={**DETAILS, "subsidy_tier": "platinum"},
        timeout=HTTP_TIMEOUT,
    )
    assert bad.status_code == 422 and "subsidy_tier" in bad.text
    # A good entry made afterwards arrives alone: nothing of the refused one came first.
    register("55502", name="钱文华")
    threads.wait_for(lambda: signs_in(kiosk, "55502"), SYNC_TIMEOUT_S, "the good entry")
    assert signs_in(kiosk, CARD) is None


def test_a_volunteer_may_not_register_a_resident(
    enrolled_kiosk: EnrolledKiosk,
) -> None:
    center = enrolled_kiosk.center
    token = center.cli("create-staff", "register volunteer", "--role", "volunteer")
    refused = requests.put(
        f"{center.api}/staff/residents/{CARD}",
        json=DETAILS,
        headers={"Authorization": f"Bearer {token}"},
        timeout=HTTP_TIMEOUT,
    )
    assert refused.status_code == 403 and "volunteer" in refused.json()["message"]
