"""The background task runner the screens lean on.

The speaker's own tests are in tests/voice/test_speaker.py."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from ui.tasks import TaskRunner

WAIT_S = 5.0


@pytest.fixture
def runner(qapp: Any) -> Iterator[TaskRunner]:
    tasks = TaskRunner("test")
    yield tasks
    tasks.shutdown()


def ui_thread() -> QThread:
    app = QCoreApplication.instance()
    assert app is not None
    return app.thread()


# -- TaskRunner ----------------------------------------------------------------------------------


def test_results_arrive_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}
    gate = threading.Event()

    def work() -> int:
        seen["work thread"] = QThread.currentThread()
        assert gate.wait(WAIT_S)
        return 42

    def on_result(value: int) -> None:
        seen["result"] = value
        seen["callback thread"] = QThread.currentThread()

    runner.run(work, on_result)
    assert runner.busy
    with qtbot.wait_signal(runner.sig_idle, timeout=5000):
        gate.set()

    assert seen["result"] == 42
    assert seen["callback thread"] is ui_thread()
    assert seen["work thread"] is not ui_thread()
    assert not runner.busy


def test_errors_arrive_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}
    failure = ValueError("the disk said no")

    def work() -> None:
        raise failure

    def on_error(error: BaseException) -> None:
        seen["error"] = error
        seen["callback thread"] = QThread.currentThread()

    with qtbot.wait_signal(runner.sig_idle, timeout=5000):
        runner.run(work, lambda _: seen.setdefault("result", "unexpected"), on_error)

    assert seen["error"] is failure
    assert "result" not in seen
    assert seen["callback thread"] is ui_thread()


def test_an_error_without_a_handler_is_logged_not_raised(
    qtbot: Any, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def work() -> None:
        raise RuntimeError("nobody listens")

    with caplog.at_level(logging.ERROR, logger="ui.tasks"), qtbot.wait_signal(runner.sig_idle):
        runner.run(work)
    [record] = [r for r in caplog.records if r.name == "ui.tasks"]
    assert record.levelno == logging.ERROR
    assert isinstance(record.exc_info[1], RuntimeError)


def test_one_worker_keeps_submissions_in_order(qtbot: Any, runner: TaskRunner) -> None:
    ran: list[int] = []
    delivered: list[int] = []
    gate = threading.Event()

    def work(n: int) -> int:
        assert gate.wait(WAIT_S)
        ran.append(n)  # one worker: no two of these run at once
        return n

    for n in range(50):
        runner.run(lambda n=n: work(n), delivered.append)
    assert delivered == []
    with qtbot.wait_signal(runner.sig_idle, timeout=5000):
        gate.set()
    assert ran == list(range(50))
    assert delivered == list(range(50))


def test_a_result_is_never_delivered_inside_run(qtbot: Any) -> None:
    early: list[int] = []
    for attempt in range(20):
        runner = TaskRunner(f"test-early-{attempt}")
        delivered: list[int] = []
        runner.run(lambda n=attempt: n, delivered.append)
        if delivered:
            early.append(attempt)
        qtbot.waitUntil(lambda d=delivered: d != [], timeout=5000)
        runner.shutdown()
    assert early == []


def test_shutdown_waits_for_work_already_submitted(qapp: Any) -> None:
    runner = TaskRunner("test-shutdown")
    started, gate = threading.Event(), threading.Event()
    finished: list[str] = []

    def slow() -> None:
        started.set()
        assert gate.wait(WAIT_S)
        finished.append("slow")

    runner.run(slow)
    runner.run(lambda: finished.append("queued"))
    assert started.wait(WAIT_S)
    # Opened from another thread while this one is inside shutdown().
    threading.Timer(0.1, gate.set).start()
    runner.shutdown()
    # Both tasks ran to the end before shutdown returned: nothing the elder did is dropped.
    assert finished == ["slow", "queued"]


def test_work_submitted_after_shutdown_is_refused_with_a_warning(
    qapp: Any, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner("test-closed")
    runner.shutdown()
    ran: list[str] = []
    with caplog.at_level(logging.WARNING, logger="ui.tasks"):
        assert runner.run(lambda: ran.append("late")) is None
    assert ran == []
    assert not runner.busy
    assert any("after shutdown" in r.getMessage() for r in caplog.records)
