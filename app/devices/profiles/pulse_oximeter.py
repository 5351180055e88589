"""PLX Spot-check Measurement (0x2A5E) and PLX Continuous Measurement (0x2A5F), Pulse
Oximeter Service 0x1822.

Spot-check layout: flags (uint8); SpO2 (SFLOAT %) and pulse rate (SFLOAT per minute); then by
flag: time stamp (Date Time, bit 0); measurement status (uint16, bit 1); device and sensor
status (uint24, bit 2); pulse amplitude index (SFLOAT %, bit 3). Bit 4 says the device clock is
not set; bits 5-7 are reserved.

Continuous layout: flags (uint8); SpO2 and pulse rate "normal" (two SFLOATs); then by flag:
the "fast" pair (bit 0), the "slow" pair (bit 1), measurement status (bit 2), device and sensor
status (bit 3), pulse amplitude index (bit 4); bits 5-7 are reserved.

Measurement status bits 5-15: measurement ongoing, early estimated data, validated data, fully
qualified data, data from measurement storage, data for demonstration, data for testing,
calibration ongoing, measurement unavailable, questionable measurement detected, invalid
measurement detected (bits 0-4 reserved). Device and sensor status bits 0-15: extended
display update ongoing, equipment malfunction, signal processing irregularity, inadequate
signal, poor signal, low perfusion, erratic signal, nonpulsatile signal, questionable pulse,
signal analysis ongoing, sensor interference, sensor unconnected to user, unknown sensor
connected, sensor displaced, sensor malfunctioning, sensor disconnected (bits 16-23 reserved).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.devices import PLX_CONTINUOUS_MEASUREMENT, PLX_SPOT_CHECK_MEASUREMENT
from app.devices.wire import (
    Measurement,
    Reader,
    bit_names,
    bits_from_names,
    put_date_time,
    put_sfloat,
    special_or,
)

# Spot-check flags
_SPOT_TIME_STAMP = 0x01
_SPOT_MEASUREMENT_STATUS = 0x02
_SPOT_DEVICE_STATUS = 0x04
_SPOT_PULSE_AMPLITUDE_INDEX = 0x08
_SPOT_CLOCK_NOT_SET = 0x10
# Continuous flags
_FAST = 0x01
_SLOW = 0x02
_CONTINUOUS_MEASUREMENT_STATUS = 0x04
_CONTINUOUS_DEVICE_STATUS = 0x08
_CONTINUOUS_PULSE_AMPLITUDE_INDEX = 0x10
_RESERVED_FLAGS = 0xE0

MEASUREMENT_STATUS_BITS = {
    5: "measurement_ongoing",
    6: "early_estimated_data",
    7: "validated_data",
    8: "fully_qualified_data",
    9: "data_from_measurement_storage",
    10: "data_for_demonstration",
    11: "data_for_testing",
    12: "calibration_ongoing",
    13: "measurement_unavailable",
    14: "questionable_measurement_detected",
    15: "invalid_measurement_detected",
}
DEVICE_AND_SENSOR_STATUS_BITS = {
    0: "extended_display_update_ongoing",
    1: "equipment_malfunction_detected",
    2: "signal_processing_irregularity_detected",
    3: "inadequate_signal_detected",
    4: "poor_signal_detected",
    5: "low_perfusion_detected",
    6: "erratic_signal_detected",
    7: "nonpulsatile_signal_detected",
    8: "questionable_pulse_detected",
    9: "signal_analysis_ongoing",
    10: "sensor_interference_detected",
    11: "sensor_unconnected_to_user",
    12: "unknown_sensor_connected",
    13: "sensor_displaced",
    14: "sensor_malfunctioning",
    15: "sensor_disconnected",
}


@dataclass(frozen=True, kw_only=True)
class PlxSpotCheckMeasurement(Measurement):
    """One spot-check of a pulse oximeter."""

    CHARACTERISTIC = PLX_SPOT_CHECK_MEASUREMENT

    spo2: float | None
    pulse_rate: float | None
    timestamp: datetime | None = None
    measurement_status: tuple[str, ...] | None = None
    device_and_sensor_status: tuple[str, ...] | None = None
    pulse_amplitude_index: float | None = None
    device_clock_not_set: bool = False


@dataclass(frozen=True, kw_only=True)
class PlxContinuousMeasurement(Measurement):
    """One of a pulse oximeter's running values: "normal" averaging, with the "fast" and
    "slow" ones when the device sends them."""

    CHARACTERISTIC = PLX_CONTINUOUS_MEASUREMENT

    spo2: float | None
    pulse_rate: float | None
    spo2_fast: float | None = None
    pulse_rate_fast: float | None = None
    spo2_slow: float | None = None
    pulse_rate_slow: float | None = None
    measurement_status: tuple[str, ...] | None = None
    device_and_sensor_status: tuple[str, ...] | None = None
    pulse_amplitude_index: float | None = None
    has_fast: bool = False
    has_slow: bool = False


def _statuses(reader: Reader, measurement: bool, device: bool) -> dict[str, object]:
    fields: dict[str, object] = {}
    if measurement:
        raw = reader.uint16("measurement_status")
        fields["measurement_status"] = bit_names(raw, MEASUREMENT_STATUS_BITS, 16)
    if device:
        raw = reader.uint24("device_and_sensor_status")
        fields["device_and_sensor_status"] = bit_names(raw, DEVICE_AND_SENSOR_STATUS_BITS, 24)
    return fields


def parse_plx_spot_check(data: bytes) -> PlxSpotCheckMeasurement:
    """Parse a PLX Spot-check Measurement value; ParseError if it is not one."""
    reader = Reader(data, "PLX spot-check measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    spo2 = reader.sfloat("spo2")
    pulse_rate = reader.sfloat("pulse_rate")
    timestamp = reader.date_time("timestamp") if flags & _SPOT_TIME_STAMP else None
    fields = _statuses(
        reader, bool(flags & _SPOT_MEASUREMENT_STATUS), bool(flags & _SPOT_DEVICE_STATUS)
    )
    if flags & _SPOT_PULSE_AMPLITUDE_INDEX:
        fields["pulse_amplitude_index"] = reader.sfloat("pulse_amplitude_index")
    reader.finish()
    return PlxSpotCheckMeasurement(
        spo2=spo2,
        pulse_rate=pulse_rate,
        timestamp=timestamp,
        device_clock_not_set=bool(flags & _SPOT_CLOCK_NOT_SET),
        **fields,  # type: ignore[arg-type]
        **reader.extras(),
    )


def parse_plx_continuous(data: bytes) -> PlxContinuousMeasurement:
    """Parse a PLX Continuous Measurement value; ParseError if it is not one."""
    reader = Reader(data, "PLX continuous measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    fields: dict[str, object] = {
        "spo2": reader.sfloat("spo2"),
        "pulse_rate": reader.sfloat("pulse_rate"),
        "has_fast": bool(flags & _FAST),
        "has_slow": bool(flags & _SLOW),
    }
    for suffix, flag in (("fast", _FAST), ("slow", _SLOW)):
        if flags & flag:
            fields[f"spo2_{suffix}"] = reader.sfloat(f"spo2_{suffix}")
            fields[f"pulse_rate_{suffix}"] = reader.sfloat(f"pulse_rate_{suffix}")
    fields |= _statuses(
        reader,
        bool(flags & _CONTINUOUS_MEASUREMENT_STATUS),
        bool(flags & _CONTINUOUS_DEVICE_STATUS),
    )
    if flags & _CONTINUOUS_PULSE_AMPLITUDE_INDEX:
        fields["pulse_amplitude_index"] = reader.sfloat("pulse_amplitude_index")
    reader.finish()
    return PlxContinuousMeasurement(**fields, **reader.extras())  # type: ignore[arg-type]


def _put_statuses(measurement: PlxSpotCheckMeasurement | PlxContinuousMeasurement) -> bytes:
    out = b""
    if measurement.measurement_status is not None:
        raw = bits_from_names(measurement.measurement_status, MEASUREMENT_STATUS_BITS)
        out += raw.to_bytes(2, "little")
    if measurement.device_and_sensor_status is not None:
        raw = bits_from_names(measurement.device_and_sensor_status, DEVICE_AND_SENSOR_STATUS_BITS)
        out += raw.to_bytes(3, "little")
    return out


def _has_pai(measurement: PlxSpotCheckMeasurement | PlxContinuousMeasurement) -> bool:
    return (
        measurement.pulse_amplitude_index is not None
        or "pulse_amplitude_index" in measurement.special_values
    )


def encode_plx_spot_check(measurement: PlxSpotCheckMeasurement) -> bytes:
    """The bytes a pulse oximeter sends for one spot-check."""
    specials = measurement.special_values
    flags = (
        (_SPOT_TIME_STAMP if measurement.timestamp is not None else 0)
        | (_SPOT_MEASUREMENT_STATUS if measurement.measurement_status is not None else 0)
        | (_SPOT_DEVICE_STATUS if measurement.device_and_sensor_status is not None else 0)
        | (_SPOT_PULSE_AMPLITUDE_INDEX if _has_pai(measurement) else 0)
        | (_SPOT_CLOCK_NOT_SET if measurement.device_clock_not_set else 0)
    )
    out = bytearray([flags])
    out += put_sfloat(special_or(measurement.spo2, "spo2", specials))
    out += put_sfloat(special_or(measurement.pulse_rate, "pulse_rate", specials))
    if measurement.timestamp is not None:
        out += put_date_time(measurement.timestamp)
    out += _put_statuses(measurement)
    if _has_pai(measurement):
        value = special_or(measurement.pulse_amplitude_index, "pulse_amplitude_index", specials)
        out += put_sfloat(value)
    return bytes(out)


def encode_plx_continuous(measurement: PlxContinuousMeasurement) -> bytes:
    """The bytes a pulse oximeter sends for one continuous value."""
    specials = measurement.special_values
    flags = (
        (_FAST if measurement.has_fast else 0)
        | (_SLOW if measurement.has_slow else 0)
        | (_CONTINUOUS_MEASUREMENT_STATUS if measurement.measurement_status is not None else 0)
        | (_CONTINUOUS_DEVICE_STATUS if measurement.device_and_sensor_status is not None else 0)
        | (_CONTINUOUS_PULSE_AMPLITUDE_INDEX if _has_pai(measurement) else 0)
    )
    out = bytearray([flags])
    names = ["spo2", "pulse_rate"]
    if measurement.has_fast:
        names += ["spo2_fast", "pulse_rate_fast"]
    if measurement.has_slow:
        names += ["spo2_slow", "pulse_rate_slow"]
    for name in names:
        out += put_sfloat(special_or(getattr(measurement, name), name, specials))
    out += _put_statuses(measurement)
    if _has_pai(measurement):
        value = special_or(measurement.pulse_amplitude_index, "pulse_amplitude_index", specials)
        out += put_sfloat(value)
    return bytes(out)
