"""The staff PIN: kept as a slow hash only, five wrong PINs lock for a growing period that a
restart does not end, every attempt logged, and damaged files never let anyone in."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.admin.pin import (
    ACCEPTED,
    LOCK_STEPS_S,
    LOCKED,
    NO_PIN,
    READY,
    TRIES_BEFORE_LOCK,
    WRONG,
    PinError,
    PinStore,
    lock_period_s,
    valid_pin,
)
from tests.helpers.admin import STAFF_PIN, WallClock, pin_store

WRONG_PIN = "135799"


def lock_out(store: PinStore) -> None:
    for _ in range(TRIES_BEFORE_LOCK):
        attempt = store.check(WRONG_PIN)
    assert attempt.outcome == LOCKED


def test_the_pin_is_kept_only_as_an_argon2id_hash_readable_by_the_kiosk_user(
    tmp_path: Path,
) -> None:
    store = pin_store(tmp_path, pin=STAFF_PIN)
    for file in tmp_path.iterdir():
        assert STAFF_PIN not in file.read_text(encoding="utf-8")
    stored = store.pin_file.read_text(encoding="utf-8").strip()
    assert stored.startswith("$argon2id$")
    assert stat.S_IMODE(store.pin_file.stat().st_mode) == 0o600
    assert store.check(STAFF_PIN).outcome == ACCEPTED


def test_the_kiosk_hashes_slowly_by_default(tmp_path: Path) -> None:
    hasher = PinStore(tmp_path).hasher
    # argon2id with at least 64 MiB and 3 passes: each guess costs a fifth of a second.
    assert hasher.memory_cost >= 65536
    assert hasher.time_cost >= 3


@pytest.mark.parametrize(
    ("typed", "why"),
    [("12345", "6 to 12 digits"), ("1234567890123", "6 to 12 digits"), ("12a456", "digits")],
)
def test_a_pin_that_is_too_short_too_long_or_not_digits_is_refused(
    tmp_path: Path, typed: str, why: str
) -> None:
    store = pin_store(tmp_path)
    with pytest.raises(PinError, match=why):
        store.set_pin(typed)
    assert not store.has_pin()
    assert valid_pin(" 123456\n") == "123456"


def test_without_a_pin_nobody_gets_in(tmp_path: Path) -> None:
    store = pin_store(tmp_path)
    assert store.state().outcome == NO_PIN
    assert store.check("000000").outcome == NO_PIN


def test_a_wrong_pin_says_how_many_tries_are_left(tmp_path: Path) -> None:
    store = pin_store(tmp_path, pin=STAFF_PIN)
    assert store.state().outcome == READY
    first = store.check(WRONG_PIN)
    assert (first.outcome, first.tries_left) == (WRONG, TRIES_BEFORE_LOCK - 1)
    assert store.state().tries_left == TRIES_BEFORE_LOCK - 1
    # A right PIN starts the count again.
    assert store.check(STAFF_PIN).outcome == ACCEPTED
    assert store.check(WRONG_PIN).tries_left == TRIES_BEFORE_LOCK - 1


def test_five_wrong_pins_lock_even_the_right_one_out_for_a_minute(tmp_path: Path) -> None:
    clock = WallClock()
    store = pin_store(tmp_path, clock, pin=STAFF_PIN)
    lock_out(store)
    locked = store.check(STAFF_PIN)
    assert locked.outcome == LOCKED
    assert locked.seconds_locked(clock.now) == 60
    clock.advance(59)
    assert store.check(STAFF_PIN).outcome == LOCKED
    clock.advance(1)
    assert store.check(STAFF_PIN).outcome == ACCEPTED


def test_each_lock_in_a_row_lasts_longer_until_a_right_pin(tmp_path: Path) -> None:
    clock = WallClock()
    store = pin_store(tmp_path, clock, pin=STAFF_PIN)
    periods = []
    for _ in range(len(LOCK_STEPS_S) + 1):
        lock_out(store)
        attempt = store.state()
        periods.append(attempt.seconds_locked(clock.now))
        clock.advance(periods[-1])
    assert periods == [60, 300, 900, 3600, 14400, 14400]
    assert store.check(STAFF_PIN).outcome == ACCEPTED
    lock_out(store)
    assert store.state().seconds_locked(clock.now) == 60
    assert [lock_period_s(n) for n in (0, 1, 2, 3)] == [60, 60, 300, 900]


def test_a_restart_keeps_the_lock_and_the_count_of_wrong_pins(tmp_path: Path) -> None:
    clock = WallClock()
    store = pin_store(tmp_path, clock, pin=STAFF_PIN)
    lock_out(store)
    clock.advance(60)
    for _ in range(TRIES_BEFORE_LOCK - 1):
        store.check(WRONG_PIN)
    restarted = pin_store(tmp_path, clock)
    assert restarted.state().tries_left == 1
    attempt = restarted.check(WRONG_PIN)
    # The second lock in a row, even across the restart: five minutes.
    assert (attempt.outcome, attempt.seconds_locked(clock.now)) == (LOCKED, 300)
    again = pin_store(tmp_path, clock)
    assert again.check(STAFF_PIN).outcome == LOCKED


def test_a_clock_set_back_does_not_stretch_a_lock(tmp_path: Path) -> None:
    clock = WallClock()
    store = pin_store(tmp_path, clock, pin=STAFF_PIN)
    lock_out(store)
    clock.advance(-86_400)
    assert store.state().seconds_locked(clock.now) <= 60


def test_a_damaged_lockout_record_counts_as_a_lock_not_as_fresh_tries(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = WallClock()
    store = pin_store(tmp_path, clock, pin=STAFF_PIN)
    store.lockout_file.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="kiosk.admin"):
        attempt = store.check(STAFF_PIN)
    assert attempt.outcome == LOCKED
    assert "lockout record" in caplog.text and "damaged" in caplog.text
    clock.advance(60)
    assert store.check(STAFF_PIN).outcome == ACCEPTED


def test_a_damaged_hash_lets_nobody_in_and_says_to_set_the_pin_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = pin_store(tmp_path, pin=STAFF_PIN)
    store.pin_file.write_text("$argon2id$broken\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="kiosk.admin"):
        assert store.check(STAFF_PIN).outcome == WRONG
    assert "set the PIN again" in caplog.text
    store.set_pin(STAFF_PIN)
    assert store.check(STAFF_PIN).outcome == ACCEPTED


def test_setting_the_pin_again_ends_a_lock(tmp_path: Path) -> None:
    store = pin_store(tmp_path, pin=STAFF_PIN)
    lock_out(store)
    store.set_pin("111222")
    assert store.check("111222").outcome == ACCEPTED
    assert store.check(STAFF_PIN).outcome == WRONG


def test_every_attempt_is_logged_but_never_the_digits(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = pin_store(tmp_path, pin=STAFF_PIN)
    with caplog.at_level(logging.INFO, logger="kiosk.admin"):
        store.check(STAFF_PIN)
        lock_out(store)
        store.check(STAFF_PIN)
    messages = [r.getMessage() for r in caplog.records]
    assert sum("staff PIN accepted" in m for m in messages) == 1
    assert sum("wrong staff PIN" in m for m in messages) == TRIES_BEFORE_LOCK
    assert sum("tried while locked" in m for m in messages) == 1
    assert not any(STAFF_PIN in m or WRONG_PIN in m for m in messages)


def test_a_pin_that_cannot_be_kept_says_where(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    store = PinStore(blocked / "data", hasher=PasswordHasher(time_cost=1, memory_cost=8))
    with pytest.raises(PinError, match="cannot be kept"):
        store.set_pin(STAFF_PIN)
