"""Vital signs: how fast the kiosk reads what health devices send.

- ``parse_per_s``: per characteristic (by its snake_case name), measurements parsed per second
  by ``app.devices.profiles.parse`` over a few thousand realistic values: the flags, units,
  optional fields and status bits that real cuffs, meters, scales and oximeters send, made by
  the same encoders the simulated devices use. The median of the rounds.
- ``reading_per_s``: the same for ``app.devices.reading_from`` (parse, then the kiosk's
  reading: units converted, problems named), the path every notification takes; the glucose
  context is left out, as it is no reading by itself.
- ``notify_to_paint_ms``: p50/p95 over ``--paint-runs`` measurements from a simulated cuff's
  last notification to the number painted on the result screen (bench/vitals_paint.py; goal:
  p95 at most 100 ms).

Each figure is one function of the options, listed in ``FIGURES`` under its JSON name; the
result is assembled from them, so a new figure is one function and one line.
``--only NAME`` (repeatable) measures just those figures.

    python -m bench vitals [--vectors 3000] [--rounds 5] [--seed 14] [--paint-runs 50]
                           [--only parse_per_s]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from app.devices import CHARACTERISTICS, reading_from
from app.devices.profiles import (
    BloodPressureMeasurement,
    GlucoseMeasurement,
    GlucoseMeasurementContext,
    HeartRateMeasurement,
    PlxContinuousMeasurement,
    PlxSpotCheckMeasurement,
    TemperatureMeasurement,
    WeightMeasurement,
    encode,
    encode_temperature,
    parse,
)
from bench.machine import describe
from bench.stats import median
from bench.vitals_paint import measure_notify_to_paint_ms

START = datetime(2026, 3, 1, 7, 0)


def _moment(rng: random.Random) -> datetime:
    return START + timedelta(minutes=rng.randrange(60 * 24 * 60))


def _blood_pressure(rng: random.Random, index: int) -> bytes:
    systolic = rng.randint(95, 185)
    diastolic = rng.randint(55, min(systolic - 20, 115))
    kpa = rng.random() < 0.1
    scale = 0.133322 if kpa else 1.0
    status = rng.choice([(), (), (), ("body_movement",), ("irregular_pulse",), ("cuff_too_loose",)])
    return encode(
        BloodPressureMeasurement(
            unit="kPa" if kpa else "mmHg",
            systolic=round(systolic * scale, 1),
            diastolic=round(diastolic * scale, 1),
            mean_arterial_pressure=round((systolic + 2 * diastolic) / 3 * scale, 1),
            timestamp=_moment(rng),
            pulse_rate=float(rng.randint(48, 115)),
            user_id=rng.choice([None, 1, 2, 255]),
            status=status if index % 2 else None,
        )
    )


def _heart_rate(rng: random.Random, index: int) -> bytes:
    rr = tuple(rng.randint(500, 1300) / 1024 for _ in range(rng.randint(1, 3)))
    return encode(
        HeartRateMeasurement(
            heart_rate=rng.randint(48, 130),
            sensor_contact=rng.choice(["detected", "detected", "not_detected", "not_supported"]),
            energy_expended=rng.randint(0, 3000) if index % 5 == 0 else None,
            rr_intervals=rr if index % 2 else None,
        )
    )


def _temperature(rng: random.Random, index: int) -> bytes:
    fahrenheit = index % 10 == 0
    celsius = rng.randint(355, 392) / 10
    value = round(celsius * 9 / 5 + 32, 1) if fahrenheit else celsius
    measurement = TemperatureMeasurement(
        unit="fahrenheit" if fahrenheit else "celsius",
        temperature=value,
        timestamp=_moment(rng) if index % 3 else None,
        temperature_type=rng.choice([None, "armpit", "ear", "tympanum", "mouth"]),
    )
    return encode_temperature(measurement, exponent=-1)


def _glucose(rng: random.Random, index: int) -> bytes:
    mg_dl = rng.randint(65, 260)
    return encode(
        GlucoseMeasurement(
            sequence_number=index % 0x10000,
            base_time=_moment(rng),
            time_offset=rng.choice([None, 0, 480]),
            glucose_concentration=mg_dl / 100_000,
            unit="kg/L",
            type="capillary_plasma",
            sample_location="finger",
            sensor_status_annunciation=rng.choice([None, (), ("device_battery_low",)]),
            context_information_follows=index % 2 == 0,
        )
    )


def _glucose_context(rng: random.Random, index: int) -> bytes:
    carbohydrate = index % 4 == 0
    return encode(
        GlucoseMeasurementContext(
            sequence_number=index % 0x10000,
            meal=rng.choice(["preprandial", "postprandial", "fasting", "casual", "bedtime"]),
            carbohydrate_id="lunch" if carbohydrate else None,
            carbohydrate=0.06 if carbohydrate else None,
            tester="self" if index % 3 == 0 else None,
            health="no_health_issues" if index % 3 == 0 else None,
        )
    )


def _weight(rng: random.Random, index: int) -> bytes:
    kilograms = rng.randint(40 * 200, 100 * 200) / 200
    with_bmi = index % 2 == 0
    return encode(
        WeightMeasurement(
            unit="kg",
            weight=kilograms,
            timestamp=_moment(rng),
            user_id=rng.choice([None, 1, 2]),
            bmi=round(kilograms / 1.6**2, 1) if with_bmi else None,
            height=1.6 if with_bmi else None,
        )
    )


def _spot_check(rng: random.Random, index: int) -> bytes:
    return encode(
        PlxSpotCheckMeasurement(
            spo2=float(rng.randint(88, 100)),
            pulse_rate=float(rng.randint(48, 115)),
            timestamp=_moment(rng) if index % 2 else None,
            measurement_status=rng.choice([None, ("validated_data",)]),
            device_and_sensor_status=rng.choice([None, (), ("low_perfusion_detected",)]),
            pulse_amplitude_index=rng.randint(5, 200) / 10 if index % 3 == 0 else None,
        )
    )


def _continuous(rng: random.Random, index: int) -> bytes:
    fast = index % 4 == 0
    return encode(
        PlxContinuousMeasurement(
            spo2=float(rng.randint(88, 100)),
            pulse_rate=float(rng.randint(48, 115)),
            has_fast=fast,
            spo2_fast=float(rng.randint(88, 100)) if fast else None,
            pulse_rate_fast=float(rng.randint(48, 115)) if fast else None,
            measurement_status=rng.choice([None, (), ("measurement_ongoing",)]),
            device_and_sensor_status=rng.choice([None, ()]),
        )
    )


# Characteristic -> a maker of realistic values (index: the value's place in the run).
MAKERS: dict[int, Callable[[random.Random, int], bytes]] = {
    0x2A35: _blood_pressure,
    0x2A37: _heart_rate,
    0x2A1C: _temperature,
    0x2A18: _glucose,
    0x2A34: _glucose_context,
    0x2A9D: _weight,
    0x2A5E: _spot_check,
    0x2A5F: _continuous,
}


def realistic_vectors(characteristic: int, count: int, seed: int) -> list[bytes]:
    """``count`` values such as devices send for ``characteristic``, the same for a seed."""
    rng = random.Random(f"{seed}-{characteristic}")
    return [MAKERS[characteristic](rng, index) for index in range(count)]


def _per_second(
    function: Callable[[int, bytes], object], uuid: int, vectors: list[bytes], rounds: int
) -> int:
    for data in vectors[:100]:  # warm up
        function(uuid, data)
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for data in vectors:
            function(uuid, data)
        rates.append(len(vectors) / (time.perf_counter() - started))
    return round(median(rates))


def measure_parse_per_s(args: argparse.Namespace) -> dict[str, int]:
    """Parses per second, per characteristic."""
    result = {}
    for uuid in MAKERS:
        vectors = realistic_vectors(uuid, args.vectors, args.seed)
        result[CHARACTERISTICS[uuid].name] = _per_second(parse, uuid, vectors, args.rounds)
        print(
            f"parse {CHARACTERISTICS[uuid].name}: {result[CHARACTERISTICS[uuid].name]}/s",
            file=sys.stderr,
        )
    return result


def measure_reading_per_s(args: argparse.Namespace) -> dict[str, int]:
    """Readings made per second, per characteristic that makes readings."""
    result = {}
    for uuid in MAKERS:
        if CHARACTERISTICS[uuid].kind is None:
            continue
        vectors = realistic_vectors(uuid, args.vectors, args.seed)
        result[CHARACTERISTICS[uuid].name] = _per_second(reading_from, uuid, vectors, args.rounds)
    return result


# JSON name -> the function measuring it.
FIGURES: dict[str, Callable[[argparse.Namespace], Any]] = {
    "parse_per_s": measure_parse_per_s,
    "reading_per_s": measure_reading_per_s,
    "notify_to_paint_ms": measure_notify_to_paint_ms,
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench vitals", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--vectors", type=int, default=3000, help="values per characteristic")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes; the median is kept")
    parser.add_argument("--seed", type=int, default=14, help="seed of the realistic values")
    parser.add_argument(
        "--paint-runs", type=int, default=50, help="measurements timed to the painted number"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(FIGURES),
        help="measure only this figure (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.vectors < 1 or args.rounds < 1 or args.paint_runs < 1:
        parser.error("--vectors, --rounds and --paint-runs must be at least 1")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    chosen = args.only or list(FIGURES)
    figures = {name: FIGURES[name](args) for name in chosen}
    return {
        **figures,
        "vectors_per_characteristic": args.vectors,
        "rounds": args.rounds,
        "machine": describe(),
    }
