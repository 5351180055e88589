"""Weight Measurement (0x2A9D, Weight Scale Service 0x181D).

Layout: flags (uint8); weight (uint16: 0.005 kg steps in SI units, 0.01 lb steps in imperial
units when flag bit 0 is set; 0xFFFF means the measurement was unsuccessful); time stamp (Date
Time, bit 1); user id (uint8, 255 = unknown user, bit 2); BMI (uint16, 0.1 kg/m2) and height
(uint16: 0.001 m in SI, 0.1 inch in imperial) (bit 3). Bits 4-7 are reserved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.devices import WEIGHT_MEASUREMENT
from app.devices.wire import Measurement, Reader, put_date_time

_IMPERIAL = 0x01
_TIME_STAMP = 0x02
_USER_ID = 0x04
_BMI_HEIGHT = 0x08
_RESERVED_FLAGS = 0xF0

MEASUREMENT_UNSUCCESSFUL = 0xFFFF
# Steps per unit: the weight's resolution is 1/200 kg or 1/100 lb; height 1/1000 m or 1/10 in.
_WEIGHT_STEPS = {"kg": 200, "lb": 100}
_HEIGHT_STEPS = {"kg": 1000, "lb": 10}
_BMI_STEPS = 10
POUND_KG = 0.45359237  # by definition


@dataclass(frozen=True, kw_only=True)
class WeightMeasurement(Measurement):
    """A scale's reading as sent: weight in ``unit`` (kg or lb), height in metres with kg,
    inches with lb."""

    CHARACTERISTIC = WEIGHT_MEASUREMENT

    unit: Literal["kg", "lb"]
    weight: float | None  # None: the scale said "measurement unsuccessful"
    timestamp: datetime | None = None
    user_id: int | None = None  # None: not sent; 255: the device's "unknown user"
    bmi: float | None = None
    height: float | None = None
    measurement_unsuccessful: bool = False


def parse_weight(data: bytes) -> WeightMeasurement:
    """Parse a Weight Measurement value; ParseError if it is not one."""
    reader = Reader(data, "weight measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    unit: Literal["kg", "lb"] = "lb" if flags & _IMPERIAL else "kg"
    raw_weight = reader.uint16("weight")
    timestamp = reader.date_time("timestamp") if flags & _TIME_STAMP else None
    user_id = reader.uint8("user_id") if flags & _USER_ID else None
    bmi = height = None
    if flags & _BMI_HEIGHT:
        bmi = reader.uint16("bmi") / _BMI_STEPS
        height = reader.uint16("height") / _HEIGHT_STEPS[unit]
    reader.finish()
    unsuccessful = raw_weight == MEASUREMENT_UNSUCCESSFUL
    if unsuccessful:
        reader.notes.append("the scale reports the measurement as unsuccessful")
    return WeightMeasurement(
        unit=unit,
        weight=None if unsuccessful else raw_weight / _WEIGHT_STEPS[unit],
        timestamp=timestamp,
        user_id=user_id,
        bmi=bmi,
        height=height,
        measurement_unsuccessful=unsuccessful,
        **reader.extras(),
    )


def encode_weight(measurement: WeightMeasurement) -> bytes:
    """The bytes a scale sends for ``measurement`` (values rounded to the scale's steps; a
    None weight is sent as "measurement unsuccessful")."""
    unit = measurement.unit
    has_bmi = measurement.bmi is not None and measurement.height is not None
    flags = (
        (_IMPERIAL if unit == "lb" else 0)
        | (_TIME_STAMP if measurement.timestamp is not None else 0)
        | (_USER_ID if measurement.user_id is not None else 0)
        | (_BMI_HEIGHT if has_bmi else 0)
    )
    if measurement.weight is None:
        raw_weight = MEASUREMENT_UNSUCCESSFUL
    else:
        raw_weight = round(measurement.weight * _WEIGHT_STEPS[unit])
    out = bytearray([flags]) + raw_weight.to_bytes(2, "little")
    if measurement.timestamp is not None:
        out += put_date_time(measurement.timestamp)
    if measurement.user_id is not None:
        out.append(measurement.user_id)
    if has_bmi:
        out += round((measurement.bmi or 0) * _BMI_STEPS).to_bytes(2, "little")
        out += round((measurement.height or 0) * _HEIGHT_STEPS[unit]).to_bytes(2, "little")
    return bytes(out)
