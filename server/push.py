"""Waking kiosks' update streams when something changed for them.

Within one process a change wakes its listeners at once. Across processes (several servers on
one PostgreSQL) every process watches the highest update number in the database twice a second
and wakes its listeners when it grows, so a kiosk hears of a change within about a second
whichever process it is connected to.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from server.models import Update

log = logging.getLogger(__name__)


class PushHub:
    def __init__(self, sessions: sessionmaker[Session], poll_interval_s: float) -> None:
        self._sessions = sessions
        self._interval = poll_interval_s
        self._waiters: set[asyncio.Event] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self.last_seq = 0

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.last_seq = await asyncio.to_thread(self._max_seq)
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

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

    def _max_seq(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.max(Update.seq))) or 0)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                seq = await asyncio.to_thread(self._max_seq)
            except Exception:
                log.warning("could not read the update sequence", exc_info=True)
                continue
            if seq > self.last_seq:
                self.last_seq = seq
                self._wake()
