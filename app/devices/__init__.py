"""Bluetooth health devices: what a measurement means to the kiosk.

The rest of the app sees a device's measurement only as a ``DeviceReading``: the kind of
reading (a ``sync.protocol`` ReadingKind value), its values in the kiosk's units, the device's
own time stamp and the problems the device flagged. ``reading_from(characteristic, data)``
turns the bytes of one notification or indication into one; anything it cannot read raises
``ParseError`` with a plain message, and no other exception.

The full parse of each characteristic, with the specification's field names, is
``app.devices.profiles.parse``; the summary is made in ``app.devices.readings``.

This module also names the standard characteristics and the services that carry them, so the
connection code (``app.devices.link``) knows what to scan for and subscribe to.

Problems a ``DeviceReading`` may carry (``PROBLEMS`` says each in words):

- ``body_movement``, ``cuff_loose``, ``irregular_pulse``, ``pulse_out_of_range``,
  ``improper_position``: the blood-pressure cuff's measurement status bits;
- ``no_sensor_contact``: a heart-rate sensor that says it is not touching the skin, or a
  pulse oximeter's sensor off the finger, displaced or disconnected;
- ``weak_signal``: a pulse oximeter's poor, inadequate, erratic or non-pulsatile signal, low
  perfusion, questionable pulse, interference or signal processing irregularity;
- ``sensor_fault``: the device or its sensor reports a malfunction (a glucose meter's general
  fault, sensor malfunction, wrong or badly inserted strip, temperature out of range; a pulse
  oximeter's equipment or sensor malfunction or an unknown sensor);
- ``measurement_unsuccessful``: the device says the measurement failed or is not valid (a
  scale's "measurement unsuccessful" weight, a glucose meter's too small sample or strip pulled
  too soon, a pulse oximeter's invalid, questionable or unavailable measurement);
- ``out_of_device_range``: a glucose result above or below what the meter can measure;
- ``not_a_person``: a pulse oximeter marked the data as for demonstration or testing;
- ``value_unavailable``: a value the reading needs is missing from ``values``: it came as
  NaN, NRes, an infinity or the reserved IEEE-11073 value, the device left it out, or the
  device could not measure (a heart rate of 0, a scale's unsuccessful weighing).

A reading whose needed value is unavailable is still returned (with the problem and without
the value), so the screen can ask to measure again; bytes that do not follow the specification
raise ``ParseError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal


class ParseError(ValueError):
    """Bytes from a device that do not make a measurement; the message says why."""


@dataclass(frozen=True)
class DeviceReading:
    """One measurement as the kiosk uses it.

    ``values`` keys are among systolic, diastolic (mmHg), pulse (beats per minute), spo2
    (percent), temperature_c (degrees Celsius), glucose_mmol_l (mmol/L) and weight_kg (kg):
    devices measuring in kPa, Fahrenheit, pounds or kg/L are converted here.
    """

    kind: str  # a sync.protocol ReadingKind value
    values: dict[str, float]
    measured_at: datetime | None = None  # the device's own time stamp, if it sent one
    problems: tuple[str, ...] = ()  # names from PROBLEMS
    meal: str | None = None  # glucose: "fasting", "after_meal" or "unknown"
    user_id: int | None = None  # the device's user number (a cuff or scale shared by people)
    # glucose: the meter's record number, which pairs a measurement with its context
    sequence_number: int | None = None


PROBLEMS: dict[str, str] = {
    "body_movement": "the body moved during the measurement",
    "cuff_loose": "the cuff is too loose",
    "irregular_pulse": "an irregular pulse was detected",
    "pulse_out_of_range": "the pulse was outside the range the device can measure",
    "improper_position": "the measuring position was not right",
    "no_sensor_contact": "the sensor is not touching the body",
    "weak_signal": "the signal was too weak or unsteady",
    "sensor_fault": "the device or its sensor reports a fault",
    "measurement_unsuccessful": "the device says the measurement did not succeed",
    "out_of_device_range": "the result is beyond what the device can measure",
    "not_a_person": "the device marked the data as a demonstration or test",
    "value_unavailable": "the device sent no usable value",
}

# The values each kind of reading must carry (the same as sync.protocol.READING_VALUES, which
# app/ may not import; a test keeps the two equal).
READING_VALUES: dict[str, tuple[str, ...]] = {
    "blood_pressure": ("systolic", "diastolic"),
    "heart_rate": ("pulse",),
    "pulse_oximetry": ("spo2",),
    "temperature": ("temperature_c",),
    "glucose": ("glucose_mmol_l",),
    "weight": ("weight_kg",),
}

# Services (16-bit assigned numbers).
BLOOD_PRESSURE_SERVICE = 0x1810
HEART_RATE_SERVICE = 0x180D
HEALTH_THERMOMETER_SERVICE = 0x1809
GLUCOSE_SERVICE = 0x1808
WEIGHT_SCALE_SERVICE = 0x181D
PULSE_OXIMETER_SERVICE = 0x1822

# Characteristics (16-bit assigned numbers).
BLOOD_PRESSURE_MEASUREMENT = 0x2A35
HEART_RATE_MEASUREMENT = 0x2A37
TEMPERATURE_MEASUREMENT = 0x2A1C
GLUCOSE_MEASUREMENT = 0x2A18
GLUCOSE_MEASUREMENT_CONTEXT = 0x2A34
WEIGHT_MEASUREMENT = 0x2A9D
PLX_SPOT_CHECK_MEASUREMENT = 0x2A5E
PLX_CONTINUOUS_MEASUREMENT = 0x2A5F


@dataclass(frozen=True)
class Characteristic:
    """A measurement characteristic: its number, its name in snake_case, the service that
    carries it, how the device sends it and the kind of reading it yields (None for the
    glucose context, which only adds to a glucose reading)."""

    uuid: int
    name: str
    service: int
    delivery: Literal["indicate", "notify"]
    kind: str | None


CHARACTERISTICS: dict[int, Characteristic] = {
    c.uuid: c
    for c in (
        Characteristic(
            BLOOD_PRESSURE_MEASUREMENT,
            "blood_pressure_measurement",
            BLOOD_PRESSURE_SERVICE,
            "indicate",
            "blood_pressure",
        ),
        Characteristic(
            HEART_RATE_MEASUREMENT,
            "heart_rate_measurement",
            HEART_RATE_SERVICE,
            "notify",
            "heart_rate",
        ),
        Characteristic(
            TEMPERATURE_MEASUREMENT,
            "temperature_measurement",
            HEALTH_THERMOMETER_SERVICE,
            "indicate",
            "temperature",
        ),
        Characteristic(
            GLUCOSE_MEASUREMENT, "glucose_measurement", GLUCOSE_SERVICE, "notify", "glucose"
        ),
        Characteristic(
            GLUCOSE_MEASUREMENT_CONTEXT,
            "glucose_measurement_context",
            GLUCOSE_SERVICE,
            "notify",
            None,
        ),
        Characteristic(
            WEIGHT_MEASUREMENT, "weight_measurement", WEIGHT_SCALE_SERVICE, "indicate", "weight"
        ),
        Characteristic(
            PLX_SPOT_CHECK_MEASUREMENT,
            "plx_spot_check_measurement",
            PULSE_OXIMETER_SERVICE,
            "indicate",
            "pulse_oximetry",
        ),
        Characteristic(
            PLX_CONTINUOUS_MEASUREMENT,
            "plx_continuous_measurement",
            PULSE_OXIMETER_SERVICE,
            "notify",
            "pulse_oximetry",
        ),
    )
}

# Service -> the characteristics it carries that the kiosk reads.
SERVICES: dict[int, tuple[int, ...]] = {}
for _characteristic in CHARACTERISTICS.values():
    SERVICES.setdefault(_characteristic.service, ())
    SERVICES[_characteristic.service] += (_characteristic.uuid,)
del _characteristic

_BASE_UUID_TAIL = "-0000-1000-8000-00805f9b34fb"


def uuid16(characteristic: int | str) -> int:
    """The 16-bit number of a characteristic or service given as 0x2A35, "2A35", "0x2a35"
    or "00002a35-0000-1000-8000-00805f9b34fb"; ParseError if it is none of these."""
    if isinstance(characteristic, bool):
        raise ParseError(f"not a Bluetooth UUID: {characteristic!r}")
    if isinstance(characteristic, int):
        if not 0 <= characteristic <= 0xFFFF:
            raise ParseError(f"not a 16-bit Bluetooth UUID: {characteristic:#x}")
        return characteristic
    if not isinstance(characteristic, str):
        raise ParseError(f"not a Bluetooth UUID: {characteristic!r}")
    text = characteristic.strip().lower()
    if len(text) == 36:
        if not (text.startswith("0000") and text.endswith(_BASE_UUID_TAIL)):
            raise ParseError(f"not a Bluetooth SIG UUID: {characteristic!r}")
        text = text[4:8]
    elif text.startswith("0x"):
        text = text[2:]
    if not 1 <= len(text) <= 4 or any(c not in "0123456789abcdef" for c in text):
        raise ParseError(f"not a Bluetooth UUID: {characteristic!r}")
    return int(text, 16)


def uuid128(number: int) -> str:
    """The full 128-bit UUID string of a 16-bit assigned number, as bleak names it."""
    if not 0 <= number <= 0xFFFF:
        raise ParseError(f"not a 16-bit Bluetooth UUID: {number:#x}")
    return f"0000{number:04x}{_BASE_UUID_TAIL}"


# The summary is made by app.devices.readings, which needs the names above: imported last.
from app.devices.readings import (  # noqa: E402
    GlucoseRecords,
    reading_from,
    with_context,
)

__all__ = [
    "CHARACTERISTICS",
    "PROBLEMS",
    "READING_VALUES",
    "SERVICES",
    "Characteristic",
    "DeviceReading",
    "GlucoseRecords",
    "ParseError",
    "reading_from",
    "uuid16",
    "uuid128",
    "with_context",
]
