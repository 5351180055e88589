"""The outbox drain worker: sends queued events to the center, in its own thread.

It claims a batch (SOS first), sends it, and writes the per-event answers back in one
transaction. Network trouble, 5xx and 429 put the batch back with exponential backoff and full
jitter (never sooner than ``Retry-After``). A new event, or the network coming back, wakes it
at once. A device the center refuses (unknown or revoked) stops sending and says so.
"""

from __future__ import annotations

import logging
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


@dataclass(frozen=True)
class SyncStatus:
    """What the screens show about sending: all sent, N waiting, offline since, refused."""

    pending: int
    failed: int
    online: bool
    offline_since: float | None = None
    refused: str | None = None


class SyncWorker:
    def __init__(
        self,
        store: Store,
        client: CenterClient,
        *,
        on_status: Callable[[SyncStatus], None] = lambda status: None,
        on_changes: Callable[[Changes], None] = lambda changes: None,
        batch_size: int = BATCH_SIZE,
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
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)

    # -- control (any thread) ------------------------------------------------------------

    def start(self) -> None:
        # This worker is the only sender for its store: anything still marked in flight was
        # claimed by a run that died, and must not wait out its lease (an SOS least of all).
        released = outbox.release_all_in_flight(self.store)
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
            with self.store.transaction() as conn:
                conn.execute(
                    "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'", (time.time(),)
                )
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
            try:
                worked = self.drain_once()
            except StoreError:
                log.exception("the outbox could not be read or written")
                worked = False
            except Exception:  # a bug must not end sending for good
                log.exception("sync worker failed; going on")
                worked = False
            if worked:
                continue
            self._wake.wait(self._idle_seconds())
            self._wake.clear()

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
        return min(MAX_IDLE_S, max(0.0, due - time.time()))

    def drain_once(self) -> bool:
        """Send one batch if one is due; True when it made progress."""
        if self.refused or time.time() < self.paused_until:
            return False
        events = outbox.claim(self.store, self.batch_size)
        if not events:
            return False
        ids = [e.event_id for e in events]
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
            log.error("the center refuses this device: %s (%s)", exc.code, exc)
            self.refused = exc.code
            self._report()
            return False
        except Retryable as exc:
            due = outbox.retry_many(self.store, ids, str(exc), retry_after=exc.retry_after)
            floor = time.time() + (exc.retry_after or 0.0)
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
            outbox.retry_many(self.store, sorted(unanswered), "no answer for this event")
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
        self.offline_since = None if online else time.time()
        self._report()

    def _report(self) -> None:
        try:
            state = outbox.queue_state(self.store)
        except StoreError:
            return
        self.on_status(
            SyncStatus(state.pending, state.failed, self.online, self.offline_since, self.refused)
        )
