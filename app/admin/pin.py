"""The staff PIN of one kiosk: kept as a slow hash, checked with a lockout that grows.

The PIN itself is never written anywhere: only its argon2id hash, in a file readable by the
kiosk's user alone (``admin-pin`` in the data folder). Staff set it at installation or later
with ``python main.py --set-admin-pin``, which reads it from standard input.

Five wrong PINs in a row lock the entry: for 1 minute the first time, then 5, 15, 60 minutes
and 4 hours for each further lock, until a right PIN starts the count again. The count and
the end of a lock are kept in ``admin-lockout.json`` beside the hash, so a restart does not
give a guesser five new tries. Every attempt is logged (never the digits tried).

Checking takes a fifth of a second on purpose (that is what makes the hash slow to guess):
call :meth:`PinStore.check` off the UI thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

log = logging.getLogger("kiosk.admin")

PIN_FILE = "admin-pin"
LOCKOUT_FILE = "admin-lockout.json"
MIN_DIGITS = 6
MAX_DIGITS = 12
TRIES_BEFORE_LOCK = 5
LOCK_STEPS_S = (60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60)
"""How long the n-th lock in a row lasts; later locks last as long as the last step."""


class PinError(ValueError):
    """A PIN that cannot be used, or one that cannot be kept; the message says which."""


# What a check came to (READY: the state before any check, not locked).
READY = "ready"
ACCEPTED = "accepted"
WRONG = "wrong"
LOCKED = "locked"
NO_PIN = "no_pin"


@dataclass(frozen=True)
class Attempt:
    """The answer to one PIN typed: ``outcome`` (READY, ACCEPTED, WRONG, LOCKED, NO_PIN), how
    many tries are left before the entry locks, and until when it is locked (epoch seconds;
    0 when it is not)."""

    outcome: str
    tries_left: int = TRIES_BEFORE_LOCK
    locked_until: float = 0.0

    def seconds_locked(self, now: float) -> int:
        return max(0, int(-(-(self.locked_until - now) // 1)))


@dataclass
class _Lockout:
    failures: int = 0
    """Wrong PINs since the last right one or the last lock."""
    locks: int = 0
    """Locks in a row since the last right PIN."""
    locked_until: float = 0.0


def lock_period_s(locks: int) -> int:
    """How long the ``locks``-th lock in a row lasts (from 1)."""
    return LOCK_STEPS_S[min(max(locks, 1), len(LOCK_STEPS_S)) - 1]


def valid_pin(pin: str) -> str:
    """``pin`` without surrounding blanks if it is 6 to 12 digits; else a PinError."""
    pin = pin.strip()
    if not (pin.isascii() and pin.isdigit()):
        raise PinError(f"a staff PIN is made of digits only ({MIN_DIGITS} to {MAX_DIGITS})")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinError(f"a staff PIN has {MIN_DIGITS} to {MAX_DIGITS} digits, not {len(pin)}")
    return pin


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step, readable by this user only, on disk."""
    handle, temporary = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class PinStore:
    """The staff PIN's hash and its lockout, in ``folder`` (the kiosk's data folder)."""

    def __init__(
        self,
        folder: Path,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = folder
        self.pin_file = folder / PIN_FILE
        self.lockout_file = folder / LOCKOUT_FILE
        # argon2id with argon2-cffi's defaults (64 MiB, 3 passes): about 0.2 s a check.
        self.hasher = hasher or PasswordHasher()
        # The wall clock, not a monotonic one: a lock must outlast a restart of the kiosk.
        self.clock = clock

    # -- the PIN ------------------------------------------------------------------------------

    def has_pin(self) -> bool:
        return self._stored_hash() is not None

    def set_pin(self, pin: str) -> None:
        """Keep the hash of ``pin`` (6 to 12 digits) in place of the old one, and end any
        lock: staff who can set the PIN need no lock against themselves."""
        pin = valid_pin(pin)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_private(self.pin_file, self.hasher.hash(pin) + "\n")
            self._save(_Lockout())
        except OSError as error:
            raise PinError(f"the staff PIN cannot be kept in {self.folder}: {error}") from error
        log.info("staff PIN set")

    def _stored_hash(self) -> str | None:
        try:
            text = self.pin_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.error("the staff PIN file %s cannot be read: %s", self.pin_file, error)
            return None
        return text or None

    # -- checking -----------------------------------------------------------------------------

    def state(self) -> Attempt:
        """Whether the entry is locked now, and the tries left (for the PIN screen)."""
        if not self.has_pin():
            return Attempt(NO_PIN)
        lockout = self._load()
        now = self.clock()
        if lockout.locked_until > now:
            return Attempt(LOCKED, 0, lockout.locked_until)
        return Attempt(READY, self._left(lockout))

    def check(self, pin: str) -> Attempt:
        """Try ``pin``; slow (argon2). Logged, whatever the outcome."""
        stored = self._stored_hash()
        if stored is None:
            log.warning("staff PIN tried, but no staff PIN is set on this kiosk")
            return Attempt(NO_PIN)
        lockout = self._load()
        now = self.clock()
        if lockout.locked_until > now:
            log.warning(
                "staff PIN tried while locked (%d s left); not checked",
                lockout.locked_until - now,
            )
            return Attempt(LOCKED, 0, lockout.locked_until)
        if self._matches(stored, pin):
            self._save(_Lockout())
            if self.hasher.check_needs_rehash(stored):
                with contextlib.suppress(PinError):
                    self.set_pin(pin)
            log.info("staff PIN accepted")
            return Attempt(ACCEPTED)
        lockout.failures += 1
        if lockout.failures >= TRIES_BEFORE_LOCK:
            lockout.locks += 1
            lockout.failures = 0
            period = lock_period_s(lockout.locks)
            lockout.locked_until = now + period
            self._save(lockout)
            log.warning(
                "wrong staff PIN, %d in a row: staff settings locked for %d s (lock %d in a row)",
                TRIES_BEFORE_LOCK,
                period,
                lockout.locks,
            )
            return Attempt(LOCKED, 0, lockout.locked_until)
        lockout.locked_until = 0.0
        self._save(lockout)
        left = self._left(lockout)
        log.warning("wrong staff PIN; %d tries left before a lock", left)
        return Attempt(WRONG, left)

    def _matches(self, stored: str, pin: str) -> bool:
        try:
            return bool(self.hasher.verify(stored, pin))
        except VerifyMismatchError:
            return False
        except (VerificationError, InvalidHashError) as error:
            # A damaged hash file lets nobody in; setting the PIN again repairs it.
            log.error(
                "the staff PIN file %s is damaged (%s): set the PIN again", self.pin_file, error
            )
            return False

    @staticmethod
    def _left(lockout: _Lockout) -> int:
        return TRIES_BEFORE_LOCK - lockout.failures

    # -- the lockout record -------------------------------------------------------------------

    def _load(self) -> _Lockout:
        try:
            raw = json.loads(self.lockout_file.read_text(encoding="utf-8"))
            lockout = _Lockout(
                failures=int(raw["failures"]),
                locks=int(raw["locks"]),
                locked_until=float(raw["locked_until"]),
            )
            if lockout.failures < 0 or lockout.locks < 0:
                raise ValueError("negative count")
        except FileNotFoundError:
            return _Lockout()
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            # Forgetting would hand a guesser fresh tries: a damaged record counts as a lock.
            log.error(
                "the staff PIN lockout record %s is damaged (%s): treated as locked for %d s",
                self.lockout_file,
                error,
                lock_period_s(1),
            )
            lockout = _Lockout(locks=1, locked_until=self.clock() + lock_period_s(1))
            self._save(lockout)
            return lockout
        # A clock set back must not stretch a lock beyond its own length.
        longest = self.clock() + lock_period_s(lockout.locks)
        lockout.locked_until = min(lockout.locked_until, longest)
        return lockout

    def _save(self, lockout: _Lockout) -> None:
        record = {
            "failures": lockout.failures,
            "locks": lockout.locks,
            "locked_until": lockout.locked_until,
        }
        try:
            _write_private(self.lockout_file, json.dumps(record) + "\n")
        except OSError as error:
            log.error("the staff PIN lockout could not be kept in %s: %s", self.lockout_file, error)
