"""Reference cycles collected on the UI thread only, in the tests as in the kiosk.

Once a test has made the QApplication, automatic collection stays off for the rest of the run
(as main.py does it for the kiosk: ui.collector): the UI thread's timer collects during the
tests' Qt waits, and each test's end collects what is due, on this (the UI) thread. A worker
thread of a test (a task runner, the speaker, a server) never collects, so it never destroys a
Qt object made on the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ui.collector import UiThreadCollector

_running: list[UiThreadCollector] = []


@pytest.fixture(scope="session")
def ui_thread_collector(qapp: Any) -> Iterator[UiThreadCollector]:
    collector = UiThreadCollector(qapp)
    collector.start()
    _running.append(collector)
    yield collector
    _running.remove(collector)
    collector.stop()


@pytest.fixture(autouse=True)
def cycles_collected_on_the_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    if "qapp" in request.fixturenames:
        request.getfixturevalue("ui_thread_collector")
    yield
    for collector in _running:
        collector.collect_due()
