"""Fuzzing the parsers (hypothesis): any bytes from any device either parse or raise
ParseError, and every valid measurement survives encoding and parsing unchanged."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.devices import CHARACTERISTICS, DeviceReading, GlucoseRecords, ParseError, reading_from
from app.devices.profiles import (
    PARSERS,
    BloodPressureMeasurement,
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    HeartRateMeasurement,
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    TemperatureMeasurement,
    WeightMeasurement,
    encode,
    glucose,
    parse,
    pulse_oximeter,
    thermometer,
)
from app.devices.profiles.blood_pressure import status_names
from app.devices.sfloat import Special, decode_float, decode_sfloat
from app.devices.wire import bit_names, code_name

UUIDS = sorted(PARSERS)


def _bytes_for_flags() -> st.SearchStrategy[bytes]:
    """A flags byte and a length near what those flags need: reaches deeper than random."""
    return st.builds(
        lambda flags, rest: bytes([flags]) + rest, st.integers(0, 255), st.binary(max_size=40)
    )


@settings(max_examples=400)
@given(st.sampled_from(UUIDS), st.one_of(st.binary(max_size=64), _bytes_for_flags()))
def test_any_bytes_parse_or_raise_a_parse_error(uuid: int, data: bytes) -> None:
    try:
        measurement = parse(uuid, data)
    except ParseError as error:
        assert str(error)
        return
    # What parses is JSON-ready.
    json.dumps(measurement.to_json())


@settings(max_examples=400)
@given(st.sampled_from(UUIDS), st.one_of(st.binary(max_size=64), _bytes_for_flags()))
def test_any_bytes_make_a_reading_or_raise_a_parse_error(uuid: int, data: bytes) -> None:
    try:
        reading = reading_from(uuid, data)
    except ParseError:
        return
    assert isinstance(reading, DeviceReading)
    assert reading.kind == CHARACTERISTICS[uuid].kind
    assert all(isinstance(value, float) for value in reading.values.values())
    assert all(value == value for value in reading.values.values())  # never a float NaN


@given(st.lists(st.tuples(st.sampled_from(UUIDS), st.binary(max_size=24)), max_size=12))
def test_glucose_records_lose_no_measurement_whatever_comes(
    notifications: list[tuple[int, bytes]],
) -> None:
    records = GlucoseRecords()
    measurements = finished = 0
    for uuid, data in notifications:
        try:
            readings = records.add(uuid, data)
        except ParseError:
            continue
        finished += sum(reading.kind == "glucose" for reading in readings)
        measurements += uuid == 0x2A18
    finished += len(records.flush())
    assert finished == measurements


# -- valid measurements -------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(1582, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0)
)
specials = st.sampled_from(list(Special))
sfloats = st.one_of(
    st.builds(
        lambda mantissa, exponent: decode_sfloat((exponent & 0xF) << 12 | mantissa & 0xFFF),
        st.integers(-2045, 2045),
        st.integers(-8, 7),
    ),
    specials,
)
floats = st.one_of(
    st.builds(
        lambda mantissa, exponent: decode_float((exponent & 0xFF) << 24 | mantissa & 0xFFFFFF),
        st.integers(-(2**23) + 3, 2**23 - 3),
        st.integers(-20, 20),
    ),
    specials,
)


def _build(cls: type, **fields: Any) -> Any:
    """The measurement, with every Special given moved into special_values (its field None)."""
    found = {name: str(value) for name, value in fields.items() if isinstance(value, Special)}
    plain = {name: None if isinstance(value, Special) else value for name, value in fields.items()}
    return cls(**plain, special_values=found)


def _names(table: dict[int, str], bits: int) -> st.SearchStrategy[tuple[str, ...]]:
    return st.integers(0, 2**bits - 1).map(lambda raw: bit_names(raw, table, bits))


def _codes(table: dict[int, str], bits: int) -> st.SearchStrategy[str]:
    return st.integers(0, 2**bits - 1).map(lambda code: code_name(code, table))


blood_pressures = st.builds(
    lambda pulse, **fields: _build(
        BloodPressureMeasurement, **fields, **({} if pulse is None else {"pulse_rate": pulse})
    ),
    unit=st.sampled_from(["mmHg", "kPa"]),
    systolic=sfloats,
    diastolic=sfloats,
    mean_arterial_pressure=sfloats,
    timestamp=st.none() | moments,
    pulse=st.none() | sfloats,
    user_id=st.none() | st.integers(0, 255),
    status=st.none() | st.integers(0, 0xFFFF).map(status_names),
)
heart_rates = st.one_of(
    st.builds(HeartRateMeasurement, heart_rate=st.integers(0, 255), value_format=st.just("uint8")),
    st.builds(
        HeartRateMeasurement, heart_rate=st.integers(0, 0xFFFF), value_format=st.just("uint16")
    ),
).flatmap(
    lambda m: st.builds(
        dataclasses.replace,
        st.just(m),
        sensor_contact=st.sampled_from(["not_supported", "not_detected", "detected"]),
        energy_expended=st.none() | st.integers(0, 0xFFFF),
        rr_intervals=st.none()
        | st.lists(st.integers(0, 0xFFFF).map(lambda n: n / 1024), min_size=1, max_size=8).map(
            tuple
        ),
    )
)
temperatures = st.builds(
    lambda **fields: _build(TemperatureMeasurement, **fields),
    unit=st.sampled_from(["celsius", "fahrenheit"]),
    temperature=floats,
    timestamp=st.none() | moments,
    temperature_type=st.none() | _codes(thermometer.TEMPERATURE_TYPES, 8),
)


def _glucose(concentration: Any, unit: Any, **fields: Any) -> GlucoseMeasurement:
    if unit is None:
        return _build(GlucoseMeasurement, **fields)
    return _build(GlucoseMeasurement, glucose_concentration=concentration, unit=unit, **fields)


glucose_measurements = st.builds(
    _glucose,
    concentration=sfloats,
    unit=st.none() | st.sampled_from(["kg/L", "mol/L"]),
    sequence_number=st.integers(0, 0xFFFF),
    base_time=moments,
    time_offset=st.none() | st.integers(-(2**15), 2**15 - 1),
    sensor_status_annunciation=st.none() | _names(glucose.SENSOR_STATUS_BITS, 16),
    context_information_follows=st.booleans(),
).flatmap(
    lambda m: (
        st.just(m)
        if m.unit is None
        else st.builds(
            dataclasses.replace,
            st.just(m),
            type=_codes(glucose.GLUCOSE_TYPES, 4),
            sample_location=_codes(glucose.SAMPLE_LOCATIONS, 4),
        )
    )
)


def _context(**fields: Any) -> GlucoseMeasurementContext:
    groups = {
        "carbohydrate": ("carbohydrate_id", "carbohydrate"),
        "tester": ("tester", "health"),
        "exercise": ("exercise_duration", "exercise_intensity"),
        "medication": ("medication_id", "medication", "medication_unit"),
    }
    present = fields.pop("present")
    for group, names in groups.items():
        if group not in present:
            for name in names:
                fields.pop(name)
    return _build(GlucoseMeasurementContext, **fields)


glucose_contexts = st.builds(
    _context,
    present=st.sets(st.sampled_from(["carbohydrate", "tester", "exercise", "medication"])),
    sequence_number=st.integers(0, 0xFFFF),
    extended_flags=st.none() | st.integers(0, 255),
    carbohydrate_id=_codes(glucose.CARBOHYDRATE_IDS, 8),
    carbohydrate=sfloats,
    meal=st.none() | _codes(glucose.MEALS, 8),
    tester=_codes(glucose.TESTERS, 4),
    health=_codes(glucose.HEALTH, 4),
    exercise_duration=st.integers(0, 0xFFFF),
    exercise_intensity=st.integers(0, 255),
    medication_id=_codes(glucose.MEDICATION_IDS, 8),
    medication=sfloats,
    medication_unit=st.sampled_from(["kg", "L"]),
    hba1c=st.none() | sfloats,
)


def _weight(unit: str, raw: int, bmi_height: tuple[int, int] | None, **fields: Any) -> Any:
    steps, height_steps = (200, 1000) if unit == "kg" else (100, 10)
    extra: dict[str, Any] = {}
    if bmi_height is not None:
        extra = {"bmi": bmi_height[0] / 10, "height": bmi_height[1] / height_steps}
    if raw == 0xFFFF:
        return WeightMeasurement(
            unit=unit,
            weight=None,
            measurement_unsuccessful=True,
            **extra,
            **fields,  # type: ignore[arg-type]
        )
    return WeightMeasurement(unit=unit, weight=raw / steps, **extra, **fields)  # type: ignore[arg-type]


weights = st.builds(
    _weight,
    unit=st.sampled_from(["kg", "lb"]),
    raw=st.integers(0, 0xFFFF),
    bmi_height=st.none() | st.tuples(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF)),
    timestamp=st.none() | moments,
    user_id=st.none() | st.integers(0, 255),
)
measurement_statuses = st.none() | _names(pulse_oximeter.MEASUREMENT_STATUS_BITS, 16)
device_statuses = st.none() | _names(pulse_oximeter.DEVICE_AND_SENSOR_STATUS_BITS, 24)
spot_checks = st.builds(
    lambda pai, **fields: _build(
        PlxSpotCheckMeasurement, **fields, **({} if pai is None else {"pulse_amplitude_index": pai})
    ),
    spo2=sfloats,
    pulse_rate=sfloats,
    timestamp=st.none() | moments,
    measurement_status=measurement_statuses,
    device_and_sensor_status=device_statuses,
    pai=st.none() | sfloats,
    device_clock_not_set=st.booleans(),
)


def _continuous(fast: Any, slow: Any, pai: Any, **fields: Any) -> Any:
    if fast is not None:
        fields |= {"has_fast": True, "spo2_fast": fast[0], "pulse_rate_fast": fast[1]}
    if slow is not None:
        fields |= {"has_slow": True, "spo2_slow": slow[0], "pulse_rate_slow": slow[1]}
    if pai is not None:
        fields["pulse_amplitude_index"] = pai
    return _build(PlxContinuousMeasurement, **fields)


continuous = st.builds(
    _continuous,
    fast=st.none() | st.tuples(sfloats, sfloats),
    slow=st.none() | st.tuples(sfloats, sfloats),
    pai=st.none() | sfloats,
    spo2=sfloats,
    pulse_rate=sfloats,
    measurement_status=measurement_statuses,
    device_and_sensor_status=device_statuses,
)

ALL_MEASUREMENTS = st.one_of(
    blood_pressures,
    heart_rates,
    temperatures,
    glucose_measurements,
    glucose_contexts,
    weights,
    spot_checks,
    continuous,
)


@settings(max_examples=600)
@given(ALL_MEASUREMENTS)
def test_valid_measurements_round_trip_through_their_bytes(measurement: Any) -> None:
    data = encode(measurement)
    parsed = parse(measurement.CHARACTERISTIC, data)
    # The parser's notes say what it saw (special values, dates "not known"); the rest is equal.
    assert dataclasses.replace(parsed, notes=()) == measurement
    assert encode(parsed) == data
    json.dumps(parsed.to_json())
    if CHARACTERISTICS[measurement.CHARACTERISTIC].kind is not None:
        reading_from(measurement.CHARACTERISTIC, data)
