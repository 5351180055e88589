"""The center's updates about vital signs (``reading.ack``, ``resident.targets``) through
app.delivery.apply_updates: applied, and nonsense logged and skipped while the rest apply."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest

from app.delivery import apply_updates, updates_cursor
from app.people import Resident
from app.store import Store
from app.vitals import get_reading, targets_for
from app.vitals.judge import Target
from sync.protocol import ReadingAck, ResidentTargets, VitalTarget
from tests.helpers.vitals import T0, save_reading


def update(seq: int, kind: str, payload: Any) -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "payload": payload, "created_at": 1.0}


def ack(reading_id: str, by: str = "护士王芳", at: float = 1_800_000_000.0) -> dict[str, Any]:
    """As the center sends it."""
    return ReadingAck(
        reading_id=uuid.UUID(reading_id), by=by, acknowledged_at=at, note="已电话联系"
    ).model_dump(mode="json")


def targets(card: str, *bands: tuple[str, float | None, float | None]) -> dict[str, Any]:
    body = ResidentTargets(
        resident_card=card,
        targets=[VitalTarget(value=v, low=low, high=high) for v, low, high in bands],  # type: ignore[arg-type]
    )
    return body.model_dump(mode="json")


@pytest.fixture
def resident(residents: dict[str, Resident]) -> Resident:
    return residents["10001"]


def test_an_acknowledgement_names_who_saw_the_reading(store: Store, resident: Resident) -> None:
    reading = save_reading(store, resident, "pulse_oximetry", {"spo2": 86}, at=T0)
    assert reading.alert and reading.acknowledged_by is None

    changes = apply_updates(store, [update(1, "reading.ack", ack(reading.id))], 1)

    assert changes.readings_acked == {reading.id: "护士王芳"}
    assert changes
    saved = get_reading(store, reading.id)
    assert saved is not None and saved.acknowledged_by == "护士王芳"
    assert saved.acknowledged_at is not None
    assert saved.acknowledged_at.timestamp() == 1_800_000_000.0
    assert saved.ack_note == "已电话联系"


def test_the_first_acknowledgement_stays(store: Store, resident: Resident) -> None:
    reading = save_reading(store, resident, "temperature", {"temperature_c": 39.4}, at=T0)
    apply_updates(store, [update(1, "reading.ack", ack(reading.id, "王芳"))], 1)

    changes = apply_updates(store, [update(2, "reading.ack", ack(reading.id, "李明"))], 2)

    assert changes.readings_acked == {} and not changes
    saved = get_reading(store, reading.id)
    assert saved is not None and saved.acknowledged_by == "王芳"


def test_residents_own_targets_are_replaced_and_cleared(store: Store, resident: Resident) -> None:
    changes = apply_updates(
        store,
        [
            update(1, "resident.targets", targets("10001", ("systolic", None, 150.0))),
            update(
                2,
                "resident.targets",
                targets("10001", ("systolic", 100.0, 140.0), ("spo2", 92.0, None)),
            ),
            update(3, "resident.targets", targets("10002", ("pulse", 55.0, 110.0))),
        ],
        3,
    )

    assert changes.targets_changed == ["10001", "10001", "10002"]
    assert targets_for(store, resident) == (
        Target("spo2", 92.0, None),
        Target("systolic", 100.0, 140.0),
    )
    cleared = apply_updates(store, [update(4, "resident.targets", targets("10001"))], 4)
    assert cleared.targets_changed == ["10001"]
    assert targets_for(store, resident) == ()


def test_targets_may_come_before_the_resident_is_known_here(store: Store) -> None:
    changes = apply_updates(
        store, [update(1, "resident.targets", targets("55555", ("pulse", 50.0, 90.0)))], 1
    )
    assert changes.targets_changed == ["55555"]


NONSENSE_ACKS = [
    pytest.param(
        {"reading_id": str(uuid.uuid4()), "by": "王芳", "acknowledged_at": 1.0},
        "not kept here",
        id="unknown reading",
    ),
    pytest.param({"reading_id": "{id}", "acknowledged_at": 1.0}, "makes no sense", id="no by"),
    pytest.param(
        {"reading_id": "{id}", "by": "  ", "acknowledged_at": 1.0}, "makes no sense", id="blank by"
    ),
    pytest.param(
        {"reading_id": "{id}", "by": ["王芳"], "acknowledged_at": 1.0},
        "makes no sense",
        id="by not a text",
    ),
    pytest.param(
        {"reading_id": "{id}", "by": "王芳", "acknowledged_at": float("nan")},
        "makes no sense",
        id="NaN time",
    ),
    pytest.param(
        {"reading_id": "{id}", "by": "王芳", "acknowledged_at": 1e300},
        "makes no sense",
        id="time past any calendar",
    ),
    pytest.param(
        {"reading_id": "{id}", "by": "王芳", "acknowledged_at": True},
        "makes no sense",
        id="time a boolean",
    ),
    pytest.param(
        {"reading_id": "not-a-uuid", "by": "王芳", "acknowledged_at": 1.0},
        "makes no sense",
        id="id not a uuid",
    ),
    pytest.param(
        {"reading_id": 42, "by": "王芳", "acknowledged_at": 1.0}, "makes no sense", id="id a number"
    ),
]


@pytest.mark.parametrize(("payload", "logged"), NONSENSE_ACKS)
def test_a_nonsense_acknowledgement_is_logged_and_skipped_and_the_rest_apply(
    store: Store,
    resident: Resident,
    caplog: pytest.LogCaptureFixture,
    payload: dict[str, Any],
    logged: str,
) -> None:
    reading = save_reading(store, resident, "pulse_oximetry", {"spo2": 86}, at=T0)
    other = save_reading(store, resident, "pulse_oximetry", {"spo2": 85}, at=T0)
    bad = {k: (reading.id if v == "{id}" else v) for k, v in payload.items()}

    with caplog.at_level(logging.INFO):
        changes = apply_updates(
            store,
            [update(1, "reading.ack", bad), update(2, "reading.ack", ack(other.id))],
            2,
        )

    assert changes.readings_acked == {other.id: "护士王芳"}
    still = get_reading(store, reading.id)
    assert still is not None and still.acknowledged_by is None
    assert updates_cursor(store) == 2
    assert logged in caplog.text


NONSENSE_TARGETS = [
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "systolic", "low": 150, "high": 140}]},
        id="low above high",
    ),
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "mood", "high": 5}]}, id="unknown value"
    ),
    pytest.param({"resident_card": "10001", "targets": [{"value": "pulse"}]}, id="no bound"),
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "pulse", "high": float("nan")}]},
        id="NaN bound",
    ),
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "pulse", "high": "120"}]},
        id="bound a text",
    ),
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "pulse", "high": True}]},
        id="bound a boolean",
    ),
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "spo2", "low": 150}]},
        id="bound beyond what is possible",
    ),
    pytest.param(
        {
            "resident_card": "10001",
            "targets": [{"value": "pulse", "high": 110}, {"value": "pulse", "high": 90}],
        },
        id="two bands for one value",
    ),
    pytest.param(
        {"resident_card": "10001", "targets": [{"value": "pulse", "high": 110}] * 21}, id="too many"
    ),
    pytest.param({"resident_card": "10001", "targets": "systolic<150"}, id="targets not a list"),
    pytest.param({"resident_card": "10001", "targets": ["systolic"]}, id="target not a table"),
    pytest.param({"resident_card": "abc", "targets": []}, id="card not a card"),
    pytest.param({"targets": [{"value": "pulse", "high": 110}]}, id="no card"),
]


@pytest.mark.parametrize("payload", NONSENSE_TARGETS)
def test_nonsense_targets_are_logged_and_skipped_whole_and_the_rest_apply(
    store: Store,
    resident: Resident,
    caplog: pytest.LogCaptureFixture,
    payload: dict[str, Any],
) -> None:
    apply_updates(
        store, [update(1, "resident.targets", targets("10001", ("systolic", None, 150.0)))], 1
    )

    with caplog.at_level(logging.INFO):
        changes = apply_updates(
            store,
            [
                update(2, "resident.targets", payload),
                update(3, "resident.targets", targets("10002", ("pulse", 55.0, 110.0))),
            ],
            3,
        )

    assert changes.targets_changed == ["10002"]
    assert targets_for(store, resident) == (Target("systolic", None, 150.0),)  # as it was
    assert updates_cursor(store) == 3
    assert "targets that make no sense" in caplog.text
