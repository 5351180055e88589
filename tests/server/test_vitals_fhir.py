"""Readings as FHIR R4 (server.fhir), on their own: every kind of reading is a valid
Observation of the vital-signs profile with the right LOINC code, UCUM unit and
interpretation; the Bundle and the OperationOutcome are valid too (``fhir.resources``)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server import fhir
from tests.helpers.center_vitals import KIND_VALUES, valid_bundle, valid_observation, valid_outcome

READING_ID = "6f1c2b9e-8d4a-4c1e-9b7a-2d3e4f5a6b7c"


@dataclass
class StoredReading:
    """What server.models.Reading holds, without a database."""

    kind: str
    reading_id: str = READING_ID
    resident_card: str | None = "10001"
    systolic: int | None = None
    diastolic: int | None = None
    pulse: int | None = None
    spo2: int | None = None
    temperature_c: float | None = None
    glucose_mmol_l: float | None = None
    meal: str | None = None
    weight_kg: float | None = None
    measured_at: float = 1718092800.25
    received_at: float = 1718092805.0
    source: str = "device"
    device_name: str = "meter"
    level: str | None = "normal"


def stored(kind: str, **changes: object) -> StoredReading:
    return StoredReading(kind=kind, **{**KIND_VALUES[kind], **changes})  # type: ignore[arg-type]


# kind -> (LOINC codes, value field, UCUM unit, profile)
EXPECTED = {
    "blood_pressure": (["85354-9"], None, None, "bp"),
    "heart_rate": (["8867-4"], "pulse", "/min", "heartrate"),
    "pulse_oximetry": (["2708-6", "59408-5"], "spo2", "%", "oxygensat"),
    "temperature": (["8310-5"], "temperature_c", "Cel", "bodytemp"),
    "weight": (["29463-7"], "weight_kg", "kg", "bodyweight"),
    "glucose": (["15074-8"], "glucose_mmol_l", "mmol/L", None),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_kind_of_reading_is_a_valid_observation_with_its_loinc_code_and_unit(
    kind: str,
) -> None:
    reading = stored(kind)
    resource = fhir.observation(reading)
    valid_observation(resource)
    codes, field, unit, profile = EXPECTED[kind]
    assert [c["code"] for c in resource["code"]["coding"]] == codes
    assert {c["system"] for c in resource["code"]["coding"]} == {"http://loinc.org"}
    assert resource["status"] == "final"
    category = resource["category"][0]["coding"][0]["code"]
    assert category == ("laboratory" if kind == "glucose" else "vital-signs")
    if profile is None:
        assert "meta" not in resource
    else:
        assert resource["meta"]["profile"] == [f"http://hl7.org/fhir/StructureDefinition/{profile}"]
    if field is not None:
        quantity = resource["valueQuantity"]
        assert quantity["value"] == getattr(reading, field)
        assert (quantity["system"], quantity["code"]) == ("http://unitsofmeasure.org", unit)
    assert resource["subject"] == {
        "type": "Patient",
        "identifier": {"system": fhir.RESIDENT_CARD_SYSTEM, "value": "10001"},
    }
    assert resource["effectiveDateTime"] == "2024-06-11T08:00:00.250+00:00"
    assert resource["device"] == {"display": reading.device_name}


def test_a_blood_pressure_is_a_panel_of_systolic_diastolic_and_the_pulse_measured_with_it() -> None:
    resource = fhir.observation(stored("blood_pressure"))
    assert "valueQuantity" not in resource
    parts = {
        c["code"]["coding"][0]["code"]: (c["valueQuantity"]["value"], c["valueQuantity"]["code"])
        for c in resource["component"]
    }
    assert parts == {"8480-6": (150, "mm[Hg]"), "8462-4": (95, "mm[Hg]"), "8867-4": (72, "/min")}
    without_pulse = fhir.observation(stored("blood_pressure", pulse=None))
    assert [c["code"]["coding"][0]["code"] for c in without_pulse["component"]] == [
        "8480-6",
        "8462-4",
    ]


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("very_low", "LL"),
        ("low", "L"),
        ("normal", "N"),
        ("a_bit_high", "H"),
        ("high", "H"),
        ("very_high", "HH"),
    ],
)
def test_the_kiosks_level_is_the_hl7_interpretation(level: str, code: str) -> None:
    resource = fhir.observation(stored("heart_rate", level=level))
    valid_observation(resource)
    [interpretation] = resource["interpretation"]
    [coding] = interpretation["coding"]
    assert coding["system"] == fhir.INTERPRETATION_SYSTEM
    assert coding["code"] == code


@pytest.mark.parametrize("level", ["unsure", None])
def test_a_reading_the_device_flagged_or_nobody_judged_claims_no_interpretation(
    level: str | None,
) -> None:
    resource = fhir.observation(stored("temperature", level=level))
    valid_observation(resource)
    assert "interpretation" not in resource


def test_typed_readings_glucose_meals_and_anonymous_readings_say_so() -> None:
    typed = fhir.observation(stored("glucose", source="typed", device_name=""))
    valid_observation(typed)
    assert [n["text"] for n in typed["note"]] == [
        "fasting",
        "typed in at the kiosk from a paper record or a meter",
    ]
    assert "device" not in typed
    nobody = fhir.observation(stored("weight", resident_card=None))
    valid_observation(nobody)
    assert "subject" not in nobody


def test_a_search_bundle_of_every_kind_is_valid() -> None:
    resources = [
        fhir.observation(stored(kind, reading_id=f"0000000{n}-0000-4000-8000-000000000000"))
        for n, kind in enumerate(sorted(EXPECTED))
    ]
    document = fhir.search_bundle(
        resources,
        total=9,
        base_url="http://127.0.0.1:8000/fhir",
        self_url="http://127.0.0.1:8000/fhir/Observation?patient=10001",
        bundle_id="b1",
    )
    bundle = valid_bundle(document)
    assert bundle.type == "searchset" and bundle.total == 9
    assert document["entry"][0]["fullUrl"] == (
        "http://127.0.0.1:8000/fhir/Observation/00000000-0000-4000-8000-000000000000"
    )
    assert {e["search"]["mode"] for e in document["entry"]} == {"match"}


def test_a_refusal_is_a_valid_operation_outcome() -> None:
    outcome = valid_outcome(fhir.operation_outcome("not-found", "No resident 99999."))
    assert outcome.issue[0].code == "not-found"
