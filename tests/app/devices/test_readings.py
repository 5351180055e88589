"""The kiosk's reading of a measurement: units converted (kPa, Fahrenheit, pounds, kg/L and
mol/L), device flags as plainly named problems, and what is left out."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.devices import DeviceReading, ParseError, reading_from
from app.devices.profiles import (
    BloodPressureMeasurement,
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    PlxContinuousMeasurement,
    TemperatureMeasurement,
    WeightMeasurement,
    encode,
)
from app.devices.readings import summarise


@pytest.mark.parametrize(
    ("kpa", "mmhg"),
    [
        (16.0, 120.0),  # 16.0 x 7.50062 = 120.01
        (10.7, 80.0),  # 80.26
        (13.3, 100.0),  # 99.76
        (24.0, 180.0),  # 180.01
        (5.3, 40.0),  # 39.75
    ],
)
def test_kilopascals_become_whole_mmhg(kpa: float, mmhg: float) -> None:
    m = BloodPressureMeasurement(
        unit="kPa", systolic=kpa, diastolic=kpa, mean_arterial_pressure=kpa
    )
    assert summarise(m).values == {"systolic": mmhg, "diastolic": mmhg}


def test_mmhg_are_kept_as_sent() -> None:
    m = BloodPressureMeasurement(
        unit="mmHg", systolic=121.5, diastolic=79.0, mean_arterial_pressure=None, pulse_rate=None
    )
    assert summarise(m).values == {"systolic": 121.5, "diastolic": 79.0}


@pytest.mark.parametrize(
    ("fahrenheit", "celsius"),
    [(98.6, 37.0), (100.4, 38.0), (96.8, 36.0), (102.2, 39.0), (99.5, 37.5), (97.9, 36.61)],
)
def test_fahrenheit_becomes_celsius(fahrenheit: float, celsius: float) -> None:
    data = encode(TemperatureMeasurement(unit="fahrenheit", temperature=fahrenheit))
    assert reading_from(0x2A1C, data).values == {"temperature_c": celsius}


@pytest.mark.parametrize(
    ("pounds", "kilograms"),
    [(100.0, 45.359), (154.32, 69.998), (220.46, 99.999), (0.01, 0.005)],
)
def test_pounds_become_kilograms(pounds: float, kilograms: float) -> None:
    data = encode(WeightMeasurement(unit="lb", weight=pounds))
    assert reading_from(0x2A9D, data).values == {"weight_kg": kilograms}


@pytest.mark.parametrize(
    ("value", "unit", "mmol_l"),
    [
        (0.00090, "kg/L", 5.0),  # 90 mg/dL / 18.016 = 4.9956
        (0.00126, "kg/L", 6.99),  # 126 mg/dL (the fasting diabetes line) = 6.9938
        (0.00200, "kg/L", 11.1),  # 200 mg/dL = 11.1013
        (0.0070, "mol/L", 7.0),
        (0.0111, "mol/L", 11.1),
    ],
)
def test_glucose_becomes_mmol_per_litre(value: float, unit: str, mmol_l: float) -> None:
    m = GlucoseMeasurement(
        sequence_number=1,
        base_time=datetime(2026, 3, 1, 7, 0),
        glucose_concentration=value,
        unit=unit,  # type: ignore[arg-type]
        type="capillary_plasma",
        sample_location="finger",
    )
    assert summarise(m).values == {"glucose_mmol_l": mmol_l}


def test_problems_are_named_once_and_in_a_fixed_order() -> None:
    m = PlxContinuousMeasurement(
        spo2=None,
        pulse_rate=71.0,
        device_and_sensor_status=(
            "poor_signal_detected",
            "low_perfusion_detected",
            "sensor_displaced",
            "equipment_malfunction_detected",
        ),
        measurement_status=("data_for_testing", "measurement_ongoing"),
        special_values={"spo2": "NRes"},
    )
    reading = summarise(m)
    assert reading == DeviceReading(
        kind="pulse_oximetry",
        values={"pulse": 71.0},
        problems=(
            "no_sensor_contact",
            "weak_signal",
            "sensor_fault",
            "not_a_person",
            "value_unavailable",
        ),
    )


def test_a_context_alone_is_no_reading() -> None:
    with pytest.raises(ParseError, match="not a reading by itself"):
        summarise(GlucoseMeasurementContext(sequence_number=1, meal="fasting"))
