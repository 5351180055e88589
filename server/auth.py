"""Tokens for devices (and the hashing of every token): random, shown once, stored only as
SHA-256 hashes. Staff accounts, sessions and tokens are server.accounts."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from server.db import Sql, pg_text
from server.models import Device, EnrolmentCode

log = logging.getLogger(__name__)
ENROLMENT_CODE_TTL_S = 24 * 3600


class AuthError(Exception):
    """A request whose credentials are missing, wrong or revoked; ``code`` names which."""

    def __init__(
        self, code: str, message: str, status: int = 401, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.headers = headers


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def create_enrolment_code(session: Session, created_by: str, *, now: float | None = None) -> str:
    """A one-time code a kiosk enrols with; valid for a day."""
    now = time.time() if now is None else now
    # Groups of digits are easy to read out and type on a kiosk's number pad.
    code = "-".join(f"{secrets.randbelow(10**4):04d}" for _ in range(3))
    session.add(
        EnrolmentCode(
            code_hash=token_hash(code),
            created_by=created_by,
            created_at=now,
            expires_at=now + ENROLMENT_CODE_TTL_S,
        )
    )
    return code


def enrol(session: Session, code: str, name: str, mode: str, *, now: float | None = None):
    """Use a code once; return (device id, token)."""
    now = time.time() if now is None else now
    row = session.get(EnrolmentCode, token_hash(code.strip()), with_for_update=True)
    if row is None or row.used_at is not None or row.expires_at < now:
        raise AuthError(
            "bad_enrolment_code", "This enrolment code is unknown, used or expired.", 403
        )
    token = new_token()
    device = Device(
        id=str(uuid.uuid4()), name=name, mode=mode, token_hash=token_hash(token), created_at=now
    )
    session.add(device)
    row.used_at = now
    row.used_by = device.id
    return device.id, token


class EnrolmentLimiter:
    """Wrong enrolment codes per client address. After ``failures`` of them within
    ``window_s`` the address is refused (429 with ``Retry-After``) until the oldest of them is
    ``window_s`` old, whatever code it sends; a refused attempt is not counted again. Each
    refused address is logged at most once per ``window_s``.

    Counted per process: with N processes an address gets at most N times as many tries,
    which still leaves a code of 12 digits out of reach. Behind a proxy the address is the
    one the proxy forwards (uvicorn's ``FORWARDED_ALLOW_IPS``)."""

    MAX_ADDRESSES = 100_000

    def __init__(
        self,
        failures: int = 10,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        what: str = "enrolment codes",
        logged_as: tuple[str, str] = ("enrolment", "codes"),
    ) -> None:
        self.failures = failures
        self.what = what  # what was wrong, in the refusal: "enrolment codes", "sign-ins"
        self.logged_as = logged_as  # in the log: what was refused, and what was wrong
        self.window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failed: dict[str, deque[float]] = {}  # address -> when its last failures were
        self._logged: dict[str, float] = {}  # address -> when its refusal was last logged

    def check(self, address: str) -> None:
        """Raise AuthError (429) when ``address`` has used up its attempts."""
        now = self._clock()
        with self._lock:
            times = self._failed.get(address)
            if times is None or len(times) < self.failures:
                return
            wait = self.window_s - (now - times[0])
            if wait <= 0:
                return
            first = now - self._logged.get(address, -math.inf) >= self.window_s
            if first:
                self._logged[address] = now
        if first:
            log.warning(
                "%s refused for %s: %d wrong %s within %.0f s",
                self.logged_as[0],
                address,
                self.failures,
                self.logged_as[1],
                self.window_s,
            )
        seconds = max(1, math.ceil(wait))
        raise AuthError(
            "too_many_attempts",
            f"Too many wrong {self.what} from this address; try again in {seconds} s.",
            429,
            {"Retry-After": str(seconds)},
        )

    def failed(self, address: str) -> None:
        """``address`` sent a code that is unknown, used or expired."""
        now = self._clock()
        with self._lock:
            if address not in self._failed and len(self._failed) >= self.MAX_ADDRESSES:
                self._forget_before(now - self.window_s)
            times = self._failed.setdefault(address, deque(maxlen=self.failures))
            times.append(now)

    def _forget_before(self, moment: float) -> None:
        self._failed = {a: t for a, t in self._failed.items() if t[-1] > moment}
        self._logged = {a: t for a, t in self._logged.items() if t > moment}
        if len(self._failed) >= self.MAX_ADDRESSES:  # that many at once: start again
            self._failed.clear()


@dataclass(frozen=True, slots=True)
class DeviceRef:
    """What a request needs to know about the device that sent it (not bound to a session)."""

    id: str
    name: str
    last_seen_at: float | None = None


class DeviceCache:
    """Token hash -> enrolled, not revoked device, remembered per process.

    It saves the devices lookup on nearly every request. Unknown and revoked tokens are never
    kept: they are looked up every time. How long a revocation takes to be obeyed:

    * by the process that revoked the device: at once (:meth:`forget`);
    * by every other process: at its next :meth:`check_revocations`, which ``PushHub`` runs
      every ``poll_interval_s`` (0.5 s). An entry is used only while the last check began
      less than ``checked_within_s`` (1 s) ago, or while the entry itself is younger than
      ``unchecked_s`` (2 s). So a revoked device is refused everywhere within about 1 s, and
      within 2 s when the checks fail.

    Entries are dropped ``ttl_s`` after they were read (a device's name can change). A
    ``ttl_s`` of 0 turns the cache off.
    """

    MAX_ENTRIES = 100_000

    def __init__(self, ttl_s: float, unchecked_s: float, checked_within_s: float) -> None:
        self.ttl_s = ttl_s
        self.unchecked_s = min(unchecked_s, ttl_s)
        self.checked_within_s = checked_within_s
        self._entries: dict[str, tuple[float, DeviceRef]] = {}  # hash -> (read at, device)
        self._revoked: frozenset[str] = frozenset()
        # Told (from any thread) of the devices found revoked: their open sockets close.
        self.on_revoked: Callable[[frozenset[str]], None] | None = None
        self._lock = threading.Lock()
        self.checked_at: float | None = None  # time.monotonic() the last check began
        # Moves on whenever a device is revoked: one read before that is then not stored.
        self.generation = 0

    def get(self, hashed: str) -> DeviceRef | None:
        entry = self._entries.get(hashed)
        if entry is None:
            return None
        now = time.monotonic()
        age = now - entry[0]
        if age < self.unchecked_s:
            return entry[1]
        checked = self.checked_at
        if age < self.ttl_s and checked is not None and now - checked <= self.checked_within_s:
            return entry[1]
        if age >= self.ttl_s:
            self._entries.pop(hashed, None)
        return None

    def put(self, hashed: str, device: DeviceRef, generation: int) -> None:
        """Keep ``device``, read when :attr:`generation` was ``generation``."""
        if self.ttl_s <= 0:
            return
        with self._lock:
            if generation != self.generation or device.id in self._revoked:
                return
            if len(self._entries) >= self.MAX_ENTRIES:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if now - v[0] < self.ttl_s}
                if len(self._entries) >= self.MAX_ENTRIES:
                    self._entries.clear()
            self._entries[hashed] = (time.monotonic(), device)

    def is_revoked(self, device_id: str) -> bool:
        """Revoked as far as this process has seen (at once here, within a scan elsewhere)."""
        return device_id in self._revoked

    def forget(self, device_id: str) -> None:
        """This process has just revoked the device: drop it now."""
        self._drop(frozenset((device_id,)))

    def check_revocations(self, session: Session) -> None:
        """Drop the devices revoked since the last check (any process may have done it)."""
        began = time.monotonic()
        query = select(Device.id).where(Device.revoked_at.is_not(None))
        revoked = frozenset(session.scalars(query))
        self._drop(revoked - self._revoked)
        self.checked_at = began

    def _drop(self, device_ids: frozenset[str]) -> None:
        if not device_ids:
            return
        with self._lock:
            self.generation += 1
            self._revoked = self._revoked | device_ids
            self._entries = {k: v for k, v in self._entries.items() if v[1].id not in device_ids}
        if self.on_revoked is not None:
            self.on_revoked(device_ids)


def bearer_hash(authorization: str | None) -> str:
    """The hash a device or staff token is stored under; AuthError when there is none."""
    return token_hash(_bearer(authorization))


DEVICE_BY_TOKEN = "SELECT id, name, revoked_at, last_seen_at FROM devices WHERE token_hash = ?"


def _device(row: tuple[Any, ...] | None) -> DeviceRef:
    if row is None:
        raise AuthError("bad_token", "This device is not known to the center.")
    device_id, name, revoked_at, last_seen_at = row
    if revoked_at is not None:
        raise AuthError(
            "device_revoked", "This device was switched off by the center's staff.", 403
        )
    return DeviceRef(id=device_id, name=name, last_seen_at=last_seen_at)


def load_device(session: Session | Connection, hashed: str) -> DeviceRef:
    """The enrolled, not revoked device with this token hash, read from the database."""
    sql = Sql(session.connection() if isinstance(session, Session) else session)
    return _device(sql.one(DEVICE_BY_TOKEN, (hashed,)))


async def load_device_async(connection: Any, hashed: str) -> DeviceRef:
    """:func:`load_device` on a psycopg asyncio connection (``server.db.AsyncRawPool``)."""
    async with connection.cursor() as cursor:
        await cursor.execute(pg_text(DEVICE_BY_TOKEN), (hashed,))
        return _device(await cursor.fetchone())


def device_for(
    session: Session | Connection, authorization: str | None, cache: DeviceCache | None = None
) -> DeviceRef:
    """The device a request comes from, through ``cache`` when one is given."""
    hashed = bearer_hash(authorization)
    if cache is None:
        return load_device(session, hashed)
    device = cache.get(hashed)
    if device is None:
        generation = cache.generation
        device = load_device(session, hashed)
        cache.put(hashed, device, generation)
    return device


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer`` header; AuthError when there is none."""
    return _bearer(authorization)


def _bearer(authorization: str | None) -> str:
    if not authorization or not authorization.startswith("Bearer ") or len(authorization) > 200:
        raise AuthError("no_token", "A bearer token is needed.")
    return authorization.removeprefix("Bearer ").strip()
