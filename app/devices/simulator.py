"""A pretend health device for demo mode, training and the tests.

:class:`SimulatedDevice` is a :class:`~app.devices.link.DeviceLink` that speaks the same bytes
as a real device: it builds each notification with the parsers' encoders
(``app.devices.profiles``) and hands them to the same :func:`~app.devices.link.collect_reading`
as the Bluetooth link, so the readings, the states and the failures are the ones a real
device gives: a cuff's rising pressure while ``measuring``, a thermometer's intermediate
temperatures, a pulse oximeter's running values before its spot-check, a glucose meter's
record with its meal context.

What the next measurement does is a :class:`Behaviour`: a constructor argument, or queued with
``queue()``; once the queue is empty every measurement is ``normal``. Values vary a little
from run to run (a seeded random generator: ``seed`` fixes them); ``pace_s`` scales the delays
(1.0: about as long as a real device; 0: at once, for tests).
"""

from __future__ import annotations

import asyncio
import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.devices import (
    BLOOD_PRESSURE_MEASUREMENT,
    GLUCOSE_MEASUREMENT,
    GLUCOSE_MEASUREMENT_CONTEXT,
    HEART_RATE_MEASUREMENT,
    PLX_CONTINUOUS_MEASUREMENT,
    PLX_SPOT_CHECK_MEASUREMENT,
    TEMPERATURE_MEASUREMENT,
    WEIGHT_MEASUREMENT,
    DeviceReading,
)
from app.devices.link import (
    INTERMEDIATE_CUFF_PRESSURE,
    INTERMEDIATE_TEMPERATURE,
    RECORD_ACCESS_CONTROL_POINT,
    DeviceLink,
    DeviceState,
    LinkFailure,
    Notification,
    Reconnect,
    Reporter,
    collect_reading,
)
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
)
from app.devices.profiles.heart_rate import SensorContact


class Behaviour(StrEnum):
    """What the simulated device does on its next measurement."""

    NORMAL = "normal"  # a reading in the normal range
    HIGH = "high"  # a high one (blood pressure, pulse, fever, glucose, weight)
    LOW = "low"  # a low one (blood pressure, pulse, SpO2, temperature, glucose, weight)
    FLAGGED = "flagged"  # the device flags its own measurement (cuff loose and movement, ...)
    GARBAGE = "garbage"  # the measurement's bytes come cut short
    DISCONNECT = "disconnect"  # the device goes away in the middle
    NOT_FOUND = "not_found"  # no device shows up
    TIMEOUT = "timeout"  # it connects and then sends nothing
    BLUETOOTH_OFF = "bluetooth_off"  # the terminal's Bluetooth is off


DEVICE_NAMES = {
    "blood_pressure": "Simulated blood-pressure cuff",
    "heart_rate": "Simulated heart-rate sensor",
    "pulse_oximetry": "Simulated pulse oximeter",
    "temperature": "Simulated thermometer",
    "glucose": "Simulated glucose meter",
    "weight": "Simulated scale",
}

# Typical values (centre, spread) per kind and behaviour; FLAGGED, GARBAGE, DISCONNECT and
# TIMEOUT use the normal ones.
_VALUES: dict[str, dict[str, dict[str, tuple[float, float]]]] = {
    "blood_pressure": {
        "normal": {"systolic": (122, 6), "diastolic": (77, 4), "pulse": (72, 5)},
        "high": {"systolic": (168, 8), "diastolic": (102, 5), "pulse": (86, 6)},
        "low": {"systolic": (86, 3), "diastolic": (53, 3), "pulse": (60, 4)},
    },
    "heart_rate": {
        "normal": {"pulse": (72, 6)},
        "high": {"pulse": (122, 6)},
        "low": {"pulse": (44, 2)},
    },
    "pulse_oximetry": {
        "normal": {"spo2": (97, 1), "pulse": (74, 5)},
        "high": {"spo2": (97, 1), "pulse": (124, 5)},
        "low": {"spo2": (88, 1), "pulse": (92, 5)},
    },
    "temperature": {
        "normal": {"temperature_c": (36.5, 0.2)},
        "high": {"temperature_c": (38.7, 0.3)},
        "low": {"temperature_c": (35.0, 0.2)},
    },
    "glucose": {
        "normal": {"glucose_mmol_l": (5.4, 0.4)},
        "high": {"glucose_mmol_l": (12.8, 1.0)},
        "low": {"glucose_mmol_l": (3.3, 0.2)},
    },
    "weight": {
        "normal": {"weight_kg": (61.5, 0.6)},
        "high": {"weight_kg": (86.0, 0.8)},
        "low": {"weight_kg": (41.5, 0.5)},
    },
}
_DECIMALS = {"temperature_c": 1, "glucose_mmol_l": 1, "weight_kg": 1}

# Seconds at pace 1.0: about what the real devices take.
SEARCH_S = 1.5
CONNECT_S = 0.8
SETTLE_S = 0.4
NOT_FOUND_S = 4.0
NO_ANSWER_S = 8.0


@dataclass(frozen=True)
class _Send:
    after_s: float
    characteristic: int
    data: bytes


_DROP = None  # in a script: the device goes away
# A device's script in three parts: what comes while measuring, the measurement itself, and
# what follows it.
Parts = tuple[list[_Send], list[_Send], list[_Send | None]]


class SimulatedDevice(DeviceLink):
    """A pretend device of any kind; ``behaviours`` are the next measurements' behaviours."""

    def __init__(
        self,
        behaviours: Iterable[Behaviour | str] = (),
        *,
        pace_s: float = 1.0,
        seed: int | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self._behaviours: deque[Behaviour] = deque()
        self.queue(*behaviours)
        self.pace_s = max(0.0, pace_s)
        self._random = random.Random(seed)
        self._clock = clock

    def queue(self, *behaviours: Behaviour | str) -> None:
        """Make the next measurements behave so, in this order (ValueError for an unknown)."""
        self._behaviours.extend(Behaviour(b) for b in behaviours)

    @property
    def pending(self) -> tuple[Behaviour, ...]:
        """Behaviours queued and not yet used."""
        return tuple(self._behaviours)

    async def _run(self, kind: str, report: Reporter) -> DeviceReading:
        behaviour = self._behaviours.popleft() if self._behaviours else Behaviour.NORMAL
        report(DeviceState.SEARCHING)
        if behaviour is Behaviour.BLUETOOTH_OFF:
            raise LinkFailure("bluetooth_off", "simulated: Bluetooth is switched off")
        await self._pause(SEARCH_S)
        if behaviour is Behaviour.NOT_FOUND:
            await self._pause(NOT_FOUND_S)
            raise LinkFailure("not_found", f"simulated: no {kind} device nearby")
        report.device_name = DEVICE_NAMES[kind]
        report(DeviceState.CONNECTING)
        await self._pause(CONNECT_S)
        report(DeviceState.CONNECTED)
        script = self._script(kind, behaviour)
        notifications: asyncio.Queue[Notification] = asyncio.Queue()
        device = asyncio.ensure_future(self._play(script, notifications))
        # A device that answers is given all the time it needs; one that does not, a while.
        reading_s = NO_ANSWER_S * self.pace_s if behaviour is Behaviour.TIMEOUT else 3600.0
        try:
            return await collect_reading(
                kind, notifications, report, reading_s=reading_s, quiet_s=0.0
            )
        except Reconnect as gone:
            # A real link would connect again; the pretend device stays away.
            raise LinkFailure("disconnected_mid_reading", f"simulated: {gone}") from None
        finally:
            device.cancel()
            await asyncio.wait({device})

    async def _pause(self, seconds: float) -> None:
        await asyncio.sleep(seconds * self.pace_s)

    async def _play(
        self, script: list[_Send | None], notifications: asyncio.Queue[Notification]
    ) -> None:
        for step in script:
            if step is _DROP:
                notifications.put_nowait(None)
                return
            assert step is not None
            await self._pause(step.after_s)
            notifications.put_nowait((step.characteristic, step.data))

    # -- what each kind of device sends ------------------------------------------------------

    def _values(self, kind: str, behaviour: Behaviour) -> dict[str, float]:
        table = _VALUES[kind]
        typical = table.get(str(behaviour), table["normal"])
        values = {}
        for name, (centre, spread) in typical.items():
            value = centre + self._random.uniform(-spread, spread)
            values[name] = round(value, _DECIMALS.get(name, 0))
        if "spo2" in values:
            values["spo2"] = min(100.0, values["spo2"])
        return values

    def _script(self, kind: str, behaviour: Behaviour) -> list[_Send | None]:
        if behaviour is Behaviour.TIMEOUT:
            return []
        values = self._values(kind, behaviour)
        flagged = behaviour is Behaviour.FLAGGED
        now = self._clock().replace(microsecond=0, tzinfo=None)
        build = {
            "blood_pressure": self._blood_pressure,
            "heart_rate": self._heart_rate,
            "pulse_oximetry": self._pulse_oximetry,
            "temperature": self._temperature,
            "glucose": self._glucose,
            "weight": self._weight,
        }[kind]
        progress, final, after = build(values, flagged, now)
        if behaviour is Behaviour.DISCONNECT:
            return [*progress[:1], _DROP]
        if behaviour is Behaviour.GARBAGE:
            cut = final[0].data[: max(1, len(final[0].data) // 2)]
            final = [_Send(final[0].after_s, final[0].characteristic, cut), *final[1:]]
        return [*progress, *final, *after]

    def _blood_pressure(self, v: dict[str, float], flagged: bool, now: datetime) -> Parts:
        inflate = [30.0 * step for step in range(1, 7)]  # up to 180 mmHg
        deflate = [170.0 - 20 * step for step in range(5)]  # and slowly down
        progress = [
            _Send(0.3, INTERMEDIATE_CUFF_PRESSURE, _cuff_pressure(p)) for p in inflate + deflate
        ]
        status = ("body_movement", "cuff_too_loose") if flagged else ()
        measurement = BloodPressureMeasurement(
            unit="mmHg",
            systolic=v["systolic"],
            diastolic=v["diastolic"],
            mean_arterial_pressure=round(v["diastolic"] + (v["systolic"] - v["diastolic"]) / 3),
            timestamp=now,
            pulse_rate=v["pulse"],
            user_id=1,
            status=status,
        )
        # A cuff lets go by itself once it has sent its measurement.
        return progress, [_Send(0.6, BLOOD_PRESSURE_MEASUREMENT, encode(measurement))], [_DROP]

    def _heart_rate(self, v: dict[str, float], flagged: bool, now: datetime) -> Parts:
        contact: SensorContact = "not_detected" if flagged else "detected"
        beats = [v["pulse"] + 9, v["pulse"] + 3, v["pulse"]]  # settling
        sends = [
            _Send(
                1.0,
                HEART_RATE_MEASUREMENT,
                encode(HeartRateMeasurement(heart_rate=int(b), sensor_contact=contact)),
            )
            for b in beats
        ]
        return sends[:-1], sends[-1:], []

    def _pulse_oximetry(self, v: dict[str, float], flagged: bool, now: datetime) -> Parts:
        running = [
            _Send(
                1.0,
                PLX_CONTINUOUS_MEASUREMENT,
                encode(PlxContinuousMeasurement(spo2=v["spo2"] - d, pulse_rate=v["pulse"] + d)),
            )
            for d in (2, 1)
        ]
        spot_check = PlxSpotCheckMeasurement(
            spo2=v["spo2"],
            pulse_rate=v["pulse"],
            timestamp=now,
            device_and_sensor_status=("sensor_displaced",) if flagged else None,
        )
        final = [_Send(1.0, PLX_SPOT_CHECK_MEASUREMENT, encode(spot_check))]
        return running, final, [_DROP]

    def _temperature(self, v: dict[str, float], flagged: bool, now: datetime) -> Parts:
        final_c = v["temperature_c"]
        progress = [
            _Send(0.5, INTERMEDIATE_TEMPERATURE, _temperature_bytes(final_c - d, None))
            for d in (1.2, 0.5, 0.2)
        ]
        # A thermometer that could not measure sends no number (NaN): "value unavailable".
        final_value = None if flagged else final_c
        final = [_Send(0.8, TEMPERATURE_MEASUREMENT, _temperature_bytes(final_value, now))]
        return progress, final, [_DROP]

    def _glucose(self, v: dict[str, float], flagged: bool, now: datetime) -> Parts:
        sequence = self._random.randint(1, 9999)
        measurement = GlucoseMeasurement(
            sequence_number=sequence,
            base_time=now,
            glucose_concentration=v["glucose_mmol_l"] / 1000,  # the meter sends mol/L
            unit="mol/L",
            type="capillary_whole_blood",
            sample_location="finger",
            sensor_status_annunciation=("sample_size_insufficient",) if flagged else None,
            context_information_follows=True,
        )
        context = GlucoseMeasurementContext(sequence_number=sequence, meal="fasting")
        final = [_Send(1.0, GLUCOSE_MEASUREMENT, encode(measurement))]
        after: list[_Send | None] = [
            _Send(0.1, GLUCOSE_MEASUREMENT_CONTEXT, encode(context)),
            # "report stored records: success"
            _Send(0.1, RECORD_ACCESS_CONTROL_POINT, bytes([0x06, 0x00, 0x01, 0x01])),
        ]
        return [], final, after

    def _weight(self, v: dict[str, float], flagged: bool, now: datetime) -> Parts:
        # A scale that could not settle says "measurement unsuccessful" (no weight).
        weight = WeightMeasurement(
            unit="kg", weight=None if flagged else v["weight_kg"], timestamp=now
        )
        return [], [_Send(2.0, WEIGHT_MEASUREMENT, encode(weight))], [_DROP]


def _cuff_pressure(pressure: float) -> bytes:
    """Intermediate Cuff Pressure: the blood-pressure layout with only the current pressure
    (diastolic and mean arterial pressure NaN)."""
    measurement = BloodPressureMeasurement(
        unit="mmHg", systolic=pressure, diastolic=None, mean_arterial_pressure=None
    )
    return encode(measurement)


def _temperature_bytes(celsius: float | None, at: datetime | None) -> bytes:
    measurement = TemperatureMeasurement(
        unit="celsius",
        temperature=None if celsius is None else round(celsius, 1),
        timestamp=at,
        temperature_type="armpit" if at is not None else None,
    )
    return encode(measurement)
