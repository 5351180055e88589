"""The sync worker when the kiosk's own storage fails: a full disk, damaged pages.

It must not spin (it used to try again at once, writing some 22,000 tracebacks in 5 s), must
log each kind of failure once with its traceback and then a line a minute at most, must say in
its status that the kiosk cannot save (never "online and fine"), and must tell the center
directly, past the outbox it cannot write, and again when the fault clears.

The disk is "full" the way SQLite meets it: ``max_page_count`` stops the file growing, and a
claim of 200 queued events needs new pages. The damaged database is a real file with garbage
written over pages in its middle.
"""

from __future__ import annotations

import logging
import random
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app import outbox
from app.catalog import Catalog
from app.demo import seed_demo
from app.orders import place_order
from app.people import Resident, find_by_card
from app.store import Store, StoreError
from sync.client import Refused, Retryable
from sync.protocol import BatchResult
from sync.worker import SyncStatus, SyncWorker
from tests.helpers.center import wait_until
from tests.helpers.kiosk_fixtures import FakeClock
from tests.helpers.queries import pragma

EVENTS = 300


class FakeCenter:
    """A center that applies every event and hears every health report, unless told to fail."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[str] = []
        self.health: list[tuple[str | None, int | None]] = []
        self.health_fails: Exception | None = None

    def send_events(self, events: list[dict[str, Any]]) -> BatchResult:
        with self.lock:
            self.sent += [e["event_id"] for e in events]
        return BatchResult.model_validate(
            {"results": [{"event_id": e["event_id"], "status": "applied"} for e in events]}
        )

    def report_health(self, storage_fault: str | None, *, queue_length: int | None = None) -> None:
        if self.health_fails is not None:
            raise self.health_fails
        with self.lock:
            self.health.append((storage_fault, queue_length))

    def faults_told(self) -> list[str | None]:
        with self.lock:
            return [fault.split(":")[0] if fault else None for fault, _ in self.health]


def queue(store: Store, count: int = EVENTS) -> None:
    with store.transaction() as conn:
        for number in range(count):
            outbox.enqueue(conn, "reading.record", {"n": number, "note": "x" * 40})


def fill_disk(store: Store) -> int:
    """Let the file grow no more; return the limit it had."""
    before, pages = int(pragma(store, "max_page_count")), int(pragma(store, "page_count"))
    with store.reading() as conn:
        conn.execute(f"PRAGMA max_page_count = {pages}")
    return before


def free_disk(store: Store, limit: int) -> None:
    with store.reading() as conn:
        conn.execute(f"PRAGMA max_page_count = {limit}")


def write_attempts(store: Store) -> list[str]:
    """Every write transaction the store begins from now on (SQLite's own statement trace)."""
    begun: list[str] = []
    store._conn.set_trace_callback(
        lambda sql: begun.append(sql) if sql.startswith("BEGIN IMMEDIATE") else None
    )
    return begun


class Run:
    """Turns of the worker's loop on a fake clock: each waits as long as the worker asks."""

    def __init__(self, worker: SyncWorker, clock: FakeClock) -> None:
        self.worker, self.clock = worker, clock
        clock.now = max(clock.now, time.time())  # after the events were queued
        self.turns = 0
        self.waits: list[float] = []

    def for_seconds(self, seconds: float) -> None:
        end = self.clock.now + seconds
        while self.clock.now < end:
            wait = self.worker.step()
            self.turns += 1
            self.waits.append(wait)
            self.clock.advance(wait)
            assert self.turns < 10_000, "the worker spins"


@pytest.fixture
def center() -> FakeCenter:
    return FakeCenter()


@pytest.fixture
def statuses() -> list[SyncStatus]:
    return []


@pytest.fixture
def worker(store: Store, center: FakeCenter, statuses: list[SyncStatus]) -> Iterator[SyncWorker]:
    clock = FakeClock(time.time())
    made = SyncWorker(
        store,
        center,  # type: ignore[arg-type]
        on_status=statuses.append,
        clock=clock,
        rng=random.Random(7),
    )
    made.fake_clock = clock  # type: ignore[attr-defined]
    yield made
    made.stop()


def run(worker: SyncWorker) -> Run:
    return Run(worker, worker.fake_clock)  # type: ignore[attr-defined]


def storage_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "sync.worker" and r.levelno >= logging.WARNING]


# -- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_backs_off_logs_once_a_minute_and_says_the_kiosk_cannot_save(
    store: Store,
    worker: SyncWorker,
    center: FakeCenter,
    statuses: list[SyncStatus],
    caplog: pytest.LogCaptureFixture,
) -> None:
    queue(store)
    fill_disk(store)
    attempts = write_attempts(store)
    caplog.set_level(logging.INFO)

    loop = run(worker)
    loop.for_seconds(600)

    # Ten minutes of a full disk: a few tries a minute at most, never two at once.
    assert loop.turns <= 25, loop.waits
    assert min(loop.waits) >= 0.5
    assert len(attempts) <= 25
    assert center.sent == []
    # One traceback, then at most one line a minute.
    errors = [r for r in storage_records(caplog) if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None
    assert "disk_full" in errors[0].getMessage()
    repeats = [r for r in storage_records(caplog) if r.levelno == logging.WARNING]
    assert 1 <= len(repeats) <= 10
    assert all("still fails" in r.getMessage() and r.exc_info is None for r in repeats)
    # The header is told, and so is the center (once), with the queue it cannot send.
    assert statuses[-1].storage_fault == "disk_full"
    assert statuses[-1].fault_reported
    assert center.faults_told() == ["disk_full"]
    assert center.health[0][1] == EVENTS


def test_when_the_disk_has_room_again_the_events_go_and_the_center_hears_it_cleared(
    store: Store,
    worker: SyncWorker,
    center: FakeCenter,
    statuses: list[SyncStatus],
) -> None:
    queue(store)
    limit = fill_disk(store)
    loop = run(worker)
    loop.for_seconds(120)
    assert statuses[-1].storage_fault == "disk_full"

    free_disk(store, limit)
    loop.for_seconds(61)  # the next try comes within the backoff's cap

    assert len(center.sent) == EVENTS
    assert outbox.queue_state(store).pending == 0
    assert center.faults_told() == ["disk_full", None]
    assert statuses[-1].storage_fault is None
    assert statuses[-1].pending == 0


def test_events_claimed_just_before_writing_failed_are_due_at_once_when_it_works(
    store: Store, worker: SyncWorker, center: FakeCenter
) -> None:
    """The center's answers could not be written: the events do not wait out their lease
    (60 s) once the storage works again, and are sent again (the center answers a repeat
    with its first answer)."""
    queue(store, 10)

    def answer_and_lose_the_disk(events: list[dict[str, Any]]) -> BatchResult:
        with store.reading() as conn:
            conn.execute("PRAGMA query_only = 1")  # as a disk remounted read-only
        return FakeCenter.send_events(center, events)

    center.send_events = answer_and_lose_the_disk  # type: ignore[method-assign]
    loop = run(worker)
    loop.for_seconds(5)
    assert outbox.queue_state(store).pending == 10
    assert worker.store.fault is not None and worker.store.fault.kind == "read_only"

    center.send_events = FakeCenter.send_events.__get__(center)  # type: ignore[method-assign]
    with store.reading() as conn:
        conn.execute("PRAGMA query_only = 0")
    loop.for_seconds(10)

    assert [e.state for e in outbox.events(store)] == ["sent"] * 10
    assert store.fault is None


def test_the_worker_thread_does_not_spin_on_a_full_disk(
    store: Store, center: FakeCenter, caplog: pytest.LogCaptureFixture
) -> None:
    """The real thread, in real time: a second and a half, a handful of tries."""
    queue(store)
    fill_disk(store)
    attempts = write_attempts(store)
    reported: list[SyncStatus] = []
    worker = SyncWorker(store, center, on_status=reported.append)  # type: ignore[arg-type]
    worker.start()
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            worker.wake()  # new events keep coming; each wake must not mean a new try
            time.sleep(0.01)
    finally:
        worker.stop()

    assert 1 <= len(attempts) <= 4, len(attempts)
    assert len(storage_records(caplog)) == 1
    assert reported[-1].storage_fault == "disk_full"
    assert center.faults_told() == ["disk_full"]


def test_a_screen_that_cannot_save_wakes_the_worker_which_tells_the_center(
    store: Store, residents: dict[str, Resident], catalog: Catalog, center: FakeCenter
) -> None:
    """Nothing is queued, so nothing of the worker's own fails: the order on the screen does
    (the disk went read-only), and the worker hears of it from the store."""
    reported: list[SyncStatus] = []
    worker = SyncWorker(store, center, on_status=reported.append)  # type: ignore[arg-type]
    worker.start()
    meals = catalog.service("meals")
    assert meals is not None
    choices = {"meal": "today_lunch", "portions": "2"}
    try:
        wait_until(lambda: bool(reported), 10.0, "a first status")
        with store.reading() as conn:
            conn.execute("PRAGMA query_only = 1")
        with pytest.raises(StoreError) as failed:
            place_order(store, residents["10002"], meals, choices)
        assert failed.value.kind == "read_only"
        wait_until(
            lambda: center.faults_told() == ["read_only"],
            10.0,
            "the center told of the read-only disk",
        )
        wait_until(
            lambda: reported[-1].storage_fault == "read_only" and reported[-1].fault_reported,
            10.0,
            "the read-only fault reported",
        )

        with store.reading() as conn:
            conn.execute("PRAGMA query_only = 0")
        place_order(store, residents["10002"], meals, choices)
        wait_until(
            lambda: center.faults_told() == ["read_only", None],
            10.0,
            "the center told the disk is back",
        )
        wait_until(
            lambda: reported[-1].storage_fault is None and reported[-1].pending == 0,
            10.0,
            "the fault cleared and nothing pending",
        )
    finally:
        worker.stop()


# -- a damaged database ---------------------------------------------------------------------


def damaged_store(path: Path) -> Store:
    """A real kiosk file with its outbox's pages in the middle overwritten by garbage."""
    made = Store(path)
    queue(made)
    made.close()
    data = bytearray(path.read_bytes())
    page = 4096
    # Two thirds in: past the tables' first pages, among the outbox's rows.
    middle = len(data) // page * 2 // 3
    data[middle * page : (middle + 2) * page] = random.Random(3).randbytes(2 * page)
    path.write_bytes(bytes(data))
    return Store(path)  # the schema page is whole: it opens


def test_a_damaged_database_backs_off_and_the_fault_stays_until_a_restart(
    tmp_path: Path, center: FakeCenter, caplog: pytest.LogCaptureFixture
) -> None:
    store = damaged_store(tmp_path / "kiosk.sqlite3")
    reported: list[SyncStatus] = []
    clock = FakeClock(time.time())
    worker = SyncWorker(
        store,
        center,  # type: ignore[arg-type]
        on_status=reported.append,
        clock=clock,
        rng=random.Random(1),
    )
    try:
        loop = Run(worker, clock)
        loop.for_seconds(300)

        assert loop.turns <= 15, loop.waits
        assert len([r for r in storage_records(caplog) if r.exc_info]) == 1
        assert reported[-1].storage_fault == "corrupt"
        assert reported[-1].fault_reported
        assert center.faults_told() == ["corrupt"]
        assert center.sent == []

        # A write elsewhere succeeds, but damaged pages do not mend: the fault stays.
        with store.transaction() as conn:
            conn.execute("PRAGMA user_version = user_version")
            conn.execute("CREATE TABLE elsewhere (x)")
        loop.for_seconds(120)
        assert reported[-1].storage_fault == "corrupt"
        assert center.faults_told() == ["corrupt"]
    finally:
        store.close()


# -- the health report ----------------------------------------------------------------------


def test_a_health_report_that_fails_is_retried_and_not_shown_as_heard(
    store: Store, worker: SyncWorker, center: FakeCenter, statuses: list[SyncStatus]
) -> None:
    queue(store)
    fill_disk(store)
    center.health_fails = Retryable("network: ConnectionError")
    loop = run(worker)
    loop.for_seconds(180)
    assert statuses[-1].storage_fault == "disk_full"
    assert not statuses[-1].fault_reported

    center.health_fails = None
    loop.for_seconds(61)
    assert center.faults_told() == ["disk_full"]
    assert statuses[-1].fault_reported


def test_a_health_report_that_fails_for_a_bug_does_not_end_the_worker(
    store: Store, worker: SyncWorker, center: FakeCenter, statuses: list[SyncStatus]
) -> None:
    queue(store)
    fill_disk(store)
    center.health_fails = TypeError("a bug")
    loop = run(worker)
    loop.for_seconds(300)
    assert loop.turns <= 30
    assert not statuses[-1].fault_reported
    center.health_fails = None
    loop.for_seconds(61)
    assert statuses[-1].fault_reported


def test_a_device_the_center_refuses_stops_reporting(
    store: Store, worker: SyncWorker, center: FakeCenter, statuses: list[SyncStatus]
) -> None:
    queue(store)
    fill_disk(store)
    center.health_fails = Refused("revoked", "this device was revoked")
    loop = run(worker)
    loop.for_seconds(300)
    assert statuses[-1].refused == "revoked"
    assert statuses[-1].storage_fault == "disk_full"
    assert not statuses[-1].fault_reported


def test_a_bug_in_sending_backs_off_too(
    store: Store, worker: SyncWorker, center: FakeCenter, caplog: pytest.LogCaptureFixture
) -> None:
    queue(store, 5)

    def broken(events: list[dict[str, Any]]) -> BatchResult:
        raise RuntimeError("a bug")

    center.send_events = broken  # type: ignore[method-assign]
    loop = run(worker)
    loop.for_seconds(300)
    assert loop.turns <= 15
    assert len([r for r in caplog.records if r.exc_info]) == 1


# -- a real full disk -----------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system of its own (tmpfs; needs the right to mount, else skipped)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.slow  # mounts a file system
def test_on_a_really_full_disk_the_worker_backs_off_and_the_center_is_told(
    tiny_disk: Path, catalog: Catalog, center: FakeCenter, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(tiny_disk / "kiosk.sqlite3")
    seed_demo(store)
    resident = find_by_card(store, "10002")
    assert resident is not None
    meals = catalog.service("meals")
    assert meals is not None
    choices = {"meal": "today_lunch", "portions": "2"}
    reported: list[SyncStatus] = []
    worker = SyncWorker(store, center, on_status=reported.append)  # type: ignore[arg-type]
    worker.start()
    filler = tiny_disk / "filler"
    try:
        free = shutil.disk_usage(tiny_disk).free
        filler.write_bytes(b"\0" * (free - 256 * 1024))
        with pytest.raises(StoreError) as failed:
            for _ in range(20_000):
                place_order(store, resident, meals, choices)
        assert failed.value.kind == "disk_full"
        wait_until(
            lambda: center.faults_told()[-1:] == ["disk_full"],
            10.0,
            "the center told of the full disk",
        )
        wait_until(
            lambda: reported[-1].storage_fault == "disk_full" and reported[-1].fault_reported,
            10.0,
            "the full-disk fault reported",
        )

        attempts = write_attempts(store)
        time.sleep(2.0)  # what the worker does meanwhile: a few tries, no storm
        assert len(attempts) <= 5, len(attempts)
        assert len([r for r in storage_records(caplog) if r.exc_info]) <= 1

        filler.unlink()
        place_order(store, resident, meals, choices)
        wait_until(
            lambda: center.faults_told()[-1:] == [None],
            90,
            "the center told the disk has room again",
        )
        wait_until(
            lambda: reported[-1].storage_fault is None and reported[-1].pending == 0,
            10.0,
            "the fault cleared and nothing pending",
        )
    finally:
        worker.stop()
        store.close()
