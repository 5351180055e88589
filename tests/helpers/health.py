"""Fixtures for the Health screens: asyncio on the Qt loop (as qasync runs it in main.py) so a
simulated device measures while pytest-qt waits, and helpers that open the screens with one.

``device_loop`` makes a qasync loop that asyncio takes as running while the test's Qt waits
(``qtbot.waitSignal``, ``qtbot.waitUntil``) turn Qt's loop: a device's coroutine then runs as it
does in the kiosk, on the UI thread, between events.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

import pytest

from app.clock import utc_now
from app.devices.simulator import SimulatedDevice
from app.vitals import judge, record_reading
from tests.helpers.kiosk_fixtures import Kiosk

WAIT_MS = 5000


@pytest.fixture(scope="session")
def qt_asyncio_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop for the whole run, closed at its end on this thread: a loop closed
    after each test left Qt timers that were destroyed wherever Python collected it, on
    another thread."""
    os.environ.setdefault("QT_API", "pyside6")
    import qasync

    loop = qasync.QEventLoop(qapp)
    yield loop
    loop.close()


@pytest.fixture
def device_loop(
    qapp: Any, qt_asyncio_loop: asyncio.AbstractEventLoop
) -> Iterator[asyncio.AbstractEventLoop]:
    """asyncio on the Qt loop for the length of one test: the qasync loop is the running one
    while the test's Qt waits turn Qt's loop, so a device's coroutine runs between events as
    in the kiosk."""
    loop = qt_asyncio_loop
    asyncio._set_running_loop(loop)
    try:
        yield loop
    finally:
        # A device still measuring (a screen left open) is stopped, and allowed to finish.
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        deadline = time.monotonic() + 5
        while any(not task.done() for task in pending) and time.monotonic() < deadline:
            qapp.processEvents()
        asyncio._set_running_loop(None)


def simulated(*behaviours: str) -> SimulatedDevice:
    """A pretend device that answers at once, with these behaviours in turn."""
    return SimulatedDevice(behaviours, pace_s=0.0, seed=7)


def measure_with(kiosk: Kiosk, kind: str, device: SimulatedDevice) -> Any:
    """Open Health, then the measuring screen of ``kind`` with ``device`` (as the kiosk's
    own device would be), and return it."""
    from ui.health.measuring import MeasuringScreen

    kiosk.window.open_feature("health")
    screen = MeasuringScreen(kiosk.ctx, kiosk.window, kind, link=device)
    kiosk.window.push(screen)
    return screen


def seed_readings(
    kiosk: Kiosk, kind: str, values: Sequence[Mapping[str, float]], *, hours_apart: float = 20.0
) -> None:
    """Readings of the signed-in resident, the last one now, each ``hours_apart`` before the
    next."""
    resident = kiosk.ctx.session.resident
    assert resident is not None
    now = utc_now()
    for index, raw in enumerate(values):
        judgement = judge(kind, raw)
        when = now - timedelta(hours=hours_apart * (len(values) - 1 - index))
        record_reading(
            kiosk.store,
            resident,
            kind,
            judgement.values,
            judgement=judgement,
            source="typed",
            measured_at=when,
            now=when,
        )
