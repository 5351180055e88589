"""The watchdog's heartbeat beats on the UI thread: a blocked UI thread stops it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from tests.helpers.notify import NotifyListener
from ui.heartbeat import Heartbeat, start_heartbeat

WATCHDOG_S = 0.3  # heartbeats every 0.1 s
BLOCKED_S = 1.0  # ten heartbeats' worth
WAIT_MS = 5000

Start = Callable[[dict[str, str]], Heartbeat | None]


@pytest.fixture
def listener() -> Iterator[NotifyListener]:
    with NotifyListener() as listening:
        yield listening


@pytest.fixture
def start(qapp: Any) -> Iterator[Start]:
    started: list[Heartbeat] = []

    def begin(environ: dict[str, str]) -> Heartbeat | None:
        heartbeat = start_heartbeat(qapp, environ)
        if heartbeat is not None:
            started.append(heartbeat)
        return heartbeat

    yield begin
    for heartbeat in started:
        heartbeat.close()


def beats(listener: NotifyListener) -> int:
    return listener.receive().count("WATCHDOG=1")


def test_ready_first_then_heartbeats_at_a_third_of_the_timeout(
    qtbot: Any, listener: NotifyListener, start: Start
) -> None:
    heartbeat = start(listener.environ(WATCHDOG_S))

    assert heartbeat is not None
    assert heartbeat.timer.interval() == 100
    assert listener.receive() == ["READY=1"]
    qtbot.waitUntil(lambda: beats(listener) >= 3, timeout=WAIT_MS)


def test_no_heartbeat_while_the_ui_thread_is_blocked_and_again_after(
    qtbot: Any, listener: NotifyListener, start: Start
) -> None:
    start(listener.environ(WATCHDOG_S))
    qtbot.waitUntil(lambda: beats(listener) >= 1, timeout=WAIT_MS)
    blocked: list[bool] = []

    def hang() -> None:  # a slot that keeps the UI thread for ten heartbeats
        listener.mark("hang starts")
        time.sleep(BLOCKED_S)
        listener.mark("hang ends")
        blocked.append(True)

    QTimer.singleShot(0, hang)
    qtbot.waitUntil(lambda: bool(blocked), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: "WATCHDOG=1" in listener.receive()[listener.messages.index("hang ends") :],
        timeout=WAIT_MS,
    )

    messages = listener.messages
    during = messages[messages.index("hang starts") + 1 : messages.index("hang ends")]
    assert during == []


def test_stopping_is_said_and_the_heartbeat_ends(
    qtbot: Any, listener: NotifyListener, start: Start
) -> None:
    heartbeat = start(listener.environ(WATCHDOG_S))
    assert heartbeat is not None

    heartbeat.stopping()  # what the application's aboutToQuit does

    assert listener.receive()[-1] == "STOPPING=1"
    assert not heartbeat.timer.isActive()


def test_ready_without_heartbeats_when_the_watchdog_is_off(
    qtbot: Any, listener: NotifyListener, start: Start
) -> None:
    heartbeat = start(listener.environ())

    assert heartbeat is not None and not heartbeat.timer.isActive()
    assert listener.receive() == ["READY=1"]


def test_nothing_outside_systemd(start: Start) -> None:
    assert start({}) is None
    assert start({"WATCHDOG_USEC": "300000"}) is None
