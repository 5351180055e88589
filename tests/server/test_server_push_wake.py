"""Which update streams the push hub wakes (server.push.PushHub), and that its scan keeps
the index fresh while the shared thread pool is busy.

Each kiosk's update stream waits on an event of the hub; an update for one kiosk must wake
that kiosk's streams and no other, one for every kiosk (``device_id`` NULL) all of them.
With 10,000 kiosks connected, waking every stream for each update was most of the server's
CPU (docs/PERFORMANCE.md, ``bench sos``).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from server.db import make_engine, migrate, session_factory
from server.models import Update
from server.push import PushHub

INTERVAL_S = 0.05


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    yield engine
    engine.dispose()


def add_update(engine: Engine, device_id: str | None) -> int:
    with session_factory(engine)() as session:
        row = Update(device_id=device_id, kind="message", payload="{}", created_at=time.time())
        session.add(row)
        session.commit()
        return int(row.seq)


async def settle() -> None:
    for _ in range(3):
        await asyncio.sleep(0)


def test_an_update_wakes_only_its_devices_streams_and_one_for_all_wakes_every_stream(
    engine: Engine,
) -> None:
    async def scenario() -> None:
        hub = PushHub(session_factory(engine), poll_interval_s=60.0)
        await hub.start()
        try:
            a, a_again, b = hub.subscribe("a"), hub.subscribe("a"), hub.subscribe("b")
            hub.committed([(1, "a")])
            await settle()
            assert a.is_set() and a_again.is_set() and not b.is_set()

            a.clear(), a_again.clear()
            hub.committed([(2, None)])
            await settle()
            assert a.is_set() and a_again.is_set() and b.is_set()

            hub.unsubscribe("b", b)
            b.clear()
            hub.committed([(3, "b")])
            await settle()
            assert not b.is_set()
        finally:
            await hub.stop()

    asyncio.run(scenario())


def test_an_update_another_process_wrote_wakes_only_its_devices_streams(engine: Engine) -> None:
    async def scenario() -> None:
        hub = PushHub(session_factory(engine), poll_interval_s=INTERVAL_S)
        await hub.start()
        try:
            a, b = hub.subscribe("a"), hub.subscribe("b")
            seq = await asyncio.to_thread(add_update, engine, "a")  # not through this hub
            async with asyncio.timeout(5):
                await a.wait()
            assert not b.is_set()
            assert not hub.nothing_new("a", seq - 1) and hub.nothing_new("b", 0)
        finally:
            await hub.stop()

    asyncio.run(scenario())


def test_the_scan_keeps_the_index_fresh_while_the_shared_thread_pool_is_busy(
    engine: Engine,
) -> None:
    """Were the scan queued behind the requests' work, the index would go stale and every
    stream woken meanwhile would read the database."""

    async def scenario() -> None:
        hub = PushHub(session_factory(engine), poll_interval_s=INTERVAL_S)
        await hub.start()
        release = threading.Event()
        busy = [asyncio.to_thread(release.wait, 10) for _ in range(64)]
        waiting = asyncio.gather(*busy)
        try:
            await asyncio.sleep(hub.max_age_s * 3)
            assert hub.nothing_new("a", 0)  # answered from a fresh index
        finally:
            release.set()
            await waiting
            await hub.stop()

    asyncio.run(scenario())
