"""The center's Bluetooth LE health devices, through bleak: search, connect, listen, let go.

:class:`BleakLink` looks for the device staff paired with this terminal (by address) or, when
none was paired, for the first device nearby advertising the standard service of the kind;
connects (again, with a growing pause, when the connection drops before the device sent
anything); listens to the measurement characteristics (indications and notifications); asks a
glucose meter for its last record; and hands the whole reading to ``app.devices.link``'s state
machine. What the radio or the operating system does wrong becomes a problem code
(``bluetooth_problem``), never an exception out of ``measure()``.

bleak is imported on the first measurement, not at start-up. The scanner and client are the
``BleakScanner`` and ``BleakClient`` classes unless others that behave the same are given (the
tests give stand-ins).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from app.devices import uuid128
from app.devices.link import (
    PROFILES,
    DeviceLink,
    DeviceState,
    KindProfile,
    LinkFailure,
    Notification,
    Reconnect,
    Reporter,
    collect_reading,
)

log = logging.getLogger(__name__)

# Problems no second try will fix: the measurement ends at once.
LASTING_PROBLEMS = frozenset({"bluetooth_off", "no_adapter", "not_paired"})
_DBUS_POWERED_OFF = frozenset({"org.bluez.Error.NotReady"})
_DBUS_NO_SERVICE = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.AccessDenied",
        "org.freedesktop.DBus.Error.NoReply",
        "org.freedesktop.DBus.Error.UnknownObject",
    }
)
_DBUS_NOT_PAIRED = frozenset(
    {
        "org.bluez.Error.AuthenticationFailed",
        "org.bluez.Error.AuthenticationRejected",
        "org.bluez.Error.AuthenticationCanceled",
        "org.bluez.Error.AuthenticationTimeout",
        "org.bluez.Error.NotPermitted",
        "org.bluez.Error.NotAuthorized",
    }
)
# ATT errors that mean "pair first" (Bluetooth Core, vol 3, part F, 3.4.1.1).
_ATT_NOT_PAIRED = frozenset({0x05, 0x08, 0x0C, 0x0F})
_ATT_NOT_PAIRED_WORDS = ("Insufficient Authentication", "Insufficient Encryption")

DISCONNECT_S = 5.0  # letting go of a device that no longer answers


def bluetooth_problem(exc: BaseException, default: str) -> str:
    """The problem code for an error from bleak or the system under it; ``default`` for an
    error that says nothing more specific than the step it happened in."""
    from bleak import exc as bleak_exc

    if isinstance(exc, bleak_exc.BleakBluetoothNotAvailableError):
        powered_off = exc.reason is bleak_exc.BleakBluetoothNotAvailableReason.POWERED_OFF
        return "bluetooth_off" if powered_off else "no_adapter"
    if isinstance(exc, bleak_exc.BleakDeviceNotFoundError):
        return "not_found"
    if isinstance(exc, bleak_exc.BleakGATTProtocolError):
        return "not_paired" if exc.args[0] in _ATT_NOT_PAIRED else default
    if isinstance(exc, bleak_exc.BleakDBusError):
        if exc.dbus_error in _DBUS_POWERED_OFF:
            return "bluetooth_off"
        if exc.dbus_error in _DBUS_NO_SERVICE:
            return "no_adapter"
        details = exc.dbus_error_details or ""
        if exc.dbus_error in _DBUS_NOT_PAIRED or any(w in details for w in _ATT_NOT_PAIRED_WORDS):
            return "not_paired"
        return default
    if isinstance(exc, FileNotFoundError | ConnectionRefusedError | PermissionError):
        return "no_adapter"  # no system message bus to reach the Bluetooth service through
    if type(exc).__module__.startswith("dbus_fast"):
        return "no_adapter"
    return default


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class BleakLink(DeviceLink):
    """A real Bluetooth LE health device of the kind asked for.

    ``address``: the device staff paired for this kind ("" takes the first one nearby that
    offers the kind's service). ``search_s`` bounds the search, ``connect_s`` each connection
    attempt, ``reading_s`` the wait for the measurement once connected; ``quiet_s`` is how long
    to wait after a first record for newer stored ones. A dropped connection is tried again
    ``connect_attempts`` times in all, after pauses of ``retry_s``, doubling up to
    ``retry_max_s``. ``scanner`` and ``client`` stand in for ``BleakScanner`` and
    ``BleakClient``."""

    def __init__(
        self,
        *,
        address: str = "",
        search_s: float = 90.0,
        connect_s: float = 20.0,
        reading_s: float = 120.0,
        quiet_s: float = 1.0,
        connect_attempts: int = 3,
        retry_s: float = 1.0,
        retry_max_s: float = 8.0,
        scanner: Any = None,
        client: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__()
        self.address = address
        self.search_s = search_s
        self.connect_s = connect_s
        self.reading_s = reading_s
        self.quiet_s = quiet_s
        self.connect_attempts = max(1, connect_attempts)
        self.retry_s = retry_s
        self.retry_max_s = retry_max_s
        self._scanner = scanner
        self._client = client

    async def _run(self, kind: str, report: Reporter) -> Any:
        if self._scanner is None or self._client is None:
            from bleak import BleakClient, BleakScanner

            self._scanner = self._scanner or BleakScanner
            self._client = self._client or BleakClient
        profile = PROFILES[kind]
        report(DeviceState.SEARCHING)
        device = await self._search(kind, profile)
        report.device_name = str(getattr(device, "name", None) or getattr(device, "address", ""))
        attempt = 1
        while True:
            report(DeviceState.CONNECTING)
            try:
                return await self._session(device, kind, profile, report)
            except Reconnect as retry:
                if attempt >= self.connect_attempts:
                    raise LinkFailure(
                        "connect_failed", f"{attempt} attempts; last: {retry}"
                    ) from None
                pause = min(self.retry_max_s, self.retry_s * 2 ** (attempt - 1))
                log.info("%s: %s; connecting again in %g s", report.device_name, retry, pause)
                attempt += 1
                await asyncio.sleep(pause)

    async def _search(self, kind: str, profile: KindProfile) -> Any:
        service = uuid128(profile.service)
        try:
            if self.address:
                device = await self._scanner.find_device_by_address(
                    self.address, timeout=self.search_s
                )
            else:

                def offers_service(_device: Any, advertisement: Any) -> bool:
                    uuids = getattr(advertisement, "service_uuids", None) or ()
                    return service in (str(u).lower() for u in uuids)

                device = await self._scanner.find_device_by_filter(
                    offers_service, timeout=self.search_s, service_uuids=[service]
                )
        except Exception as exc:
            raise LinkFailure(bluetooth_problem(exc, "device_error"), _detail(exc)) from exc
        if device is None:
            wanted = self.address or f"a device offering {kind} ({profile.service:04X})"
            raise LinkFailure("not_found", f"{wanted} not seen in {self.search_s:g} s")
        return device

    async def _session(self, device: Any, kind: str, profile: KindProfile, report: Reporter) -> Any:
        """One connection: connect, listen, collect; always let the device go."""
        notifications: asyncio.Queue[Notification] = asyncio.Queue()
        assert self._client is not None
        client = self._client(
            device,
            disconnected_callback=lambda _client: notifications.put_nowait(None),
            timeout=self.connect_s,
        )
        try:
            try:
                await asyncio.wait_for(client.connect(), self.connect_s)
            except Exception as exc:
                self._raise_lasting(exc, "connect_failed")
                raise Reconnect(f"connecting failed: {_detail(exc)}") from exc
            report(DeviceState.CONNECTED)
            await self._listen(client, profile, notifications)
            return await collect_reading(
                kind, notifications, report, reading_s=self.reading_s, quiet_s=self.quiet_s
            )
        finally:
            await self._let_go(client)

    async def _listen(
        self, client: Any, profile: KindProfile, notifications: asyncio.Queue[Notification]
    ) -> None:
        from bleak.exc import BleakCharacteristicNotFoundError

        listening: list[int] = []
        for characteristic in profile.measurements + profile.optional:

            def deliver(_sender: Any, data: bytearray, number: int = characteristic) -> None:
                notifications.put_nowait((number, bytes(data)))

            try:
                await client.start_notify(uuid128(characteristic), deliver)
            except BleakCharacteristicNotFoundError:
                continue
            except Exception as exc:
                self._raise_lasting(exc, "connect_failed")
                raise Reconnect(
                    f"listening to {characteristic:04X} failed: {_detail(exc)}"
                ) from exc
            listening.append(characteristic)
        if not any(c in listening for c in profile.measurements):
            offered = ", ".join(f"{c:04X}" for c in profile.measurements)
            raise LinkFailure("connect_failed", f"the device offers none of {offered}")
        if profile.request is not None and profile.request[0] in listening:
            target, payload = profile.request
            try:
                await client.write_gatt_char(uuid128(target), payload, response=True)
            except Exception as exc:
                self._raise_lasting(exc, "connect_failed")
                raise Reconnect(f"asking for the record failed: {_detail(exc)}") from exc

    @staticmethod
    def _raise_lasting(exc: BaseException, default: str) -> None:
        problem = bluetooth_problem(exc, default)
        if problem in LASTING_PROBLEMS:
            raise LinkFailure(problem, _detail(exc)) from exc

    @staticmethod
    async def _let_go(client: Any) -> None:
        # Shielded: a stop() that arrives while disconnecting must not leave the device
        # connected (it would not advertise for the next resident).
        disconnecting = asyncio.ensure_future(client.disconnect())
        _disconnecting.add(disconnecting)
        disconnecting.add_done_callback(_disconnect_finished)
        try:
            await asyncio.wait_for(asyncio.shield(disconnecting), DISCONNECT_S)
        except Exception as exc:  # it went away already, or the stack no longer answers
            log.info("disconnecting: %s", _detail(exc))


_disconnecting: set[asyncio.Future[Any]] = set()  # kept until done: the loop holds tasks weakly


def _disconnect_finished(task: asyncio.Future[Any]) -> None:
    _disconnecting.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.info("disconnecting: %s", _detail(task.exception()))  # type: ignore[arg-type]
