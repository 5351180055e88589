"""Readings as FHIR R4 resources: Observations following the vital-signs profile, the
searchset Bundle that carries them and the OperationOutcome of a refused search.

Pure: plain dicts in and out, no database and no HTTP (server.routes.vitals serves them at
``GET /fhir/Observation``). The codes are LOINC, the units UCUM, the interpretation HL7 v3
ObservationInterpretation; the tests validate what is built here with ``fhir.resources``.

Glucose is not one of the FHIR vital signs: it is exported with the same shape but in the
``laboratory`` category and without a vital-signs profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/"
# The identifier system of the center's resident cards (a Patient is named by their card).
RESIDENT_CARD_SYSTEM = "urn:elder-care-center:resident-card"
FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class Coded:
    """A LOINC code with its display, and the UCUM unit of its value (if it has one)."""

    code: str
    display: str
    unit: str = ""  # UCUM code
    unit_text: str = ""  # as people write it


SYSTOLIC = Coded("8480-6", "Systolic blood pressure", "mm[Hg]", "mmHg")
DIASTOLIC = Coded("8462-4", "Diastolic blood pressure", "mm[Hg]", "mmHg")
HEART_RATE = Coded("8867-4", "Heart rate", "/min", "beats/minute")
BLOOD_PRESSURE = Coded("85354-9", "Blood pressure panel with all children optional")
OXYGEN_SATURATION = Coded("2708-6", "Oxygen saturation in Arterial blood", "%", "%")
BY_PULSE_OXIMETRY = Coded("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")
BODY_TEMPERATURE = Coded("8310-5", "Body temperature", "Cel", "°C")
BODY_WEIGHT = Coded("29463-7", "Body weight", "kg", "kg")
GLUCOSE = Coded("15074-8", "Glucose [Moles/volume] in Blood", "mmol/L", "mmol/L")


@dataclass(frozen=True)
class KindCoding:
    """How one kind of reading is coded: its codes (the first is the main one), the field
    holding its value (none for the blood-pressure panel), its profile and category."""

    codes: tuple[Coded, ...]
    value_field: str | None
    profile: str | None  # the vital-signs profile's name, None for glucose
    category: str = "vital-signs"
    text: str = ""


KINDS: dict[str, KindCoding] = {
    "blood_pressure": KindCoding((BLOOD_PRESSURE,), None, "bp", text="Blood pressure"),
    "heart_rate": KindCoding((HEART_RATE,), "pulse", "heartrate", text="Heart rate"),
    "pulse_oximetry": KindCoding(
        (OXYGEN_SATURATION, BY_PULSE_OXIMETRY), "spo2", "oxygensat", text="Oxygen saturation"
    ),
    "temperature": KindCoding((BODY_TEMPERATURE,), "temperature_c", "bodytemp", text="Temperature"),
    "weight": KindCoding((BODY_WEIGHT,), "weight_kg", "bodyweight", text="Body weight"),
    "glucose": KindCoding(
        (GLUCOSE,), "glucose_mmol_l", None, category="laboratory", text="Blood glucose"
    ),
}
CATEGORY_DISPLAY = {"vital-signs": "Vital Signs", "laboratory": "Laboratory"}

# The kiosk's levels (sync.protocol.READING_LEVELS) as HL7 interpretation codes; "unsure"
# (the device flagged its own measurement) has none: nothing is claimed about it.
INTERPRETATIONS: dict[str, tuple[str, str]] = {
    "very_low": ("LL", "Critical low"),
    "low": ("L", "Low"),
    "normal": ("N", "Normal"),
    "a_bit_high": ("H", "High"),
    "high": ("H", "High"),
    "very_high": ("HH", "Critical high"),
}
LEVEL_TEXT = {
    "very_low": "very low",
    "low": "low",
    "normal": "normal",
    "a_bit_high": "a bit high",
    "high": "high",
    "very_high": "very high",
}
MEAL_TEXT = {"fasting": "fasting", "after_meal": "after a meal", "unknown": "meal not known"}


class ReadingLike(Protocol):
    """A stored reading (``server.models.Reading`` has these attributes)."""

    reading_id: str
    resident_card: str | None
    kind: str
    measured_at: float
    received_at: float
    source: str
    device_name: str

    # Read-only: the stored reading opens them from its sealed values (server.crypto).
    @property
    def systolic(self) -> int | None: ...
    @property
    def diastolic(self) -> int | None: ...
    @property
    def pulse(self) -> int | None: ...
    @property
    def spo2(self) -> int | None: ...
    @property
    def temperature_c(self) -> float | None: ...
    @property
    def glucose_mmol_l(self) -> float | None: ...
    @property
    def meal(self) -> str | None: ...
    @property
    def weight_kg(self) -> float | None: ...
    @property
    def level(self) -> str | None: ...


def iso_instant(seconds: float) -> str:
    """A moment as FHIR writes it: ISO 8601 with a time zone (UTC), to the millisecond."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def _coding(coded: Coded) -> dict[str, str]:
    return {"system": LOINC, "code": coded.code, "display": coded.display}


def _quantity(coded: Coded, value: float) -> dict[str, Any]:
    return {"value": value, "unit": coded.unit_text, "system": UCUM, "code": coded.unit}


def _component(coded: Coded, value: float) -> dict[str, Any]:
    return {
        "code": {"coding": [_coding(coded)], "text": coded.display},
        "valueQuantity": _quantity(coded, value),
    }


def observation(reading: ReadingLike) -> dict[str, Any]:
    """One reading as an R4 Observation (a JSON-ready dict). A pulse measured with a blood
    pressure or an oxygen saturation is a heart-rate component of it."""
    coding = KINDS[reading.kind]
    main = coding.codes[0]
    resource: dict[str, Any] = {"resourceType": "Observation", "id": reading.reading_id}
    if coding.profile is not None:
        resource["meta"] = {"profile": [PROFILE_BASE + coding.profile]}
    resource["status"] = "final"
    resource["category"] = [
        {
            "coding": [
                {
                    "system": CATEGORY_SYSTEM,
                    "code": coding.category,
                    "display": CATEGORY_DISPLAY[coding.category],
                }
            ],
            "text": CATEGORY_DISPLAY[coding.category],
        }
    ]
    resource["code"] = {"coding": [_coding(c) for c in coding.codes], "text": coding.text}
    if reading.resident_card is not None:
        resource["subject"] = {
            "type": "Patient",
            "identifier": {"system": RESIDENT_CARD_SYSTEM, "value": reading.resident_card},
        }
    resource["effectiveDateTime"] = iso_instant(reading.measured_at)
    resource["issued"] = iso_instant(reading.received_at)
    if coding.value_field is not None:
        value = getattr(reading, coding.value_field)
        resource["valueQuantity"] = _quantity(main, value)
    components: list[dict[str, Any]] = []
    if reading.kind == "blood_pressure":
        components += [
            _component(SYSTOLIC, reading.systolic or 0),
            _component(DIASTOLIC, reading.diastolic or 0),
        ]
    if reading.kind in ("blood_pressure", "pulse_oximetry") and reading.pulse is not None:
        components.append(_component(HEART_RATE, reading.pulse))
    if components:
        resource["component"] = components
    if reading.level in INTERPRETATIONS:
        code, display = INTERPRETATIONS[reading.level]
        resource["interpretation"] = [
            {
                "coding": [{"system": INTERPRETATION_SYSTEM, "code": code, "display": display}],
                "text": LEVEL_TEXT[reading.level],
            }
        ]
    notes = []
    if reading.kind == "glucose" and reading.meal in MEAL_TEXT:
        notes.append({"text": MEAL_TEXT[reading.meal]})
    if reading.source == "typed":
        notes.append({"text": "typed in at the kiosk from a paper record or a meter"})
    if reading.level == "unsure":
        notes.append({"text": "the device flagged this measurement; it was not judged"})
    if notes:
        resource["note"] = notes
    if reading.device_name:
        resource["device"] = {"display": reading.device_name}
    return resource


def search_bundle(
    resources: list[dict[str, Any]], total: int, base_url: str, self_url: str, bundle_id: str
) -> dict[str, Any]:
    """A ``searchset`` Bundle of Observations; ``base_url`` is the FHIR base (``.../fhir``)."""
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "type": "searchset",
        "total": total,
        "link": [{"relation": "self", "url": self_url}],
        "entry": [
            {
                "fullUrl": f"{base_url}/Observation/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }


def operation_outcome(code: str, text: str, severity: str = "error") -> dict[str, Any]:
    """Why a request was refused, as FHIR says it: ``code`` from the IssueType value set
    (``required``, ``not-found``, ``value``, ``login``, ``forbidden``...)."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": text}],
    }
