"""A consent answer one kiosk sends reaches every kiosk: the running center queues a
``resident.consent`` update carrying it (sealed in its database, plain to the kiosk), once
however often the event is sent again, none for an answer it refused, and an erasure of the
resident removes those updates with the resident's other data."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from sync.client import CenterClient
from sync.protocol import UpdatesPage
from tests.helpers.center import CenterProcess, StaffApi

KIND = "resident.consent"
CARD = "10001"


def consent_event(granted: bool, at: float, /, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "consent_id": str(uuid.uuid4()),
        "resident_card": CARD,
        "purpose": "health_readings",
        "granted": granted,
        "wording_version": "health-2026-12",
        "recorded_by": "resident",
        "staff_name": "",
        "recorded_at": at,
    }
    payload.update(changes)
    return {
        "event_id": str(uuid.uuid4()),
        "kind": "consent.record",
        "payload": payload,
        "created_at": at,
    }


@pytest.fixture
def kiosks(center: CenterProcess, staff_api: StaffApi) -> Iterator[tuple[CenterClient, ...]]:
    """Two kiosks enrolled with the center: the hall's and the clinic's."""
    clients = []
    for name in ("hall kiosk", "clinic kiosk"):
        made = staff_api.post("/enrolment-codes")
        assert made.status_code == 200, made.text
        client = CenterClient(center.url)
        client.token = client.enrol(made.json()["code"], name, "kiosk").token
        clients.append(client)
    yield tuple(clients)
    for client in clients:
        client.close()


def consent_updates(page: UpdatesPage) -> list[dict[str, Any]]:
    return [u.payload for u in page.updates if u.kind == KIND]


def test_an_answer_at_one_kiosk_is_in_every_kiosks_updates(
    center: CenterProcess, kiosks: tuple[CenterClient, ...]
) -> None:
    hall, clinic = kiosks
    withdrawal = consent_event(False, 1_780_000_000.5)
    [result] = hall.send_events([withdrawal]).results
    assert result.status == "applied"

    assert consent_updates(clinic.updates(0)) == [withdrawal["payload"]]
    assert consent_updates(hall.updates(0)) == [withdrawal["payload"]]  # its own: kept once

    # Sealed at rest like every update; the card beside it, for an erasure to find.
    [(stored, card, device)] = center.query(
        "SELECT payload, resident_card, device_id FROM updates WHERE kind = :kind", kind=KIND
    )
    assert (card, device) == (CARD, None)
    assert "health_readings" not in stored
    assert (
        json.loads(center.opened("updates", "payload", f"*/{KIND}", stored))
        == (withdrawal["payload"])
    )


def test_an_answer_sent_again_or_refused_queues_nothing_more(
    center: CenterProcess, kiosks: tuple[CenterClient, ...]
) -> None:
    hall, clinic = kiosks
    yes = consent_event(True, 1_780_000_000.0)
    hall.send_events([yes])
    [again] = hall.send_events([yes]).results
    assert again.duplicate
    refused = [
        consent_event(True, 1_780_000_100.0, granted="yes"),
        consent_event(True, 1_780_000_100.0, purpose="advertising"),
    ]
    assert [r.status for r in hall.send_events(refused).results] == ["rejected", "rejected"]

    assert consent_updates(clinic.updates(0)) == [yes["payload"]]


def test_erasing_the_resident_removes_their_consent_updates(
    center: CenterProcess, kiosks: tuple[CenterClient, ...], staff_api: StaffApi
) -> None:
    hall, clinic = kiosks
    hall.send_events([consent_event(True, 1_780_000_000.0)])
    other = consent_event(False, 1_780_000_000.0, resident_card="10002")
    hall.send_events([other])
    assert len(consent_updates(clinic.updates(0))) == 2

    erased = staff_api.session.delete(f"{staff_api.base}/residents/{CARD}", timeout=10)
    assert erased.status_code == 200, erased.text
    assert erased.json()["removed"]["updates"] >= 1

    page = clinic.updates(0)
    assert consent_updates(page) == [other["payload"]]
    assert any(u.kind == "resident.erase" for u in page.updates)
    assert (
        center.scalar(
            "SELECT count(*) FROM updates WHERE kind = :kind AND resident_card = :card",
            kind=KIND,
            card=CARD,
        )
        == 0
    )
