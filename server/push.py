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

Update streams listen per device: an update wakes only the streams of the device it is for,
and one for every device (``device_id`` NULL: a new catalog, a message for all) wakes them
all. With 10,000 kiosks connected and an SOS acknowledged every 2 s (``python -m bench sos``),
waking every stream for each update took the server from 17 to 77 CPU seconds in a minute.

The scan runs in a thread of its own. In the shared pool it waited behind the requests' work
whenever that queued (10,000 sockets opening, each checking its token), the index went stale,
and every stream that woke meanwhile (a keepalive every 25 s) read the database in the same
pool, which kept the queue long: about one read per keepalive page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

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
        # device id -> the events of its open update streams
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-scan")
        self._lock = threading.Lock()
        # device id (None: for every device) -> the highest seq meant for it.
        self._highest: dict[str | None, int] = {}
        self._scanned = 0  # every update up to this seq is in the index
        self._scanned_at: float | None = None  # time.monotonic() when the last scan began
        self.last_seq = 0

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await self._loop.run_in_executor(self._scanner, self.scan)
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._scanner.shutdown(wait=False)

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
        """(seq, device id) of updates this process has just committed; wakes their devices'
        listeners."""
        devices: set[str | None] = set()
        with self._lock:
            for seq, device_id in updates:
                self._note(seq, device_id)
                devices.add(device_id)
        if devices:
            self.notify(devices)

    def _note(self, seq: int, device_id: str | None) -> None:
        if seq > self._highest.get(device_id, 0):
            self._highest[device_id] = seq
        self.last_seq = max(self.last_seq, seq)

    def scan(self) -> set[str | None]:
        """Add the updates committed since the last scan; the devices they are for (None: for
        every device), empty when there were none."""
        began = time.monotonic()
        devices: set[str | None] = set()
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
                        devices.add(device_id)
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
                            devices.add(device_id)
                    if len(rows) < SCAN_ROWS:
                        break
            for check in self._checks:
                check(session)
        self._scanned_at = began
        return devices

    # -- listeners -----------------------------------------------------------------------

    def subscribe(self, device_id: str) -> asyncio.Event:
        """An event set whenever there may be something new for ``device_id``."""
        event = asyncio.Event()
        self._waiters.setdefault(device_id, set()).add(event)
        return event

    def unsubscribe(self, device_id: str, event: asyncio.Event) -> None:
        waiters = self._waiters.get(device_id)
        if waiters is not None:
            waiters.discard(event)
            if not waiters:
                del self._waiters[device_id]

    def notify(self, devices: Iterable[str | None] | None = None) -> None:
        """Wake the listeners of these devices (None among them, or no devices given: every
        listener); safe to call from any thread."""
        if self._loop is None:
            return
        targets = None if devices is None else frozenset(devices)
        self._loop.call_soon_threadsafe(self._wake, targets)

    def _wake(self, devices: frozenset[str | None] | None = None) -> None:
        if devices is None or None in devices:
            groups = list(self._waiters.values())
        else:
            groups = [self._waiters[d] for d in devices if d in self._waiters]
        for group in groups:
            for event in list(group):
                event.set()

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self._interval)
            try:
                devices = await loop.run_in_executor(self._scanner, self.scan)
            except Exception:
                log.warning("could not read new updates", exc_info=True)
                continue
            if devices:
                self._wake(frozenset(devices))
