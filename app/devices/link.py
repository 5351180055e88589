"""Getting one whole reading from a health device, and telling the screen each step of the way.

A :class:`DeviceLink` measures one kind of reading at a time: ``await link.measure(kind,
on_event)`` reports every change of state as a :class:`DeviceEvent` and returns the reading,
or None when there is none. It never raises for anything a device, the radio or the
operating system does; ``await link.stop()`` ends a measurement at any point, disconnects and
hands nothing out. ``open_link(kind, config)`` gives the link this terminal is set up for:
:class:`~app.devices.bluetooth.BleakLink` for the center's Bluetooth devices,
:class:`~app.devices.simulator.SimulatedDevice` for demo mode and the tests, or None when the
terminal has no device and readings are typed in. Both share the state machine here and turn
a device's bytes into a reading the same way (:func:`collect_reading`).

States (:class:`DeviceState`), in the order they usually follow each other:

- ``searching``: looking for the device (a cuff often shows itself only when it has measured);
- ``connecting``: found it, connecting (again after a dropped connection, a few times);
- ``connected``: connected and listening; waiting for the device to send;
- ``measuring``: the device is sending (a cuff's rising pressure, a first stored record);
- ``done``: a whole reading arrived, the device is let go; the event carries the reading;
- ``failed``: no reading; the event's ``problem`` says why, with one of these codes:

  - ``bluetooth_off``: the terminal's Bluetooth is switched off (staff turn it on);
  - ``no_adapter``: no Bluetooth on this terminal, or the system's Bluetooth service is not
    running or not allowed (staff matter);
  - ``not_found``: no device of this kind nearby within the search time (is it switched on,
    close by, has it finished measuring?);
  - ``not_paired``: the device refused the terminal: it needs pairing by staff;
  - ``connect_failed``: found but could not connect, after a few tries, or it is not a
    device of this kind after all;
  - ``disconnected_mid_reading``: the device went away while sending (measure again);
  - ``garbage``: the device sent bytes that are not a measurement (logged with the bytes);
  - ``timeout``: connected, but no measurement came in time;
  - ``no_reading``: the device says it has no measurement stored (a glucose meter);
  - ``device_error``: anything else unexpected; the details are in the log.

A reading is only handed out whole: the screen gets it with ``done`` after the device has
been let go, never a half-received one, and nothing at all after ``stop()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.devices import (
    BLOOD_PRESSURE_MEASUREMENT,
    BLOOD_PRESSURE_SERVICE,
    CHARACTERISTICS,
    GLUCOSE_MEASUREMENT,
    GLUCOSE_MEASUREMENT_CONTEXT,
    GLUCOSE_SERVICE,
    HEALTH_THERMOMETER_SERVICE,
    HEART_RATE_MEASUREMENT,
    HEART_RATE_SERVICE,
    PLX_CONTINUOUS_MEASUREMENT,
    PLX_SPOT_CHECK_MEASUREMENT,
    PULSE_OXIMETER_SERVICE,
    READING_VALUES,
    TEMPERATURE_MEASUREMENT,
    WEIGHT_MEASUREMENT,
    WEIGHT_SCALE_SERVICE,
    DeviceReading,
    GlucoseRecords,
    reading_from,
)

if TYPE_CHECKING:
    from app.config import Config

log = logging.getLogger(__name__)

# Characteristics the parsers do not summarise, but whose arrival means "measuring".
INTERMEDIATE_CUFF_PRESSURE = 0x2A36
INTERMEDIATE_TEMPERATURE = 0x2A1E
# The glucose meter's Record Access Control Point: the kiosk asks it for the last record.
RECORD_ACCESS_CONTROL_POINT = 0x2A52
RACP_REPORT_LAST_RECORD = bytes([0x01, 0x06])  # op code: report stored records; operator: last
_RACP_RESPONSE = 0x06
_RACP_SUCCESS = 0x01
_RACP_NO_RECORDS = 0x06

# Continuous characteristics send a value every second or so; the first ones, while the
# sensor settles on the finger or the chest, are only "measuring". The n-th is the reading.
SETTLE_COUNT = 3


class DeviceState(StrEnum):
    """Where a measurement is; the module docstring says what each means."""

    SEARCHING = "searching"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    MEASURING = "measuring"
    DONE = "done"
    FAILED = "failed"


PROBLEM_CODES = (
    "bluetooth_off",
    "no_adapter",
    "not_found",
    "not_paired",
    "connect_failed",
    "disconnected_mid_reading",
    "garbage",
    "timeout",
    "no_reading",
    "device_error",
)


@dataclass(frozen=True)
class DeviceEvent:
    """One change of state of a measurement, as the screen learns of it."""

    state: DeviceState
    device_name: str = ""  # the device's own name (or address) once found
    reading: DeviceReading | None = None  # with DONE
    problem: str | None = None  # with FAILED: one of PROBLEM_CODES
    detail: str = ""  # for the log only, never shown


EventHandler = Callable[[DeviceEvent], None]


@dataclass(frozen=True)
class KindProfile:
    """What the kiosk looks for and listens to for one kind of reading."""

    service: int
    measurements: tuple[int, ...]  # characteristics that carry the measurement
    optional: tuple[int, ...] = ()  # listened to when the device has them
    intermediate: tuple[int, ...] = ()  # their values only mean "measuring"
    request: tuple[int, bytes] | None = None  # written once listening, to ask for a record


PROFILES: dict[str, KindProfile] = {
    "blood_pressure": KindProfile(
        BLOOD_PRESSURE_SERVICE,
        (BLOOD_PRESSURE_MEASUREMENT,),
        optional=(INTERMEDIATE_CUFF_PRESSURE,),
        intermediate=(INTERMEDIATE_CUFF_PRESSURE,),
    ),
    "heart_rate": KindProfile(HEART_RATE_SERVICE, (HEART_RATE_MEASUREMENT,)),
    "pulse_oximetry": KindProfile(
        PULSE_OXIMETER_SERVICE, (PLX_SPOT_CHECK_MEASUREMENT, PLX_CONTINUOUS_MEASUREMENT)
    ),
    "temperature": KindProfile(
        HEALTH_THERMOMETER_SERVICE,
        (TEMPERATURE_MEASUREMENT,),
        optional=(INTERMEDIATE_TEMPERATURE,),
        intermediate=(INTERMEDIATE_TEMPERATURE,),
    ),
    "glucose": KindProfile(
        GLUCOSE_SERVICE,
        (GLUCOSE_MEASUREMENT,),
        optional=(GLUCOSE_MEASUREMENT_CONTEXT, RECORD_ACCESS_CONTROL_POINT),
        request=(RECORD_ACCESS_CONTROL_POINT, RACP_REPORT_LAST_RECORD),
    ),
    "weight": KindProfile(WEIGHT_SCALE_SERVICE, (WEIGHT_MEASUREMENT,)),
}
CONTINUOUS = frozenset({HEART_RATE_MEASUREMENT, PLX_CONTINUOUS_MEASUREMENT})


class LinkFailure(Exception):
    """Ends a measurement with ``failed``: ``problem`` is one of PROBLEM_CODES."""

    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(problem, detail)
        self.problem = problem
        self.detail = detail


class Reconnect(Exception):
    """The connection dropped before the device sent anything: worth connecting again."""


class Reporter:
    """Passes state changes to the screen's handler: each state once, nothing after a stop,
    and a handler's own error is logged rather than let into the measurement."""

    def __init__(self, on_event: EventHandler) -> None:
        self._on_event = on_event
        self.device_name = ""
        self.state: DeviceState | None = None
        self.stopped = False

    def __call__(
        self,
        state: DeviceState,
        *,
        reading: DeviceReading | None = None,
        problem: str | None = None,
        detail: str = "",
    ) -> None:
        if self.stopped or state == self.state:
            return
        self.state = state
        event = DeviceEvent(state, self.device_name, reading, problem, detail)
        try:
            self._on_event(event)
        except Exception:
            log.exception("the handler of device events failed on %s", event)


class DeviceLink(ABC):
    """One device (or the search for one) that measures a kind of reading on request.

    Subclasses write ``_run``: it reports progress through the reporter, returns the whole
    reading, and ends a failed measurement by raising :class:`LinkFailure`."""

    def __init__(self) -> None:
        self._task: asyncio.Task[DeviceReading] | None = None
        self._reporter: Reporter | None = None

    async def measure(self, kind: str, on_event: EventHandler) -> DeviceReading | None:
        """Measure once: every state change goes to ``on_event``; the reading, or None.
        One measurement at a time per link (RuntimeError for a second one meanwhile)."""
        if self._task is not None and not self._task.done():
            raise RuntimeError("this device link is already measuring")
        reporter = Reporter(on_event)
        self._reporter = reporter
        if kind not in PROFILES:
            log.error("no device profile for readings of kind %r", kind)
            reporter(DeviceState.FAILED, problem="device_error", detail=f"unknown kind {kind!r}")
            return None
        task = asyncio.ensure_future(self._run(kind, reporter))
        self._task = task
        try:
            reading = await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if reporter.stopped and not (current is not None and current.cancelling()):
                return None
            raise
        except LinkFailure as failure:
            log.warning(
                "%s measurement failed: %s (%s)", kind, failure.problem, failure.detail or "-"
            )
            reporter(DeviceState.FAILED, problem=failure.problem, detail=failure.detail)
            return None
        except Exception as exc:  # a fault of ours or of a library: still never the screen's
            log.exception("%s measurement ended unexpectedly", kind)
            reporter(DeviceState.FAILED, problem="device_error", detail=repr(exc))
            return None
        if reporter.stopped:
            return None
        log.info("%s reading from %s: %s", kind, reporter.device_name or "device", reading)
        reporter(DeviceState.DONE, reading=reading)
        return reading

    async def stop(self) -> None:
        """End the measurement, if any: disconnect, report nothing more, hand nothing out."""
        if self._reporter is not None:
            self._reporter.stopped = True
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task})

    @abstractmethod
    async def _run(self, kind: str, report: Reporter) -> DeviceReading:
        """Search, connect and collect one whole reading of ``kind``."""


# -- turning notifications into one reading, shared by every link ----------------------------


class Outcome(StrEnum):
    """What one notification did to a measurement."""

    IGNORED = "ignored"
    MEASURING = "measuring"  # the device is at work, nothing whole yet
    READING = "reading"  # a whole reading is here; more may follow (stored records)
    COMPLETE = "complete"  # nothing more is coming: finish now


class ReadingCollector:
    """Collects the notifications of one connection into whole readings of one kind.

    Bytes that do not make a reading of this kind raise ``LinkFailure("garbage")``, logged with
    the bytes. A device that sends several stored records gets its newest one taken."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.profile = PROFILES[kind]
        self.started = False  # the device has sent something
        self.no_records = False  # a glucose meter said it has none
        self._readings: list[DeviceReading] = []
        self._glucose = GlucoseRecords() if kind == "glucose" else None
        self._continuous_count: dict[int, int] = {}

    @property
    def has_reading(self) -> bool:
        return bool(self._readings)

    def feed(self, characteristic: int, data: bytes) -> Outcome:
        """Take one notification or indication of ``characteristic``."""
        data = bytes(data)
        if characteristic in self.profile.intermediate:
            self.started = True
            return Outcome.MEASURING
        if characteristic == RECORD_ACCESS_CONTROL_POINT:
            return self._record_access_answer(data)
        known = self.profile.measurements + self.profile.optional
        if characteristic not in known:
            log.info("ignoring %04X from a %s device: %s", characteristic, self.kind, data.hex())
            return Outcome.IGNORED
        self.started = True
        new = self._parse(characteristic, data)
        if characteristic in CONTINUOUS:
            count = self._continuous_count.get(characteristic, 0) + 1
            self._continuous_count[characteristic] = count
            if count < SETTLE_COUNT:
                return Outcome.MEASURING
            self._readings.extend(new)
            return Outcome.COMPLETE
        self._readings.extend(new)
        return Outcome.READING if new else Outcome.MEASURING

    def finish(self) -> DeviceReading | None:
        """The reading to hand out once the device is done sending, if there is one."""
        if self._glucose is not None:
            self._readings.extend(self._checked(r, b"") for r in self._glucose.flush())
        if not self._readings:
            return None
        return newest(self._readings)

    def _parse(self, characteristic: int, data: bytes) -> list[DeviceReading]:
        try:
            if self._glucose is not None:
                readings = self._glucose.add(characteristic, data)
            else:
                readings = [reading_from(characteristic, data)]
        except Exception as exc:  # ParseError by contract; anything else is a parser fault
            if not isinstance(exc, ValueError):
                log.exception("the parser failed on %04X", characteristic)
            raise garbage(characteristic, data, str(exc)) from exc
        return [self._checked(reading, data, characteristic) for reading in readings]

    def _checked(
        self, reading: DeviceReading, data: bytes, characteristic: int = 0
    ) -> DeviceReading:
        """The reading, if it is one the screen can use whole; else garbage."""
        if reading.kind != self.kind:
            raise garbage(characteristic, data, f"a {reading.kind} reading, not {self.kind}")
        for key, value in reading.values.items():
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise garbage(characteristic, data, f"{key} is {value!r}")
        missing = [k for k in READING_VALUES[self.kind] if k not in reading.values]
        # A device may say it could not measure (the parser then names a problem); a reading
        # that lacks its value without saying why is not one.
        if missing and not reading.problems:
            raise garbage(characteristic, data, f"no {', '.join(missing)}")
        return reading

    def _record_access_answer(self, data: bytes) -> Outcome:
        if len(data) >= 4 and data[0] == _RACP_RESPONSE:
            if data[3] == _RACP_NO_RECORDS:
                self.no_records = True
            elif data[3] != _RACP_SUCCESS:
                log.warning("the glucose meter answered its record request with %s", data.hex())
            return Outcome.COMPLETE
        return Outcome.IGNORED


def garbage(characteristic: int, data: bytes, why: str) -> LinkFailure:
    """The failure for bytes that are not a measurement, logged with the bytes."""
    known = CHARACTERISTICS.get(characteristic)
    name = known.name if known else f"{characteristic:04X}"
    log.warning("unreadable %s from a device: %s (bytes: %s)", name, why, data.hex(" ") or "-")
    return LinkFailure("garbage", f"{name}: {why}; bytes {data.hex(' ')}")


def newest(readings: list[DeviceReading]) -> DeviceReading:
    """The newest reading by the device's time stamps, else the last one sent."""
    stamped = [r for r in readings if r.measured_at is not None]
    if len(stamped) == len(readings):
        with contextlib.suppress(TypeError):  # time stamps with and without a zone
            return max(enumerate(readings), key=lambda pair: (pair[1].measured_at, pair[0]))[1]
    return readings[-1]


Notification = tuple[int, bytes] | None  # None: the device disconnected


async def collect_reading(
    kind: str,
    notifications: asyncio.Queue[Notification],
    report: Reporter,
    *,
    reading_s: float,
    quiet_s: float,
) -> DeviceReading:
    """Wait for one whole reading from a connected device.

    ``reading_s`` bounds the wait for the measurement; once one arrived, ``quiet_s`` more for
    further stored records (the newest is taken). Raises LinkFailure, or Reconnect when the
    device went away before sending anything."""
    collector = ReadingCollector(kind)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + reading_s
    while True:
        if collector.has_reading:
            deadline = min(deadline, loop.time() + quiet_s)
        try:
            if notifications.empty():
                item = await asyncio.wait_for(notifications.get(), deadline - loop.time())
            else:
                item = notifications.get_nowait()
        except TimeoutError:
            reading = collector.finish()
            if reading is not None:
                return reading
            raise LinkFailure("timeout", f"no measurement within {reading_s:g} s") from None
        if item is None:
            reading = collector.finish()
            if reading is not None:
                return reading
            if collector.started:
                raise LinkFailure("disconnected_mid_reading", "the device went away mid-reading")
            raise Reconnect("the device went away before sending anything")
        outcome = collector.feed(*item)
        if outcome is Outcome.IGNORED:
            continue
        report(DeviceState.MEASURING)
        if outcome is Outcome.COMPLETE:
            reading = collector.finish()
            if reading is not None:
                return reading
            if collector.no_records:
                raise LinkFailure("no_reading", "the device has no stored measurement")
            raise LinkFailure("no_reading", "the device finished without a measurement")


# -- which link this terminal uses -----------------------------------------------------------


def paired_addresses(text: str) -> dict[str, str]:
    """The ``vitals_paired_devices`` setting as kind -> address; entries that make no sense
    are logged and left out (that kind then uses any device nearby)."""
    addresses: dict[str, str] = {}
    for entry in text.replace(";", ",").split(","):
        if not entry.strip():
            continue
        kind, sep, address = (part.strip() for part in entry.partition("="))
        if not sep or kind not in PROFILES or not _looks_like_address(address):
            log.warning("vitals_paired_devices: cannot use %r (want kind=address)", entry.strip())
            continue
        addresses[kind] = address
    return addresses


def _looks_like_address(address: str) -> bool:
    """A Bluetooth address (AA:BB:CC:DD:EE:FF) or a platform's device UUID (macOS)."""
    parts = address.split(":")
    if len(parts) == 6:
        return all(len(p) == 2 and all(c in "0123456789abcdefABCDEF" for c in p) for p in parts)
    hex_digits = address.replace("-", "")
    return len(hex_digits) == 32 and all(c in "0123456789abcdefABCDEF" for c in hex_digits)


def open_link(kind: str, config: Config, **options: Any) -> DeviceLink | None:
    """The link for ``kind`` this terminal is set up for (``vitals_device``); None: no device
    here, readings are typed in. ``options`` go to the link's constructor (a simulated
    device's ``pace_s`` or ``behaviours``, say)."""
    if config.vitals_device == "simulated":
        from app.devices.simulator import SimulatedDevice

        return SimulatedDevice(**options)
    if config.vitals_device == "bluetooth":
        from app.devices.bluetooth import BleakLink

        settings: dict[str, Any] = {
            "address": paired_addresses(config.vitals_paired_devices).get(kind, ""),
            "search_s": float(config.vitals_search_s),
        }
        return BleakLink(**(settings | options))
    return None
