"""Glucose Measurement (0x2A18) and Glucose Measurement Context (0x2A34), Glucose Service
0x1808.

Glucose Measurement layout: flags (uint8); sequence number (uint16); base time (Date Time);
then by flag: time offset (sint16 minutes, bit 0); glucose concentration (SFLOAT, in kg/L, or
mol/L when bit 2 is set) with type and sample location (uint8: type in the low nibble,
location in the high nibble) (bit 1); sensor status annunciation (uint16, bit 3). Bit 4 says a
context record with the same sequence number follows; bits 5-7 are reserved.

Glucose Measurement Context layout: flags (uint8); sequence number (uint16); then by flag:
extended flags (uint8, bit 7); carbohydrate id (uint8) and carbohydrate (SFLOAT, kg) (bit 0);
meal (uint8, bit 1); tester and health (uint8: tester low nibble, health high nibble, bit 2);
exercise duration (uint16 s, 65535 = overrun) and intensity (uint8 %) (bit 3); medication id
(uint8) and medication (SFLOAT, kg, or litres when bit 5 is set) (bit 4); HbA1c (SFLOAT %,
bit 6).

The measured time is the base time plus the time offset. A time offset that moves it out of
the calendar leaves the time out (noted), as an impossible base time does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from app.devices import GLUCOSE_MEASUREMENT, GLUCOSE_MEASUREMENT_CONTEXT
from app.devices.wire import (
    Measurement,
    Reader,
    bit_names,
    bits_from_names,
    code_from_name,
    code_name,
    put_date_time,
    put_sfloat,
    special_or,
)

_TIME_OFFSET = 0x01
_CONCENTRATION = 0x02
_MOL_PER_LITRE = 0x04
_SENSOR_STATUS = 0x08
_CONTEXT_FOLLOWS = 0x10
_RESERVED_FLAGS = 0xE0

GLUCOSE_TYPES = {
    1: "capillary_whole_blood",
    2: "capillary_plasma",
    3: "venous_whole_blood",
    4: "venous_plasma",
    5: "arterial_whole_blood",
    6: "arterial_plasma",
    7: "undetermined_whole_blood",
    8: "undetermined_plasma",
    9: "interstitial_fluid",
    10: "control_solution",
}
SAMPLE_LOCATIONS = {
    1: "finger",
    2: "alternate_site_test",
    3: "earlobe",
    4: "control_solution",
    15: "not_available",
}
SENSOR_STATUS_BITS = {
    0: "device_battery_low",
    1: "sensor_malfunction",
    2: "sample_size_insufficient",
    3: "strip_insertion_error",
    4: "strip_type_incorrect",
    5: "result_too_high",
    6: "result_too_low",
    7: "temperature_too_high",
    8: "temperature_too_low",
    9: "read_interrupted",
    10: "general_device_fault",
    11: "time_fault",
}


@dataclass(frozen=True, kw_only=True)
class GlucoseMeasurement(Measurement):
    """A glucose record as the meter sent it (the concentration in ``unit``)."""

    CHARACTERISTIC = GLUCOSE_MEASUREMENT
    JSON_PROPERTIES = ("timestamp",)

    sequence_number: int
    base_time: datetime | None
    time_offset: int | None = None  # minutes
    glucose_concentration: float | None = None
    unit: Literal["kg/L", "mol/L"] | None = None  # None when no concentration was sent
    type: str | None = None  # a GLUCOSE_TYPES name, or reserved_N
    sample_location: str | None = None  # a SAMPLE_LOCATIONS name, or reserved_N
    sensor_status_annunciation: tuple[str, ...] | None = None
    context_information_follows: bool = False

    @property
    def timestamp(self) -> datetime | None:
        """When it was measured: the base time plus the time offset (None if unknown)."""
        if self.base_time is None:
            return None
        try:
            return self.base_time + timedelta(minutes=self.time_offset or 0)
        except OverflowError:
            return None


def parse_glucose(data: bytes) -> GlucoseMeasurement:
    """Parse a Glucose Measurement value; ParseError if it is not one."""
    reader = Reader(data, "glucose measurement")
    flags = reader.uint8("flags")
    reader.reserved_flags(flags, _RESERVED_FLAGS)
    sequence_number = reader.uint16("sequence_number")
    base_time = reader.date_time("base_time")
    time_offset = reader.sint16("time_offset") if flags & _TIME_OFFSET else None
    concentration = unit = glucose_type = location = None
    if flags & _CONCENTRATION:
        concentration = reader.sfloat("glucose_concentration")
        unit = "mol/L" if flags & _MOL_PER_LITRE else "kg/L"
        type_and_location = reader.uint8("type_sample_location")
        glucose_type = code_name(type_and_location & 0x0F, GLUCOSE_TYPES)
        location = code_name(type_and_location >> 4, SAMPLE_LOCATIONS)
    status = None
    if flags & _SENSOR_STATUS:
        status = bit_names(reader.uint16("sensor_status_annunciation"), SENSOR_STATUS_BITS, 16)
    reader.finish()
    measurement = GlucoseMeasurement(
        sequence_number=sequence_number,
        base_time=base_time,
        time_offset=time_offset,
        glucose_concentration=concentration,
        unit=unit,  # type: ignore[arg-type]
        type=glucose_type,
        sample_location=location,
        sensor_status_annunciation=status,
        context_information_follows=bool(flags & _CONTEXT_FOLLOWS),
        **reader.extras(),
    )
    if base_time is not None and measurement.timestamp is None:
        notes = (*measurement.notes, "base_time plus time_offset is outside the calendar")
        measurement = replace(measurement, notes=notes)
    return measurement


def encode_glucose(measurement: GlucoseMeasurement) -> bytes:
    """The bytes a glucose meter sends for ``measurement``."""
    has_value = measurement.unit is not None
    flags = (
        (_TIME_OFFSET if measurement.time_offset is not None else 0)
        | (_CONCENTRATION if has_value else 0)
        | (_MOL_PER_LITRE if measurement.unit == "mol/L" else 0)
        | (_SENSOR_STATUS if measurement.sensor_status_annunciation is not None else 0)
        | (_CONTEXT_FOLLOWS if measurement.context_information_follows else 0)
    )
    out = bytearray([flags])
    out += measurement.sequence_number.to_bytes(2, "little")
    out += put_date_time(measurement.base_time)
    if measurement.time_offset is not None:
        out += measurement.time_offset.to_bytes(2, "little", signed=True)
    if has_value:
        value = special_or(
            measurement.glucose_concentration, "glucose_concentration", measurement.special_values
        )
        out += put_sfloat(value)
        glucose_type = code_from_name(measurement.type or "reserved_0", GLUCOSE_TYPES)
        location = code_from_name(measurement.sample_location or "reserved_0", SAMPLE_LOCATIONS)
        out.append(location << 4 | glucose_type)
    if measurement.sensor_status_annunciation is not None:
        status = bits_from_names(measurement.sensor_status_annunciation, SENSOR_STATUS_BITS)
        out += status.to_bytes(2, "little")
    return bytes(out)


# Glucose Measurement Context

_CARBOHYDRATE = 0x01
_MEAL = 0x02
_TESTER_HEALTH = 0x04
_EXERCISE = 0x08
_MEDICATION = 0x10
_MEDICATION_LITRES = 0x20
_HBA1C = 0x40
_EXTENDED_FLAGS = 0x80

CARBOHYDRATE_IDS = {
    1: "breakfast",
    2: "lunch",
    3: "dinner",
    4: "snack",
    5: "drink",
    6: "supper",
    7: "brunch",
}
MEALS = {1: "preprandial", 2: "postprandial", 3: "fasting", 4: "casual", 5: "bedtime"}
TESTERS = {1: "self", 2: "health_care_professional", 3: "lab_test", 15: "not_available"}
HEALTH = {
    1: "minor_health_issues",
    2: "major_health_issues",
    3: "during_menses",
    4: "under_stress",
    5: "no_health_issues",
    15: "not_available",
}
MEDICATION_IDS = {
    1: "rapid_acting_insulin",
    2: "short_acting_insulin",
    3: "intermediate_acting_insulin",
    4: "long_acting_insulin",
    5: "pre_mixed_insulin",
}
EXERCISE_DURATION_OVERRUN = 65535


@dataclass(frozen=True, kw_only=True)
class GlucoseMeasurementContext(Measurement):
    """What the meter knows about the circumstances of a glucose record."""

    CHARACTERISTIC = GLUCOSE_MEASUREMENT_CONTEXT

    sequence_number: int
    extended_flags: int | None = None  # all bits reserved so far
    carbohydrate_id: str | None = None
    carbohydrate: float | None = None  # kilograms
    meal: str | None = None  # a MEALS name, or reserved_N
    tester: str | None = None
    health: str | None = None
    exercise_duration: int | None = None  # seconds; 65535 means overrun
    exercise_intensity: int | None = None  # percent
    medication_id: str | None = None
    medication: float | None = None  # in medication_unit
    medication_unit: Literal["kg", "L"] | None = None
    hba1c: float | None = None  # percent


def parse_glucose_context(data: bytes) -> GlucoseMeasurementContext:
    """Parse a Glucose Measurement Context value; ParseError if it is not one."""
    reader = Reader(data, "glucose measurement context")
    flags = reader.uint8("flags")
    sequence_number = reader.uint16("sequence_number")
    fields: dict[str, object] = {}
    if flags & _EXTENDED_FLAGS:
        fields["extended_flags"] = reader.uint8("extended_flags")
    if flags & _CARBOHYDRATE:
        fields["carbohydrate_id"] = code_name(reader.uint8("carbohydrate_id"), CARBOHYDRATE_IDS)
        fields["carbohydrate"] = reader.sfloat("carbohydrate")
    if flags & _MEAL:
        fields["meal"] = code_name(reader.uint8("meal"), MEALS)
    if flags & _TESTER_HEALTH:
        tester_health = reader.uint8("tester_health")
        fields["tester"] = code_name(tester_health & 0x0F, TESTERS)
        fields["health"] = code_name(tester_health >> 4, HEALTH)
    if flags & _EXERCISE:
        fields["exercise_duration"] = reader.uint16("exercise_duration")
        fields["exercise_intensity"] = reader.uint8("exercise_intensity")
    if flags & _MEDICATION:
        fields["medication_id"] = code_name(reader.uint8("medication_id"), MEDICATION_IDS)
        fields["medication"] = reader.sfloat("medication")
        fields["medication_unit"] = "L" if flags & _MEDICATION_LITRES else "kg"
    if flags & _HBA1C:
        fields["hba1c"] = reader.sfloat("hba1c")
    reader.finish()
    return GlucoseMeasurementContext(
        sequence_number=sequence_number,
        **fields,  # type: ignore[arg-type]
        **reader.extras(),
    )


def encode_glucose_context(context: GlucoseMeasurementContext) -> bytes:
    """The bytes a glucose meter sends for ``context``."""
    specials = context.special_values
    flags = (
        (_CARBOHYDRATE if context.carbohydrate_id is not None else 0)
        | (_MEAL if context.meal is not None else 0)
        | (_TESTER_HEALTH if context.tester is not None else 0)
        | (_EXERCISE if context.exercise_duration is not None else 0)
        | (_MEDICATION if context.medication_id is not None else 0)
        | (_MEDICATION_LITRES if context.medication_unit == "L" else 0)
        | (_HBA1C if context.hba1c is not None or "hba1c" in specials else 0)
        | (_EXTENDED_FLAGS if context.extended_flags is not None else 0)
    )
    out = bytearray([flags]) + context.sequence_number.to_bytes(2, "little")
    if context.extended_flags is not None:
        out.append(context.extended_flags)
    if context.carbohydrate_id is not None:
        out.append(code_from_name(context.carbohydrate_id, CARBOHYDRATE_IDS))
        out += put_sfloat(special_or(context.carbohydrate, "carbohydrate", specials))
    if context.meal is not None:
        out.append(code_from_name(context.meal, MEALS))
    if context.tester is not None:
        health = code_from_name(context.health or "reserved_0", HEALTH)
        out.append(health << 4 | code_from_name(context.tester, TESTERS))
    if context.exercise_duration is not None:
        out += context.exercise_duration.to_bytes(2, "little")
        out.append(context.exercise_intensity or 0)
    if context.medication_id is not None:
        out.append(code_from_name(context.medication_id, MEDICATION_IDS))
        out += put_sfloat(special_or(context.medication, "medication", specials))
    if flags & _HBA1C:
        out += put_sfloat(special_or(context.hba1c, "hba1c", specials))
    return bytes(out)
