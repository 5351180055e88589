"""Glucose Measurement (0x2A18) and Glucose Measurement Context (0x2A34): vectors derived from
the specification's fields (the context layout as Nordic's Android BLE Common Library tests it),
and the pairing of a measurement with its context."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.devices import DeviceReading, GlucoseRecords, ParseError, reading_from, with_context
from app.devices.profiles import (
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    encode_glucose,
    encode_glucose_context,
    parse,
)

BASE_TIME = "e807 03 05 07 1e 00"  # 2024-03-05 07:30:00


def test_a_full_measurement_in_kg_per_litre() -> None:
    # flags 0x0B: time offset (bit 0), concentration + type/location (1), status (3); kg/L.
    # sequence 7; base time; offset +15 min = 0x000F; 99 mg/dL = 0.00099 kg/L = 99 x 10^-5:
    # exponent -5 = 0xB, mantissa 0x063 -> 0xB063; type 2 capillary plasma (low nibble),
    # location 1 finger (high nibble) -> 0x12; status 0x0001 = device battery low.
    data = bytes.fromhex(f"0b 0700 {BASE_TIME} 0f00 63b0 12 0100")
    m = parse(0x2A18, data)
    assert m == GlucoseMeasurement(
        sequence_number=7,
        base_time=datetime(2024, 3, 5, 7, 30),
        time_offset=15,
        glucose_concentration=0.00099,
        unit="kg/L",
        type="capillary_plasma",
        sample_location="finger",
        sensor_status_annunciation=("device_battery_low",),
    )
    assert m.timestamp == datetime(2024, 3, 5, 7, 45)
    assert m.to_json()["timestamp"] == "2024-03-05T07:45:00"
    assert encode_glucose(m) == data

    reading = reading_from(0x2A18, data)
    # 0.00099 kg/L x 100000 = 99 mg/dL; / 18.016 = 5.495 -> 5.5 mmol/L
    assert reading.values == {"glucose_mmol_l": 5.5}
    assert reading.measured_at == datetime(2024, 3, 5, 7, 45)
    assert reading.sequence_number == 7
    assert reading.problems == ()  # a low battery does not spoil the result
    assert reading.meal is None


def test_mol_per_litre() -> None:
    # flags 0x06: concentration (bit 1) in mol/L (bit 2); 0.0055 mol/L = 55 x 10^-4:
    # exponent -4 = 0xC -> 0xC037; type 1 capillary whole blood, location 1 finger -> 0x11.
    data = bytes.fromhex(f"06 0100 {BASE_TIME} 37c0 11")
    reading = reading_from(0x2A18, data)
    assert reading.values == {"glucose_mmol_l": 5.5}
    assert reading.measured_at == datetime(2024, 3, 5, 7, 30)


def test_a_negative_time_offset() -> None:
    m = parse(0x2A18, bytes.fromhex(f"00 0100 {BASE_TIME}"))  # no offset flag
    assert isinstance(m, GlucoseMeasurement) and m.time_offset is None
    m = parse(0x2A18, bytes.fromhex(f"01 0100 {BASE_TIME} c4ff"))  # -60 minutes
    assert isinstance(m, GlucoseMeasurement)
    assert m.timestamp == datetime(2024, 3, 5, 6, 30)
    # no concentration: the reading has no value
    assert reading_from(0x2A18, encode_glucose(m)).problems == ("value_unavailable",)


def test_a_time_offset_beyond_the_calendar_leaves_the_time_out() -> None:
    # base time 9999-12-31 23:59:00 plus 32767 minutes
    m = parse(0x2A18, bytes.fromhex("01 0100 0f27 0c 1f 17 3b 00 ff7f"))
    assert isinstance(m, GlucoseMeasurement)
    assert m.base_time == datetime(9999, 12, 31, 23, 59)
    assert m.timestamp is None
    assert "base_time plus time_offset is outside the calendar" in m.notes


@pytest.mark.parametrize(
    ("status", "problems"),
    [
        ("0200", ("sensor_fault",)),  # bit 1 sensor malfunction
        ("0400", ("measurement_unsuccessful",)),  # bit 2 sample size insufficient
        ("0800", ("sensor_fault",)),  # bit 3 strip insertion error
        ("2000", ("out_of_device_range",)),  # bit 5 result higher than the device can process
        ("4000", ("out_of_device_range",)),  # bit 6 lower
        ("0002", ("measurement_unsuccessful",)),  # bit 9 strip pulled too soon
        ("0004", ("sensor_fault",)),  # bit 10 general device fault
        ("0010", ()),  # bit 12 reserved
    ],
)
def test_sensor_status_annunciation(status: str, problems: tuple[str, ...]) -> None:
    data = bytes.fromhex(f"0a 0100 {BASE_TIME} 63b0 12 {status}")
    assert reading_from(0x2A18, data).problems == problems


def test_a_time_fault_means_the_meter_time_is_not_trusted() -> None:
    data = bytes.fromhex(f"0a 0100 {BASE_TIME} 63b0 12 0008")  # bit 11 time fault
    reading = reading_from(0x2A18, data)
    assert reading.measured_at is None
    assert reading.values == {"glucose_mmol_l": 5.5}


@pytest.mark.parametrize("type_location", ["4a", "41", "1a"])
def test_control_solution_is_not_a_person(type_location: str) -> None:
    # type 10 (low nibble) or location 4 (high nibble) is control solution
    data = bytes.fromhex(f"02 0100 {BASE_TIME} 63b0 {type_location}")
    assert reading_from(0x2A18, data).problems == ("not_a_person",)


def test_reserved_type_and_location_are_named() -> None:
    m = parse(0x2A18, bytes.fromhex(f"02 0100 {BASE_TIME} 63b0 0f"))
    assert isinstance(m, GlucoseMeasurement)
    assert (m.type, m.sample_location) == ("reserved_15", "reserved_0")
    m = parse(0x2A18, bytes.fromhex(f"02 0100 {BASE_TIME} 63b0 f7"))
    assert isinstance(m, GlucoseMeasurement)
    assert (m.type, m.sample_location) == ("undetermined_whole_blood", "not_available")


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ("00 01", "sequence_number"),
        ("00 0100 e807 03", "base_time"),
        (f"01 0100 {BASE_TIME}", "time_offset"),
        (f"02 0100 {BASE_TIME} 63b0", "type_sample_location"),
        (f"08 0100 {BASE_TIME} 01", "sensor_status_annunciation"),
    ],
)
def test_glucose_missing_fields(data: str, missing: str) -> None:
    with pytest.raises(ParseError, match=f"the {missing} needs"):
        parse(0x2A18, bytes.fromhex(data))


# Context: flags 0xFF (every field, medication in litres, extended flags); sequence 0;
# extended flags 0xB3 (all reserved so far); carbohydrate id 3 dinner, 100 kg = 0x0064;
# meal 4 casual; tester 2 health care professional (low nibble) + health 1 minor issues (high
# nibble) = 0x12; exercise 60 s = 0x003C at 50 %; medication id 4 long acting insulin, 12.5 L
# = 125 x 10^-1 = 0xF07D; HbA1c 34.5 % = 345 x 10^-1 = 0xF159. The field order and the
# tester/health byte follow the Nordic library's "full" context test.
FULL_CONTEXT = "ff 0000 b3 03 6400 04 12 3c00 32 04 7df0 59f1"


def test_full_context() -> None:
    data = bytes.fromhex(FULL_CONTEXT)
    m = parse(0x2A34, data)
    assert m == GlucoseMeasurementContext(
        sequence_number=0,
        extended_flags=0xB3,
        carbohydrate_id="dinner",
        carbohydrate=100.0,
        meal="casual",
        tester="health_care_professional",
        health="minor_health_issues",
        exercise_duration=60,
        exercise_intensity=50,
        medication_id="long_acting_insulin",
        medication=12.5,
        medication_unit="L",
        hba1c=34.5,
    )
    assert encode_glucose_context(m) == data


def test_empty_context_and_a_truncated_one() -> None:
    assert parse(0x2A34, bytes.fromhex("00 0100")) == GlucoseMeasurementContext(sequence_number=1)
    # Nordic's invalid case: the flags promise everything, 5 bytes follow.
    with pytest.raises(ParseError, match="the carbohydrate needs"):
        parse(0x2A34, bytes.fromhex("ff 0000 b3 03"))


def test_a_context_is_not_a_reading_by_itself() -> None:
    with pytest.raises(ParseError, match="not a reading by itself"):
        reading_from(0x2A34, bytes.fromhex("02 0700 03"))


def _measurement(sequence: int, context_follows: bool = True) -> bytes:
    flags = 0x12 if context_follows else 0x02  # concentration, and bit 4 "context follows"
    return bytes([flags]) + sequence.to_bytes(2, "little") + bytes.fromhex(f"{BASE_TIME} 63b0 12")


@pytest.mark.parametrize(
    ("meal", "expected"),
    [
        ("03", "fasting"),
        ("02", "after_meal"),
        ("01", "unknown"),
        ("04", "unknown"),
        ("05", "unknown"),
        ("09", "unknown"),
    ],
)
def test_the_meal_comes_from_the_context_with_the_same_sequence_number(
    meal: str, expected: str
) -> None:
    reading = reading_from(0x2A18, _measurement(7))
    merged = with_context(reading, bytes.fromhex(f"02 0700 {meal}"))
    assert merged.meal == expected
    assert merged.values == reading.values and merged.sequence_number == 7


def test_a_context_for_another_record_or_another_kind_is_refused() -> None:
    reading = reading_from(0x2A18, _measurement(7))
    with pytest.raises(ParseError, match="record 8, the reading is record 7"):
        with_context(reading, bytes.fromhex("02 0800 03"))
    with pytest.raises(ParseError, match="cannot describe a heart_rate reading"):
        with_context(DeviceReading(kind="heart_rate", values={"pulse": 60.0}), b"\x02\x07\x00\x03")
    # a context without a meal field changes nothing
    assert with_context(reading, bytes.fromhex("00 0700")) == reading


def test_records_pair_each_measurement_with_its_context() -> None:
    records = GlucoseRecords()
    assert records.add(0x2A18, _measurement(1)) == []  # waits for its context
    (first,) = records.add("2A34", bytes.fromhex("02 0100 03"))
    assert (first.sequence_number, first.meal) == (1, "fasting")
    # a measurement with no context coming is finished at once
    (second,) = records.add(0x2A18, _measurement(2, context_follows=False))
    assert (second.sequence_number, second.meal) == (2, None)
    # a context that never comes: finished by the next measurement, or by flush()
    assert records.add(0x2A18, _measurement(3)) == []
    (third,) = records.add(0x2A18, _measurement(4))
    assert (third.sequence_number, third.meal) == (3, None)
    (fourth,) = records.flush()
    assert fourth.sequence_number == 4
    assert records.flush() == []


def test_records_refuse_a_stray_context_and_pass_other_readings_through() -> None:
    records = GlucoseRecords()
    assert records.add(0x2A18, _measurement(5)) == []
    with pytest.raises(ParseError, match="record 6 came without its measurement"):
        records.add(0x2A34, bytes.fromhex("02 0600 03"))
    with pytest.raises(ParseError):
        records.add(0x2A34, b"\x02")
    (pulse,) = records.add(0x2A37, bytes.fromhex("06 48"))
    assert pulse.values == {"pulse": 72.0}
    # the waiting measurement was not lost to the bad notifications
    (fifth,) = records.flush()
    assert fifth.sequence_number == 5
