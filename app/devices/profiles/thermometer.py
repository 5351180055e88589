"""Temperature Measurement (0x2A1C, Health Thermometer Service 0x1809).

Layout: flags (uint8); temperature (FLOAT: Celsius, or Fahrenheit when flag bit 0 is set); time
stamp (Date Time, flag bit 1); temperature type (uint8, flag bit 2). Flag bits 3-7 are
reserved. Temperature types: 1 armpit, 2 body (general), 3 ear (usually earlobe), 4 finger,
5 gastro-intestinal tract, 6 mouth, 7 rectum, 8 toe, 9 tympanum (ear drum); others reserved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.devices import TEMPERATURE_MEASUREMENT
from app.devices.wire import (
    Measurement,
    Reader,
    code_from_name,
    code_name,
    put_date_time,
    put_float,
    special_or,
)

_FAHRENHEIT = 0x01
_TIME_STAMP = 0x02
_TEMPERATURE_TYPE = 0x04
_RESERVED_FLAGS = 0xF8

TEMPERATURE_TYPES = {
    1: "armpit",
    2: "body",
    3: "ear",
    4: "finger",
    5: "gastro_intestinal_tract",
    6: "mouth",
    7: "rectum",
    8: "toe",
    9: "tympanum",
}


@dataclass(frozen=True, kw_only=True)
class TemperatureMeasurement(Measurement):
    """A thermometer reading as sent (the value in ``unit``)."""

    CHARACTERISTIC = TEMPERATURE_MEASUREMENT

    unit: Literal["celsius", "fahrenheit"]
    temperature: float | None
    timestamp: datetime | None = None
    temperature_type: str | None = None  # a TEMPERATURE_TYPES name, or reserved_N


def parse_temperature(data: bytes) -> TemperatureMeasurement:
    """Parse a Temperature Measurement value; ParseError if it is not one."""
    reader = Reader(data, "temperature measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    temperature = reader.float32("temperature")
    timestamp = reader.date_time("timestamp") if flags & _TIME_STAMP else None
    temperature_type = None
    if flags & _TEMPERATURE_TYPE:
        temperature_type = code_name(reader.uint8("temperature_type"), TEMPERATURE_TYPES)
    reader.finish()
    return TemperatureMeasurement(
        unit="fahrenheit" if flags & _FAHRENHEIT else "celsius",
        temperature=temperature,
        timestamp=timestamp,
        temperature_type=temperature_type,
        **reader.extras(),
    )


def encode_temperature(
    measurement: TemperatureMeasurement, *, exponent: int | None = None
) -> bytes:
    """The bytes a thermometer sends for ``measurement`` (``exponent`` -1 sends 36.6 as
    mantissa 366, as most thermometers do)."""
    flags = (
        (_FAHRENHEIT if measurement.unit == "fahrenheit" else 0)
        | (_TIME_STAMP if measurement.timestamp is not None else 0)
        | (_TEMPERATURE_TYPE if measurement.temperature_type is not None else 0)
    )
    value = special_or(measurement.temperature, "temperature", measurement.special_values)
    out = bytearray([flags]) + put_float(value, exponent)
    if measurement.timestamp is not None:
        out += put_date_time(measurement.timestamp)
    if measurement.temperature_type is not None:
        out.append(code_from_name(measurement.temperature_type, TEMPERATURE_TYPES))
    return bytes(out)
