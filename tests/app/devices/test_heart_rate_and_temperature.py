"""Heart Rate Measurement (0x2A37) and Temperature Measurement (0x2A1C): vectors derived from
the specifications' fields."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.devices import ParseError, reading_from
from app.devices.profiles import (
    HeartRateMeasurement,
    TemperatureMeasurement,
    encode_heart_rate,
    encode_temperature,
    parse,
)


@pytest.mark.parametrize(
    ("data", "heart_rate", "contact", "problems"),
    [
        # flags 0x06: uint8 value, contact bits 1-2 = 0b11 (supported, detected); 0x48 = 72
        ("06 48", 72, "detected", ()),
        # contact bits = 0b10: supported, not touching the skin
        ("04 48", 72, "not_detected", ("no_sensor_contact",)),
        # contact bits = 0b01 and 0b00: the sensor cannot tell
        ("02 48", 72, "not_supported", ()),
        ("00 48", 72, "not_supported", ()),
        # flags 0x01: uint16 value 0x012C = 300
        ("01 2c01", 300, "not_supported", ()),
        # a heart rate of 0 is no pulse reading
        ("00 00", 0, "not_supported", ("value_unavailable",)),
    ],
)
def test_heart_rate_value_and_contact(
    data: str, heart_rate: int, contact: str, problems: tuple[str, ...]
) -> None:
    raw = bytes.fromhex(data)
    m = parse(0x2A37, raw)
    assert isinstance(m, HeartRateMeasurement)
    assert (m.heart_rate, m.sensor_contact) == (heart_rate, contact)
    reading = reading_from(0x2A37, raw)
    assert reading.kind == "heart_rate"
    assert reading.problems == problems
    assert reading.values == ({"pulse": float(heart_rate)} if heart_rate else {})


def test_energy_and_rr_intervals() -> None:
    # flags 0x18: energy expended (bit 3) and RR intervals (bit 4); heart rate 72;
    # energy 0x1234 = 4660 kJ; RR 0x0400 = 1024/1024 = 1.0 s, 0x03CD = 973/1024 s.
    data = bytes.fromhex("18 48 3412 0004 cd03")
    m = parse(0x2A37, data)
    assert m == HeartRateMeasurement(
        heart_rate=72, energy_expended=4660, rr_intervals=(1.0, 973 / 1024)
    )
    assert m.to_json()["rr_intervals"] == [1.0, 0.9501953125]
    assert encode_heart_rate(m) == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "the flags needs"),
        ("00", "the heart_rate needs"),
        ("01 48", "the heart_rate needs"),  # a uint16 value needs two bytes
        ("08 48 34", "the energy_expended needs"),
        ("10 48", "promise RR intervals, none came"),
        ("10 48 0004 cd", "3 bytes are left"),
    ],
)
def test_heart_rate_errors(data: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(0x2A37, bytes.fromhex(data))


def test_heart_rate_reserved_flags_are_ignored() -> None:
    m = parse(0x2A37, bytes.fromhex("e6 48"))
    assert isinstance(m, HeartRateMeasurement)
    assert (m.heart_rate, m.sensor_contact) == (72, "detected")
    assert m.notes == ("reserved flag bits 0xe0 were set and ignored",)


def test_celsius_thermometer() -> None:
    # flags 0x00 (Celsius); FLOAT 0xFF00016E: exponent -1, mantissa 366 -> 36.6
    data = bytes.fromhex("00 6e0100ff")
    assert parse(0x2A1C, data) == TemperatureMeasurement(unit="celsius", temperature=36.6)
    reading = reading_from(0x2A1C, data)
    assert (reading.kind, reading.values) == ("temperature", {"temperature_c": 36.6})


def test_fahrenheit_with_time_and_type() -> None:
    # flags 0x07: Fahrenheit (bit 0), time stamp (1), type (2); 98.6 F = 0xFF0003DA;
    # 2024-03-05 08:09:10; type 6 = mouth.
    data = bytes.fromhex("07 da0300ff e807 03 05 08 09 0a 06")
    m = parse(0x2A1C, data)
    assert m == TemperatureMeasurement(
        unit="fahrenheit",
        temperature=98.6,
        timestamp=datetime(2024, 3, 5, 8, 9, 10),
        temperature_type="mouth",
    )
    assert encode_temperature(m, exponent=-1) == data
    reading = reading_from(0x2A1C, data)
    # (98.6 - 32) x 5 / 9 = 37.0
    assert reading.values == {"temperature_c": 37.0}
    assert reading.measured_at == datetime(2024, 3, 5, 8, 9, 10)


@pytest.mark.parametrize(
    ("code", "name"),
    [("01", "armpit"), ("09", "tympanum"), ("00", "reserved_0"), ("0a", "reserved_10")],
)
def test_temperature_types(code: str, name: str) -> None:
    m = parse(0x2A1C, bytes.fromhex("04 6e0100ff" + code))
    assert isinstance(m, TemperatureMeasurement)
    assert m.temperature_type == name


@pytest.mark.parametrize(
    ("raw", "special"),
    [
        ("ffff7f00", "NaN"),
        ("00008000", "NRes"),
        ("feff7f00", "+INFINITY"),
        ("02008000", "-INFINITY"),
        ("01008000", "reserved"),
    ],
)
def test_a_thermometer_special_value_is_no_temperature(raw: str, special: str) -> None:
    data = bytes.fromhex("00" + raw)
    m = parse(0x2A1C, data)
    assert isinstance(m, TemperatureMeasurement)
    assert m.temperature is None
    assert m.special_values == {"temperature": special}
    assert m.to_json()["special_values"] == {"temperature": special}
    reading = reading_from(0x2A1C, data)
    assert reading.values == {} and reading.problems == ("value_unavailable",)
    assert parse(0x2A1C, encode_temperature(m)) == m


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ("00 6e0100", "temperature"),
        ("02 6e0100ff e807", "timestamp"),
        ("04 6e0100ff", "temperature_type"),
    ],
)
def test_temperature_missing_fields(data: str, missing: str) -> None:
    with pytest.raises(ParseError, match=f"the {missing} needs"):
        parse(0x2A1C, bytes.fromhex(data))
