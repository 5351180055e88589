"""Heart Rate Measurement (0x2A37, Heart Rate Service 0x180D).

Layout: flags (uint8); heart rate (uint8, or uint16 when flag bit 0 is set; beats per minute);
energy expended (uint16, kilojoules, flag bit 3); RR intervals (uint16 each, in 1/1024 s, flag
bit 4, as many as the rest of the value holds). Flag bits 1-2 are the sensor contact status:
0 or 1 not supported, 2 supported but no contact, 3 supported and in contact. Bits 5-7 are
reserved.

The RR intervals run to the end of the value, so here an odd byte left over is a truncated
interval (ParseError), and the flag promising intervals with none following is an error too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.devices import HEART_RATE_MEASUREMENT, ParseError
from app.devices.wire import Measurement, Reader

_UINT16_VALUE = 0x01
_CONTACT_SHIFT = 1
_ENERGY = 0x08
_RR_INTERVALS = 0x10
_RESERVED_FLAGS = 0xE0
RR_UNITS_PER_SECOND = 1024

SensorContact = Literal["not_supported", "not_detected", "detected"]
_CONTACT: dict[int, SensorContact] = {
    0: "not_supported",
    1: "not_supported",
    2: "not_detected",
    3: "detected",
}


@dataclass(frozen=True, kw_only=True)
class HeartRateMeasurement(Measurement):
    """A heart-rate notification; RR intervals in seconds (exact multiples of 1/1024)."""

    CHARACTERISTIC = HEART_RATE_MEASUREMENT

    heart_rate: int
    sensor_contact: SensorContact = "not_supported"
    energy_expended: int | None = None  # kilojoules since the device's last reset
    rr_intervals: tuple[float, ...] | None = None
    value_format: Literal["uint8", "uint16"] = "uint8"


def parse_heart_rate(data: bytes) -> HeartRateMeasurement:
    """Parse a Heart Rate Measurement value; ParseError if it is not one."""
    reader = Reader(data, "heart rate measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    wide = bool(flags & _UINT16_VALUE)
    heart_rate = reader.uint16("heart_rate") if wide else reader.uint8("heart_rate")
    energy = reader.uint16("energy_expended") if flags & _ENERGY else None
    rr_intervals: tuple[float, ...] | None = None
    if flags & _RR_INTERVALS:
        left = reader.remaining()
        if left == 0:
            raise ParseError("heart rate measurement: the flags promise RR intervals, none came")
        if left % 2:
            raise ParseError(
                f"heart rate measurement: RR intervals take 2 bytes each, {left} bytes are left"
            )
        rr_intervals = tuple(
            reader.uint16("rr_interval") / RR_UNITS_PER_SECOND for _ in range(left // 2)
        )
    reader.finish()
    return HeartRateMeasurement(
        heart_rate=heart_rate,
        sensor_contact=_CONTACT[flags >> _CONTACT_SHIFT & 0b11],
        energy_expended=energy,
        rr_intervals=rr_intervals,
        value_format="uint16" if wide else "uint8",
        **reader.extras(),
    )


def encode_heart_rate(measurement: HeartRateMeasurement) -> bytes:
    """The bytes a heart-rate sensor sends for ``measurement`` (RR intervals rounded to the
    nearest 1/1024 s)."""
    wide = measurement.value_format == "uint16" or measurement.heart_rate > 0xFF
    contact = {"not_supported": 0, "not_detected": 2, "detected": 3}[measurement.sensor_contact]
    flags = (
        (_UINT16_VALUE if wide else 0)
        | contact << _CONTACT_SHIFT
        | (_ENERGY if measurement.energy_expended is not None else 0)
        | (_RR_INTERVALS if measurement.rr_intervals else 0)
    )
    out = bytearray([flags])
    out += measurement.heart_rate.to_bytes(2 if wide else 1, "little")
    if measurement.energy_expended is not None:
        out += measurement.energy_expended.to_bytes(2, "little")
    for seconds in measurement.rr_intervals or ():
        out += round(seconds * RR_UNITS_PER_SECOND).to_bytes(2, "little")
    return bytes(out)
