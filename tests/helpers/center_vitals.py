"""For the tests of vital signs at the center: readings of every kind as a kiosk sends them,
the staff socket, and FHIR validation with ``fhir.resources`` (its R4B models: the package's
top-level models are R5, and R4B has R4's Observation and Bundle)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome

from tests.helpers.staff_socket import Message

# One reading of each kind, with the values the kind needs and the level the kiosk gave it.
KIND_VALUES: dict[str, dict[str, Any]] = {
    "blood_pressure": {"systolic": 150, "diastolic": 95, "pulse": 72, "level": "high"},
    "heart_rate": {"pulse": 48, "level": "low"},
    "pulse_oximetry": {"spo2": 88, "pulse": 90, "level": "very_low"},
    "temperature": {"temperature_c": 37.4, "level": "a_bit_high"},
    "glucose": {"glucose_mmol_l": 5.6, "meal": "fasting", "level": "normal"},
    "weight": {"weight_kg": 61.5, "level": "unsure", "source": "typed"},
}


def reading(kind: str, card: str, **changes: Any) -> dict[str, Any]:
    """A ``reading.record`` payload of ``kind`` for the resident with ``card``."""
    payload: dict[str, Any] = {
        "reading_id": str(uuid.uuid4()),
        "resident_card": card,
        "kind": kind,
        "measured_at": 1718092800.25,
        "device": "BP-100 cuff" if kind == "blood_pressure" else "meter",
        **KIND_VALUES[kind],
    }
    payload.update(changes)
    return payload


def new_card() -> str:
    """A resident card no other test uses (tests share one center per module)."""
    return str(uuid.uuid4().int)[:12]


def alert_about(reading_id: str, event_name: str) -> Callable[[Message], bool]:
    def wanted(message: Message) -> bool:
        return (
            message.get("type") == "reading_alert"
            and message["event"] == event_name
            and message["alert"]["reading_id"] == reading_id
        )

    return wanted


def valid_observation(resource: dict[str, Any]) -> Observation:
    return Observation.model_validate(resource)


def valid_bundle(document: dict[str, Any]) -> Bundle:
    bundle = Bundle.model_validate(document)
    for entry in document.get("entry", []):
        valid_observation(entry["resource"])
    return bundle


def valid_outcome(document: dict[str, Any]) -> OperationOutcome:
    return OperationOutcome.model_validate(document)
