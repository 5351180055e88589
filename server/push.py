"""Knowing which kiosks have new updates, and waking their update streams.

Every change for a kiosk is a row in ``updates`` with a rising number ``seq``. Each process
keeps a small index of them: for every device, the highest ``seq`` meant for it, and the
highest meant for everyone. With it a poll whose cursor is already past both is answered
"nothing new" without a query (:meth:`PushHub.nothing_new`), and a WebSocket handler that is
woken reads the database only when something is there for its kiosk.

The index learns of updates in two ways:

* updates this process commits, at once (:meth:`PushHub.committed`, called before the answer
  to the staff member is sent);
* updates any process commits, from a scan of the new rows every ``poll_interval_s`` (0.5 s):
  ``seq > last scanned``. That scan sees every update, because the writers take an advisory
  lock (``staff.serialize_updates``) so that numbers commit in order, and SQLite has a single
  writer anyway: once a row is visible, every lower number is visible or never will be.

The shortcut is used only while the last scan is recent (``2 x poll_interval_s``), so a poll
answered from the index can miss only an update that another process committed less than
about 1 s earlier; the kiosk gets it with its next pull, since its cursor has not moved. When
the scans stop (the database is away), every poll goes to the database again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from server.models import Update

log = logging.getLogger(__name__)
SCAN_ROWS = 5_000  # rows per query when catching up


class PushHub:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        poll_interval_s: float,
        checks: Sequence[Callable[[Session], None]] = (),
    ) -> None:
        self._sessions = sessions
        self._checks = checks  # run in every scan's session too
        self._interval = poll_interval_s
        self.max_age_s = 2 * poll_interval_s
        self._waiters: set[asyncio.Event] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._lock = threading.Lock()
        # device id (None: for every device) -> the highest seq meant for it.
        self._highest: dict[str | None, int] = {}
        self._scanned = 0  # every update up to this seq is in the index
        self._scanned_at: float | None = None  # time.monotonic() when the last scan began
        self.last_seq = 0

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await asyncio.to_thread(self.scan)
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    # -- the index -----------------------------------------------------------------------

    def nothing_new(self, device_id: str, since: int) -> bool:
        """True when no update for this device (or for all) has a number above ``since``,
        as far as a recent scan and this process's own writes show."""
        scanned_at = self._scanned_at
        if scanned_at is None or time.monotonic() - scanned_at > self.max_age_s:
            return False
        highest = self._highest
        return since >= highest.get(device_id, 0) and since >= highest.get(None, 0)

    def committed(self, updates: Iterable[tuple[int, str | None]]) -> None:
        """(seq, device id) of updates this process has just committed; wakes listeners."""
        with self._lock:
            for seq, device_id in updates:
                self._note(seq, device_id)
        self.notify()

    def _note(self, seq: int, device_id: str | None) -> None:
        if seq > self._highest.get(device_id, 0):
            self._highest[device_id] = seq
        self.last_seq = max(self.last_seq, seq)

    def scan(self) -> bool:
        """Add the updates committed since the last scan; True when there were any."""
        began = time.monotonic()
        grew = False
        with self._sessions() as session:
            if self._scanned_at is None:
                # The first scan: the highest number per device, and the highest of all.
                rows = session.execute(
                    select(func.max(Update.seq), Update.device_id).group_by(Update.device_id)
                ).all()
                with self._lock:
                    for seq, device_id in rows:
                        self._note(int(seq), device_id)
                        self._scanned = max(self._scanned, int(seq))
                grew = bool(rows)
            else:
                while True:
                    rows = session.execute(
                        select(Update.seq, Update.device_id)
                        .where(Update.seq > self._scanned)
                        .order_by(Update.seq)
                        .limit(SCAN_ROWS)
                    ).all()
                    with self._lock:
                        for seq, device_id in rows:
                            self._note(int(seq), device_id)
                            self._scanned = int(seq)
                    grew = grew or bool(rows)
                    if len(rows) < SCAN_ROWS:
                        break
            for check in self._checks:
                check(session)
        self._scanned_at = began
        return grew

    # -- listeners -----------------------------------------------------------------------

    def subscribe(self) -> asyncio.Event:
        event = asyncio.Event()
        self._waiters.add(event)
        return event

    def unsubscribe(self, event: asyncio.Event) -> None:
        self._waiters.discard(event)

    def notify(self) -> None:
        """Wake every listener; safe to call from any thread."""
        if self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        for event in list(self._waiters):
            event.set()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                grew = await asyncio.to_thread(self.scan)
            except Exception:
                log.warning("could not read new updates", exc_info=True)
                continue
            if grew:
                self._wake()
