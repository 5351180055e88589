"""From a parsed characteristic to the kiosk's ``DeviceReading``: values in the kiosk's units,
the device's status bits as the problems named in ``app.devices.PROBLEMS``, and the pairing of
glucose measurements with the context records that follow them.

Conversions (rounded finer than any device measures, so no float noise reaches the screen):
kPa to mmHg (x 7.50062, whole mmHg: a cuff's 0.1 kPa step is 0.75 mmHg); Fahrenheit to
Celsius (two decimals); pounds to kilograms (x 0.45359237, three decimals); glucose kg/L to
mg/dL (x 100 000) to mmol/L (/ 18.016), or mol/L to mmol/L (x 1000), two decimals.

What each characteristic gives:

- blood pressure: systolic, diastolic and, when sent as a number, pulse; the status bits as
  problems (the mean arterial pressure is not a value the kiosk shows);
- heart rate: pulse (a heart rate of 0 is no pulse reading: ``value_unavailable``);
  ``no_sensor_contact`` when the sensor says so;
- temperature: temperature_c;
- glucose: glucose_mmol_l, the meter's sequence number; the meal once its context arrives
  (preprandial, casual and bedtime are "unknown": only a fasting reading is "fasting", a
  postprandial one "after_meal"); control solution is ``not_a_person``; a meter reporting a
  time fault gives no ``measured_at``;
- weight: weight_kg;
- pulse oximetry (spot-check and continuous): spo2 and, when a number, pulse; a device whose
  clock is not set gives no ``measured_at``.

A user id of 255 (the specification's "unknown user") gives ``user_id`` None. A reading whose
needed value is missing carries ``value_unavailable`` rather than raising, so the screen can
ask to measure again; only bytes that do not make a measurement raise ``ParseError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from app.devices import (
    GLUCOSE_MEASUREMENT,
    GLUCOSE_MEASUREMENT_CONTEXT,
    PROBLEMS,
    READING_VALUES,
    DeviceReading,
    ParseError,
    uuid16,
)
from app.devices.profiles import (
    AnyMeasurement,
    BloodPressureMeasurement,
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    HeartRateMeasurement,
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    TemperatureMeasurement,
    WeightMeasurement,
    parse,
)
from app.devices.profiles.glucose import parse_glucose, parse_glucose_context

MMHG_PER_KPA = 1000 / 133.322387415  # 1 mmHg = 133.322387415 Pa
KG_PER_POUND = 0.45359237
MG_DL_PER_KG_L = 100_000
MG_DL_PER_MMOL_L = 18.016  # glucose, C6H12O6: 180.16 g/mol
UNKNOWN_USER = 255

# Device status names (as parsed) -> the kiosk's problem names.
_STATUS_PROBLEMS = {
    # blood pressure measurement status
    "body_movement": "body_movement",
    "cuff_too_loose": "cuff_loose",
    "irregular_pulse": "irregular_pulse",
    "pulse_rate_exceeds_upper_limit": "pulse_out_of_range",
    "pulse_rate_below_lower_limit": "pulse_out_of_range",
    "improper_measurement_position": "improper_position",
    # glucose sensor status annunciation
    "sensor_malfunction": "sensor_fault",
    "strip_insertion_error": "sensor_fault",
    "strip_type_incorrect": "sensor_fault",
    "temperature_too_high": "sensor_fault",
    "temperature_too_low": "sensor_fault",
    "general_device_fault": "sensor_fault",
    "sample_size_insufficient": "measurement_unsuccessful",
    "read_interrupted": "measurement_unsuccessful",
    "result_too_high": "out_of_device_range",
    "result_too_low": "out_of_device_range",
    # pulse oximeter measurement status
    "data_for_demonstration": "not_a_person",
    "data_for_testing": "not_a_person",
    "calibration_ongoing": "measurement_unsuccessful",
    "measurement_unavailable": "measurement_unsuccessful",
    "questionable_measurement_detected": "measurement_unsuccessful",
    "invalid_measurement_detected": "measurement_unsuccessful",
    # pulse oximeter device and sensor status
    "equipment_malfunction_detected": "sensor_fault",
    "sensor_malfunctioning": "sensor_fault",
    "unknown_sensor_connected": "sensor_fault",
    "signal_processing_irregularity_detected": "weak_signal",
    "inadequate_signal_detected": "weak_signal",
    "poor_signal_detected": "weak_signal",
    "low_perfusion_detected": "weak_signal",
    "erratic_signal_detected": "weak_signal",
    "nonpulsatile_signal_detected": "weak_signal",
    "questionable_pulse_detected": "weak_signal",
    "sensor_interference_detected": "weak_signal",
    "sensor_unconnected_to_user": "no_sensor_contact",
    "sensor_displaced": "no_sensor_contact",
    "sensor_disconnected": "no_sensor_contact",
}
_MEALS = {"fasting": "fasting", "postprandial": "after_meal"}


def _problems(names: Iterable[str]) -> tuple[str, ...]:
    """The distinct problems, in the order of PROBLEMS (so equal readings compare equal)."""
    found = set(names)
    return tuple(name for name in PROBLEMS if name in found)


def _status_problems(*statuses: tuple[str, ...] | None) -> list[str]:
    return [
        _STATUS_PROBLEMS[name]
        for status in statuses
        for name in status or ()
        if name in _STATUS_PROBLEMS
    ]


def _user(user_id: int | None) -> int | None:
    return None if user_id == UNKNOWN_USER else user_id


def _reading(
    kind: str,
    values: dict[str, float | None],
    problems: list[str],
    measured_at: datetime | None = None,
    **extra: object,
) -> DeviceReading:
    shown = {name: value for name, value in values.items() if value is not None}
    if any(name not in shown for name in READING_VALUES[kind]):
        problems.append("value_unavailable")
    return DeviceReading(
        kind=kind,
        values=shown,
        measured_at=measured_at,
        problems=_problems(problems),
        **extra,  # type: ignore[arg-type]
    )


def _blood_pressure(m: BloodPressureMeasurement) -> DeviceReading:
    def mmhg(value: float | None) -> float | None:
        if value is None or m.unit == "mmHg":
            return value
        return float(round(value * MMHG_PER_KPA))

    values = {"systolic": mmhg(m.systolic), "diastolic": mmhg(m.diastolic), "pulse": m.pulse_rate}
    return _reading(
        "blood_pressure",
        values,
        _status_problems(m.status),
        m.timestamp,
        user_id=_user(m.user_id),
    )


def _heart_rate(m: HeartRateMeasurement) -> DeviceReading:
    problems = ["no_sensor_contact"] if m.sensor_contact == "not_detected" else []
    pulse = float(m.heart_rate) if m.heart_rate > 0 else None
    return _reading("heart_rate", {"pulse": pulse}, problems)


def _temperature(m: TemperatureMeasurement) -> DeviceReading:
    celsius = m.temperature
    if celsius is not None and m.unit == "fahrenheit":
        celsius = round((celsius - 32) * 5 / 9, 2)
    return _reading("temperature", {"temperature_c": celsius}, [], m.timestamp)


def _glucose(m: GlucoseMeasurement) -> DeviceReading:
    mmol_l = m.glucose_concentration
    if mmol_l is not None:
        if m.unit == "kg/L":
            mmol_l = round(mmol_l * MG_DL_PER_KG_L / MG_DL_PER_MMOL_L, 2)
        else:
            mmol_l = round(mmol_l * 1000, 2)
    problems = _status_problems(m.sensor_status_annunciation)
    if "control_solution" in (m.type, m.sample_location):
        problems.append("not_a_person")
    time_fault = "time_fault" in (m.sensor_status_annunciation or ())
    return _reading(
        "glucose",
        {"glucose_mmol_l": mmol_l},
        problems,
        None if time_fault else m.timestamp,
        sequence_number=m.sequence_number,
    )


def _weight(m: WeightMeasurement) -> DeviceReading:
    kilograms = m.weight
    if kilograms is not None and m.unit == "lb":
        kilograms = round(kilograms * KG_PER_POUND, 3)
    problems = ["measurement_unsuccessful"] if m.measurement_unsuccessful else []
    return _reading(
        "weight", {"weight_kg": kilograms}, problems, m.timestamp, user_id=_user(m.user_id)
    )


def _pulse_oximetry(m: PlxSpotCheckMeasurement | PlxContinuousMeasurement) -> DeviceReading:
    measured_at = None
    if isinstance(m, PlxSpotCheckMeasurement) and not m.device_clock_not_set:
        measured_at = m.timestamp
    return _reading(
        "pulse_oximetry",
        {"spo2": m.spo2, "pulse": m.pulse_rate},
        _status_problems(m.measurement_status, m.device_and_sensor_status),
        measured_at,
    )


def summarise(measurement: AnyMeasurement) -> DeviceReading:
    """The kiosk's reading of a parsed measurement (not of a glucose context, which only adds
    to a glucose reading: ParseError)."""
    match measurement:
        case BloodPressureMeasurement():
            return _blood_pressure(measurement)
        case HeartRateMeasurement():
            return _heart_rate(measurement)
        case TemperatureMeasurement():
            return _temperature(measurement)
        case GlucoseMeasurement():
            return _glucose(measurement)
        case WeightMeasurement():
            return _weight(measurement)
        case PlxSpotCheckMeasurement() | PlxContinuousMeasurement():
            return _pulse_oximetry(measurement)
        case GlucoseMeasurementContext():
            raise ParseError(
                "a glucose measurement context is not a reading by itself: "
                "it adds the meal to the glucose measurement with the same sequence number"
            )
    raise ParseError(f"no reading is made from {type(measurement).__name__}")


def reading_from(characteristic: int | str, data: bytes) -> DeviceReading:
    """The reading in one notification or indication; ParseError if it is not one."""
    return summarise(parse(characteristic, data))


def with_context(
    reading: DeviceReading, context: bytes | GlucoseMeasurementContext
) -> DeviceReading:
    """The glucose reading with the meal from its Glucose Measurement Context record (bytes
    or parsed); ParseError if the reading is not glucose or the sequence numbers differ. A
    context without a meal field leaves the reading as it was."""
    if not isinstance(context, GlucoseMeasurementContext):
        context = parse_glucose_context(context)
    if reading.kind != "glucose":
        raise ParseError(f"a glucose context cannot describe a {reading.kind} reading")
    if reading.sequence_number != context.sequence_number:
        raise ParseError(
            f"the glucose context is for record {context.sequence_number}, "
            f"the reading is record {reading.sequence_number}"
        )
    if context.meal is None:
        return reading
    return DeviceReading(
        kind=reading.kind,
        values=dict(reading.values),
        measured_at=reading.measured_at,
        problems=reading.problems,
        meal=_MEALS.get(context.meal, "unknown"),
        user_id=reading.user_id,
        sequence_number=reading.sequence_number,
    )


class GlucoseRecords:
    """Turns a device's notifications into finished readings, pairing each glucose
    measurement with the context record that follows it when the measurement says one will.

    Readings of every other characteristic pass straight through. A glucose measurement
    waiting for its context is finished, without a meal, when the next measurement comes or
    at ``flush()`` (call it when the meter's transfer ends or the device disconnects)."""

    def __init__(self) -> None:
        self._waiting: list[DeviceReading] = []

    def add(self, characteristic: int | str, data: bytes) -> list[DeviceReading]:
        """The readings this notification finishes, in the order the device sent them;
        ParseError (nothing waiting is lost) for bytes that are not a measurement."""
        number = uuid16(characteristic)
        if number == GLUCOSE_MEASUREMENT_CONTEXT:
            context = parse_glucose_context(data)
            for index, reading in enumerate(self._waiting):
                if reading.sequence_number == context.sequence_number:
                    del self._waiting[index]
                    return [with_context(reading, context)]
            raise ParseError(
                f"a glucose context for record {context.sequence_number} came "
                "without its measurement"
            )
        if number == GLUCOSE_MEASUREMENT:
            measurement = parse_glucose(data)
            finished = self.flush()
            reading = summarise(measurement)
            if measurement.context_information_follows:
                self._waiting.append(reading)
                return finished
            return [*finished, reading]
        return [reading_from(number, data)]

    def flush(self) -> list[DeviceReading]:
        """The glucose readings still waiting for a context, finished without a meal."""
        finished, self._waiting = self._waiting, []
        return finished
