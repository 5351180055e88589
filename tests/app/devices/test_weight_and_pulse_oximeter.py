"""Weight Measurement (0x2A9D) and PLX Spot-check / Continuous Measurement (0x2A5E, 0x2A5F):
vectors derived from the specifications' fields."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.devices import ParseError, reading_from
from app.devices.profiles import (
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    WeightMeasurement,
    encode_plx_continuous,
    encode_plx_spot_check,
    encode_weight,
    parse,
)

TIME = "e807 03 05 08 09 0a"  # 2024-03-05 08:09:10


def test_si_weight() -> None:
    # flags 0x00 (SI); weight 0x365C = 13916 steps of 0.005 kg = 69.58 kg
    data = bytes.fromhex("00 5c36")
    assert parse(0x2A9D, data) == WeightMeasurement(unit="kg", weight=69.58)
    assert encode_weight(WeightMeasurement(unit="kg", weight=69.58)) == data
    assert reading_from(0x2A9D, data).values == {"weight_kg": 69.58}


def test_imperial_weight_with_everything() -> None:
    # flags 0x0F: imperial (bit 0), time (1), user (2), BMI and height (3);
    # weight 0x3D6C = 15724 x 0.01 lb = 157.24 lb; user 3; BMI 0x00F1 = 241 x 0.1 = 24.1;
    # height 0x02A4 = 676 x 0.1 in = 67.6 in.
    data = bytes.fromhex(f"0f 6c3d {TIME} 03 f100 a402")
    m = parse(0x2A9D, data)
    assert m == WeightMeasurement(
        unit="lb",
        weight=157.24,
        timestamp=datetime(2024, 3, 5, 8, 9, 10),
        user_id=3,
        bmi=24.1,
        height=67.6,
    )
    assert encode_weight(m) == data
    reading = reading_from(0x2A9D, data)
    # 157.24 lb x 0.45359237 = 71.3229 -> 71.323 kg
    assert reading.values == {"weight_kg": 71.323}
    assert (reading.user_id, reading.measured_at) == (3, datetime(2024, 3, 5, 8, 9, 10))


def test_si_bmi_and_height() -> None:
    # BMI 0x00E6 = 230 -> 23.0; height 0x06D2 = 1746 x 0.001 m = 1.746 m
    m = parse(0x2A9D, bytes.fromhex("08 5c36 e600 d206"))
    assert isinstance(m, WeightMeasurement)
    assert (m.bmi, m.height) == (23.0, 1.746)


def test_an_unsuccessful_weighing() -> None:
    # weight 0xFFFF: "measurement unsuccessful"; user 255: unknown user
    data = bytes.fromhex("04 ffff ff")
    m = parse(0x2A9D, data)
    assert isinstance(m, WeightMeasurement)
    assert m.weight is None and m.measurement_unsuccessful
    reading = reading_from(0x2A9D, data)
    assert reading.values == {}
    assert reading.problems == ("measurement_unsuccessful", "value_unavailable")
    assert reading.user_id is None
    assert encode_weight(m) == data


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ("00 5c", "weight"),
        ("02 5c36", "timestamp"),
        ("04 5c36", "user_id"),
        ("08 5c36 e600", "height"),
    ],
)
def test_weight_missing_fields(data: str, missing: str) -> None:
    with pytest.raises(ParseError, match=f"the {missing} needs"):
        parse(0x2A9D, bytes.fromhex(data))


def test_minimal_spot_check() -> None:
    # flags 0x00; SpO2 98 = 0x0062; pulse rate 72 = 0x0048
    data = bytes.fromhex("00 6200 4800")
    assert parse(0x2A5E, data) == PlxSpotCheckMeasurement(spo2=98.0, pulse_rate=72.0)
    reading = reading_from(0x2A5E, data)
    assert (reading.kind, reading.values) == ("pulse_oximetry", {"spo2": 98.0, "pulse": 72.0})


def test_full_spot_check() -> None:
    # flags 0x0F: time (bit 0), measurement status (1), device and sensor status (2), pulse
    # amplitude index (3); SpO2 97, pulse 75; status 0x0080 = validated data (bit 7);
    # device status 0x000020 = low perfusion (bit 5); PAI 2.5 = 25 x 10^-1 = 0xF019.
    data = bytes.fromhex(f"0f 6100 4b00 {TIME} 8000 200000 19f0")
    m = parse(0x2A5E, data)
    assert m == PlxSpotCheckMeasurement(
        spo2=97.0,
        pulse_rate=75.0,
        timestamp=datetime(2024, 3, 5, 8, 9, 10),
        measurement_status=("validated_data",),
        device_and_sensor_status=("low_perfusion_detected",),
        pulse_amplitude_index=2.5,
    )
    assert encode_plx_spot_check(m) == data
    reading = reading_from(0x2A5E, data)
    assert reading.problems == ("weak_signal",)
    assert reading.measured_at == datetime(2024, 3, 5, 8, 9, 10)


def test_a_device_clock_not_set_gives_no_time() -> None:
    data = bytes.fromhex(f"11 6200 4800 {TIME}")  # bit 4: the device clock is not set
    m = parse(0x2A5E, data)
    assert isinstance(m, PlxSpotCheckMeasurement)
    assert m.device_clock_not_set and m.timestamp is not None
    assert reading_from(0x2A5E, data).measured_at is None


@pytest.mark.parametrize(
    ("flags", "status", "problems"),
    [
        ("02", "0004", ("not_a_person",)),  # bit 10 data for demonstration
        ("02", "0008", ("not_a_person",)),  # bit 11 data for testing
        ("02", "0040", ("measurement_unsuccessful",)),  # bit 14 questionable measurement
        ("02", "0080", ("measurement_unsuccessful",)),  # bit 15 invalid measurement
        ("02", "2000", ()),  # bit 5 measurement ongoing: not a problem
        ("02", "0100", ()),  # bit 0 reserved
        ("04", "020000", ("sensor_fault",)),  # bit 1 equipment malfunction
        ("04", "100000", ("weak_signal",)),  # bit 4 poor signal
        ("04", "000800", ("no_sensor_contact",)),  # bit 11 sensor unconnected to user
        ("04", "008000", ("no_sensor_contact",)),  # bit 15 sensor disconnected
        ("04", "000001", ()),  # bit 16 reserved
    ],
)
def test_plx_status_bits(flags: str, status: str, problems: tuple[str, ...]) -> None:
    data = bytes.fromhex(f"{flags} 6200 4800 {status}")
    assert reading_from(0x2A5E, data).problems == problems


def test_reserved_status_bits_are_named() -> None:
    m = parse(0x2A5E, bytes.fromhex("06 6200 4800 0100 000001"))
    assert isinstance(m, PlxSpotCheckMeasurement)
    assert m.measurement_status == ("reserved_bit_0",)
    assert m.device_and_sensor_status == ("reserved_bit_16",)


def test_an_unavailable_spo2_with_the_sensor_off() -> None:
    # SpO2 and pulse NaN (0x07FF), device status bit 15: sensor disconnected
    reading = reading_from(0x2A5E, bytes.fromhex("04 ff07 ff07 008000"))
    assert reading.values == {}
    assert reading.problems == ("no_sensor_contact", "value_unavailable")


def test_continuous_with_fast_and_slow_values() -> None:
    # flags 0x1F: fast (bit 0), slow (1), measurement status (2), device status (3), PAI (4);
    # normal 98/72, fast 97/73, slow 99/71, statuses 0, PAI 2.5
    data = bytes.fromhex("1f 6200 4800 6100 4900 6300 4700 0000 000000 19f0")
    m = parse(0x2A5F, data)
    assert m == PlxContinuousMeasurement(
        spo2=98.0,
        pulse_rate=72.0,
        spo2_fast=97.0,
        pulse_rate_fast=73.0,
        spo2_slow=99.0,
        pulse_rate_slow=71.0,
        measurement_status=(),
        device_and_sensor_status=(),
        pulse_amplitude_index=2.5,
        has_fast=True,
        has_slow=True,
    )
    assert encode_plx_continuous(m) == data
    assert reading_from(0x2A5F, data).values == {"spo2": 98.0, "pulse": 72.0}


@pytest.mark.parametrize(
    ("uuid", "data", "missing"),
    [
        (0x2A5F, "01 6200 4800 6100", "pulse_rate_fast"),
        (0x2A5F, "02 6200 4800", "spo2_slow"),
        (0x2A5F, "08 6200 4800 0000", "device_and_sensor_status"),
        (0x2A5E, "00 6200", "pulse_rate"),
        (0x2A5E, "08 6200 4800", "pulse_amplitude_index"),
    ],
)
def test_plx_missing_fields(uuid: int, data: str, missing: str) -> None:
    with pytest.raises(ParseError, match=f"the {missing} needs"):
        parse(uuid, bytes.fromhex(data))
