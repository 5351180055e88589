"""Helpers for the staff side: a PIN store with a quick hash and a wall clock moved by hand,
and a kiosk with its own folders so the admin screens can keep the PIN and the settings."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher

from app.admin.pin import PinStore

STAFF_PIN = "246810"


class WallClock:
    """Seconds since the epoch, moved by the test."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def quick_hasher() -> PasswordHasher:
    """argon2id with small costs: the same checks, in milliseconds instead of 0.2 s."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def pin_store(folder: Path, clock: WallClock | None = None, pin: str | None = None) -> PinStore:
    """A store in ``folder`` (a restart is another store on the same folder)."""
    store = PinStore(folder, hasher=quick_hasher(), clock=clock or WallClock())
    if pin is not None:
        store.set_pin(pin)
    return store
