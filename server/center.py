"""What the center server's routes share in one process: its database, caches, push hub, the
staff feed and the escalation of emergencies.

``server.app.create_app`` opens one :class:`Center` and keeps it as ``app.state.center``; the
routers (``server.routes``) reach it through the ``CenterDep`` dependency.

Besides the push hub's scan (server.push, every 0.5 s), each process runs one task of its
own: once a second (``Settings.escalation_interval_s``) it looks whether an emergency is due
for its next step (one query on a partial index) and, only then, escalates it (server.sos);
and once a day (``Settings.retention_interval_s``, first at start) it removes what the
center keeps no longer (server.retention).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import time
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server import (
    auth,
    call_jobs,
    checkins,
    crypto,
    family,
    files,
    pricing,
    residents,
    retention,
    sos,
    staff,
)
from server.call_rooms import CallHub
from server.db import AsyncRawPool, Sql, make_engine, migrate, session_factory
from server.ingest import LastSeen
from server.models import Update
from server.push import PushHub
from server.settings import Settings
from server.staff_feed import StaffFeed
from sync.protocol import Update as UpdateModel
from sync.protocol import UpdatesPage

MAX_CONCURRENT_INGEST = 16
BUSY_WAIT_S = 1.0  # how long a batch may wait for one of those slots before a 429
UNCHECKED_TOKEN_S = 2.0  # see auth.DeviceCache
log = logging.getLogger(__name__)


class Center:
    """One process's connections to the database, its device cache and its push hub."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        engine = self.engine = make_engine(settings.database_url, pool_size=20)
        # The keys first: a migration may seal rows written before their columns were sealed.
        crypto.install(settings.data_keys or crypto.active())
        migrate(engine)
        crypto.verify_database(engine)
        files.make_private(settings.database_url, settings.data_dir)
        self.sessions: sessionmaker[Session] = session_factory(engine)
        # Reads that need no transaction go without BEGIN/ROLLBACK on PostgreSQL (two round
        # trips fewer); SQLite's connections always begin their own (see server.db).
        postgres = engine.dialect.name == "postgresql"
        self.reader: Engine = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else engine
        )
        # The device look-up and batches of records run on the event loop on PostgreSQL,
        # without SQLAlchemy (db.AsyncRawPool); its 20 connections and the engine's 20 make
        # the 40 per process of SCALE_OUT.md.
        self.raw = AsyncRawPool(engine, size=20) if postgres else None
        self.readers: sessionmaker[Session] = session_factory(self.reader)
        self.devices = auth.DeviceCache(
            settings.auth_cache_s,
            unchecked_s=UNCHECKED_TOKEN_S,
            checked_within_s=2 * settings.poll_interval_s,
        )
        self.feed = StaffFeed(self.readers)
        self.hub = PushHub(
            self.sessions,
            settings.poll_interval_s,
            checks=[self.devices.check_revocations, self.feed.scan],
        )
        self.last_seen = LastSeen()
        self.ingest_slots = asyncio.Semaphore(MAX_CONCURRENT_INGEST)
        self.sos_policy = settings.sos_policy
        self.enrolments = auth.EnrolmentLimiter(settings.enrol_failures_per_minute)
        self.signins = auth.EnrolmentLimiter(settings.signin_failures_per_minute, what="sign-ins")
        self.authority = pricing.Authority(settings.default_catalog)
        if settings.demo_residents:
            with self.sessions() as session:
                residents.seed_demo(session)
                chosen = family.seed_demo(session, os.environ.get("CENTER_DEMO_FAMILY_PASSWORD"))
            if chosen:
                log.warning(
                    "demo family account %r, password %r (set CENTER_DEMO_FAMILY_PASSWORD)",
                    family.DEMO_FAMILY_NAME,
                    chosen,
                )
        self.checkins = checkins.CheckinJob(
            self.sessions,
            lambda session: self.authority.rules(Sql(session.connection())).timezone,
            self.hub.committed,
            checkins.CheckinSettings.from_env(),
        )
        # device id -> one event per open update socket of it, set when it is revoked
        self._device_sockets: dict[str, set[asyncio.Event]] = {}
        self.devices.on_revoked = self._revoked
        self._loop: asyncio.AbstractEventLoop | None = None
        self._escalation: asyncio.Task[None] | None = None
        self._retention: asyncio.Task[None] | None = None
        # Video calls' signaling rooms and family sockets (server.call_rooms), and the job
        # that turns calls nobody answered into missed ones (server.call_jobs).
        self.calls = CallHub(
            settings.call_reconnect_s,
            settings.call_ticket_s,
            functools.partial(call_jobs.end_dropped_async, self),
        )
        self._ring_out: asyncio.Task[None] | None = None
        self._checkins: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await self.feed.start()
        await self.hub.start()
        self._escalation = asyncio.create_task(self._escalate_every_interval())
        self._retention = asyncio.create_task(self._retain_every_day())
        self.calls.start(self._loop)
        self._ring_out = asyncio.create_task(call_jobs.ring_out_every_interval(self))
        self._checkins = asyncio.create_task(self.checkins.loop())

    async def stop(self) -> None:
        await self.calls.stop()
        for task in (self._escalation, self._retention, self._checkins, self._ring_out):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.hub.stop()
        await self.feed.stop()
        if self.raw is not None:
            await self.raw.close()
        self.engine.dispose()

    # -- devices -------------------------------------------------------------------------

    def load_into_cache(self, connection: Any, hashed: str) -> auth.DeviceRef:
        generation = self.devices.generation
        device = auth.load_device(connection, hashed)
        self.devices.put(hashed, device, generation)
        return device

    async def load_into_cache_async(self, connection: Any, hashed: str) -> auth.DeviceRef:
        generation = self.devices.generation
        device = await auth.load_device_async(connection, hashed)
        self.devices.put(hashed, device, generation)
        return device

    async def load_device(self, hashed: str) -> auth.DeviceRef:
        """The device with this token hash, from the database, now in the cache."""
        if self.raw is None:

            def load() -> auth.DeviceRef:
                with self.reader.connect() as connection:
                    return self.load_into_cache(connection, hashed)

            return await run_in_threadpool(load)
        async with self.raw.connection() as connection:
            return await self.load_into_cache_async(connection, hashed)

    def device_socket(self, device_id: str) -> asyncio.Event:
        """An update socket of ``device_id`` opened: the event is set if it is revoked."""
        revoked = asyncio.Event()
        self._device_sockets.setdefault(device_id, set()).add(revoked)
        return revoked

    def device_socket_closed(self, device_id: str, revoked: asyncio.Event) -> None:
        sockets = self._device_sockets.get(device_id)
        if sockets is not None:
            sockets.discard(revoked)
            if not sockets:
                del self._device_sockets[device_id]

    def _revoked(self, device_ids: frozenset[str]) -> None:
        """From any thread (auth.DeviceCache): close these devices' update sockets."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._close_sockets, device_ids)

    def _close_sockets(self, device_ids: frozenset[str]) -> None:
        for device_id in device_ids:
            for revoked in self._device_sockets.get(device_id, ()):
                revoked.set()

    # -- emergencies ----------------------------------------------------------------------

    def escalate(self, now: float | None = None) -> list[sos.Escalation]:
        """Escalate the emergencies that are due (usually none: one look at an index)."""
        now = time.time() if now is None else now
        with self.readers() as session:
            if not sos.anything_due(session, now):
                return []
        with self.sessions() as session:
            taken = sos.escalate_due(session, now, self.sos_policy)
            self.hub.committed(staff.queued_updates(session))
        if taken:
            self.feed.poke()
        return taken

    async def _escalate_every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.settings.escalation_interval_s)
            try:
                await asyncio.to_thread(self.escalate)
            except Exception:
                log.warning("could not escalate emergencies", exc_info=True)

    # -- retention ---------------------------------------------------------------------------

    def retain(self, now: float | None = None) -> dict[str, int]:
        """Remove what is older than the center keeps (server.retention); how many of each."""
        with self.sessions() as session:
            removed = retention.enforce(
                session, self.settings.retention, time.time() if now is None else now
            )
        if any(removed.values()):
            log.info("retention removed %s", removed)
        return removed

    async def _retain_every_day(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.retain)
            except Exception:
                log.warning("could not apply the retention periods", exc_info=True)
            await asyncio.sleep(self.settings.retention_interval_s)

    async def acquire_ingest_slot(self) -> bool:
        """One of the slots for batches, waiting at most BUSY_WAIT_S; False when busy."""
        if not self.ingest_slots.locked():
            await self.ingest_slots.acquire()
            return True
        try:
            async with asyncio.timeout(BUSY_WAIT_S):
                await self.ingest_slots.acquire()
        except TimeoutError:
            return False
        return True


def updates_page(session: Session, device: auth.DeviceRef, since: int, limit: int) -> UpdatesPage:
    """The device's updates after ``since`` (its own and everyone's), at most ``limit``."""
    rows = list(
        session.scalars(
            select(Update)
            .where(Update.seq > since)
            .where(or_(Update.device_id == device.id, Update.device_id.is_(None)))
            .order_by(Update.seq)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return UpdatesPage(
        cursor=rows[-1].seq if rows else since,
        more=more,
        # Opened here (stored sealed; the kiosk gets them over TLS). One that does not open
        # is left out, so the kiosk's cursor moves past it (server.crypto logs which).
        updates=[
            UpdateModel(
                seq=r.seq,
                kind=r.kind,  # type: ignore[arg-type]
                payload=json.loads(payload),
                created_at=r.created_at,
            )
            for r in rows
            if (payload := r.payload) is not None
        ],
    )
