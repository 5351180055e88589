"""Blood Pressure Measurement (0x2A35, Blood Pressure Service 0x1810).

Layout (little-endian): flags (uint8); systolic, diastolic, mean arterial pressure (SFLOAT
each, in mmHg or kPa by flag bit 0); then, each when its flag is set: time stamp (Date Time,
bit 1), pulse rate (SFLOAT, beats per minute, bit 2), user id (uint8, 255 = unknown user, bit
3), measurement status (uint16, bit 4). Flag bits 5-7 are reserved.

Measurement status: bit 0 body movement, bit 1 cuff too loose, bit 2 irregular pulse, bits 3-4
pulse rate range (0 within, 1 above the upper limit, 2 below the lower limit, 3 reserved),
bit 5 improper measurement position; bits 6-15 reserved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.devices import BLOOD_PRESSURE_MEASUREMENT
from app.devices.wire import (
    Measurement,
    Reader,
    bit_names,
    bits_from_names,
    put_date_time,
    put_sfloat,
    special_or,
)

_UNITS_KPA = 0x01
_TIME_STAMP = 0x02
_PULSE_RATE = 0x04
_USER_ID = 0x08
_STATUS = 0x10
_RESERVED_FLAGS = 0xE0

UNKNOWN_USER = 255

# The single-bit status flags; the pulse rate range (bits 3-4) is a 2-bit field.
STATUS_BITS = {
    0: "body_movement",
    1: "cuff_too_loose",
    2: "irregular_pulse",
    5: "improper_measurement_position",
}
PULSE_RATE_RANGE = {
    1: "pulse_rate_exceeds_upper_limit",
    2: "pulse_rate_below_lower_limit",
    3: "pulse_rate_range_reserved",
}
_PULSE_RATE_RANGE_SHIFT = 3


@dataclass(frozen=True, kw_only=True)
class BloodPressureMeasurement(Measurement):
    """A blood-pressure reading as the cuff sent it (pressures in ``unit``)."""

    CHARACTERISTIC = BLOOD_PRESSURE_MEASUREMENT

    unit: Literal["mmHg", "kPa"]
    systolic: float | None
    diastolic: float | None
    mean_arterial_pressure: float | None
    timestamp: datetime | None = None
    pulse_rate: float | None = None
    user_id: int | None = None  # None: not sent; 255: the device's "unknown user"
    status: tuple[str, ...] | None = None  # None: not sent; names of the set bits


def status_names(raw: int) -> tuple[str, ...]:
    """The names of the set bits of a measurement status, the pulse rate range last."""
    # Bits 3-4 are read as one field below, so leave them out of the per-bit names.
    names = bit_names(raw & ~(0b11 << _PULSE_RATE_RANGE_SHIFT), STATUS_BITS, 16)
    pulse_range = raw >> _PULSE_RATE_RANGE_SHIFT & 0b11
    if pulse_range:
        names = (*names, PULSE_RATE_RANGE[pulse_range])
    return names


def parse_blood_pressure(data: bytes) -> BloodPressureMeasurement:
    """Parse a Blood Pressure Measurement value; ParseError if it is not one."""
    reader = Reader(data, "blood pressure measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    systolic = reader.sfloat("systolic")
    diastolic = reader.sfloat("diastolic")
    mean_arterial_pressure = reader.sfloat("mean_arterial_pressure")
    timestamp = reader.date_time("timestamp") if flags & _TIME_STAMP else None
    pulse_rate = reader.sfloat("pulse_rate") if flags & _PULSE_RATE else None
    user_id = reader.uint8("user_id") if flags & _USER_ID else None
    status = status_names(reader.uint16("status")) if flags & _STATUS else None
    reader.finish()
    return BloodPressureMeasurement(
        unit="kPa" if flags & _UNITS_KPA else "mmHg",
        systolic=systolic,
        diastolic=diastolic,
        mean_arterial_pressure=mean_arterial_pressure,
        timestamp=timestamp,
        pulse_rate=pulse_rate,
        user_id=user_id,
        status=status,
        **reader.extras(),
    )


def encode_blood_pressure(
    measurement: BloodPressureMeasurement, *, with_time_stamp: bool | None = None
) -> bytes:
    """The bytes a cuff sends for ``measurement``. A None pressure is sent as NaN (or as the
    special value ``special_values`` names); the time stamp is sent when there is one, or
    when ``with_time_stamp`` asks (as "not known")."""
    specials = measurement.special_values
    send_time = measurement.timestamp is not None if with_time_stamp is None else with_time_stamp
    send_pulse = measurement.pulse_rate is not None or "pulse_rate" in specials
    flags = (
        (_UNITS_KPA if measurement.unit == "kPa" else 0)
        | (_TIME_STAMP if send_time else 0)
        | (_PULSE_RATE if send_pulse else 0)
        | (_USER_ID if measurement.user_id is not None else 0)
        | (_STATUS if measurement.status is not None else 0)
    )
    out = bytearray([flags])
    for name in ("systolic", "diastolic", "mean_arterial_pressure"):
        out += put_sfloat(special_or(getattr(measurement, name), name, specials))
    if send_time:
        out += put_date_time(measurement.timestamp)
    if send_pulse:
        out += put_sfloat(special_or(measurement.pulse_rate, "pulse_rate", specials))
    if measurement.user_id is not None:
        out.append(measurement.user_id)
    if measurement.status is not None:
        out += _status_bits(measurement.status).to_bytes(2, "little")
    return bytes(out)


def _status_bits(names: tuple[str, ...]) -> int:
    ranges = {name: code for code, name in PULSE_RATE_RANGE.items()}
    value = 0
    for name in names:
        if name in ranges:
            value |= ranges[name] << _PULSE_RATE_RANGE_SHIFT
    return value | bits_from_names([n for n in names if n not in ranges], STATUS_BITS)
