"""The outbox drain worker: sends queued events to the center, in its own thread.

It claims a batch (SOS first), sends it, and writes the per-event answers back in one
transaction. Network trouble, 5xx and 429 put the batch back with exponential backoff and full
jitter (never sooner than ``Retry-After``). A new event, or the network coming back, wakes it
at once. A device the center refuses (unknown or revoked) stops sending and says so.

When the kiosk's own storage fails (a full disk, damaged pages) the worker backs off in the
same way instead of trying again at once, logs each kind of failure with its traceback once
and then a line a minute at most, shows the fault in its status (the header says this kiosk
cannot save) and tells the center directly, past the outbox that cannot be written, again when
the fault clears.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from app import outbox
from app.delivery import Changes, EventAnswer, record_results
from app.store import Store, StoreError
from sync.client import CenterClient, Refused, Retryable

log = logging.getLogger(__name__)
BATCH_SIZE = 200
MAX_IDLE_S = 30.0
# After a failure of the storage (or a bug), the loop waits base * 2**n seconds, jittered
# between half and all of it, at most the cap: a disk that stays full costs a few tries a
# minute, and a passing fault (a lock held too long) only seconds.
FAULT_BACKOFF = (1.0, 60.0)
LOG_REPEATS_EVERY_S = 60.0


@dataclass(frozen=True)
class SyncStatus:
    """What the screens show about sending: all sent, N waiting, offline since, refused, and
    whether this kiosk can save at all."""

    pending: int
    failed: int
    online: bool
    offline_since: float | None = None
    refused: str | None = None
    storage_fault: str | None = None
    """Why this kiosk cannot save (app.store.StoreError's kind: disk_full, corrupt, io,
    read_only, cannot_open); None while its storage works. The counts are the last known."""
    fault_reported: bool = False
    """The center answered the report of ``storage_fault``: its staff have been told."""


@dataclass
class _Repeats:
    """One kind of failure in the log: when it was last written, how often it came since."""

    last_line: float | None = None
    since: int = 0
    failing: bool = False


class FaultLog:
    """Logs a repeating failure without flooding the log: the first of each kind with its
    traceback, then at most one line a minute saying how often it came back."""

    def __init__(self, clock: Callable[[], float], every_s: float = LOG_REPEATS_EVERY_S) -> None:
        self._clock = clock
        self._every_s = every_s
        self._kinds: dict[str, _Repeats] = {}

    def failed(self, kind: str, what: str, exc: BaseException) -> None:
        now = self._clock()
        seen = self._kinds.setdefault(kind, _Repeats())
        if seen.last_line is not None and now - seen.last_line < self._every_s:
            seen.since += 1
            seen.failing = True
            return
        if seen.failing:
            log.warning(
                "%s (%s) still fails: %d more times since the last line", what, kind, seen.since + 1
            )
        else:
            log.error("%s (%s); backing off and trying again", what, kind, exc_info=exc)
        seen.last_line, seen.since, seen.failing = now, 0, True

    def recovered(self) -> None:
        for kind, seen in self._kinds.items():
            if seen.failing:
                log.info("%s works again (%d failures since the last line)", kind, seen.since)
                seen.since, seen.failing = 0, False


class SyncWorker:
    def __init__(
        self,
        store: Store,
        client: CenterClient,
        *,
        on_status: Callable[[SyncStatus], None] = lambda status: None,
        on_changes: Callable[[Changes], None] = lambda changes: None,
        batch_size: int = BATCH_SIZE,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.on_status = on_status
        self.on_changes = on_changes
        self.batch_size = batch_size
        self.online = True
        self.offline_since: float | None = None
        self.refused: str | None = None
        # After a failure nothing is sent before this time (Retry-After, backoff), so a
        # waiting SOS is not overtaken by ordinary events claimed in the meantime.
        self.paused_until = 0.0
        self._clock = clock
        self._rng = rng or random.Random()
        self._faults = FaultLog(clock)
        self._fault_tries = 0  # failures in a row of the storage (or a bug)
        self._retry_at = 0.0  # no try before this time after such a failure
        self._pending: int | None = None  # the queue as last read
        self._failed = 0
        self._unsettled: list[str] = []  # claimed, and not yet answered, retried or released
        # The storage fault the center was told of (None: none, or it cleared), and when the
        # report may be tried again after it failed.
        self._center_knows: str | None = None
        self._health_tries = 0
        self._health_retry_at = 0.0
        self._shown: tuple[str | None, bool] | None = None  # the fault in the last status
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        # A screen that could not save wakes the worker, which tells the header and the center.
        store.watch_faults(lambda fault: self._wake.set())

    # -- control (any thread) ------------------------------------------------------------

    def start(self) -> None:
        # This worker is the only sender for its store: anything still marked in flight was
        # claimed by a run that died, and must not wait out its lease (an SOS least of all).
        try:
            released = outbox.release_all_in_flight(self.store)
        except StoreError:
            released = 0  # the loop meets the fault again, and says so
        if released:
            log.info("%d events claimed before a restart are due again", released)
        self._thread.start()

    def wake(self) -> None:
        """Something new was queued: try now."""
        self._wake.set()

    def network_back(self) -> None:
        """The center answered again: everything waiting is due now."""
        if not self.online:
            self.paused_until = 0.0
            try:
                with self.store.transaction() as conn:
                    conn.execute(
                        "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'",
                        (self._clock(),),
                    )
            except StoreError:
                pass  # the worker's loop meets the fault and backs off
        self.wake()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    # -- the loop ------------------------------------------------------------------------

    def _run(self) -> None:
        self._report()
        while not self._stop.is_set():
            wait = self.step()
            if wait > 0:
                self._wake.wait(wait)
                self._wake.clear()

    def step(self) -> float:
        """One turn of the loop: send a batch if one is due, keep the center and the header
        told of the storage; return the seconds to wait before the next turn (0: at once).
        After a failure of the storage the next try waits, whatever wakes the worker."""
        now = self._clock()
        if now < self._retry_at:
            wait = self._retry_at - now
        else:
            try:
                worked = self.drain_once()
            except StoreError as exc:
                wait = self._backoff(exc.kind, "the outbox could not be read or written", exc)
            except Exception as exc:  # a bug must not end sending for good
                wait = self._backoff(type(exc).__name__, "sync worker failed", exc)
            else:
                self._fault_tries, self._retry_at = 0, 0.0
                self._faults.recovered()
                wait = 0.0 if worked else self._idle_seconds()
        self._tell_center()
        if self._shown != (self._fault_kind(), self._fault_reported()):
            self._report()
        if self._fault_kind() != self._center_knows and not self.refused:
            # The report failed: try again when it is due, not only when something wakes us.
            wait = min(wait, max(0.0, self._health_retry_at - self._clock()))
        return wait

    def _backoff(self, kind: str, what: str, exc: BaseException) -> float:
        self._faults.failed(kind, what, exc)
        self._fault_tries += 1
        wait = self._jittered(self._fault_tries)
        self._retry_at = self._clock() + wait
        return wait

    def _jittered(self, tries: int) -> float:
        base, cap = FAULT_BACKOFF
        ceiling = min(cap, base * 2 ** min(tries - 1, 30))
        return self._rng.uniform(ceiling / 2, ceiling)

    def _idle_seconds(self) -> float:
        if self.refused:
            return MAX_IDLE_S
        try:
            due = outbox.next_due(self.store)
        except StoreError:
            return MAX_IDLE_S
        if due is None:
            return MAX_IDLE_S
        due = max(due, self.paused_until)
        return min(MAX_IDLE_S, max(0.0, due - self._clock()))

    # -- telling the center of the storage -----------------------------------------------

    def _fault_kind(self) -> str | None:
        fault = self.store.fault
        return fault.kind if fault is not None else None

    def _fault_reported(self) -> bool:
        kind = self._fault_kind()
        return kind is not None and self._center_knows == kind

    def _tell_center(self) -> None:
        """Report a new storage fault, or that it cleared, with ``POST /device/health``."""
        fault = self.store.fault
        kind = fault.kind if fault is not None else None
        if kind == self._center_knows or self.refused or self._clock() < self._health_retry_at:
            return
        words = None if fault is None else f"{fault.kind}: {fault.detail}"
        self._read_queue()
        try:
            self.client.report_health(words, queue_length=self._pending)
        except Refused as exc:
            log.error("the center refuses this device: %s (%s)", exc.code, exc)
            self.refused = exc.code
            self._report()
            return
        except Exception as exc:  # the network, a 5xx, a center without the call; or a bug
            self._health_tries += 1
            self._health_retry_at = self._clock() + self._jittered(self._health_tries)
            log.info(
                "the center could not be told of the storage (%s); will retry",
                exc,
                exc_info=not isinstance(exc, Retryable),
            )
            return
        log.info("the center was told: %s", words or "the storage works again")
        self._center_knows, self._health_tries, self._health_retry_at = kind, 0, 0.0

    # -- sending -------------------------------------------------------------------------

    def drain_once(self) -> bool:
        """Send one batch if one is due; True when it made progress."""
        if self.refused or self._clock() < self.paused_until:
            return False
        if self._unsettled:
            # Claimed before the storage failed: due again now, not when their lease ends.
            outbox.release(self.store, self._unsettled)
            self._unsettled = []
        events = outbox.claim(self.store, self.batch_size, now=self._clock())
        if not events:
            return False
        ids = self._unsettled = [e.event_id for e in events]
        body = [
            {
                "event_id": e.event_id,
                "kind": e.kind,
                "payload": e.payload,
                "created_at": e.created_at,
            }
            for e in events
        ]
        try:
            result = self.client.send_events(body)
        except Refused as exc:
            outbox.release(self.store, ids)
            self._unsettled = []
            log.error("the center refuses this device: %s (%s)", exc.code, exc)
            self.refused = exc.code
            self._report()
            return False
        except Retryable as exc:
            due = outbox.retry_many(
                self.store, ids, str(exc), now=self._clock(), retry_after=exc.retry_after
            )
            self._unsettled = []
            floor = self._clock() + (exc.retry_after or 0.0)
            self.paused_until = max(floor, due or floor)
            self._set_online(False)
            log.info("sending %d events failed (%s); will retry", len(ids), exc)
            return False
        answers = [
            EventAnswer(str(r.event_id), r.status == "applied", r.error, r.result)
            for r in result.results
        ]
        changes = record_results(self.store, answers)
        unanswered = set(ids) - {a.event_id for a in answers}
        if unanswered:
            outbox.retry_many(
                self.store, sorted(unanswered), "no answer for this event", now=self._clock()
            )
        self._unsettled = []
        self._set_online(True)
        if changes:
            self.on_changes(changes)
        self._report()
        return True

    def _set_online(self, online: bool) -> None:
        if online == self.online:
            if not online:
                self._report()
            return
        self.online = online
        self.offline_since = None if online else self._clock()
        self._report()

    def _read_queue(self) -> None:
        try:
            state = outbox.queue_state(self.store)
        except StoreError:
            return  # the counts last read stand, with the fault that stopped this read
        self._pending, self._failed = state.pending, state.failed

    def _report(self) -> None:
        self._read_queue()
        fault = self.store.fault
        kind = fault.kind if fault is not None else None
        self._shown = (kind, self._fault_reported())
        self.on_status(
            SyncStatus(
                self._pending or 0,
                self._failed,
                self.online,
                self.offline_since,
                self.refused,
                storage_fault=kind,
                fault_reported=self._shown[1],
            )
        )
