"""What the rest of the kiosk relies on in app.devices: characteristic and service numbers,
UUID forms, the reading's value names and problems."""

from __future__ import annotations

import pytest

from app.devices import (
    CHARACTERISTICS,
    PROBLEMS,
    READING_VALUES,
    SERVICES,
    DeviceReading,
    ParseError,
    reading_from,
    uuid16,
    uuid128,
)
from app.devices.profiles import PARSERS, name_of, parse
from app.devices.readings import _STATUS_PROBLEMS
from sync import protocol


def test_the_reading_kinds_and_values_match_the_wire_format() -> None:
    assert READING_VALUES == protocol.READING_VALUES
    kinds = {c.kind for c in CHARACTERISTICS.values()} - {None}
    assert kinds == set(protocol.READING_VALUES)


def test_every_problem_a_status_can_raise_is_documented() -> None:
    assert set(_STATUS_PROBLEMS.values()) <= set(PROBLEMS)
    import app.devices

    for problem in PROBLEMS:
        assert f"``{problem}``" in (app.devices.__doc__ or ""), problem


def test_services_carry_their_characteristics() -> None:
    assert SERVICES == {
        0x1810: (0x2A35,),
        0x180D: (0x2A37,),
        0x1809: (0x2A1C,),
        0x1808: (0x2A18, 0x2A34),
        0x181D: (0x2A9D,),
        0x1822: (0x2A5E, 0x2A5F),
    }
    assert set(PARSERS) == set(CHARACTERISTICS)
    assert CHARACTERISTICS[0x2A35].delivery == "indicate"
    assert CHARACTERISTICS[0x2A37].delivery == "notify"


@pytest.mark.parametrize(
    "form", [0x2A35, "2A35", "2a35", "0x2A35", " 0x2a35 ", "00002a35-0000-1000-8000-00805f9b34fb"]
)
def test_every_form_of_a_uuid_names_the_same_characteristic(form: int | str) -> None:
    assert uuid16(form) == 0x2A35
    assert name_of(form) == "blood_pressure_measurement"


def test_uuid128_is_bleaks_form() -> None:
    assert uuid128(0x2A35) == "00002a35-0000-1000-8000-00805f9b34fb"
    assert uuid128(0x1822) == "00001822-0000-1000-8000-00805f9b34fb"
    with pytest.raises(ParseError):
        uuid128(0x10000)


@pytest.mark.parametrize(
    "form",
    [
        "",
        "0x",
        "2A3G",
        "12345",
        -1,
        0x10000,
        True,
        None,
        2.5,
        "00002a35-0000-1000-8000-00805f9b34fc",  # not the Bluetooth base UUID
        "12342a35-0000-1000-8000-00805f9b34fb",
    ],
)
def test_what_is_not_a_uuid_is_a_parse_error(form: object) -> None:
    with pytest.raises(ParseError):
        uuid16(form)  # type: ignore[arg-type]


def test_an_unknown_characteristic_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="0x2a19 is not a health measurement"):
        parse(0x2A19, b"\x64")  # Battery Level
    with pytest.raises(ParseError):
        reading_from("2A19", b"\x64")


def test_bytes_of_another_type_are_a_parse_error() -> None:
    with pytest.raises(ParseError, match="expected bytes, got str"):
        parse(0x2A37, "0648")  # type: ignore[arg-type]
    assert reading_from(0x2A37, bytearray(b"\x06\x48")).values == {"pulse": 72.0}


def test_a_reading_is_frozen() -> None:
    reading = DeviceReading(kind="heart_rate", values={"pulse": 70.0})
    with pytest.raises(AttributeError):
        reading.kind = "weight"  # type: ignore[misc]


def test_a_value_the_format_cannot_hold_cannot_be_encoded() -> None:
    from app.devices.profiles import WeightMeasurement, encode

    with pytest.raises(ValueError, match="WeightMeasurement cannot be sent"):
        encode(WeightMeasurement(unit="kg", weight=400.0))  # over 65535 steps of 5 g
