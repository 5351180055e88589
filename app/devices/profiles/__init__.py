"""Pure parsers (and encoders) of the Bluetooth SIG health characteristics, one module per
family, and ``parse(characteristic, data)`` choosing the right one.

Each parser returns a frozen dataclass with the specification's field names in snake_case and
a ``to_json()``; any byte string either parses or raises ``ParseError``, never anything else.
The encoders write the same bytes a device sends: the simulated devices and the tests use them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from app.devices import CHARACTERISTICS, ParseError, uuid16
from app.devices.profiles.blood_pressure import (
    BloodPressureMeasurement,
    encode_blood_pressure,
    parse_blood_pressure,
)
from app.devices.profiles.glucose import (
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    encode_glucose,
    encode_glucose_context,
    parse_glucose,
    parse_glucose_context,
)
from app.devices.profiles.heart_rate import (
    HeartRateMeasurement,
    encode_heart_rate,
    parse_heart_rate,
)
from app.devices.profiles.pulse_oximeter import (
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    encode_plx_continuous,
    encode_plx_spot_check,
    parse_plx_continuous,
    parse_plx_spot_check,
)
from app.devices.profiles.thermometer import (
    TemperatureMeasurement,
    encode_temperature,
    parse_temperature,
)
from app.devices.profiles.weight import WeightMeasurement, encode_weight, parse_weight
from app.devices.wire import Measurement

AnyMeasurement: TypeAlias = (
    BloodPressureMeasurement
    | HeartRateMeasurement
    | TemperatureMeasurement
    | GlucoseMeasurement
    | GlucoseMeasurementContext
    | WeightMeasurement
    | PlxSpotCheckMeasurement
    | PlxContinuousMeasurement
)

PARSERS: dict[int, Callable[[bytes], AnyMeasurement]] = {
    BloodPressureMeasurement.CHARACTERISTIC: parse_blood_pressure,
    HeartRateMeasurement.CHARACTERISTIC: parse_heart_rate,
    TemperatureMeasurement.CHARACTERISTIC: parse_temperature,
    GlucoseMeasurement.CHARACTERISTIC: parse_glucose,
    GlucoseMeasurementContext.CHARACTERISTIC: parse_glucose_context,
    WeightMeasurement.CHARACTERISTIC: parse_weight,
    PlxSpotCheckMeasurement.CHARACTERISTIC: parse_plx_spot_check,
    PlxContinuousMeasurement.CHARACTERISTIC: parse_plx_continuous,
}

_ENCODERS: dict[type[Measurement], Callable[[Any], bytes]] = {
    BloodPressureMeasurement: encode_blood_pressure,
    HeartRateMeasurement: encode_heart_rate,
    TemperatureMeasurement: encode_temperature,
    GlucoseMeasurement: encode_glucose,
    GlucoseMeasurementContext: encode_glucose_context,
    WeightMeasurement: encode_weight,
    PlxSpotCheckMeasurement: encode_plx_spot_check,
    PlxContinuousMeasurement: encode_plx_continuous,
}


def parse(characteristic: int | str, data: bytes) -> AnyMeasurement:
    """The measurement in ``data`` from ``characteristic`` (0x2A35, "2A35", "0x2a35" or the
    full 128-bit UUID); ParseError for an unknown characteristic or bytes that are not one."""
    number = uuid16(characteristic)
    parser = PARSERS.get(number)
    if parser is None:
        raise ParseError(f"{number:#06x} is not a health measurement this kiosk reads")
    return parser(data)


def encode(measurement: AnyMeasurement) -> bytes:
    """The bytes a device sends for ``measurement`` (each family's ``encode_*`` takes
    options, such as the exponent a thermometer uses); ValueError for a value the format
    cannot hold (a weight over 327 kg, a sequence number over 65535)."""
    try:
        return _ENCODERS[type(measurement)](measurement)
    except OverflowError as error:
        raise ValueError(f"{type(measurement).__name__} cannot be sent: {error}") from error


def name_of(characteristic: int | str) -> str:
    """The characteristic's name in snake_case, e.g. "blood_pressure_measurement"."""
    number = uuid16(characteristic)
    if number not in CHARACTERISTICS:
        raise ParseError(f"{number:#06x} is not a health measurement this kiosk reads")
    return CHARACTERISTICS[number].name


__all__ = [
    "PARSERS",
    "AnyMeasurement",
    "BloodPressureMeasurement",
    "GlucoseMeasurement",
    "GlucoseMeasurementContext",
    "HeartRateMeasurement",
    "PlxContinuousMeasurement",
    "PlxSpotCheckMeasurement",
    "TemperatureMeasurement",
    "WeightMeasurement",
    "encode",
    "encode_blood_pressure",
    "encode_glucose",
    "encode_glucose_context",
    "encode_heart_rate",
    "encode_plx_continuous",
    "encode_plx_spot_check",
    "encode_temperature",
    "encode_weight",
    "parse",
]
