"""Stand-ins for bleak's scanner and client, and measurement bytes built by hand from the
Bluetooth specifications, for testing the device links without a radio.

``FakeRadio`` holds the peripherals "nearby"; ``radio.scanner`` behaves like ``BleakScanner``'s
finder class methods and ``radio.client`` like the ``BleakClient`` class: the link drives them
as it would the real ones. Each ``FakePeripheral`` plays a script per connection: it sends a
notification only once the link listens to that characteristic (as a real device can only
then), may wait for the link to write a request, and may drop the connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData
from bleak.exc import BleakCharacteristicNotFoundError, BleakError

from app.devices import uuid16, uuid128
from app.devices.link import DeviceEvent, DeviceState

# -- bytes of measurements ---------------------------------------------------------------------


def sfloat(value: float, exponent: int = 0) -> bytes:
    """An IEEE-11073 16-bit SFLOAT: 12-bit mantissa, 4-bit exponent, little-endian."""
    mantissa = round(value / 10**exponent)
    raw = ((exponent & 0xF) << 12) | (mantissa & 0x0FFF)
    return raw.to_bytes(2, "little")


SFLOAT_NAN = (0x07FF).to_bytes(2, "little")


def date_time(at: datetime) -> bytes:
    """A Date Time field: year (uint16), month, day, hours, minutes, seconds."""
    return at.year.to_bytes(2, "little") + bytes([at.month, at.day, at.hour, at.minute, at.second])


def blood_pressure(
    systolic: float,
    diastolic: float,
    pulse: float | None = None,
    status: int | None = None,
    at: datetime | None = None,
) -> bytes:
    """Blood Pressure Measurement (0x2A35) in mmHg; status bit 0 body movement, 1 cuff loose."""
    flags = (
        (0x02 if at is not None else 0)
        | (0x04 if pulse is not None else 0)
        | (0x10 if status is not None else 0)
    )
    mean = round(diastolic + (systolic - diastolic) / 3)
    out = bytes([flags]) + sfloat(systolic) + sfloat(diastolic) + sfloat(mean)
    if at is not None:
        out += date_time(at)
    if pulse is not None:
        out += sfloat(pulse)
    if status is not None:
        out += status.to_bytes(2, "little")
    return out


def cuff_pressure(pressure: float) -> bytes:
    """Intermediate Cuff Pressure (0x2A36): the blood-pressure layout, diastolic and mean NaN."""
    return bytes([0x00]) + sfloat(pressure) + SFLOAT_NAN + SFLOAT_NAN


def glucose(mmol_l: float, sequence: int = 1, at: datetime | None = None) -> bytes:
    """Glucose Measurement (0x2A18) in mol/L from a fingertip: flags, sequence number, base
    time, concentration (SFLOAT), type and sample location."""
    at = at or datetime(2025, 3, 1, 7, 30)
    flags = 0x02 | 0x04  # concentration present, in mol/L
    return (
        bytes([flags])
        + sequence.to_bytes(2, "little")
        + date_time(at)
        + sfloat(mmol_l / 1000, exponent=-4)
        + bytes([0x11])  # capillary whole blood, finger
    )


def record_access_answer(code: int) -> bytes:
    """The glucose meter's answer to "report the last record": 1 success, 6 no records."""
    return bytes([0x06, 0x00, 0x01, code])


def heart_rate(bpm: int) -> bytes:
    """Heart Rate Measurement (0x2A37), 8-bit value, no extras."""
    return bytes([0x00, bpm])


def weight(kg: float) -> bytes:
    """Weight Measurement (0x2A9D) in SI units: uint16 with a resolution of 0.005 kg."""
    return bytes([0x00]) + round(kg / 0.005).to_bytes(2, "little")


def temperature(celsius: float) -> bytes:
    """Temperature Measurement (0x2A1C) in Celsius: a 32-bit FLOAT with exponent -1."""
    mantissa = round(celsius * 10)
    return bytes([0x00]) + (mantissa & 0xFFFFFF).to_bytes(3, "little") + bytes([0xFF])


# -- the fake radio ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    """The device notifies (or indicates) ``data`` on ``characteristic``."""

    characteristic: int
    data: bytes


@dataclass(frozen=True)
class AwaitWrite:
    """The device waits until the link writes to ``characteristic`` (a record request)."""

    characteristic: int


@dataclass(frozen=True)
class Drop:
    """The device goes away: the connection drops."""


@dataclass(frozen=True)
class Hold:
    """The device stays connected and sends nothing more until the link lets go."""


Step = Send | AwaitWrite | Drop | Hold


@dataclass
class FakePeripheral:
    """A health device nearby. ``sessions`` holds one script per connection (the last is
    played again for any further connection); ``connect_errors`` are raised by successive
    connection attempts before any succeeds; ``notify_errors`` by listening to a
    characteristic."""

    name: str | None = "BP cuff"
    address: str = "A4:C1:38:00:00:01"
    services: Sequence[int] = (0x1810,)
    characteristics: Sequence[int] = (0x2A35, 0x2A36)
    sessions: list[list[Step]] = field(default_factory=lambda: [[Hold()]])
    connect_errors: list[BaseException] = field(default_factory=list)
    notify_errors: dict[int, BaseException] = field(default_factory=dict)
    # What happened, in order: ("connect",), ("notify", 0x2A35), ("write", 0x2A52, b".."),
    # ("disconnect",). Tests read it to see the device was let go.
    log: list[tuple[Any, ...]] = field(default_factory=list)
    connections: int = 0

    def ble_device(self) -> BLEDevice:
        return BLEDevice(self.address, self.name, details=None)

    def advertisement(self) -> AdvertisementData:
        return AdvertisementData(
            local_name=self.name,
            manufacturer_data={},
            service_data={},
            service_uuids=[uuid128(s) for s in self.services],
            tx_power=None,
            rssi=-60,
            platform_data=(),
        )

    @property
    def let_go(self) -> bool:
        """Every connection made has ended."""
        opened = sum(1 for entry in self.log if entry[0] == "connect")
        closed = sum(1 for entry in self.log if entry[0] in ("disconnect", "dropped"))
        return opened == closed


class FakeRadio:
    """The peripherals nearby, and the scanner and client classes that find and talk to them."""

    def __init__(self, *peripherals: FakePeripheral, scan_error: BaseException | None = None):
        self.peripherals = list(peripherals)
        self.scan_error = scan_error
        self.scans: list[dict[str, Any]] = []
        radio = self

        class Scanner:
            """Like BleakScanner's class methods: scan until the filter matches or time is up."""

            @classmethod
            async def find_device_by_filter(
                cls, filterfunc: Callable[[BLEDevice, AdvertisementData], bool], **kwargs: Any
            ) -> BLEDevice | None:
                radio.scans.append(kwargs)
                if radio.scan_error is not None:
                    raise radio.scan_error
                for peripheral in radio.peripherals:
                    device = peripheral.ble_device()
                    if filterfunc(device, peripheral.advertisement()):
                        return device
                return None

            @classmethod
            async def find_device_by_address(
                cls, device_identifier: str, **kwargs: Any
            ) -> BLEDevice | None:
                wanted = device_identifier.lower()
                return await cls.find_device_by_filter(
                    lambda d, _ad: d.address.lower() == wanted, **kwargs
                )

        self.scanner = Scanner
        self.client = self._client_class()

    def peripheral_at(self, address: str) -> FakePeripheral:
        return next(p for p in self.peripherals if p.address == address)

    def _client_class(self) -> type:
        radio = self

        class Client:
            """Like BleakClient: connect, start_notify, write_gatt_char, disconnect."""

            def __init__(
                self,
                address_or_ble_device: BLEDevice | str,
                disconnected_callback: Callable[[Any], None] | None = None,
                **kwargs: Any,
            ) -> None:
                address = getattr(address_or_ble_device, "address", address_or_ble_device)
                self.peripheral = radio.peripheral_at(str(address))
                self._on_disconnect = disconnected_callback
                self._callbacks: dict[int, Callable[[Any, bytearray], None]] = {}
                self._subscribed = asyncio.Event()
                self._written = asyncio.Event()
                self._connected = False
                self._player: asyncio.Task[None] | None = None

            @property
            def is_connected(self) -> bool:
                return self._connected

            async def connect(self, **kwargs: Any) -> None:
                peripheral = self.peripheral
                if peripheral.connect_errors:
                    raise peripheral.connect_errors.pop(0)
                script = peripheral.sessions[
                    min(peripheral.connections, len(peripheral.sessions) - 1)
                ]
                peripheral.connections += 1
                peripheral.log.append(("connect",))
                self._connected = True
                self._player = asyncio.ensure_future(self._play(list(script)))

            async def start_notify(
                self, char_specifier: str, callback: Callable[[Any, bytearray], None], **_: Any
            ) -> None:
                if not self._connected:
                    raise BleakError("Not connected")
                number = uuid16(char_specifier)
                if number not in self.peripheral.characteristics:
                    raise BleakCharacteristicNotFoundError(char_specifier)
                if number in self.peripheral.notify_errors:
                    raise self.peripheral.notify_errors[number]
                self.peripheral.log.append(("notify", number))
                self._callbacks[number] = callback
                self._subscribed.set()

            async def write_gatt_char(
                self, char_specifier: str, data: bytes, response: bool | None = None
            ) -> None:
                if not self._connected:
                    raise BleakError("Not connected")
                self.peripheral.log.append(("write", uuid16(char_specifier), bytes(data)))
                self._written.set()

            async def disconnect(self) -> None:
                if self._player is not None:
                    self._player.cancel()
                if self._connected:
                    self._connected = False
                    self.peripheral.log.append(("disconnect",))
                    self._notify_disconnected()

            def _notify_disconnected(self) -> None:
                if self._on_disconnect is not None:
                    # bleak schedules the callback on the event loop, not inside the call
                    asyncio.get_running_loop().call_soon(self._on_disconnect, self)

            async def _play(self, script: list[Step]) -> None:
                for step in script:
                    if isinstance(step, Send):
                        while step.characteristic not in self._callbacks:
                            self._subscribed.clear()
                            await self._subscribed.wait()
                        self._callbacks[step.characteristic](None, bytearray(step.data))
                    elif isinstance(step, AwaitWrite):
                        await self._written.wait()
                    elif isinstance(step, Drop):
                        self._connected = False
                        self.peripheral.log.append(("dropped",))
                        self._notify_disconnected()
                        return
                    else:
                        return

        return Client


class EventLog:
    """Collects the events a link reports; ``states`` lists their states in order."""

    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []

    def __call__(self, event: DeviceEvent) -> None:
        self.events.append(event)

    @property
    def states(self) -> list[DeviceState]:
        return [e.state for e in self.events]

    @property
    def last(self) -> DeviceEvent:
        return self.events[-1]
