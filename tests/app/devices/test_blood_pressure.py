"""Blood Pressure Measurement (0x2A35): vectors derived from the specification's fields and
vectors from the tests of Nordic Semiconductor's Android BLE Common Library."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.devices import ParseError, reading_from
from app.devices.profiles import BloodPressureMeasurement, encode_blood_pressure, parse


def test_minimal_measurement_in_mmhg() -> None:
    # flags 0x00 (mmHg, nothing optional); systolic 120 = 0x0078, diastolic 80 = 0x0050,
    # mean arterial pressure 93 = 0x005D, each SFLOAT with exponent 0, little-endian.
    m = parse(0x2A35, bytes.fromhex("00 7800 5000 5d00"))
    assert m == BloodPressureMeasurement(
        unit="mmHg", systolic=120.0, diastolic=80.0, mean_arterial_pressure=93.0
    )
    assert m.to_json() == {
        "unit": "mmHg",
        "systolic": 120.0,
        "diastolic": 80.0,
        "mean_arterial_pressure": 93.0,
        "timestamp": None,
        "pulse_rate": None,
        "user_id": None,
        "status": None,
        "special_values": {},
        "notes": [],
    }


def test_every_field_in_kpa() -> None:
    # flags 0x1F: kPa (bit 0), time stamp (1), pulse rate (2), user id (3), status (4).
    # systolic 16.0 kPa = mantissa 160 (0x0A0), exponent -1 (0xF) -> 0xF0A0;
    # diastolic 10.7 kPa = 107 (0x06B) -> 0xF06B; MAP 12.5 kPa = 125 (0x07D) -> 0xF07D;
    # time 2024-03-05 08:09:10: year 0x07E8, then 03 05 08 09 0A;
    # pulse 64 = 0x0040; user 2; status 0x0026 = cuff loose (bit 1) + irregular pulse (bit 2)
    # + improper position (bit 5).
    data = bytes.fromhex("1f a0f0 6bf0 7df0 e807 03 05 08 09 0a 4000 02 2600")
    m = parse("2A35", data)
    assert isinstance(m, BloodPressureMeasurement)
    assert (m.unit, m.systolic, m.diastolic, m.mean_arterial_pressure) == ("kPa", 16.0, 10.7, 12.5)
    assert m.timestamp == datetime(2024, 3, 5, 8, 9, 10)
    assert (m.pulse_rate, m.user_id) == (64.0, 2)
    assert m.status == ("cuff_too_loose", "irregular_pulse", "improper_measurement_position")
    # The encoder keeps the values (16.0 may go as 16 x 10^0: the same number).
    assert parse(0x2A35, encode_blood_pressure(m)) == m

    reading = reading_from("0x2a35", data)
    # 16.0 kPa x 7.50062 = 120.01 -> 120 mmHg; 10.7 kPa -> 80.26 -> 80 mmHg.
    assert reading.values == {"systolic": 120.0, "diastolic": 80.0, "pulse": 64.0}
    assert reading.problems == ("cuff_loose", "irregular_pulse", "improper_position")
    assert reading.measured_at == datetime(2024, 3, 5, 8, 9, 10)
    assert reading.user_id == 2


def test_nordic_full_vector_with_an_unknown_year() -> None:
    # Nordic's "full" test: flags 0b11110 (mmHg, time, pulse, user, status); 138/88/120 mmHg;
    # Date Time year 0 (not known), 4-17 20:41:59; pulse 60; user 1; status 0b100111.
    data = bytes.fromhex("1e 8a00 5800 7800 0000 04 11 14 29 3b 3c00 01 2700")
    m = parse(0x2A35, data)
    assert isinstance(m, BloodPressureMeasurement)
    assert (m.systolic, m.diastolic, m.mean_arterial_pressure) == (138.0, 88.0, 120.0)
    assert (m.pulse_rate, m.user_id) == (60.0, 1)
    assert m.status == (
        "body_movement",
        "cuff_too_loose",
        "irregular_pulse",
        "improper_measurement_position",
    )
    # A date without its year is no moment: the kiosk keeps its own clock.
    assert m.timestamp is None
    assert any("not known" in note for note in m.notes)


def test_nordic_kpa_vector_with_pulse_below_range() -> None:
    # Nordic's "some" test: flags 0b10101 (kPa, pulse, status); 189 x 10^-1, 11, 159 x 10^-1;
    # pulse 60; status 0b010010: cuff loose, pulse rate range (bits 3-4) = 2, below the limit.
    data = bytes.fromhex("15 bdf0 0b00 9ff0 3c00 1200")
    m = parse(0x2A35, data)
    assert isinstance(m, BloodPressureMeasurement)
    assert (m.unit, m.systolic, m.diastolic, m.mean_arterial_pressure) == ("kPa", 18.9, 11.0, 15.9)
    assert m.status == ("cuff_too_loose", "pulse_rate_below_lower_limit")
    reading = reading_from(0x2A35, data)
    assert reading.values == {"systolic": 142.0, "diastolic": 83.0, "pulse": 60.0}
    assert reading.problems == ("cuff_loose", "pulse_out_of_range")


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("0000", ()),
        ("0100", ("body_movement",)),
        ("0800", ("pulse_rate_exceeds_upper_limit",)),  # bits 3-4 = 01
        ("1000", ("pulse_rate_below_lower_limit",)),  # bits 3-4 = 10
        ("1800", ("pulse_rate_range_reserved",)),  # bits 3-4 = 11
        ("2000", ("improper_measurement_position",)),
        ("4000", ("reserved_bit_6",)),  # reserved bits are kept visible, never fatal
    ],
)
def test_each_status_bit(status: str, names: tuple[str, ...]) -> None:
    data = bytes.fromhex("10 7800 5000 5d00" + status)
    m = parse(0x2A35, data)
    assert isinstance(m, BloodPressureMeasurement)
    assert m.status == names
    assert encode_blood_pressure(m) == data


def test_an_unavailable_mean_arterial_pressure_is_noted_not_invented() -> None:
    # MAP 0x07FF is NaN: many cuffs do not compute it.
    m = parse(0x2A35, bytes.fromhex("00 7800 5000 ff07"))
    assert isinstance(m, BloodPressureMeasurement)
    assert m.mean_arterial_pressure is None
    assert m.special_values == {"mean_arterial_pressure": "NaN"}
    # The reading does not need it.
    assert reading_from(0x2A35, bytes.fromhex("00 7800 5000 ff07")).problems == ()


def test_an_unavailable_systolic_makes_a_reading_that_asks_again() -> None:
    # systolic 0x0800 = NRes
    reading = reading_from(0x2A35, bytes.fromhex("00 0008 5000 5d00"))
    assert reading.values == {"diastolic": 80.0}
    assert reading.problems == ("value_unavailable",)


def test_the_unknown_user_is_no_user() -> None:
    data = bytes.fromhex("08 7800 5000 5d00 ff")
    m = parse(0x2A35, data)
    assert isinstance(m, BloodPressureMeasurement)
    assert m.user_id == 255
    assert reading_from(0x2A35, data).user_id is None


def test_reserved_flags_and_trailing_bytes_are_ignored_and_noted() -> None:
    m = parse(0x2A35, bytes.fromhex("e0 7800 5000 5d00 abcd"))
    assert isinstance(m, BloodPressureMeasurement)
    assert m.systolic == 120.0 and m.timestamp is None
    assert m.notes == (
        "reserved flag bits 0xe0 were set and ignored",
        "2 bytes after the last field ignored",
    )


@pytest.mark.parametrize(
    ("date", "note"),
    [
        ("e707 02 1e 0c 00 00", "2023-02-30 12:00:00 is not a real date"),
        ("e707 0d 01 0c 00 00", "2023-13-01"),
        ("e707 01 01 19 00 00", "25:00:00"),
        ("e707 01 01 0c 3c 00", "12:60:00"),
        ("0100 01 01 00 00 00", "before 1582"),
        ("e707 00 01 00 00 00", "not known"),
    ],
)
def test_impossible_dates_are_left_out_with_a_note(date: str, note: str) -> None:
    data = bytes.fromhex("02 7800 5000 5d00" + date)
    m = parse(0x2A35, data)
    assert isinstance(m, BloodPressureMeasurement)
    assert m.timestamp is None and m.systolic == 120.0
    assert any(note in text for text in m.notes), m.notes
    assert reading_from(0x2A35, data).measured_at is None


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ("", "flags"),
        ("00 7800 5000", "mean_arterial_pressure"),
        ("02 7800 5000 5d00", "timestamp"),  # Nordic's "noTimestamp" case, too
        ("03 0203 0405 0607", "timestamp"),
        ("04 7800 5000 5d00 48", "pulse_rate"),
        ("08 7800 5000 5d00", "user_id"),
        ("10 7800 5000 5d00 01", "status"),
    ],
)
def test_a_field_promised_by_the_flags_but_missing_is_an_error(data: str, missing: str) -> None:
    with pytest.raises(ParseError, match=f"the {missing} needs"):
        parse(0x2A35, bytes.fromhex(data))
